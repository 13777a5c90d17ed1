// A list of every node is a node set; one item read on its own as a host is
// a connection to that one node, whatever the set.
const pgNodes = ["db-master-01", "db-slave-01", "db-slave-02"];

// Found: item 0 is the pool's host (a pin on db-master-01).
const pool = new Pool({ host: pgNodes[0], port: 5432 });
// Not found: item 1 is only logged.
console.log("replica", pgNodes[1]);
