//! Leader-discovery lists (`CANDIDATE_IPS=(…)`) and Sentinel host lists
//! (`REDIS_SENTINELS=…`, `redis+sentinel://a,b,c`): a value whose name
//! matches the pack's `[candidates]` patterns, in every syntax a scanner
//! reads (shell, dotenv, YAML and JSON, bracketed lists in text). Scanners
//! collect them here; the `candidate-set` rule judges each as a whole.

use std::ops::Range;
use std::sync::Arc;

use crate::address::{self, Target};
use crate::pack::{Pack, Role, normalize_key};

use super::{Because, FileScan, ServiceContext, strip_quotes};

/// One leader-discovery list, or one Sentinel host list.
#[derive(Debug, Clone)]
pub struct CandidateList {
    pub name: String,
    /// The list's value, from its first line.
    pub span: Range<usize>,
    pub members: Vec<Member>,
    /// The service whose node set (or Sentinel hosts) the list must equal.
    pub service: Option<ServiceContext>,
    /// A Sentinel-aware client's hosts: they must be the Sentinels.
    pub sentinel: bool,
}

/// One member as written (quotes, brackets and a `:port` stripped).
#[derive(Debug, Clone)]
pub struct Member {
    pub span: Range<usize>,
    pub text: String,
    /// What it denotes; `None` for an address or name the pack does not know.
    pub role: Option<Role>,
    /// The port written with it (`host:26379`).
    pub port: Option<u16>,
}

impl CandidateList {
    /// The list named `name` (whose name matches the pack's list names)
    /// with its value at `span`; its service from the name (a Sentinel list's
    /// is the service with Sentinels), else decided later.
    pub fn of(pack: &Pack, name: &str, span: Range<usize>, members: Vec<Member>) -> Self {
        let base = without_index(name);
        let base = base.as_deref().unwrap_or(name);
        let sentinel =
            !pack.candidates.names.is_match(base) && pack.candidates.sentinel_names.is_match(base);
        Self::with_kind(pack, name, base, span, members, sentinel)
    }

    /// The Sentinel host list a Sentinel-aware client is given as its
    /// argument (`Sentinel([…])`), named by that client.
    pub fn sentinels(pack: &Pack, client: &str, span: Range<usize>, members: Vec<Member>) -> Self {
        Self::with_kind(pack, client, client, span, members, true)
    }

    /// The list named `name`, whose service is read from `base` (the name
    /// without an index: `nodes[0]` → `nodes`).
    fn with_kind(
        pack: &Pack,
        name: &str,
        base: &str,
        span: Range<usize>,
        members: Vec<Member>,
        sentinel: bool,
    ) -> Self {
        let service = if sentinel {
            pack.sentinel_service().map(|service| ServiceContext {
                service,
                because: Because::ListName(base.to_string()),
            })
        } else {
            service_of_name(pack, base)
        };
        CandidateList {
            name: name.to_string(),
            span,
            members,
            service,
            sentinel,
        }
    }

    /// Whether the value is a setting that shares a list's name
    /// (`REDIS_SENTINELS_ENABLED=true`, `SENTINEL_NODES_TIMEOUT=5`): every
    /// member a boolean, a null or a number, none a host.
    pub fn is_setting(&self) -> bool {
        !self.members.is_empty()
            && self
                .members
                .iter()
                .all(|m| m.role.is_none() && is_setting_word(&m.text))
    }
}

/// A boolean, a null or a number: a value no host is written as.
fn is_setting_word(word: &str) -> bool {
    const WORDS: &[&str] = &[
        "true", "false", "yes", "no", "on", "off", "null", "none", "nil", "enabled", "disabled",
    ];
    WORDS.iter().any(|w| w.eq_ignore_ascii_case(word)) || word.parse::<f64>().is_ok()
}

/// The default of a parameter expansion that is the whole value
/// (`"${CANDIDATE_IPS:-a b c}"` → `a b c`), if it is one.
pub fn default_of_expansion(text: &str, range: Range<usize>) -> Option<Range<usize>> {
    let inner = super::value::trim_quotes(text, range);
    let written = text.get(inner.clone())?;
    let body = written.strip_prefix("${")?.strip_suffix('}')?;
    let operator = body.find(":-").map(|at| (at, 2)).or_else(|| {
        body.find('-')
            .filter(|&at| {
                body[..at]
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_')
            })
            .map(|at| (at, 1))
    })?;
    let start = inner.start + 2 + operator.0 + operator.1;
    Some(start..inner.end - 1)
}

/// Whether `name` (or, for an element's key `NAME[0]`, its list's) names a
/// leader-discovery or Sentinel list.
pub fn is_list_name(pack: &Pack, name: &str) -> bool {
    let base = without_index(name);
    let name = base.as_deref().unwrap_or(name);
    pack.candidates.names.is_match(name) || pack.candidates.sentinel_names.is_match(name)
}

/// A list written as one string: `"a b c"`, `a,b,c`, `(a b)`, or the
/// default of an expansion (`${V:-a b c}`).
pub fn from_text(pack: &Pack, text: &str, name: &str, range: Range<usize>) -> CandidateList {
    let range = default_of_expansion(text, range.clone()).unwrap_or(range);
    let bytes = text.as_bytes();
    let separator = |b: u8| b.is_ascii_whitespace() || b",;()\"'".contains(&b);
    let mut members = Vec::new();
    let mut position = range.start;
    while position < range.end {
        if separator(bytes[position]) {
            position += 1;
            continue;
        }
        let start = position;
        while position < range.end && !separator(bytes[position]) {
            position += 1;
        }
        if let Some(member) = member(pack, text, start..position) {
            members.push(member);
        }
    }
    CandidateList::of(pack, name, range, members)
}

/// One member from its written token; `None` for variables and empty tokens.
pub fn member(pack: &Pack, text: &str, token: Range<usize>) -> Option<Member> {
    let written = text.get(token.clone())?;
    let mut trimmed = strip_quotes(written);
    let mut offset = written.find(trimmed).unwrap_or(0);
    // `name=member` binds a name to the member, and `scheme://host:port/…`
    // is the host (etcd's `initial-cluster`: `db-1=http://10.0.0.120:2380`).
    if let Some((name, bound)) = trimmed.rsplit_once('=') {
        offset += name.len() + 1;
        trimmed = bound;
    }
    if let Some(at) = trimmed.find("://") {
        offset += at + 3;
        trimmed = trimmed[at + 3..].split('/').next().unwrap_or_default();
    }
    if trimmed.is_empty() || trimmed.contains('$') {
        return None;
    }
    // `host:port` and `[host]` denote the host.
    let host = trimmed.trim_start_matches('[');
    let port = host
        .split_once(':')
        .and_then(|(_, port)| port.trim_end_matches(']').parse().ok());
    let host = host.split([':', ']']).next().unwrap_or(host);
    let start = token.start + offset + (trimmed.len() - trimmed.trim_start_matches('[').len());
    let role = match address::parse_ipv4(host) {
        Some(address) => pack.role_of_address(address),
        None => pack.role_of_hostname(host).or_else(|| {
            host.split('.')
                .next()
                .and_then(|label| pack.role_of_hostname(label))
        }),
    }
    .and_then(|role| pack.resolve_host(host, role, port));
    Some(Member {
        span: start..start + host.len(),
        text: host.to_string(),
        role,
        port,
    })
}

/// The service a list's name says (`PG_CANDIDATE_IPS`, `REDIS_CANDIDATES`):
/// a word of the name that is one of a service's path words.
pub fn service_of_name(pack: &Pack, name: &str) -> Option<ServiceContext> {
    // Its words, as a key's: `redisCandidates` is Redis's as `REDIS_CANDIDATES` is.
    normalize_key(name).split('_').find_map(|word| {
        pack.services
            .iter()
            .position(|s| s.path_words.iter().any(|w| w == word))
            .map(|service| ServiceContext {
                service,
                because: Because::ListName(name.to_string()),
            })
    })
}

/// A list of hosts that all carry the Sentinel port (`a:26379,b:26379`,
/// whatever its name or its client: StackExchange.Redis `serviceName=`,
/// a vector of `redis://…:26379` URLs) is a Sentinel-aware client's host
/// list: only Sentinel clients talk to that port. Its references become the
/// members of a Sentinel list. One such host alone stays a pin, and a
/// definition's hosts stay no references. Run by the judge, once every
/// group is known (numbered keys too) and definitions are marked.
pub fn sentinel_port_lists(pack: &Pack, scan: &mut FileScan) {
    let Some(port) = pack
        .sentinel_service()
        .and_then(|service| pack.services[service].sentinel_port)
    else {
        return;
    };
    if !scan.references.iter().any(|r| r.port == Some(port)) {
        return;
    }
    // Per group: its member count, and whether every member qualifies.
    let mut groups: Vec<(usize, bool)> = vec![(0, true); scan.groups.len()];
    for reference in &scan.references {
        let Some(group) = reference.group else {
            continue;
        };
        let (count, all) = &mut groups[group];
        *count += 1;
        *all &= reference.port == Some(port)
            && reference.decoded.is_none()
            && !reference.enclosure.definition;
    }
    let promoted = |group: Option<usize>| group.is_some_and(|g| groups[g].0 >= 2 && groups[g].1);
    if !scan.references.iter().any(|r| promoted(r.group)) {
        return;
    }
    let mut members: Vec<(usize, Option<Arc<str>>, Vec<Member>)> = Vec::new();
    scan.references.retain(|reference| {
        let Some(group) = reference.group.filter(|&g| promoted(Some(g))) else {
            return true;
        };
        let member = Member {
            span: reference.hit.span.clone(),
            text: reference.value.to_string(),
            role: match reference.hit.target {
                Target::Known(role) => Some(role),
                Target::UnknownPrivate(_) => None,
            },
            port: reference.port,
        };
        match members.iter_mut().find(|(g, _, _)| *g == group) {
            Some((_, _, list)) => list.push(member),
            // A list of pairs (`PEERS="a=…,b=…"`) is named by the key holding them.
            None => {
                let enclosure = &reference.enclosure;
                let name = enclosure
                    .surroundings()
                    .outer_key
                    .clone()
                    .or_else(|| enclosure.key.clone());
                members.push((group, name, vec![member]));
            }
        }
        false
    });
    for (_, key, mut list) in members {
        list.sort_by_key(|m| m.span.start);
        let span = list[0].span.start..list[list.len() - 1].span.end;
        let name = key.map_or_else(|| format!("of hosts on port {port}"), |k| k.to_string());
        scan.lists
            .push(CandidateList::sentinels(pack, &name, span, list));
    }
}

/// Lists named by one indexed key (Spring's `sentinel.nodes[0]=…`,
/// `sentinel.nodes[1]=…`) are one list, named by the key without its
/// index, as an array's elements are. Run by the judge, once every
/// scanner has given its lists.
pub fn indexed_lists(scan: &mut FileScan) {
    if !scan.lists.iter().any(|list| list.name.ends_with(']')) {
        return;
    }
    let mut merged: Vec<CandidateList> = Vec::with_capacity(scan.lists.len());
    for mut list in std::mem::take(&mut scan.lists) {
        let Some(base) = without_index(&list.name) else {
            merged.push(list);
            continue;
        };
        match merged.iter_mut().find(|other| other.name == base) {
            Some(other) => {
                other.span =
                    other.span.start.min(list.span.start)..other.span.end.max(list.span.end);
                other.members.append(&mut list.members);
            }
            None => {
                list.name = base;
                merged.push(list);
            }
        }
    }
    scan.lists = merged;
}

/// A key without its trailing index (`nodes[0]` → `nodes`), if it has one.
fn without_index(name: &str) -> Option<String> {
    let open = name.strip_suffix(']')?.rfind('[')?;
    let index = &name[open + 1..name.len() - 1];
    (open > 0 && !index.is_empty() && index.bytes().all(|b| b.is_ascii_digit()))
        .then(|| name[..open].to_string())
}

/// Gives every list without a service in its name one: from the client
/// commands used in the file if they belong to one service, else the pack's
/// default, else the pack's only service with nodes.
pub fn resolve_services(pack: &Pack, text: &str, scan: &mut FileScan) {
    if scan.lists.iter().all(|l| l.service.is_some()) {
        return;
    }
    let mut used: Vec<(usize, &str)> = Vec::new();
    for (id, service) in pack.services.iter().enumerate() {
        if let Some(command) = service
            .commands
            .iter()
            .find(|c| contains_word(text, &c.name))
        {
            used.push((id, &command.name));
        }
    }
    let context = match used.as_slice() {
        [(service, command)] => Some(ServiceContext {
            service: *service,
            because: Because::CommandInFile(command.to_string()),
        }),
        _ => {
            let candidates = &pack.candidates;
            let default = candidates
                .default_service
                .map(|service| (service, Because::PackDefault));
            default
                .or_else(|| {
                    candidates
                        .only_service
                        .map(|service| (service, Because::OnlyService))
                })
                .map(|(service, because)| ServiceContext { service, because })
        }
    };
    for list in scan.lists.iter_mut().filter(|l| l.service.is_none()) {
        list.service = context.clone();
    }
}

fn contains_word(text: &str, word: &str) -> bool {
    let bytes = text.as_bytes();
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
    text.match_indices(word).any(|(at, _)| {
        (at == 0 || !is_word(bytes[at - 1]))
            && bytes.get(at + word.len()).is_none_or(|b| !is_word(*b))
    })
}
