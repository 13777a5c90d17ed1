# A hash keyed by members' names, each with its own address, defines them,
# over lines or on one.
NODES = {
  "db-master-01" => "10.0.0.120",
  'redis-02'     => '10.0.0.124',
}
SENTINELS = { "redis-01" => "10.0.0.123", "redis-03" => "10.0.0.125" }
# A name that is another member's pins the address it is given.
ROUTES = { "db-slave-01" => "10.0.0.122" }
# A host key is a connection whatever the hash.
DATABASE = { "host" => "10.0.0.121", "port" => 5432 }
