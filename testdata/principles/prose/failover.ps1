# PowerShell compares with words: the operand maps a leader to a role.
if ($leader -eq "10.0.0.120") { $role = "primary" }
elseif ($leader -like "10.0.0.12*") { $role = "replica" }
# An assignment is configuration.
$env:PGHOST = "10.0.0.121"
# Host output and streams are text for people, as echo's arguments are.
Write-Host "Connected to primary 10.0.0.120"
Write-Warning "Sentinel 10.0.0.123 unreachable"
Write-Output "10.0.0.122"
