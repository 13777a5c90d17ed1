#!/bin/sh
# An etcd member's config written by a script (`name:` and
# `initial-cluster:` at the margin): its own advertised addresses and its
# peers are its definition.
tee /etc/etcd/etcd.conf.yml <<EOF
name: db-master-01
data-dir: /var/lib/etcd
initial-advertise-peer-urls: http://10.0.0.120:2380
advertise-client-urls: http://10.0.0.120:2379
initial-cluster: db-master-01=http://10.0.0.120:2380,db-slave-01=http://10.0.0.121:2380,db-slave-02=http://10.0.0.122:2380
EOF
# A text without both keys is no etcd config: a client's URL pins.
tee /etc/app/etcd.yml <<EOF
name: app
endpoint: http://10.0.0.121:2379
EOF
