# A tuple of addresses is a list.
NODES = ("10.0.0.120", "10.0.0.121", "10.0.0.122")
REPLICAS = ("10.0.0.121", "10.0.0.122")
ALL_NODES = frozenset((
    "10.0.0.120",
    "10.0.0.121",
    "10.0.0.122",
))
