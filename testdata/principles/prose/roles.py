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
