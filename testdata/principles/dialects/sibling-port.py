# A call's keyword arguments and a dict's entries are one mapping, on one
# line or on many.
import psycopg2
import redis

reporting = psycopg2.connect(
    host="10.0.0.124",
    port=5432,
)

cache = redis.Redis(
    host="10.0.0.122",
    port=6379,
)

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "HOST": "10.0.0.123",
        "PORT": "5432",
    },
    # Another engine's last segment names no service of the pack.
    "legacy": {
        "ENGINE": "django.db.backends.mysql",
        "HOST": "10.0.0.121",
    },
}

# The port of an enclosing mapping is not an inner one's.
SETTINGS = {
    "port": 6379,
    "primary": {
        "host": "10.0.0.120",
    },
}
