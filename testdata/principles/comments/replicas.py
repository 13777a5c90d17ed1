# Comments are not configuration, commented-out code included.

# Found: a pin (a list naming only some nodes).
REPLICAS = ["10.0.0.121"]

# Not found: a list in a comment.
# REPLICAS = ["10.0.0.122", "10.0.0.120"]
