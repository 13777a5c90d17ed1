# A port given as the argument after a quoted address is its port, as
# `:6379` is: it gives the context, and makes a hostname a host.
cache = redis.Redis("10.0.0.121", 6379)
sentinel = redis.Redis("redis-02", 26379)
address = socket.create_connection(("10.0.0.124", 6379))
# A number no service of the pack listens on is another argument.
probe = connect("10.0.0.123", 30)
named = lookup("redis-03", 30)
