# A declaration's type stands between its name and its value: the name
# still says what the value is for.
from typing import Final

from pydantic import BaseSettings, Field


DB_HOST: str = "db-slave-01"
REDIS_URL: Final = "redis://redis-01:6379/0"


class Settings(BaseSettings):
    pg_host: str = "db-slave-02"
    redis_host: str | None = Field(default="redis-02")
    # Right: the load balancer, whatever the type.
    database_host: Optional[str] = "10.0.0.10"
    # A name that says nothing of a host, typed or not, is no host.
    replica_label: str = "db-slave-01"
    # A comparison is no declaration.
    is_primary: bool = leader == "db-master-01"
