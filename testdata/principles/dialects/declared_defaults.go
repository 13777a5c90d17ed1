package config

// A default declared beside the variable it stands for is named by it.
type Config struct {
	DBHost    string `env:"DB_HOST" envDefault:"db-slave-01"`
	RedisHost string `envDefault:"redis-02" env:"REDIS_HOST"`
	PGHost    string `mapstructure:"pg_host" default:"db-slave-02"`
	// Right: the load balancer.
	Primary string `env:"PGHOST" envDefault:"10.0.0.10"`
	// A variable that says nothing of a host.
	Label string `env:"LABEL" envDefault:"db-slave-02"`
	// No tag: a field's type and name, nothing to read.
	Node string `json:"node"`
}
