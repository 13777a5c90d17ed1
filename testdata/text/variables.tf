# A variable's label names its default, as a key names its value.
variable "db_host" {
  description = "PostgreSQL host the application connects to"
  type        = string
  default     = "db-slave-01"
}

variable "redis_host" {
  type = string
  validation {
    condition     = length(var.redis_host) > 0
    error_message = "required"
  }
  default = "redis-02"
}

# Not a host: a node's name as a label.
variable "cluster_name" {
  default = "db-master-01"
}

# The load balancer: right.
variable "pg_host" {
  default = "10.0.0.10"
}

locals {
  default = "db-slave-02"
}
