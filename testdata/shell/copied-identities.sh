#!/bin/bash
# An identity copied into an array next to a node: the array's items are
# judged as a list; the identity is traced where the array's item is read.
# (Once a crash: the trace reused a group the file's own scan had made.)
LEADER_NODE=db-master-01
NODES=($LEADER_NODE db-slave-02)
for h in "${NODES[@]}"; do psql -h "$h" -c "select 1"; done
PRIMARY_NODE=db-master-01
DB_HOSTS=($PRIMARY_NODE db-slave-02)
psql -h "${DB_HOSTS[0]}" -c "select 1"
