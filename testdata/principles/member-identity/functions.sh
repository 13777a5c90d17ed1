#!/bin/bash
# A name given to a function of the script is read where the function
# reads that parameter.
run_sql() {
  psql -h "$1" -U app -c "$2"
}
function backup_from {
  local host="$1"
  pg_dump -h "$host" app > backup.sql
}
connect() {
  local url="postgresql://app@$1:5432/app"
  psql "$url" -c 'select 1'
}
# psql reads PGHOST from the environment: a copy into a service key is a use.
use_node() {
  export PGHOST=$1
  psql -c 'select 1'
}
# Where the parameter names a container or is printed, it is no host, even
# when the function copies it into a variable called host.
restart_on() {
  local host=$1
  docker restart "$host"
  echo "restarted $1"
}
# A function that calls itself is read once.
retry() {
  retry "$1"
}

# References: the function connects to the name it is given.
run_sql db-slave-01 "select 1"
backup_from db-master-01
connect db-slave-02
use_node db-slave-01
LEADER_NODE="db-slave-02"
run_sql "$LEADER_NODE" "vacuum"

# No references.
restart_on db-slave-02
run_sql 10.0.0.10 "select 1"
retry db-master-01
FALLBACK_NODE="db-master-01"
restart_on "$FALLBACK_NODE"
