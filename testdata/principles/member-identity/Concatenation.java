// A URL built by concatenation is read as one: the name between the
// literals stands where its host is.
class Concatenation {
    static final String LEADER_NODE = "db-master-01";
    static final String REPLICA_NODE = "db-slave-02";
    static final String CACHE = "redis-02";

    // Found: the leader's name is the JDBC URL's host (a pin on db-master-01).
    DataSource writer = builder().url("jdbc:postgresql://" + LEADER_NODE + ":5432/app").build();
    // Found: a name that says nothing of itself is a host where used as one.
    String cacheUrl = "redis://" + CACHE + ":6379/0";
    // Not found: the replica's name is only printed and managed.
    void restart() {
        log.info("restarting " + REPLICA_NODE + " now");
        docker.restart(REPLICA_NODE);
    }
    // Not found: a name after the host, in the path, is no host.
    String path = "postgresql://10.0.0.10:5432/" + REPLICA_NODE;
}
