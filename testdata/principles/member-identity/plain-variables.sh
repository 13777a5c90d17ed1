#!/bin/bash
# A variable whose name says nothing of what it holds is judged where it is
# used, as a member key is: a host where a client connects to it.
DB=db-slave-01
psql -h "$DB" -U app -c 'select 1'
cache="redis-02"
redis-cli -h $cache ping

# No references: a container name, text for people.
CONTAINER=db-slave-02
docker exec "$CONTAINER" psql -h localhost -U app
WHO=db-master-01
echo "the leader is $WHO"
