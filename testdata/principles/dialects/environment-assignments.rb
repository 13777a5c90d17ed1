ENV["PGHOST"] = "db-slave-02"
ENV["REDIS_URL"] = "redis://redis-03:6379/0"
ENV["NODE_NAME"] = "db-master-01"
