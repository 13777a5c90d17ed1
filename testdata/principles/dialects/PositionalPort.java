class Clients {
    // A port given as the argument after a quoted address is its port.
    Jedis cache = new Jedis("10.0.0.121", 6379);
    JedisPool pool = new JedisPool(config, "redis-01", 6379, 2000);
    String joined = net.JoinHostPort("db-slave-02", "5432");
}
