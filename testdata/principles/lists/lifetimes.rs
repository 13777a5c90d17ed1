// A lifetime's quote (`&'static str`) opens no string, and `&[…]` is the
// array it slices: each is one list.
const PG_CANDIDATES: [&'static str; 3] = ["10.0.0.120", "10.0.0.121", "10.0.0.122"];
const REDIS_CANDIDATES: [&'static str; 2] = ["10.0.0.123", "10.0.0.120"];
static PG_CANDIDATE_IPS: &[&'static str] = &["10.0.0.120", "10.0.0.121"];
pub static SENTINEL_CANDIDATES: &[&str] = &["10.0.0.123", "10.0.0.124", "10.0.0.125"];
// A char literal is a quote all the same.
const SEPARATOR: char = '[';
