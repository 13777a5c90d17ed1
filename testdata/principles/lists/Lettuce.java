class Lettuce {
    // Lettuce's own Sentinel scheme: its hosts are Sentinels, with or without the port.
    RedisURI complete = RedisURI.create("redis-sentinel://10.0.0.123:26379,10.0.0.124:26379,10.0.0.125:26379/0#mymaster");
    RedisURI partial = RedisURI.create("redis-sentinel://10.0.0.123,10.0.0.124/0#mymaster");
    RedisURI tls = RedisURI.create("rediss-sentinel://redis-01,redis-02,redis-03/0#mymaster");
    RedisURI direct = RedisURI.create("redis://10.0.0.123:6379/0");
}
