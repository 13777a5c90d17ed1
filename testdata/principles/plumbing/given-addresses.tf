# The address a machine that is no member is given is plumbing, whatever
# service its name speaks of (a Redis GUI's instance, a pgAdmin VM).
resource "aws_instance" "redis_commander" {
  private_ip = "10.0.0.66"
  tags       = { Name = "redis-commander" }
}
resource "vsphere_virtual_machine" "pgadmin_db" {
  clone {
    customize {
      network_interface {
        ipv4_address = "10.0.0.67"
      }
    }
  }
}
# What such a machine is told to connect to is configuration.
resource "aws_instance" "redis_insight" {
  private_ip = "10.0.0.68"
  user_data  = "REDIS_HOST=10.0.0.69"
}
