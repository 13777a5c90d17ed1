#!/bin/bash
# A node's entrypoint that execs its server, after a user switch.
until pg_isready -h db-master-01 -p 5432; do sleep 1; done
export PATRONI_REPLICATION_HOST=10.0.0.120
exec gosu postgres patroni /etc/patroni.yml
