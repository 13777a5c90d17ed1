# In code: a name assigned once, then passed as a client's host.
fallback = "10.0.0.123"
conn = psycopg2.connect(host=fallback, port=5432)
cache = "db-slave-01"
r = redis.Redis(host=cache, port=6379)
# A name used where nothing says the service stays a pin.
probe = "10.0.0.125"
socket.create_connection((probe, 9000))
