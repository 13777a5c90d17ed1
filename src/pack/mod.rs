//! Rule packs: the topology (endpoints, nodes, infrastructure hosts) and the
//! vocabulary of each service, loaded from TOML and validated into a [`Pack`]
//! that scanners and rules share read-only.

mod allow;
mod inventory;
mod raw;

pub use allow::AllowEntry;

use std::collections::HashMap;
use std::net::Ipv4Addr;
use std::ops::Range;
use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use ipnet::Ipv4Net;
use toml::Spanned;

use raw::{RawNode, RawPack, RawService};

/// The built-in pack, compiled into the binary.
pub const BUILTIN_NAME: &str = "keybuzz";
const BUILTIN_SOURCE: &str = include_str!("../../rules/keybuzz.toml");
const BUILTIN_FILE: &str = "<built-in>/rules/keybuzz.toml";

const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;
const DEFAULT_PARSE_BUDGET_MS: u64 = 2_000;

/// Index of a service in [`Pack::services`].
pub type ServiceId = usize;

/// A pack that cannot be used: where (file, line) and what.
#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct PackError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

/// What an address or hostname denotes in the topology.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Endpoint(usize),
    Node(usize),
    Infrastructure(usize),
}

#[derive(Debug)]
pub struct Endpoint {
    pub name: String,
    /// How messages call it, e.g. "the load balancer".
    pub description: String,
    pub address: Option<Ipv4Addr>,
    pub hostnames: Vec<String>,
    /// Ports per service, in the order the pack lists them (the first is the default).
    pub ports: Vec<(ServiceId, Vec<u16>)>,
}

impl Endpoint {
    /// The host to print for this endpoint: its address, else its first hostname.
    pub fn host(&self) -> String {
        match (self.address, self.hostnames.first()) {
            (Some(address), _) => address.to_string(),
            (None, Some(hostname)) => hostname.clone(),
            (None, None) => self.name.clone(),
        }
    }

    pub fn ports_of(&self, service: ServiceId) -> &[u16] {
        self.ports
            .iter()
            .find(|(id, _)| *id == service)
            .map_or(&[], |(_, ports)| ports.as_slice())
    }
}

#[derive(Debug)]
pub struct Node {
    pub name: String,
    pub address: Option<Ipv4Addr>,
    pub hostnames: Vec<String>,
    pub service: ServiceId,
}

#[derive(Debug)]
pub struct Infrastructure {
    pub name: String,
    pub description: String,
    pub address: Option<Ipv4Addr>,
    pub hostnames: Vec<String>,
}

#[derive(Debug)]
pub struct ClientCommand {
    pub name: String,
    pub host_flags: Vec<String>,
}

#[derive(Debug)]
pub struct Service {
    pub name: String,
    pub ports: Vec<u16>,
    pub keys: KeyPatterns,
    pub path_words: Vec<String>,
    pub schemes: Vec<String>,
    pub vault_plugins: Vec<String>,
    pub commands: Vec<ClientCommand>,
}

/// Case-insensitive globs over whole key names (`*HOST*` matches `replicaHost`).
#[derive(Debug)]
pub struct KeyPatterns {
    patterns: Vec<KeyPattern>,
}

/// One key-name pattern. Packs are almost all `*`-only globs (`*_DATABASE_URL`,
/// `POSTGRES_*HOST*`); those are matched segment by segment without regex,
/// which keeps key classification off the profile. Anything else (`?`,
/// classes, alternatives) goes through globset.
#[derive(Debug)]
enum KeyPattern {
    Wildcard {
        segments: Vec<String>,
        anchored_start: bool,
        anchored_end: bool,
        specificity: usize,
    },
    Glob {
        matcher: globset::GlobMatcher,
        specificity: usize,
    },
}

impl KeyPattern {
    fn specificity(&self) -> usize {
        match self {
            KeyPattern::Wildcard { specificity, .. } | KeyPattern::Glob { specificity, .. } => {
                *specificity
            }
        }
    }

    fn is_match(&self, key: &str) -> bool {
        match self {
            KeyPattern::Glob { matcher, .. } => matcher.is_match(key),
            KeyPattern::Wildcard {
                segments,
                anchored_start,
                anchored_end,
                ..
            } => wildcard_match(key.as_bytes(), segments, *anchored_start, *anchored_end),
        }
    }
}

/// Whether `key` is the `segments` joined by `*`s (ASCII case-insensitive).
fn wildcard_match(
    key: &[u8],
    segments: &[String],
    anchored_start: bool,
    anchored_end: bool,
) -> bool {
    let find = |haystack: &[u8], needle: &[u8]| {
        haystack
            .windows(needle.len())
            .position(|w| w.eq_ignore_ascii_case(needle))
    };
    let mut rest = key;
    for (index, segment) in segments.iter().enumerate() {
        let segment = segment.as_bytes();
        let first = index == 0;
        let last = index + 1 == segments.len();
        if first && anchored_start {
            if rest.len() < segment.len() || !rest[..segment.len()].eq_ignore_ascii_case(segment) {
                return false;
            }
            rest = &rest[segment.len()..];
            if last && anchored_end {
                return rest.is_empty();
            }
            continue;
        }
        if last && anchored_end {
            return rest.len() >= segment.len()
                && rest[rest.len() - segment.len()..].eq_ignore_ascii_case(segment);
        }
        match find(rest, segment) {
            Some(at) => rest = &rest[at + segment.len()..],
            None => return false,
        }
    }
    !anchored_end || rest.is_empty() || segments.is_empty()
}

impl KeyPatterns {
    fn new(patterns: &[Spanned<String>]) -> Result<Self, (Range<usize>, String)> {
        let mut compiled = Vec::with_capacity(patterns.len());
        for pattern in patterns {
            let text = pattern.get_ref();
            let glob = GlobBuilder::new(text)
                .case_insensitive(true)
                .literal_separator(false)
                .build()
                .map_err(|error| {
                    (
                        pattern.span(),
                        format!("invalid key pattern {text:?}: {error}"),
                    )
                })?;
            let specificity = text.chars().filter(|c| *c != '*').count();
            let simple = !text.contains(['?', '[', ']', '{', '}', '\\']);
            compiled.push(if simple {
                KeyPattern::Wildcard {
                    segments: text
                        .split('*')
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                        .collect(),
                    anchored_start: !text.starts_with('*'),
                    anchored_end: !text.ends_with('*'),
                    specificity,
                }
            } else {
                KeyPattern::Glob {
                    matcher: glob.compile_matcher(),
                    specificity,
                }
            });
        }
        Ok(KeyPatterns { patterns: compiled })
    }

    pub fn is_match(&self, key: &str) -> bool {
        self.patterns.iter().any(|p| p.is_match(key))
    }

    /// How specific the most specific matching pattern is, if any matches.
    pub fn best_match(&self, key: &str) -> Option<usize> {
        self.patterns
            .iter()
            .filter(|p| p.is_match(key))
            .map(KeyPattern::specificity)
            .max()
    }
}

#[derive(Debug)]
pub struct Candidates {
    pub names: KeyPatterns,
    pub default_service: Option<ServiceId>,
    /// The longest literal run of each name pattern, for the prefilter.
    literals: Vec<String>,
    /// Those literals, ASCII case-insensitively.
    literal_search: Option<regex::bytes::Regex>,
    /// Some pattern has no literal long enough to search for (`*_IPS`): any
    /// text may hold a list name.
    unsearchable: bool,
}

impl Candidates {
    /// Whether `text` may hold a list name: when it cannot, scanners skip
    /// looking for lists.
    pub fn may_appear_in(&self, text: &str) -> bool {
        self.unsearchable
            || self
                .literal_search
                .as_ref()
                .is_some_and(|search| search.is_match(text.as_bytes()))
    }
}

/// The shortest literal of a list-name pattern worth searching for: a shorter
/// one would pass nearly every file.
const MIN_LITERAL: usize = 4;

/// An ASCII case-insensitive search for any of `literals` (a byte regex: its
/// SIMD literal search measured 4x faster here than a case-insensitive
/// automaton); `None` when there are none. Patterns too large to compile
/// match every text: a search that may pass too much, never too little.
pub(crate) fn literal_search<S: AsRef<str>>(literals: &[S]) -> Option<regex::bytes::Regex> {
    let alternation: Vec<String> = literals.iter().map(|l| regex::escape(l.as_ref())).collect();
    (!alternation.is_empty()).then(|| {
        regex::bytes::Regex::new(&format!("(?i-u:{})", alternation.join("|")))
            .or_else(|_| regex::bytes::Regex::new(""))
            .ok()
    })?
}

/// The longest run of literal characters of a glob (`*_CANDIDATE_IPS` → `_candidate_ips`).
fn longest_literal(pattern: &str) -> String {
    pattern
        .split(['*', '?', '[', ']', '{', '}'])
        .max_by_key(|run| run.len())
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// A validated rule pack.
#[derive(Debug)]
pub struct Pack {
    pub name: String,
    /// The pack files it was built from, base first.
    pub sources: Vec<String>,
    /// The repository's pack file on disk, if any: it names nodes by design and
    /// is never checked as configuration.
    pub path: Option<PathBuf>,
    pub services: Vec<Service>,
    pub endpoints: Vec<Endpoint>,
    pub nodes: Vec<Node>,
    pub infrastructure: Vec<Infrastructure>,
    pub host_keys: KeyPatterns,
    pub secret_keys: KeyPatterns,
    pub human_text_commands: Vec<String>,
    pub private_networks: Vec<Ipv4Net>,
    pub candidates: Candidates,
    pub include: Option<GlobSet>,
    pub exclude: GlobSet,
    pub max_file_size: u64,
    /// Time one file's parser may take before the file is read as text.
    pub parse_budget: std::time::Duration,
    pub scan_comments: bool,
    /// Allowlist entries: the built-in pack's, then the repository's.
    pub allow: Vec<AllowEntry>,
    by_address: HashMap<Ipv4Addr, Role>,
    by_hostname: HashMap<String, Role>,
}

impl Pack {
    /// The built-in pack alone.
    pub fn builtin() -> Result<Pack, PackError> {
        Loader::default().load_builtin()
    }

    /// A pack from TOML text; `extends = "keybuzz"` builds on the built-in pack.
    pub fn from_toml(file: &str, text: &str) -> Result<Pack, PackError> {
        Loader::default().load(file, text)
    }

    pub fn service_id(&self, name: &str) -> Option<ServiceId> {
        self.services.iter().position(|s| s.name == name)
    }

    pub fn role_of_address(&self, address: Ipv4Addr) -> Option<Role> {
        self.by_address.get(&address).copied()
    }

    /// Configured hostnames (lowercase) with what they denote.
    pub fn hostnames(&self) -> impl Iterator<Item = (&str, Role)> {
        self.by_hostname
            .iter()
            .map(|(name, role)| (name.as_str(), *role))
    }

    pub fn role_of_hostname(&self, hostname: &str) -> Option<Role> {
        self.by_hostname
            .get(&hostname.to_ascii_lowercase())
            .copied()
    }

    /// Whether `endpoint` is right in the context of every service: it serves
    /// them all, or declares no ports. Then only a port written with it (or a
    /// leader-discovery list around it) can make a reference to it wrong.
    pub fn endpoint_fits_every_service(&self, endpoint: usize) -> bool {
        let endpoint = &self.endpoints[endpoint];
        endpoint.ports.is_empty()
            || (0..self.services.len()).all(|service| !endpoint.ports_of(service).is_empty())
    }

    pub fn is_private(&self, address: Ipv4Addr) -> bool {
        self.private_networks
            .iter()
            .any(|net| net.contains(&address))
    }

    /// The service a port belongs to, if exactly one service claims it.
    pub fn service_of_port(&self, port: u16) -> Option<ServiceId> {
        let mut owners = self
            .services
            .iter()
            .enumerate()
            .filter(|(_, s)| s.ports.contains(&port));
        match (owners.next(), owners.next()) {
            (Some((id, _)), None) => Some(id),
            _ => None,
        }
    }

    /// The service whose key-name patterns match `key` most specifically.
    pub fn service_of_key(&self, key: &str) -> Option<ServiceId> {
        self.services
            .iter()
            .enumerate()
            .filter_map(|(id, s)| s.keys.best_match(key).map(|score| (score, id)))
            .max_by_key(|(score, id)| (*score, std::cmp::Reverse(*id)))
            .map(|(_, id)| id)
    }

    /// The service of a URL scheme (`postgresql`, `jdbc:postgresql`, `rediss`).
    pub fn service_of_scheme(&self, scheme: &str) -> Option<ServiceId> {
        self.services.iter().position(|s| {
            s.schemes
                .iter()
                .any(|known| known.eq_ignore_ascii_case(scheme))
        })
    }

    /// The endpoint that serves `service`, and the port to suggest (the one used
    /// if the endpoint serves it, else the endpoint's first port for the service).
    pub fn endpoint_for(
        &self,
        service: ServiceId,
        used_port: Option<u16>,
    ) -> Option<(&Endpoint, u16)> {
        let endpoint = self
            .endpoints
            .iter()
            .find(|e| !e.ports_of(service).is_empty())?;
        let ports = endpoint.ports_of(service);
        let port = used_port
            .filter(|p| ports.contains(p))
            .or_else(|| ports.first().copied())?;
        Some((endpoint, port))
    }

    /// `use the load balancer 10.0.0.10:5432`, or a generic hint when the pack
    /// has no endpoint for the service.
    pub fn endpoint_advice(&self, service: ServiceId, used_port: Option<u16>) -> String {
        match self.endpoint_for(service, used_port) {
            Some((endpoint, port)) => {
                format!("use {} {}:{}", endpoint.description, endpoint.host(), port)
            }
            None => format!(
                "use the {} endpoint (the pack declares none)",
                self.services[service].name
            ),
        }
    }

    /// Every literal whose presence makes a file worth parsing: addresses,
    /// hostnames, the fixed prefixes of private networks and the literal parts
    /// of candidate-list names.
    pub fn prefilter_literals(&self) -> Vec<String> {
        let mut literals: Vec<String> = self.by_address.keys().map(|a| a.to_string()).collect();
        literals.extend(self.by_hostname.keys().cloned());
        for net in &self.private_networks {
            let whole_octets = usize::from(net.prefix_len() / 8);
            let octets = net.network().octets();
            if whole_octets == 0 {
                // A /0-/7 network has no fixed prefix: any digit may start an address.
                literals.extend((0..10).map(|d| d.to_string()));
                continue;
            }
            let mut prefix: Vec<String> =
                octets[..whole_octets].iter().map(u8::to_string).collect();
            if whole_octets < 4 {
                prefix.push(String::new());
            }
            literals.push(prefix.join("."));
        }
        literals.extend(self.candidates.literals.iter().cloned());
        literals.sort();
        literals.dedup();
        literals
    }
}

/// Reads pack files (the built-in one and repository configs) and remembers
/// their text so that errors can name a line.
#[derive(Default)]
struct Loader {
    files: Vec<(String, String)>,
}

impl Loader {
    fn error(&self, origin: usize, span: Range<usize>, message: impl Into<String>) -> PackError {
        let (file, text) = &self.files[origin];
        let line = text
            .get(..span.start.min(text.len()))
            .map_or(0, |before| before.matches('\n').count() + 1);
        PackError {
            file: file.clone(),
            line,
            message: message.into(),
        }
    }

    fn load_builtin(mut self) -> Result<Pack, PackError> {
        let raw = self.parse(BUILTIN_FILE, BUILTIN_SOURCE)?;
        self.compile(raw)
    }

    fn load(mut self, file: &str, text: &str) -> Result<Pack, PackError> {
        let mine = self.parse(file, text)?;
        let inventory = match &mine.inventory {
            Some(path) => Some(self.inventory(file, path)?),
            None => None,
        };
        let mut raw = match &mine.extends {
            None => mine,
            Some(extends) if extends.get_ref() == BUILTIN_NAME => {
                let base = self.parse(BUILTIN_FILE, BUILTIN_SOURCE)?;
                mine.over(base)
            }
            Some(extends) => {
                return Err(self.error(
                    0,
                    extends.span(),
                    format!(
                        "extends = {:?}: unknown pack (the built-in pack is {BUILTIN_NAME:?})",
                        extends.get_ref()
                    ),
                ));
            }
        };
        if let Some(nodes) = inventory {
            // The inventory is the truth: it replaces the base pack's nodes.
            raw.node.retain(|node| node.origin == 0);
            raw.node.splice(0..0, nodes);
        }
        self.compile(raw)
    }

    /// The service nodes of an inventory table, read relative to the pack file.
    fn inventory(
        &mut self,
        pack_file: &str,
        path: &Spanned<String>,
    ) -> Result<Vec<RawNode>, PackError> {
        let full = Path::new(pack_file)
            .parent()
            .unwrap_or(Path::new(""))
            .join(path.get_ref());
        let text = std::fs::read_to_string(&full).map_err(|error| {
            self.error(
                0,
                path.span(),
                format!("inventory {:?}: {error}", path.get_ref()),
            )
        })?;
        let origin = self.files.len();
        self.files.push((full.display().to_string(), text));
        let text = &self.files[origin].1;
        let nodes = inventory::parse(text).map_err(|(line, message)| PackError {
            file: full.display().to_string(),
            line,
            message,
        })?;
        let line_starts: Vec<usize> = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        Ok(nodes
            .into_iter()
            .map(|node| {
                let at = line_starts.get(node.line - 1).copied().unwrap_or(0);
                let spanned = |value: String| Spanned::new(at..at, value);
                let short = node
                    .hostname
                    .split('.')
                    .next()
                    .unwrap_or(&node.hostname)
                    .to_string();
                let mut hostnames = vec![spanned(node.hostname.clone())];
                if short != node.hostname {
                    hostnames.push(spanned(short));
                }
                RawNode {
                    origin,
                    name: spanned(node.hostname),
                    address: Some(spanned(node.address.to_string())),
                    hostnames,
                    service: Some(spanned(node.service.to_string())),
                }
            })
            .collect())
    }

    fn parse(&mut self, file: &str, text: &str) -> Result<RawPack, PackError> {
        let origin = self.files.len();
        self.files.push((file.to_string(), text.to_string()));
        let mut raw: RawPack = toml::from_str(text).map_err(|error| {
            let span = error.span().unwrap_or(0..0);
            self.error(origin, span, error.message().trim().replace('`', "\""))
        })?;
        raw.set_origin(origin);
        // Self-contained lists are checked here, where their file is known.
        for list in [&raw.host_keys, &raw.secret_keys] {
            KeyPatterns::new(list.as_deref().unwrap_or_default())
                .map_err(|(span, message)| self.error(origin, span, message))?;
        }
        if let Some(candidates) = &raw.candidates {
            KeyPatterns::new(candidates.names.as_deref().unwrap_or_default())
                .map_err(|(span, message)| self.error(origin, span, message))?;
        }
        parse_networks(raw.private_networks.as_deref().unwrap_or_default())
            .map_err(|(span, message)| self.error(origin, span, message))?;
        for list in [&raw.include, &raw.exclude] {
            build_globs(list.as_deref().unwrap_or_default())
                .map_err(|(span, message)| self.error(origin, span, message))?;
        }
        Ok(raw)
    }

    fn compile(&self, raw: RawPack) -> Result<Pack, PackError> {
        let last = self.files.len() - 1;
        let located = |(span, message): (Range<usize>, String)| self.error(last, span, message);

        let mut services = Vec::with_capacity(raw.service.len());
        for (name, service) in &raw.service {
            services.push(self.compile_service(name, service)?);
        }
        let service_named = |name: &Spanned<String>, origin: usize, what: &str| {
            services
                .iter()
                .position(|s| &s.name == name.get_ref())
                .ok_or_else(|| {
                    let known: Vec<&str> = services.iter().map(|s| s.name.as_str()).collect();
                    self.error(
                        origin,
                        name.span(),
                        format!(
                            "{what}: unknown service {:?} (declared: {})",
                            name.get_ref(),
                            known.join(", ")
                        ),
                    )
                })
        };

        let mut by_address: HashMap<Ipv4Addr, Role> = HashMap::new();
        let mut by_hostname: HashMap<String, Role> = HashMap::new();
        // Registers an entry's address and hostnames (at least one of them) under `role`.
        let mut claim = |name: &Spanned<String>,
                         address: &Option<Spanned<String>>,
                         hostnames: &[Spanned<String>],
                         role: Role,
                         origin: usize,
                         what: &str|
         -> Result<Option<Ipv4Addr>, PackError> {
            if address.is_none() && hostnames.is_empty() {
                return Err(self.error(
                    origin,
                    name.span(),
                    format!("{what}: needs an address or hostnames"),
                ));
            }
            let parsed = match address {
                Some(text) => {
                    let parsed: Ipv4Addr = text.get_ref().parse().map_err(|_| {
                        self.error(
                            origin,
                            text.span(),
                            format!(
                                "{what}: address {:?} is not an IPv4 address",
                                text.get_ref()
                            ),
                        )
                    })?;
                    if let Some(other) = by_address.insert(parsed, role) {
                        return Err(self.error(
                            origin,
                            text.span(),
                            format!(
                                "{what}: address {parsed} is also declared by {}",
                                describe(other)
                            ),
                        ));
                    }
                    Some(parsed)
                }
                None => None,
            };
            for hostname in hostnames {
                let name = hostname.get_ref().to_ascii_lowercase();
                if name.is_empty()
                    || !name
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
                {
                    return Err(self.error(
                        origin,
                        hostname.span(),
                        format!("{what}: {:?} is not a hostname", hostname.get_ref()),
                    ));
                }
                if let Some(other) = by_hostname.insert(name, role)
                    && other != role
                {
                    return Err(self.error(
                        origin,
                        hostname.span(),
                        format!(
                            "{what}: hostname {:?} is also declared by {}",
                            hostname.get_ref(),
                            describe(other)
                        ),
                    ));
                }
            }
            Ok(parsed)
        };
        fn describe(role: Role) -> &'static str {
            match role {
                Role::Endpoint(_) => "an [[endpoint]]",
                Role::Node(_) => "a [[node]]",
                Role::Infrastructure(_) => "an [[infrastructure]] entry",
            }
        }

        let mut endpoints = Vec::with_capacity(raw.endpoint.len());
        for (index, entry) in raw.endpoint.iter().enumerate() {
            let what = format!("[[endpoint]] {:?}", entry.name.get_ref());
            let address = claim(
                &entry.name,
                &entry.address,
                &entry.hostnames,
                Role::Endpoint(index),
                entry.origin,
                &what,
            )?;
            let mut ports = Vec::new();
            for (service, list) in &entry.ports {
                let id = service_named(
                    &Spanned::new(list.span(), service.clone()),
                    entry.origin,
                    &what,
                )?;
                ports.push((id, list.get_ref().to_vec()));
            }
            endpoints.push(Endpoint {
                name: entry.name.get_ref().clone(),
                description: entry
                    .description
                    .clone()
                    .unwrap_or_else(|| format!("endpoint {}", entry.name.get_ref())),
                address,
                hostnames: unspanned(&entry.hostnames),
                ports,
            });
        }

        let mut nodes = Vec::with_capacity(raw.node.len());
        for (index, entry) in raw.node.iter().enumerate() {
            let what = format!("[[node]] {:?}", entry.name.get_ref());
            let Some(service) = &entry.service else {
                return Err(self.error(
                    entry.origin,
                    entry.name.span(),
                    format!("{what}: missing key \"service\" (every node belongs to a service)"),
                ));
            };
            let service = service_named(service, entry.origin, &what)?;
            let address = claim(
                &entry.name,
                &entry.address,
                &entry.hostnames,
                Role::Node(index),
                entry.origin,
                &what,
            )?;
            nodes.push(Node {
                name: entry.name.get_ref().clone(),
                address,
                hostnames: unspanned(&entry.hostnames),
                service,
            });
        }

        let mut infrastructure = Vec::with_capacity(raw.infrastructure.len());
        for (index, entry) in raw.infrastructure.iter().enumerate() {
            let what = format!("[[infrastructure]] {:?}", entry.name.get_ref());
            let address = claim(
                &entry.name,
                &entry.address,
                &entry.hostnames,
                Role::Infrastructure(index),
                entry.origin,
                &what,
            )?;
            infrastructure.push(Infrastructure {
                name: entry.name.get_ref().clone(),
                description: entry
                    .description
                    .clone()
                    .unwrap_or_else(|| "infrastructure host".into()),
                address,
                hostnames: unspanned(&entry.hostnames),
            });
        }

        let mut candidates = match &raw.candidates {
            Some(candidates) => Candidates {
                names: KeyPatterns::new(candidates.names.as_deref().unwrap_or_default())
                    .map_err(located)?,
                default_service: match &candidates.default_service {
                    Some(name) => Some(service_named(
                        name,
                        candidates.origin,
                        "[candidates] default_service",
                    )?),
                    None => None,
                },
                literals: candidates
                    .names
                    .iter()
                    .flatten()
                    .map(|name| longest_literal(name.get_ref()))
                    .filter(|literal| literal.len() >= MIN_LITERAL)
                    .collect(),
                literal_search: None,
                unsearchable: candidates
                    .names
                    .iter()
                    .flatten()
                    .any(|name| longest_literal(name.get_ref()).len() < MIN_LITERAL),
            },
            None => Candidates {
                names: KeyPatterns::new(&[]).map_err(located)?,
                default_service: None,
                literals: Vec::new(),
                literal_search: None,
                unsearchable: false,
            },
        };
        candidates.literal_search = literal_search(&candidates.literals);

        let mut allow = Vec::with_capacity(raw.allow.len());
        for entry in &raw.allow {
            let origin = entry.get_ref().origin;
            let location = (self.files[origin].0 != BUILTIN_FILE).then(|| {
                let line = self.error(origin, entry.span(), "").line;
                (self.files[origin].0.clone(), line)
            });
            let compiled = allow::compile(entry, location, build_globs)
                .map_err(|(span, message)| self.error(origin, span, message))?;
            allow.push(compiled);
        }

        Ok(Pack {
            name: raw.name.clone().unwrap_or_else(|| "custom".into()),
            sources: self.files.iter().map(|(file, _)| file.clone()).collect(),
            path: None,
            services,
            endpoints,
            nodes,
            infrastructure,
            host_keys: KeyPatterns::new(raw.host_keys.as_deref().unwrap_or_default())
                .map_err(located)?,
            secret_keys: KeyPatterns::new(raw.secret_keys.as_deref().unwrap_or_default())
                .map_err(located)?,
            human_text_commands: raw.human_text_commands.clone().unwrap_or_default(),
            private_networks: parse_networks(raw.private_networks.as_deref().unwrap_or_default())
                .map_err(located)?,
            candidates,
            include: match raw.include.as_deref() {
                Some(globs) if !globs.is_empty() => Some(build_globs(globs).map_err(located)?),
                _ => None,
            },
            exclude: build_globs(raw.exclude.as_deref().unwrap_or_default()).map_err(located)?,
            max_file_size: raw.max_file_size.unwrap_or(DEFAULT_MAX_FILE_SIZE),
            parse_budget: std::time::Duration::from_millis(
                raw.parse_budget_ms.unwrap_or(DEFAULT_PARSE_BUDGET_MS),
            ),
            scan_comments: raw.scan_comments.unwrap_or(false),
            allow,
            by_address,
            by_hostname,
        })
    }

    fn compile_service(
        &self,
        name: &str,
        service: &Spanned<RawService>,
    ) -> Result<Service, PackError> {
        let raw = service.get_ref();
        let keys = KeyPatterns::new(raw.keys.as_deref().unwrap_or_default())
            .map_err(|(span, message)| self.error(raw.origin, span, message))?;
        let ports = raw.ports.as_ref().map(|p| p.to_vec()).unwrap_or_default();
        if ports.contains(&0) {
            return Err(self.error(
                raw.origin,
                service.span(),
                format!("[service.{name}]: port 0 is not a port"),
            ));
        }
        Ok(Service {
            name: name.to_string(),
            ports,
            keys,
            path_words: raw.path_words.clone().unwrap_or_default(),
            schemes: raw.schemes.clone().unwrap_or_default(),
            vault_plugins: raw.vault_plugins.clone().unwrap_or_default(),
            commands: raw
                .commands
                .iter()
                .flatten()
                .map(|c| ClientCommand {
                    name: c.name.clone(),
                    host_flags: c.host_flags.clone(),
                })
                .collect(),
        })
    }
}

/// The values of a spanned list.
fn unspanned(list: &[Spanned<String>]) -> Vec<String> {
    list.iter().map(|item| item.get_ref().clone()).collect()
}

fn parse_networks(list: &[Spanned<String>]) -> Result<Vec<Ipv4Net>, (Range<usize>, String)> {
    list.iter()
        .map(|cidr| {
            cidr.get_ref()
                .parse::<Ipv4Net>()
                .map(|net| net.trunc())
                .map_err(|_| {
                    (
                        cidr.span(),
                        format!(
                            "private_networks: {:?} is not an IPv4 CIDR such as \"10.0.0.0/24\"",
                            cidr.get_ref()
                        ),
                    )
                })
        })
        .collect()
}

/// Path globs with gitignore semantics for a bare name: `*.md` matches at any depth.
fn build_globs(list: &[Spanned<String>]) -> Result<GlobSet, (Range<usize>, String)> {
    let mut builder = GlobSetBuilder::new();
    for glob in list {
        let pattern = glob.get_ref().trim_start_matches('/');
        let anchored = glob.get_ref().starts_with('/') || pattern.contains('/');
        let pattern = if anchored || pattern.starts_with("**/") {
            pattern.to_string()
        } else {
            format!("**/{pattern}")
        };
        let compiled = GlobBuilder::new(&pattern)
            .literal_separator(true)
            .build()
            .map_err(|error| {
                (
                    glob.span(),
                    format!("invalid glob {:?}: {error}", glob.get_ref()),
                )
            })?;
        builder.add(compiled);
    }
    builder
        .build()
        .map_err(|error| (0..0, format!("invalid globs: {error}")))
}

#[cfg(test)]
mod tests;

/// The `[[allow]]` entries of `current` (a pack's TOML) that `base` does not
/// have as they are: added or changed (widened) entries, as (line, reason).
pub fn changed_allow_entries(base: Option<&str>, current: &str) -> Vec<(usize, String)> {
    #[derive(serde::Deserialize, Default)]
    struct AllowOnly {
        #[serde(default)]
        allow: Vec<Spanned<toml::Table>>,
    }
    let parse = |text: &str| toml::from_str::<AllowOnly>(text).unwrap_or_default();
    let before = base.map(parse).unwrap_or_default();
    let after = parse(current);
    after
        .allow
        .iter()
        .filter(|entry| {
            !before
                .allow
                .iter()
                .any(|old| old.get_ref() == entry.get_ref())
        })
        .map(|entry| {
            let line = current
                .get(..entry.span().start)
                .map_or(1, |s| s.matches('\n').count() + 1);
            let reason = entry
                .get_ref()
                .get("reason")
                .and_then(|r| r.as_str())
                .unwrap_or("")
                .to_string();
            (line, reason)
        })
        .collect()
}
