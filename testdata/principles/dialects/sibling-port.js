// An object's `port` is its host's port, on one line or on many.
const pool = new Pool({
  host: '10.0.0.125',
  port: 5432,
});

const sessions = new Redis({
  port: 6379,
  host: "db-slave-01",
});

// A port that is no number says nothing.
const events = new Redis({
  host: "10.0.0.122",
  port: process.env.PORT,
});
