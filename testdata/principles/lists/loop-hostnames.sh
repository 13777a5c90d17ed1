#!/usr/bin/env bash
# A loop assigns each word to its variable: a hostname word is a host where
# the body uses the variable as one, and the words are judged as a node set.
for h in db-master-01 db-slave-01; do
  pg_isready -h "$h" -p 5432
done
# Every node of the cluster: a node set, no finding.
for h in db-master-01 db-slave-01 db-slave-02; do
  pg_isready -h "$h" -p 5432
done
# The body only manages the containers: no host, no finding.
for n in db-master-01 db-slave-01; do
  docker restart "$n"
done
# An array of the words, looped over, is the same list.
REPLICAS=(db-slave-01 db-slave-02)
for r in "${REPLICAS[@]}"; do
  psql -h "$r" -c "select 1"
done
ALL_REDIS=(redis-01 redis-02 redis-03)
for r in "${ALL_REDIS[@]}"; do
  redis-cli -h "$r" ping
done
# A loop variable the body does not use as a host leaves its words alone,
# even where a later loop reuses the name as one.
for h in redis-01 redis-02; do
  echo "checking $h"
done
