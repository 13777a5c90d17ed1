# HCL: a variable's label is its name; `var.NAME` under a host key uses it.
variable "master_node" { default = "db-master-01" }

variable "replica_node" {
  default = "db-slave-01"
}

resource "null_resource" "migrate" {
  triggers = {
    host = var.master_node
    node = var.replica_node
  }
}

# A local reached through its namespace inside an interpolation is used too.
locals {
  leader_node = "db-slave-02"
  standby_node = "redis-03"
}
resource "null_resource" "dump" {
  triggers = {
    url   = "postgresql://app@${local.leader_node}:5432/app"
    label = "standby ${local.standby_node}"
  }
}
