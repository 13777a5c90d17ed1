#!/bin/sh
# `postgres` here is a user's name: the command runs a client.
sudo -u postgres psql -h db-slave-01 -c 'select 1'
su-exec postgres /usr/bin/psql -h db-slave-02 -c 'select 1'
