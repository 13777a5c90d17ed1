#!/bin/sh
# A Sentinel's entrypoint: the script ends by starting the server, so the
# master it waits for and monitors is its definition, not a pin.
until redis-cli -h redis-01 -p 6379 ping | grep -q PONG; do sleep 1; done
MASTER_IP=10.0.0.123
sed -i "s/MASTER_IP/$MASTER_IP/" /etc/redis/sentinel.conf
redis-server /etc/redis/sentinel.conf --sentinel
