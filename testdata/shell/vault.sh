#!/usr/bin/env bash
vault write database/config/keybuzz-postgres \
    plugin_name=postgresql-database-plugin \
    allowed_roles="app" \
    connection_url='postgresql://{{username}}:{{password}}@10.0.0.121:5432/postgres' \
    username="vault" password="vault-s3cret"

vault write database/config/keybuzz-postgres-lb \
    plugin_name=postgresql-database-plugin \
    connection_url='postgresql://{{username}}:{{password}}@10.0.0.10:5432/postgres'

vault write database/config/wrong-node plugin_name=postgresql-database-plugin connection_url="postgresql://{{username}}:{{password}}@10.0.0.124:5432/postgres"
vault write database/config/cache plugin_name=redis-database-plugin host=10.0.0.121 port=6379
