import psycopg2

# A name that says nothing of what it holds is judged where it is used.
DB = "db-slave-01"
conn = psycopg2.connect(host=DB, port=5432)

# No reference: the name is printed.
WHO = "db-master-01"
print(WHO)

# No reference: a string that spells the name is not the name.
cache = "redis-02"
r = redis.Redis(host="cache")
