class Sentinels {
    // Array initialisers are lists: one finding for what the list lacks.
    static final String[] SENTINEL_HOSTS = {"redis-01:26379", "redis-02:26379"};
    static final String[] REDIS_SENTINELS = new String[] {"redis-01:26379", "redis-02:26379", "redis-03:26379"};
    // A map in braces is no list: a host given with its port is one
    // Sentinel, as `redis-01:26379` is.
    static final Map<String, Integer> SENTINEL_PORTS = Map.of("redis-01", 26379);
}
