package cache

import "github.com/redis/go-redis/v9"

// A Sentinel list as a Go slice: judged as one list, like any other syntax.
func failover() *redis.Client {
	return redis.NewFailoverClient(&redis.FailoverOptions{
		MasterName:    "mymaster",
		SentinelAddrs: []string{"redis-01:26379", "redis-02:26379"},
	})
}

// Complete: right.
var complete = redis.FailoverOptions{
	MasterName: "mymaster",
	SentinelAddrs: []string{
		"10.0.0.123:26379",
		"10.0.0.124:26379",
		"10.0.0.125:26379",
	},
}

// A struct literal in braces is no list: its host is a pin.
var direct = redis.Options{Addr: "redis-02:6379"}
