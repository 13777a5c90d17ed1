class AppConfig {
  @Value("${redis.host:redis-01}")
  private String redisHost;

  @Value("${spring.datasource.host:db-slave-01}")
  private String databaseHost;

  @Value("${spring.datasource.url:jdbc:postgresql://${DB_HOST:db-slave-02}:5432/app}")
  private String url;

  // The load balancer is the right default.
  @Value("${redis.host:10.0.0.10}")
  private String balancer;

  // A member's name, and a name that says nothing: no host.
  @Value("${cluster.node-name:db-master-01}")
  private String nodeName;

  @Value("${app.leader:redis-02}")
  private String leader;
}
