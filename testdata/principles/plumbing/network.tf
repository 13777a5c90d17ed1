resource "aws_subnet" "data" {
  cidr_block = "10.0.0.0/24"
}
resource "aws_security_group_rule" "pg" {
  cidr_blocks = ["10.0.0.120/32"]
}
