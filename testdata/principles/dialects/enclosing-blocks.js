// An object's key gives its members a service.
const config = {
  redis: {
    host: '10.0.0.120',
    port: 6379,
  },
  postgres: { host: 'redis-03' },
};

// A function's body is no service's, whatever the function is called.
function connectRedis() {
  return connect({ address: '10.0.0.121' });
}
