# A node's name under a member key is an identity: a reference only where the
# file then uses that name as a host; the finding is on the assignment.
LEADER_NODE = "db-master-01"
conn = psycopg2.connect(host=LEADER_NODE, dbname="app")

REPLICA_NODE = "db-slave-01"
url = f"postgresql://app@{REPLICA_NODE}:5432/app"

# Used only as an identity: printed, compared, given to docker exec.
PRIMARY_NODE = "db-slave-02"
print(f"primary is {PRIMARY_NODE}")
subprocess.run(["docker", "exec", PRIMARY_NODE, "patronictl", "list"])
if leader == PRIMARY_NODE:
    pass
# A longer name that contains it is another name.
PRIMARY_NODE_LABEL = PRIMARY_NODE + "-label"
