package discovery

// A `case` label and a comparison interpret an address; they connect to nothing.
func roleOf(ip string) string {
	if ip == "10.0.0.120" {
		return "primary"
	}
	switch ip {
	case "10.0.0.121", "10.0.0.122":
		return "replica"
	case "10.0.0.123":
		return "redis"
	}
	return "unknown"
}

// A partial list that is used, and a connection: pins.
var replicas = []string{"10.0.0.121", "10.0.0.122"}

func connect() { pgx.Connect(ctx, "postgres://app@10.0.0.122:5432/app") }
