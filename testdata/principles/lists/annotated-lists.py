# A leader-discovery list declared with its type is still one list.
CANDIDATE_IPS: list[str] = ["10.0.0.120", "10.0.0.121", "10.0.0.123"]

# Right: exactly the PostgreSQL nodes.
PG_CANDIDATES: Final[tuple[str, ...]] = (
    "10.0.0.120",
    "10.0.0.121",
    "10.0.0.122",
)
