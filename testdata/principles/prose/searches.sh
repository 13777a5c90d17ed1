#!/usr/bin/env bash
# An address a search looks for is interpreted, not connected to: the
# pattern of grep and its kin, a guard looking for pins.
grep -q "10.0.0.121" app.env && echo "stale pin"
if grep -rq db-slave-01 config/; then exit 1; fi
pgrep -f "redis-server 10.0.0.123:6379" >/dev/null
# sed: the address replaced is looked for; what replaces it is written.
sed -i "s/10.0.0.121/10.0.0.10/" app.env
sed -i -e "/10.0.0.122/d" -e "s|db-slave-02:5432|lb:5432|g" pgbouncer.ini
sed -i "s/^PGHOST=.*/PGHOST=10.0.0.121/" app.env
sed "s/@lb:/@10.0.0.120:/" app.env.tmpl > app.env
# A client on the same line still connects.
grep -q 10.0.0.121 app.env && psql -h 10.0.0.122 -c 'select 1'
