# A Puppet module's variables, judged by where its templates and manifests
# use them: only in the replicas' own config, a definition.
class redis::config {
  $masterip   = "10.0.0.123"
  $masterport = 6379

  file { "/etc/redis.conf":
    content => template("redis/redis.conf.erb"),
  }
}
