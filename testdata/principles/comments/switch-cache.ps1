<#
.SYNOPSIS
  Comments are not configuration: a PowerShell block comment and # lines.
.EXAMPLE
  ./switch-cache.ps1 -Server 10.0.0.123
#>
# the cache used to be 10.0.0.124
$Env:REDIS_HOST = "10.0.0.10"
$Cache = "10.0.0.125"   # a pin, whatever this comment says
$Replica = "<# not a comment #> 10.0.0.124"
redis-cli -h 10.0.0.123 ping
