# An app named "inventory" is no Ansible inventory: its Vault connection to
# one node is a pin, whatever the file is called.
resource "vault_database_secret_backend_connection" "inventory_sync" {
  backend = "database"
  name    = "inventory-sync"
  postgresql {
    connection_url = "postgresql://{{username}}:{{password}}@10.0.0.121:5432/inventory"
  }
}
