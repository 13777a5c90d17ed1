//! `topolint init --discover`: a pack written from what the repository
//! already says about its topology — HAProxy `listen`/`backend` servers and
//! `bind` lines, Patroni configs, Sentinel and replica configs, etcd
//! `initial-cluster`, Ansible inventories, compose services and inventory
//! tables. Each reader reports what it found with the file and line it came
//! from; what it cannot decide becomes a question, never a guess.
//!
//! Discovery reads definitions only: it never decides whether a reference
//! is right (that is `check`'s job), and it knows services only through the
//! base pack's vocabulary (path words, ports, image words).

mod ansible;
mod compose;
mod haproxy;
mod inventory;
mod patroni;
mod redis;
mod write;
mod yaml;

use std::collections::BTreeMap;
use std::net::Ipv4Addr;
use std::path::{Path, PathBuf};

use crate::pack::{Pack, ServiceId};

pub use write::render;

/// Where something was found: a path relative to the root, and a line.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Source {
    pub path: String,
    pub line: usize,
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.path, self.line)
    }
}

/// A host as a definition names it: an address, or a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostName {
    Address(Ipv4Addr),
    Name(String),
}

impl HostName {
    /// `10.0.0.1` or `db1` as written (a `host:port` has its port cut off
    /// by the caller). Templates and variables are no host.
    pub fn parse(written: &str) -> Option<HostName> {
        let written = written.trim().trim_matches(['"', '\'']);
        if written.is_empty()
            || written.contains(['{', '}', '$', '%', '<', '>', '*', ' ', '/'])
            || matches!(written, "localhost" | "0.0.0.0" | "127.0.0.1" | "::")
        {
            return None;
        }
        if let Some(address) = crate::address::parse_ipv4(written) {
            return Some(HostName::Address(address));
        }
        let valid = written
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
            && written.bytes().any(|b| b.is_ascii_alphabetic());
        valid.then(|| HostName::Name(written.to_ascii_lowercase()))
    }
}

/// A service node a definition describes.
#[derive(Debug, Clone)]
pub struct FoundNode {
    pub name: String,
    pub address: Option<Ipv4Addr>,
    pub hostnames: Vec<String>,
    pub service: ServiceId,
    /// The port a definition gives it (kept only where nodes share a host).
    pub port: Option<u16>,
    /// The cluster a definition names (Patroni `scope`, Sentinel master name).
    pub cluster: Option<String>,
    pub source: Source,
    /// Other places that describe the same node.
    pub also: Vec<Source>,
}

/// An address applications use: a proxy, a VIP, a Sentinel.
#[derive(Debug, Clone)]
pub struct FoundEndpoint {
    pub name: String,
    pub address: Option<Ipv4Addr>,
    pub hostnames: Vec<String>,
    /// Ports per service.
    pub ports: BTreeMap<ServiceId, Vec<u16>>,
    /// The proxy's image word (`haproxy`), for a compose proxy.
    pub kind: Option<String>,
    /// How many node definitions its own config lists behind it: the
    /// endpoints that front the nodes found are written first (help names
    /// the first endpoint of a service).
    pub fronts: usize,
    pub source: Source,
    pub also: Vec<Source>,
}

/// A proxy config that binds every address: the ports it serves are known,
/// the address clients use is not.
#[derive(Debug, Clone)]
pub struct UnplacedProxy {
    pub kind: String,
    pub fronts: usize,
    pub ports: BTreeMap<ServiceId, Vec<u16>>,
    pub source: Source,
}

/// A known host that is neither (an etcd member, an HAProxy node).
#[derive(Debug, Clone)]
pub struct FoundHost {
    pub name: String,
    pub address: Option<Ipv4Addr>,
    pub hostnames: Vec<String>,
    pub description: String,
    pub source: Source,
}

/// What discovery found in a repository.
#[derive(Debug, Default)]
pub struct Found {
    pub nodes: Vec<FoundNode>,
    pub endpoints: Vec<FoundEndpoint>,
    pub infrastructure: Vec<FoundHost>,
    /// What it could not decide, each with where it came from.
    pub questions: Vec<(Source, String)>,
    /// An inventory table the pack should read its nodes from, as the pack
    /// names it (relative to the pack's directory).
    pub inventory: Option<String>,
    /// The same table as the sources of what was found in it name it.
    pub inventory_source: Option<String>,
    /// Proxy configs whose address is not in them, until [`Found::finish`].
    pub unplaced: Vec<UnplacedProxy>,
    /// Files read, by reader, for the summary.
    pub files_read: usize,
}

impl Found {
    /// Adds `node`, or merges it into the node with its address or name.
    pub fn node(&mut self, node: FoundNode) {
        let same = self.nodes.iter_mut().find(|known| {
            let ports_agree =
                known.port.is_none() || node.port.is_none() || known.port == node.port;
            match (known.address, node.address) {
                (Some(a), Some(b)) => a == b && ports_agree,
                _ => {
                    known.name.eq_ignore_ascii_case(&node.name)
                        || (ports_agree
                            && node.hostnames.iter().any(|h| known.hostnames.contains(h)))
                }
            }
        });
        match same {
            Some(known) if known.service == node.service => {
                if known.hostnames.is_empty() && !node.hostnames.is_empty() {
                    known.name = node.name; // a name beats an address as a name
                }
                known.address = known.address.or(node.address);
                known.port = known.port.or(node.port);
                add_new(&mut known.hostnames, node.hostnames);
                known.cluster = known.cluster.take().or(node.cluster);
                known.also.push(node.source);
            }
            Some(known) => {
                let question = format!(
                    "{} is a {} node here but was found as another service's node at {}: which is it?",
                    node.name, node.source.path, known.source
                );
                self.questions.push((node.source, question));
            }
            None => self.nodes.push(node),
        }
    }

    /// Adds `endpoint`, or merges its ports into the endpoint with its
    /// address or name.
    pub fn endpoint(&mut self, endpoint: FoundEndpoint) {
        let same =
            self.endpoints
                .iter_mut()
                .find(|known| match (known.address, endpoint.address) {
                    (Some(a), Some(b)) => a == b,
                    _ => known.name.eq_ignore_ascii_case(&endpoint.name),
                });
        match same {
            Some(known) => {
                if known.hostnames.is_empty() && !endpoint.hostnames.is_empty() {
                    known.name = endpoint.name; // a name beats an address as a name
                }
                known.address = known.address.or(endpoint.address);
                add_new(&mut known.hostnames, endpoint.hostnames);
                for (service, ports) in endpoint.ports {
                    add_new(known.ports.entry(service).or_default(), ports);
                }
                known.fronts += endpoint.fronts;
                known.also.push(endpoint.source);
            }
            None => self.endpoints.push(endpoint),
        }
    }

    pub fn host(&mut self, host: FoundHost) {
        let known = self.infrastructure.iter().any(|known| {
            known.name.eq_ignore_ascii_case(&host.name)
                || (known.address.is_some() && known.address == host.address)
        });
        if !known {
            self.infrastructure.push(host);
        }
    }

    /// A proxy config (of `kind`, e.g. `haproxy`) serving `ports` on every
    /// address: placed on the one proxy of that kind found elsewhere.
    pub fn unplaced_proxy(
        &mut self,
        source: Source,
        kind: &str,
        ports: BTreeMap<ServiceId, Vec<u16>>,
        fronts: usize,
    ) {
        self.unplaced.push(UnplacedProxy {
            kind: kind.to_string(),
            fronts,
            ports,
            source,
        });
    }

    /// Places each proxy config on the one endpoint of its kind (a compose
    /// service running it); where there is none or several, asks.
    pub fn finish(&mut self) {
        self.place_proxies();
        // The endpoints in front of the nodes found first (stable otherwise).
        self.endpoints.sort_by_key(|e| std::cmp::Reverse(e.fronts));
    }

    fn place_proxies(&mut self) {
        for proxy in std::mem::take(&mut self.unplaced) {
            let mut of_kind = self
                .endpoints
                .iter_mut()
                .filter(|e| e.kind.as_deref() == Some(proxy.kind.as_str()));
            match (of_kind.next(), of_kind.next()) {
                (Some(endpoint), None) => {
                    for (service, ports) in proxy.ports {
                        add_new(endpoint.ports.entry(service).or_default(), ports);
                    }
                    endpoint.fronts += proxy.fronts;
                    endpoint.also.push(proxy.source);
                }
                _ => {
                    let ports: Vec<String> =
                        proxy.ports.values().flatten().map(u16::to_string).collect();
                    self.questions.push((
                        proxy.source,
                        format!(
                            "this {} serves ports {} on every address: which address or hostname do clients use? Declare it as an [[endpoint]] with those ports.",
                            proxy.kind,
                            ports.join(", ")
                        ),
                    ));
                }
            }
        }
    }

    pub fn ask(&mut self, source: Source, question: impl Into<String>) {
        self.questions.push((source, question.into()));
    }
}

/// Appends the items of `more` that `list` does not hold yet, in order.
fn add_new<T: PartialEq>(list: &mut Vec<T>, more: Vec<T>) {
    for item in more {
        if !list.contains(&item) {
            list.push(item);
        }
    }
}

/// A file a reader may understand: its path relative to the root, its text.
pub struct DiscoveryFile<'a> {
    pub relative: &'a str,
    pub text: &'a str,
}

impl DiscoveryFile<'_> {
    /// The source at byte `offset`.
    pub fn at(&self, offset: usize) -> Source {
        Source {
            path: self.relative.to_string(),
            line: crate::finding::line_of(self.text, offset),
        }
    }

    /// The source at 1-based `line`.
    pub fn line(&self, line: usize) -> Source {
        Source {
            path: self.relative.to_string(),
            line,
        }
    }

    pub fn file_name(&self) -> &str {
        self.relative.rsplit('/').next().unwrap_or(self.relative)
    }
}

/// Files larger than this are no hand-written definition.
const MAX_DEFINITION_SIZE: u64 = 1024 * 1024;

/// Reads every definition under `root` (gitignore-aware, hidden files
/// included, `.git` skipped), with the vocabulary of `pack`.
pub fn discover(pack: &Pack, root: &Path) -> Found {
    let mut files: Vec<PathBuf> = ignore::WalkBuilder::new(root)
        .hidden(false)
        .filter_entry(|entry| entry.file_name() != ".git")
        .build()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_some_and(|t| t.is_file()))
        .filter(|entry| {
            entry
                .metadata()
                .is_ok_and(|m| m.len() <= MAX_DEFINITION_SIZE)
        })
        .map(|entry| entry.into_path())
        .collect();
    files.sort();
    let mut found = Found::default();
    // Inventories first: they are the most explicit definitions, and later
    // readers merge into what they found.
    files.sort_by_key(|path| !inventory::is_inventory_table(path));
    for path in files {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        if bytes.contains(&0) {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes);
        let relative = crate::walk::relative_to(root, &path);
        let file = DiscoveryFile {
            relative: &relative,
            text: &text,
        };
        if read(pack, &file, &mut found) {
            found.files_read += 1;
        }
    }
    found.finish();
    found
}

/// What one inventory table says (`init --from-inventory`); its path is
/// relative to `root`, the directory the pack is written in.
pub fn from_inventory(pack: &Pack, root: &Path, table: &Path) -> Result<Found, String> {
    let bytes = std::fs::read(table).map_err(|error| error.to_string())?;
    let text = String::from_utf8_lossy(&bytes);
    let relative = crate::walk::relative_to(root, table);
    let file = DiscoveryFile {
        relative: &relative,
        text: &text,
    };
    crate::pack::inventory::parse(&text)
        .map_err(|(line, message)| format!("{}:{line}: {message}", table.display()))?;
    let mut found = Found::default();
    inventory::read(pack, &file, &mut found);
    found.inventory = Some(relative.clone());
    found.inventory_source = Some(relative.clone());
    found.files_read = 1;
    Ok(found)
}

/// Offers `file` to every reader; whether one understood it.
fn read(pack: &Pack, file: &DiscoveryFile, found: &mut Found) -> bool {
    if inventory::is_inventory_table(Path::new(file.relative)) {
        return inventory::read(pack, file, found);
    }
    let yaml = file.relative.ends_with(".yml") || file.relative.ends_with(".yaml");
    let mut understood = false;
    if yaml {
        understood |= compose::read(pack, file, found);
        understood |= patroni::read(pack, file, found);
        understood |= ansible::read_yaml(pack, file, found);
        understood |= ansible::read_molecule(pack, file, found);
        understood |= ansible::read_vips(file, found);
    } else {
        understood |= haproxy::read(pack, file, found);
        understood |= redis::read(pack, file, found);
        understood |= ansible::read_ini(pack, file, found);
    }
    understood |= redis::read_etcd(file, found);
    understood
}

/// The service whose words (path words or image words) one of `words` is.
pub fn service_of_words<'w>(
    pack: &Pack,
    words: impl IntoIterator<Item = &'w str>,
) -> Option<ServiceId> {
    for word in words {
        let word = word.to_ascii_lowercase();
        if let Some(service) = pack
            .services
            .iter()
            .position(|s| s.images.contains(&word) || s.path_words.contains(&word))
        {
            return Some(service);
        }
    }
    None
}

/// The words of a name (`postgres_cluster` → `postgres`, `cluster`).
pub fn words(name: &str) -> impl Iterator<Item = &str> {
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// `host:port` → the host and the port.
pub fn split_host_port(written: &str) -> (&str, Option<u16>) {
    match written.rsplit_once(':') {
        Some((host, port)) if port.bytes().all(|b| b.is_ascii_digit()) && !port.is_empty() => {
            (host, port.parse().ok())
        }
        _ => (written, None),
    }
}

#[cfg(test)]
mod tests;
