# Terraform's `connection` block is where a provisioner logs in (ssh, or
# WinRM) to run its commands: its hosts are management, as `ssh HOST` is.
resource "null_resource" "patroni" {
  connection {
    type         = "ssh"
    host         = "10.0.0.120"
    user         = "root"
    bastion_host = "db-slave-01"
  }
  # What runs there is read as usual: a client's host is a connection.
  provisioner "remote-exec" {
    inline = ["psql -h 10.0.0.122 -c 'select 1'"]
  }
}

# A map that happens to have a `connection` key is data, not that block.
variable "app" {
  default = {
    connection = { host = "10.0.0.121" }
  }
}

resource "kubernetes_secret" "app" {
  data = {
    DB_HOST = "10.0.0.121"
  }
}
