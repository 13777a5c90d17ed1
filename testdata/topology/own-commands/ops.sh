#!/usr/bin/env bash
# A remote command the pack names manages the machine: no connection.
sshfs postgres@10.0.0.121:/var/lib/postgresql /mnt/pg
# The pack's list replaces the base one: rsync is no remote command here.
rsync -a dumps/ 10.0.0.122:/dumps/
# A management command's name argument (here a container named by the
# address it stands for) is managed, not connected to...
nerdctl logs 10.0.0.120
# ...but only after a subcommand the pack lists for it.
nerdctl run 10.0.0.120
# Not a management command in this pack: its arguments are values.
docker logs 10.0.0.120
