fn hosts() -> (String, String, String, String) {
    let cache = std::env::var("REDIS_HOST").unwrap_or("redis-01".into());
    let pg = env::var("PGHOST").unwrap_or_else(|_| "db-slave-01".to_string());
    let node = env::var("NODE_NAME").unwrap_or_else(|_| "db-slave-02".to_string());
    let replica = env::var("PG_REPLICA_HOST").unwrap_or_else(|| "db-master-01".to_string());
    (cache, pg, node, replica)
}
