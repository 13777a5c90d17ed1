// The same mapping in TypeScript: on the address's line, or heading its block.
export function addressOf(leader: string): string {
  if (leader === "db-master-01") return "10.0.0.120";
  switch (leader) {
    case "redis-01":
      return "10.0.0.123";
    case "redis-02":
      return "10.0.0.125";
  }
  if (leader !== "db-slave-01") return "10.0.0.121";
  return "10.0.0.120";
}
