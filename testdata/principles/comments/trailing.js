// Comments are not configuration, after code too.
const pool = new Pool({ host: "10.0.0.10", port: 5432 }); // was 10.0.0.120
/* host: "10.0.0.121" */
// Found: the code before a comment is read (a pin on 10.0.0.122).
const replica = new Pool({ host: "10.0.0.122" }); // reporting only
// Not a comment: a URL's `//` follows its scheme.
const cache = "redis://10.0.0.123:6379/0";
