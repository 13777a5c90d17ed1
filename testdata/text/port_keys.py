"""A module's constants are one namespace, as an .env file's keys are."""
import os

# Right: the load balancer serves redis on 6379.
REDIS_HOST = "10.0.0.10"
REDIS_PORT = 6379

# Wrong: the redis port in a postgres context.
DB_HOST = "10.0.0.10"
DB_PORT = 6379

# A lookup's fallback is its variable's value.
ANALYTICS_DB_HOST = os.getenv("ANALYTICS_DB_HOST", "10.0.0.10")
ANALYTICS_DB_PORT = 5433

# A port read at run time is not known here.
REPORTING_DB_HOST = "10.0.0.10"
REPORTING_DB_PORT = int(os.environ.get("REPORTING_DB_PORT", "6379"))
