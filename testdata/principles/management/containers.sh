#!/usr/bin/env bash
# The name argument of a container or pod command is managed, not
# connected to, whatever it is.
docker exec 10.0.0.121 true
kubectl logs db-master-01
# An environment entry before the name is what the command runs with: a
# PostgreSQL host there is a pin, as in `docker run -e`.
docker exec -e PGHOST=10.0.0.121 app ./migrate
docker exec --env "REDIS_URL=redis://10.0.0.123:6379" app ./worker
docker run -e PGHOST=10.0.0.122 app
# A member's name under a member key stays an identity there.
docker exec -e LEADER=db-master-01 app ./promote
# What runs inside is a command of its own.
docker exec -u postgres db-master-01 psql -h 10.0.0.122 -c 'select 1'
# The entry joined to its flag is the same entry.
docker exec --env=PGHOST=10.0.0.120 app ./migrate
# `docker compose` names services the same way, and runs commands in them.
docker compose up -d db-master-01 redis-01
docker compose exec app psql -h 10.0.0.121
docker compose run -e PGHOST=10.0.0.122 app migrate
docker-compose exec -T db-master-01 patronictl list
