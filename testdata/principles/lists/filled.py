# Collections filled one call per line are one list each, named by the
# receiver.
pg_candidates = []
pg_candidates.append("10.0.0.120")
pg_candidates.append("10.0.0.121")
pg_candidates.append("10.0.0.123")

# A complete Sentinel list (tuples of hostname and port): correct.
self.sentinels.append(("redis-01", 26379))
self.sentinels.append(("redis-02", 26379))
self.sentinels.append(("redis-03", 26379))

# Every PostgreSQL node, a node set; then a call that is no collection's.
peers = set()
peers.add("10.0.0.120")
peers.add("10.0.0.121")  # the first replica
peers.add("10.0.0.122")
url.append("postgresql://app@10.0.0.121:5432/app").rstrip()
