class Pools {
    JedisSentinelPool complete() {
        Set<HostAndPort> sentinels = new HashSet<>();
        sentinels.add(new HostAndPort("10.0.0.123", 26379));
        sentinels.add(new HostAndPort("10.0.0.124", 26379));
        // the third Sentinel
        sentinels.add(new HostAndPort("10.0.0.125", 26379));
        return new JedisSentinelPool("mymaster", sentinels);
    }

    JedisSentinelPool partial() {
        Set<String> sentinelHosts = new HashSet<>();
        sentinelHosts.add("10.0.0.123:26379");
        sentinelHosts.add("10.0.0.120:26379");
        return new JedisSentinelPool("mymaster", sentinelHosts);
    }

    List<String> allNodes() {
        List<String> hosts = new ArrayList<>();
        hosts.add("10.0.0.120");
        hosts.add("10.0.0.121");
        hosts.add("10.0.0.122");
        return hosts;
    }

    List<String> someNodes() {
        List<String> replicas = new ArrayList<>();
        replicas.add("10.0.0.121");
        replicas.add("10.0.0.122");
        return replicas;
    }

    void split() {
        hosts.add("10.0.0.120");
        connect();
        hosts.add("10.0.0.121");
    }
}
