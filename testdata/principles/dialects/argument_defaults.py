import argparse

parser = argparse.ArgumentParser()
# A flag's default is named by the flag, other keywords between.
parser.add_argument("--pg-host", type=str, default="db-slave-01", help="PostgreSQL host")
parser.add_argument("--redis-host", default="redis-01")
# Right: the load balancer.
parser.add_argument("--db-host", type=str, default="10.0.0.10")
# A keyword of another call is no default of this one.
parser.add_argument("--label", type=str, choices=names(default="db-slave-02"))
# A flag that says nothing of a host.
parser.add_argument("--replica-label", type=str, default="db-slave-02")
