class SentinelChain {
    // A builder chain that adds one Sentinel per call ([candidates]
    // sentinel_adders) is one Sentinel list: complete, it is correct.
    RedisSentinelConfiguration complete = new RedisSentinelConfiguration()
        .master("mymaster")
        .sentinel("10.0.0.123", 26379)
        .sentinel("10.0.0.124", 26379)
        .sentinel("10.0.0.125", 26379);

    RedisURI lettuce = RedisURI.Builder.sentinel("10.0.0.123", 26379, "mymaster")
        .withSentinel("10.0.0.124", 26379)
        .withSentinel("10.0.0.125", 26379)
        .build();

    RedisSentinelConfiguration partial = new RedisSentinelConfiguration()
        .master("mymaster")
        .sentinel("10.0.0.123", 26379)
        .sentinel("10.0.0.124", 26379);

    RedisSentinelConfiguration wrong = new RedisSentinelConfiguration().master("mymaster")
        .sentinel("10.0.0.123", 26379).sentinel("10.0.0.124", 26379)
        .sentinel("10.0.0.120", 26379);

    RedisURI oneLine = RedisURI.Builder.sentinel("redis-01", "mymaster").withSentinel("redis-02").withSentinel("redis-03").build();

//    RedisSentinelConfiguration old = new RedisSentinelConfiguration()
//        .sentinel("10.0.0.123", 26379);

    // Another method, or a client of one node, is no Sentinel list: a pin.
    Jedis plain = new Jedis("10.0.0.125", 6379);
    Object other = config.sentinels("10.0.0.124");
}
