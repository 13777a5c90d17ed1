# A member's name given to a format is written where its placeholder
# stands: a host there, an identity anywhere else.
LEADER_NODE = "db-master-01"
STANDBY_NODE = "db-slave-01"
REPLICA_NODE = "db-slave-02"
CACHE_NODE = "redis-02"
BACKUP_TARGET = "db-slave-02"


def leader_dsn():
    return "host=%s port=5432 dbname=app" % LEADER_NODE


def standby_url():
    return "postgresql://app@{}:5432/app".format(STANDBY_NODE)


def replica_dsn(user):
    return "host={host} user={user}".format(user=user, host=REPLICA_NODE)


def cache_url():
    return "redis://%s:%d/0" % (CACHE_NODE, 6379)


# Printed and used as a label: no host.
print("backing up %s" % BACKUP_TARGET)
archive = "{}-{}.tar.gz".format(BACKUP_TARGET, "base")
