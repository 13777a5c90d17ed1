#!/usr/bin/env bash
# Running commands on machines over ssh (Ansible ad hoc, parallel shells)
# manages them, as `ssh HOST` does: their addresses are no connections.
ansible 10.0.0.120 -m shell -a "patronictl list"
ansible-playbook -i "10.0.0.121,10.0.0.122," maintenance.yml
pssh -H "10.0.0.120 10.0.0.121" -i uptime
pdsh -w 10.0.0.123,10.0.0.124 'redis-cli info replication'
clush -w 10.0.0.125 systemctl status redis
# A client on the same line still connects.
ansible 10.0.0.120 -m ping && psql -h 10.0.0.121 -c 'select 1'
# Trusting a machine's ssh key, or installing one on it, manages it.
ssh-keyscan 10.0.0.120 >> ~/.ssh/known_hosts
ssh-copy-id postgres@10.0.0.121
# A mobile shell is a shell on the machine.
mosh admin@10.0.0.124
# What runs on a machine is read as any command: the machine is managed, the
# node its client reaches is a pin, written quoted or not.
ssh admin@10.0.0.11 "psql -h 10.0.0.120 -c 'select 1'"
ssh admin@haproxy-01 redis-cli -h redis-02 ping
ssh db-master-01 "cd /srv/app && psql -h db-slave-01 -f migrate.sql"
ansible all -i inventory -m shell -a "redis-cli -h 10.0.0.123 info"
# A variable given to what runs there is configuration, one entry or several.
ansible-playbook site.yml -e "pg_host=10.0.0.122"
ansible-playbook site.yml --extra-vars "app_env=prod redis_host=redis-03"
ssh 10.0.0.11 PGHOST=10.0.0.121 ./migrate.sh
# The machines, wherever they stand, and ssh's own options are managed.
ssh -o HostName=10.0.0.120 bastion uptime
rsync -az -e ssh ./conf/ 10.0.0.122:/etc/conf/
ssh 10.0.0.120 "patronictl list"
ansible-playbook site.yml --limit "db-master-01" -e "target=all"
