# HCL objects over several lines, each naming one node: one list.
locals {
  pg_candidates = [
    {
      zone = "a"
      host = "10.0.0.120"
    },
    {
      zone = "b"
      host = "10.0.0.121"
    },
  ]

  replica_hosts = [
    {
      zone = "b"
      host = "10.0.0.121"
    },
    {
      zone = "c"
      host = "10.0.0.122"
    },
  ]
}
