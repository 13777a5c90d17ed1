val candidateIps: List<String> = listOf("10.0.0.120", "10.0.0.121", "10.0.0.125")
// Right.
val pgCandidates: Set<String> = setOf("10.0.0.120", "10.0.0.121", "10.0.0.122")
