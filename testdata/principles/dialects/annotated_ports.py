# A host key's port is the key named for it, declared with its type too.
from pydantic import BaseSettings


class Cache(BaseSettings):
    # The load balancer with PostgreSQL's port, in a Redis context.
    redis_host: str = "10.0.0.10"
    redis_port: int = 5432


class Database(BaseSettings):
    # Right: PgBouncer's port of the load balancer.
    pg_host: str = "10.0.0.10"
    pg_port: int = 6432
