#!/bin/bash
# Strings, appends, hostnames and host:port members.
PG_CANDIDATE_IPS="10.0.0.120 10.0.0.121 10.0.0.121"
PG_CANDIDATE_IPS+=(10.0.0.122)
REDIS_CANDIDATES=10.0.0.123,10.0.0.124,10.0.0.125
DB_CANDIDATES=(db-postgres-01:5432 db-postgres-02.internal 10.0.0.10)
declare -a CANDIDATE_IPS=(
  "10.0.0.120"   # db-postgres-01
  "10.0.0.121"
  "10.0.0.77"
)
