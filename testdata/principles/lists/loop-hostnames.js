// A loop assigns each item of its list to its variable: hostnames are hosts
// where the body uses the variable as one, judged as a node set.

// Found: one Redis node connected to (a pin).
for (const host of ["redis-02"]) {
  new Redis({ host: host, port: 6379 });
}

// Not found: every Redis node, a node set.
for (const h of ["redis-01", "redis-02", "redis-03"]) {
  new Redis({ host: h, port: 6379 });
}

// Not found: the variable only labels a metric.
for (const member of ["redis-01", "redis-02"]) {
  gauge.labels(member).set(1);
}
