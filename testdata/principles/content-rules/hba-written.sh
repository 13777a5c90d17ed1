#!/bin/sh
# Access rules written into pg_hba.conf (a heredoc, an echo) are its records.
cat >> /etc/postgresql/16/main/pg_hba.conf <<EOT
host replication replicator 10.0.0.121/32 md5
host replication replicator 10.0.0.122/32 md5
EOT
echo "hostssl all all 10.0.0.123/32 scram-sha-256" >> /etc/postgresql/16/main/pg_hba.conf
# Found: the rules cover their own lines only; the script's client still pins.
psql -h 10.0.0.121 -c "select pg_reload_conf()"
