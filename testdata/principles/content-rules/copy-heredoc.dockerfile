# A Dockerfile's `COPY <<EOF` writes a file: a Sentinel config there
# covers that file, not the image's environment.
FROM redis:7
COPY <<EOF /etc/redis/sentinel.conf
sentinel monitor mymaster 10.0.0.123 6379 2
EOF
ENV REDIS_HOST redis-02
