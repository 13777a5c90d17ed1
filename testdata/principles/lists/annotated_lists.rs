// Rust writes a constant's type before its `=`.
const CANDIDATE_IPS: [&str; 3] = ["10.0.0.120", "10.0.0.121", "10.0.0.123"];
// Right.
pub static PG_CANDIDATES: &[&str] = &["10.0.0.120", "10.0.0.121", "10.0.0.122"];
