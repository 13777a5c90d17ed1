<?php
// PHP joins strings with `.`: a URL so built reads as one, and `$name`
// is the variable `name`.
$leader_node = 'db-master-01';
$replica_node = 'db-slave-01';

// Found: the leader's name is the URL's host (a pin on db-master-01).
$dsn = "postgresql://app@" . $leader_node . ":5432/app";
// Not found: the replica's name is a container restarted, then printed.
exec("docker restart $replica_node");
echo "restarted $replica_node\n";
