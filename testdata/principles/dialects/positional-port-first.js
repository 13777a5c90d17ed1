// A port given as a call's first argument, before the host (ioredis, the
// old node_redis API), says what the host is for, as one after it does.
const cache = new Redis(6379, 'redis-02');
const legacy = redis.createClient('6379', "redis-03");
const wrong = new Redis(5432, 'db-slave-01');
// Right: the load balancer, on its Redis port.
const right = new Redis(6379, '10.0.0.10');
// The load balancer on its PostgreSQL port: a constructor's name says no service.
const mixed = new Redis(5432, '10.0.0.10');
// Not the first argument, or no service's port: no port, and a hostname alone is no host.
const other = connect(options, 6379, 'redis-01');
const timeout = connect(30, 'redis-01');
