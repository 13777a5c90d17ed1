# A Windows host gives its interface its own address: plumbing.
New-NetIPAddress -InterfaceAlias "Ethernet" -IPAddress 10.0.0.121 -PrefixLength 24 -DefaultGateway 10.0.0.1
# A connection is a host reached.
$env:PGHOST = "10.0.0.122"
