# PowerShell compares with words: the operand maps a leader to a role.
if ($leader -eq "10.0.0.120") { $role = "primary" }
elseif ($leader -like "10.0.0.12*") { $role = "replica" }
# An assignment is configuration.
$env:PGHOST = "10.0.0.121"
