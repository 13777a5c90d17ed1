// The same in TypeScript: the name used as a host makes it a reference.
const masterNode = 'redis-01';
const client = new Redis({ host: masterNode, port: 6379 });

const replicaNode = 'redis-02';
logger.info(`replica is ${replicaNode}`);

// A member of an object read through it is the same name.
const cluster = { primaryNode: 'redis-03', replicaNode: 'redis-02' };
const writer = new Redis({ host: cluster.primaryNode, port: 6379 });
console.log(`replica ${cluster.replicaNode}`);
const standby = { leaderNode: 'db-slave-01' };
const dsn = `postgresql://app@${standby.leaderNode}:5432/app`;
