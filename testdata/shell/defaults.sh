#!/bin/sh
# The default of a parameter expansion is the value when the variable is unset.
export PGHOST="${PGHOST:-db-master-01}"
until pg_isready -h "${DB_HOST:-db-slave-02}" -p 5432; do sleep 1; done
REDIS_HOST="${REDIS_HOST:-10.0.0.10}"
# A name that merely ends in a node's name is another name.
LABEL="${LABEL-x-db-slave-02}"
