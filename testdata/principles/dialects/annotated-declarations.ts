// TypeScript declares a constant's type before its value.
const dbHost: string = 'db-slave-01';
export const REDIS_HOST: string = "redis-01";
export const PG_PORT: number = 5432;
// Right: the load balancer.
const pgHost: string = "10.0.0.10";
// A type is no key: `nodeName` names a member, read as an identity.
const nodeName: string = "db-slave-02";
