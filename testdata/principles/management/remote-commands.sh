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
