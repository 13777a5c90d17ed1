# A formatted string's field continues the literal: no address.
PG_REPLICAS = [f"10.0.0.12{i}" for i in range(3)]
PG_HOSTS = ["10.0.0.12%d" % i for i in range(3)]
DB_HOST = "10.0.0.12{}".format(0)
PGHOST = "10.0.0.120"
