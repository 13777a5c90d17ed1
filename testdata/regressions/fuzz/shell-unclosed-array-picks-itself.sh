PRIMARY_NODE=db-master-01
DB_HOSTS=($PRIMARY_NODE db
psql -h "${DB_HOSTS[0]}" -c "select 1"
