#!/bin/bash
# Leader discovery probes these.
CANDIDATE_IPS=("10.0.0.122" "10.0.0.123" "10.0.0.124" "10.0.0.125")
psql -h 10.0.0.121 -U app -c 'select 1'
vault write database/config/app plugin_name=postgresql-database-plugin \
  connection_url="postgresql://{{username}}:{{password}}@10.0.0.120:5432/app"
