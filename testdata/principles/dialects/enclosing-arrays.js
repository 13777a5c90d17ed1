// An array's key gives its items a service, as an object's key does.
module.exports = {
  redis: [
    // Found: a PostgreSQL node among Redis hosts.
    { host: 'db-slave-01', port: 6379 },
    // Found: an unknown private address where Redis is expected.
    { host: '10.0.0.52', port: 6379 },
  ],
  // Not found: `mirrors` names no service.
  mirrors: [
    { host: '10.0.0.53' },
  ],
};

// Not found: a list at the top level is a bare name's value, as a dotenv
// line's is; its items are judged by what they say of themselves.
const cacheServers = [
  { host: '10.0.0.54' },
];
