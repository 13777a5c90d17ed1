import os

# The fallback of an environment lookup is the value of that variable.
pg = os.getenv("PGHOST", "db-slave-01")
cache = os.environ.get('REDIS_HOST', 'redis-02')
lb = os.getenv("PGHOST", "10.0.0.10")
# A fallback given by keyword (os.getenv, python-decouple's config).
replica = os.getenv("PGHOST", default="db-slave-02")
sessions = config('REDIS_HOST', default='redis-03')
# Not a host: the variable's name says it is a label.
label = os.getenv("NODE_LABEL", "db-slave-01")
print("db-slave-01", "is drained")
