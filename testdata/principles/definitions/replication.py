# A command that sets a service's own topology defines members in code too
# (a command array), and so does a name only such commands read.
import subprocess


def attach(replica_ip, master_ip="10.0.0.123"):
    subprocess.run(["redis-cli", "-h", replica_ip, "replicaof", master_ip, "6379"], check=True)


subprocess.run(["redis-cli", "-h", "10.0.0.124", "replicaof", "10.0.0.123", "6379"], check=True)
subprocess.run(["pg_basebackup", "-h", "10.0.0.120", "-D", "/data", "-R"], check=True)

# A name a client reads too stays a pin.
PRIMARY = "10.0.0.125"
subprocess.run(["redis-cli", "-h", "10.0.0.124", "replicaof", PRIMARY, "6379"], check=True)
cache = redis.Redis(host=PRIMARY, port=6379)
