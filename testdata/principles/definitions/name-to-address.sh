#!/bin/bash
# Leader discovery returns a member's name; the script maps each name to
# that member's own address. A name mapped to its own address defines the
# member, in every shell form: a `case` arm, an `if`/`elif` branch, an `&&`
# list guarded by an equality test, an associative array keyed by names.
name_to_ip() {
  case "$1" in
    db-master-01) echo 10.0.0.120 ;;
    "db-slave-01"|db-slave-01.internal) echo "10.0.0.121" ;;
    *) echo "" ;;
  esac
}
if [ "$leader" = "db-master-01" ]; then
  leader_ip=10.0.0.120
elif [[ "$leader" == "db-slave-02" ]]; then
  leader_ip="10.0.0.122"
else
  leader_ip=10.0.0.121
fi
[[ "$leader" == "db-slave-01" ]] && leader_ip="10.0.0.121"
[[ -n "$leader" && "$leader" == "redis-01" ]] && redis_ip=10.0.0.123
declare -A NODE_IPS=([db-master-01]=10.0.0.120 [redis-02]=10.0.0.124)
psql -h "$leader_ip" -c 'select 1'

# Another member's address, or an address under a guard that is no
# equality with a name, pins as anywhere else.
case "$1" in
  db-master-01) echo 10.0.0.121 ;;
  db-*) echo 10.0.0.122 ;;
esac
[[ "$leader" != "db-slave-01" ]] && leader_ip="10.0.0.121"
[[ "$leader" == "db-slave-01" ]] || leader_ip="10.0.0.121"
if [ "$leader" = "db-master-01" ]; then
  replica_ip=10.0.0.121
fi
declare -A ROUTES=([db-slave-01]=10.0.0.122)
