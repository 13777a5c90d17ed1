#!/bin/bash
# A Patroni config written from an indented heredoc (`<<-` drops the tabs):
# its keys are at the margin of the file it writes, so it names its own node.
if [ "$ROLE" = db ]; then
	cat > /etc/patroni/patroni.yml <<-EOF
	scope: pg
	restapi:
	  connect_address: 10.0.0.120:8008
	postgresql:
	  connect_address: 10.0.0.120:5432
	EOF
	# The script's own client is no part of that file.
	psql -h 10.0.0.121 -c 'select 1'
fi
