# A list of every node is a node set; one item read on its own as a host is
# a connection to that one node, whatever the set.
locals {
  pg_nodes = ["10.0.0.120", "10.0.0.121", "10.0.0.122"]
}

resource "kubernetes_config_map" "api" {
  data = {
    # Found: item 1 is the URL's host (a pin on 10.0.0.121).
    DATABASE_URL = "postgresql://app@${local.pg_nodes[1]}:5432/app"
    # Not found: the set's size is no host.
    NODE_COUNT = length(local.pg_nodes)
  }
}

# Not found: every node is allowed through the firewall, as a set.
resource "aws_security_group_rule" "pg" {
  cidr_blocks = [for ip in local.pg_nodes : "${ip}/32"]
}
