#!/bin/bash
# A value with no context of its own takes the context of the use it is
# traced to: a variable, a function's parameter, a wrapper's "$@". A Redis
# node handed to psql is a Redis node where PostgreSQL is expected.
DB=10.0.0.123
psql -h "$DB" -c 'select 1'
CACHE=redis-01
psql -h "$CACHE" -c 'select 1'
run_sql() {
  local host=$1
  psql -h "$host" -c "$2"
}
run_sql 10.0.0.124 "select 1"
run_sql 10.0.0.121 "select 1"
rc() { redis-cli "$@"; }
rc -h 10.0.0.120 ping
rc -h 10.0.0.125 ping

# A key's own context wins over its use's.
PGHOST=10.0.0.122
redis-cli -h "$PGHOST" ping
# A use that gives no context gives none: a pin, no more.
PROBE=10.0.0.125
nc -z "$PROBE" 6379
