# A list of mappings written over several lines, each naming one node, is
# one list: every node named is a node set ...
PG_NODES = [
    {
        "name": "primary-zone-a",
        "port": 5432,
        "host": "10.0.0.120",
    },
    {
        "name": "zone-b",
        "port": 5432,
        "host": "10.0.0.121",
    },
    {
        "name": "zone-c",
        "port": 5432,
        "host": "10.0.0.122",
    },
]

# ... some of them pin those ...
READ_POOL = [
    {
        "port": 5432,
        "host": "10.0.0.121",
    },
    {
        "port": 5432,
        "host": "10.0.0.122",
    },
]

# ... and a leader-discovery list is judged as one list.
PG_CANDIDATES = [{
    "port": 5432,
    "host": "10.0.0.120",
}, {
    "port": 5432,
    "host": "10.0.0.123",
}]
