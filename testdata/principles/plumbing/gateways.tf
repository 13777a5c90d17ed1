# A gateway is the network's router, plumbing, whatever the resource.
resource "vsphere_virtual_machine" "db" {
  clone {
    customize {
      ipv4_gateway = "10.0.0.1"
      network_interface {
        ipv4_address = "10.0.0.50"
      }
    }
  }
}
resource "proxmox_vm_qemu" "pg" {
  ipconfig0 = "ip=10.0.0.51/24,gw=10.0.0.1"
}
# Not a gateway: the app's database host on the same network.
resource "kubernetes_secret" "db" {
  data = {
    DB_HOST = "10.0.0.52"
  }
}
