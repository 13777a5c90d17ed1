// Membership tests and `case` labels interpret an address.
function roleOf(ip) {
  if (["10.0.0.121", "10.0.0.122"].includes(ip)) return "replica";
  switch (ip) {
    case "10.0.0.120":
      return "primary";
  }
  return ip !== "10.0.0.123" ? "unknown" : "redis";
}

// A list that is used, not tested against: pins.
const replicas = ["10.0.0.121", "10.0.0.122"];
replicas.forEach((host) => new Pool({ host }));
const cache = new Redis({ host: "10.0.0.124", port: 6379 });
