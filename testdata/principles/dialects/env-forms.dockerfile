# Dockerfile ENV in both forms: `ENV NAME VALUE` (the value is the rest of
# the instruction) names its key as `ENV NAME=VALUE` does.
FROM node:20
ENV PGHOST 10.0.0.121
ENV REDIS_HOST redis-02
env DATABASE_HOST "db-slave-02"
ENV DB_HOST=db-slave-01 REDIS_PORT=6379
# A member key is an identity, in either form.
ENV MASTER_NODE db-master-01
ENV LEADER_NODE=db-master-01
# The load balancer, and a hostname under no host key, are no pins.
ENV PGHOST 10.0.0.10
ENV APP_NAME redis-02
ENV
# …until the image's own command uses it as a host.
ENV FALLBACK_NODE db-slave-02
RUN pg_isready -h "$FALLBACK_NODE"
