# Each heredoc is a file of its own to a content rule: the Patroni config
# that cloud-init writes names its own node, the Sentinel config its
# master, and neither covers the resources around them.
resource "aws_instance" "pg" {
  ami       = "ami-123"
  user_data = <<-EOF
    #cloud-config
    write_files:
      - path: /etc/patroni.yml
        content: |
          scope: pg
          restapi:
            connect_address: 10.0.0.120:8008
          postgresql:
            connect_address: 10.0.0.120:5432
      - path: /etc/app.env
        content: |
          PGHOST=10.0.0.122
  EOF
}

resource "aws_instance" "sentinel" {
  user_data = <<-EOT
    #!/bin/bash
    cat > /etc/redis/sentinel.conf <<CONF
    sentinel monitor mymaster 10.0.0.123 6379 2
    CONF
  EOT
}

resource "aws_instance" "app" {
  tags = {
    DB_HOST = "10.0.0.121"
  }
  # A shift is no heredoc.
  cpu_credits = 1 <<2
}
