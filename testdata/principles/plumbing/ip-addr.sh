#!/bin/bash
# A node gives its interface its own address: plumbing, in any syntax.
ip addr add 10.0.0.121/24 dev eth1
ip route add 10.0.0.0/24 via 10.0.0.1
# A host route to one node is a host reached: one reference.
export PGHOST=10.0.0.122/32
export REDIS_ALLOWED_IPS=10.0.0.123/32
