//! Reading pack files (the built-in pack, repository configs, inventories)
//! into a validated [`Pack`]. Each part is built once, where its file is
//! known, so that an error names the file and line it comes from.

use std::collections::HashMap;
use std::net::Ipv4Addr;
use std::ops::Range;
use std::path::Path;

use aho_corasick::{AhoCorasickBuilder, MatchKind};
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use ipnet::Ipv4Net;
use toml::Spanned;

use super::SharedHost;
use super::raw::{RawMember, RawNode, RawPack, RawService};
use super::secrets;
use super::{
    AllowEntry, Candidates, ClientCommand, Endpoint, Infrastructure, KeyPatterns, Node, Pack,
    PackError, Role, Service, ServiceId, allow, inventory,
};
use crate::finding::{LineIndex, line_of};

/// The packs compiled into the binary: name, file as errors name it, text.
const BUILTIN_PACKS: &[(&str, &str, &str)] = &[
    (
        "base",
        "<built-in>/rules/base.toml",
        include_str!("../../rules/base.toml"),
    ),
    (
        "keybuzz",
        "<built-in>/rules/keybuzz.toml",
        include_str!("../../rules/keybuzz.toml"),
    ),
];

const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;
const DEFAULT_PARSE_BUDGET_MS: u64 = 2_000;

/// What a part that failed to build says: its span in its file, and why.
type PartError = (Range<usize>, String);

/// Reads pack files and remembers their text so that errors can name a line.
#[derive(Default)]
pub(super) struct Loader {
    files: Vec<(String, String)>,
    /// The inventory's text to use instead of the file on disk (the
    /// inventory as it was at the base of a change).
    inventory_text: Option<String>,
}

impl Loader {
    /// A loader that reads the pack's inventory from `text`, not from disk.
    pub(super) fn with_inventory(text: String) -> Loader {
        Loader {
            files: Vec::new(),
            inventory_text: Some(text),
        }
    }
}

impl Loader {
    fn error(&self, origin: usize, span: Range<usize>, message: impl Into<String>) -> PackError {
        let (file, text) = &self.files[origin];
        PackError {
            file: file.clone(),
            line: line_of(text, span.start),
            message: message.into(),
        }
    }

    /// The built-in pack `name`, with what it extends.
    pub(super) fn load_builtin(mut self, name: &str) -> Result<Pack, PackError> {
        let Some((_, file, text)) = BUILTIN_PACKS.iter().find(|(n, ..)| *n == name) else {
            return Err(PackError {
                file: format!("<built-in>/rules/{name}.toml"),
                line: 0,
                message: format!("no built-in pack is named {name:?}"),
            });
        };
        let raw = self.parse(file, text)?;
        let raw = self.extended(raw)?;
        self.compile(raw)
    }

    pub(super) fn load(mut self, file: &str, text: &str) -> Result<Pack, PackError> {
        let mine = self.parse(file, text)?;
        let inventory = match &mine.inventory {
            Some(path) => Some(self.inventory(file, path)?),
            None => None,
        };
        let mut raw = self.extended(mine)?;
        if let Some(nodes) = inventory {
            // The inventory is the truth: it replaces the base pack's nodes.
            raw.node.retain(|node| node.origin == 0);
            raw.node.splice(0..0, nodes);
        }
        self.compile(raw)
    }

    /// `raw` laid over the built-in pack it extends (and what that extends).
    fn extended(&mut self, raw: RawPack) -> Result<RawPack, PackError> {
        let Some(extends) = raw.extends.clone() else {
            return Ok(raw);
        };
        let origin = raw.origin;
        let Some((name, file, text)) = BUILTIN_PACKS
            .iter()
            .find(|(name, ..)| *name == extends.get_ref())
        else {
            let known: Vec<&str> = BUILTIN_PACKS.iter().map(|(name, ..)| *name).collect();
            return Err(self.error(
                origin,
                extends.span(),
                format!(
                    "extends = {:?}: unknown pack (the built-in packs are {})",
                    extends.get_ref(),
                    known.join(", ")
                ),
            ));
        };
        if self.files.iter().any(|(loaded, _)| loaded == file) {
            return Err(self.error(
                origin,
                extends.span(),
                format!("extends = {name:?}: the pack extends itself"),
            ));
        }
        let base = self.parse(file, text)?;
        let base = self.extended(base)?;
        Ok(raw.over(base))
    }

    /// `[[node]] "db-master-01" (<built-in>/rules/keybuzz.toml:13)`: the
    /// entry `role` of `raw`, and where it is written.
    fn describe(&self, raw: &RawPack, role: Role) -> String {
        let (what, origin, span) = match role {
            Role::Endpoint(i) => member_place(&raw.endpoint[i]),
            Role::Node(i) => member_place(&raw.node[i]),
            Role::Infrastructure(i) => member_place(&raw.infrastructure[i]),
        };
        let place = self.error(origin, span, "");
        format!("{what} ({}:{})", place.file, place.line)
    }

    /// Whether pack file `origin` is built in (its entries are not the user's).
    fn is_builtin(&self, origin: usize) -> bool {
        BUILTIN_PACKS
            .iter()
            .any(|(_, file, _)| *file == self.files[origin].0)
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
        let text = match self.inventory_text.take() {
            Some(text) => text,
            None => std::fs::read_to_string(&full).map_err(|error| {
                self.error(
                    0,
                    path.span(),
                    format!("inventory {:?}: {error}", path.get_ref()),
                )
            })?,
        };
        let origin = self.files.len();
        self.files.push((full.display().to_string(), text));
        let text = &self.files[origin].1;
        let nodes = inventory::nodes(text).map_err(|(line, message)| PackError {
            file: full.display().to_string(),
            line,
            message,
        })?;
        let lines = LineIndex::new(text);
        Ok(nodes
            .into_iter()
            .map(|node| {
                let at = lines.starts.get(node.line - 1).copied().unwrap_or(0);
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
                    service: Some(spanned(node.service.unwrap_or_default().to_string())),
                    port: None,
                    cluster: None,
                    candidate: None,
                }
            })
            .collect())
    }

    /// One pack file, with the parts that stand on their own (key patterns,
    /// networks, globs) built here, where their file is known.
    fn parse(&mut self, file: &str, text: &str) -> Result<RawPack, PackError> {
        let origin = self.files.len();
        self.files.push((file.to_string(), text.to_string()));
        let located = |(span, message): PartError| self.error(origin, span, message);
        let mut raw: RawPack = toml::from_str(text).map_err(|error| {
            let span = error.span().unwrap_or(0..0);
            self.error(origin, span, error.message().trim().replace('`', "\""))
        })?;
        raw.set_origin(origin);
        let patterns =
            |list: &Option<Vec<Spanned<String>>>| list.as_deref().map(KeyPatterns::new).transpose();
        raw.built.host_keys = patterns(&raw.host_keys).map_err(located)?;
        raw.built.member_keys = patterns(&raw.member_keys).map_err(located)?;
        raw.built.syntax = raw.syntax.build().map_err(located)?;
        raw.built.secret_keys = patterns(&raw.secret_keys).map_err(located)?;
        raw.built.secret_flags = raw
            .secret_flags
            .as_deref()
            .map(secrets::parse_flags)
            .transpose()
            .map_err(located)?;
        raw.built.secret_tokens = raw
            .secret_tokens
            .as_deref()
            .map(secrets::parse_tokens)
            .transpose()
            .map_err(located)?;
        raw.built.candidate_names =
            patterns(&raw.candidates.as_ref().and_then(|c| c.names.clone())).map_err(located)?;
        raw.built.sentinel_names = patterns(
            &raw.candidates
                .as_ref()
                .and_then(|c| c.sentinel_names.clone()),
        )
        .map_err(located)?;
        raw.built.rule_levels = super::levels::parse(&raw.rules).map_err(located)?;
        raw.built.private_networks = raw
            .private_networks
            .as_deref()
            .map(parse_networks)
            .transpose()
            .map_err(located)?;
        raw.built.include = match raw.include.as_deref() {
            Some(globs) => Some(
                (!globs.is_empty())
                    .then(|| build_globs(globs))
                    .transpose()
                    .map_err(located)?,
            ),
            None => None,
        };
        raw.built.exclude = raw
            .exclude
            .as_deref()
            .map(build_globs)
            .transpose()
            .map_err(located)?;
        Ok(raw)
    }

    fn compile(&self, raw: RawPack) -> Result<Pack, PackError> {
        let mut services = Vec::with_capacity(raw.service.len());
        for (name, service) in &raw.service {
            services.push(self.compile_service(name, service)?);
        }
        let mut topology = self.topology(&raw, &services)?;
        let default_service = match raw
            .candidates
            .as_ref()
            .and_then(|c| c.default_service.as_ref().map(|name| (name, c.origin)))
        {
            Some((name, origin)) => {
                Some(self.service_named(&services, name, origin, "[candidates] default_service")?)
            }
            None => None,
        };
        let only_service = {
            let mut services = topology.nodes.iter().map(|n| n.service);
            let first = services.next();
            first.filter(|&one| services.all(|other| other == one))
        };
        let allow = self.allow_entries(&raw)?;
        let hostname_search = self.hostname_search(&topology.claims.by_hostname)?;
        let built = raw.built;
        let private_networks = built
            .private_networks
            .unwrap_or_else(|| networks_of(&topology.endpoints, &topology.nodes));
        Ok(Pack {
            id: super::next_pack_id(),
            name: raw.name.clone().unwrap_or_else(|| "custom".into()),
            sources: self.files.iter().map(|(file, _)| file.clone()).collect(),
            path: None,
            root_prefix: String::new(),
            services,
            endpoints: topology.endpoints,
            nodes: topology.nodes,
            infrastructure: topology.infrastructure,
            host_keys: built.host_keys.unwrap_or_else(KeyPatterns::none),
            member_keys: built.member_keys.unwrap_or_else(KeyPatterns::none),
            syntax: built.syntax.finish(),
            secret_keys: built.secret_keys.unwrap_or_else(KeyPatterns::none),
            secret_flags: built.secret_flags.unwrap_or_default(),
            secret_tokens: built.secret_tokens.flatten(),
            human_text_commands: raw.human_text_commands.clone().unwrap_or_default(),
            reachability_commands: raw.reachability_commands.clone().unwrap_or_default(),
            search_commands: raw.search_commands.clone().unwrap_or_default(),
            remote_commands: raw.remote_commands.clone().unwrap_or_default(),
            management_commands: raw.management_commands.clone().unwrap_or_default(),
            network_commands: raw.network_commands.clone().unwrap_or_default(),
            network_forward_flags: raw.network_forward_flags.clone().unwrap_or_default(),
            balancer_images: raw.balancer_images.clone().unwrap_or_default(),
            tool_images: raw.tool_images.clone().unwrap_or_default(),
            private_networks,
            candidates: Candidates {
                names: built.candidate_names.unwrap_or_else(KeyPatterns::none),
                sentinel_names: built.sentinel_names.unwrap_or_else(KeyPatterns::none),
                sentinel_schemes: raw
                    .candidates
                    .as_ref()
                    .and_then(|c| c.sentinel_schemes.clone())
                    .unwrap_or_default(),
                sentinel_clients: raw
                    .candidates
                    .as_ref()
                    .and_then(|c| c.sentinel_clients.clone())
                    .unwrap_or_default(),
                sentinel_adders: raw
                    .candidates
                    .as_ref()
                    .and_then(|c| c.sentinel_adders.clone())
                    .unwrap_or_default(),
                default_service,
                only_service,
            },
            include: built.include.flatten(),
            exclude: built.exclude.unwrap_or_else(GlobSet::empty),
            max_file_size: raw.max_file_size.unwrap_or(DEFAULT_MAX_FILE_SIZE),
            parse_budget: std::time::Duration::from_millis(
                raw.parse_budget_ms.unwrap_or(DEFAULT_PARSE_BUDGET_MS),
            ),
            scan_comments: raw.scan_comments.unwrap_or(false),
            allow,
            rule_levels: built.rule_levels,
            shared_hosts: topology.claims.shared_hosts(),
            by_address: {
                let mut by_address: Vec<(u32, Role)> = topology
                    .claims
                    .by_address
                    .into_iter()
                    .map(|(address, role)| (u32::from(address), role))
                    .collect();
                by_address.sort_unstable_by_key(|&(address, _)| address);
                by_address
            },
            hostname_search,
            by_hostname: topology.claims.by_hostname,
        })
    }

    /// The service `name` (of an entry read from file `origin`, described
    /// as `what` in errors) denotes.
    fn service_named(
        &self,
        services: &[Service],
        name: &Spanned<String>,
        origin: usize,
        what: &str,
    ) -> Result<ServiceId, PackError> {
        services
            .iter()
            .position(|s| &s.name == name.get_ref())
            .ok_or_else(|| {
                let known: Vec<&str> = services.iter().map(|s| s.name.as_str()).collect();
                self.error(
                    origin,
                    name.span(),
                    if known.is_empty() {
                        format!(
                            "{what}: unknown service {:?}: the pack declares no service; `extends = \"base\"` brings the shared vocabulary (postgres, redis)",
                            name.get_ref()
                        )
                    } else {
                        format!(
                            "{what}: unknown service {:?} (declared: {})",
                            name.get_ref(),
                            known.join(", ")
                        )
                    },
                )
            })
    }

    /// The endpoints, nodes and infrastructure hosts, each address and
    /// hostname claimed once.
    fn topology(&self, raw: &RawPack, services: &[Service]) -> Result<Topology, PackError> {
        // Inherited entries are claimed first, so that a collision is
        // reported at the user's entry, in the user's file.
        let mut members: Vec<(usize, Role)> = (0..raw.endpoint.len())
            .map(|i| (raw.endpoint[i].origin, Role::Endpoint(i)))
            .chain((0..raw.node.len()).map(|i| (raw.node[i].origin, Role::Node(i))))
            .chain(
                (0..raw.infrastructure.len())
                    .map(|i| (raw.infrastructure[i].origin, Role::Infrastructure(i))),
            )
            .collect();
        members.sort_by_key(|(origin, _)| (!self.is_builtin(*origin), std::cmp::Reverse(*origin)));
        let mut claims = Claims::default();
        let mut addresses = HashMap::new();
        for (_, role) in members {
            let address = match role {
                Role::Endpoint(i) => self.claim(&mut claims, raw, &raw.endpoint[i], role)?,
                Role::Node(i) => self.claim(&mut claims, raw, &raw.node[i], role)?,
                Role::Infrastructure(i) => {
                    self.claim(&mut claims, raw, &raw.infrastructure[i], role)?
                }
            };
            addresses.insert(role, address);
        }
        let addresses_of = |role| addresses.get(&role).cloned().unwrap_or_default();
        let address_of = |role| addresses_of(role).first().copied();
        let mut nodes = Vec::with_capacity(raw.node.len());
        for (index, entry) in raw.node.iter().enumerate() {
            let Some(service) = &entry.service else {
                return Err(self.error(
                    entry.origin,
                    entry.name.span(),
                    format!(
                        "{}: missing key \"service\" (every node belongs to a service)",
                        entry.what()
                    ),
                ));
            };
            let service = self.service_named(services, service, entry.origin, &entry.what())?;
            let address = address_of(Role::Node(index));
            nodes.push(Node {
                name: entry.name.get_ref().clone(),
                address,
                hostnames: unspanned(&entry.hostnames),
                service,
                port: entry.port(),
                cluster: entry
                    .cluster
                    .as_ref()
                    .map_or_else(|| services[service].name.clone(), |c| c.get_ref().clone()),
                candidate: entry.candidate.unwrap_or(true),
            });
        }
        let mut endpoints = Vec::with_capacity(raw.endpoint.len());
        for (index, entry) in raw.endpoint.iter().enumerate() {
            let address = address_of(Role::Endpoint(index));
            let mut ports = Vec::new();
            for (service, list) in &entry.ports {
                let name = Spanned::new(list.span(), service.clone());
                let id = self.service_named(services, &name, entry.origin, &entry.what())?;
                ports.push((id, list.get_ref().to_vec()));
            }
            let cluster = match &entry.cluster {
                Some(cluster) => Some(self.cluster_named(raw, entry, cluster)?),
                None => None,
            };
            endpoints.push(Endpoint {
                name: entry.name.get_ref().clone(),
                description: entry
                    .description
                    .clone()
                    .unwrap_or_else(|| format!("endpoint {}", entry.name.get_ref())),
                address,
                addresses: addresses_of(Role::Endpoint(index)),
                hostnames: unspanned(&entry.hostnames),
                ports,
                cluster,
            });
        }
        let mut infrastructure = Vec::with_capacity(raw.infrastructure.len());
        for (index, entry) in raw.infrastructure.iter().enumerate() {
            let address = address_of(Role::Infrastructure(index));
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
        Ok(Topology {
            endpoints,
            nodes,
            infrastructure,
            claims,
        })
    }

    /// The `cluster` an endpoint (serving `ports`) names: a cluster of one
    /// of the services it serves.
    fn cluster_named(
        &self,
        raw: &RawPack,
        entry: &super::raw::RawEndpoint,
        cluster: &Spanned<String>,
    ) -> Result<String, PackError> {
        let name = cluster.get_ref();
        let known = raw.node.iter().any(|node| {
            let service = node.service.as_ref().map(|s| s.get_ref().as_str());
            let own = node
                .cluster
                .as_ref()
                .map_or(service, |c| Some(c.get_ref().as_str()));
            own == Some(name.as_str())
        });
        if known {
            return Ok(name.clone());
        }
        Err(self.error(
            entry.origin,
            cluster.span(),
            format!(
                "{}: cluster {name:?} has no node (a node's cluster is its `cluster`, else its service's name)",
                entry.what()
            ),
        ))
    }

    fn allow_entries(&self, raw: &RawPack) -> Result<Vec<AllowEntry>, PackError> {
        raw.allow
            .iter()
            .map(|entry| {
                let origin = entry.get_ref().origin;
                let location = (!self.is_builtin(origin)).then(|| {
                    let line = self.error(origin, entry.span(), "").line;
                    (self.files[origin].0.clone(), line)
                });
                allow::compile(entry, location, build_globs)
                    .map_err(|(span, message)| self.error(origin, span, message))
            })
            .collect()
    }

    /// Registers an entry's addresses and hostnames (at least one of them)
    /// under `role`; an address or hostname declared twice is an error,
    /// except on a host that nodes share with a port each.
    fn claim(
        &self,
        claims: &mut Claims,
        raw: &RawPack,
        entry: &impl RawMember,
        role: Role,
    ) -> Result<Vec<Ipv4Addr>, PackError> {
        let what = entry.what();
        let origin = entry.origin();
        if entry.address().is_none()
            && entry.group_addresses().is_empty()
            && entry.hostnames().is_empty()
        {
            return Err(self.error(
                origin,
                entry.name().span(),
                format!("{what}: needs an address or hostnames"),
            ));
        }
        let mut addresses = Vec::new();
        for text in entry.address().into_iter().chain(entry.group_addresses()) {
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
            if addresses.contains(&parsed) {
                return Err(self.error(
                    origin,
                    text.span(),
                    format!("{what}: address {parsed} is listed twice"),
                ));
            }
            let previous = claims.by_address.get(&parsed).copied();
            self.claim_host(claims, raw, entry, role, parsed.to_string(), previous)
                .map_err(|message| {
                    self.error(
                        origin,
                        text.span(),
                        format!("{what}: address {parsed} {message}"),
                    )
                })?;
            claims.by_address.entry(parsed).or_insert(role);
            addresses.push(parsed);
        }
        for hostname in entry.hostnames() {
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
            let previous = claims.by_hostname.get(&name).copied();
            self.claim_host(claims, raw, entry, role, name.clone(), previous)
                .map_err(|message| {
                    self.error(
                        origin,
                        hostname.span(),
                        format!("{what}: hostname {:?} {message}", hostname.get_ref()),
                    )
                })?;
            claims.by_hostname.entry(name).or_insert(role);
        }
        Ok(addresses)
    }

    /// Claims `host` for `role`, which `previous` holds already if anything
    /// does: fine for the same entry, for nodes told apart by port, and for
    /// such nodes beside an endpoint on ports it does not serve (an entry's
    /// endpoints claim before its nodes).
    fn claim_host(
        &self,
        claims: &mut Claims,
        raw: &RawPack,
        entry: &impl RawMember,
        role: Role,
        host: String,
        previous: Option<Role>,
    ) -> Result<(), String> {
        let port = entry.port();
        let (Role::Node(node), Some(port)) = (role, port) else {
            let Some(other) = previous.filter(|&other| other != role) else {
                if let Role::Endpoint(endpoint) = role {
                    claims.endpoint_of_host.insert(host, endpoint);
                }
                return Ok(());
            };
            let hint = match (role, other) {
                _ if claims.shared.contains_key(&host) => " (nodes on one host need a port each)",
                (Role::Node(_), Role::Endpoint(_)) => {
                    " (a node on an endpoint's host needs a port the endpoint does not serve)"
                }
                _ => "",
            };
            return Err(format!(
                "is also declared by {}{hint}",
                self.describe(raw, other)
            ));
        };
        let beside = claims.endpoint_of_host.get(&host).copied();
        let sharing = claims.shared.entry(host).or_default();
        if let Some(endpoint) = beside {
            let mut served = raw.endpoint[endpoint].ports.values();
            if served.any(|ports| ports.get_ref().to_vec().contains(&port)) {
                return Err(format!(
                    "with port {port} is also declared by {}, which serves that port",
                    self.describe(raw, Role::Endpoint(endpoint))
                ));
            }
            sharing.endpoint = Some(endpoint);
        }
        if let Some(other) = previous.filter(|&other| other != role) {
            let told_apart = match other {
                Role::Node(o) => sharing.nodes.iter().any(|&(_, n)| n == o),
                Role::Endpoint(e) => sharing.endpoint == Some(e),
                Role::Infrastructure(_) => false,
            };
            if !told_apart {
                return Err(format!(
                    "is also declared by {} (nodes on one host need a port each)",
                    self.describe(raw, other)
                ));
            }
            if let Some(&(_, same)) = sharing.nodes.iter().find(|&&(p, _)| p == port) {
                return Err(format!(
                    "with port {port} is also declared by {}",
                    self.describe(raw, Role::Node(same))
                ));
            }
        }
        if !sharing.nodes.iter().any(|&(_, n)| n == node) {
            sharing.nodes.push((port, node));
        }
        Ok(())
    }

    /// One automaton for every hostname of the pack, built here so that a
    /// pack whose names cannot be searched is an error, not a silent gap.
    fn hostname_search(
        &self,
        by_hostname: &HashMap<String, Role>,
    ) -> Result<Option<(aho_corasick::AhoCorasick, Vec<Role>)>, PackError> {
        if by_hostname.is_empty() {
            return Ok(None);
        }
        let (names, roles): (Vec<&str>, Vec<Role>) = by_hostname
            .iter()
            .map(|(name, role)| (name.as_str(), *role))
            .unzip();
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&names)
            .map_err(|error| {
                let last = self.files.len() - 1;
                self.error(
                    last,
                    0..0,
                    format!(
                        "the pack's {} hostnames cannot be searched: {error}",
                        names.len()
                    ),
                )
            })?;
        Ok(Some((automaton, roles)))
    }

    fn compile_service(
        &self,
        name: &str,
        service: &Spanned<RawService>,
    ) -> Result<Service, PackError> {
        let raw = service.get_ref();
        let keys = KeyPatterns::new(raw.keys.as_deref().unwrap_or_default())
            .map_err(|(span, message)| self.error(raw.origin, span, message))?;
        let dialect_keys = KeyPatterns::new(raw.dialect_keys.as_deref().unwrap_or_default())
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
            dialect_keys,
            sentinel_port: raw.sentinel_port.map(|port| port.0),
            images: raw.images.clone().unwrap_or_default(),
            definition_commands: raw
                .definition_commands
                .iter()
                .flatten()
                .map(|words| {
                    words
                        .split_whitespace()
                        .map(str::to_ascii_lowercase)
                        .collect()
                })
                .filter(|words: &Vec<String>| !words.is_empty())
                .collect(),
            commands: raw
                .commands
                .iter()
                .flatten()
                .map(|c| ClientCommand {
                    name: c.name.clone(),
                    host_flags: c.host_flags.clone(),
                    port_flags: c.port_flags.clone(),
                })
                .collect(),
        })
    }
}

/// The topology entries of a pack, and what their addresses and names denote.
struct Topology {
    endpoints: Vec<Endpoint>,
    nodes: Vec<Node>,
    infrastructure: Vec<Infrastructure>,
    claims: Claims,
}

/// The addresses and hostnames claimed so far, with their roles.
#[derive(Default)]
struct Claims {
    by_address: HashMap<Ipv4Addr, Role>,
    by_hostname: HashMap<String, Role>,
    /// Per host (an address or a lowercase hostname) of nodes with a port:
    /// each port and its node, and the endpoint beside them.
    shared: HashMap<String, SharedHost>,
    /// Per host, the endpoint that claimed it (a node with a port may join).
    endpoint_of_host: HashMap<String, usize>,
}

impl Claims {
    /// The hosts that several nodes, or nodes and an endpoint, share, told
    /// apart by port.
    fn shared_hosts(&mut self) -> HashMap<String, SharedHost> {
        std::mem::take(&mut self.shared)
            .into_iter()
            .filter(|(_, shared)| shared.nodes.len() > 1 || shared.endpoint.is_some())
            .collect()
    }
}

/// The default private networks: every /24 that holds an endpoint or a node.
fn networks_of(endpoints: &[Endpoint], nodes: &[Node]) -> Vec<Ipv4Net> {
    let mut networks: Vec<Ipv4Net> = endpoints
        .iter()
        .flat_map(|e| e.address)
        .chain(nodes.iter().flat_map(|n| n.address))
        .filter_map(|address| Ipv4Net::new(address, 24).ok().map(|net| net.trunc()))
        .collect();
    networks.sort();
    networks.dedup();
    networks
}

fn member_place(entry: &impl RawMember) -> (String, usize, Range<usize>) {
    (entry.what(), entry.origin(), entry.name().span())
}

/// The values of a spanned list.
fn unspanned(list: &[Spanned<String>]) -> Vec<String> {
    list.iter().map(|item| item.get_ref().clone()).collect()
}

fn parse_networks(list: &[Spanned<String>]) -> Result<Vec<Ipv4Net>, PartError> {
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
fn build_globs(list: &[Spanned<String>]) -> Result<GlobSet, PartError> {
    let key: Vec<&str> = list.iter().map(|glob| glob.get_ref().as_str()).collect();
    super::compiled::glob_set(key.join("\0"), || compile_globs(list))
}

fn compile_globs(list: &[Spanned<String>]) -> Result<GlobSet, PartError> {
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
