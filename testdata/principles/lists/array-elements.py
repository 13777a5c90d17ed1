# A list of every node is a node set; one item read on its own as a host is
# a connection to that one node, whatever the set.
DB_HOSTS = ["10.0.0.120", "10.0.0.121", "10.0.0.122"]
REDIS_NODES = ["redis-01", "redis-02", "redis-03"]

# Found: item 0 is the database's host (a pin on 10.0.0.120).
DATABASES = {"default": {"HOST": DB_HOSTS[0], "PORT": 5432}}
# Found once: item 1 is a client's host, twice (a pin on redis-02).
CACHE = redis.Redis(host=REDIS_NODES[1], port=6379)
SESSIONS = redis.Redis(host=REDIS_NODES[1], port=6379, db=1)
# Not found: item 2 is only printed, or named beyond the list's end.
print("last node", DB_HOSTS[2])
SPARE = connect(host=DB_HOSTS[3])
# Not found: the whole set is read, not one item.
for host in DB_HOSTS:
    check(host)
