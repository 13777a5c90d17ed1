# Ruby keyword arguments: `host:` after an opening parenthesis.
redis = Redis.new(host: "redis-02", port: 6379)
ok = Redis.new(host: "10.0.0.10", port: 6379)
# Not a host: a keyword naming a node as a label.
Metrics.tag(node: "redis-02")
