#!/usr/bin/env bash
# A program that is no client of the pack's services, given a node's machine
# on a port no service of the pack serves, uses another program there
# (Patroni's REST API, etcd, an exporter): per-node tooling, as `ping` is.
curl -fsS http://10.0.0.120:8008/primary
curl -s "http://db-slave-01:8008/patroni" | jq .role
etcdctl --endpoints=http://10.0.0.121:2379 endpoint health
wget -qO- http://10.0.0.123:9121/metrics
sudo curl -X POST http://10.0.0.122:8008/restart
# The service's own port is the service: a pin, whatever program asks.
curl -s telnet://10.0.0.121:5432
# A client of the service on any port is a client: a pin.
psql -h 10.0.0.122 -p 8008 -c 'select 1'
