#!/bin/sh
# `docker run` of a member reads its `--env-file` as its own environment: a
# file only members' containers read is part of their definitions.
SCRIPT_DIR="$(cd "$(dirname "$0")" && pwd)"
docker run -d --name db-slave-01 --hostname db-slave-01 --env-file ./env/replica.env postgres:16
docker run -d --name db-slave-02 --env-file="$SCRIPT_DIR/env/replica.env" postgres:16
# A client's env file is its configuration, and so is one a client shares.
docker run -d --name api --env-file "$SCRIPT_DIR/env/api.env" shop:1
docker run -d --name redis-02 --env-file env/shared.env redis:7
docker run -d --name worker --env-file env/shared.env shop:1
