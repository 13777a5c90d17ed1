import pytest

# A table of cases maps addresses to roles: its entries are a lookup's.
@pytest.mark.parametrize("host,expected", [
    ("10.0.0.120", "primary"),
    ("10.0.0.121", "replica"),
])
def test_role(host, expected):
    assert role_of(host) == expected

ROLES = [("10.0.0.122", "replica"), ("10.0.0.123", "sentinel")]

# A host with its port, a pair given to a call or assigned alone, and a
# pair naming another host are connections.
SENTINELS = [("10.0.0.123", 26379), ("10.0.0.124", "26379")]
DB = ("10.0.0.121", "app")
conn = connect("10.0.0.121", "app")
ALIASES = [("10.0.0.122", "db-slave-01")]
