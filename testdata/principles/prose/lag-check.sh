#!/usr/bin/env bash
# A query run through the load balancer that picks one replica's row reads
# that node's state; it connects to the load balancer only.
psql -h 10.0.0.10 -p 5432 -Atc \
  "SELECT replay_lag FROM pg_stat_replication WHERE client_addr = '10.0.0.121'"
# A query run on a node is a connection to that node.
psql -h 10.0.0.122 -c "SELECT 1"
