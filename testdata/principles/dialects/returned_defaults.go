package config

import "os"

// A function's returned value is named by the function, after Go's
// receiver too.
func dbHost() string {
	if h := os.Getenv("PGHOST"); h != "" {
		return h
	}
	return "db-slave-01"
}

func (c *Config) redisAddr() string { return "redis-03:6379" }

// A member's identity is no host.
func leaderNode() string { return "db-master-01" }

func clusterName() string {
	return "db-master-01"
}
