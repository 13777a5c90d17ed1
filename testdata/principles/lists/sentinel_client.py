# A Sentinel-aware client's list argument is a Sentinel list
# ([candidates] sentinel_clients): complete, it is correct; the load
# balancer does not speak the Sentinel protocol.
from redis.sentinel import Sentinel
sentinel = Sentinel([('10.0.0.123', 26379), ('10.0.0.124', 26379), ('10.0.0.125', 26379)], socket_timeout=0.1)
partial = redis.sentinel.Sentinel([("redis-01", 26379), ("redis-02", 26379)])
wrong = Sentinel([('10.0.0.123', 26379), ('10.0.0.121', 26379), ('10.0.0.125', 26379)])
# Another call's list is no Sentinel list: its members pin.
other = Other([('10.0.0.123', 26379)])
