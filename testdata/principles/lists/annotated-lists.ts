export const CANDIDATE_IPS: string[] = ['10.0.0.120', '10.0.0.122', '10.0.0.124'] as const;
// Right: the Redis nodes, for a Redis list.
export const redisCandidates: ReadonlyArray<string> = ["10.0.0.123", "10.0.0.124", "10.0.0.125"];
