//! The TOML schema of a rule pack, as written by people. Every table rejects
//! unknown keys so that a typo is an error, not a silently ignored setting.

use std::collections::BTreeMap;

use globset::GlobSet;
use ipnet::Ipv4Net;
use serde::Deserialize;
use toml::Spanned;

use regex::Regex;

use super::KeyPatterns;
use super::keys::{BuiltVocabulary, RawVocabulary};
use super::levels::RuleLevel;
use super::secrets::SecretFlag;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPack {
    /// Index of the pack file this was read from (for error locations).
    #[serde(skip)]
    pub origin: usize,
    pub extends: Option<Spanned<String>>,
    pub name: Option<String>,
    pub description: Option<String>,
    #[serde(default)]
    pub endpoint: Vec<RawEndpoint>,
    #[serde(default)]
    pub node: Vec<RawNode>,
    #[serde(default)]
    pub infrastructure: Vec<RawInfrastructure>,
    pub host_keys: Option<Vec<Spanned<String>>>,
    pub member_keys: Option<Vec<Spanned<String>>>,
    pub secret_keys: Option<Vec<Spanned<String>>>,
    /// Flags whose value is a secret (`redis-cli -a`, `--password`).
    pub secret_flags: Option<Vec<Spanned<String>>>,
    /// Regular expressions for the shapes of well-known tokens.
    pub secret_tokens: Option<Vec<Spanned<String>>>,
    /// How values are read besides hosts and secrets (`[syntax]`).
    #[serde(default)]
    pub syntax: RawVocabulary,
    pub human_text_commands: Option<Vec<String>>,
    /// Commands that check a machine is reachable (`ping`).
    pub reachability_commands: Option<Vec<String>>,
    /// Commands whose arguments are patterns searched for (`grep`).
    pub search_commands: Option<Vec<String>>,
    /// Commands that copy files to machines or run commands on them over
    /// ssh (`scp`, `rsync`, `ansible`).
    pub remote_commands: Option<Vec<String>>,
    /// Container and orchestration commands and their subcommands whose
    /// name argument is a container or pod (`docker = ["exec", …]`).
    pub management_commands: Option<BTreeMap<String, Vec<String>>>,
    /// Commands that configure the network (`iptables`, `ufw`, `ip route`).
    pub network_commands: Option<Vec<String>>,
    /// Their flags whose value is a forward's target (`--to-destination`).
    pub network_forward_flags: Option<Vec<String>>,
    /// Image words of proxies clients connect through (`init --discover`).
    pub balancer_images: Option<Vec<String>>,
    /// Image words of tools that run no server (`exporter`, `redisinsight`).
    pub tool_images: Option<Vec<String>>,
    #[serde(default)]
    pub service: BTreeMap<String, Spanned<RawService>>,
    pub private_networks: Option<Vec<Spanned<String>>>,
    pub candidates: Option<RawCandidates>,
    pub include: Option<Vec<Spanned<String>>>,
    pub exclude: Option<Vec<Spanned<String>>>,
    pub max_file_size: Option<u64>,
    pub parse_budget_ms: Option<u64>,
    pub scan_comments: Option<bool>,
    #[serde(default)]
    pub allow: Vec<Spanned<RawAllow>>,
    /// `[rules]`: a rule's severity, or `"off"`.
    #[serde(default)]
    pub rules: BTreeMap<String, Spanned<String>>,
    pub inventory: Option<Spanned<String>>,
    /// The parts built when the file was read (see [`Built`]).
    #[serde(skip)]
    pub built: Built,
}

/// The top-level parts of a pack file that stand on their own, built once
/// when the file is read (so that an error names that file); `None` where
/// the file does not set them.
#[derive(Debug, Default)]
pub struct Built {
    pub host_keys: Option<KeyPatterns>,
    pub member_keys: Option<KeyPatterns>,
    pub syntax: BuiltVocabulary,
    pub secret_keys: Option<KeyPatterns>,
    pub secret_flags: Option<Vec<SecretFlag>>,
    /// `Some(None)`: an empty list, no token shapes.
    pub secret_tokens: Option<Option<Regex>>,
    pub candidate_names: Option<KeyPatterns>,
    pub sentinel_names: Option<KeyPatterns>,
    pub private_networks: Option<Vec<Ipv4Net>>,
    /// `[rules]`, checked: each rule's level, the inherited ones first.
    pub rule_levels: Vec<(&'static str, RuleLevel)>,
    /// `Some(None)`: an empty list, which includes everything.
    pub include: Option<Option<GlobSet>>,
    pub exclude: Option<GlobSet>,
}

impl Built {
    /// What `self` sets, else what `base` sets (as [`RawPack::over`] merges).
    fn over(self, base: Built) -> Built {
        Built {
            host_keys: self.host_keys.or(base.host_keys),
            member_keys: self.member_keys.or(base.member_keys),
            syntax: self.syntax.over(base.syntax),
            secret_keys: self.secret_keys.or(base.secret_keys),
            secret_flags: self.secret_flags.or(base.secret_flags),
            secret_tokens: self.secret_tokens.or(base.secret_tokens),
            candidate_names: self.candidate_names.or(base.candidate_names),
            sentinel_names: self.sentinel_names.or(base.sentinel_names),
            private_networks: self.private_networks.or(base.private_networks),
            rule_levels: {
                let mut levels = base.rule_levels;
                for (rule, level) in self.rule_levels {
                    levels.retain(|(other, _)| *other != rule);
                    levels.push((rule, level));
                }
                levels
            },
            include: self.include.or(base.include),
            exclude: self.exclude.or(base.exclude),
        }
    }
}

/// What every topology entry (`[[endpoint]]`, `[[node]]`, `[[infrastructure]]`)
/// has: a name, an address or hostnames, and the file it was read from.
pub trait RawMember {
    /// The table it is written in, e.g. `[[node]]`.
    const TABLE: &'static str;
    fn origin(&self) -> usize;
    fn name(&self) -> &Spanned<String>;
    fn address(&self) -> Option<&Spanned<String>>;
    fn hostnames(&self) -> &[Spanned<String>];
    /// The addresses of a group besides `address` (endpoints only).
    fn group_addresses(&self) -> &[Spanned<String>] {
        &[]
    }
    /// The port that tells it apart from others on its host (nodes only).
    fn port(&self) -> Option<u16> {
        None
    }

    /// How errors name the entry: `[[node]] "db-1"`.
    fn what(&self) -> String {
        format!("{} {:?}", Self::TABLE, self.name().get_ref())
    }
}

macro_rules! raw_member {
    ($type:ty, $table:literal $(, $extra:item)*) => {
        impl RawMember for $type {
            const TABLE: &'static str = $table;
            $($extra)*
            fn origin(&self) -> usize {
                self.origin
            }
            fn name(&self) -> &Spanned<String> {
                &self.name
            }
            fn address(&self) -> Option<&Spanned<String>> {
                self.address.as_ref()
            }
            fn hostnames(&self) -> &[Spanned<String>] {
                &self.hostnames
            }
        }
    };
}

raw_member!(
    RawEndpoint,
    "[[endpoint]]",
    fn group_addresses(&self) -> &[Spanned<String>] {
        &self.addresses
    }
);
raw_member!(
    RawNode,
    "[[node]]",
    fn port(&self) -> Option<u16> {
        self.port.as_ref().map(|port| port.get_ref().0)
    }
);
raw_member!(RawInfrastructure, "[[infrastructure]]");

/// An `[[allow]]` entry: what it covers (every selector given must match),
/// which rules it silences and why.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAllow {
    /// Index of the pack file this entry was read from.
    #[serde(skip)]
    pub origin: usize,
    pub paths: Option<Vec<Spanned<String>>>,
    pub yaml_kinds: Option<Vec<String>>,
    pub yaml_keys: Option<Vec<String>>,
    pub contains: Option<Vec<Spanned<String>>>,
    pub value_keys: Option<Vec<Spanned<String>>>,
    pub blocks: Option<Vec<Spanned<String>>>,
    pub rules: Option<Vec<Spanned<String>>>,
    pub reason: Option<String>,
    pub owner: Option<String>,
    pub expires: Option<Spanned<DateValue>>,
}

/// `expires = 2026-12-31` (a TOML date) or `expires = "2026-12-31"`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum DateValue {
    Date(toml::value::Datetime),
    Text(String),
}

impl DateValue {
    pub fn text(&self) -> String {
        match self {
            DateValue::Date(date) => date.to_string(),
            DateValue::Text(text) => text.clone(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEndpoint {
    /// Index of the pack file this entry was read from (for error locations).
    #[serde(skip)]
    pub origin: usize,
    pub name: Spanned<String>,
    pub description: Option<String>,
    pub address: Option<Spanned<String>>,
    /// A group of hosts that together are the endpoint (three Sentinels).
    #[serde(default)]
    pub addresses: Vec<Spanned<String>>,
    #[serde(default)]
    pub hostnames: Vec<Spanned<String>>,
    #[serde(default)]
    pub ports: BTreeMap<String, Spanned<Ports>>,
    /// The one cluster it serves (default: every cluster of its services).
    pub cluster: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNode {
    /// Index of the pack file this entry was read from (for error locations).
    #[serde(skip)]
    pub origin: usize,
    pub name: Spanned<String>,
    pub address: Option<Spanned<String>>,
    #[serde(default)]
    pub hostnames: Vec<Spanned<String>>,
    pub service: Option<Spanned<String>>,
    /// The port that tells it apart from nodes on the same host.
    pub port: Option<Spanned<Port>>,
    /// Its cluster (default: the service's name).
    pub cluster: Option<Spanned<String>>,
    /// `false` for a member that never becomes leader (`nofailover`).
    pub candidate: Option<bool>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawInfrastructure {
    /// Index of the pack file this entry was read from (for error locations).
    #[serde(skip)]
    pub origin: usize,
    pub name: Spanned<String>,
    pub description: Option<String>,
    pub address: Option<Spanned<String>>,
    #[serde(default)]
    pub hostnames: Vec<Spanned<String>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawService {
    /// Index of the pack file this entry was read from (for error locations).
    #[serde(skip)]
    pub origin: usize,
    pub ports: Option<Ports>,
    pub keys: Option<Vec<Spanned<String>>>,
    pub path_words: Option<Vec<String>>,
    pub schemes: Option<Vec<String>>,
    pub vault_plugins: Option<Vec<String>>,
    pub commands: Option<Vec<RawCommand>>,
    /// Keys that only this service's connection strings have (`dbname`).
    pub dialect_keys: Option<Vec<Spanned<String>>>,
    /// The port of the service's Sentinels (Redis: 26379).
    pub sentinel_port: Option<Port>,
    /// Image words of its servers (`init --discover`).
    pub images: Option<Vec<String>>,
    /// Command words that set its own topology (`replicaof`).
    pub definition_commands: Option<Vec<String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCommand {
    pub name: String,
    #[serde(default)]
    pub host_flags: Vec<String>,
    #[serde(default)]
    pub port_flags: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCandidates {
    /// Index of the pack file this entry was read from (for error locations).
    #[serde(skip)]
    pub origin: usize,
    pub names: Option<Vec<Spanned<String>>>,
    /// Names of Sentinel host lists (`*SENTINEL*`).
    pub sentinel_names: Option<Vec<Spanned<String>>>,
    /// URL schemes whose hosts are Sentinels (`redis+sentinel`).
    pub sentinel_schemes: Option<Vec<String>>,
    /// Calls whose list argument is Sentinel hosts (`Sentinel([…])`).
    pub sentinel_clients: Option<Vec<String>>,
    /// Builder methods that each add one Sentinel host (`.withSentinel(…)`).
    pub sentinel_adders: Option<Vec<String>>,
    pub default_service: Option<Spanned<String>>,
}

/// `ports = 5432` or `ports = [5432, 6432]`; anything else is an error that
/// says what a port is and what was found.
#[derive(Debug, Clone)]
pub struct Ports(Vec<u16>);

impl Ports {
    pub fn to_vec(&self) -> Vec<u16> {
        self.0.clone()
    }
}

/// One port (`port = 5433`, and each element of a list).
#[derive(Debug, Clone, Copy)]
pub struct Port(pub u16);

const PORT_EXPECTED: &str = "a port number from 1 to 65535";
const PORTS_EXPECTED: &str =
    "a port number from 1 to 65535, or a list of them such as [5432, 6432]";

fn port_in_range<E: serde::de::Error>(value: i64, expected: &str) -> Result<u16, E> {
    u16::try_from(value)
        .ok()
        .filter(|port| *port > 0)
        .ok_or_else(|| E::custom(format!("port {value} is out of range: expected {expected}")))
}

impl<'de> Deserialize<'de> for Port {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Port;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(PORT_EXPECTED)
            }
            fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<Port, E> {
                port_in_range(value, PORT_EXPECTED).map(Port)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

impl<'de> Deserialize<'de> for Ports {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Ports;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(PORTS_EXPECTED)
            }
            fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<Ports, E> {
                port_in_range(value, PORTS_EXPECTED).map(|port| Ports(vec![port]))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Ports, A::Error> {
                let mut ports = Vec::new();
                while let Some(Port(port)) = seq.next_element()? {
                    ports.push(port);
                }
                Ok(Ports(ports))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

impl RawPack {
    /// Lays `self` (a pack that says `extends`) over `base`: tables of
    /// endpoints, nodes and infrastructure hosts are appended (an entry with the
    /// name of a base entry replaces it), services are merged key by key, and
    /// every other key that `self` sets replaces the base value.
    pub fn over(self, mut base: RawPack) -> RawPack {
        fn merge_named<T>(base: &mut Vec<T>, extra: Vec<T>, name: impl Fn(&T) -> &str) {
            for item in extra {
                match base.iter().position(|b| name(b) == name(&item)) {
                    Some(index) => base[index] = item,
                    None => base.push(item),
                }
            }
        }
        merge_named(&mut base.endpoint, self.endpoint, |e| e.name.get_ref());
        merge_named(&mut base.node, self.node, |n| n.name.get_ref());
        merge_named(&mut base.infrastructure, self.infrastructure, |i| {
            i.name.get_ref()
        });
        base.allow.extend(self.allow);
        for (name, service) in self.service {
            let span = service.span();
            let service = service.into_inner();
            let merged = match base.service.remove(&name) {
                Some(old) => {
                    let old = old.into_inner();
                    RawService {
                        origin: service.origin,
                        ports: service.ports.or(old.ports),
                        keys: service.keys.or(old.keys),
                        path_words: service.path_words.or(old.path_words),
                        schemes: service.schemes.or(old.schemes),
                        vault_plugins: service.vault_plugins.or(old.vault_plugins),
                        images: service.images.or(old.images),
                        commands: service.commands.or(old.commands),
                        dialect_keys: service.dialect_keys.or(old.dialect_keys),
                        sentinel_port: service.sentinel_port.or(old.sentinel_port),
                        definition_commands: service
                            .definition_commands
                            .or(old.definition_commands),
                    }
                }
                None => service,
            };
            base.service.insert(name, Spanned::new(span, merged));
        }
        RawPack {
            origin: self.origin,
            extends: None,
            name: self.name.or(base.name),
            description: self.description.or(base.description),
            endpoint: base.endpoint,
            node: base.node,
            infrastructure: base.infrastructure,
            host_keys: self.host_keys.or(base.host_keys),
            member_keys: self.member_keys.or(base.member_keys),
            secret_keys: self.secret_keys.or(base.secret_keys),
            secret_flags: self.secret_flags.or(base.secret_flags),
            secret_tokens: self.secret_tokens.or(base.secret_tokens),
            syntax: self.syntax.over(base.syntax),
            human_text_commands: self.human_text_commands.or(base.human_text_commands),
            reachability_commands: self.reachability_commands.or(base.reachability_commands),
            search_commands: self.search_commands.or(base.search_commands),
            remote_commands: self.remote_commands.or(base.remote_commands),
            management_commands: self.management_commands.or(base.management_commands),
            network_commands: self.network_commands.or(base.network_commands),
            network_forward_flags: self.network_forward_flags.or(base.network_forward_flags),
            balancer_images: self.balancer_images.or(base.balancer_images),
            tool_images: self.tool_images.or(base.tool_images),
            service: base.service,
            private_networks: self.private_networks.or(base.private_networks),
            rules: self.rules,
            candidates: match (self.candidates, base.candidates) {
                (Some(mine), Some(theirs)) => Some(RawCandidates {
                    origin: if mine.default_service.is_some() {
                        mine.origin
                    } else {
                        theirs.origin
                    },
                    names: mine.names.or(theirs.names),
                    sentinel_names: mine.sentinel_names.or(theirs.sentinel_names),
                    sentinel_schemes: mine.sentinel_schemes.or(theirs.sentinel_schemes),
                    sentinel_clients: mine.sentinel_clients.or(theirs.sentinel_clients),
                    sentinel_adders: mine.sentinel_adders.or(theirs.sentinel_adders),
                    default_service: mine.default_service.or(theirs.default_service),
                }),
                (mine, theirs) => mine.or(theirs),
            },
            include: self.include.or(base.include),
            exclude: self.exclude.or(base.exclude),
            max_file_size: self.max_file_size.or(base.max_file_size),
            parse_budget_ms: self.parse_budget_ms.or(base.parse_budget_ms),
            scan_comments: self.scan_comments.or(base.scan_comments),
            allow: base.allow,
            inventory: self.inventory.or(base.inventory),
            built: self.built.over(base.built),
        }
    }
}

impl RawPack {
    /// Marks every entry as read from pack file `origin`.
    pub fn set_origin(&mut self, origin: usize) {
        self.origin = origin;
        self.endpoint.iter_mut().for_each(|e| e.origin = origin);
        self.node.iter_mut().for_each(|n| n.origin = origin);
        self.infrastructure
            .iter_mut()
            .for_each(|i| i.origin = origin);
        for service in self.service.values_mut() {
            service.get_mut().origin = origin;
        }
        if let Some(candidates) = &mut self.candidates {
            candidates.origin = origin;
        }
        for allow in &mut self.allow {
            allow.get_mut().origin = origin;
        }
    }
}
