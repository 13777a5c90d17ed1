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
LEADER_NODE="db-slave-02"
run_sql "$LEADER_NODE" "vacuum"

# No references.
restart_on db-slave-02
run_sql 10.0.0.10 "select 1"
retry db-master-01
FALLBACK_NODE="db-master-01"
restart_on "$FALLBACK_NODE"
