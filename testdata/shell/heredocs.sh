#!/bin/sh
# A heredoc is configuration unless it is printed for people: its text read
# on by a file or a program (the rest of its first line) is configuration.
cat <<HELP
Usage: connect to 10.0.0.120 through the load balancer.
HELP
cat <<YAML | kubectl apply -f -
apiVersion: v1
kind: ConfigMap
metadata: {name: app}
data:
  PGHOST: "10.0.0.121"
YAML
cat <<ENV > /srv/app/app.env
PGHOST=10.0.0.122
ENV
cat <<ENV | tee /srv/app/cache.env
REDIS_HOST=10.0.0.123
ENV
cat <<ENV | sed 's/^/export /' > /srv/app/profile.sh
PGHOST=10.0.0.121
ENV
cat <<ENV 2>/dev/null
PGHOST=10.0.0.122
ENV
