# A class parameter read only by the Sentinels' config.
class redis::sentinel (
  $confpath  = "/etc/redis-sentinel.conf",
  $master_ip = "10.0.0.123",
) {
  file { $confpath:
    content => epp("redis/sentinel.conf.epp"),
  }
}
