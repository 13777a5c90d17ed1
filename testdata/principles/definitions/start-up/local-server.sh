#!/bin/sh
# A server started first, then a client: the script ends as a client.
redis-server --daemonize yes
redis-cli -h redis-02 set probe 1
