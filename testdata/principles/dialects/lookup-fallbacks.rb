pg = ENV["PGHOST"] || "db-slave-02"
cache = ENV["REDIS_URL"] || "redis://redis-03:6379/0"
primary = ENV["PRIMARY_NODE"] || "db-master-01"
replica = ENV.fetch("PG_REPLICA_HOST") { "db-slave-01" }
node = ENV.fetch("NODE_NAME") { "db-master-01" }
