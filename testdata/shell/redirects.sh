#!/bin/bash
# A redirect's destination is a file, not a host: a loop over every node
# stays a node set when its output goes to a file named after a host.
nodes=db-master-01,db-slave-01,db-slave-02
for i in ${nodes//,/ }
do
    psql -h "$i" -c "select pg_is_in_recovery()"
done > /var/log/haproxy-01-check.log
echo "checked" > /tmp/db-slave-01.status
pg_dump -h 10.0.0.10 app > /backups/db-master-01.sql
# bash's /dev/tcp/HOST/PORT opens a connection: HOST is a host, its port
# gives the context.
if timeout 1 bash -c "</dev/tcp/10.0.0.10/5432"; then echo up; fi
exec 3<>/dev/tcp/10.0.0.120/5432
cat < /dev/tcp/db-slave-02/5432
echo PING > /dev/tcp/10.0.0.123/5432
: </dev/tcp/redis-02/6379
: </dev/udp/haproxy-01/514
