#!/bin/bash
# A password file's entries look a host's password up: they connect nowhere,
# whether written by a heredoc or an echo into ~/.pgpass.
cat > /var/lib/postgresql/.pgpass <<EOT
# replication to every node
10.0.0.120:5432:*:replicator:s3cretRepl
10.0.0.121:5432:*:replicator:s3cretRepl
EOT
echo "10.0.0.122:5432:app:app:appPw99" >> ~/.pgpass
# The same script's own connection still pins.
psql -h 10.0.0.121 -U app -c "select 1"
