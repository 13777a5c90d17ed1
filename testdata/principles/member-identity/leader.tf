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
