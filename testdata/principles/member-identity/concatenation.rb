# An instance variable is a name as any other; a URL built with `+` reads
# as one.
@replica_node = "db-slave-01"
@leader_node = "db-master-01"

# Found: the replica's name is the URL's host (a pin on db-slave-01).
url = "postgresql://app@" + @replica_node + ":5432/app"
# Not found: the leader's name is a container restarted.
system("docker restart #{@leader_node}")
