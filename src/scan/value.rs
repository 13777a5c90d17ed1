//! Reading one configuration value: the URLs, `key=value` pairs and
//! `host:port` forms inside it, and from them the context of each address.
//! Shared by every scanner that sees values (dotenv, text, and more).

use std::ops::Range;

use crate::address::Hit;
use crate::pack::Pack;

use super::{Because, Enclosure, FileScan, Reference, ServiceContext};

/// A `key=value`, `key: value` or `"key": "value"` pair inside a text.
#[derive(Debug)]
pub struct Pair {
    pub key: Range<usize>,
    pub value: Range<usize>,
}

/// The parts of a URL around an address.
pub struct UrlAround {
    /// The scheme, without a stray prefix (`url:` of `url:redis`).
    pub scheme: Range<usize>,
    /// A prefix was cut off the scheme as written.
    pub prefixed: bool,
    /// The address is the URL's host (not a path or query part).
    pub is_host: bool,
}

/// A value to analyse: its range in the file, the key it is assigned to (if
/// any), and the locator that names it in fingerprints.
pub struct Value<'a> {
    pub range: Range<usize>,
    pub key: Option<&'a str>,
    pub locator: &'a str,
    /// Context when neither the scheme nor a key says (an enclosing YAML key
    /// path, a client command): it never makes a hostname a host by itself.
    pub fallback: Option<ServiceContext>,
}

impl<'a> Value<'a> {
    pub fn new(range: Range<usize>, key: Option<&'a str>, locator: &'a str) -> Self {
        Value {
            range,
            key,
            locator,
            fallback: None,
        }
    }
}

/// Reports a reference for every hit inside `value`, and the secrets in it.
pub fn analyze(pack: &Pack, text: &str, value: &Value, hits: &[Hit], scan: &mut FileScan) {
    let pairs = pairs(text, value.range.clone());
    if let Some(key) = value.key
        && pack.secret_keys.is_match(key)
    {
        scan.secrets.push(trim_quotes(text, value.range.clone()));
    }
    for pair in &pairs {
        if pack.secret_keys.is_match(&text[pair.key.clone()]) {
            scan.secrets.push(trim_quotes(text, pair.value.clone()));
        }
    }
    for url_password in url_passwords(text, value.range.clone()) {
        scan.secrets.push(url_password);
    }
    for hit in hits {
        scan.references
            .push(reference(pack, text, value, &pairs, hit));
    }
}

fn reference(pack: &Pack, text: &str, value: &Value, pairs: &[Pair], hit: &Hit) -> Reference {
    let url = url_around(text, value.range.clone(), hit.span.clone());
    // Pairs are in order: the last one starting before the hit holds it, if any does.
    let before = pairs.partition_point(|p| p.value.start <= hit.span.start);
    let inner = before
        .checked_sub(1)
        .map(|i| &pairs[i])
        .filter(|p| hit.span.end <= p.value.end)
        .map(|p| &text[p.key.clone()]);
    let port = port_after(text, hit.span.end, value.range.end)
        .or_else(|| inner.is_some().then(|| libpq_port(text, pairs)).flatten());

    let mut context = None;
    if let Some(url) = &url {
        let scheme = &text[url.scheme.clone()];
        context = pack
            .service_of_scheme(scheme)
            .map(|service| ServiceContext {
                service,
                because: Because::Scheme(scheme.to_string()),
            });
    }
    for key in [inner, value.key].into_iter().flatten() {
        if context.is_none() {
            context = pack.service_of_key(key).map(|service| ServiceContext {
                service,
                because: Because::Key(key.to_string()),
            });
        }
    }
    if context.is_none() {
        context = value.fallback.clone();
    }
    if context.is_none() {
        context = port.and_then(|port| {
            pack.service_of_port(port).map(|service| ServiceContext {
                service,
                because: Because::Port(port),
            })
        });
    }

    let host_key = |key: &str| pack.host_keys.is_match(key) || pack.service_of_key(key).is_some();
    let keyed_as_host = match inner {
        Some(key) => host_key(key),
        None => value.key.is_some_and(host_key),
    };
    let as_host = match &url {
        Some(url) => url.is_host,
        None => keyed_as_host || port.is_some(),
    };
    Reference {
        hit: hit.clone(),
        value: text[hit.span.clone()].to_string(),
        port,
        context,
        as_host,
        locator: value.locator.to_string(),
        decoded: None,
        enclosure: Enclosure::default(),
    }
}

/// `:5432` right after the address, inside the value.
fn port_after(text: &str, end: usize, limit: usize) -> Option<u16> {
    let rest = text.get(end..limit)?.strip_prefix(':')?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    rest[..digits].parse().ok().filter(|p| *p != 0)
}

/// The `port=` pair of a libpq connection string.
fn libpq_port(text: &str, pairs: &[Pair]) -> Option<u16> {
    pairs
        .iter()
        .find(|p| text[p.key.clone()].eq_ignore_ascii_case("port"))
        .and_then(|p| text[trim_quotes(text, p.value.clone())].trim().parse().ok())
}

/// How far before an address its URL's `scheme://` may start, and how long
/// an authority may be: URLs are short, and bounds keep huge lines linear.
const MAX_URL_PREFIX: usize = 2048;
/// How long a scheme may be, for the same reason.
const MAX_SCHEME: usize = 256;

/// Where the authority starting at `start` ends (at `/`, `?`, `#` or a
/// character no URL has), within `limit` and a bounded length.
fn authority_end(text: &str, start: usize, limit: usize) -> usize {
    let bytes = text.as_bytes();
    let mut bound = limit.min(start.saturating_add(MAX_URL_PREFIX));
    while !text.is_char_boundary(bound) {
        bound -= 1;
    }
    (start..bound)
        .find(|&i| !is_url_byte(bytes[i]) || b"/?#".contains(&bytes[i]))
        .unwrap_or(bound)
}

/// Characters of a URL as written in configs; `{` and `}` included, for
/// templated userinfo such as `{{username}}:{{password}}@`.
fn is_url_byte(byte: u8) -> bool {
    !(byte.is_ascii_whitespace() || b"\"'`<>()[]|\\^".contains(&byte))
}

fn is_scheme_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"+-.:".contains(&byte)
}

/// The URL whose authority contains the address, if any: the one reading of
/// URLs that scanners and the triage share.
pub fn url_around(text: &str, value: Range<usize>, hit: Range<usize>) -> Option<UrlAround> {
    let bytes = text.as_bytes();
    // Walk back over URL characters to find the nearest `://` before the hit.
    let mut position = hit.start;
    let mut separator = None;
    // URLs are short: a bounded walk keeps a 40 MB line with many hits linear.
    let floor = value.start.max(hit.start.saturating_sub(MAX_URL_PREFIX));
    while position > floor && is_url_byte(bytes[position - 1]) {
        position -= 1;
        if bytes[position..].starts_with(b"://") && position + 3 <= hit.start {
            separator = Some(position);
            break;
        }
    }
    let separator = separator?;
    let mut scheme_start = separator;
    let scheme_floor = value.start.max(separator.saturating_sub(MAX_SCHEME));
    while scheme_start > scheme_floor && is_scheme_byte(bytes[scheme_start - 1]) {
        scheme_start -= 1;
    }
    let written = scheme_start..separator;
    let scheme = trim_scheme(text, written.clone());
    let prefixed = scheme != written;
    let authority_start = separator + 3;
    let authority_end = authority_end(text, authority_start, value.end);
    if hit.start >= authority_end {
        // In the path or query: part of a URL, but not its host.
        return Some(UrlAround {
            scheme: written,
            prefixed: false,
            is_host: false,
        });
    }
    let authority = &text[authority_start..authority_end];
    let at = authority.rfind('@').map(|i| authority_start + i);
    let host_start = at.map_or(authority_start, |at| at + 1);
    // Multi-host URLs list hosts separated by commas: `host1:5432,host2:5432`.
    // (An `@` after the address, as in `://10.0.0.1@x`, makes it userinfo.)
    let is_host = bytes.get(host_start..hit.start).is_some_and(|before| {
        before
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || b"-.:,[]".contains(b))
    }) && (hit.start == host_start || bytes[hit.start - 1] == b',');
    Some(UrlAround {
        scheme,
        prefixed,
        is_host,
    })
}

/// `jdbc:postgresql` stays whole; a stray prefix such as `url:` before a scheme does not.
fn trim_scheme(text: &str, scheme: Range<usize>) -> Range<usize> {
    let written = &text[scheme.clone()];
    match written.rfind(':') {
        Some(colon) if !written.starts_with("jdbc:") => scheme.start + colon + 1..scheme.end,
        _ => scheme,
    }
}

/// The password of every URL in the value (`scheme://user:PASSWORD@host`),
/// unless it is a template placeholder such as `{{password}}` or `${PASS}`.
fn url_passwords(text: &str, value: Range<usize>) -> Vec<Range<usize>> {
    let slice = &text[value.clone()];
    let mut found = Vec::new();
    for (offset, _) in slice.match_indices("://") {
        let authority_start = value.start + offset + 3;
        let authority_end = authority_end(text, authority_start, value.end);
        let authority = &text[authority_start..authority_end];
        let Some(at) = authority.rfind('@') else {
            continue;
        };
        let userinfo = &authority[..at];
        if let Some(colon) = userinfo.find(':') {
            let password = &userinfo[colon + 1..];
            if !password.is_empty() && !is_placeholder(password) {
                found.push(authority_start + colon + 1..authority_start + at);
            }
        }
    }
    found
}

fn is_placeholder(text: &str) -> bool {
    let braced = |open: &str, close: &str| {
        text.starts_with(open) && text.ends_with(close) && !text[open.len()..].contains(open)
    };
    braced("{{", "}}")
        || braced("${", "}")
        || (text.starts_with('$')
            && text[1..]
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_'))
}

/// The range without one pair of surrounding quotes.
pub fn trim_quotes(text: &str, range: Range<usize>) -> Range<usize> {
    let slice = &text[range.clone()];
    if slice.trim().is_empty() {
        return range.start..range.start;
    }
    let trimmed_start = range.start + (slice.len() - slice.trim_start().len());
    let trimmed_end = range.end - (slice.len() - slice.trim_end().len());
    let inner = &text[trimmed_start..trimmed_end];
    for quote in ['"', '\''] {
        if inner.len() >= 2 && inner.starts_with(quote) && inner.ends_with(quote) {
            return trimmed_start + 1..trimmed_end - 1;
        }
    }
    trimmed_start..trimmed_end
}

fn is_key_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"_.-".contains(&byte)
}

/// The `key=value`, `key: value` and `"key": "value"` pairs in `range`. A key
/// starts the range, or follows whitespace, `,`, `;`, `{`, `&` or `?`; a `:`
/// separator needs whitespace or a quote after it (so `host:5432` and
/// `user:pw@` are not pairs) and a quoted key or a key that starts the text.
pub fn pairs(text: &str, range: Range<usize>) -> Vec<Pair> {
    let bytes = text.as_bytes();
    let content_start = (range.start..range.end)
        .find(|&i| !bytes[i].is_ascii_whitespace() && bytes[i] != b'-')
        .unwrap_or(range.end);
    let mut found: Vec<Pair> = Vec::new();
    let mut position = range.start;
    while position < range.end {
        let boundary = position == range.start || b" \t,;{&?(".contains(&bytes[position - 1]);
        if !boundary {
            position += 1;
            continue;
        }
        let quoted = matches!(bytes[position], b'"' | b'\'');
        let key_start = position + usize::from(quoted);
        let mut key_end = key_start;
        while key_end < range.end && is_key_byte(bytes[key_end]) {
            key_end += 1;
        }
        if key_end == key_start || (quoted && bytes.get(key_end) != Some(&bytes[position])) {
            position += 1;
            continue;
        }
        let mut separator = key_end + usize::from(quoted);
        while separator < range.end && (bytes[separator] == b' ' || bytes[separator] == b'\t') {
            separator += 1;
        }
        let accepted = match bytes.get(separator) {
            Some(b'=') if separator < range.end => bytes.get(separator + 1) != Some(&b'='),
            Some(b':') if separator < range.end => {
                let after = bytes.get(separator + 1);
                let spaced = after
                    .is_none_or(|b| b.is_ascii_whitespace() || *b == b'"' || *b == b'\'')
                    || separator + 1 == range.end;
                spaced
                    && (quoted
                        || position == content_start
                        || position
                            .checked_sub(1)
                            .is_some_and(|before| matches!(bytes[before], b'{' | b',')))
            }
            _ => false,
        };
        if !accepted {
            position = key_end.max(position + 1);
            continue;
        }
        let value_start = separator + 1;
        if let Some(previous) = found.last_mut() {
            previous.value.end = previous.value.end.min(position);
        }
        found.push(Pair {
            key: key_start..key_end,
            value: value_start..range.end,
        });
        position = value_start;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<(&str, &str)> {
        pairs(text, 0..text.len())
            .into_iter()
            .map(|p| (&text[p.key], text[p.value].trim()))
            .collect()
    }

    #[test]
    fn pairs_of_common_forms() {
        assert_eq!(keys("DB_HOST=10.0.0.1"), [("DB_HOST", "10.0.0.1")]);
        assert_eq!(keys("  host: 10.0.0.1"), [("host", "10.0.0.1")]);
        assert_eq!(
            keys(r#"{"host": "10.0.0.1", "port": 5432}"#),
            [("host", "\"10.0.0.1\","), ("port", "5432}")]
        );
        assert_eq!(
            keys("host=10.0.0.1 port=5432 dbname=app"),
            [("host", "10.0.0.1"), ("port", "5432"), ("dbname", "app")]
        );
        assert!(keys("postgresql://user:pw@10.0.0.1:5432/db").is_empty());
        assert!(keys("db:5432").is_empty());
        assert!(keys("[[ a == b ]]").is_empty());
    }

    #[test]
    fn url_password_spans_skip_placeholders() {
        let text =
            "postgresql://app:s3cret@10.0.0.1:5432/app postgresql://{{username}}:{{password}}@h/x";
        let found: Vec<&str> = url_passwords(text, 0..text.len())
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(found, ["s3cret"]);
    }
}
