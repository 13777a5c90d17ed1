#!/usr/bin/env bash
# An array read from a heredoc or a here-string, one item a line (or per
# `-d` delimiter), is one list, as `read -a V <<< "…"` is.
readarray -t CANDIDATE_IPS <<'EOF'
10.0.0.122
10.0.0.123
EOF
mapfile -t -d ',' DB_CANDIDATES <<< "10.0.0.120,10.0.0.121,10.0.0.122"
# Every node of the cluster: a node set. Some of them: pins.
readarray -t PG_NODES <<EOF
10.0.0.120
10.0.0.121
10.0.0.122
EOF
readarray -t PG_REPLICAS <<EOF
10.0.0.121
EOF
# A connection string per line, one to each node: one set, not three pins.
mapfile -t MONITOR_DSNS <<-EOF
	host=10.0.0.120 port=5432 dbname=app
	host=10.0.0.121 port=5432 dbname=app
	host=10.0.0.122 port=5432 dbname=app
	EOF
