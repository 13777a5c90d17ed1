#!/bin/sh
# A container started from a server's (or a proxy's) image names its peers
# with member keys, as a compose service with that image does.
docker run -d --name redis-replica-4 -e REDIS_REPLICATION_MODE=slave -e REDIS_MASTER_HOST=10.0.0.123 bitnami/redis:7.2
docker run -d --env=REDIS_MASTER_HOST=redis-01 redis:7 redis-server
docker run -d --env POSTGRESQL_MASTER_HOST=10.0.0.120 bitnami/postgresql:16
# An application's member keys are a client's: pins.
docker run -d --name api -e REDIS_MASTER_HOST=10.0.0.123 shop/api:1
# A name flag's value is no image, however it reads.
docker run -d --name redis-cache -e REDIS_MASTER_HOST=10.0.0.124 shop/api:1
# A server's image running a client, and a key that is no member key: pins.
docker run -d -e REDIS_HOST=10.0.0.125 -v /srv/redis:/data redis:7 redis-cli -h 10.0.0.125 ping
# Still wrong anywhere: a PostgreSQL node as a Redis replica's master.
docker run -d -e REDIS_MASTER_HOST=10.0.0.121 redis:7
