//! Globs and regular expressions compiled once per process, by their
//! source. A review of a change of the topology loads the pack in the work
//! tree, the base's and the head's: they share their vocabulary and most
//! exceptions, and compiling those again was most of each load.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use globset::GlobSet;
use regex::Regex;

use crate::walk::lock;

type Cache<T> = OnceLock<Mutex<HashMap<String, T>>>;

static GLOB_SETS: Cache<GlobSet> = OnceLock::new();
static REGEXES: Cache<Regex> = OnceLock::new();

/// The glob set `key` describes (its globs, as written), built by `build`
/// the first time; a failure is not remembered.
pub fn glob_set<E>(key: String, build: impl FnOnce() -> Result<GlobSet, E>) -> Result<GlobSet, E> {
    memoized(&GLOB_SETS, key, build)
}

/// `Regex::new(pattern)`, compiled the first time.
pub fn regex(pattern: &str) -> Result<Regex, regex::Error> {
    memoized(&REGEXES, pattern.to_string(), || Regex::new(pattern))
}

fn memoized<T: Clone, E>(
    cache: &Cache<T>,
    key: String,
    build: impl FnOnce() -> Result<T, E>,
) -> Result<T, E> {
    let cache = cache.get_or_init(Mutex::default);
    if let Some(found) = lock(cache).get(&key) {
        return Ok(found.clone());
    }
    let built = build()?;
    lock(cache).insert(key, built.clone());
    Ok(built)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_pattern_compiles_alike_from_the_cache_and_failures_stay_errors() {
        let first = super::regex(r"(?m)^\s*sentinel\s+monitor\s").expect("valid");
        let again = super::regex(r"(?m)^\s*sentinel\s+monitor\s").expect("valid");
        assert_eq!(first.as_str(), again.as_str());
        assert!(again.is_match("  sentinel monitor mymaster 10.0.0.123 6379 2"));
        assert!(super::regex("(unclosed").is_err());
        assert!(
            super::regex("(unclosed").is_err(),
            "an error is not cached as a success"
        );
    }
}
