#!/bin/sh
# One Sentinel host outside a list is a pin.
redis-cli -h 10.0.0.123 -p 26379 sentinel get-master-addr-by-name mymaster

# Hosts that all carry the Sentinel port are Sentinels, in a loop as in a value.
for sentinel in 10.0.0.123:26379 10.0.0.124:26379 10.0.0.125:26379; do
  redis-cli -h "${sentinel%%:*}" -p 26379 sentinel get-master-addr-by-name mymaster
done
for sentinel in 10.0.0.123:26379 10.0.0.124:26379; do
  redis-cli -h "${sentinel%%:*}" -p 26379 sentinel get-master-addr-by-name mymaster
done
