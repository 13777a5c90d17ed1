# Read by a client's command: a reference. Read nowhere: a reference.
class redis::check {
  $probe_host = "10.0.0.124"
  $primary_db = "10.0.0.120"

  exec { "probe":
    command => "/usr/bin/redis-cli -h ${probe_host} ping",
  }
}
