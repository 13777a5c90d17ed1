#!/bin/bash
# A script's variables are one namespace: a host variable's port is the one
# named like it with PORT for its host word, as in an .env file.

# Right: the load balancer serves postgres on 5432 and 6432, redis on 6379.
export PGHOST=10.0.0.10 PGPORT=6432
REDIS_HOST="${REDIS_HOST:-10.0.0.10}"
REDIS_PORT=6379

# Wrong: a port the load balancer does not serve for the key's service ...
DB_HOST="${DB_HOST:-10.0.0.10}"
DB_PORT=5000
# ... and one of another service.
CACHE_REDIS_HOST=10.0.0.10
CACHE_REDIS_PORT=5432

# A URL carries its own port; a port that is no number is not read.
DATABASE_URL=postgresql://app@10.0.0.10:5432/app
DATABASE_PORT=6379
QUEUE_REDIS_HOST=10.0.0.10
QUEUE_REDIS_PORT="${QUEUE_REDIS_PORT:-5432}"
psql -c 'select 1'
