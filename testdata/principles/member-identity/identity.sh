#!/usr/bin/env bash
# Member identity: a node's name assigned to a *NODE*/*LEADER* variable is an
# identity, not a connection ...
LEADER_NODE="db-master-01"
docker exec "$LEADER_NODE" patronictl list
echo "leader is ${LEADER_NODE}"
if [ "$LEADER_NODE" = "db-slave-01" ]; then echo same; fi

# ... unless the file then uses it (or a copy of it) as a host: the finding is
# on the assignment.
FALLBACK_NODE="db-slave-02"
psql -h "$FALLBACK_NODE" -c 'select 1'
PRIMARY="db-postgres-01"
TARGET="$PRIMARY"
export DATABASE_URL="postgresql://app@${TARGET}:5432/app"

# An IP literal stays a strong reference, identity key or not.
REPLICA_NODE=10.0.0.122
# A key that is also a host key is a host key.
LEADER_HOST=db-slave-01

# An identity put in an array is one member of a list of members, which other
# branches fill with every node: a loop over it is per-node tooling.
DEFAULT_NODE="db-slave-01"
NODES=("$DEFAULT_NODE")
[ "$ALL" = true ] && NODES=(db-master-01 db-slave-01 db-slave-02)
for node in "${NODES[@]}"; do
  pgmetrics "postgresql://postgres@${node}:5432/postgres"
done

# A copy is read where it is used: a name that only says host decides
# nothing; a service key its clients read from the environment is a use.
STANDBY_NODE="db-slave-01"
target_host="$STANDBY_NODE"
docker exec "$target_host" patronictl list
SPARE_NODE="db-slave-02"
export PGHOST="$SPARE_NODE"
psql -c 'select 1'
