import os


# A function's returned value is named by the function, as a key names its
# value: a host function's fallback is that host.
def get_db_host():
    host = os.getenv("PGHOST")
    if host:
        return host
    return "db-slave-01"


def redis_host(): return "redis-02"


# A member's name returned as an identity, a sentence, or a value of a
# function whose name says nothing: no host.
def primary_node():
    return "db-master-01"


def container_name():
    return "db-master-01"


def leader_name(state):
    if state.ok:
        return "db-slave-01"


def db_host_status():
    return "db-slave-01 is down"
