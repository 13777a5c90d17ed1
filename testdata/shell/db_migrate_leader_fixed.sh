#!/usr/bin/env bash
# Probe every PostgreSQL node (Patroni REST API on 8008) for the leader.
# These are the three PostgreSQL nodes, db-postgres-01..03, and only them:
# Redis nodes (10.0.0.123-125) are not candidates. Update with servers.tsv.
set -euo pipefail

CANDIDATE_IPS=("10.0.0.120" "10.0.0.121" "10.0.0.122")

for ip in "${CANDIDATE_IPS[@]}"; do
  if [[ "$(curl -fsS "http://${ip}:8008/role")" == "master" ]]; then
    leader="$ip"
  fi
done
case "$leader" in
  10.0.0.120) name=db-postgres-01 ;;
  10.0.0.121) name=db-postgres-02 ;;
  10.0.0.122) name=db-postgres-03 ;;
esac
[[ "$leader" == "10.0.0.120" ]] && echo "leader is the first node"
echo "leader: $name ($leader)"
psql -h 10.0.0.10 -p 5432 -U postgres -f migrate.sql
