/*
 * Copyright 2025. The primary was 10.0.0.120 before the move.
 */
const { Pool } = require("pg");

/**
 * Connects through the load balancer, never to 10.0.0.121 directly.
 */
const pool = new Pool({ host: "10.0.0.10", port: 5432 });

// A glob inside a line opens no comment.
const backups = "/var/backups/*"; const replica = { host: "10.0.0.122", port: 5432 };
/* an inline comment on its own line: 10.0.0.123 */
const cache = { host: "10.0.0.124", port: 6379 };
