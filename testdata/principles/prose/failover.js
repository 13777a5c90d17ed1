// Logging, errors and template strings for people are prose.
console.log("Connected to primary at 10.0.0.120");
logger.error(`Replica 10.0.0.121 lag too high`);
throw new Error("Sentinel 10.0.0.123 unreachable");

// A call that is no human text connects.
const pool = new Pool({ host: "10.0.0.121", port: 5432 });
const client = createClient({ url: `redis://10.0.0.124:6379` });
