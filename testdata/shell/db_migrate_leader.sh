#!/usr/bin/env bash
# Incident 2: the leader-detection script probed three Redis nodes and missed
# two PostgreSQL nodes.
set -euo pipefail

CANDIDATE_IPS=("10.0.0.122" "10.0.0.123" "10.0.0.124" "10.0.0.125")

for ip in "${CANDIDATE_IPS[@]}"; do
  if [[ "$(curl -fsS "http://${ip}:8008/role")" == "master" ]]; then
    leader="$ip"
  fi
done
psql -h "$leader" -U postgres -f migrate.sql
