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
