#!/bin/sh
# A benchmark is a client, not a server: its host is a pin.
redis-server --daemonize yes
redis-benchmark -h redis-01 -p 6379 -n 1000
