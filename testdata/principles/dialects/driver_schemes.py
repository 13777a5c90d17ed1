# SQLAlchemy's `dialect+driver://` URLs: the dialect names the service.
# Found, as in the dialect's own scheme: a Redis node in a PostgreSQL URL.
ASYNC_URL = "postgresql+asyncpg://app@10.0.0.123/app"
SYNC_URL = "postgresql+psycopg2://app@db-slave-01/app"
# Not found: the load balancer on PostgreSQL's port.
POOL_URL = "postgresql+pg8000://app@10.0.0.10:5432/app"
# A whole scheme of its own stays itself: a Sentinel URL lists Sentinels.
SENTINELS = "redis+sentinel://10.0.0.123:26379,10.0.0.124:26379,10.0.0.125:26379/mymaster"
# No service's dialect: the port alone says (a PostgreSQL node on 5432).
OTHER_URL = "mysql+pymysql://app@10.0.0.120:5432/app"
