import os

# A value assigned to an environment entry is that variable's.
os.environ["PGHOST"] = "db-master-01"
os.environ['REDIS_HOST'] = 'redis-01'
os.environ["PGHOST"] = "10.0.0.10"
# A comparison reads the entry; a member's name is an identity.
if os.environ["PGHOST"] == "db-slave-01":
    pass
os.environ["PATRONI_NAME"] = "db-slave-02"
