# PowerShell's array subexpression holds one list.
$CandidateIps = @("10.0.0.120", "10.0.0.121", "10.0.0.123")
# Right.
$PgCandidates = @("10.0.0.120", "10.0.0.121", "10.0.0.122")
