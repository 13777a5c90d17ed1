#!/usr/bin/env bash
# Copying files to or from a machine over ssh manages that machine, as
# `ssh HOST` does: its address is no connection to its service.
scp /backup/base.tar.gz postgres@10.0.0.121:/var/lib/postgresql/
rsync -a --delete /etc/patroni/ root@10.0.0.122:/etc/patroni/
sftp -b batch.txt 10.0.0.120
ssh 10.0.0.120 'sudo systemctl restart patroni'
# A tunnel to the service's port bypasses the load balancer: a pin.
ssh -L 5432:10.0.0.120:5432 bastion
# A client on the same line still connects.
rsync -a dumps/ 10.0.0.121:/dumps/ && psql -h 10.0.0.121 -f restore.sql
