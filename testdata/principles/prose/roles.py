# Code that maps an address it was given to a role interprets it: an
# operand of a comparison, a `case` pattern or a collection a value is
# tested against names no connection.
def role_of(ip):
    if ip == "10.0.0.120":
        return "primary"
    elif ip in ("10.0.0.121", "10.0.0.122"):
        return "replica"
    elif ip not in ["10.0.0.123", "10.0.0.124", "10.0.0.125"]:
        return "unknown"
    match ip:
        case "10.0.0.123":
            return "redis"
    return "unknown"


# A loop over a partial list uses it: pins.
for replica in ["10.0.0.121", "10.0.0.122"]:
    check(replica)
replicas = [ip for ip in ("10.0.0.121", "10.0.0.122")]
# A connection stays one.
conn = psycopg2.connect(host="10.0.0.121", dbname="app")

# A map keyed by addresses looks an address up (not found); an address that
# is a value, or a key whose value is a block, is read as it is (found).
ROLE_BY_IP = {"10.0.0.120": "primary", "10.0.0.121": "replica"}
ROLES = {
    "10.0.0.122": "replica",
    "db": "10.0.0.120",
    "10.0.0.121": {"host": "10.0.0.121", "port": 5432},
}
