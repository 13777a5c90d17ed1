# A machine given a node's address under an own-address key is that node.
resource "aws_instance" "db_slave" {
  ami        = "ami-0abc"
  private_ip = "10.0.0.121"
}

# A client machine's configuration pins.
resource "aws_instance" "api" {
  ami       = "ami-0abc"
  user_data = "PGHOST=10.0.0.122"
}

variable "pg_host" {
  default = "10.0.0.120"
}

# The own-address keys of other clouds: GCP, Azure.
resource "google_compute_instance" "db_master" {
  name = "db-master-01"
  network_interface {
    network_ip = "10.0.0.120"
  }
}

resource "azurerm_network_interface" "db_replica" {
  ip_configuration {
    private_ip_address_allocation = "Static"
    private_ip_address            = "10.0.0.122"
  }
}

# A load balancer's one target is a pin, as an upstream of one node is.
resource "aws_lb_target_group_attachment" "redis" {
  target_id = "10.0.0.123"
  port      = 6379
}
