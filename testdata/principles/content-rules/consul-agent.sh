#!/bin/sh
# A Consul agent's config written by a script: its own bind and advertise
# address, which the variable carries into it, and the servers it joins.
NODEIP="10.0.0.121"
tee /etc/consul.d/config.json <<EOF
{
  "node_name": "pg-2",
  "bind_addr": "${NODEIP}",
  "advertise_addr": "${NODEIP}",
  "retry_join": ["10.0.0.120", "10.0.0.121", "10.0.0.122"]
}
EOF
# The same script's client settings still pin.
echo "PGHOST=10.0.0.122" >> /etc/app.env
