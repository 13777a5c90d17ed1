package main

func failover() error {
	// Log lines and error messages are prose.
	log.Printf("primary moved to 10.0.0.121")
	fmt.Println("leader: 10.0.0.120 until the next failover")
	// A value formatted into the sentence beside it is part of that text.
	log.Printf("primary moved to %s", "10.0.0.121")
	// A DSN is no sentence: its pairs connect.
	db, err := sql.Open("postgres", "host=10.0.0.122 port=5432 dbname=app")
	if err != nil {
		return fmt.Errorf("replica 10.0.0.122 not ready: %w", err)
	}
	return nil
}
