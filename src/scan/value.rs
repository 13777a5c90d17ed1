//! Reading one configuration value: the URLs, `key=value` pairs and
//! `host:port` forms inside it, and from them the context of each address.
//! Shared by every scanner that sees values (dotenv, text, and more).

use std::collections::HashSet;
use std::ops::Range;
use std::sync::Arc;

use crate::address::{Form, Hit, Target, parse_ipv4, role_of_any_name, role_of_dns_name};
use crate::pack::{KeyFacts, Pack, Role};

use super::ports::is_key_byte;
use super::{
    Because, Enclosure, FileScan, Reference, ServiceContext, closing, line_end, line_start,
    strip_quotes, unmatched_open, within_any,
};

/// A `key=value`, `key: value` or `"key": "value"` pair inside a text.
#[derive(Debug)]
pub struct Pair {
    pub key: Range<usize>,
    pub value: Range<usize>,
    /// Where the value would end if no pair began inside it: a value that
    /// is itself pairs (`ETCD_INITIAL_CLUSTER=db-1=http://…,db-2=http://…`)
    /// holds them.
    pub reach: usize,
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
    /// Context stronger than the key: a sibling `adapter:` of the mapping.
    pub adapter: Option<ServiceContext>,
    /// Context when neither the scheme nor a key says (an enclosing YAML key
    /// path, a client command): it never makes a hostname a host by itself.
    pub fallback: Option<ServiceContext>,
    /// What the value is, as far as its surroundings say.
    pub reading: Reading,
    /// Where the value sits, for the rules and the allowlist.
    pub enclosure: Enclosure,
    /// The list the value is an item of, if any.
    pub group: Option<usize>,
    /// The port a sibling gives a host key's value (`{host: …, port: 5432}`),
    /// when nothing in the value says one.
    pub sibling_port: Option<u16>,
}

/// What a value is, besides configuration: then its addresses are not
/// references (its secrets are still masked).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    Configuration,
    /// Documentation inside a config (an OpenAPI `example:`).
    Documentation,
    /// A comparison or a test assertion: it interprets an address, it does
    /// not connect to it.
    Assertion,
    /// A network's own address or range (`subnet`, `gateway`).
    Plumbing,
    /// Where commands or workloads run (an Ansible play's `hosts`, a
    /// Kubernetes `nodeSelector`), as `ssh HOST`.
    Management,
}

impl<'a> Value<'a> {
    pub fn new(range: Range<usize>, key: Option<&'a str>, locator: &'a str) -> Self {
        Value {
            range,
            key,
            locator,
            adapter: None,
            fallback: None,
            reading: Reading::Configuration,
            enclosure: Enclosure::default(),
            group: None,
            sibling_port: None,
        }
    }
}

/// How a key reads the value it holds, from the pack's `[syntax]` lists.
pub fn reading_of_key(pack: &Pack, key: &str) -> Reading {
    reading_of(pack.key_facts(key))
}

/// How a key with these facts reads the value it holds.
pub fn reading_of(facts: KeyFacts) -> Reading {
    if facts.network {
        Reading::Plumbing
    } else if facts.documentation {
        Reading::Documentation
    } else if facts.assertion {
        Reading::Assertion
    } else if facts.placement {
        Reading::Management
    } else {
        Reading::Configuration
    }
}

/// Whether `hit` is an unknown address that an own-address key gives the
/// machine its block describes (`private_ip = "10.0.0.66"` of a Terraform
/// instance named `redis_commander`, a VM's `ipv4_address`): that machine
/// is no member (a member's address there is its definition), and its own
/// address is plumbing, whatever service its name speaks of.
fn given_address(pack: &Pack, text: &str, value: &Value, pairs: &[Pair], hit: &Hit) -> bool {
    if !matches!(hit.target, Target::UnknownPrivate(_)) {
        return false;
    }
    let key = inner_pair(pairs, hit)
        .map(|pair| &text[pair.key.clone()])
        .or(value.key);
    key.is_some_and(|key| {
        pack.syntax
            .definition_address_keys
            .is_match(strip_quotes(key))
    })
}

/// Reports a reference for every hit inside `value`.
pub fn analyze(pack: &Pack, text: &str, value: &Value, hits: &[Hit], scan: &mut FileScan) {
    let pairs = pairs(text, value.range.clone());
    let reading = match value.key {
        Some(key) if value.reading == Reading::Configuration => reading_of_key(pack, key),
        _ => value.reading,
    };
    if reading != Reading::Configuration || hits.is_empty() {
        return;
    }
    let dialect = dialect_of(pack, text, &pairs);
    let sentinels = sentinel_lists(pack, text, value, hits, scan);
    // A record naming a member at its own address describes it (an
    // inventory row), unless a host or service key makes it a connection.
    let connection_key = |key: &str| {
        let facts = pack.key_facts(key);
        facts.host || facts.is_connection()
    };
    let mut recorded = members_at_their_address(pack, &text[value.range.clone()]);
    if !recorded.is_empty()
        && (value.key.is_some_and(connection_key)
            || pairs.iter().any(|p| connection_key(&text[p.key.clone()])))
    {
        recorded.clear();
    }
    let first = scan.references.len();
    let locator = scan.shared(value.locator);
    let mut binding: Option<(Range<usize>, bool)> = None;
    for hit in hits {
        if hit.span.start < value.range.start || value.range.end < hit.span.end {
            // A use probed where the line's value is another text (a
            // variable's label, whose value is its default): nothing to read.
            continue;
        }
        if within_any(&sentinels, &hit.span) {
            continue; // judged with its list
        }
        if is_interface_address(pack, text, hit) {
            continue; // plumbing: the machine's own address
        }
        if given_address(pack, text, value, &pairs, hit) {
            continue; // plumbing: the address a machine of no member is given
        }
        if is_host_key_entry(text, hit) {
            continue; // management: the machine whose SSH key is trusted
        }
        if let Some(mut reference) = reference(pack, text, value, &pairs, dialect.as_ref(), hit) {
            reference.locator = locator.clone();
            reference.value = scan.shared(&text[hit.span.clone()]);
            let key = value
                .key
                .or(inner_pair(&pairs, hit).map(|p| &text[p.key.clone()]));
            reference.enclosure.key = key.map(|key| scan.shared(key));
            if value.key.is_none()
                && let Some(outer) = outermost_pair(&pairs, hit)
            {
                reference.enclosure.surroundings_mut().outer_key =
                    Some(scan.shared(&text[outer.key.clone()]));
            }
            let (bound, bound_key) = match inner_pair(&pairs, hit) {
                Some(pair) => (pair.value.clone(), Some(&text[pair.key.clone()])),
                None => (value.range.clone(), value.key),
            };
            let described = matches!(hit.target, Target::Known(role) if recorded.contains(&role));
            // A service's own setting written as a key (`REDIS_REPLICAOF`,
            // `sentinel_monitors`) is its config file's line: a definition.
            // One named by a command that sets the service's topology
            // (`REDIS_SLAVEOF`) holds that service's servers.
            let keys = || [key, value.key].into_iter().flatten();
            let own_config = keys().any(|key| pack.key_facts(key).own_config);
            let defined = keys().find_map(|key| {
                let words: Vec<&str> = key.split(|c: char| !c.is_ascii_alphanumeric()).collect();
                let (service, _) = pack.defined_service(&words)?;
                Some(ServiceContext {
                    service,
                    because: Because::Key(key.to_string()),
                })
            });
            // Read once per value: the hits of one value share it.
            let binds = match &binding {
                Some((range, binds)) if *range == bound => *binds,
                _ => {
                    let binds = binds_member_names(pack, text, bound.clone(), bound_key);
                    binding = Some((bound, binds));
                    binds
                }
            };
            reference.enclosure.definition |= described || own_config || defined.is_some() || binds;
            if reference.context.is_none() {
                reference.context = defined;
            }
            scan.references.push(reference);
        }
    }
    if value.group.is_some() {
        return;
    }
    if !value.key.is_some_and(|key| pack.is_connection_key(key))
        && lists_connections(
            pack,
            text,
            value.range.clone(),
            &pairs,
            &scan.references[first..],
        )
    {
        let group = scan.group(false);
        for reference in &mut scan.references[first..] {
            if !has_prefix_length(text, reference.hit.span.end) {
                reference.group = Some(group);
            }
        }
    } else {
        group_separated(
            pack,
            &pairs,
            &mut scan.references[first..],
            &mut scan.groups,
        );
    }
}

/// Whether the value lists several connection strings, each to one host
/// (`n1:host=10.0.0.120 port=5432 …,n2:host=10.0.0.121 …`, service URLs
/// separated by commas): a list of connections, one per item, as a YAML
/// sequence of URLs is, not one connection to several hosts; an item's
/// label names its host's member too. A string that names two hosts
/// (`host=a,b`, `postgresql://a,b/db`) makes the value a connection.
fn lists_connections(
    pack: &Pack,
    text: &str,
    value: Range<usize>,
    pairs: &[Pair],
    references: &[Reference],
) -> bool {
    if references.len() < 2 {
        return false;
    }
    let mut strings = HashSet::new();
    for reference in references {
        let hit = &reference.hit;
        let string = match url_around(text, value.clone(), hit.span.clone()) {
            Some(url)
                if url.is_host && pack.service_of_scheme(&text[url.scheme.clone()]).is_some() =>
            {
                url.scheme.end
            }
            Some(_) => continue,
            None => match inner_pair(pairs, hit) {
                Some(pair) if pack.key_facts(&text[pair.key.clone()]).host => pair.key.start,
                _ => continue,
            },
        };
        if !strings.insert(string) {
            return false;
        }
    }
    strings.len() >= 2
}

/// How many words a binding of names to an address may hold: a hosts entry
/// names a host a few times, no more.
const MAX_BINDING_WORDS: usize = 8;

/// Whether the value at `range`, with its key, binds one member's names to
/// its own address, written once, and holds nothing else, as a hosts-file entry does
/// (`10.0.0.120 db-master-01 db-master-01.internal`, in a hosts file, a
/// heredoc, an `echo … >> /etc/hosts` or a YAML string) and as a table of
/// members keyed by name does (`db-master-01: 10.0.0.120`): it defines that
/// member, as an alias entry naming it does (dnsmasq's `host-record=
/// db-master-01,10.0.0.120`, and `address=/db-master-01.internal/10.0.0.120`,
/// whose names stand between slashes). Any other name makes it an alias of
/// the address, a reference like any other; a host or service key that maps
/// no names makes it a connection.
fn binds_member_names(pack: &Pack, text: &str, range: Range<usize>, key: Option<&str>) -> bool {
    let written = text[range.clone()].trim_start();
    // A quoted value ends at its closing quote, whatever code follows it
    // (`{"db-master-01" => "10.0.0.120"}.each do |name, ip|`).
    let value = match written.chars().next() {
        Some(quote @ ('"' | '\'')) => written[1..].split(quote).next().unwrap_or_default(),
        _ => &text[trim_quotes(text, range)],
    };
    let slashed = value.starts_with('/');
    let key = match key {
        Some(key) => {
            let facts = pack.key_facts(key);
            if facts.alias || slashed {
                None
            } else if facts.host || facts.is_connection() {
                return false;
            } else {
                let name = strip_quotes(key);
                role_of_dns_name(pack, name).map(|_| name)
            }
        }
        None => None,
    };
    let mut member = None;
    let (mut addressed, mut named) = (false, false);
    // A pair's value runs on to the punctuation after it (`"10.0.0.120",`).
    let words: Vec<&str> = value
        .split(|c: char| c.is_whitespace() || c == ',' || (slashed && c == '/'))
        .map(|word| word.trim_matches(|c| "\"';)]}".contains(c)))
        .filter(|word| !word.is_empty())
        .take(MAX_BINDING_WORDS + 1)
        .collect();
    if words.len() > MAX_BINDING_WORDS {
        return false; // a list or a sentence, read once per address in it
    }
    let record = words.iter().any(|word| is_address_record_type(word));
    let words = words
        .into_iter()
        .filter(|word| !(record && is_address_record_syntax(word)));
    for (count, word) in key.into_iter().chain(words).enumerate() {
        if count == MAX_BINDING_WORDS {
            return false;
        }
        let role = match parse_ipv4(word) {
            // A hosts entry has one address; the same address twice is a list.
            Some(_) if addressed => return false,
            Some(address) => {
                addressed = true;
                pack.role_of_address(address)
            }
            None => {
                named = true;
                role_of_dns_name(pack, word)
            }
        };
        match (role, member) {
            (None, _) => return false,
            (Some(role), Some(other)) if role != other => return false,
            (Some(role), _) => member = Some(role),
        }
    }
    addressed && named
}

/// Whether `word` is the type of a DNS address record (`A`, `AAAA`).
fn is_address_record_type(word: &str) -> bool {
    word.eq_ignore_ascii_case("a") || word.eq_ignore_ascii_case("aaaa")
}

/// Whether `word` is written between a DNS address record's name and its
/// address (`db-master-01 300 IN A 10.0.0.120`, a zone file's line or
/// unbound's `local-data`): its TTL, class or type, which name no host. The
/// record binds the name to the address as a hosts entry does.
fn is_address_record_syntax(word: &str) -> bool {
    is_address_record_type(word)
        || word.eq_ignore_ascii_case("in")
        || word.bytes().all(|b| b.is_ascii_digit())
}

/// The member a record describes: its fields (a CSV or TSV row, an SQL or
/// Python tuple: separated by `,`, a tab, `;` or `|`) name one member, give
/// that member's own address, denote no other host and hold something that
/// is no host at all (a role, a port: `db-master-01,10.0.0.120,primary`), as
/// an inventory row does. Fields that are all hosts are a list, whatever
/// they repeat; a setting (`KEY=…`, `key: …`) is no record.
fn members_at_their_address(pack: &Pack, record: &str) -> Vec<Role> {
    if !record.contains([',', '\t', ';', '|']) {
        return Vec::new();
    }
    let (mut named, mut addressed, mut attributes) = (None, None, 0);
    for field in record.split([',', '\t', ';', '|']) {
        // A field's own text follows the last bracket that opens in it
        // (`VALUES ('db-master-01'` of an SQL row).
        let own = field.rsplit(['(', '[', '{']).next().unwrap_or(field);
        let field = strip_quotes(own.trim().trim_matches([')', ']', '}']).trim());
        if field.contains('=') || field.contains(": ") {
            return Vec::new(); // a setting's line, not a record
        }
        // A host with its port is the host.
        let host = match field.rsplit_once(':') {
            Some((host, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => {
                host
            }
            _ => field,
        };
        let (found, role) = match parse_ipv4(host) {
            Some(ip) => (&mut addressed, pack.role_of_address(ip)),
            None => match role_of_dns_name(pack, host) {
                Some(role) => (&mut named, Some(role)),
                None => {
                    attributes += usize::from(!field.is_empty());
                    continue;
                }
            },
        };
        match (role, *found) {
            // An unknown address, or a second member: no record of one.
            (None, _) => return Vec::new(),
            (Some(role), Some(seen)) if role != seen => return Vec::new(),
            (Some(role), _) => *found = Some(role),
        }
    }
    match (named, addressed) {
        (Some(name), Some(address)) if name == address && attributes > 0 => vec![name],
        _ => Vec::new(),
    }
}

/// Makes the addresses of one value (or of one pair in it) a list when there
/// are several: `a,b,c`, `"a b c"`, `host=a,b`. A list whose addresses have a
/// connection's context (a scheme, a dialect, a service key, a host flag) is
/// a connection.
fn group_separated(
    pack: &Pack,
    pairs: &[Pair],
    references: &mut [Reference],
    groups: &mut Vec<super::Group>,
) {
    let mut start = 0;
    while start < references.len() {
        // Pairs nested in one value (`PEERS=db-1=http://…,db-2=http://…`)
        // are items of that value's list.
        let holder = |r: &Reference| {
            outermost_pair(pairs, &r.hit)
                .or_else(|| inner_pair(pairs, &r.hit))
                .map(|p| p.key.start)
        };
        let owner = holder(&references[start]);
        let end = start
            + references[start..]
                .iter()
                .take_while(|r| holder(r) == owner)
                .count();
        if end - start >= 2 {
            let connection = references[start..end].iter().any(|r| {
                r.context.as_ref().is_some_and(|c| match &c.because {
                    Because::Key(key) => pack.is_connection_key(key),
                    because => matches!(
                        because,
                        Because::Scheme(_)
                            | Because::Dialect(_)
                            | Because::HostFlag(_)
                            | Because::VaultPlugin(_)
                    ),
                })
            });
            groups.push(super::Group { connection });
            let group = groups.len() - 1;
            for reference in &mut references[start..end] {
                reference.group = Some(group);
            }
        }
        start = end;
    }
}

/// The hosts of each Sentinel URL in the value (`redis+sentinel://a:26379,b/`):
/// a Sentinel list, named by the value's key (or its scheme). Returns the
/// ranges of the lists' hosts.
fn sentinel_lists(
    pack: &Pack,
    text: &str,
    value: &Value,
    hits: &[Hit],
    scan: &mut FileScan,
) -> Vec<Range<usize>> {
    let mut read: Vec<Range<usize>> = Vec::new();
    if pack.candidates.sentinel_schemes.is_empty() {
        return read;
    }
    for hit in hits {
        if within_any(&read, &hit.span) {
            continue;
        }
        let Some(url) = url_around(text, value.range.clone(), hit.span.clone()) else {
            continue;
        };
        let scheme = &text[url.scheme.clone()];
        if !url.is_host
            || !pack
                .candidates
                .sentinel_schemes
                .iter()
                .any(|s| s.eq_ignore_ascii_case(scheme))
        {
            continue;
        }
        let mut members = Vec::new();
        let mut start = url.scheme.end + "://".len();
        let mut first_host = None;
        let end = loop {
            let mut end = authority_end(text, start, value.range.end);
            // Kombu and Celery write one URL per Sentinel, joined by `;`
            // (`sentinel://a:26379;sentinel://b:26379`, each with a path
            // too: `sentinel://a:26379/0;…`): one list.
            let next = joined_url(text, start..value.range.end, scheme);
            if let Some((separator, _)) = next {
                end = end.min(separator);
            }
            let authority = &text[start..end];
            let hosts_start = authority.rfind('@').map_or(start, |at| start + at + 1);
            first_host.get_or_insert(hosts_start);
            let mut position = hosts_start;
            for host in text[hosts_start..end].split(',') {
                if let Some(member) =
                    super::candidates::member(pack, text, position..position + host.len())
                {
                    members.push(member);
                }
                position += host.len() + 1;
            }
            match next {
                Some((_, next)) => start = next,
                None => break end,
            }
        };
        let hosts_start = first_host.unwrap_or(end);
        let name = value.key.unwrap_or(scheme);
        let mut list = super::candidates::CandidateList::of(pack, name, hosts_start..end, members);
        list.sentinel = true;
        if list.service.is_none() {
            list.service = pack.sentinel_service().map(|service| ServiceContext {
                service,
                because: Because::Scheme(scheme.to_string()),
            });
        }
        scan.lists.push(list);
        read.push(hosts_start..end);
    }
    read
}

/// The `;` that joins another URL of `scheme` to the URL whose authority
/// starts `range`, after its authority or its path, and where that URL's
/// authority starts.
fn joined_url(text: &str, range: Range<usize>, scheme: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let bound = range.end.min(range.start.saturating_add(MAX_URL_PREFIX));
    (range.start..bound)
        .take_while(|&at| is_url_byte(bytes[at]))
        .filter(|&at| bytes[at] == b';')
        .find_map(|at| next_url_of_scheme(text, at..range.end, scheme).map(|next| (at, next)))
}

/// Where the authority of a URL with `scheme` starts, when one follows
/// `range`'s start after a `;` (and blanks).
fn next_url_of_scheme(text: &str, range: Range<usize>, scheme: &str) -> Option<usize> {
    let rest = text.get(range.clone())?.strip_prefix(';')?;
    let skipped = rest.len() - rest.trim_start().len();
    let at = range.start + 1 + skipped;
    let written = text.get(at..at + scheme.len())?;
    (written.eq_ignore_ascii_case(scheme) && text[at + scheme.len()..range.end].starts_with("://"))
        .then_some(at + scheme.len() + "://".len())
}

/// The service whose connection-string dialect the pairs of a value speak
/// (`dbname=` of libpq, `Database=` of Npgsql, `abortConnect=` of
/// StackExchange.Redis), if exactly one service's dialect keys are there.
fn dialect_of(pack: &Pack, text: &str, pairs: &[Pair]) -> Option<ServiceContext> {
    let mut found = None;
    for pair in pairs {
        let key = &text[pair.key.clone()];
        for (service, spec) in pack.services.iter().enumerate() {
            if spec.dialect_keys.is_match(key) {
                match &found {
                    Some(ServiceContext { service: other, .. }) if *other != service => {
                        return None;
                    }
                    Some(_) => {}
                    None => {
                        found = Some(ServiceContext {
                            service,
                            because: Because::Dialect(key.to_string()),
                        });
                    }
                }
            }
        }
    }
    found
}

/// The name of a `value` pair (a `named_value_keys` pair: `value`,
/// `envDefault`, `default_value`) given by a `value_name_keys` pair (`name`,
/// `key`, `env`) next to it in the same element, object or tag, the nearest
/// before it, else after it (`<add key="RedisHost" value="redis-02"/>`,
/// `{"name": "PGHOST", "value": …}`, Go's `env:"DB_HOST" envDefault:"…"`),
/// as a Kubernetes env entry's `name` names its `value`.
pub(super) fn named_by_sibling<'t>(
    pack: &Pack,
    text: &'t str,
    pairs: &[Pair],
    pair: &Pair,
) -> Option<&'t str> {
    let syntax = &pack.syntax;
    if !syntax
        .named_value_keys
        .is_match(strip_quotes(&text[pair.key.clone()]))
    {
        return None;
    }
    let names = |p: &&Pair| {
        let key = strip_quotes(&text[p.key.clone()]);
        !syntax.named_value_keys.is_match(key) && syntax.value_name_keys.is_match(key)
    };
    // Pairs are in the order of their values: a call's keyword default
    // moved last keeps its earlier key (`getenv("PGHOST", default=…)`).
    let apart = |a: usize, b: usize| text[a.min(b)..a.max(b)].contains(['<', '>', '{', '}']);
    let at = pairs.partition_point(|p| p.key.start < pair.key.start);
    let before = pairs[at.saturating_sub(SIBLINGS)..at]
        .iter()
        .rev()
        .take_while(|p| !apart(p.key.start, pair.key.start))
        .find(names);
    let after = || {
        pairs[at..pairs.len().min(at + 1 + SIBLINGS)]
            .iter()
            .filter(|p| p.key.start > pair.key.start)
            .take_while(|p| !apart(pair.key.start, p.key.start))
            .find(names)
    };
    before
        .or_else(after)
        .map(|p| {
            text[p.value.clone()]
                .trim()
                .trim_end_matches(',')
                .trim_matches(['"', '\''])
        })
        .filter(|name| !name.is_empty())
}

/// How many pairs before or after a `value` its naming sibling may be.
const SIBLINGS: usize = 3;

/// The key of the pair that holds `hit`, if a pair does.
fn inner_pair<'p>(pairs: &'p [Pair], hit: &Hit) -> Option<&'p Pair> {
    // Pairs are in order: the last one starting before the hit holds it, if any does.
    let before = pairs.partition_point(|p| p.value.start <= hit.span.start);
    before
        .checked_sub(1)
        .map(|i| &pairs[i])
        .filter(|p| hit.span.end <= p.value.end)
}

/// How many pairs a value may nest: bounded, so a line of many pairs stays
/// linear.
const MAX_NESTING: usize = 8;

/// The outermost of the pairs that hold the hit's pair, if another holds it
/// (`ETCD_INITIAL_CLUSTER` of `ETCD_INITIAL_CLUSTER=db-1=http://10.0.0.120:2380`,
/// `primary_conninfo` of `primary_conninfo = 'host=… application_name=db-2'`,
/// over the sibling pairs before the hit's).
fn outermost_pair<'p>(pairs: &'p [Pair], hit: &Hit) -> Option<&'p Pair> {
    let inner = pairs.partition_point(|p| p.value.start <= hit.span.start);
    let inner = inner.checked_sub(1)?;
    pairs[inner.saturating_sub(MAX_NESTING)..inner]
        .iter()
        .find(|p| hit.span.end <= p.reach)
}

fn reference(
    pack: &Pack,
    text: &str,
    value: &Value,
    pairs: &[Pair],
    dialect: Option<&ServiceContext>,
    hit: &Hit,
) -> Option<Reference> {
    let inner_pair = inner_pair(pairs, hit);
    let inner =
        inner_pair.map(|p| named_by_sibling(pack, text, pairs, p).unwrap_or(&text[p.key.clone()]));
    let inner_facts = inner.map(|key| pack.key_facts(key));
    let value_facts = value.key.map(|key| pack.key_facts(key));
    if let (Some(pair), Some(facts)) = (inner_pair, inner_facts)
        && (reading_of(facts) != Reading::Configuration
            || (facts.prose && is_sentence(text, trim_quotes(text, pair.value.clone()), hit)))
    {
        return None;
    }
    if inner.is_none()
        && value_facts.is_some_and(|facts| facts.prose)
        && is_sentence(text, trim_quotes(text, value.range.clone()), hit)
    {
        return None;
    }
    if is_compared(text, value.range.clone(), hit.span.clone()) {
        return None;
    }
    let url = url_around(text, value.range.clone(), hit.span.clone());
    // A list's item is judged as a member of its list, whatever its tuple
    // holds besides: only a lone address takes a positional port.
    let port = port_after(text, hit.span.end, value.range.end)
        .or_else(|| {
            value
                .group
                .is_none()
                .then(|| positional_port(pack, text, hit, value.range.end))
                .flatten()
        })
        .or_else(|| {
            let at = pairs.partition_point(|p| p.value.start <= hit.span.start);
            // In a connection string, only a host key's value is on its port
            // (`application_name=db-2` names no host).
            inner_facts
                .filter(|facts| facts.host)
                .and_then(|_| libpq_port(text, pairs, at.saturating_sub(1)))
        })
        .or(value.sibling_port);

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
    if context.is_none() {
        context = dialect.or(value.adapter.as_ref()).cloned();
    }
    // A default's variable is nearest when its name says what it holds
    // (`${REDIS_HOST:redis-01}`); a name that says nothing leaves it to the
    // keys around (`spring.redis.host=${X:redis-01}`).
    let expansion = expansion_named_default(text, value.range.start, hit)
        .or_else(|| fallback_named_default(text, value.range.start, hit))
        .or_else(|| returning_function(text, hit))
        .map(|name| (name, pack.key_facts(name)))
        .filter(|(_, facts)| facts.host || facts.is_connection());
    let key_facts: Vec<(&str, KeyFacts)> = expansion
        .into_iter()
        .chain(
            [(inner, inner_facts), (value.key, value_facts)]
                .into_iter()
                .filter_map(|(key, facts)| Some((key?, facts?))),
        )
        .collect();
    for (key, facts) in &key_facts {
        if context.is_none() {
            context = facts.service.map(|service| ServiceContext {
                service,
                because: Because::Key(key.to_string()),
            });
        }
    }
    if context.is_none() {
        context = value.fallback.clone();
    }
    if context.is_none() {
        context = port.and_then(|port| ServiceContext::of_port(pack, port));
    }

    // The nearest key says whether the value is a host: a host key, or a
    // connection's key.
    let keyed_as_host = key_facts
        .first()
        .is_some_and(|(_, facts)| facts.host || facts.is_connection());
    let as_host = match &url {
        Some(url) => url.is_host,
        None => keyed_as_host || port.is_some(),
    };
    // On a host that nodes share, the port says which node it is.
    let target = match hit.target {
        Target::Known(role) => {
            Target::Known(pack.resolve_host(&text[hit.span.clone()], role, port)?)
        }
        unknown => unknown,
    };
    Some(Reference {
        hit: Hit {
            target,
            ..hit.clone()
        },
        value: Arc::from(""),
        port,
        context,
        as_host,
        // Shared copies are set by the caller.
        locator: Arc::from(""),
        decoded: None,
        enclosure: value.enclosure.clone(),
        // An address with a prefix length is a range of its own, never a
        // list member (`10.0.0.122/32`).
        group: value
            .group
            .filter(|_| !has_prefix_length(text, hit.span.end)),
    })
}

/// Whether `/digits` follows the address ending at `end` (a CIDR).
pub fn has_prefix_length(text: &str, end: usize) -> bool {
    let bytes = text.as_bytes();
    bytes.get(end) == Some(&b'/') && bytes.get(end + 1).is_some_and(u8::is_ascii_digit)
}

/// Whether the IP literal `hit` is written as an interface's address: with
/// a prefix length shorter than /32 that leaves host bits set
/// (`10.0.0.120/24` in netplan, WireGuard's `Address =`, `ip addr add`), or
/// with its netmask later on its line (see [`mask_follows`]). Only a
/// machine's own interface is written so; a host reached is written bare or
/// as `/32`, a network with its host bits clear (`10.0.0.0/24`).
pub fn is_interface_address(pack: &Pack, text: &str, hit: &Hit) -> bool {
    if hit.form != Form::Ip {
        return false;
    }
    if !has_prefix_length(text, hit.span.end) {
        return mask_follows(pack, text, hit.span.end);
    }
    let digits = &text.as_bytes()[hit.span.end + 1..];
    let length = digits
        .iter()
        .take(3)
        .take_while(|b| b.is_ascii_digit())
        .count();
    let prefix = std::str::from_utf8(&digits[..length])
        .ok()
        .and_then(|prefix| prefix.parse::<u32>().ok())
        .filter(|prefix| (1..32).contains(prefix));
    match (prefix, parse_ipv4(&text[hit.span.clone()])) {
        (Some(prefix), Some(address)) => u32::from(address) & (u32::MAX >> prefix) != 0,
        _ => false,
    }
}

/// How far past an address, on its line, its netmask may be given.
const MASK_REACH: usize = 48;

/// Whether a key, attribute or flag of the pack's `mask_keys` gives the
/// address ending at `end` a prefix length or netmask, later on its line
/// (libvirt's `<ip address='10.0.0.120' prefix='24'/>`, `ifconfig eth0
/// 10.0.0.120 netmask 255.255.255.0`, PowerShell's `-IPAddress 10.0.0.120
/// -PrefixLength 24`): an interface given its own address.
fn mask_follows(pack: &Pack, text: &str, end: usize) -> bool {
    let bytes = text.as_bytes();
    // Bounded first: a line of many addresses costs no more than its length.
    let reach = bytes.len().min(end + MASK_REACH);
    let reach = memchr::memchr(b'\n', &bytes[end..reach]).map_or(reach, |n| end + n);
    let mut at = end;
    while at < reach {
        if !is_key_byte(bytes[at]) {
            at += 1;
            continue;
        }
        let start = at;
        while at < reach && is_key_byte(bytes[at]) {
            at += 1;
        }
        let Some(word) = text
            .get(start..at)
            .map(|w| w.trim_start_matches(['-', '.']))
        else {
            return false;
        };
        if word.is_empty() || !pack.syntax.mask_keys.is_match(word) {
            continue;
        }
        // Its value follows past quotes and separators: a number.
        return bytes[at..]
            .iter()
            .find(|b| !matches!(b, b'=' | b':' | b'\'' | b'"' | b' ' | b'\t'))
            .is_some_and(u8::is_ascii_digit);
    }
    false
}

/// Whether the address at `hit` names a machine in an SSH host-key entry
/// (a `known_hosts` line: `10.0.0.120,db-master-01 ssh-ed25519 AAAA…`,
/// `[10.0.0.120]:2222 ssh-rsa AAAA…`), wherever it is written: the key
/// `ssh` trusts for that machine, management as `ssh HOST` is. The key
/// type (`ssh-*`, `ecdsa-*`, `sk-*`) and a key blob (every blob's base64
/// starts `AAAA`, its length prefix) must follow the hosts field.
pub fn is_host_key_entry(text: &str, hit: &Hit) -> bool {
    // Each part is read only as far as an entry's part can go: a line of
    // many addresses costs no more than its length.
    let after = &text.as_bytes()[hit.span.end..];
    let in_hosts = |b: &&u8| b.is_ascii_alphanumeric() || b".-_:[],*?".contains(b);
    let blank = |b: &&u8| matches!(b, b' ' | b'\t');
    let in_word = |b: &&u8| !b.is_ascii_whitespace();
    let hosts = after
        .iter()
        .take(MAX_HOSTS_FIELD + 1)
        .take_while(in_hosts)
        .count();
    let rest = &after[hosts.min(after.len())..];
    let blanks = rest.iter().take(MAX_BLANKS).take_while(blank).count();
    if hosts > MAX_HOSTS_FIELD || blanks == 0 {
        return false;
    }
    let rest = &rest[blanks..];
    let key_type = &rest[..rest.iter().take(MAX_KEY_TYPE).take_while(in_word).count()];
    let typed = [&b"ssh-"[..], b"ecdsa-", b"sk-"]
        .iter()
        .any(|prefix| key_type.len() > prefix.len() && key_type.starts_with(prefix));
    if !typed {
        return false;
    }
    let rest = &rest[key_type.len()..];
    let rest = &rest[rest.iter().take(MAX_BLANKS).take_while(blank).count()..];
    let blob = &rest[..rest.iter().take(MAX_KEY_BLOB).take_while(in_word).count()];
    let blob = blob
        .strip_suffix(b"\"")
        .or_else(|| blob.strip_suffix(b"'"))
        .unwrap_or(blob);
    let base64 = |b: &u8| b.is_ascii_alphanumeric() || b"+/=".contains(b);
    blob.len() >= MIN_KEY_BLOB && blob.starts_with(b"AAAA") && blob.iter().all(base64)
}

/// How long a host-key entry's hosts field, its key type, the blanks
/// between its parts and its key blob are at most, as read.
const MAX_HOSTS_FIELD: usize = 256;
const MAX_KEY_TYPE: usize = 64;
const MAX_BLANKS: usize = 64;
const MAX_KEY_BLOB: usize = 16 * 1024;

/// How long a key blob's base64 is at least: the length prefix and a key
/// type name already take 16 characters (`AAAAC3NzaC1lZDI1`).
const MIN_KEY_BLOB: usize = 16;

/// Whether `word`, paired with an address (`("10.0.0.120", "primary")`),
/// is what a lookup maps the address to: a word or a few, not a host, a
/// port or a value of its own.
pub(super) fn is_lookup_word(pack: &Pack, word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_alphabetic())
        && word
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_- ".contains(&b))
        && role_of_any_name(pack, word).is_none()
}

/// Whether the text at `range` is a sentence besides the address at `hit`:
/// it holds a word of letters that is no address (`primary db-master-01
/// (10.0.0.120) failed over`), as prose does.
pub(super) fn is_sentence(text: &str, range: Range<usize>, hit: &Hit) -> bool {
    let Some(value) = text.get(range.clone()) else {
        return false;
    };
    let mut words = 0;
    for (offset, word) in value.split_whitespace().map(|w| {
        let offset = w.as_ptr() as usize - value.as_ptr() as usize;
        (range.start + offset, w)
    }) {
        let holds_hit = offset <= hit.span.start && hit.span.end <= offset + word.len();
        let letters = word.bytes().filter(u8::is_ascii_alphabetic).count();
        if !holds_hit && letters >= 2 {
            words += 1;
        }
    }
    words >= 1 && value.split_whitespace().count() >= 2
}

/// How far after an address the collection it is tested against may close.
const TESTED_COLLECTION_WINDOW: usize = 4 * 1024;

/// How much of a line around an address the assertion check reads.
const ASSERTION_WINDOW: usize = 256;

/// Test-assertion calls whose arguments compare values (`assertEqual(a, b)`,
/// Go testify's `require.Equal(t, a, b)`).
const ASSERTION_CALLS: &[&str] = &["assert", "expect(", "should", "require"];

/// Line heads whose literals are patterns a value is matched against: a
/// `case` label (Go, JavaScript, Java, C#, Python `match`), a Ruby `when`.
const PATTERN_HEADS: &[&str] = &["case ", "when "];

/// Calls right after a list that test a value's membership in it
/// (`["…", "…"].includes(ip)`, Ruby `include?`, Java `contains`).
const MEMBERSHIP_CALLS: &[&str] = &[".includes(", ".include?(", ".contains(", ".indexof("];

/// Whether the address at `hit` (with its quotes) is an operand of a
/// comparison (`== "10.0.0.120"`, `'10.0.0.120' !=`), a `case` pattern or an
/// argument of a test assertion on its line: it interprets an address, it
/// does not connect to it.
fn is_compared(text: &str, value: Range<usize>, hit: Range<usize>) -> bool {
    let bytes = text.as_bytes();
    let quote_or_space = |b: u8| b == b'"' || b == b'\'' || b == b' ' || b == b'\t';
    let mut before = hit.start;
    while before > value.start && quote_or_space(bytes[before - 1]) {
        before -= 1;
    }
    let mut after = hit.end;
    while after < value.end && quote_or_space(bytes[after]) {
        after += 1;
    }
    let operator = |s: &[u8]| s == b"==" || s == b"!=";
    if before >= value.start + 2 && operator(&bytes[before - 2..before]) {
        return true;
    }
    if after + 2 <= value.end && operator(&bytes[after..after + 2]) {
        return true;
    }
    let line = LineBefore::new(text, value.start, hit.start);
    line.asserts()
        || sql_compares(&line.near)
        || word_operator_compares(&line.near)
        || PATTERN_HEADS
            .iter()
            .any(|head| line.head().starts_with(head))
        || template_compares(&line.near)
        || in_tested_collection(text, value.start, hit.start)
}

/// SQL words after which an expression is a condition.
const SQL_CONDITIONS: &[&str] = &["where", "and", "or", "when", "on", "having"];

/// Whether `near`, the lowercased text before an address, leaves it the
/// string a SQL condition compares with (`WHERE client_addr = '10.0.0.121'`,
/// `CASE WHEN inet_server_addr() <> '…'`, `LIKE '%10.0.0.122%'`): the query
/// picks the rows of that node, it does not connect to it. An assignment
/// (`SET host = '…'`, `x := '…'`) is no condition.
fn sql_compares(near: &str) -> bool {
    let Some(rest) = near.strip_suffix('%').unwrap_or(near).strip_suffix('\'') else {
        return false;
    };
    let rest = rest.trim_end();
    let left = ["<>", "!=", " like", " ilike"]
        .iter()
        .find_map(|operator| rest.strip_suffix(operator))
        .or_else(|| rest.strip_suffix('=').filter(|left| !left.ends_with(':')));
    let Some(left) = left else {
        return false;
    };
    let words: Vec<&str> = left.split_whitespace().collect();
    let Some(condition) = words.iter().rposition(|word| SQL_CONDITIONS.contains(word)) else {
        return false;
    };
    let operand = &words[condition + 1..];
    !operand.is_empty()
        && operand
            .iter()
            .all(|word| !word.contains(['=', ',', ';']) && *word != "set")
}

/// Comparison operators written as words (PowerShell's `-eq`, `-like`).
const WORD_OPERATORS: &[&str] = &[
    "-eq",
    "-ne",
    "-ieq",
    "-ine",
    "-ceq",
    "-cne",
    "-like",
    "-notlike",
    "-match",
    "-notmatch",
];

/// Whether `near`, the lowercased text before an address, ends with a
/// comparison operator written as a word (`if ($leader -eq "10.0.0.120")`).
fn word_operator_compares(near: &str) -> bool {
    let operator = near
        .trim_end_matches(['"', '\'', ' ', '\t'])
        .rsplit([' ', '\t', '('])
        .next()
        .unwrap_or_default();
    WORD_OPERATORS.contains(&operator)
}

/// Go template (Helm) comparison functions, and the words that may come
/// before one in its pipeline stage (`{{- if and .a (eq .b "…") }}`).
const TEMPLATE_COMPARISONS: &[&str] = &["eq", "ne"];
const TEMPLATE_KEYWORDS: &[&str] = &["if", "else", "with", "and", "or", "not"];

/// Whether `near`, the text before an address, leaves it an argument of a
/// template comparison (`{{- if eq .Values.pg.host "10.0.0.120" }}`).
fn template_compares(near: &str) -> bool {
    let Some(open) = near.rfind("{{") else {
        return false;
    };
    let expression = &near[open + 2..];
    if expression.contains("}}") {
        return false;
    }
    let stage = expression.rsplit(['|', '(']).next().unwrap_or(expression);
    stage
        .split_whitespace()
        .map(|word| word.trim_start_matches('-'))
        .filter(|word| !word.is_empty())
        .find(|word| !TEMPLATE_KEYWORDS.contains(word))
        .is_some_and(|word| TEMPLATE_COMPARISONS.contains(&word))
}

/// Whether the address at `at` is an item of a collection written on its
/// line that a value is tested against (`elif ip in ("…", "…"):`).
fn in_tested_collection(text: &str, floor: usize, at: usize) -> bool {
    let bytes = text.as_bytes();
    let start = line_start(bytes, floor.max(at.saturating_sub(ASSERTION_WINDOW)), at);
    let open = [(b'(', b')'), (b'[', b']'), (b'{', b'}')]
        .into_iter()
        .filter_map(|(open, close)| {
            unmatched_open(&bytes[start..at], open, close).map(|i| (start + i, close))
        })
        .max_by_key(|(at, _)| *at);
    // A tested collection is short: an unclosed bracket costs no scan far
    // beyond the address.
    let window = &bytes[..bytes.len().min(at + TESTED_COLLECTION_WINDOW)];
    open.and_then(|(open, close)| closing(window, open, close).map(|end| open..end))
        .is_some_and(|list| tests_membership(&LineBefore::new(text, floor, list.start), text, list))
}

/// Whether the bracketed list at `list` is interpreted, not used: a test
/// asserts on it, or code tests a value's membership in it (`ip in ("…",
/// "…")`, SQL `IN (…)`, `["…"].includes(ip)`), as a comparison does. A loop
/// over it (`for ip in […]`) uses it.
pub(super) fn interprets_list(text: &str, floor: usize, list: Range<usize>) -> bool {
    let line = LineBefore::new(text, floor, list.start);
    line.asserts() || tests_membership(&line, text, list)
}

/// Whether code tests a value's membership in the list at `list` (`line`
/// is the text before it): `in` (or SQL `IN`) before it, outside a `for`
/// loop, or a membership call after it.
fn tests_membership(line: &LineBefore, text: &str, list: Range<usize>) -> bool {
    let looped = line
        .near
        .split(|c: char| !is_identifier(c))
        .any(|w| w == "for");
    let tested_in = !looped
        && line
            .near
            .trim_end()
            .strip_suffix("in")
            .is_some_and(|rest| !rest.ends_with(is_identifier));
    let after = text.get(list.end..).unwrap_or_default().as_bytes();
    let after = &after[..after.len().min(MEMBERSHIP_WINDOW)];
    tested_in
        || MEMBERSHIP_CALLS.iter().any(|call| {
            after.len() >= call.len() && after[..call.len()].eq_ignore_ascii_case(call.as_bytes())
        })
}

/// How much text after a list the membership check reads.
const MEMBERSHIP_WINDOW: usize = 16;

/// The text of a line before a position, lowercased and bounded, so that a
/// long line costs nothing per address: what assertions, patterns and
/// membership tests are recognised by.
struct LineBefore {
    /// The text just before the position, from the line's start when near.
    near: String,
    /// Whether `near` starts the line.
    at_line_start: bool,
}

impl LineBefore {
    fn new(text: &str, floor: usize, at: usize) -> Self {
        let bytes = text.as_bytes();
        // The line's start, when it is near (a long line is read no further back).
        let near_floor = floor.max(at.saturating_sub(ASSERTION_WINDOW));
        let line_start = memchr::memrchr(b'\n', &bytes[near_floor..at]).map(|i| near_floor + i + 1);
        let mut start = line_start.unwrap_or(near_floor);
        while !text.is_char_boundary(start) {
            start += 1;
        }
        LineBefore {
            near: text[start..at].to_ascii_lowercase(),
            at_line_start: line_start.is_some() || start == floor,
        }
    }

    /// `near` without its indentation when it starts the line (else empty).
    fn head(&self) -> &str {
        if self.at_line_start {
            self.near.trim_start()
        } else {
            ""
        }
    }

    /// Whether the line starts or calls a test assertion.
    fn asserts(&self) -> bool {
        ASSERTION_CALLS.iter().any(|call| {
            self.head().starts_with(call)
                || self
                    .near
                    .match_indices(call)
                    .any(|(at, _)| self.near[..at].ends_with('.'))
        })
    }
}

/// `:5432` right after the address, or after the domain a hostname is
/// written with (`redis-03.cache.svc:6379`), inside the value. Digits that
/// go on as an address (`db-master-01:10.0.0.120`, a hosts entry) are no port.
fn port_after(text: &str, end: usize, limit: usize) -> Option<u16> {
    let rest = text.get(end..limit)?;
    let domain = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-'))
        .count();
    let rest = rest[domain..].strip_prefix(':')?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let dotted = rest[digits..].starts_with('.')
        && rest[digits + 1..].starts_with(|c: char| c.is_ascii_digit());
    if dotted {
        return None;
    }
    rest[..digits].parse().ok().filter(|p| *p != 0)
}

/// How long a positional port argument may be written, quotes and blanks
/// around it included.
const MAX_POSITIONAL_PORT: usize = 16;

/// The port given as the argument after a quoted address (`new
/// Jedis("10.0.0.121", 6379)`, `("10.0.0.123", 26379)`, Go's
/// `net.JoinHostPort("10.0.0.121", "5432")`), or as a call's first argument
/// before it (ioredis' `new Redis(6379, "10.0.0.124")`), when the pack
/// knows it: a number that is no port of any service is some other
/// argument (a timeout).
pub(crate) fn positional_port(pack: &Pack, text: &str, hit: &Hit, limit: usize) -> Option<u16> {
    let bytes = text.as_bytes();
    let quote = *bytes.get(hit.span.end)?;
    let opened = hit.span.start.checked_sub(1).map(|at| bytes[at]);
    if !matches!(quote, b'"' | b'\'') || opened != Some(quote) {
        return None;
    }
    port_argument_after(bytes, hit.span.end + 1, limit)
        .or_else(|| first_port_argument_before(bytes, hit.span.start - 1))
        .filter(|&port| pack.knows_port(port))
}

/// The number of the argument that follows `start` (after an address's
/// closing quote): `, 6379)`, `, "5432"]`.
fn port_argument_after(bytes: &[u8], start: usize, limit: usize) -> Option<u16> {
    let window = bytes.get(start..limit.min(start + MAX_POSITIONAL_PORT))?;
    let blank = |b: &u8| matches!(b, b' ' | b'\t');
    let rest = &window[window.iter().take_while(|b| blank(b)).count()..];
    let rest = rest.strip_prefix(b",")?;
    let rest = &rest[rest.iter().take_while(|b| blank(b)).count()..];
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    let after = rest[digits..]
        .iter()
        .find(|b| !blank(b) && !matches!(b, b'"' | b'\''));
    if digits == 0 || !after.is_none_or(|b| matches!(b, b')' | b',' | b']' | b'}')) {
        return None;
    }
    std::str::from_utf8(&rest[..digits]).ok()?.parse().ok()
}

/// The number that is a call's first argument right before `quote` (an
/// address's opening quote): `(6379, `.
fn first_port_argument_before(bytes: &[u8], quote: usize) -> Option<u16> {
    let window = &bytes[quote.saturating_sub(MAX_POSITIONAL_PORT)..quote];
    let rest = trim_end_blanks(window).strip_suffix(b",")?;
    let rest = trim_end_blanks(rest);
    let rest = rest
        .strip_suffix(b"\"")
        .or_else(|| rest.strip_suffix(b"'"))
        .unwrap_or(rest);
    let digits = rest.iter().rev().take_while(|b| b.is_ascii_digit()).count();
    let (before, number) = rest.split_at(rest.len() - digits);
    let before = before
        .strip_suffix(b"\"")
        .or_else(|| before.strip_suffix(b"'"))
        .unwrap_or(before);
    if digits == 0 || !trim_end_blanks(before).ends_with(b"(") {
        return None;
    }
    std::str::from_utf8(number).ok()?.parse().ok()
}

/// How many pairs either side of an address's own pair its connection
/// string may span (`host=… port=… dbname=… user=… sslmode=…`): a bound that
/// keeps a long line with many pairs linear.
const CONNECTION_PAIRS: usize = 12;

/// The `port=` pair of the connection string holding the pair at `at`.
fn libpq_port(text: &str, pairs: &[Pair], at: usize) -> Option<u16> {
    let near = at.saturating_sub(CONNECTION_PAIRS)..(at + CONNECTION_PAIRS + 1).min(pairs.len());
    pairs[near]
        .iter()
        .find(|p| text[p.key.clone()].eq_ignore_ascii_case("port"))
        .and_then(|p| {
            // The number that starts the value (`5432;Database=…` in ADO.NET).
            let value = text[trim_quotes(text, p.value.clone())].trim();
            let unsigned = value.strip_prefix('+').unwrap_or(value);
            let digits = unsigned.bytes().take_while(u8::is_ascii_digit).count();
            unsigned[..digits].parse().ok()
        })
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
    let mut position = start;
    while position < bound {
        if let Some(close) = template_after(bytes, position, bound) {
            position = close;
            continue;
        }
        if let Some(next) = concatenation_after(bytes, position, bound) {
            position = next;
            continue;
        }
        if !is_url_byte(bytes[position]) || b"/?#".contains(&bytes[position]) {
            return position;
        }
        position += 1;
    }
    bound
}

/// Where the text goes on after a string concatenation at `start`, when
/// one stands there: a literal's closing quote, then `+` or `.` (`"…@" +
/// host`), or an expression's end, then `+` or `.` and the next literal's
/// opening quote (`host + ":5432/app"`). A URL built by concatenation
/// (`"postgresql://app@" + LEADER + ":5432/app"`) reads as one.
fn concatenation_after(bytes: &[u8], start: usize, limit: usize) -> Option<usize> {
    let limit = limit.min(bytes.len());
    let blanks = |from: usize| {
        from + bytes.get(from..limit).map_or(0, |rest| {
            rest.iter()
                .take_while(|b| **b == b' ' || **b == b'\t')
                .count()
        })
    };
    let quote = |at: usize| at < limit && matches!(bytes[at], b'"' | b'\'');
    let closing = quote(start);
    let operator = blanks(start + usize::from(closing));
    if operator >= limit || !matches!(bytes[operator], b'+' | b'.') {
        return None;
    }
    let next = blanks(operator + 1);
    // `.` joins strings in PHP and Perl (`"…" . $host`), not in a name
    // (`db.example`): spaced, or next to a variable.
    let spaced = operator > start + usize::from(closing) && next > operator + 1;
    let joins = bytes[operator] == b'+'
        || spaced
        || (closing && bytes.get(next) == Some(&b'$'))
        || (!closing && quote(next));
    if !joins {
        return None;
    }
    if closing {
        let expression =
            next < limit && (bytes[next].is_ascii_alphabetic() || b"$_@".contains(&bytes[next]));
        expression.then_some(next)
    } else {
        quote(next).then_some(next + 1)
    }
}

/// Where the literal before a string concatenation ending at `end` closes
/// (`"postgresql://" + ` before `host`): its quote, the last byte of its text
/// before it, or None.
fn concatenation_before(bytes: &[u8], end: usize, floor: usize) -> Option<usize> {
    let blank = |b: &u8| *b == b' ' || *b == b'\t';
    let text = &bytes[floor..end];
    let trimmed = text.len() - text.iter().rev().take_while(|b| blank(b)).count();
    let operator = trimmed
        .checked_sub(1)
        .filter(|&i| matches!(text[i], b'+' | b'.'))?;
    let quote = operator
        - text[..operator]
            .iter()
            .rev()
            .take_while(|b| blank(b))
            .count();
    let quote = quote
        .checked_sub(1)
        .filter(|&i| matches!(text[i], b'"' | b'\''))?;
    let joins = text[operator] == b'+'
        || (operator + 1 < text.len() && quote + 1 < operator)
        || bytes.get(end) == Some(&b'$');
    joins.then_some(floor + quote)
}

/// The end of the template expression (`{{ .username }}`) starting at
/// `start`, if one closes on its line before `limit`: a URL's userinfo may
/// be one, blanks included.
pub(crate) fn template_after(bytes: &[u8], start: usize, limit: usize) -> Option<usize> {
    let limit = limit.min(bytes.len());
    if !bytes.get(start..limit)?.starts_with(b"{{") {
        return None;
    }
    let inside = &bytes[start + 2..limit];
    let line = &inside[..memchr::memchr(b'\n', inside).unwrap_or(inside.len())];
    memchr::memmem::find(line, b"}}").map(|close| start + 2 + close + 2)
}

/// The start of the template expression ending at `end` (its `}}`), if one
/// opens on its line after `floor`.
fn template_before(bytes: &[u8], end: usize, floor: usize) -> Option<usize> {
    if end < floor + 4 || !bytes[..end].ends_with(b"}}") {
        return None;
    }
    let line = floor + memchr::memrchr(b'\n', &bytes[floor..end - 2]).map_or(0, |at| at + 1);
    memchr::memmem::rfind(&bytes[line..end - 2], b"{{").map(|open| line + open)
}

/// Characters of a URL as written in configs; `{` and `}` included, for
/// templated userinfo such as `{{username}}:{{password}}@` (with blanks
/// inside, a template is skipped whole).
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
    while position > floor {
        if let Some(open) = template_before(bytes, position, floor) {
            position = open;
            continue;
        }
        if let Some(quote) = concatenation_before(bytes, position, floor) {
            position = quote;
            continue;
        }
        if !is_url_byte(bytes[position - 1]) {
            break;
        }
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
    // A host concatenated to the literal before it (`"…@" + host`).
    let host_start = concatenation_after(bytes, host_start, hit.start + 1)
        .filter(|&next| next == hit.start)
        .unwrap_or(host_start);
    let is_host = bytes.get(host_start..hit.start).is_some_and(|before| {
        before
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || b"-.:,[]".contains(b))
    }) && (hit.start == host_start || bytes[hit.start - 1] == b',')
        && ends_a_host(
            bytes,
            concatenation_after(bytes, hit.end, authority_end).unwrap_or(hit.end),
            authority_end,
        )
        // The default of an expansion that is the host (`@${PGHOST:-db-1}:5432`).
        || bytes
            .get(host_start..hit.start)
            .is_some_and(|before| expansion_default_name(before).is_some());
    Some(UrlAround {
        scheme,
        prefixed,
        is_host,
    })
}

/// Whether a host may end at `end` in an authority ending at
/// `authority_end`: at a port, the next host, a domain's next label or the
/// authority's end. A name followed by `=` after a comma is a key
/// (`node1=http://10.0.0.120:2380,node2=http://…` of etcd's initial cluster).
fn ends_a_host(bytes: &[u8], end: usize, authority_end: usize) -> bool {
    end >= authority_end || b":,.;%]}".contains(&bytes[end])
}

/// The name of the expansion whose default starts where `before` ends: the
/// shell's `${NAME:-`, `${NAME-`, `${NAME:=` and `${NAME=`, and the
/// `${name:` placeholders of Spring, Quarkus and MicroProfile
/// (`${db.host:db-1}`), as a range of `before`.
fn expansion_default_name(before: &[u8]) -> Option<Range<usize>> {
    let rest = before.strip_prefix(b"${")?;
    let name_len = rest
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.'))
        .count();
    let operator = &rest[name_len..];
    (name_len > 0 && matches!(operator, b":-" | b"-" | b":=" | b"=" | b":"))
        .then_some(2..2 + name_len)
}

/// How far before an address an expansion naming it may open.
const MAX_EXPANSION_NAME: usize = 128;

/// The name of the expansion `hit` is the default of (`redis.host` of
/// `@Value("${redis.host:redis-01}")`), if it is one: what that variable
/// would hold, read as its value.
fn expansion_named_default<'t>(text: &'t str, floor: usize, hit: &Hit) -> Option<&'t str> {
    let bytes = text.as_bytes();
    let window = floor.max(hit.span.start.saturating_sub(MAX_EXPANSION_NAME))..hit.span.start;
    let open = window.start + memchr::memmem::rfind(&bytes[window.clone()], b"${")?;
    let name = expansion_default_name(&bytes[open..hit.span.start])?;
    text.get(open + name.start..open + name.end)
}

/// The name a lookup looks up, when `hit` is the fallback given after it:
/// `process.env.PGHOST || "db-1"`, `ENV["PGHOST"] || …`, `getenv("PGHOST")
/// ?: …`, `env::var("PGHOST").unwrap_or("db-1"…)`, what that variable would
/// hold, as a lookup's fallback argument is (`getenv("PGHOST", "db-1")`).
fn fallback_named_default<'t>(text: &'t str, floor: usize, hit: &Hit) -> Option<&'t str> {
    let bytes = text.as_bytes();
    let floor = floor.max(hit.span.start.saturating_sub(MAX_EXPANSION_NAME));
    let quoted_value = hit.span.start > floor && matches!(bytes[hit.span.start - 1], b'"' | b'\'');
    let before = &bytes[floor..hit.span.start - usize::from(quoted_value)];
    let before = trim_end_blanks(before);
    let operator = FALLBACK_OPERATORS
        .iter()
        .find(|op| before.ends_with(op.as_bytes()))?;
    let before = &before[..before.len() - operator.len()];
    // A word operator stands apart (`or`, not `color`).
    if operator.ends_with(|c: char| c.is_ascii_alphabetic())
        && !before.ends_with(b" ")
        && !before.ends_with(b"\t")
    {
        return None;
    }
    let before = trim_end_blanks(before);
    // `(…)`, `[…]` and `{…}` around the name (Perl's `$ENV{PGHOST}`), quoted or not.
    let (before, bracketed) = match before.split_last() {
        Some((b')' | b']' | b'}', inside)) => (inside, true),
        _ => (before, false),
    };
    let (before, quote) = match before.split_last() {
        Some((&quote @ (b'"' | b'\''), inside)) if bracketed => (inside, Some(quote)),
        _ => (before, None),
    };
    // A block follows a call with a quoted name only (`fetch("PGHOST") {`),
    // not a condition (`if (x) {`).
    if *operator == "{" && quote.is_none() {
        return None;
    }
    let name_len = before.iter().rev().take_while(|b| is_key_byte(**b)).count();
    let name_start = before.len() - name_len;
    let opened = match quote {
        Some(quote) => before[..name_start].ends_with(&[quote]),
        None => true,
    };
    let opened = opened
        && (!bracketed || {
            let outside = &before[..name_start - usize::from(quote.is_some())];
            outside.ends_with(b"(") || outside.ends_with(b"[") || outside.ends_with(b"{")
        });
    (name_len > 0 && opened).then(|| &text[floor + name_start..floor + name_start + name_len])
}

/// How far above a `return` its function's header is looked for.
const MAX_FUNCTION_LOOKBACK: usize = 2048;

/// Words that declare a function, its name next (`def`, Go's `func`,
/// `function`, Rust's `fn`, Kotlin's `fun`, Perl's `sub`).
const FUNCTION_KEYWORDS: &[&str] = &["def", "func", "function", "fn", "fun", "sub"];

/// Words that open a block which is no function (`if (…) {`).
const CONTROL_KEYWORDS: &[&str] = &[
    "if",
    "for",
    "foreach",
    "while",
    "switch",
    "catch",
    "using",
    "lock",
    "synchronized",
    "with",
];

/// The name of the function whose `return` statement returns the address
/// alone (Go's `func dbHost() string { … return "db-slave-01" }`, Python's
/// `def redis_host(): … return "redis-02"`, Java's `String getDbHost() {`):
/// the function's value, named by it as a key names its value, as a shell
/// function's `echo "db-slave-01"` is. The nearest function header above,
/// within [`MAX_FUNCTION_LOOKBACK`] bytes, names it.
fn returning_function<'t>(text: &'t str, hit: &Hit) -> Option<&'t str> {
    let bytes = text.as_bytes();
    // `return "…"`, `return '…'`: the keyword, blanks, one quote at most.
    let before = &bytes[..hit.span.start];
    let before = before
        .strip_suffix(b"\"")
        .or_else(|| before.strip_suffix(b"'"))
        .or_else(|| before.strip_suffix(b"`"))
        .unwrap_or(before);
    let blanks = trim_end_blanks(before);
    if blanks.len() == before.len() {
        return None;
    }
    let at = blanks.strip_suffix(b"return")?.len();
    if text[..at].ends_with(is_identifier) {
        return None; // `myreturn "…"`
    }
    // The rest of its line: a port, a closing quote, `;` or `}` at most.
    let mut after = hit.span.end;
    if bytes.get(after) == Some(&b':') {
        after += 1 + bytes[after + 1..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
    }
    let closed = bytes[after..]
        .iter()
        .take_while(|b| **b != b'\n')
        .all(|b| matches!(b, b'"' | b'\'' | b'`' | b';' | b'}' | b' ' | b'\t' | b'\r'));
    if !closed {
        return None;
    }
    let reach = at.saturating_sub(MAX_FUNCTION_LOOKBACK);
    let start = line_start(bytes, reach, at);
    let head = text.get(start..at)?.trim();
    // `return` alone on its line, or after a header on it (`def f(): return`,
    // `func f() string { return`).
    if !(head.is_empty() || head.ends_with('{') || head.ends_with(':')) {
        return None;
    }
    // From a whole line's start: a header cut in two names nothing.
    let floor = if reach == 0 || bytes[reach - 1] == b'\n' {
        reach
    } else {
        line_end(bytes, reach).min(start)
    };
    std::iter::once(head)
        .chain(text.get(floor..start)?.lines().rev())
        .find_map(declared_function)
        .filter(|name| !name.is_empty())
}

/// Whether `c` may stand in a name of code or of a shell variable.
fn is_identifier(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The function a line declares, if it is a function's header: a keyword
/// of [`FUNCTION_KEYWORDS`] then its name (after Go's receiver), or a
/// method's `NAME(…) {` that is no control block, call or assignment.
fn declared_function(line: &str) -> Option<&str> {
    let line = line.trim();
    let identifier = |text: &str| text.len() - text.trim_start_matches(is_identifier).len();
    let mut at = 0;
    while at < line.len() {
        let len = identifier(&line[at..]);
        if len == 0 {
            at += line[at..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        let word = &line[at..at + len];
        at += len;
        if !FUNCTION_KEYWORDS.contains(&word) {
            continue;
        }
        let mut rest = line[at..].trim_start();
        if let Some(receiver) = rest.strip_prefix('(') {
            // Go's `func (r *Repo) dbHost(`.
            rest = receiver.split_once(')')?.1.trim_start();
        }
        return Some(&rest[..identifier(rest)]);
    }
    // A method: `public String getDbHost() {`, `getDbHost() {`.
    let (head, _) = line.strip_suffix('{')?.split_once('(')?;
    let head = head.trim_end();
    let name = &head[head.trim_end_matches(is_identifier).len()..];
    let declared = !name.is_empty()
        && !CONTROL_KEYWORDS.contains(&name)
        && !head.contains(['=', '.', '}', '"', '\''])
        && !head.starts_with("return")
        && !head.starts_with("new ");
    declared.then_some(name)
}

/// Operators whose right side stands in for an unset left side, longest
/// first (Rust's `.unwrap_or_else(||` ends with `||`), and Ruby's block
/// (`ENV.fetch("PGHOST") { "db-1" }`).
const FALLBACK_OPERATORS: &[&str] = &[
    ".unwrap_or_else(|_|",
    ".unwrap_or_else(||",
    ".unwrap_or(",
    ".orElse(",
    "||",
    "??",
    "?:",
    "or",
    "{",
];

/// `bytes` without the blanks that end it.
fn trim_end_blanks(bytes: &[u8]) -> &[u8] {
    let blanks = bytes
        .iter()
        .rev()
        .take_while(|b| matches!(b, b' ' | b'\t'))
        .count();
    &bytes[..bytes.len() - blanks]
}

/// `jdbc:postgresql` stays whole; a stray prefix such as `url:` before a scheme does not.
fn trim_scheme(text: &str, scheme: Range<usize>) -> Range<usize> {
    let written = &text[scheme.clone()];
    match written.rfind(':') {
        Some(colon) if !written.starts_with("jdbc:") => scheme.start + colon + 1..scheme.end,
        _ => scheme,
    }
}

/// Whether the text after a blank continues a `key=value` as words: its
/// next token is a plain word, not another pair (`port=5432`) or an option.
fn continues_as_text(rest: &[u8]) -> bool {
    let token: &[u8] = rest
        .trim_ascii_start()
        .split(|b| b.is_ascii_whitespace())
        .next()
        .unwrap_or_default();
    !token.is_empty()
        && token[0].is_ascii_alphabetic()
        && !token.contains(&b'=')
        && !token.contains(&b':')
}

/// Every variable use in `range` (`$NAME`, `${NAME}`, `${NAME:-default}`):
/// the range of the name and of the whole expansion.
pub fn all_expansions(
    text: &str,
    range: Range<usize>,
) -> impl Iterator<Item = (Range<usize>, Range<usize>)> + '_ {
    let bytes = text.as_bytes();
    let slice = text.get(range.clone()).unwrap_or_default();
    slice.match_indices('$').filter_map(move |(offset, _)| {
        let start = range.start + offset;
        let after = start + 1;
        let (name_start, braced) = match bytes.get(after) {
            Some(b'{') => (after + 1, true),
            _ => (after, false),
        };
        let name_end = name_start
            + bytes[name_start.min(range.end)..range.end]
                .iter()
                .take_while(|b| is_identifier(char::from(**b)))
                .count();
        if name_end == name_start {
            return None;
        }
        let end = if braced {
            name_end + memchr::memchr(b'}', &bytes[name_end..range.end])? + 1
        } else {
            name_end
        };
        Some((name_start..name_end, start..end))
    })
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

/// Where a key starting at `start` ends: its name bytes, and the indexes
/// of an indexed key (Spring's `cluster.nodes[0]`, `nodes[1].host`).
fn key_end(bytes: &[u8], start: usize, end: usize) -> usize {
    let mut at = start;
    while at < end {
        if is_key_byte(bytes[at]) {
            at += 1;
            continue;
        }
        let digits = bytes[at + 1..end]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let indexed = at > start
            && bytes[at] == b'['
            && digits > 0
            && bytes.get(at + 1 + digits) == Some(&b']');
        if !indexed {
            break;
        }
        at += digits + 2;
    }
    at
}

/// The `key=value`, `key: value`, `"key": "value"` and `<key>value</key>`
/// pairs in `range`. A key starts the range, or follows whitespace, `,`,
/// `;`, `{`, `[`, `(`, `&`, `?`, `=` or a quote; a `:` separator needs
/// whitespace or a quote after it (so `host:5432` and `user:pw@` are not
/// pairs) and a quoted key, a key that starts the text or one after an
/// opening bracket or a comma; a call's quoted first argument is the key of
/// the argument after its `,` (`getenv("PGHOST", …)`).
pub fn pairs(text: &str, range: Range<usize>) -> Vec<Pair> {
    let bytes = text.as_bytes();
    let content_start = (range.start..range.end)
        .find(|&i| !bytes[i].is_ascii_whitespace() && bytes[i] != b'-')
        .unwrap_or(range.end);
    let mut found: Vec<Pair> = Vec::new();
    // The last pair found that is a call's first argument naming its second.
    let mut call_pair: Option<usize> = None;
    let mut position = range.start;
    while position < range.end {
        if let Some(element) = element_pair(bytes, position, range.end) {
            if let Some(previous) = found.last_mut() {
                previous.value.end = previous.value.end.min(position);
            }
            position = element.value.end;
            call_pair = None;
            found.push(element);
            continue;
        }
        // After `=` too: a value that is itself an assignment
        // (systemd `Environment=PGHOST=…`, `--env=PGHOST=…`) holds a pair.
        // After `:` only for `key=`: a PDO DSN's driver prefix (`pgsql:host=…`).
        let after_colon = position > range.start && bytes[position - 1] == b':';
        // A sigil starts a variable's name: PHP's and Perl's `$node = …`,
        // Ruby's `@node = …`.
        let boundary = position == range.start
            || after_colon
            || b" \t\r\n,;{[&?('\"=$@`".contains(&bytes[position - 1]);
        if !boundary {
            position += 1;
            continue;
        }
        let quoted = matches!(bytes[position], b'"' | b'\'');
        let key_start = position + usize::from(quoted);
        let key_end = key_end(bytes, key_start, range.end);
        // A quoted key closes inside the value.
        let unclosed = quoted && (key_end >= range.end || bytes[key_end] != bytes[position]);
        if key_end == key_start || unclosed {
            position += 1;
            continue;
        }
        let mut separator = key_end + usize::from(quoted);
        while separator < range.end && (bytes[separator] == b' ' || bytes[separator] == b'\t') {
            separator += 1;
        }
        // Make's and Go's assignment operators (`:=`, `::=`, `?=`, `+=`).
        let operator = ASSIGNMENT_OPERATORS
            .iter()
            .find(|op| bytes[separator..range.end].starts_with(op.as_bytes()));
        if let Some(op) = operator {
            separator += op.len() - 1;
        }
        let opened_by = |openers: &[u8]| {
            bytes[range.start..position]
                .iter()
                .rev()
                .find(|b| !matches!(b, b' ' | b'\t'))
                .is_some_and(|before| openers.contains(before))
        };
        // A subscript's quoted key assigned to (`os.environ["PGHOST"] = …`,
        // Ruby's `ENV["PGHOST"] = …`) names the value as `PGHOST = …` does.
        if quoted && bytes.get(separator) == Some(&b']') && opened_by(b"[") {
            let assignment = (separator + 1..range.end)
                .find(|&i| !matches!(bytes[i], b' ' | b'\t'))
                .filter(|&i| bytes[i] == b'=');
            if let Some(assignment) = assignment {
                separator = assignment;
            }
        }
        let mut annotation = None;
        let accepted = match bytes.get(separator) {
            Some(b'=') if separator < range.end => bytes.get(separator + 1) != Some(&b'='),
            _ if after_colon => false,
            Some(b':') if separator < range.end => {
                let after = bytes.get(separator + 1);
                let spaced = after
                    .is_none_or(|b| b.is_ascii_whitespace() || *b == b'"' || *b == b'\'')
                    || separator + 1 == range.end;
                // An unquoted `key:` starts the value, or follows an opening
                // brace or parenthesis or a comma, blanks between
                // (`new Pool({ host: 'db-1', port: 5432 })`, Ruby's
                // `Redis.new(host: "redis-02")`).
                // A declaration's type stands between its name and its
                // value, after a keyword or none (`pg_host: str = "…"`,
                // `const dbHost: string = '…'`).
                annotation = spaced
                    .then(|| annotated_assignment(bytes, separator + 1, range.end))
                    .flatten();
                // A Go struct tag's `key:"value"` pairs, after its backtick
                // or the previous pair's quote (`env:"DB_HOST" envDefault:"…"`).
                let tag = separator == key_end && after == Some(&b'"') && opened_by(b"`\"");
                spaced
                    && (quoted
                        || position == content_start
                        || opened_by(b"{,(")
                        || annotation.is_some()
                        || tag)
            }
            // A call's quoted first argument names its second, the fallback
            // of an environment lookup (`getenv("DB_HOST", "db-1")`,
            // `env('REDIS_HOST', 'redis-02')`, `environ.get("PGHOST", …)`).
            Some(b',') if separator < range.end => quoted && opened_by(b"("),
            _ => false,
        };
        if !accepted {
            position = key_end.max(position + 1);
            continue;
        }
        if let Some(assignment) = annotation {
            separator = assignment;
        }
        // A hash's `=>` (Ruby, PHP, Perl) binds as `=` does.
        let value_start = separator + 1 + usize::from(bytes.get(separator + 1) == Some(&b'>'));
        // A fallback given by keyword keeps the name of the call's first
        // argument, other keywords of the same call between (`os.getenv(
        // "PGHOST", default="db-1")`, decouple's `config('DB_HOST',
        // default='db-1')`, argparse's `add_argument("--pg-host", type=str,
        // default="db-1")`).
        // So does the default of a declared field (pydantic's `redis_host:
        // str = Field(default="…")`, `dataclasses.field(default=…)`): the
        // first keyword of the call that is the field's whole value.
        let keyword_fallback = (bytes[separator] == b'='
            && &text[key_start..key_end] == FALLBACK_KEYWORD)
            .then(|| {
                // Asked once per call: each text between is read once.
                let named = call_pair
                    .take()
                    .filter(|&call| same_call(&bytes[found[call].value.start..position]));
                named.or_else(|| {
                    let last = found.len().checked_sub(1)?;
                    opens_a_call(&bytes[found[last].value.start..position]).then_some(last)
                })
            })
            .flatten();
        if let Some(previous) = found.last_mut() {
            previous.value.end = previous.value.end.min(position);
        }
        // `key=value` with nothing between (libpq, command-line options) ends
        // at a blank, or at its closing quote; a spaced `key = value` (INI)
        // runs to the next pair.
        let tight = bytes[separator] == b'=' && separator == key_end + usize::from(quoted);
        let value_end = if tight && value_start < range.end {
            match bytes.get(value_start) {
                Some(&quote @ (b'"' | b'\'')) => {
                    memchr::memchr(quote, &bytes[value_start + 1..range.end])
                        .map_or(range.end, |i| value_start + 1 + i + 1)
                }
                _ => match (value_start..range.end).find(|&i| bytes[i].is_ascii_whitespace()) {
                    // `Description=Nightly backup of …` (INI): a plain word
                    // after the blank continues the value; another pair or
                    // an option (`-av`) ends it.
                    Some(blank) if continues_as_text(&bytes[blank..range.end]) => range.end,
                    Some(blank) => blank,
                    None => range.end,
                },
            }
        } else {
            range.end
        };
        // A spaced value runs to the next pair, but holds only its first
        // word or quoted string.
        let reach = if tight {
            value_end
        } else {
            first_word_end(bytes, value_start, range.end)
        };
        if let Some(call) = keyword_fallback {
            // Last, so that pairs stay in the order of their values.
            let mut named = found.remove(call);
            named.value = value_start..value_end;
            named.reach = reach;
            found.push(named);
        } else {
            if bytes[separator] == b',' {
                call_pair = Some(found.len());
            }
            found.push(Pair {
                key: key_start..key_end,
                value: value_start..value_end,
                reach,
            });
        }
        position = value_start;
    }
    found
}

/// How long a declared type may be (`Optional[str]`, `List<String>`).
pub(super) const MAX_TYPE: usize = 96;

/// Where the `=` of an annotated declaration is, when the text from
/// `start` is its type then ` =` (`str = "…"` after `pg_host:`, `string[] =
/// […]`): a type, not the value.
pub(super) fn annotated_assignment(bytes: &[u8], start: usize, end: usize) -> Option<usize> {
    let window = &bytes[start..end.min(start + MAX_TYPE)];
    let at = start + memchr::memchr(b'=', window)?;
    let spaced = matches!(bytes[at - 1], b' ' | b'\t');
    let operator = matches!(bytes.get(at + 1), Some(b'=' | b'>' | b'~'));
    (spaced && !operator && is_type_annotation(&bytes[start..at])).then_some(at)
}

/// Whether `written` is a declaration's type (Python's `str | None`,
/// TypeScript's `string[]`, Kotlin's `List<String>`, Rust's `[&str; 3]`,
/// Swift's `[String]`): names, paths and brackets, balanced, no quote.
/// Two words side by side are prose, not a type; `|` joins a union's.
pub(super) fn is_type_annotation(written: &[u8]) -> bool {
    let bytes = written.trim_ascii();
    if bytes.len() > MAX_TYPE
        || !bytes
            .first()
            .is_some_and(|&b| b.is_ascii_alphabetic() || b"[(&".contains(&b))
    {
        return false;
    }
    // A constant's name is no type: Make's target-specific `deploy: PGHOST = …`.
    let constant = bytes.len() > 1
        && bytes
            .iter()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || *b == b'_');
    if constant {
        return false;
    }
    let mut depth = 0usize;
    // At the top level: whether the last thing written ends a word (a name,
    // a closing bracket), and whether blanks came after it.
    let (mut after_word, mut after_blank) = (false, false);
    // Within a Rust lifetime (`&'static str`), which is no word of its own.
    let mut lifetime = false;
    for (at, &byte) in bytes.iter().enumerate() {
        let is_word = byte.is_ascii_alphanumeric() || byte == b'_';
        if byte == b' ' || byte == b'\t' {
            (after_blank, lifetime) = (true, false);
            continue;
        }
        if depth == 0 && is_word && after_word && after_blank {
            return false;
        }
        match byte {
            b'[' | b'<' | b'(' => depth += 1,
            b']' | b'>' | b')' => match depth.checked_sub(1) {
                Some(outer) => depth = outer,
                None => return false,
            },
            // A path's `::`, never a lone `:`.
            b':' if bytes.get(at + 1) == Some(&b':') || (at > 0 && bytes[at - 1] == b':') => {}
            b',' | b';' if depth > 0 => {}
            b'.' | b'|' | b'?' | b'&' | b'*' | b'\'' => {}
            _ if is_word => {}
            _ => return false,
        }
        after_word = (is_word && !lifetime) || matches!(byte, b']' | b'>' | b')');
        after_blank = false;
        if !is_word {
            lifetime = byte == b'\'';
        }
    }
    depth == 0
}

/// Whether `between`, from a call's second argument to a keyword, is
/// within the call: other arguments, no bracket opened or closed outside
/// quotes, one line.
pub(super) fn same_call(between: &[u8]) -> bool {
    let mut quote = None;
    for &byte in between {
        match (quote, byte) {
            (_, b'\n') => return false,
            (Some(q), b) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(byte),
            (None, b'(' | b')' | b'[' | b']' | b'{' | b'}') => return false,
            _ => {}
        }
    }
    true
}

/// Whether `written` opens a call and nothing more (`Field(`,
/// `dataclasses.field(`), blanks around.
fn opens_a_call(written: &[u8]) -> bool {
    let written = trim_end_blanks(written);
    written.strip_suffix(b"(").is_some_and(|callee| {
        let callee = callee.trim_ascii();
        callee.first().is_some_and(u8::is_ascii_alphabetic)
            && callee
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || b"_.".contains(b))
    })
}

/// The end of the quoted string or blank-delimited word at `start`, blanks
/// before it skipped, within `end`.
fn first_word_end(bytes: &[u8], start: usize, end: usize) -> usize {
    let Some(first) = (start..end).find(|&i| !matches!(bytes[i], b' ' | b'\t')) else {
        return end;
    };
    match bytes[first] {
        quote @ (b'"' | b'\'') => {
            memchr::memchr(quote, &bytes[first + 1..end]).map_or(end, |i| first + 1 + i + 1)
        }
        _ => (first..end)
            .find(|&i| bytes[i].is_ascii_whitespace())
            .unwrap_or(end),
    }
}

/// Assignments besides `=`, in the order they are tried (Make, Go).
const ASSIGNMENT_OPERATORS: &[&str] = &["::=", ":=", "?=", "+="];

/// The keyword of a fallback: an environment lookup's, an HCL variable's.
pub(super) const FALLBACK_KEYWORD: &str = "default";

/// An XML element holding only text at `position`: a pair of its name and
/// its text (`<host>db-slave-01</host>`), or of its `name` attribute and its
/// text (`<property name="hostname">db-slave-02</property>`).
fn element_pair(bytes: &[u8], position: usize, end: usize) -> Option<Pair> {
    if bytes[position] != b'<' {
        return None;
    }
    let tag_start = position + 1;
    let tag_len = bytes[tag_start..end]
        .iter()
        .take_while(|b| is_key_byte(**b))
        .count();
    let tag_end = tag_start + tag_len;
    // Bounded looks: a long line full of `<` stays linear.
    let open_end = tag_end + memchr::memchr(b'>', bytes.get(tag_end..end.min(tag_end + MAX_TAG))?)?;
    if tag_len == 0 || bytes[open_end - 1] == b'/' {
        return None;
    }
    let key = if open_end == tag_end {
        tag_start..tag_end
    } else {
        name_attribute(bytes, tag_end..open_end)?
    };
    let value_start = open_end + 1;
    let text_end = end.min(value_start + MAX_ELEMENT_TEXT);
    let close = value_start + memchr::memchr(b'<', bytes.get(value_start..text_end)?)?;
    let tag = &bytes[tag_start..tag_end];
    let closes = bytes.get(close + 1) == Some(&b'/')
        && bytes.get(close + 2..close + 2 + tag_len) == Some(tag)
        && bytes.get(close + 2 + tag_len) == Some(&b'>');
    closes.then_some(Pair {
        key,
        value: value_start..close,
        reach: close,
    })
}

/// How far an element's opening tag and its text may reach.
const MAX_TAG: usize = 512;
const MAX_ELEMENT_TEXT: usize = 4096;

/// The value of the ` name="…"` attribute among `attributes`, if there.
fn name_attribute(bytes: &[u8], attributes: Range<usize>) -> Option<Range<usize>> {
    let within = &bytes[attributes.clone()];
    let at = memchr::memmem::find(within, b" name=")?;
    let quote = *within.get(at + b" name=".len())?;
    if !matches!(quote, b'"' | b'\'') {
        return None;
    }
    let start = at + b" name=".len() + 1;
    let len = memchr::memchr(quote, &within[start..])?;
    Some(attributes.start + start..attributes.start + start + len)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_type_annotation_is_names_and_brackets() {
        for written in [
            "str",
            " Optional[str] ",
            "str | None",
            "Final[tuple[str, ...]]",
            "string[]",
            "List<String>",
            "[&str; 3]",
            "&'static str",
            "std::net::IpAddr",
            "[String]",
        ] {
            assert!(super::is_type_annotation(written.as_bytes()), "{written}");
        }
        for written in [
            "",
            "primary node",
            "List<String> hosts",
            "a, b",
            "\"str\"",
            "std:net",
            "list[str",
            "str]",
            "5432",
            "host=db",
            "PGHOST",
            "REDIS_HOST",
        ] {
            assert!(!super::is_type_annotation(written.as_bytes()), "{written}");
        }
    }

    #[test]
    fn a_declaration_or_a_keyword_default_is_named_by_its_name() {
        let named = |text: &str| {
            super::pairs(text, 0..text.len())
                .into_iter()
                .map(|pair| {
                    (
                        text[pair.key].to_string(),
                        text[pair.value].trim().to_string(),
                    )
                })
                .collect::<Vec<_>>()
        };
        let pair = |key: &str, value: &str| (key.to_string(), value.to_string());
        assert_eq!(
            named("DB_HOST: str = \"db-1\""),
            [pair("DB_HOST", "\"db-1\"")]
        );
        assert_eq!(
            named("redis_host: str = Field(default=\"r-1\")"),
            [pair("redis_host", "\"r-1\"")]
        );
        assert_eq!(
            named("const dbHost: string = 'db-1';"),
            [pair("dbHost", "'db-1';")]
        );
        // A call's other keywords stand between its first argument and
        // its `default`; another call's `default` is that call's.
        assert_eq!(
            named("add_argument(\"--pg-host\", type=str, default=\"db-1\")"),
            [pair("type", "str,"), pair("--pg-host", "\"db-1\"")]
        );
        assert_eq!(
            named("add_argument(\"--x\", c=f(default=\"db-1\"))")
                .last()
                .map(|p| p.0.clone()),
            Some("c".to_string())
        );
        // Comparisons and prose are no declarations.
        assert_eq!(named("host: a == b")[0], pair("host", "a == b"));
        assert_eq!(named("note: the primary node = db-1")[0].0, "note");
        assert_eq!(named("note: primary node = db-1")[1], pair("node", "db-1"));
    }

    #[test]
    fn an_interface_address_has_host_bits_under_a_shorter_prefix() {
        let pack = crate::pack::Pack::builtin().expect("the built-in pack is valid");
        let interface = |text: &str| {
            let hits = crate::address::AddressMatcher::new(&pack).find(&pack, text);
            hits.iter()
                .any(|hit| super::is_interface_address(&pack, text, hit))
        };
        assert!(interface("Address = 10.0.0.120/24"));
        assert!(interface("10.0.0.121/31"));
        assert!(
            !interface("10.0.0.120/31"),
            "a network: its host bit is clear"
        );
        assert!(interface("10.0.0.121/1"));
        assert!(!interface("10.0.0.120/32"), "a host");
        assert!(!interface("10.0.0.120/0"), "no prefix at all");
        assert!(!interface("10.0.0.120/33"), "no prefix length");
        assert!(!interface("10.0.0.120/240"), "no prefix length");
        assert!(!interface("10.0.0.120/"), "no digits");
        assert!(!interface("10.0.0.120 /24"), "not joined");
        assert!(!interface("10.0.0.120"), "bare");
        assert!(!interface("db-master-01/24"), "a name");
        assert!(!interface("10.0.0.0/24"), "a network");
        assert!(interface("10.0.0.10/24"), "an endpoint's own interface too");
        assert!(interface("<ip address='10.0.0.120' prefix='24'/>"));
        assert!(interface("ifconfig eth1 10.0.0.121 netmask 255.255.255.0"));
        assert!(interface("-IPAddress 10.0.0.121 -PrefixLength 24"));
        assert!(!interface("address='10.0.0.120' prefix='app'"), "no length");
        assert!(
            !interface("10.0.0.120\nnetmask 255.255.255.0"),
            "another line"
        );
        assert!(
            !interface("10.0.0.120 and then a long long long comment ending netmask 24"),
            "too far"
        );
        assert!(!interface("db-master-01 netmask 24"), "a name");
    }

    #[test]
    fn a_function_header_names_the_function() {
        use super::declared_function as declared;
        assert_eq!(declared("def get_db_host():"), Some("get_db_host"));
        assert_eq!(
            declared("async def redis_host(self) -> str:"),
            Some("redis_host")
        );
        assert_eq!(
            declared("func (c *Config) redisAddr() string {"),
            Some("redisAddr")
        );
        assert_eq!(
            declared("pub fn db_host() -> &'static str {"),
            Some("db_host")
        );
        assert_eq!(declared("fun dbHost(): String {"), Some("dbHost"));
        assert_eq!(declared("export function pgHost() {"), Some("pgHost"));
        assert_eq!(declared("sub db_host {"), Some("db_host"));
        assert_eq!(declared("public String getDbHost() {"), Some("getDbHost"));
        assert_eq!(declared("getRedisHost() {"), Some("getRedisHost"));
        assert_eq!(declared("if (primary) {"), None, "a condition");
        assert_eq!(declared("} else if (x) {"), None);
        assert_eq!(declared("config.load(path) {"), None, "a call");
        assert_eq!(declared("host = lookup(name) {"), None, "an assignment");
        assert_eq!(declared("return host"), None);
        assert_eq!(
            declared("defined = true"),
            None,
            "a word that starts like one"
        );
    }

    #[test]
    fn a_port_argument_after_a_quoted_address_is_its_port() {
        let pack = crate::pack::Pack::builtin().expect("the built-in pack is valid");
        let port = |text: &str| {
            let hit = crate::address::AddressMatcher::new(&pack).find(&pack, text)[0].clone();
            super::positional_port(&pack, text, &hit, text.len())
        };
        assert_eq!(port(r#"Jedis("10.0.0.123", 26379)"#), Some(26379));
        assert_eq!(port(r#"JoinHostPort("10.0.0.121", "5432")"#), Some(5432));
        assert_eq!(port(r#"x = ["10.0.0.121" , 6379 ]"#), Some(6379));
        assert_eq!(
            port(r#"connect("10.0.0.121", 30)"#),
            None,
            "no service's port"
        );
        assert_eq!(port(r#"connect("10.0.0.121", 5432.5)"#), None);
        assert_eq!(port(r#"connect("10.0.0.121", 5432 + offset)"#), None);
        assert_eq!(port("connect(10.0.0.121, 5432)"), None, "not quoted");
        assert_eq!(port(r#"connect("10.0.0.121", "é5432")"#), None);
        assert_eq!(port(r#"connect("10.0.0.121",     "#), None);
        assert_eq!(port(r#"new Redis(6379, "10.0.0.124")"#), Some(6379));
        assert_eq!(port(r#"createClient( '6379' , '10.0.0.124')"#), Some(6379));
        assert_eq!(port(r#"f(x, 6379, "10.0.0.124")"#), None, "not the first");
        assert_eq!(port(r#"f(30, "10.0.0.124")"#), None, "no service's port");
        assert_eq!(port(r#"[6379, "10.0.0.124"]"#), None, "no call");
    }

    #[test]
    fn a_url_built_by_concatenation_reads_as_one() {
        let host_of = |text: &str, name: &str| {
            let at = text.find(name).unwrap();
            super::url_around(text, 0..text.len(), at..at + name.len()).map(|url| url.is_host)
        };
        assert_eq!(
            host_of(
                r#"u = "jdbc:postgresql://" + LEADER + ":5432/app""#,
                "LEADER"
            ),
            Some(true)
        );
        assert_eq!(
            host_of(r#"u = "postgresql://app@" + node + ":5432/app";"#, "node"),
            Some(true)
        );
        assert_eq!(
            host_of(r#"$u = 'postgresql://'.$ip.':5432/app';"#, "$ip"),
            Some(true)
        );
        assert_eq!(
            host_of(r#"$u = "postgresql://app@" . $node . "/app";"#, "$node"),
            Some(true)
        );
        assert_eq!(
            host_of(
                r#"$dsn = "postgresql://app@" . $node . ":5432/app";"#,
                "$node"
            ),
            Some(true)
        );
        assert_eq!(
            host_of(r#"u = "postgresql://h:5432/" + DB"#, "DB"),
            Some(false)
        );
        assert_eq!(host_of(r#"print("node " + NODE + " is up")"#, "NODE"), None);
    }

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
        assert_eq!(
            keys("new Pool({ host: 'db', port: 5432 })"),
            [("host", "'db',"), ("port", "5432 })")]
        );
        assert_eq!(keys(r#"Redis.new(host: "r")"#), [("host", "\"r\")")]);
        assert!(keys("see also: the docs").is_empty());
        assert_eq!(
            keys("Environment=REDIS_HOST=r"),
            [("Environment", ""), ("REDIS_HOST", "r")]
        );
        assert_eq!(keys("token=abc=="), [("token", "abc==")]);
        assert_eq!(keys("PGHOST := h"), [("PGHOST", "h")]);
        assert_eq!(keys("REDIS_HOST ?= r"), [("REDIS_HOST", "r")]);
        assert_eq!(keys("cluster.nodes[0]=a"), [("cluster.nodes[0]", "a")]);
        assert_eq!(keys("nodes[12].host: a"), [("nodes[12].host", "a")]);
        assert!(keys("nodes[]=a").is_empty());
        assert_eq!(keys("HOSTS += a b"), [("HOSTS", "a b")]);
        // A PDO DSN's driver prefix; a URL's scheme is no key.
        assert_eq!(
            keys("pgsql:host=h;port=5432"),
            [("host", "h;"), ("port", "5432")]
        );
        assert!(keys("jdbc:postgresql://h:5432/db").is_empty());
        assert_eq!(
            keys(r#"os.getenv("DB_HOST", "h")"#),
            [("DB_HOST", "\"h\")")]
        );
        assert_eq!(
            keys(r#"os.getenv("DB_HOST", default="h")"#),
            [("DB_HOST", "\"h\"")]
        );
        // Other keywords of the call may stand between.
        assert_eq!(
            keys(r#"f("a", x=1, default="h")"#),
            [("x", "1,"), ("a", "\"h\"")]
        );
        // A `default` that is no call's fallback is a key of its own: none
        // before it, or a call's nested in the arguments between.
        assert_eq!(keys("default=h"), [("default", "h")]);
        assert_eq!(
            keys(r#"f("a", g(x=1), default="h")"#),
            [("a", "g("), ("x", "1),"), ("default", "\"h\"")]
        );
        assert_eq!(
            keys("['host' => 'h', 'port' => 5432]"),
            [("host", "'h',"), ("port", "5432]")]
        );
        assert!(
            keys(r#"print("a", "b")"#)
                .iter()
                .all(|(key, _)| *key == "a")
        );
        assert_eq!(
            keys("<db><host>h</host><port>5432</port></db>"),
            [("host", "h"), ("port", "5432")]
        );
        assert!(keys("<b>bold</i>").is_empty());
        assert_eq!(
            keys(r#"<property name="hostname">h</property>"#),
            [("hostname", "h")]
        );
        assert!(
            keys(r#"<a href="x">h</a>"#)
                .iter()
                .all(|(key, _)| *key == "href")
        );
        assert!(keys("[[ a == b ]]").is_empty());
        assert_eq!(keys(r#"os.environ["PGHOST"] = "h""#), [("PGHOST", "\"h\"")]);
        assert!(
            keys(r#"env["PGHOST"] == "h""#)
                .iter()
                .all(|(key, _)| *key != "PGHOST")
        );
    }

    #[test]
    fn an_expansion_default_is_named_by_its_variable() {
        fn name(before: &str) -> Option<&str> {
            super::expansion_default_name(before.as_bytes()).map(|range| &before[range])
        }
        for (before, expected) in [
            ("${PGHOST:-", Some("PGHOST")),
            ("${PGHOST-", Some("PGHOST")),
            ("${PGHOST:=", Some("PGHOST")),
            ("${PGHOST=", Some("PGHOST")),
            ("${redis.host:", Some("redis.host")),
            ("${:-", None),
            ("${PGHOST}", None),
            ("${PGHOST:+", None),
            ("${PGHOST:-x ", None),
            ("$PGHOST:", None),
            ("${db-host:", None),
        ] {
            assert_eq!(name(before), expected, "{before}");
        }
    }

    #[test]
    fn a_fallback_is_named_by_its_lookup() {
        let pack = crate::pack::Pack::builtin().expect("the built-in pack is valid");
        let name = |text: &str| {
            let hits = crate::address::AddressMatcher::new(&pack).find(&pack, text);
            let hit = hits.first().expect("the text holds an address");
            super::fallback_named_default(text, 0, hit).map(str::to_string)
        };
        for (text, expected) in [
            (
                r#"process.env.PGHOST || "db-slave-01""#,
                Some("process.env.PGHOST"),
            ),
            (r#"ENV["PGHOST"] || 'db-slave-01'"#, Some("PGHOST")),
            (r#"getenv("PGHOST") ?: "db-slave-01""#, Some("PGHOST")),
            (r#"$ENV{PGHOST} or "db-slave-01""#, Some("PGHOST")),
            (
                r#"env::var("PGHOST").unwrap_or("db-slave-01")"#,
                Some("PGHOST"),
            ),
            (
                r#"var("PGHOST").unwrap_or_else(|_| "db-slave-01")"#,
                Some("PGHOST"),
            ),
            (
                r#"var("PGHOST").unwrap_or_else(|| "db-slave-01")"#,
                Some("PGHOST"),
            ),
            (r#"ENV.fetch("PGHOST") { "db-slave-01" }"#, Some("PGHOST")),
            (r#"if (x) { "db-slave-01" }"#, None),
            (r#"a ?? db-slave-01"#, Some("a")),
            (r#"color "db-slave-01""#, None),
            (r#"x = "db-slave-01""#, None),
            (r#"f("PGHOST"]) || "db-slave-01""#, None),
            (r#"("PGHOST') || "db-slave-01""#, None),
            (r#"|| "db-slave-01""#, None),
        ] {
            assert_eq!(name(text).as_deref(), expected, "{text}");
        }
    }
}
