#!/bin/bash
# Every node of a cluster: a node set, not a pin.
for ip in 10.1.0.21 10.1.0.22; do
  iptables -A INPUT -s "$ip" -p tcp --dport 5432 -j ACCEPT
done
# Some nodes of a cluster: pins.
for ip in 10.1.0.11 10.1.0.12; do
  iptables -A INPUT -s "$ip" -p tcp --dport 5432 -j ACCEPT
done
