#!/bin/sh
# A Prometheus config written by a script (`scrape_configs:` at the margin)
# lists its scrape targets: monitoring, no pins.
tee /etc/prometheus/prometheus.yml <<EOF
global:
  scrape_interval: 15s
scrape_configs:
  - job_name: patroni
    static_configs:
      - targets: ['10.0.0.120:8008', '10.0.0.121:8008']
  - job_name: postgres
    static_configs:
      - targets: ['10.0.0.120:9187']
EOF
# The script's other texts are not that config.
echo "PGHOST=10.0.0.121" > /etc/app.env
