#!/bin/bash
# The addresses of one command's arguments are one list, as a loop's words
# are: naming every node of a cluster, it is a node set.
fping -c 1 10.0.0.120 10.0.0.121 10.0.0.122
nmap -p 6379 \
  10.0.0.123 \
  10.0.0.124 \
  10.0.0.125
# Naming only some nodes pins them.
fping -c 1 10.0.0.120 10.0.0.121
# A client's host flag is a connection: a pin, as before.
pg_isready -h 10.0.0.121 -p 5432
