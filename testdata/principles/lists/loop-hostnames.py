# A loop assigns each item of its list to its variable: hostnames are hosts
# where the body uses the variable as one, judged as a node set.

# Found: some of PostgreSQL's nodes, each connected to (pins).
for h in ["db-slave-01", "db-slave-02"]:
    psycopg2.connect(host=h, port=5432)

# Not found: every PostgreSQL node, a node set.
for node in ["db-master-01", "db-slave-01", "db-slave-02"]:
    psycopg2.connect(host=node)

# Not found: the variable is no host (container names, labels).
for name in ["db-slave-01", "db-slave-02"]:
    subprocess.run(["docker", "restart", name])
    print(f"restarted {name}")
