# An address whose last digits come from an expansion is a template of
# several addresses, not the one its prefix spells: `10.0.0.12${…}` is no
# HAProxy node 10.0.0.12.
resource "proxmox_vm_qemu" "db" {
  count     = 3
  name      = "db-${count.index}"
  ipconfig0 = "ip=10.0.0.12${count.index}/24,gw=10.0.0.1"
}
locals {
  db_hosts = { for i in range(3) : "db-${i}" => "10.0.0.12${i}" }
  redis    = "%{for i in [3, 4, 5]}10.0.0.12%{ if true }${i}%{ endif } %{endfor}"
}
# A whole address beside an expansion is still that address.
resource "null_resource" "migrate" {
  provisioner "local-exec" {
    command = "psql -h 10.0.0.121 -p ${var.port} -f migrate.sql"
  }
}
