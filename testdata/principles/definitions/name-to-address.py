# Leader discovery returns a member's name; the code maps each name to that
# member's own address: an equality test or a `case` pattern with the name,
# on the address's line or heading its block, defines the member.
def address_of(leader):
    if leader == "db-master-01":
        return "10.0.0.120"
    elif leader == 'db-slave-01':
        return '10.0.0.121'
    match leader:
        case "db-slave-02":
            return "10.0.0.122"
    # Another member's address, a fallback, or a test that is no equality
    # pins as anywhere else.
    if leader == "db-master-01":
        return "10.0.0.121"
    if leader != "db-slave-02":
        return "10.0.0.122"
    return "10.0.0.120"
