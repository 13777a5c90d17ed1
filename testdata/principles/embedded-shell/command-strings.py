import os
import subprocess

# A string that is a command line is shell, wherever code hands it to one.
subprocess.run("redis-cli -h 10.0.0.124 replicaof 10.0.0.123 6379", shell=True, check=True)
os.system("docker exec redis-03 redis-cli SLAVEOF 10.0.0.123 6379")
os.system("ping -c 1 10.0.0.122")
os.system("echo primary is db-master-01 >&2")
# Its host flags connect: a pin, by IP or by name.
os.system("psql -h 10.0.0.121 -c 'select 1'")
subprocess.run(f"pg_dump -h db-slave-02 -d {database} -f /backup/{database}.sql", shell=True)
# A string that is no command line stays a value: a fallback pins, a
# message is prose.
FALLBACK = "10.0.0.120"
MESSAGE = "failover moved the primary to 10.0.0.121"
