// A member's name given to a format is written where its placeholder
// stands: a host there, an identity anywhere else.
class FormatStrings {
    static final String PRIMARY_NODE = "db-master-01";
    static final String REPLICA_NODE = "db-slave-02";

    String url(String db) {
        return String.format("jdbc:postgresql://%1$s:5432/%2$s", PRIMARY_NODE, db);
    }

    String label() {
        return String.format("replica %s", REPLICA_NODE);
    }
}
