# Candidate lists of tuples over lines: the first item of each names the member.
PG_CANDIDATES = [
    ("10.0.0.120", 5432),
    ("10.0.0.121", 5432),
    ("10.0.0.122", 5432),
]
REDIS_CANDIDATES = [
    ["10.0.0.123", 6379],
    ["10.0.0.124", 6379],
]
