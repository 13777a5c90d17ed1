#!/usr/bin/env bash
# Comments are not configuration, however the script around them reads.
set -euo pipefail

# Found: a pin, and a heredoc written to a file (a `#` line in it is content).
psql -h 10.0.0.121 -c 'VACUUM;'
cat > /etc/app.env <<EOF
# PGHOST=10.0.0.122
EOF

# Found: a `#` line inside a multi-line quoted value is part of the value.
OPTIONS="--verbose
# --host=10.0.0.120
"

# Not found: comments after quotes, parameters and substitutions.
echo "[$(date -Is)] done" "${PGUSER:-app}" $'it\'s'
# was psql -h 10.0.0.120 before the failover
  # old replica: 10.0.0.121

# Not found: a comment after a line the parser cannot read (a stray `)` left
# by an edit), which it would otherwise read on as words.
)
# fallback was 10.0.0.122
