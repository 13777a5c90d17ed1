#!/usr/bin/env bash
# A list that names every node of its cluster is a node set: it survives any
# failover. A list naming only some nodes pins them.
for host in 10.0.0.120 10.0.0.121 10.0.0.122; do
  ssh "$host" uptime
done
ALLOWED=(10.0.0.123 10.0.0.124 10.0.0.125)
PG_REPLICAS=(10.0.0.121 10.0.0.122)
# A connection lists hosts to connect to: every node in it is a pin.
export PGHOST=10.0.0.120,10.0.0.121,10.0.0.122
