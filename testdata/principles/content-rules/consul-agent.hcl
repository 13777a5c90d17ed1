# A Consul agent's config in HCL: the node it runs on and the servers it joins.
datacenter     = "dc1"
bind_addr      = "10.0.0.120"
advertise_addr = "10.0.0.120"
retry_join     = ["10.0.0.120", "10.0.0.121", "10.0.0.122"]
