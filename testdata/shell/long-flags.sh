#!/bin/sh
# A long flag names the value after it, as with `=`: a host key is a host.
api serve --db-host db-master-01 --port 8080
api serve --db-host=db-slave-01
worker --redis-host redis-02 --queue default
# Not a host key: a name, an identity, a label.
worker --cluster-label db-master-01
failover --target-node db-slave-02
api serve --db-host 10.0.0.10
