#!/bin/bash
# A command that sets a service's own topology defines members, as the
# service's config files do: a replica's master, a Sentinel's master, a
# replica cloned from its primary. Its addresses are no pins.
MASTER_IP=10.0.0.123
REPLICAS=(10.0.0.124 10.0.0.125)
for replica in "${REPLICAS[@]}"; do
  echo "making $replica a replica of $MASTER_IP"
  redis-cli -h "$replica" -a "$REDIS_PASSWORD" replicaof "$MASTER_IP" 6379
done
docker exec redis-02 redis-cli SLAVEOF 10.0.0.123 6379
redis-server /etc/redis/redis.conf --replicaof 10.0.0.123 6379 --port 6379
redis-cli -h 10.0.0.124 -p 26379 sentinel monitor mymaster 10.0.0.123 6379 2
pg_basebackup -h 10.0.0.120 -U replicator -D /var/lib/postgresql/data -R -X stream
pg_rewind --target-pgdata=/var/lib/postgresql/data --source-server="host=10.0.0.121 user=postgres"
# Patroni's switchover and failover name the members it promotes, by
# name or, where members are named by address, by IP.
patronictl -c /etc/patroni/patroni.yml failover --candidate 10.0.0.121 --force
patronictl -c /etc/patroni/patroni.yml switchover --leader 10.0.0.120 --candidate 10.0.0.122 --force
patronictl restart pg-cluster 10.0.0.122
# A PostgreSQL node in a Redis replication command is the wrong service still.
redis-cli -h 10.0.0.124 replicaof 10.0.0.121 6379
patronictl failover --candidate 10.0.0.124 --force
# The command itself names the service where no client does.
redis-server --replicaof 10.0.0.122 6379
# A variable a client reads too is a pin, wherever else it is used.
PRIMARY=10.0.0.123
redis-cli -h "$PRIMARY" replicaof no one
redis-cli -h "$PRIMARY" set greeting hello
# Asking a Sentinel is no definition: one Sentinel host is a pin.
redis-cli -h 10.0.0.125 -p 26379 sentinel get-master-addr-by-name mymaster
