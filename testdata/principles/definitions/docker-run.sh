#!/bin/sh
# `docker run` naming a member (--name, --hostname) starts that member, as a
# compose service defines it: its own and its peers' addresses are no pins.
docker run -d --name db-master-01 --hostname=db-master-01 -p 5432:5432 postgres:16
docker run -d --name redis-02 --hostname redis-02 redis:7 redis-server --replicaof 10.0.0.123 6379
# Still wrong anywhere: a PostgreSQL node where Redis is expected.
docker run -d --name redis-03 -e REDIS_URL=redis://10.0.0.120:6379/0 redis:7
# A client container is no member: its configuration pins.
docker run -d --name api -e PGHOST=db-slave-01 api:1
docker run -d --hostname api-1 api:1 serve --redis-host 10.0.0.124
# A Patroni member's connect address is its own, whatever container runs it
# (its value only: the same container's client settings still pin).
docker run -d --name pg-b -e PATRONI_NAME=db-slave-01 -e PATRONI_POSTGRESQL_CONNECT_ADDRESS=10.0.0.121:5432 -e PATRONI_RESTAPI_CONNECT_ADDRESS=10.0.0.121:8008 patroni
docker run -d --name pg-c -e PATRONI_POSTGRESQL_CONNECT_ADDRESS=10.0.0.122:5432 -e PGHOST=10.0.0.120 patroni
# A container given a member's own address (`--ip`) is that member, however
# it is started or connected.
docker run -d --name pg-d --ip 10.0.0.121 --network pgnet -e PATRONI_REPLICATION_HOST=10.0.0.120 patroni
docker network connect --ip=10.0.0.122 pgnet pg-e
podman run -d --ip 10.0.0.123 redis:7
# Found: an address given to a client container is no member's own.
docker run -d --ip 10.0.0.50 --network pgnet -e PGHOST=10.0.0.121 api:1
