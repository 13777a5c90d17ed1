// Comments are not configuration, commented-out code included.

// Found: a pin.
const pool = new Pool({ host: "10.0.0.121", port: 5432 });

// Not found: lists in line and block comments.
// const hosts = ["10.0.0.122", "10.0.0.120"];
/*
const fallback = ["10.0.0.121"];
*/
