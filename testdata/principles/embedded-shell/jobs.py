import subprocess


def ping():
    """Pings the cache; redis-01 (10.0.0.123) is a replica after failover."""
    subprocess.run(["redis-cli", "-h", "redis-02", "ping"], check=True)
    subprocess.run(["echo", "the primary is db-master-01"])
