# Tuples naming a member at its own address describe it.
NODES = [("db-master-01", "10.0.0.120", 5432), ("redis-02", "10.0.0.124", 6379)]
# A connection's hosts stay pins, however they are written.
PGHOST = "db-slave-01,10.0.0.121"
