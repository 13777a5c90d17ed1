# A block's type and labels give its values a service.
provider "postgresql" {
  host = "10.0.0.123"
  port = 5432
}

resource "redis_instance" "cache" {
  host = "db-master-01"
}

module "app" {
  source = "./app"
  # A nested block: the nearest service word wins.
  redis {
    endpoint = "10.0.0.122"
  }
}

# An unknown private address in a service's block bypasses the load balancer…
resource "redis_instance" "legacy" {
  host = "10.0.0.50"
}

# …but a network's block gives nothing below it a service.
resource "docker_network" "redis_network" {
  driver_options {
    host = "10.0.0.50"
  }
}
