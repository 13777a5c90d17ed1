#!/bin/bash
# A Barman server config a script writes covers its own body.
cat > /etc/barman.d/pg.conf <<EOF
[pg]
conninfo = host=10.0.0.120 user=barman dbname=postgres
ssh_command = ssh postgres@10.0.0.120
backup_method = rsync
EOF
# The app config written beside it is judged on its own.
echo "PGHOST=10.0.0.121" > /srv/app/.env
