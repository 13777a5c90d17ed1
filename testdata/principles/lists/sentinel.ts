// A list of mappings is one list: each item names its member by its first
// address, the port written beside it.
export const complete = {
  redis: {
    name: "mymaster",
    sentinels: [
      { host: "10.0.0.123", port: 26379 },
      { host: "10.0.0.124", port: 26379 },
      { host: "10.0.0.125", port: 26379 },
    ],
  },
};

export const incomplete = {
  redis: {
    name: "mymaster",
    sentinels: [{ host: "10.0.0.123", port: 26379 }, { host: "10.0.0.124", port: 26379 }],
  },
};
