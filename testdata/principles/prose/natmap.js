// The keys of an address-translation map connect to nothing: ioredis maps
// the address a node announces to one the client can reach.
const Redis = require("ioredis");

const cluster = new Redis.Cluster([{ host: "10.0.0.10", port: 6379 }], {
  natMap: {
    "10.0.0.123:6379": { host: "redis-a.example.com", port: 6379 },
    "10.0.0.124:6379": { host: "redis-b.example.com", port: 6379 },
  },
});

// Keys of any other map are not translations: a value is still a pin.
const routes = { "primary": { host: "10.0.0.120", port: 5432 } };
const labels = { "10.0.0.125:6379": { host: "10.0.0.125", port: 6379 } };
