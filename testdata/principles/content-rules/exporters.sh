#!/bin/bash
# A command that runs an exporter (its name, or a `docker run` image) is
# pointed at the node it scrapes: monitoring.
docker run -d --name pg-metrics -e DATA_SOURCE_NAME="postgresql://monitor@10.0.0.120:5432/postgres" quay.io/prometheuscommunity/postgres-exporter
DATA_SOURCE_NAME="postgresql://monitor@10.0.0.121:5432/postgres" /usr/local/bin/postgres_exporter --web.listen-address=:9187 &
# Any other command is judged as usual.
docker run -d --name app -e PGHOST=10.0.0.122 app:latest
psql -h 10.0.0.121 --set=exporter=on -c 'select 1'
