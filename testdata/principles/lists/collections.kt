// Kotlin collections over lines.
val sentinels = setOf(
    "10.0.0.123:26379",
    "10.0.0.124:26379",
    "10.0.0.125:26379",
)
// Two of the three Sentinels.
val fewSentinels = setOf(
    "10.0.0.123:26379",
    "10.0.0.124:26379",
)
val pgCandidates = listOf("10.0.0.120", "10.0.0.121")
