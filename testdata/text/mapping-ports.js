// A mapping's port entry on a line of its own is its host's, after a comma
// or nothing: the load balancer alone in a file, with a port it does not
// serve for the mapping's service, is found.
const db = {
  host: "10.0.0.10",
  user: "app",
  port: 6379,
};
const cache = {
  host: "10.0.0.10",
  port: 6379,
};
const pool = new Pool({
  host: "10.0.0.10",
  database: "app",
  port: 5432,
});
