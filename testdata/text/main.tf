resource "kubernetes_config_map" "app" {
  data = {
    PGHOST     = "10.0.0.121"
    REDIS_HOST = "10.0.0.10"
    backup     = "10.0.0.77"
  }
}
