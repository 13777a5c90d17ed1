#!/bin/sh
# A Patroni config written by a script (its top-level `restapi:` and
# `postgresql:` at the margin): the node's own address, which the variable
# carries into it, and its peers in `pg_hba` are its definition.
NODEIP="10.0.0.122"
tee /etc/patroni/patroni.yml <<EOF
scope: postgres
name: db-slave-02
restapi:
  listen: ${NODEIP}:8008
  connect_address: ${NODEIP}:8008
bootstrap:
  pg_hba:
  - host replication replicator 10.0.0.120/32 md5
  - host replication replicator 10.0.0.121/32 md5
postgresql:
  listen: ${NODEIP}:5432
  connect_address: ${NODEIP}:5432
EOF
# The same script's other texts are not that config: an app's settings pin.
cat > /etc/app/database.yml <<EOF
postgresql:
  host: 10.0.0.121
  port: 5432
EOF
psql -h 10.0.0.120 -c 'select 1'
