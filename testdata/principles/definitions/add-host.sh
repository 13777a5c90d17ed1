#!/bin/sh
# docker --add-host maps a name to an address, as hostAliases does.
# Defines the node: no finding.
docker run --rm --add-host db-master-01:10.0.0.120 api:1 migrate
docker run --rm --add-host=db-slave-01:10.0.0.121 api:1 migrate
# Pins: the app's "pg" resolves to db-slave-02.
docker run --rm --add-host pg:10.0.0.122 api:1 serve
docker run --rm "--add-host=pg:10.0.0.122" api:1 serve
# Not an alias flag: the address is a reference as anywhere.
docker run --rm -e PGHOST=10.0.0.120 api:1 serve
