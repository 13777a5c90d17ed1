#!/bin/bash
# A hosts entry binds a member's own names to its own address: it defines
# the member (as `--add-host db-master-01:10.0.0.120` does), whether it is a
# heredoc written to /etc/hosts or an echo appended to it.
cat >> /etc/hosts <<EOF
10.0.0.120 db-master-01 db-master-01.internal
10.0.0.121	db-slave-01
db-slave-02 10.0.0.122
EOF
echo "10.0.0.123 redis-01" >> /etc/hosts
# Any other name is an alias of the node's address: the client behind it pins.
echo "10.0.0.124 cache.internal" >> /etc/hosts
echo "10.0.0.125 redis-03 cache" >> /etc/hosts
# A name of another member is no definition either.
echo "10.0.0.120 db-slave-01" >> /etc/hosts
# A connection's key makes two words a connection, not an entry.
PGHOST="10.0.0.121 db-slave-01" psql -c 'select 1'
# A hosts entry has one address: the same address twice is a list.
echo "10.0.0.121 db-slave-01 10.0.0.121" >> /etc/hosts
