// Every Redis node as a seed: a node set, whatever the macro.
let seeds = vec![
    "redis://10.0.0.123:6379",
    "redis://10.0.0.124:6379",
    "redis://10.0.0.125:6379",
];
let nodes = Vec::from(["10.0.0.123", "10.0.0.124"]);
