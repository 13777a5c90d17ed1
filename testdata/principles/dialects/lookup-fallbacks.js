// A lookup's fallback is what the variable holds when it is unset.
const pg = process.env.PGHOST || "db-master-01";
const cache = process.env.REDIS_HOST ?? 'redis-01';
const replica = process.env["PG_REPLICA_HOST"] || "db-slave-01";
// The load balancer as the fallback is right.
const lb = process.env.PGHOST || "10.0.0.10";
// A name that says nothing, or a member's name: no host.
const leader = process.env.LEADER_NODE || "db-master-01";
const label = settings.title ?? "redis-02";
const colour = theme.color || "db-slave-02";
