class ReturnedDefaults {
    // A method's returned value is named by the method.
    public String getDbHost() {
        if (System.getenv("PGHOST") != null) {
            return System.getenv("PGHOST");
        }
        return "db-slave-01";
    }

    String getRedisHost() { return "redis-02"; }

    // A member's identity, and a value returned by a block that is no
    // method (a condition), named by nothing.
    String nodeName() { return "db-master-01"; }

    Object pick(boolean primary) {
        if (primary) {
            return "db-master-01";
        }
        return null;
    }
}
