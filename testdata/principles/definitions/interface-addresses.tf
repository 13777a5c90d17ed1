# The addresses a machine's interface is given are its own: a node's ENI
# defines it, whether the key holds one address or a list of them.
resource "aws_network_interface" "redis_03" {
  subnet_id   = aws_subnet.main.id
  private_ips = ["10.0.0.125"]
}

resource "aws_network_interface" "pg" {
  subnet_id             = aws_subnet.main.id
  secondary_private_ips = [
    "10.0.0.121",
    "10.0.0.122",
  ]
}

# A list under any other key is what it always was: a pin to one node.
resource "aws_ssm_parameter" "api" {
  name  = "/api/redis_hosts"
  value = jsonencode(["10.0.0.124"])
}
