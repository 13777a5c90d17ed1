#!/bin/bash
# Redis Cluster's manager takes the nodes, or any one node as its entry:
# it sets the cluster's own topology.
redis-cli --cluster create 10.2.0.11:6379 10.2.0.12:6379 10.2.0.13:6379 --cluster-replicas 0 --cluster-yes
redis-cli --cluster check 10.2.0.11:6379
redis-cli -h 10.2.0.12 cluster meet 10.2.0.13 6379
# The word list of one command names every node: a node set.
fping -c 1 10.2.0.11 10.2.0.12 10.2.0.13
# A client of one node without its peers.
redis-cli -c -h 10.2.0.11 get greeting
