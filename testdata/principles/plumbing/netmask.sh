#!/bin/sh
# An interface given its address and netmask on one line: plumbing.
ifconfig eth1 10.0.0.121 netmask 255.255.255.0 up
ifconfig eth1:0 10.0.0.120 netmask 255.255.255.255
# The mask must follow on the address's own line and give a number.
export PGHOST=10.0.0.122
export NETMASK=255.255.255.0
redis-cli -h 10.0.0.123 --scan --pattern 'prefix:*'
