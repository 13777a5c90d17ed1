// Keys of an object literal written on one line read as on their own lines.
const pool = new Pool({ host: 'db-slave-01', port: 5432, database: 'app' });
const cache = createClient({ socket: { host: "redis-02", port: 6379 } });
// The load balancer: right.
const lb = new Pool({ host: '10.0.0.10', port: 6432 });
// Not host keys: a label and a note name nodes without connecting to them.
const badge = { label: 'db-slave-01', color: 'red' };
log({ note: 'redis-02 was drained' });
