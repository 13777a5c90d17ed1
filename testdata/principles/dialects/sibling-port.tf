# A block's `port` argument is its host's port.
resource "postgresql_server" "reporting" {
  host = "10.0.0.123"
  port = 5432
}

module "cache" {
  address = "10.0.0.124"
  port    = 26379
}
