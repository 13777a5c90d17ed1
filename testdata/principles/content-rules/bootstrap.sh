#!/bin/bash
# A content rule recognises a format in the heredoc that holds an address,
# or that a variable holding it flows into; the rest of the script is judged
# as a script.
MASTER_HOST=${MASTER_HOST:-10.0.0.123}
MASTER="$MASTER_HOST"
cat > /etc/redis/sentinel.conf <<CONF
sentinel monitor mymaster $MASTER 6379 2
CONF

cat > /etc/haproxy/haproxy.cfg <<CONF
backend postgres
  server db1 10.0.0.120:5432 check
  server db2 10.0.0.121:5432 check
  server db3 10.0.0.122:5432 check
CONF

# Flows into a file no content rule recognises: a pin.
APP_DB=10.0.0.121
cat > /srv/app/app.env <<CONF
PGHOST=$APP_DB
CONF

# Beside the generated configs, not in them: a pin.
export PGHOST=10.0.0.122
psql -c 'select 1'
