package main

import "os/exec"

// A call whose arguments are a command's words is a command array.
func replicate() error {
	return exec.Command("redis-cli", "-h", "10.0.0.125", "replicaof", "10.0.0.123", "6379").Run()
}

func viaShell() error {
	return exec.Command("sh", "-c", "redis-cli -h 10.0.0.124 replicaof 10.0.0.123 6379").Run()
}

// Its host flags connect.
func dump() error {
	return exec.Command("pg_dump", "-h", "10.0.0.121", "-d", "orders").Run()
}

// A call whose first argument is no command is no command array.
func connect() (*sql.DB, error) {
	return sql.Open("postgres", "host=10.0.0.122 dbname=orders")
}
