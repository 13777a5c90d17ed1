#!/bin/bash
# A script writing cloud-config: each `content: |` is a file of its own, as
# in a text file's heredoc. The Sentinel config covers its own addresses,
# not the app's .env written beside it.
cat > /var/lib/cloud/user-data <<'EOF'
#cloud-config
write_files:
  - path: /etc/redis/sentinel.conf
    content: |
      port 26379
      sentinel monitor mymaster 10.0.0.123 6379 2
  - path: /srv/app/.env
    content: |
      REDIS_HOST=10.0.0.124
EOF
# A heredoc that is the config itself, with no block scalar, stays one text.
cat > /etc/redis/replica.conf <<'EOF'
replicaof 10.0.0.123 6379
replica-announce-ip 10.0.0.125
EOF
