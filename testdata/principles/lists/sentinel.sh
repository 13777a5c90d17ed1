#!/bin/sh
# One Sentinel host outside a list is a pin.
redis-cli -h 10.0.0.123 -p 26379 sentinel get-master-addr-by-name mymaster
