# Repeated HCL blocks are a list of mappings: one block per item, each
# naming the member its first address names, as a TOML array of tables.

# Consul registrations of every node, each with a check on its own node:
# a node set.
service {
  name    = "postgres"
  address = "10.0.0.120"
  check {
    http = "http://10.0.0.120:8008/primary"
  }
}
service {
  name    = "postgres"
  address = "10.0.0.121"
  check {
    http = "http://10.0.0.121:8008/primary"
  }
}
service {
  name    = "postgres"
  address = "10.0.0.122"
  check {
    # A check on another item's node is a reference of its own.
    http = "http://10.0.0.120:8008/primary"
  }
}

# Two replicas of three, under one block: pins.
read_pool {
  backend {
    host = "10.0.0.121"
  }
  backend {
    host = "10.0.0.122"
  }
}

# Labelled blocks are items when their last label names the item.
upstream "pg1" {
  address = "10.0.0.120"
}
upstream "pg2" {
  address = "10.0.0.121"
}
upstream "pg3" {
  address = "10.0.0.122"
}

# Variables named for what they hold are no list: each is a pin.
variable "pg_primary" {
  default = "10.0.0.120"
}
variable "pg_replica" {
  default = "10.0.0.121"
}
variable "pg_standby" {
  default = "10.0.0.122"
}

# A leader-discovery list, judged as one list.
pg_candidates {
  host = "10.0.0.120"
}
pg_candidates {
  host = "10.0.0.123"
}
