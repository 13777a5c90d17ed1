//! The ports of a flat namespace: a host key's port is the key named like
//! it with `port` for its host word (`DB_HOST=10.0.0.10` then
//! `DB_PORT=5000`), in an `.env` file, an `environment:` map, a script's
//! variables, a properties file (`spring.data.redis.host` and
//! `spring.data.redis.port`) or a module's constants.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use regex::bytes::Regex;

use crate::pack::{Pack, normalize_key};

use super::strip_quotes;
use super::value::{annotated_assignment, pairs};

/// The ports of a flat namespace (see the module), by the words of their
/// keys, as a mapping's `port` is its `host`'s.
#[derive(Default)]
pub struct FlatPorts {
    by_words: HashMap<String, u16>,
}

impl FlatPorts {
    /// Of `(key, value)` entries: each whose value is a port.
    pub fn of<'t>(entries: impl Iterator<Item = (&'t str, &'t str)>) -> Self {
        let by_words = entries
            .filter_map(|(key, value)| {
                let port = value.trim().trim_matches(['"', '\'']).trim().parse().ok()?;
                Some((normalize_key(key).to_string(), port))
            })
            .collect();
        FlatPorts { by_words }
    }

    /// Of the keys of `text` whose value is a number ([`ported_keys`]).
    pub fn of_text(pack: &Pack, text: &str) -> Self {
        let by_words = ported_keys(pack, text)
            .into_iter()
            .filter_map(|(words, port)| Some((words, port?)))
            .collect();
        FlatPorts { by_words }
    }

    pub fn is_empty(&self) -> bool {
        self.by_words.is_empty()
    }

    /// The port of host key `key` holding `value`: none for a URL, which
    /// carries its own.
    pub fn of_host(&self, pack: &Pack, key: &str, value: &str) -> Option<u16> {
        if self.by_words.is_empty() || value.contains("://") || !pack.key_facts(key).host {
            return None;
        }
        port_named_for(pack, key, &self.by_words).copied()
    }
}

/// What `by_words` holds for the port key named for host key `key`
/// ([`Pack::port_key_names`]).
pub(crate) fn port_named_for<'m, T>(
    pack: &Pack,
    key: &str,
    by_words: &'m HashMap<String, T>,
) -> Option<&'m T> {
    pack.port_key_names(key)
        .iter()
        .find_map(|name| by_words.get(name))
}

/// Each key of `text` whose name ends in `port` and whose value is a number
/// (`DB_PORT=5000`, `"REDIS_PORT": "6379"`), by its words; and each env
/// entry so named (`{name: DB_PORT, value: …}`), its port read on its
/// name's line or the next (`None` when not there). Read from each `port`
/// in the text, a literal found fast: most texts hold a few.
pub(crate) fn ported_keys(pack: &Pack, text: &str) -> HashMap<String, Option<u16>> {
    // A constant pattern, compiled in every test run.
    static PORT_WORD: LazyLock<Regex> =
        LazyLock::new(|| Regex::new("(?i-u)port").expect("the port word pattern is valid"));
    let bytes = text.as_bytes();
    let mut ports = HashMap::new();
    let mut entries = Vec::new();
    for found in PORT_WORD.find_iter(bytes) {
        let end = found.end();
        if bytes.get(end).copied().is_some_and(is_key_byte) {
            continue; // the name goes on (`ports`, `port_name`)
        }
        let start = key_start(bytes, found.start());
        // Key bytes are ASCII: both ends fall between characters.
        let name = normalize_key(&text[start..end]).to_string();
        if let Some(port) = port_after_key(&bytes[end..]) {
            ports.insert(name, Some(port));
        } else if entry_name_key(bytes, start)
            .is_some_and(|key| pack.syntax.value_name_keys.is_match(&text[key]))
        {
            entries.push((name, entry_port(&bytes[end..])));
        }
    }
    for (name, port) in entries {
        ports.entry(name).or_insert(port);
    }
    ports
}

/// Whether `byte` may stand in a key's name (`DB_PORT`, `db.port`, `db-port`).
/// Whether `byte` may be part of a key's name (`db.host`, `redis-host`).
pub(crate) fn is_key_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"_.-".contains(&byte)
}

/// Where the key's name that ends at `end` of `bytes` starts. A name is
/// ASCII: the byte before it, which is no name's, ends a character.
pub(crate) fn key_start(bytes: &[u8], end: usize) -> usize {
    bytes[..end]
        .iter()
        .rposition(|&b| !is_key_byte(b))
        .map_or(0, |at| at + 1)
}

/// The port a key's value starts `after` with (`=5000`, `": "6379"`, `: +80`,
/// a declaration's `: int = 5432`).
fn port_after_key(after: &[u8]) -> Option<u16> {
    port_after_separator(after, b"=:").or_else(|| {
        let colon = after.iter().position(|&b| b != b' ' && b != b'\t')?;
        (after[colon] == b':')
            .then(|| annotated_assignment(after, colon + 1, after.len()))
            .flatten()
            .and_then(|assignment| port_after_separator(&after[assignment..], b"="))
    })
}

/// The port after `after`'s opening: a quote closing the key, blanks, one
/// of `separators`, blanks, a quote, blanks, a `+`, then one to five digits
/// that no name character follows. Read by hand: it is asked of every
/// `port` in every text the triage reads, and a regex with captures costs
/// several times more.
fn port_after_separator(after: &[u8], separators: &[u8]) -> Option<u16> {
    let blanks = |at: usize| {
        at + after[at..]
            .iter()
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .count()
    };
    let quote =
        |at: usize| at + usize::from(after.get(at).is_some_and(|b| matches!(b, b'"' | b'\'')));
    let at = blanks(quote(0));
    if !after.get(at).is_some_and(|b| separators.contains(b)) {
        return None;
    }
    let mut at = blanks(quote(blanks(at + 1)));
    if after.get(at) == Some(&b'+') {
        at += 1;
    }
    let digits = after[at..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    let ends_name = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.');
    if !(1..=5).contains(&digits) || after.get(at + digits).is_some_and(ends_name) {
        return None;
    }
    number(&after[at..at + digits])
}

/// The name key whose value is the name starting at `start`
/// (`name: DB_PORT`, `"key": "DB_PORT"`), by its range in `bytes`.
fn entry_name_key(bytes: &[u8], start: usize) -> Option<Range<usize>> {
    let mut at = start;
    let skip = |at: &mut usize, allowed: &[u8]| {
        while *at > 0 && allowed.contains(&bytes[*at - 1]) {
            *at -= 1;
        }
    };
    if at > 0 && b"\"'".contains(&bytes[at - 1]) {
        at -= 1;
    }
    skip(&mut at, b" \t");
    if at == 0 || !b":=".contains(&bytes[at - 1]) {
        return None;
    }
    at -= 1;
    skip(&mut at, b" \t");
    if at > 0 && b"\"'".contains(&bytes[at - 1]) {
        at -= 1;
    }
    let end = at;
    while at > 0 && (bytes[at - 1].is_ascii_alphabetic() || bytes[at - 1] == b'_') {
        at -= 1;
    }
    (at < end).then_some(at..end)
}

/// The port of an env entry's `value`, on its name's line or the next
/// (`- name: DB_PORT` then `value: "5000"`); elsewhere it is not read. The
/// first `value` word, within the rest of the name's line and the next
/// (it may start the line after), that a port follows.
fn entry_port(after: &[u8]) -> Option<u16> {
    let word_byte = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    // Searched no further than a `value` starting right after the next
    // line's end: a text of many entries costs no more than its length.
    let next_line_end = memchr::memchr_iter(b'\n', after).nth(1);
    let window = next_line_end.map_or(after.len(), |end| {
        (end + 1 + b"value".len()).min(after.len())
    });
    memchr::memmem::find_iter(&after[..window], b"value")
        .filter(|&at| at > 0 && !word_byte(after[at - 1]))
        .find_map(|at| port_after_separator(&after[at + b"value".len()..], b":"))
}

/// The port `digits` write, if they write one.
fn number(digits: &[u8]) -> Option<u16> {
    std::str::from_utf8(digits).ok()?.parse().ok()
}

/// The key of the pair in `range` of `text` whose value holds `at`, as the
/// value scanner reads pairs: a call's quoted first argument names the one
/// after it (`getenv("DB_HOST", "10.0.0.10")`).
pub(crate) fn pair_key_at(text: &str, range: Range<usize>, at: usize) -> Option<&str> {
    pairs(text, range)
        .into_iter()
        .rfind(|pair| pair.value.start <= at && at < pair.value.end)
        .map(|pair| strip_quotes(&text[pair.key]))
}

#[cfg(test)]
mod tests {
    use super::{entry_port, port_after_key};

    #[test]
    fn a_port_follows_its_key_after_one_separator() {
        for (after, port) in [
            ("=5000", Some(5000)),
            ("\": \"6379\"", Some(6379)),
            (": +80\n", Some(80)),
            ("' = '5432',", Some(5432)),
            ("=65535", Some(65535)),
            // Too many digits, no number, a name going on, two separators.
            ("=123456", None),
            ("=70000", None),
            (": abc", None),
            ("=5000x", None),
            ("=5.1", None),
            (": int = 5432", Some(5432)),
            (": Optional[int] = 6379", Some(6379)),
            (": int == 5432", None),
            ("==5000", None),
            ("5000", None),
        ] {
            assert_eq!(port_after_key(after.as_bytes()), port, "{after:?}");
        }
    }

    #[test]
    fn an_entry_port_is_the_first_value_on_the_name_line_or_the_next() {
        for (after, port) in [
            ("\n  value: \"5000\"\n", Some(5000)),
            (", value: 6379}", Some(6379)),
            ("\"\n  \"value\": \"5432\"", Some(5432)),
            // The first `value` with a port wins; a name's own `value`
            // part is no key.
            (" myvalue: 1, value: 2", Some(2)),
            // Two lines down, no port, `=` (an entry's value is a mapping's).
            ("\n\n  value: 5000", None),
            ("\n  value: http", None),
            (" value=5000", None),
            ("value: 5000", None),
        ] {
            assert_eq!(entry_port(after.as_bytes()), port, "{after:?}");
        }
    }
}
