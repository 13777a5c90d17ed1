import argparse
import os

parser = argparse.ArgumentParser()
# A call written over lines: its flag names its default, keywords between.
parser.add_argument(
    "--pg-host",
    type=str,
    default="db-slave-01",
    help="PostgreSQL host (the load balancer)",
)
# Of two flags, the long one names it.
parser.add_argument(
    "-r", "--redis-host",
    default="redis-01", help="Redis host")
# Right: the load balancer.
parser.add_argument("--db-host",
                    default="10.0.0.10")
# A keyword of a nested call is no default of this one.
parser.add_argument(
    "--label",
    choices=names(
        default="db-slave-02"),
)
# A flag that says nothing of a host.
parser.add_argument(
    "--replica-label",
    default="db-slave-02",
)
# An environment lookup over lines.
primary = os.getenv(
    "PGHOST",
    default="db-slave-02",
)
