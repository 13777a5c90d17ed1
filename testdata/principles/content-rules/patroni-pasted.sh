#!/bin/bash
# A tutorial's script: the first node's Patroni config in a heredoc, then
# the other nodes' differences pasted as they would be written, outside any
# heredoc. A line whose first word is a key runs no program: it is that
# configuration, and its run of lines is judged as the heredoc's body is.
sudo tee /etc/patroni/patroni.yml <<EOF
name: db-master-01
restapi:
  connect_address: 10.0.0.120:8008
postgresql:
  connect_address: 10.0.0.120:5432
EOF

# db-slave-01:
name: db-slave-01
restapi:
  listen: 10.0.0.121:8008
  connect_address: 10.0.0.121:8008
postgresql:
  listen: 10.0.0.121:5432
  connect_address: 10.0.0.121:5432

sudo systemctl enable --now patroni

# An application's settings pasted the same way are no Patroni config: the
# pin is found, with the context its key gives.
database:
  host: 10.0.0.122
redis_url: redis://10.0.0.120:6379/0
psql -h 10.0.0.10 -c 'select 1'
