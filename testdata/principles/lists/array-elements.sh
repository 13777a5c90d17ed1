#!/usr/bin/env bash
# An array of every node is a node set; one element read on its own as a
# host is a connection to that one node, whatever the set.
NODES=(10.0.0.120 10.0.0.121 10.0.0.122)
for n in "${NODES[@]}"; do
  pg_isready -h "$n" -p 5432
done
# Found: element 0 is written to (a pin on 10.0.0.120).
psql -h "${NODES[0]}" -c "insert into audit values (now())"
# Not found: element 2 is only printed.
echo "last node: ${NODES[2]}"

HOSTS=(db-master-01 db-slave-01 db-slave-02)
# Not found: element 2 names a container.
docker exec "${HOSTS[2]}" patronictl list
# Found: element 1, copied into LEADER, is connected to (a pin on db-slave-01).
LEADER=${HOSTS[1]}
psql -h "$LEADER" -c "select 1"
