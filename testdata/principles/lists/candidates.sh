#!/usr/bin/env bash
# A leader-discovery list is one list in every syntax, however it is written.
PG_CANDIDATE_IPS="${PG_CANDIDATE_IPS:-10.0.0.120 10.0.0.121}"
read -r -a REDIS_CANDIDATES <<< "10.0.0.123 10.0.0.124 10.0.0.125"
DB_CANDIDATES=(
  db-master-01
  db-slave-01:5432
  10.0.0.122
)
# An element's assignment adds to the array it indexes: one list, judged whole.
REDIS_CANDIDATE_IPS[0]=10.0.0.123
REDIS_CANDIDATE_IPS[1]=10.0.0.124
REDIS_CANDIDATE_IPS[2]=10.0.0.121
