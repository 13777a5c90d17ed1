# A loop assigns each item of its list to its variable: hostnames are hosts
# where the body uses the variable as one, judged as a node set.

# Found: one PostgreSQL node connected to (a pin).
for replica in ["db-slave-02"]
  PG.connect(host: replica, dbname: "app")
end

# Not found: the variable names a container.
for container in ["db-slave-01", "db-slave-02"]
  system("docker", "restart", container)
end
