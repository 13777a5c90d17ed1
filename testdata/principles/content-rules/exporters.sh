#!/bin/bash
# A command that runs an exporter (its name, or a `docker run` image) is
# pointed at the node it scrapes: monitoring.
docker run -d --name pg-metrics -e DATA_SOURCE_NAME="postgresql://monitor@10.0.0.120:5432/postgres" quay.io/prometheuscommunity/postgres-exporter
DATA_SOURCE_NAME="postgresql://monitor@10.0.0.121:5432/postgres" /usr/local/bin/postgres_exporter --web.listen-address=:9187 &
# Any other command is judged as usual.
docker run -d --name app -e PGHOST=10.0.0.122 app:latest
psql -h 10.0.0.121 --set=exporter=on -c 'select 1'
# A file a command reads names no block: these are the commands' own pins.
psql -h 10.0.0.121 -f sql/exporter.sql
python3 scripts/data_exporter.py --pghost 10.0.0.122
# A name flag names the container as its image does.
docker run -d --name postgres-exporter -e DATA_SOURCE_NAME="postgresql://monitor@10.0.0.122:5432/postgres" monitoring:latest
