#!/bin/bash
# Shell comments are read as configuration too.
# psql -h 10.0.0.122 -c 'select 1'
# PGHOST=10.0.0.121
# psql -h 10.0.0.10 -c 'select 1'
psql -h 10.0.0.10 -c 'select 1'
# A password file written from here stays one: its entries connect nowhere.
cat > ~/.pgpass <<'EOF'
# host:port:database:user:password
10.0.0.120:5432:*:replicator:secret
EOF
