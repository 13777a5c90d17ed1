# A prompt is text for people, as Write-Host's is, also when assigned.
$primary = Read-Host "Primary host (10.0.0.120)"
$node = Read-Host -Prompt "Redis node to drain, e.g. 10.0.0.123"
Read-Host "Press Enter to fail over from 10.0.0.121"
# An assignment of an address, or of a call that is no prompt, is configuration.
$replica = "10.0.0.122"
$leader = Resolve-Host "10.0.0.121"
