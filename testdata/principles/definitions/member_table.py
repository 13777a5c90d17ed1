# A dict keyed by members' names, each with its own address, defines them.
NODES = {
    "db-master-01": "10.0.0.120",
    'redis-02': '10.0.0.124',
}
# A name that is another member's pins the address it is given.
ROUTES = {"db-slave-01": "10.0.0.122"}
