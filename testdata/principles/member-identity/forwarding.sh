#!/bin/bash
# A function that hands all its arguments on is called as the command it
# hands them to: `pg -h db-slave-01` is `psql -h db-slave-01`.
pg() {
  psql "$@"
}
rc() {
  docker exec -i redis redis-cli "$@"
}
# Forwarding through a second wrapper is followed too.
pg_app() {
  pg -U app "$@"
}
# Wrappers of management commands and of printing stay what they wrap.
restart() {
  docker restart "$@"
}
say() {
  echo "$*"
}
# Wrappers that forward to each other are read a bounded number of times.
ping_a() {
  ping_b "$@"
}
ping_b() {
  ping_a "$@"
}

# References: each call pins one node (three calls are three pins, not a set).
pg -h db-slave-01 -c 'select 1'
pg -h db-slave-02 -c 'select 1'
pg_app -h db-master-01 -d app
pg_app -h db-slave-01 -d app
pg_app -h db-slave-02 -d app
rc -h redis-02 ping

# No references.
restart db-slave-01
say "db-master-01 is the leader"
ping_a db-slave-02
