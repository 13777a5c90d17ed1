//! Every "may this file hold a finding?" decision taken before parsing, in
//! two stages, and the property test that keeps them honest:
//! - [`Prefilter`]: one byte-level pass over each file for the pack's
//!   literals (addresses, hostnames, private network prefixes, list names);
//!   most files end here.
//! - [`Triage`]: of the files that pass, most name only the load balancer,
//!   rightly; a file is parsed only if a hit may be wrong (in its text, or
//!   in what its Secret data decodes to), or it may hold a leader-discovery
//!   list or a suppression comment.
//!
//! Both may let too much through, never too little.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;
use std::sync::{LazyLock, OnceLock};

use regex::bytes::Regex;

use crate::literal::{literal_search, literal_search_with_exact, minimal, spellings_in_keys};

use crate::address::{AddressMatcher, Hit, Target};
use crate::pack::{KeyPatterns, Pack, Role, ServiceId};
use crate::scan::ports::{key_start, pair_key_at, port_named_for, ported_keys};
use crate::scan::{
    FileKind, Scanner, comment_lines, hits_with_block_port, line_start, lines_of, positional_port,
    template_after, url_around,
};
use crate::suppress::inline;

/// The byte-level prefilter: does a file hold any of the pack's literals?
pub struct Prefilter {
    /// Every literal, without case variants, in one byte regex: one SIMD
    /// pass over each file.
    any: Option<Regex>,
    /// The hostnames alone, asked only of files that pass.
    hostnames: HostnameSearch,
}

/// The shortest run without letters that finds a hostname: a shorter one
/// would pass nearly every file.
const MIN_RUN: usize = 3;

impl Prefilter {
    pub fn new(pack: &Pack) -> Self {
        let lower: Vec<String> = topology_literals(pack)
            .iter()
            .map(|l| l.to_ascii_lowercase())
            .filter(|l| !l.is_empty())
            .collect();
        // The first pass looks for a hostname by its longest run without
        // letters (`-01` of `redis-01`) where it has one of `MIN_RUN` bytes
        // or more, and for a list name's word as keys spell it: neither has
        // the case variants that slow the SIMD search down.
        let coarse: Vec<String> = lower
            .iter()
            .map(|literal| {
                let run = longest_run(literal);
                if run.len() >= MIN_RUN {
                    &literal[run]
                } else {
                    literal
                }
                .to_string()
            })
            .collect();
        let spellings = NameSearch::spellings(NameSearch::list_words(pack).iter());
        // A suppression comment may be unused, wherever it is.
        let exact: Vec<&str> = minimal(&spellings)
            .into_iter()
            .map(String::as_str)
            .chain([inline::MARKER])
            .collect();
        let names: Vec<String> = lower
            .into_iter()
            .filter(|l| l.bytes().any(|b| b.is_ascii_alphabetic()))
            .collect();
        Prefilter {
            any: literal_search_with_exact(&minimal(&coarse), &exact),
            hostnames: HostnameSearch::new(names),
        }
    }

    /// Whether `bytes` hold any literal, and whether they hold a hostname.
    fn search(&self, bytes: &[u8]) -> (bool, bool) {
        let any = self.any.as_ref().is_some_and(|r| r.is_match(bytes));
        (any, any && self.hostnames.is_in(bytes))
    }

    /// Whether the file at `path` may hold a reference: one of the pack's
    /// literals, or a Secret whose base64 data may hide one. What the
    /// prefilter saw, for a file worth reading further.
    pub fn may_hold_reference(&self, path: &Path, bytes: &[u8]) -> Option<Presence> {
        let (any, names) = self.search(bytes);
        let secret_data = FileKind::is_structured_path(path)
            && may_hold_secret(bytes)
            && self
                .any
                .as_ref()
                .is_some_and(|search| base64_may_hide(search, bytes));
        (any || secret_data).then_some(Presence {
            hostnames: names,
            secret_data,
        })
    }
}

/// What the prefilter saw in a file it lets through.
#[derive(Debug, Clone, Copy)]
pub struct Presence {
    /// A hostname: else hostnames are not searched.
    pub hostnames: bool,
    /// A Secret whose base64 decodes to one of the literals: else its data
    /// hides no reference, and needs no parsing.
    pub secret_data: bool,
}

impl Presence {
    /// Everything may be there: for a text no prefilter read.
    pub fn unknown(text: &str) -> Presence {
        Presence {
            hostnames: true,
            secret_data: may_hold_secret(text.as_bytes()),
        }
    }
}

/// The longest run of `literal` without ASCII letters (`-01` of `redis-01`).
fn longest_run(literal: &str) -> Range<usize> {
    let mut longest = 0..0;
    let mut start = 0;
    for (at, byte) in literal.bytes().enumerate() {
        if byte.is_ascii_alphabetic() {
            start = at + 1;
        } else if at + 1 - start > longest.len() {
            longest = start..at + 1;
        }
    }
    longest
}

/// Whether a text holds one of the pack's hostnames, in any case. A name
/// with a run of `MIN_RUN` bytes or more without letters is found by that
/// run, which has no case variants to search for, and compared around it;
/// the others by a case-insensitive search.
struct HostnameSearch {
    /// The runs of the anchored names.
    runs: Option<Regex>,
    anchored: Vec<AnchoredName>,
    /// The names without such a run.
    others: Option<Regex>,
}

/// A lower-case hostname and where its run lies in it.
struct AnchoredName {
    name: String,
    run: Range<usize>,
}

impl HostnameSearch {
    fn new(names: Vec<String>) -> Self {
        let (anchored, others): (Vec<AnchoredName>, Vec<AnchoredName>) = names
            .into_iter()
            .map(|name| AnchoredName {
                run: longest_run(&name),
                name,
            })
            .partition(|name| name.run.len() >= MIN_RUN);
        let runs: Vec<String> = anchored
            .iter()
            .map(|a| a.name[a.run.clone()].to_string())
            .collect();
        let others: Vec<String> = others.into_iter().map(|other| other.name).collect();
        HostnameSearch {
            runs: literal_search(&minimal(&runs)),
            anchored,
            others: literal_search(&minimal(&others)),
        }
    }

    fn is_in(&self, bytes: &[u8]) -> bool {
        if self
            .others
            .as_ref()
            .is_some_and(|others| others.is_match(bytes))
        {
            return true;
        }
        let Some(runs) = &self.runs else {
            return false;
        };
        // Every position where a run starts, overlapping ones included.
        let mut from = 0;
        while let Some(found) = runs.find_at(bytes, from) {
            if self
                .anchored
                .iter()
                .any(|name| name.is_around(bytes, found.start()))
            {
                return true;
            }
            from = found.start() + 1;
        }
        false
    }
}

impl AnchoredName {
    /// Whether `bytes` hold this name with its run at `run_start`.
    fn is_around(&self, bytes: &[u8], run_start: usize) -> bool {
        let Some(start) = run_start.checked_sub(self.run.start) else {
            return false;
        };
        bytes
            .get(start..start + self.name.len())
            .is_some_and(|found| found.eq_ignore_ascii_case(self.name.as_bytes()))
    }
}

/// Whether the base64 in `bytes` decodes to text that `search` matches: what
/// a Secret's data may hide. Every run of base64 characters is read, joined
/// across blanks and line breaks (a value folded over lines, a block scalar)
/// and ended by padding or any other character; each run is decoded at each
/// of the four alignments, so a value that does not start the run (`key: |2`,
/// an indentation indicator; the rest of a value after JSON's escaped `\/`)
/// is read too. No literal (ASCII without `?` or `~`) encodes to a `/`
/// that such an escape could split.
fn base64_may_hide(search: &Regex, bytes: &[u8]) -> bool {
    decode_base64_runs(bytes, |decoded| {
        decoded.iter().any(|out| search.is_match(out))
    })
}

/// Decodes the runs of base64 in `bytes` (as [`base64_may_hide`] reads
/// them), one buffer per alignment with a line break after each run, and
/// hands the buffers to `found` a batch at a time: one search per run would
/// cost more than the decoding. Whether `found` said yes of a batch.
fn decode_base64_runs(bytes: &[u8], mut found: impl FnMut(&[Vec<u8>; 4]) -> bool) -> bool {
    const BATCH: usize = 64 * 1024;
    // Sized for the batch (or the whole text) at once: grown run by run,
    // the buffers were reallocated at nearly every run.
    let capacity = bytes.len().min(BATCH) / 4 * 3 + 4;
    let mut decoded: [Vec<u8>; 4] = std::array::from_fn(|_| Vec::with_capacity(capacity));
    let mut sextets: Vec<u8> = Vec::new();
    let end_run = |sextets: &mut Vec<u8>, decoded: &mut [Vec<u8>; 4]| {
        for (skip, out) in decoded.iter_mut().enumerate() {
            if let Some(aligned) = sextets.get(skip..) {
                decode_sextets(aligned, out);
                out.push(b'\n'); // in no literal: no match spans two runs
            }
        }
        sextets.clear();
    };
    let mut found_in = |decoded: &mut [Vec<u8>; 4]| {
        let yes = found(decoded);
        decoded.iter_mut().for_each(Vec::clear);
        yes
    };
    for &byte in bytes {
        match SEXTETS[usize::from(byte)] {
            BLANK => {}
            OTHER if sextets.is_empty() => {}
            OTHER => {
                end_run(&mut sextets, &mut decoded);
                if decoded[0].len() > BATCH && found_in(&mut decoded) {
                    return true;
                }
            }
            sextet => sextets.push(sextet),
        }
    }
    end_run(&mut sextets, &mut decoded);
    found_in(&mut decoded)
}

/// Appends to `out` the bytes that base64 `sextets` (values 0 to 63) encode.
fn decode_sextets(sextets: &[u8], out: &mut Vec<u8>) {
    out.reserve(sextets.len() / 4 * 3 + 2);
    let mut quads = sextets.chunks_exact(4);
    for quad in &mut quads {
        let value = u32::from(quad[0]) << 18
            | u32::from(quad[1]) << 12
            | u32::from(quad[2]) << 6
            | u32::from(quad[3]);
        out.extend_from_slice(&value.to_be_bytes()[1..]);
    }
    // Two sextets left make a byte, three make two.
    let value = quads
        .remainder()
        .iter()
        .enumerate()
        .fold(0u32, |value, (i, s)| value | u32::from(*s) << (18 - 6 * i));
    let left = quads.remainder().len();
    out.extend_from_slice(&value.to_be_bytes()[1..left.max(1)]);
}

/// A byte in base64: its value, or one of two classes.
const BLANK: u8 = 64;
const OTHER: u8 = 65;
const SEXTETS: [u8; 256] = {
    let mut table = [OTHER; 256];
    let mut i = 0;
    while i < 26 {
        table[b'A' as usize + i] = i as u8;
        table[b'a' as usize + i] = 26 + i as u8;
        i += 1;
    }
    let mut digit = 0;
    while digit < 10 {
        table[b'0' as usize + digit] = 52 + digit as u8;
        digit += 1;
    }
    table[b'+' as usize] = 62;
    table[b'/' as usize] = 63;
    table[b' ' as usize] = BLANK;
    table[b'\t' as usize] = BLANK;
    table[b'\r' as usize] = BLANK;
    table[b'\n' as usize] = BLANK;
    table
};

/// The literals of the topology: addresses, hostnames and the fixed prefixes
/// of private networks (a file holding none may still hold a
/// leader-discovery list, whose name the prefilter searches apart).
pub fn topology_literals(pack: &Pack) -> Vec<String> {
    let mut literals: Vec<String> = pack.addresses().map(|a| a.to_string()).collect();
    literals.extend(pack.hostnames().map(|(name, _)| name.to_string()));
    for net in &pack.private_networks {
        let whole_octets = usize::from(net.prefix_len() / 8);
        let octets = net.network().octets();
        if whole_octets == 0 {
            // A /0-/7 network has no fixed prefix: any digit may start an address.
            literals.extend((0..10).map(|d| d.to_string()));
            continue;
        }
        let mut prefix: Vec<String> = octets[..whole_octets].iter().map(u8::to_string).collect();
        if whole_octets < 4 {
            prefix.push(String::new());
        }
        literals.push(prefix.join("."));
    }
    literals.sort();
    literals.dedup();
    literals
}

/// Where a name that some key-name patterns match may be in a text (a
/// leader-discovery list's, a block an allow entry names): scanners skip
/// looking for one where none can be.
pub struct NameSearch {
    /// The longest literal of each name pattern, as keys spell it.
    search: Option<Regex>,
    /// Some pattern has no literal long enough to search for (`*_IPS`): any
    /// text may hold a list name.
    unsearchable: bool,
}

/// The shortest literal of a list-name pattern worth searching for: a shorter
/// one would pass nearly every file.
const MIN_LITERAL: usize = 4;

impl NameSearch {
    /// Where a leader-discovery or Sentinel list name may be.
    pub fn list_names(pack: &Pack) -> Self {
        Self::of(Self::list_words(pack), &[])
    }

    /// Where a list name or a suppression comment (which may be unused)
    /// may be: one pass over a text for both.
    fn list_names_or_suppressions(pack: &Pack) -> Self {
        Self::of(Self::list_words(pack), &[inline::MARKER])
    }

    /// Where the name of a block an `[[allow]] blocks` entry names may be.
    pub fn block_names(pack: &Pack) -> Self {
        let patterns = pack.allow.iter().filter_map(|entry| entry.blocks.as_ref());
        Self::of(
            patterns
                .flat_map(KeyPatterns::sources)
                .map(longest_literal)
                .collect(),
            &[],
        )
    }

    /// Where a command that sets a service's topology (`replicaof`) may be:
    /// the first word of each of the services' `definition_commands`, in
    /// any case (scripts write Redis commands either way).
    pub fn definition_commands(pack: &Pack) -> Self {
        let words = pack
            .services
            .iter()
            .flat_map(|service| &service.definition_commands)
            .map(|sequence| sequence[0].trim_start_matches('-').to_string())
            .collect::<Vec<_>>();
        NameSearch {
            search: literal_search_with_exact(&minimal(&words), &[]),
            unsearchable: false,
        }
    }

    /// Where one of `words` may be in a key, or one of `literals` as written.
    fn of(words: Vec<String>, literals: &[&str]) -> Self {
        let unsearchable = words.iter().any(|word| word.len() < MIN_LITERAL);
        let spellings = Self::spellings(words.iter().filter(|word| word.len() >= MIN_LITERAL));
        let exact: Vec<&str> = minimal(&spellings)
            .into_iter()
            .map(String::as_str)
            .chain(literals.iter().copied())
            .collect();
        NameSearch {
            search: literal_search_with_exact::<&str>(&[], &exact),
            unsearchable,
        }
    }

    /// Every spelling of `words` in a key.
    fn spellings<'w>(words: impl Iterator<Item = &'w String>) -> Vec<String> {
        words.flat_map(|word| spellings_in_keys(word)).collect()
    }

    /// The longest word of each list-name pattern, lower-case.
    fn list_words(pack: &Pack) -> Vec<String> {
        let candidates = &pack.candidates;
        candidates
            .names
            .sources()
            .chain(candidates.sentinel_names.sources())
            .map(longest_literal)
            .collect()
    }

    /// Where in `text` a name's literal starts; `None` when a name may be
    /// anywhere.
    fn starts_in<'t>(&'t self, text: &'t str) -> Option<impl Iterator<Item = usize> + 't> {
        if self.unsearchable {
            return None;
        }
        let found = self
            .search
            .iter()
            .flat_map(|search| search.find_iter(text.as_bytes()))
            .map(|found| found.start());
        Some(found)
    }

    /// Whether `text` may hold a name.
    pub fn may_appear_in(&self, text: &str) -> bool {
        self.unsearchable
            || self
                .search
                .as_ref()
                .is_some_and(|search| search.is_match(text.as_bytes()))
    }
}

/// The longest word of a glob (`*_CANDIDATE_IPS` → `candidate`): names are
/// matched on their words, so `pgCandidateIps` and `pg-candidate-ips` hold it
/// in any case while they share no longer literal.
fn longest_literal(pattern: &str) -> String {
    pattern
        .split(|c: char| !c.is_ascii_alphanumeric())
        .max_by_key(|word| word.len())
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// The second stage: of a file that passed the prefilter, with its
/// addresses found, whether parsing it may yield a finding.
pub struct Triage {
    ports: PortSearch,
    /// Where a list name or a suppression comment may be.
    names_or_suppressions: NameSearch,
    /// Where a mapping's port entry (`port_keys`) may be.
    port_keys: NameSearch,
}

impl Triage {
    pub fn new(pack: &Pack) -> Self {
        Triage {
            ports: PortSearch::new(pack),
            names_or_suppressions: NameSearch::list_names_or_suppressions(pack),
            port_keys: NameSearch::of(
                pack.syntax
                    .port_keys
                    .sources()
                    .map(longest_literal)
                    .collect(),
                &[],
            ),
        }
    }

    /// Anything that may make a file hold a finding keeps it: an address that
    /// may be wrong outside a comment or in what Secret data decodes to, a
    /// leader-discovery list, a suppression comment (which may be unused).
    pub fn may_hold_finding(
        &self,
        scanner: &Scanner,
        kind: FileKind,
        text: &str,
        presence: Presence,
        hits: &[Hit],
    ) -> bool {
        let pack = scanner.pack;
        if self.names_or_suppressions.may_appear_in(text)
            || (kind.is_structured()
                && presence.secret_data
                && self.secret_data_may_hold_finding(pack, &scanner.matcher, text))
        {
            return true;
        }
        let mut ports = PortsOfText {
            structured: kind.is_structured(),
            ..PortsOfText::default()
        };
        let mut comments = None;
        // Read only when an address is right unless its mapping's port
        // disagrees: the walk over the text's blocks is the text scanner's.
        let mut block_ports: Option<Vec<bool>> = None;
        hits.iter().enumerate().any(|(index, hit)| {
            (self.may_be_wrong(pack, text, hit, &mut ports)
                || block_ports.get_or_insert_with(|| {
                    let port_keys_at = self.port_keys.starts_in(text);
                    hits_with_block_port(pack, text, kind, hits, port_keys_at)
                })[index])
                && (pack.scan_comments
                    || !comments
                        .get_or_insert_with(|| Commented::new(comment_lines(kind, text)))
                        .holds(hit.span.start))
        })
    }

    /// Whether the address at `hit` may be wrong in `text`: anything but an
    /// endpoint that fits every service, or a port that may come with it
    /// (`ports` remembers what `text` holds).
    fn may_be_wrong(&self, pack: &Pack, text: &str, hit: &Hit, ports: &mut PortsOfText) -> bool {
        !is_right_without_port(pack, hit)
            || self.ports.may_disagree(pack, text, hit)
            // The argument after a quoted address (`("10.0.0.10", 6379)`).
            || positional_port(pack, text, hit, text.len()).is_some()
            || *ports
                .pair
                .get_or_insert_with(|| self.ports.pair_in(pack, text))
            || (ports.structured
                && ports
                    .mappings
                    .get_or_insert_with(|| self.ports.ported_mappings(text))
                    .hold(hit.span.start))
            || flat_port_may_disagree(pack, text, hit, &mut ports.by_key)
    }

    /// Whether a Secret's base64 data may hold a finding: a key that may
    /// name a port beside it (its value encoded, the pair unseen), or an
    /// address that may be wrong in what the data decodes to. Most Secrets
    /// hold the load balancer's URL, rightly, and need no parsing.
    fn secret_data_may_hold_finding(
        &self,
        pack: &Pack,
        matcher: &AddressMatcher,
        text: &str,
    ) -> bool {
        self.ports.may_name_port(text)
            || decode_base64_runs(text.as_bytes(), |decoded| {
                decoded.iter().any(|out| {
                    let out = String::from_utf8_lossy(out);
                    // Decoded data may be any kind of text.
                    let mut ports = PortsOfText {
                        structured: true,
                        ..PortsOfText::default()
                    };
                    matcher
                        .find(pack, &out)
                        .iter()
                        .any(|hit| self.may_be_wrong(pack, &out, hit, &mut ports))
                })
            })
    }
}

/// What a text's ports say, found when first asked.
#[derive(Default)]
struct PortsOfText {
    /// Whether it holds a port pair ([`PortSearch::pair_in`]).
    pair: Option<bool>,
    /// Whether it is read as YAML, whose mappings' ports are their hosts'
    /// on any line ([`PortedMappings`]); no other scanner reads them so.
    structured: bool,
    mappings: Option<PortedMappings>,
    /// The ports of its keys whose name ends in `port` ([`ported_keys`]):
    /// a host key's port is the key named for it (`DB_HOST` and `DB_PORT`),
    /// in every kind of file.
    by_key: Option<HashMap<String, Option<u16>>>,
}

/// Whether the endpoint at `hit`, the value of a host key, has a port key
/// named for that key (`DB_HOST=10.0.0.10`, then `DB_PORT=5000`: see
/// [`Pack::port_key_names`]) with a port it may not serve: one the endpoint
/// does not serve for the key's service or for a service another key of
/// the line names, or any port when no key names a service (the context
/// may then come from elsewhere).
fn flat_port_may_disagree(
    pack: &Pack,
    text: &str,
    hit: &Hit,
    by_key: &mut Option<HashMap<String, Option<u16>>>,
) -> bool {
    let Target::Known(Role::Endpoint(endpoint)) = hit.target else {
        return false;
    };
    // Most texts hold no port key: that is found faster than a key's facts.
    let ports = by_key.get_or_insert_with(|| ported_keys(pack, text));
    if ports.is_empty() {
        return false;
    }
    let mut keys = keys_of_value_at(text, hit.span.start);
    // An env entry's `value` is read as its name's (`{name: DB_HOST,
    // value: …}`): any name written near it may be that name.
    if keys.contains(&"value") {
        keys.extend(entry_names_near(pack, text, hit.span.start));
    }
    // Any key before the value on its line may be the one a scanner reads
    // it as, or the one whose service judges it (`"cache_redis_host":
    // "DB_HOST=10.0.0.10`): the port must suit every service they name.
    keys.extend(keys_before_on_line(text, hit.span.start));
    // The key of the pair the value is read in (a lookup's fallback,
    // `getenv("DB_HOST", "10.0.0.10")`), as the scanners read it.
    keys.extend(pair_key_at(text, lines_of(text, &hit.span), hit.span.start));
    keys.sort_unstable();
    keys.dedup();
    let services: Vec<ServiceId> = keys
        .iter()
        .filter_map(|key| pack.key_facts(key).service)
        .collect();
    // Whether `key` is a host key whose port key holds a port the endpoint
    // may not serve for every service the line's keys name.
    let disagrees = |key: &&str| {
        let facts = pack.key_facts(key);
        let served = |port| {
            let mut judging = facts.service.iter().chain(&services).peekable();
            judging.peek().is_some()
                && judging
                    .all(|&service| pack.endpoints[endpoint].ports_of(service).contains(&port))
        };
        facts.host
            && port_named_for(pack, key, ports).is_some_and(|&port| !port.is_some_and(served))
    };
    keys.iter().any(disagrees)
}

/// How many lines around a `value` its entry's name may stand on.
const ENTRY_LINES: usize = 2;

/// The values of the name keys (`name`, `key`: the pack's
/// `value_name_keys`) written within [`ENTRY_LINES`] of the line holding
/// `at`, where an env entry's name stands.
fn entry_names_near<'t>(pack: &Pack, text: &'t str, at: usize) -> Vec<&'t str> {
    let bytes = text.as_bytes();
    let mut start = at;
    for _ in 0..=ENTRY_LINES {
        start = memchr::memrchr(b'\n', &bytes[..start]).unwrap_or(0);
    }
    let mut end = at;
    for _ in 0..=ENTRY_LINES {
        end = memchr::memchr(b'\n', &bytes[end..]).map_or(bytes.len(), |next| end + next + 1);
    }
    entry_names(pack, text, start..end).collect()
}

/// The values of the name keys of `text` within `range`: the names of its
/// env entries (`- name: DB_HOST`, `{"name": "DB_PORT", …}`).
fn entry_names<'t>(
    pack: &Pack,
    text: &'t str,
    range: Range<usize>,
) -> impl Iterator<Item = &'t str> {
    // A constant pattern, compiled in every test run.
    static ENTRY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"([A-Za-z_]+)["']?[ \t]*[:=][ \t]*["']?([A-Za-z0-9_.-]+)"#)
            .expect("the entry pattern is valid")
    });
    let start = range.start;
    ENTRY
        .captures_iter(&text.as_bytes()[range])
        .filter_map(move |found| {
            let key = std::str::from_utf8(found.get(1)?.as_bytes()).ok()?;
            let name = found.get(2)?;
            pack.syntax
                .value_name_keys
                .is_match(key)
                .then(|| &text[start + name.start()..start + name.end()])
        })
}

/// The keys the value starting at `at` may be read as: the key it is
/// written after (`KEY=`, `KEY: `, `"KEY": "`), and for a variable's
/// default (`DB_HOST="${DB_HOST:-10.0.0.10}"`) the variable's name and the
/// key the expansion is written after, as far as the line says.
fn keys_of_value_at(text: &str, at: usize) -> Vec<&str> {
    let mut keys = Vec::new();
    let mut before = &text[line_start(text.as_bytes(), 0, at)..at];
    // A default inside a default inside …: a few are read, no more.
    for _ in 0..MAX_NESTED_DEFAULTS {
        let trimmed = before.trim_end_matches(['"', '\'', ' ', '\t']);
        if let Some(key) = key_before(trimmed.strip_suffix(['=', ':']).unwrap_or("")) {
            keys.push(key);
        }
        let Some(name_end) = trimmed
            .strip_suffix(":-")
            .or_else(|| trimmed.strip_suffix(":="))
            .or_else(|| trimmed.strip_suffix('-'))
            .or_else(|| trimmed.strip_suffix('='))
            .map(str::len)
        else {
            break;
        };
        let Some(name) = key_before(&trimmed[..name_end]) else {
            break;
        };
        let Some(expansion) = trimmed[..name_end - name.len()].strip_suffix("${") else {
            break;
        };
        keys.push(name);
        before = expansion;
    }
    keys
}

/// The keys written before `at` on its line (`KEY=`, `KEY:`, `"KEY": `).
fn keys_before_on_line(text: &str, at: usize) -> impl Iterator<Item = &str> {
    let line = &text[line_start(text.as_bytes(), 0, at)..at];
    line.match_indices(['=', ':'])
        .filter_map(|(end, _)| key_before(&line[..end]))
}

/// How many variables' defaults around a value are read for its keys.
const MAX_NESTED_DEFAULTS: usize = 4;

/// The key that `before` ends with, quotes and blanks after it aside.
fn key_before(before: &str) -> Option<&str> {
    let before = before.trim_end().trim_end_matches(['"', '\'']);
    Some(&before[key_start(before.as_bytes(), before.len())..]).filter(|key| !key.is_empty())
}

/// The YAML mappings of a text that hold a `port:` entry with a number, by
/// the lines of their own entries: an address on one of those lines has
/// that port, as the YAML scanner reads a mapping's siblings
/// (`host: 10.0.0.10` then `port: 5000`, on lines of their own).
#[derive(Default)]
struct PortedMappings {
    /// Each entry line's start, with its mapping, in order.
    lines: Vec<(usize, usize)>,
    /// By mapping: whether it holds a port.
    ported: Vec<bool>,
}

impl PortedMappings {
    /// One pass over the lines, with the mappings still open: an entry at
    /// the column of an open mapping belongs to it, unless it starts a
    /// sequence item (`- host: …`), which opens a mapping of its own.
    fn of(text: &str) -> Self {
        static PORT_ENTRY: LazyLock<Option<Regex>> = LazyLock::new(|| {
            Regex::new(&format!(r#"(?i-u)\A["']?port["']?[ \t]*:{PORT_VALUE}"#)).ok()
        });
        let mut found = PortedMappings::default();
        // The column and mapping of each open mapping, innermost last.
        let mut open: Vec<(usize, usize)> = Vec::new();
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let start = offset;
            offset += line.len();
            let content = line.trim_start_matches(' ');
            if content.trim().is_empty() || content.starts_with('#') {
                continue;
            }
            let indent = line.len() - content.len();
            let (column, entry, item) = match content.strip_prefix("- ") {
                Some(after) => {
                    let entry = after.trim_start_matches(' ');
                    (indent + content.len() - entry.len(), entry, true)
                }
                None => (indent, content, false),
            };
            while open
                .last()
                .is_some_and(|&(open_column, _)| open_column > column)
            {
                open.pop();
            }
            let mapping = match open.last() {
                Some(&(open_column, mapping)) if open_column == column && !item => mapping,
                _ => {
                    if open
                        .last()
                        .is_some_and(|&(open_column, _)| open_column == column)
                    {
                        open.pop();
                    }
                    found.ported.push(false);
                    open.push((column, found.ported.len() - 1));
                    found.ported.len() - 1
                }
            };
            found.lines.push((start, mapping));
            // A pattern that does not compile says yes: the safe side.
            if entry.starts_with(['p', 'P', '"', '\''])
                && PORT_ENTRY
                    .as_ref()
                    .is_none_or(|entry_is_port| entry_is_port.is_match(entry.as_bytes()))
            {
                found.ported[mapping] = true;
            }
        }
        found
    }

    /// Whether the line holding `at` is an entry of a mapping with a port.
    fn hold(&self, at: usize) -> bool {
        let line = self.lines.partition_point(|&(start, _)| start <= at);
        line.checked_sub(1)
            .is_some_and(|line| self.ported[self.lines[line].1])
    }
}

/// The whole-line comments of a file, asked in the order of its hits.
struct Commented<I: Iterator<Item = Range<usize>>> {
    lines: std::iter::Peekable<I>,
}

impl<I: Iterator<Item = Range<usize>>> Commented<I> {
    fn new(lines: I) -> Self {
        Commented {
            lines: lines.peekable(),
        }
    }

    /// Whether `at` lies in a comment line (asked in increasing order; an
    /// earlier `at` is answered `false`, which only costs a parse).
    fn holds(&mut self, at: usize) -> bool {
        while self.lines.next_if(|line| line.end <= at).is_some() {}
        self.lines.peek().is_some_and(|line| line.start <= at)
    }
}

/// Whether `text` may hold references its addresses alone do not show: a
/// leader-discovery list (judged as a whole against node sets) or Secret
/// data whose base64 may hide an address (as the prefilter saw).
pub fn may_hold_hidden_references(
    list_names: &NameSearch,
    kind: FileKind,
    text: &str,
    presence: Presence,
) -> bool {
    list_names.may_appear_in(text) || (kind.is_structured() && presence.secret_data)
}

/// Whether a reference to `hit` is right in every context unless a service's
/// port is written with it (`cross-service`): true of an endpoint that fits
/// every service. A node, an infrastructure host or an unknown private
/// address may be wrong anywhere. (Leader-discovery lists are judged apart.)
fn is_right_without_port(pack: &Pack, hit: &Hit) -> bool {
    matches!(hit.target, Target::Known(Role::Endpoint(endpoint)) if pack.endpoint_fits_every_service(endpoint))
}

/// Whether `bytes` may hold a Kubernetes Secret, whose base64 `data` may hide
/// any address: the word `Secret` on its own (`kind: Secret`), not a part of
/// `ExternalSecret` or `SecretStore`.
pub fn may_hold_secret(bytes: &[u8]) -> bool {
    // Built once: every structured file is asked.
    static SECRET: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new(b"Secret"));
    let alphanumeric = |byte: Option<&u8>| byte.is_some_and(u8::is_ascii_alphanumeric);
    SECRET.find_iter(bytes).any(|at| {
        !alphanumeric(at.checked_sub(1).and_then(|before| bytes.get(before)))
            && !alphanumeric(bytes.get(at + b"Secret".len()))
    })
}

/// Where a service's port may come with an address, judged from the bytes
/// alone, before any parsing: `:6379` right after it, or a libpq `port` pair
/// (`port=6379`, `"port": "5432"`) that its value may hold. A port no service
/// claims changes no verdict.
struct PortSearch {
    /// The sources of the patterns of a `port` pair with a port as its
    /// value; `None` when there is no endpoint.
    sources: Option<PortSources>,
    /// The patterns, compiled when first needed (most files never need
    /// them); `None` inside if one is too large to compile.
    compiled: OnceLock<Option<PortPatterns>>,
    /// The ports of each service that every endpoint serves for it: a libpq
    /// `port=` pair whose connection string speaks that service's dialect
    /// (`dbname=`) is right with any endpoint.
    right_with_every_endpoint: Vec<(ServiceId, u16)>,
}

impl PortSearch {
    fn new(pack: &Pack) -> Self {
        let endpoints: Vec<String> = pack
            .endpoints
            .iter()
            .flat_map(|e| {
                e.addresses
                    .iter()
                    .map(ToString::to_string)
                    .chain(e.hostnames.clone())
            })
            .map(|literal| regex::escape(&literal))
            .collect();
        let sources = (!endpoints.is_empty()).then(|| PortSources {
            core: format!("(?:{PORT_GATE}{PORT_VALUE})|(?:{PORT_ANNOTATED}{PORT_VALUE})"),
            pair: port_pair_pattern(PORT_VALUE, &endpoints),
        });
        let right_with_every_endpoint = pack
            .services
            .iter()
            .enumerate()
            .flat_map(|(service, spec)| spec.ports.iter().map(move |&port| (service, port)))
            .filter(|&(service, port)| {
                !pack.endpoints.is_empty()
                    && pack.service_of_port(port) == Some(service)
                    && pack
                        .endpoints
                        .iter()
                        .all(|e| e.ports_of(service).contains(&port))
            })
            .collect();
        PortSearch {
            sources,
            compiled: OnceLock::new(),
            right_with_every_endpoint,
        }
    }

    /// Whether a service's port right after the address at `address`
    /// (`:6379`; any prefix of the digits, as a value may end inside them)
    /// may disagree with the address's context. It cannot when the address
    /// is the host of a URL whose scheme names that port's service: the
    /// scheme sets the context, whatever surrounds the URL.
    /// A port an endpoint does not serve may be wrong whatever the context
    /// (`endpoint-port`).
    fn may_disagree(&self, pack: &Pack, text: &str, hit: &Hit) -> bool {
        let address = hit.span.clone();
        let Some(rest) = text
            .get(address.end..)
            .and_then(|rest| rest.strip_prefix(':'))
        else {
            return false;
        };
        if let Target::Known(Role::Endpoint(endpoint)) = hit.target {
            let endpoint = &pack.endpoints[endpoint];
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            let unserved = rest[..digits].parse::<u16>().is_ok_and(|port| {
                !endpoint
                    .ports
                    .iter()
                    .any(|(_, ports)| ports.contains(&port))
            });
            if unserved && !endpoint.ports.is_empty() {
                return true;
            }
        }
        // Read once, and only when a service port is there.
        let mut scheme = None;
        let mut number = 0u32;
        for digit in rest.bytes().take_while(u8::is_ascii_digit) {
            number = number * 10 + u32::from(digit - b'0');
            let Ok(port) = u16::try_from(number) else {
                break;
            };
            if let Some(service) = pack.service_of_port(port) {
                let scheme = *scheme
                    .get_or_insert_with(|| scheme_service_of_host(pack, text, address.clone()));
                if scheme != Some(service) {
                    return true;
                }
            }
        }
        false
    }

    /// Whether `text` may hold a `port` pair with a service port that a
    /// value holding an endpoint could read.
    /// A pattern too large to compile says yes: parsing too much is safe.
    /// A pair inside a libpq string that speaks its port's service's
    /// dialect (`host=… port=5432 dbname=…`) is right with every endpoint,
    /// and is not counted.
    fn pair_in(&self, pack: &Pack, text: &str) -> bool {
        let Some(compiled) = self.compiled() else {
            return false;
        };
        let Some(PortPatterns { core, pair, .. }) = compiled else {
            return true;
        };
        // The pair pattern has no literal to start from: it is asked only of
        // the stretches around a port key with a service port, which a search
        // that starts from a literal finds (most texts hold none).
        let bytes = text.as_bytes();
        let stretches = pair_stretches(bytes, core.find_iter(bytes).map(|core| core.range()));
        // A URL's scheme outweighs a dialect, and a value may run past quotes
        // to one: where a URL is, every pair counts.
        let anywhere = memchr::memmem::find(bytes, b"://").is_some();
        stretches.into_iter().any(|stretch| {
            pair.find_iter(&bytes[stretch.clone()]).any(|found| {
                anywhere || {
                    let found = stretch.start + found.start()..stretch.start + found.end();
                    !self.is_right_in_its_dialect(pack, text, found)
                }
            })
        })
    }

    /// The mappings of `text` that hold a port, when a port key is there at
    /// all (most texts hold none, and are not walked).
    fn ported_mappings(&self, text: &str) -> PortedMappings {
        let may_hold_port = match self.compiled() {
            Some(Some(patterns)) => patterns.core.is_match(text.as_bytes()),
            Some(None) => true,
            None => false,
        };
        if may_hold_port {
            PortedMappings::of(text)
        } else {
            PortedMappings::default()
        }
    }

    /// The patterns, compiled when first asked; `None` when there is no
    /// endpoint for a port to pair with.
    fn compiled(&self) -> Option<&Option<PortPatterns>> {
        let sources = self.sources.as_ref()?;
        Some(self.compiled.get_or_init(|| {
            Some(PortPatterns {
                gate: Regex::new(PORT_GATE).ok()?,
                core: Regex::new(&sources.core).ok()?,
                pair: Regex::new(&sources.pair).ok()?,
            })
        }))
    }

    /// Whether a key of `text` may name a port (`PGPORT:`, `"port":`),
    /// whatever its value: a pattern too large to compile says yes.
    fn may_name_port(&self, text: &str) -> bool {
        self.compiled().is_some_and(|compiled| {
            compiled
                .as_ref()
                .is_none_or(|patterns| patterns.gate.is_match(text.as_bytes()))
        })
    }

    /// Whether the `port=P` pair matched at `pair` is one of a libpq string
    /// (`key=value` words between blanks, nothing quoted or separated
    /// otherwise) whose dialect keys are of one service only, the service
    /// of P, which every endpoint serves on P.
    fn is_right_in_its_dialect(&self, pack: &Pack, text: &str, pair: Range<usize>) -> bool {
        let bytes = text.as_bytes();
        let matched = &bytes[pair.clone()];
        let Some(equals) = matched.iter().position(|&b| b == b'=') else {
            return false;
        };
        if matched.contains(&b':') {
            return false;
        }
        // The whole number as written (the pattern may end inside it).
        let digits_start = pair.start + equals + 1;
        let digits_end = digits_start
            + bytes[digits_start..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
        let Ok(port) = text[digits_start..digits_end].parse::<u16>() else {
            return false;
        };
        let Some(service) = pack.service_of_port(port) else {
            return false;
        };
        if !self.right_with_every_endpoint.contains(&(service, port)) {
            return false;
        }
        let separates = |b: &u8| b"\n\"'`,;{}()[]&|<>".contains(b);
        let start = bytes[..pair.start]
            .iter()
            .rposition(separates)
            .map_or(0, |at| at + 1);
        let end = bytes[digits_end..]
            .iter()
            .position(separates)
            .map_or(bytes.len(), |at| digits_end + at);
        let mut dialects = text[start..end]
            .split_ascii_whitespace()
            .filter_map(|word| word.split_once('=').map(|(key, _)| key))
            .filter(|key| !key.is_empty())
            .flat_map(|key| {
                pack.services
                    .iter()
                    .enumerate()
                    .filter(move |(_, spec)| spec.dialect_keys.is_match(key))
                    .map(|(id, _)| id)
            });
        dialects.next() == Some(service) && dialects.all(|other| other == service)
    }
}

/// The searches for a `port` pair, from the widest to the exact one; each
/// of the first two starts with a literal, which the regex engine searches
/// for with SIMD.
struct PortPatterns {
    /// A key that names a port, whatever its value: [`PORT_GATE`].
    gate: Regex,
    /// The gate with a service port as its value, as every form of the pair
    /// holds it: where it is not, no pair is.
    core: Regex,
    /// The pair: [`port_pair_pattern`].
    pair: Regex,
}

/// The sources of the pack's [`PortPatterns`] (the gate is the same for
/// every pack).
struct PortSources {
    core: String,
    pair: String,
}

/// The stretches of `bytes` that hold every match of [`port_pair_pattern`]
/// (each holds one of the `cores`, given in order), merged where they meet.
/// A stretch reaches back over the blanks, dashes and line breaks before its
/// `port` and the character before them (an opening quote), and on both
/// sides to the ends of the logical lines there (lines joined by a trailing
/// backslash: where an endpoint may be), so it finds every match the whole
/// text holds, where it holds it. It starts at that line break rather than
/// after it: the pattern's first form may begin with one, and taking it in
/// is the safe side.
/// Linear: no byte is searched for a line break twice.
fn pair_stretches(bytes: &[u8], cores: impl Iterator<Item = Range<usize>>) -> Vec<Range<usize>> {
    let unescaped = |at: usize| at == 0 || bytes[at - 1] != b'\\';
    let mut stretches: Vec<Range<usize>> = Vec::new();
    for core in cores {
        let floor = stretches.last().map_or(0, |last| last.end);
        if core.end <= floor {
            // On a logical line the stretch before already holds.
            continue;
        }
        // A value may run over a line break: its `port` is then in the
        // stretch before, which is continued.
        let run = bytes[floor.min(core.start)..core.start]
            .iter()
            .rev()
            .take_while(|b| b" \t\r\n-".contains(b))
            .count();
        let mut start = floor;
        if let Some(before) = (core.start - run).checked_sub(1).filter(|&at| at >= floor) {
            let mut searched = before;
            while let Some(at) = memchr::memrchr(b'\n', &bytes[floor..searched]) {
                if unescaped(floor + at) {
                    start = floor + at;
                    break;
                }
                searched = floor + at;
            }
        }
        let mut end = bytes.len();
        let mut from = core.end;
        while let Some(at) = memchr::memchr(b'\n', &bytes[from..]) {
            if unescaped(from + at) {
                end = from + at;
                break;
            }
            from += at + 1;
        }
        match stretches.last_mut() {
            Some(last) if start <= last.end => last.end = end,
            _ => stretches.push(start..end),
        }
    }
    stretches
}

/// What every form of [`port_pair_pattern`] holds: `port`, then a quote,
/// blanks or an operator, then `=` or `:`.
const PORT_GATE: &str = r"(?i-u)port[\x22']?[ \t]*(?:::|[:?+])?[=:]>?";

/// `port` declared with a type before its `=` (`port: int = `), as
/// the scanners read an annotated declaration.
const PORT_ANNOTATED: &str = r"(?i-u)port[ \t]*:[ \t]+[A-Za-z\[(&][^=\n]{0,95}[ \t]=";

/// A port as a value (after quotes, whitespace, a `+` and zeros, as
/// `u16::from_str` takes it): any port may be wrong beside an endpoint, one
/// of another service's (`cross-service`) or one the endpoint does not serve
/// (`endpoint-port`).
const PORT_VALUE: &str = r#"\s*["']?\s*\+?[0-9]"#;

/// Where a scanner reads `port` as a key with a port as its `value`
/// ([`PORT_VALUE`]):
/// - `port=…` (or `port :=`, `?=`, `+=`, a hash's `port =>`) after anything
///   but a key character
///   (`listen_port=` is another key);
/// - a quoted key, `"port": …`;
/// - `port: …` after `{` or `,` and blanks (lines of a mapping in code);
/// - `port: T = …`, a declaration with its type, after anything but a key
///   character;
/// - `port: …` first in its value: after a quote (and blank lines), or else
///   on one line with an endpoint (values without quotes are one line, or
///   lines joined by a trailing backslash).
///
/// A YAML mapping's `port:` on a line of its own is its host's: see
/// [`PortedMappings`].
fn port_pair_pattern(value: &str, endpoints: &[String]) -> String {
    let endpoint = format!("(?:{})", endpoints.join("|"));
    let forms = [
        format!(r"(?:\A|[^A-Za-z0-9_])port[\x22']?[ \t]*(?:::|[:?+])?=>?{value}"),
        format!(r"[\x22']port[\x22']?[ \t]*:{value}"),
        format!(r"[{{,][ \t\r\n]*port[ \t]*:{value}"),
        format!(r"[\x22'][ \t\r\n-]*port[ \t]*:{value}"),
        format!(r"(?:\A|[^A-Za-z0-9_]){PORT_ANNOTATED}{value}"),
        format!(r"port[ \t]*:{value}(?:[^\n]|\\\n)*{endpoint}"),
        format!(r"{endpoint}(?:[^\n]|\\\n)*port[ \t]*:{value}"),
    ];
    format!("(?i-u){}", forms.join("|"))
}

/// The service of the URL whose host `host` is, read as the scanners read
/// URLs, where no scanner could read it otherwise: `None` when the scheme
/// had a prefix cut off, or a character that may end a value (or a long
/// authority) lies between the scheme and the host.
fn scheme_service_of_host(pack: &Pack, text: &str, host: Range<usize>) -> Option<ServiceId> {
    const MAX_AUTHORITY: usize = 256;
    let is_authority = |b: u8| b.is_ascii_alphanumeric() || b"._~%:@{}$-".contains(&b);
    let url = url_around(text, 0..text.len(), host.clone())?;
    let authority = text.get(url.scheme.end + "://".len()..host.start)?;
    // A template with blanks inside (`{{ .username }}`) keeps the URL whole
    // only in a quoted string: a shell word ends at the blank.
    let quoted = text[..url.scheme.start].ends_with(['"', '\'']);
    let plain = url.is_host
        && !url.prefixed
        && authority.len() <= MAX_AUTHORITY
        && (quoted || !authority.bytes().any(|b| b.is_ascii_whitespace()))
        && outside_templates(authority.as_bytes()).all(is_authority);
    plain.then(|| pack.service_of_scheme(&text[url.scheme]))?
}

/// The bytes of `text` outside its template expressions (`{{ .password }}`).
fn outside_templates(text: &[u8]) -> impl Iterator<Item = u8> + '_ {
    let mut position = 0;
    std::iter::from_fn(move || {
        while let Some(close) = template_after(text, position, text.len()) {
            position = close;
        }
        let byte = *text.get(position)?;
        position += 1;
        Some(byte)
    })
}

#[cfg(test)]
mod tests;
