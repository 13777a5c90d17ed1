#!/bin/sh
export PGHOST=10.0.0.121
declare -r REDIS_HOST=10.0.0.10
local_fn() {
  local DB_HOST=db-slave-01
  readonly BACKUP_TARGET=10.0.0.10
}
psql -h 10.0.0.125 -U app -c 'select 1'
pg_dump --host=10.0.0.120 app > dump.sql
pg_isready -h db-master-01 -p 5432
redis-cli -h 10.0.0.122 ping
psql "host=10.0.0.121 port=5432 dbname=app"
psql -h 10.0.0.10 -p 5432
# psql -h 10.0.0.121 was the old way
echo "connecting to 10.0.0.121 (db-slave-01) for the report"
printf 'primary is %s\n' db-master-01
echo "PGHOST=10.0.0.122" >> app.env
echo "REDIS_URL=redis://10.0.0.124:6379" | tee -a cache.env
fallback_host() {
  echo "db-master-01"
}
cat <<HELP
Usage: connect to db-slave-02 or 10.0.0.122 through the load balancer.
HELP
cat > generated.env <<CONF
DATABASE_URL=postgresql://app@10.0.0.121:5432/app
CONF
docker exec db-master-01 patronictl list
docker logs redis-01
kubectl logs db-slave-02 -n data
kubectl exec -it db-slave-01 -- psql -h db-slave-02 -U postgres
ssh db-master-01 'sudo systemctl status patroni'
ssh -L 15432:10.0.0.120:5432 bastion
if [ "$role" = "10.0.0.121" ]; then echo replica; fi
test "$ip" = 10.0.0.122 && echo match
