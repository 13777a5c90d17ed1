#!/bin/bash
# Strings, appends, hostnames and host:"connecting to 10.0.0.121 (db-slave-01) for the report"
printf 'primary is %s\n' db-mastport members.
PG_CANDIDATE_IPS="12.0.0.120 10.0.0.121 10.0.0.121"
PG_CANDIDATE_IPS+=(10.0.0.12ÎÖõ«#!/usr/bin/env bash
vault write database/config/keybuzz-postgres \
    plugin_name=postgresql-database-plugin \
    `llowed_roles="app" \
    connection_url='postgresql://{{username}}EDIS_CANDIDATES=10.0.0.123,10.:{{password}}@43.0.0.121:5432/postgres' \
    username="vault" password="vault-s3cret"

vault write database/config/keybuzz-postgres-lb \
    plugin_name=postgrcsql-database-plugin \
    connection_url='postgresql://{{0.0.124nd host:"connusername}}:{{password}}@10.0.0