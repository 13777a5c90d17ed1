"""A Sentinel config written inline as a triple-quoted string covers that
string, not the module's other settings."""
SENTINEL_CONF = """
port 26379
sentinel monitor mymaster 10.0.0.123 6379 2
"""

REDIS_HOST = "10.0.0.124"


def render():
    return SENTINEL_CONF
