# A resource named by a member (its `name`, or a DNS record's name with a
# domain after it) is that member's definition: its record, its nested
# network blocks and its start-up script's peers.
resource "aws_route53_record" "db_slave_02" {
  zone_id = aws_route53_zone.internal.zone_id
  name    = "db-slave-02.internal.example.com"
  type    = "A"
  records = ["10.0.0.122"]
}

resource "cloudflare_record" "redis_02" {
  name  = "redis-02"
  value = "10.0.0.124"
  type  = "A"
}

resource "google_compute_instance" "redis_01" {
  name = "redis-01"
  metadata_startup_script = <<-EOT
    #!/bin/bash
    echo "{ braces in a heredoc }"
    redis-server --replicaof 10.0.0.124 6379
  EOT
}

resource "hcloud_server" "db_master_01" {
  name = "db-master-01" # a comment { with a brace
  labels = { role = "postgres" }
  network {
    ip = "10.0.0.120"
  }
  user_data = "primary_conninfo='host=10.0.0.121 port=5432'"
}

# A resource named otherwise is a client: its addresses pin.
resource "aws_route53_record" "database" {
  name    = "database.internal.example.com"
  type    = "A"
  records = ["10.0.0.121"]
}

resource "kubernetes_config_map" "app" {
  metadata {
    name = "app"
  }
  data = {
    PGHOST = "10.0.0.121"
  }
}

# A member's name in a comment names nothing.
resource "aws_instance" "worker" {
  # name = "db-master-01"
  user_data = "REDIS_HOST=10.0.0.123"
}

# A name in a nested block defines that block only.
resource "aws_instance" "api" {
  tags = {
    Name = "db-slave-01"
  }
  user_data = "PGHOST=10.0.0.120"
}

# A block's label names it as a name does (a Nomad task of a member).
job "redis" {
  group "cache" {
    task "redis-02" {
      env {
        MASTER_HOST = "10.0.0.123"
      }
    }
    task "exporter" {
      env {
        REDIS_ADDR = "10.0.0.124:6379"
      }
    }
  }
}
