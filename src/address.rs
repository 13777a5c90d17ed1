//! The one matcher for addresses: IPv4 literals and configured hostnames, with
//! exact boundaries. Every scanner finds addresses through [`AddressMatcher`],
//! so the boundary rules live here only.

use std::net::Ipv4Addr;
use std::ops::Range;

use aho_corasick::AhoCorasick;

use crate::pack::{Pack, Role};

/// What an address in a file denotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// An address or hostname the pack knows.
    Known(Role),
    /// An IPv4 literal inside a private network that the pack does not know.
    UnknownPrivate(Ipv4Addr),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// An IPv4 literal: a strong reference.
    Ip,
    /// A configured hostname: a weak reference, reported only where used as a host.
    Hostname,
}

/// One address found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub span: Range<usize>,
    pub target: Target,
    pub form: Form,
}

/// Finds the pack's addresses in text. Built once per scan and shared.
pub struct AddressMatcher<'p> {
    /// The pack's hostnames (built and validated with the pack).
    hostnames: Option<&'p AhoCorasick>,
    /// The role of each hostname pattern.
    roles: &'p [Role],
}

impl<'p> AddressMatcher<'p> {
    pub fn new(pack: &'p Pack) -> Self {
        let (hostnames, roles) = pack.hostname_search();
        AddressMatcher { hostnames, roles }
    }

    /// Every address in `text` that the pack knows or that lies in a private
    /// network, in order of position, without overlaps.
    pub fn find(&self, pack: &Pack, text: &str) -> Vec<Hit> {
        self.find_in(pack, text, true)
    }

    /// As [`find`](Self::find); `names` false skips the hostname search (the
    /// prefilter saw no name in the text).
    pub fn find_in(&self, pack: &Pack, text: &str, names: bool) -> Vec<Hit> {
        let mut hits = Vec::new();
        for (span, address) in ipv4_literals(text.as_bytes()) {
            let target = match pack.role_of_address(address) {
                Some(role) => Target::Known(role),
                None if pack.is_private(address) => Target::UnknownPrivate(address),
                None => continue,
            };
            hits.push(Hit {
                span,
                target,
                form: Form::Ip,
            });
        }
        if let Some(automaton) = self.hostnames.filter(|_| names) {
            let bytes = text.as_bytes();
            let mut names: Vec<Hit> = automaton
                .find_overlapping_iter(text)
                .filter(|m| hostname_boundaries(bytes, m.start(), m.end()))
                .map(|m| Hit {
                    span: m.start()..m.end(),
                    target: Target::Known(self.roles[m.pattern().as_usize()]),
                    form: Form::Hostname,
                })
                .collect();
            // Prefer the longest name where candidates overlap.
            names.sort_by_key(|h| (h.span.start, std::cmp::Reverse(h.span.end)));
            // The literals come in order and never overlap: the one that may
            // overlap a name is the first that ends after the name starts.
            let literals = hits.len();
            let overlaps_a_literal = |hits: &[Hit], name: &Range<usize>| {
                let ips = &hits[..literals];
                let first = ips.partition_point(|ip| ip.span.end <= name.start);
                ips.get(first).is_some_and(|ip| overlaps(&ip.span, name))
            };
            let mut last_end = 0;
            for hit in names {
                if hit.span.start >= last_end && !overlaps_a_literal(&hits, &hit.span) {
                    last_end = hit.span.end;
                    hits.push(hit);
                }
            }
            hits.sort_by_key(|h| h.span.start);
        }
        hits
    }
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

fn is_name_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_'
}

/// A hostname stands alone: no name character or `.` before it (it is not a
/// subdomain of something else), no name character after it (`.` may follow:
/// `db-slave-02.internal` is that host) and no expansion continuing it
/// (`redis-0{{ i }}`). The `-` of a parameter default
/// (`${PGHOST:-db-master-01}`) is no name character: no name has a `:`.
fn hostname_boundaries(bytes: &[u8], start: usize, end: usize) -> bool {
    let default_operator = start >= 2 && &bytes[start - 2..start] == b":-";
    let before_ok = start == 0
        || default_operator
        || !(is_name_byte(bytes[start - 1]) || bytes[start - 1] == b'.');
    let after_ok =
        end == bytes.len() || !(is_name_byte(bytes[end]) || continued_by_expansion(bytes, end));
    before_ok && after_ok
}

/// Every dotted-quad IPv4 literal with exact boundaries: not preceded by a digit
/// or `.`, not followed by a letter, a digit, `.digit` or an expansion
/// (`10.0.0.120` does not match in `110.0.0.120`, `10.0.0.1200`,
/// `10.0.0.120.5` or `10.0.0.120${i}`). Octets with leading
/// zeros are not addresses.
pub fn ipv4_literals(bytes: &[u8]) -> impl Iterator<Item = (Range<usize>, Ipv4Addr)> + '_ {
    // Every address has a dot after its first octet: jump from dot to dot
    // (SIMD memchr) instead of looking at every byte.
    let mut search_from = 0;
    std::iter::from_fn(move || {
        while let Some(found) = memchr::memchr(b'.', &bytes[search_from.min(bytes.len())..]) {
            let dot = search_from + found;
            search_from = dot + 1;
            let mut start = dot;
            while start > 0 && dot - start < 3 && bytes[start - 1].is_ascii_digit() {
                start -= 1;
            }
            let preceded =
                start > 0 && (bytes[start - 1].is_ascii_digit() || bytes[start - 1] == b'.');
            if start == dot || preceded {
                continue;
            }
            if let Some((end, address)) =
                parse_dotted_quad(bytes, start).filter(|(end, _)| ip_end_boundary(bytes, *end))
            {
                search_from = end;
                return Some((start..end, address));
            }
        }
        None
    })
}

/// `text` as a whole IPv4 address (`10.0.0.120`, not `010.0.0.120` or `10.0.0.120:5432`).
pub fn parse_ipv4(text: &str) -> Option<Ipv4Addr> {
    parse_dotted_quad(text.as_bytes(), 0)
        .filter(|(end, _)| *end == text.len())
        .map(|(_, address)| address)
}

/// What `name` (an IPv4 address or a hostname, written alone) denotes in the
/// pack, if anything.
pub fn role_of_name(pack: &Pack, name: &str) -> Option<Role> {
    parse_ipv4(name)
        .and_then(|address| pack.role_of_address(address))
        .or_else(|| pack.role_of_hostname(name))
}

/// The member `name` denotes: its address or hostname, or a DNS name below
/// one of its hostnames (`db-master-01.internal`).
pub fn role_of_any_name(pack: &Pack, name: &str) -> Option<Role> {
    role_of_name(pack, name).or_else(|| role_of_dns_name(pack, name))
}

/// The longest DNS name, in its text form (RFC 1035).
const MAX_DNS_NAME: usize = 253;

/// The member a DNS name denotes: one of its hostnames, alone or with a
/// domain after it (`db-master-01.internal`).
pub fn role_of_dns_name(pack: &Pack, name: &str) -> Option<Role> {
    // Longer is no DNS name: a run of text (a list with no blanks) is not
    // looked up once per dot in it.
    if name.len() > MAX_DNS_NAME {
        return None;
    }
    let mut candidate = name;
    loop {
        if let Some(role) = pack.role_of_hostname(candidate) {
            return Some(role);
        }
        candidate = candidate.rsplit_once('.')?.0;
    }
}

fn ip_end_boundary(bytes: &[u8], end: usize) -> bool {
    match bytes.get(end) {
        None => true,
        Some(b) if b.is_ascii_alphanumeric() => false,
        Some(b'.') => !bytes.get(end + 1).is_some_and(u8::is_ascii_digit),
        Some(_) => !continued_by_expansion(bytes, end),
    }
}

/// Whether an expansion at `at` continues the literal before it, which is
/// then a template of another value (`10.0.0.12${count.index}`,
/// `redis-0{{ i }}`, `10.0.0.12$i`, an f-string's `10.0.0.12{i}`, a
/// printf verb's `10.0.0.12%d`, Ruby's `#{i}`, Terraform's `%{…}`), not the
/// address or name it starts with. A URL's percent-encoding (`%3A`, two hex
/// digits) is no expansion.
fn continued_by_expansion(bytes: &[u8], at: usize) -> bool {
    let next = bytes.get(at + 1).copied();
    let hex = |offset: usize| bytes.get(at + offset).is_some_and(u8::is_ascii_hexdigit);
    match bytes.get(at) {
        Some(b'{') => true,
        Some(b'$') => next.is_some_and(|b| b.is_ascii_alphanumeric() || b"_{(".contains(&b)),
        Some(b'%') => {
            next == Some(b'{')
                || (next.is_some_and(|b| b.is_ascii_alphabetic()) && !(hex(1) && hex(2)))
        }
        Some(b'#') => next == Some(b'{'),
        _ => false,
    }
}

fn parse_dotted_quad(bytes: &[u8], start: usize) -> Option<(usize, Ipv4Addr)> {
    let mut octets = [0u8; 4];
    let mut position = start;
    for (index, octet) in octets.iter_mut().enumerate() {
        if index > 0 {
            if bytes.get(position) != Some(&b'.') {
                return None;
            }
            position += 1;
        }
        let digits_start = position;
        let mut value: u32 = 0;
        while position < bytes.len()
            && bytes[position].is_ascii_digit()
            && position - digits_start < 3
        {
            value = value * 10 + u32::from(bytes[position] - b'0');
            position += 1;
        }
        let length = position - digits_start;
        if length == 0
            || (length > 1 && bytes[digits_start] == b'0')
            || bytes.get(position).is_some_and(u8::is_ascii_digit)
        {
            return None;
        }
        *octet = u8::try_from(value).ok()?;
    }
    Some((position, Ipv4Addr::from(octets)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn literals(text: &str) -> Vec<String> {
        ipv4_literals(text.as_bytes())
            .map(|(span, _)| text[span].to_string())
            .collect()
    }

    #[test]
    fn ipv4_boundaries() {
        assert_eq!(literals("@10.0.0.120:5432"), ["10.0.0.120"]);
        assert_eq!(literals("\"10.0.0.120\""), ["10.0.0.120"]);
        assert_eq!(literals("10.0.0.120/32"), ["10.0.0.120"]);
        assert_eq!(literals("at 10.0.0.120."), ["10.0.0.120"]);
        assert_eq!(literals("-h10.0.0.121"), ["10.0.0.121"]);
        assert_eq!(
            literals("110.0.0.120"),
            ["110.0.0.120"],
            "a different address, not 10.0.0.120"
        );
        assert!(literals("10.0.0.1200").is_empty());
        assert!(literals("10.0.0.120.5").is_empty());
        assert!(literals("1.10.0.0.120").is_empty());
        assert!(literals("10.0.0.120abc").is_empty());
        assert!(literals("010.0.0.120").is_empty());
        assert!(literals("10.0.0.256").is_empty());
        assert!(literals("10.0.0").is_empty());
        assert_eq!(literals("a=10.0.0.1,10.0.0.2"), ["10.0.0.1", "10.0.0.2"]);
        // An expansion continuing the literal makes it another value.
        for templated in [
            "10.0.0.12${count.index}",
            "10.0.0.12{{ i }}",
            "10.0.0.12$i",
            "10.0.0.12$(seq)",
            "f\"10.0.0.12{i}\"",
            "10.0.0.12#{i}",
            "10.0.0.12%{ if a }",
            "\"10.0.0.12%d\" % i",
            "Sprintf(\"10.0.0.12%v\", i)",
        ] {
            assert!(literals(templated).is_empty(), "{templated}");
        }
        // A `$` or `#` that starts no expansion ends it as any symbol does.
        assert_eq!(literals("s/10.0.0.120$/x/"), ["10.0.0.120"]);
        assert_eq!(literals("10.0.0.120# node"), ["10.0.0.120"]);
        assert_eq!(literals("http://10.0.0.120%3A5432"), ["10.0.0.120"]);
        assert_eq!(literals("10.0.0.120%"), ["10.0.0.120"]);
        assert_eq!(literals("${A:-10.0.0.120}"), ["10.0.0.120"]);
    }

    fn hostnames(text: &str) -> Vec<String> {
        let pack = Pack::builtin().expect("the built-in pack is valid");
        AddressMatcher::new(&pack)
            .find(&pack, text)
            .into_iter()
            .filter(|h| h.form == Form::Hostname)
            .map(|h| text[h.span].to_string())
            .collect()
    }

    #[test]
    fn hostname_boundaries_follow_dns_labels() {
        assert_eq!(hostnames("db-slave-02"), ["db-slave-02"]);
        assert_eq!(hostnames("db-slave-02.internal"), ["db-slave-02"]);
        assert_eq!(hostnames("host=DB-SLAVE-02 "), ["DB-SLAVE-02"]);
        assert_eq!(hostnames("@db-postgres-01:5432"), ["db-postgres-01"]);
        assert!(hostnames("db-slave-020").is_empty());
        assert!(hostnames("x.db-slave-02").is_empty());
        assert!(hostnames("db-slave-02_data").is_empty());
        assert!(hostnames("DB_SLAVE_02").is_empty());
        assert!(hostnames("my-db-slave-02").is_empty());
        // The default of a parameter expansion.
        assert_eq!(hostnames("${PGHOST:-db-slave-02}"), ["db-slave-02"]);
        assert!(hostnames("${PGHOST-x-db-slave-02}").is_empty());
        assert!(hostnames("db-slave-02{{ suffix }}").is_empty());
        assert!(hostnames("db-slave-02${SUFFIX}").is_empty());
        assert_eq!(hostnames("db-slave-02:$PORT"), ["db-slave-02"]);
    }

    #[test]
    fn unknown_addresses_only_inside_private_networks() {
        let pack = Pack::builtin().expect("the built-in pack is valid");
        let matcher = AddressMatcher::new(&pack);
        let hits = matcher.find(&pack, "10.0.0.77 8.8.8.8 10.0.1.5");
        assert_eq!(hits.len(), 1);
        assert_eq!(
            hits[0].target,
            Target::UnknownPrivate(Ipv4Addr::new(10, 0, 0, 77))
        );
    }
}
