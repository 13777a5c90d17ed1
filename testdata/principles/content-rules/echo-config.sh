#!/bin/bash
# What `echo`/`printf` write into a file is that file's text: a content rule
# recognises a Sentinel or Redis config there as in a heredoc.
echo "sentinel monitor mymaster 10.0.0.123 6379 2" > /etc/redis/sentinel.conf
printf 'replicaof 10.0.0.123 6379\n' >> /etc/redis/redis.conf
# A variable that flows into such a text is part of it.
MASTER=10.0.0.124
echo "sentinel monitor mymaster $MASTER 6379 2" | tee /etc/redis/sentinel-2.conf

# The same commands writing an app's settings: pins.
echo "PGHOST=10.0.0.121" >> /srv/app/app.env
CACHE=10.0.0.125
echo "REDIS_HOST=$CACHE" > /srv/app/cache.env
# The recognised text is the argument, not the line.
echo "REDIS_URL=redis://10.0.0.124:6379" > /srv/app/redis.env # sentinel monitor
