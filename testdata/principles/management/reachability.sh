#!/usr/bin/env bash
# Checking that a machine is reachable is no connection to its service, as
# `ssh HOST` is none: the node's address is the machine being checked.
ping -c 3 10.0.0.121
traceroute -n 10.0.0.123
until ping -c 1 -W 1 10.0.0.120 >/dev/null; do sleep 1; done
# A check of the service's own port goes to the service: a pin.
nc -z 10.0.0.121 5432
# Looking a machine up is checking it too.
dig -x 10.0.0.120 +short
nslookup 10.0.0.121
getent hosts 10.0.0.123
getent ahosts redis-02
# `host` is a directive's name in too many configs to be read as a command.
host 10.0.0.122
