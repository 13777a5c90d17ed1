//! Rule packs: the topology (endpoints, nodes, infrastructure hosts) and the
//! vocabulary of each service, loaded from TOML and validated into a [`Pack`]
//! that scanners and rules share read-only.

mod allow;
mod compiled;
pub mod inventory;
mod keys;
mod levels;
mod load;
mod raw;
mod secrets;

pub use allow::{AllowEntry, KNOWN_RULES};
pub use keys::{KeyPatterns, KeyVocabulary, normalize_key};
pub use levels::{ALWAYS_ON, RuleLevel};
pub use secrets::SecretFlag;

use std::collections::{BTreeMap, HashMap};
use std::net::Ipv4Addr;
use std::path::PathBuf;

use aho_corasick::AhoCorasick;
use globset::GlobSet;
use ipnet::Ipv4Net;

use load::Loader;

/// The default pack, built in: `keybuzz`, which extends the built-in `base`.
pub const DEFAULT_PACK: &str = "keybuzz";

/// `text` as a TOML string (for packs topolint writes).
pub fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

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

/// One host a list names: what it denotes, and for one address of an
/// endpoint group, which address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Host {
    pub role: Role,
    pub address: Option<Ipv4Addr>,
}

impl Host {
    /// A host that is its role whole (a node, an endpoint of one address).
    pub fn whole(role: Role) -> Host {
        Host {
            role,
            address: None,
        }
    }
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
    /// Its first address.
    pub address: Option<Ipv4Addr>,
    /// Every address: more than one for a group (three Sentinels), which
    /// clients list whole.
    pub addresses: Vec<Ipv4Addr>,
    pub hostnames: Vec<String>,
    /// Ports per service, in the order the pack lists them (the first is the default).
    pub ports: Vec<(ServiceId, Vec<u16>)>,
    /// The one cluster it serves; `None`: every cluster of its services.
    pub cluster: Option<String>,
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

    /// Whether it serves `cluster` (of a service it serves).
    pub fn serves_cluster(&self, cluster: &str) -> bool {
        self.cluster.as_deref().is_none_or(|own| own == cluster)
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
    /// The port that tells it apart from other nodes on its host.
    pub port: Option<u16>,
    /// Node sets and candidate lists are judged per cluster.
    pub cluster: String,
    /// Whether it can become leader: candidate lists must name it.
    pub candidate: bool,
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
    /// The flags that give the port its host flag's host is reached on
    /// (`-p 26379`, `--port=5432`).
    pub port_flags: Vec<String>,
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
    /// Keys that only this service's connection strings have (`dbname`).
    pub dialect_keys: KeyPatterns,
    /// The port of the service's Sentinels (Redis: 26379).
    pub sentinel_port: Option<u16>,
    /// Words of the container images and programs that run its servers.
    pub images: Vec<String>,
    /// Word sequences (lowercase) of commands that set the service's own
    /// topology: a replica's master (`replicaof`), a Sentinel's master
    /// (`sentinel monitor`), a replica cloned from a node (`pg_basebackup`).
    pub definition_commands: Vec<Vec<String>>,
}

/// The lowercase words of an image's own name
/// (`docker.io/bitnami/redis-sentinel:7.2` → redis, sentinel): its
/// registry, namespace, tag and digest say nothing of what it runs.
pub fn image_words(image: &str) -> Vec<String> {
    let name = image.split('@').next().unwrap_or(image);
    let name = name.rsplit('/').next().unwrap_or(name);
    let name = name.split(':').next().unwrap_or(name);
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_ascii_lowercase)
        .collect()
}

/// What a container image runs (`images`, `balancer_images`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageRuns {
    /// A server of the service (`bitnami/redis`, `postgres`).
    Server(ServiceId),
    /// A proxy clients connect through (`pgpool`, `haproxy`).
    Proxy,
}

#[derive(Debug)]
pub struct Candidates {
    /// Variable-name patterns of leader-discovery lists.
    pub names: KeyPatterns,
    /// Key names of Sentinel host lists (`*SENTINEL*`).
    pub sentinel_names: KeyPatterns,
    /// URL schemes whose hosts are Sentinels (`redis+sentinel`).
    pub sentinel_schemes: Vec<String>,
    /// Calls and constructors whose list argument is Sentinel hosts
    /// (redis-py's `Sentinel([…])`).
    pub sentinel_clients: Vec<String>,
    /// Builder methods that each add one Sentinel host (Spring's
    /// `.sentinel(host, port)`, Lettuce's `.withSentinel(…)`): a chain of
    /// them is one Sentinel list.
    pub sentinel_adders: Vec<String>,
    pub default_service: Option<ServiceId>,
    /// The one service that has nodes, when only one has: the service of a
    /// list nothing else names one for, in a pack without `default_service`.
    pub only_service: Option<ServiceId>,
}

/// A validated rule pack.
#[derive(Debug)]
pub struct Pack {
    /// Distinguishes this pack from every other one built in the process
    /// (the per-thread cache of [`Pack::key_facts`] is the pack's own).
    id: u64,
    pub name: String,
    /// The pack files it was built from, base first.
    pub sources: Vec<String>,
    /// The repository's pack file on disk, if any: it names nodes by design and
    /// is never checked as configuration.
    pub path: Option<PathBuf>,
    /// The scan root seen from the pack file's directory (`services/api/`),
    /// empty when they are the same: the pack's path globs are relative to
    /// its own directory, report paths to the scan root.
    pub root_prefix: String,
    pub services: Vec<Service>,
    pub endpoints: Vec<Endpoint>,
    pub nodes: Vec<Node>,
    pub infrastructure: Vec<Infrastructure>,
    /// Keys whose value is a network host, whatever the service.
    pub host_keys: KeyPatterns,
    /// Keys whose value names a cluster member: a host only where used as one.
    pub member_keys: KeyPatterns,
    pub secret_keys: KeyPatterns,
    /// Flags whose value is a secret.
    pub secret_flags: Vec<SecretFlag>,
    /// The shapes of well-known tokens, as one regular expression.
    pub secret_tokens: Option<regex::Regex>,
    /// How values are read besides hosts and secrets (`[syntax]`).
    pub syntax: KeyVocabulary,
    pub human_text_commands: Vec<String>,
    /// Commands that check a machine is reachable (`ping`, `traceroute`):
    /// their host is a machine being checked, as `ssh HOST` manages one, not
    /// a connection to its service.
    pub reachability_commands: Vec<String>,
    /// Commands whose arguments are patterns searched for and the files
    /// searched (`grep -q 10.0.0.121 app.env`): interpreting, not connecting.
    pub search_commands: Vec<String>,
    /// Commands that copy files to machines or run commands on them over ssh
    /// (`scp`, `rsync`, Ansible ad hoc, parallel shells): their addresses
    /// are managed, as `ssh HOST`'s is, not connections to a service.
    pub remote_commands: Vec<String>,
    /// Commands whose name argument, after one of the listed subcommands,
    /// is a container or pod, not a network host (`docker exec NAME`).
    pub management_commands: BTreeMap<String, Vec<String>>,
    /// Commands that configure the network (firewalls, routes): the
    /// addresses they filter or route are plumbing, not connections.
    pub network_commands: Vec<String>,
    /// Their flags whose value is where a forward sends traffic
    /// (`--to-destination`, firewalld's `toaddr=`): a tunnel, a reference.
    pub network_forward_flags: Vec<String>,
    /// Image words of proxies clients connect through (`init --discover`).
    pub balancer_images: Vec<String>,
    /// Image words of tools that run no server (an exporter, a GUI).
    pub tool_images: Vec<String>,
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
    /// `[rules]`: the rules whose severity the pack sets, or turns off.
    pub rule_levels: Vec<(&'static str, RuleLevel)>,
    /// Sorted by address, as numbers: a few keys, asked for every address
    /// in a file, are found faster by a binary search than by SipHash.
    by_address: Vec<(u32, Role)>,
    by_hostname: HashMap<String, Role>,
    /// Hosts (an address, or a lowercase hostname) that nodes share with
    /// each other or with an endpoint, told apart by port.
    shared_hosts: HashMap<String, SharedHost>,
    /// Every hostname in one automaton, with the role of each pattern.
    hostname_search: Option<(AhoCorasick, Vec<Role>)>,
}

/// A host that nodes share, each with its own port, and perhaps an endpoint
/// (a local HAProxy in front of containers on ports of their own).
#[derive(Debug, Default)]
pub(crate) struct SharedHost {
    /// Each node's port, and the node.
    pub nodes: Vec<(u16, usize)>,
    pub endpoint: Option<usize>,
}

/// What the pack's key-name lists say of one key, asked once per key and
/// thread (keys repeat across files: the lists are matched once each).
#[derive(Debug, Clone, Copy, Default)]
pub struct KeyFacts {
    pub host: bool,
    pub member: bool,
    pub secret: bool,
    /// The service whose key patterns match most specifically.
    pub service: Option<ServiceId>,
    /// The first service a word of the key names as a key-path word
    /// (`redis` in `redisCache`): the context an enclosing key gives.
    pub path_service: Option<ServiceId>,
    pub network: bool,
    pub prose: bool,
    pub documentation: bool,
    pub assertion: bool,
    pub translation: bool,
    pub alias: bool,
    pub shell: bool,
    /// Its value is a request a tool makes (`uri`): see `request_keys`.
    pub request: bool,
    pub play: bool,
    pub loop_items: bool,
    pub play_target: bool,
    pub placement: bool,
    pub own_config: bool,
    /// A client logs in with it: a secret, a login key or a connection
    /// string's own key (`sslmode`).
    pub login: bool,
    /// The key's value names its block (a name key, or `image`).
    pub names_block: bool,
    /// The key's value is what its block runs (`image`).
    pub image: bool,
    /// The key's value is a job's commands (`script`).
    pub job: bool,
}

impl KeyFacts {
    /// Whether the key's value is a connection: a service key, unless it
    /// names members rather than a host (`POSTGRESQL_CLUSTER_NODES`, a member
    /// key that is no host key): that value is a node set or an identity, as
    /// any member key's is.
    pub fn is_connection(&self) -> bool {
        self.service.is_some() && (self.host || !self.member)
    }

    /// Whether the key's value is a member's identity: a member key that is
    /// no host key (`node`, `member`, `LEADER_NODE`).
    pub fn is_identity(&self) -> bool {
        self.member && !self.host
    }

    /// Whether a hostname the key holds is judged where the key is used: a
    /// member key's identity (`LEADER_NODE=db1`), or a name that says
    /// nothing of what it holds (`DB=db-slave-01`, then `psql -h "$DB"`).
    /// Text for people says what it holds.
    pub fn traced(&self) -> bool {
        self.member
            || !(self.prose
                || self.documentation
                || self.assertion
                || self.translation
                || self.network)
    }
}

thread_local! {
    /// `key_facts` of the keys seen by this thread, for one pack at a time.
    static KEY_FACTS: std::cell::RefCell<(u64, FactsByKey)> =
        std::cell::RefCell::new((0, FactsByKey::default()));
}

/// Facts by key, hashed with xxh3 (keys are short; SipHash's DoS resistance
/// buys nothing for a cache of one scan's keys).
type FactsByKey = HashMap<String, KeyFacts, xxhash_rust::xxh3::Xxh3DefaultBuilder>;

/// Keys a thread remembers before it forgets them all (bounded memory).
const KEY_FACTS_CACHED: usize = 1 << 16;

/// A fresh id for each pack built.
fn next_pack_id() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// The lowercase words of a key as a path segment: split on punctuation
/// and camelCase.
fn path_words(key: &str) -> Vec<String> {
    let mut spaced = String::with_capacity(key.len() + 4);
    let mut previous_lower = false;
    for c in key.chars() {
        if c.is_ascii_uppercase() && previous_lower {
            spaced.push(' ');
        }
        previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        spaced.push(if c.is_ascii_alphanumeric() {
            c.to_ascii_lowercase()
        } else {
            ' '
        });
    }
    spaced.split_whitespace().map(str::to_string).collect()
}

impl Pack {
    /// What the key-name lists say of `key` (see [`KeyFacts`]).
    pub fn key_facts(&self, key: &str) -> KeyFacts {
        let cached = KEY_FACTS.with(|cell| {
            let cache = cell.borrow();
            (cache.0 == self.id)
                .then(|| cache.1.get(key).copied())
                .flatten()
        });
        if let Some(facts) = cached {
            return facts;
        }
        let words = normalize_key(key);
        let syntax = &self.syntax;
        let image = syntax.image_keys.is_match_words(&words);
        let secret = self.secret_keys.is_match_words(&words);
        let facts = KeyFacts {
            host: self.host_keys.is_match_words(&words),
            member: self.member_keys.is_match_words(&words),
            secret,
            service: self.service_of_words(&words),
            path_service: path_words(key).into_iter().find_map(|word| {
                self.services
                    .iter()
                    .position(|s| s.path_words.contains(&word))
            }),
            network: syntax.network_keys.is_match_words(&words),
            prose: syntax.prose_keys.is_match_words(&words),
            documentation: syntax.documentation_keys.is_match_words(&words),
            assertion: syntax.assertion_keys.is_match_words(&words),
            translation: syntax.translation_keys.is_match_words(&words),
            alias: syntax.alias_keys.is_match_words(&words),
            shell: syntax.shell_keys.is_match_words(&words),
            request: syntax.request_keys.is_match_words(&words),
            play: syntax.play_keys.is_match_words(&words),
            loop_items: syntax.loop_keys.is_match_words(&words),
            play_target: syntax.play_target_keys.is_match_words(&words),
            placement: syntax.placement_keys.is_match_words(&words),
            own_config: syntax.own_config_keys.is_match_words(&words),
            login: secret
                || syntax.login_keys.is_match_words(&words)
                || self
                    .services
                    .iter()
                    .any(|s| s.dialect_keys.is_match_words(&words)),
            names_block: syntax.definition_name_keys.is_match_words(&words)
                || syntax.definition_item_keys.is_match_words(&words)
                || image,
            image,
            job: syntax.job_keys.is_match_words(&words),
        };
        KEY_FACTS.with(|cell| {
            let mut cache = cell.borrow_mut();
            if cache.0 != self.id || cache.1.len() >= KEY_FACTS_CACHED {
                cache.0 = self.id;
                cache.1.clear();
            }
            cache.1.insert(key.to_string(), facts);
        });
        facts
    }

    /// The names, as words, that the port of host key `host_key` goes by
    /// in a flat namespace (an `.env` file, an `environment:` map): the key
    /// with `port` in place of its host word (`DB_HOST` → `db_port`,
    /// `PGHOST` → `pgport`, `REDIS_SERVER_ADDRESS` → `redis_server_port`),
    /// or with `port` after it (`db_host_port`). The host words are those
    /// of the `host_keys` patterns (`*HOST*` → `host`).
    pub fn port_key_names(&self, host_key: &str) -> Vec<String> {
        let words = normalize_key(host_key);
        let mut names = vec![format!("{}_port", &*words)];
        for host_word in self.host_keys.infix_words() {
            if let Some(at) = words.rfind(host_word.as_str()) {
                let stem = words[..at].trim_end_matches('_');
                if !stem.is_empty() {
                    names.push(format!("{stem}_port"));
                    names.push(format!("{stem}port"));
                }
            }
        }
        names
    }

    /// Whether some `[[allow]] blocks` entry names a block called `name`.
    pub fn names_a_block(&self, name: &str) -> bool {
        self.allow
            .iter()
            .filter_map(|entry| entry.blocks.as_ref())
            .any(|blocks| blocks.is_match(name))
    }

    /// What container image `image` runs, by the words of its name:
    /// `docker.io/bitnami/redis-sentinel:7.2` → redis, sentinel, a Redis
    /// server (registry, namespace, tag and digest say nothing).
    pub fn image_runs(&self, image: &str) -> Option<ImageRuns> {
        self.program_runs(&image_words(image))
    }

    /// What a program named by `words` (lowercase: an image's, a command's,
    /// a build folder's) runs: a server of a service, a proxy, or, named by
    /// a tool's word too (`redis_exporter`), neither.
    pub fn program_runs(&self, words: &[String]) -> Option<ImageRuns> {
        if words.iter().any(|word| self.tool_images.contains(word)) {
            return None;
        }
        let served = self
            .services
            .iter()
            .position(|s| words.iter().any(|word| s.images.contains(word)));
        match served {
            Some(service) => Some(ImageRuns::Server(service)),
            None => words
                .iter()
                .any(|word| self.balancer_images.contains(word))
                .then_some(ImageRuns::Proxy),
        }
    }

    /// The service whose own topology a command of `words` (its program
    /// first, unquoted) sets, and the pack's words that say so: it holds
    /// one of that service's `definition_commands` as consecutive words,
    /// case-insensitively, the first also as a long flag (`redis-server
    /// --replicaof …`).
    pub fn defined_service(&self, words: &[&str]) -> Option<(ServiceId, &[String])> {
        self.services.iter().enumerate().find_map(|(id, service)| {
            service.definition_commands.iter().find_map(|sequence| {
                words.windows(sequence.len()).find_map(|window| {
                    let first = &sequence[0];
                    let matched = (window[0].eq_ignore_ascii_case(first)
                        || window[0]
                            .strip_prefix("--")
                            .is_some_and(|flag| flag.eq_ignore_ascii_case(first)))
                        && window[1..]
                            .iter()
                            .zip(&sequence[1..])
                            .all(|(word, expected)| word.eq_ignore_ascii_case(expected));
                    matched.then_some((id, sequence.as_slice()))
                })
            })
        })
    }

    /// Whether `port` is one the pack knows: a service's, an endpoint's or
    /// a node's own (nodes told apart by port).
    pub fn knows_port(&self, port: u16) -> bool {
        self.services
            .iter()
            .any(|service| service.ports.contains(&port))
            || self.nodes.iter().any(|node| node.port == Some(port))
            || self
                .endpoints
                .iter()
                .flat_map(|endpoint| &endpoint.ports)
                .any(|(_, ports)| ports.contains(&port))
    }

    /// How reports name the pack: its file, or `built-in keybuzz`.
    pub fn describe(&self) -> String {
        match &self.path {
            Some(path) => path.display().to_string(),
            None => format!("built-in {}", self.name),
        }
    }

    /// `path` (relative to the scan root) as the pack's path globs see it.
    pub fn glob_path<'p>(&self, path: &'p str) -> std::borrow::Cow<'p, str> {
        if self.root_prefix.is_empty() {
            std::borrow::Cow::Borrowed(path)
        } else {
            std::borrow::Cow::Owned(format!("{}{path}", self.root_prefix))
        }
    }

    /// The default built-in pack (`keybuzz`).
    pub fn builtin() -> Result<Pack, PackError> {
        Pack::builtin_named(DEFAULT_PACK)
    }

    /// The built-in pack `name` (`base` or `keybuzz`).
    pub fn builtin_named(name: &str) -> Result<Pack, PackError> {
        Loader::default().load_builtin(name)
    }

    /// A pack from TOML text; `extends = "base"` or `"keybuzz"` builds on a
    /// built-in pack.
    pub fn from_toml(file: &str, text: &str) -> Result<Pack, PackError> {
        Loader::default().load(file, text)
    }

    /// As [`from_toml`](Self::from_toml), with the text of the inventory the
    /// pack names given (as it was at the base of a change), not read.
    pub fn from_toml_with_inventory(
        file: &str,
        text: &str,
        inventory: Option<String>,
    ) -> Result<Pack, PackError> {
        match inventory {
            Some(inventory) => Loader::with_inventory(inventory).load(file, text),
            None => Pack::from_toml(file, text),
        }
    }

    pub fn service_id(&self, name: &str) -> Option<ServiceId> {
        self.services.iter().position(|s| s.name == name)
    }

    pub fn role_of_address(&self, address: Ipv4Addr) -> Option<Role> {
        let address = u32::from(address);
        self.by_address
            .binary_search_by_key(&address, |&(known, _)| known)
            .ok()
            .map(|at| self.by_address[at].1)
    }

    /// Every address the pack declares.
    pub fn addresses(&self) -> impl Iterator<Item = Ipv4Addr> + '_ {
        self.by_address
            .iter()
            .map(|&(address, _)| Ipv4Addr::from(address))
    }

    /// The search for every hostname, and the role of each of its patterns.
    pub fn hostname_search(&self) -> (Option<&AhoCorasick>, &[Role]) {
        match &self.hostname_search {
            Some((automaton, roles)) => (Some(automaton), roles),
            None => (None, &[]),
        }
    }

    /// Configured hostnames (lowercase) with what they denote.
    pub fn hostnames(&self) -> impl Iterator<Item = (&str, Role)> {
        self.by_hostname
            .iter()
            .map(|(name, role)| (name.as_str(), *role))
    }

    /// What `host` (an address or hostname as written, which the pack knows as
    /// `role`) denotes with `port`: on a host that nodes share, the node of
    /// that port; any other port, or none, is the endpoint on that host if
    /// there is one (judged with that port), else nothing.
    pub fn resolve_host(&self, host: &str, role: Role, port: Option<u16>) -> Option<Role> {
        if self.shared_hosts.is_empty() {
            return Some(role);
        }
        let key = match crate::address::parse_ipv4(host) {
            Some(address) => address.to_string(),
            None => host.to_ascii_lowercase(),
        };
        match self.shared_hosts.get(&key) {
            None => Some(role),
            Some(shared) => port
                .and_then(|port| shared.nodes.iter().find(|&&(own, _)| own == port))
                .map(|&(_, node)| Role::Node(node))
                .or(shared.endpoint.map(Role::Endpoint)),
        }
    }

    /// The nodes of `cluster` (of `service`).
    pub fn cluster_nodes<'a>(
        &'a self,
        service: ServiceId,
        cluster: &'a str,
    ) -> impl Iterator<Item = usize> + 'a {
        (0..self.nodes.len())
            .filter(move |&n| self.nodes[n].service == service && self.nodes[n].cluster == cluster)
    }

    /// Whether an endpoint serves `cluster` of `service`.
    pub fn cluster_has_endpoint(&self, service: ServiceId, cluster: &str) -> bool {
        self.endpoints
            .iter()
            .any(|e| !e.ports_of(service).is_empty() && e.serves_cluster(cluster))
    }

    /// The clusters of `service`, in the order their first nodes are declared.
    pub fn clusters_of(&self, service: ServiceId) -> Vec<&str> {
        let mut clusters: Vec<&str> = Vec::new();
        for node in self.nodes.iter().filter(|n| n.service == service) {
            if !clusters.contains(&node.cluster.as_str()) {
                clusters.push(&node.cluster);
            }
        }
        clusters
    }

    /// What `role` is, in words that mean the same in any pack: its kind,
    /// name, service, cluster and ports (for comparing two topologies).
    pub fn describe_role(&self, role: Role) -> String {
        match role {
            Role::Node(n) => {
                let node = &self.nodes[n];
                format!(
                    "node {} {} {} {:?} {}",
                    node.name,
                    self.services[node.service].name,
                    node.cluster,
                    node.port,
                    node.candidate
                )
            }
            Role::Endpoint(e) => {
                let endpoint = &self.endpoints[e];
                let ports: Vec<String> = endpoint
                    .ports
                    .iter()
                    .map(|(service, ports)| format!("{}={ports:?}", self.services[*service].name))
                    .collect();
                format!(
                    "endpoint {} {} {:?}",
                    endpoint.name,
                    ports.join(","),
                    endpoint.cluster
                )
            }
            Role::Infrastructure(i) => format!("infrastructure {}", self.infrastructure[i].name),
        }
    }

    /// What the host written as `host` denotes, by address or name.
    pub fn role_of_host(&self, host: &str) -> Option<Role> {
        match crate::address::parse_ipv4(host) {
            Some(address) => self.role_of_address(address),
            None => self.role_of_hostname(host),
        }
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

    /// Whether the value of `key` is a connection ([`KeyFacts::is_connection`]).
    pub fn is_connection_key(&self, key: &str) -> bool {
        self.key_facts(key).is_connection()
    }

    /// The service whose key-name patterns match `key` most specifically.
    pub fn service_of_key(&self, key: &str) -> Option<ServiceId> {
        self.service_of_words(&normalize_key(key))
    }

    /// As [`service_of_key`](Self::service_of_key), for a key already normalised.
    pub fn service_of_words(&self, words: &str) -> Option<ServiceId> {
        self.services
            .iter()
            .enumerate()
            .filter_map(|(id, s)| s.keys.best_match_words(words).map(|score| (score, id)))
            .max_by_key(|(score, id)| (*score, std::cmp::Reverse(*id)))
            .map(|(_, id)| id)
    }

    /// The service of a URL scheme (`postgresql`, `jdbc:postgresql`, `rediss`).
    pub fn service_of_scheme(&self, scheme: &str) -> Option<ServiceId> {
        let known = |scheme: &str| {
            self.services.iter().position(|s| {
                s.schemes
                    .iter()
                    .any(|known| known.eq_ignore_ascii_case(scheme))
            })
        };
        // SQLAlchemy's `dialect+driver` (`postgresql+asyncpg`) is its
        // dialect's, unless the whole is a scheme of its own (`redis+sentinel`).
        known(scheme).or_else(|| {
            scheme
                .split_once('+')
                .and_then(|(dialect, _)| known(dialect))
        })
    }

    /// The Sentinel hosts of `cluster` (of `service`): each address of the
    /// endpoints that serve it on its Sentinel port, else (Sentinels on the
    /// nodes themselves) its nodes.
    pub fn sentinel_hosts(&self, service: ServiceId, cluster: &str) -> Vec<Host> {
        let Some(port) = self.services[service].sentinel_port else {
            return Vec::new();
        };
        let endpoints: Vec<Host> = (0..self.endpoints.len())
            .filter(|&e| {
                let endpoint = &self.endpoints[e];
                endpoint.ports_of(service).contains(&port) && endpoint.serves_cluster(cluster)
            })
            .flat_map(|e| self.hosts_of(Role::Endpoint(e)))
            .collect();
        if !endpoints.is_empty() {
            return endpoints;
        }
        self.cluster_nodes(service, cluster)
            .map(|n| Host::whole(Role::Node(n)))
            .collect()
    }

    /// The hosts `role` stands for: one, or one per address of a group.
    pub fn hosts_of(&self, role: Role) -> Vec<Host> {
        match role {
            Role::Endpoint(e) if self.endpoints[e].addresses.len() > 1 => self.endpoints[e]
                .addresses
                .iter()
                .map(|&address| Host {
                    role,
                    address: Some(address),
                })
                .collect(),
            _ => vec![Host::whole(role)],
        }
    }

    /// The host `written` denotes as a member of a list, where `role` is what
    /// the pack knows it as: one address of a group is a host of its own.
    pub fn host_written(&self, role: Role, written: &str) -> Host {
        match role {
            Role::Endpoint(e) if self.endpoints[e].addresses.len() > 1 => Host {
                role,
                address: crate::address::parse_ipv4(written),
            },
            _ => Host::whole(role),
        }
    }

    /// The service whose Sentinels listen on `port`, if any.
    pub fn sentinel_service(&self) -> Option<ServiceId> {
        self.services.iter().position(|s| s.sentinel_port.is_some())
    }

    /// Whether `port` is the Sentinel port of `service` that no endpoint of
    /// `cluster` serves: an address on it is one Sentinel, which the load
    /// balancer (speaking the data protocol) cannot stand in for.
    pub fn sentinel_port_unserved(
        &self,
        service: ServiceId,
        cluster: Option<&str>,
        port: Option<u16>,
    ) -> bool {
        port.is_some()
            && port == self.services[service].sentinel_port
            && self
                .endpoint_for(service, cluster, port)
                .is_none_or(|(_, served)| Some(served) != port)
    }

    /// The endpoint that serves `service` (its `cluster`, when known), and
    /// the port to suggest: the one used if the endpoint serves it, else the
    /// endpoint's first port for the service. A connection that does not
    /// ask a Sentinel is pointed at a data port wherever an endpoint serves
    /// one; where none does, the Sentinel port is suggested (see
    /// [`Pack::is_sentinel_advice`]).
    pub fn endpoint_for(
        &self,
        service: ServiceId,
        cluster: Option<&str>,
        used_port: Option<u16>,
    ) -> Option<(&Endpoint, u16)> {
        let is_data = self.is_port_for(service, used_port);
        let serving = || {
            self.endpoints.iter().filter(|e| {
                !e.ports_of(service).is_empty() && cluster.is_none_or(|c| e.serves_cluster(c))
            })
        };
        let endpoint = serving()
            .find(|e| e.ports_of(service).iter().any(&is_data))
            .or_else(|| serving().next())?;
        let port = self.port_to_suggest(service, endpoint, used_port)?;
        Some((endpoint, port))
    }

    /// The port of `endpoint` to suggest for a connection to `service` on
    /// `used_port`: that port if the endpoint serves it, else one of the
    /// same kind (a data port for a data connection, the Sentinel port for
    /// one that asks a Sentinel), else the endpoint's first.
    pub fn port_to_suggest(
        &self,
        service: ServiceId,
        endpoint: &Endpoint,
        used_port: Option<u16>,
    ) -> Option<u16> {
        let ports = endpoint.ports_of(service);
        used_port
            .filter(|p| ports.contains(p))
            .or_else(|| {
                ports
                    .iter()
                    .copied()
                    .find(self.is_port_for(service, used_port))
            })
            .or_else(|| ports.first().copied())
    }

    /// Whether a port suits a connection to `service` on `used_port`: any
    /// port for one that asks a Sentinel, a data port for any other.
    fn is_port_for(&self, service: ServiceId, used_port: Option<u16>) -> impl Fn(&u16) -> bool {
        let sentinel = self.services[service].sentinel_port;
        let wants_data = used_port.is_none_or(|port| Some(port) != sentinel);
        move |port: &u16| !wants_data || Some(*port) != sentinel
    }

    /// Whether the endpoint port suggested for a connection on `used_port`
    /// is a Sentinel's while the connection speaks the data protocol: the
    /// service is reached through Sentinel only, so the advice is a
    /// Sentinel-aware client, and no address rewrite can stand for it.
    pub fn is_sentinel_advice(
        &self,
        service: ServiceId,
        suggested: u16,
        used_port: Option<u16>,
    ) -> bool {
        let sentinel = self.services[service].sentinel_port;
        sentinel == Some(suggested) && used_port != sentinel
    }
}

#[cfg(test)]
mod tests;
