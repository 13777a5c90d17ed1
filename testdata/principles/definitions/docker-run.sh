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
