// The same in TypeScript: the name used as a host makes it a reference.
const masterNode = 'redis-01';
const client = new Redis({ host: masterNode, port: 6379 });

const replicaNode = 'redis-02';
logger.info(`replica is ${replicaNode}`);
