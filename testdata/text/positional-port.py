# The argument after a quoted address is its port: the load balancer alone
# in a file, given a port of another service in its block, is found.
database = {
    "primary": ("10.0.0.10", 6379),
}
redis = {
    "primary": ("10.0.0.10", 6379),
}
