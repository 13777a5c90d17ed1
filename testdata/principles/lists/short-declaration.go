package discovery

func candidates() []string {
	// Go's short declaration assigns as `=` does.
	pgCandidates := []string{"10.0.0.120", "10.0.0.123"}
	// Right.
	redisCandidates := []string{"10.0.0.123", "10.0.0.124", "10.0.0.125"}
	return append(pgCandidates, redisCandidates...)
}
