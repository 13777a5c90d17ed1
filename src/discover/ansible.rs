//! Ansible inventories, INI (`[group]`, `host ansible_host=… hostname=…`,
//! `[parent:children]`) and YAML (`all: children: GROUP: hosts: NAME: …`).
//! A group's service comes from its name's words, else from a parent's
//! (`[postgres_cluster:children]` makes `master` and `replica` postgres).
//! Groups of proxies or of the DCS hold infrastructure hosts. A host written
//! in a comment (an example inventory) is a question, not a node.

use std::collections::HashMap;

use super::{DiscoveryFile, Found, FoundHost, FoundNode, HostName, words, yaml};
use crate::discover::service_of_words;
use crate::pack::{Pack, ServiceId};

/// Group words of hosts that are neither service nodes nor endpoints.
const INFRASTRUCTURE_GROUPS: &[&str] = &["balancers", "etcd", "consul", "keepalived", "dcs"];

/// One host line of a group.
struct Host {
    written: String,
    vars: HashMap<String, String>,
    line: usize,
    commented: bool,
}

#[derive(Default)]
struct Inventory {
    /// Group → its hosts, in order.
    groups: Vec<(String, Vec<Host>)>,
    /// Child group → its parents.
    parents: HashMap<String, Vec<String>>,
}

pub fn read_ini(pack: &Pack, file: &DiscoveryFile, found: &mut Found) -> bool {
    let name = file.file_name().to_ascii_lowercase();
    let extension = name.rsplit_once('.').map(|(_, e)| e);
    // Inventories by name (`inventory`, `hosts`, `inventory.example`,
    // `hosts.ini`), or an INI file that sets Ansible's variables.
    let named = name.starts_with("inventory") || name == "hosts" || name.starts_with("hosts.");
    let ini = matches!(extension, None | Some("ini" | "cfg")) && file.text.contains("ansible_host");
    if !named && !ini {
        return false;
    }
    let Some(inventory) = parse_ini(file.text) else {
        return false;
    };
    judge(pack, file, &inventory, found)
}

pub fn read_yaml(pack: &Pack, file: &DiscoveryFile, found: &mut Found) -> bool {
    let mut inventory = Inventory::default();
    for document in yaml::documents(file.text) {
        let root = document.root();
        let Some(all) = yaml::get(&document, root, "all") else {
            continue;
        };
        yaml_group(&document, file, "all", all, &mut inventory, 0);
    }
    if inventory.groups.iter().all(|(_, hosts)| hosts.is_empty()) {
        return false;
    }
    judge(pack, file, &inventory, found)
}

fn yaml_group(
    document: &crate::scan::Document,
    file: &DiscoveryFile,
    name: &str,
    group: usize,
    inventory: &mut Inventory,
    depth: usize,
) {
    if depth > 16 {
        return;
    }
    let mut hosts = Vec::new();
    if let Some(list) = yaml::get(document, group, "hosts") {
        for (host, key, vars) in yaml::keyed_entries(document, list) {
            let vars = yaml::entries(document, vars)
                .into_iter()
                .filter_map(|(key, value)| {
                    Some((key.to_string(), yaml::text(document, value)?.to_string()))
                })
                .collect();
            let line = crate::finding::line_of(file.text, document.start(key));
            hosts.push(Host {
                written: host.to_string(),
                vars,
                line,
                commented: false,
            });
        }
    }
    inventory.groups.push((name.to_string(), hosts));
    if let Some(children) = yaml::get(document, group, "children") {
        for (child, value) in yaml::entries(document, children) {
            inventory
                .parents
                .entry(child.to_string())
                .or_default()
                .push(name.to_string());
            yaml_group(document, file, child, value, inventory, depth + 1);
        }
    }
}

/// An INI inventory, or `None` when the text has no `[group]` header.
fn parse_ini(text: &str) -> Option<Inventory> {
    let mut inventory = Inventory::default();
    // What the current section holds: hosts, children or vars.
    let mut section: Option<(String, &str)> = None;
    for (index, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if let Some(header) = line.strip_prefix('[') {
            let header = header.split(']').next().unwrap_or("");
            if header.is_empty()
                || !header
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"_-:.".contains(&b))
            {
                return None; // not an inventory
            }
            let (group, part) = header.split_once(':').unwrap_or((header, "hosts"));
            section = Some((group.to_string(), part));
            if part == "hosts" {
                inventory.groups.push((group.to_string(), Vec::new()));
            }
            continue;
        }
        let Some((group, part)) = &section else {
            continue;
        };
        let (commented, body) = match line.strip_prefix('#') {
            Some(rest) => (true, rest.trim()),
            None => (false, line),
        };
        let body = body.split(" #").next().unwrap_or(body);
        let mut fields = body.split_whitespace();
        let Some(first) = fields.next() else {
            continue;
        };
        match *part {
            "children" if !commented => inventory
                .parents
                .entry(first.to_string())
                .or_default()
                .push(group.clone()),
            "hosts" => {
                let vars: HashMap<String, String> = fields
                    .filter_map(|f| f.split_once('='))
                    .map(|(k, v)| (k.to_string(), v.trim_matches(['"', '\'']).to_string()))
                    .collect();
                // A commented line is a host only when it looks like one.
                if commented && HostName::parse(first).is_none() {
                    continue;
                }
                if let Some((_, hosts)) =
                    inventory.groups.iter_mut().rev().find(|(g, _)| g == group)
                {
                    hosts.push(Host {
                        written: first.to_string(),
                        vars,
                        line: index + 1,
                        commented,
                    });
                }
            }
            _ => {}
        }
    }
    (!inventory.groups.is_empty()).then_some(inventory)
}

/// What a group holds: a service's nodes, infrastructure hosts, or nothing
/// known; from its words, else its parents'.
enum GroupKind {
    Service(ServiceId),
    Infrastructure(String),
}

fn kind_of(pack: &Pack, inventory: &Inventory, group: &str, depth: usize) -> Option<GroupKind> {
    if let Some(service) = service_of_words(pack, words(group)) {
        return Some(GroupKind::Service(service));
    }
    let lower = group.to_ascii_lowercase();
    if let Some(word) = words(&lower)
        .find(|w| INFRASTRUCTURE_GROUPS.contains(w) || pack.balancer_images.iter().any(|b| b == w))
    {
        return Some(GroupKind::Infrastructure(format!("{word} host")));
    }
    if depth > 16 {
        return None;
    }
    inventory
        .parents
        .get(group)?
        .iter()
        .find_map(|parent| kind_of(pack, inventory, parent, depth + 1))
}

fn judge(pack: &Pack, file: &DiscoveryFile, inventory: &Inventory, found: &mut Found) -> bool {
    let mut understood = false;
    for (group, hosts) in &inventory.groups {
        if hosts.is_empty() {
            continue;
        }
        let kind = kind_of(pack, inventory, group, 0);
        for host in hosts {
            let address = host
                .vars
                .get("ansible_host")
                .and_then(|h| crate::address::parse_ipv4(h))
                .or_else(|| crate::address::parse_ipv4(&host.written));
            let name = host
                .vars
                .get("hostname")
                .or(host.vars.get("inventory_hostname"))
                .filter(|n| HostName::parse(n).is_some())
                .cloned()
                .unwrap_or_else(|| host.written.clone());
            let hostnames: Vec<String> = [&name, &host.written]
                .into_iter()
                .filter(|h| matches!(HostName::parse(h), Some(HostName::Name(_))))
                .map(|h| h.to_ascii_lowercase())
                .fold(Vec::new(), |mut all, h| {
                    if !all.contains(&h) {
                        all.push(h);
                    }
                    all
                });
            let source = file.line(host.line);
            if address.is_none() && hostnames.is_empty() {
                continue;
            }
            understood = true;
            match (&kind, host.commented) {
                (Some(GroupKind::Service(service)), false) => found.node(FoundNode {
                    name,
                    address,
                    hostnames,
                    service: *service,
                    port: None,
                    cluster: None,
                    source,
                    also: Vec::new(),
                }),
                (Some(GroupKind::Infrastructure(description)), false) => found.host(FoundHost {
                    name,
                    address,
                    hostnames,
                    description: description.clone(),
                    source,
                }),
                (Some(GroupKind::Service(service)), true) => found.ask(
                    source,
                    example_question(pack, group, &name, address, *service),
                ),
                (None, false) => found.ask(
                    source,
                    format!(
                        "group {group} lists {name}: which service does it run? (neither the group's name nor a parent's says)"
                    ),
                ),
                _ => {}
            }
        }
    }
    understood
}

/// A host of a service group written in a comment (an example inventory).
fn example_question(
    pack: &Pack,
    group: &str,
    name: &str,
    address: Option<std::net::Ipv4Addr>,
    service: ServiceId,
) -> String {
    let address = address.map_or_else(String::new, |a| format!(" ({a})"));
    format!(
        "group {group} lists {name}{address} in a comment (an example?): is it a {} node?",
        pack.services[service].name
    )
}

/// Molecule scenarios (`molecule.yml`): each platform is a member, in the
/// Ansible groups it lists; its service from those groups' words.
pub fn read_molecule(pack: &Pack, file: &DiscoveryFile, found: &mut Found) -> bool {
    if file.file_name() != "molecule.yml" {
        return false;
    }
    let mut understood = false;
    for document in yaml::documents(file.text) {
        let Some(platforms) = yaml::get(&document, document.root(), "platforms") else {
            continue;
        };
        for platform in yaml::items(&document, platforms) {
            let Some(name) = yaml::text_at(&document, platform, "name") else {
                continue;
            };
            let groups: Vec<String> = yaml::get(&document, platform, "groups")
                .map(|g| yaml::items(&document, g))
                .unwrap_or_default()
                .into_iter()
                .filter_map(|g| yaml::text(&document, g).map(str::to_string))
                .collect();
            let Some(service) = groups
                .iter()
                .find_map(|group| service_of_words(pack, words(group)))
            else {
                continue;
            };
            let address = yaml::get(&document, platform, "networks").and_then(|networks| {
                yaml::items(&document, networks)
                    .into_iter()
                    .find_map(|network| {
                        crate::address::parse_ipv4(yaml::text_at(
                            &document,
                            network,
                            "ipv4_address",
                        )?)
                    })
            });
            let mut hostnames = Vec::new();
            for written in [Some(name), yaml::text_at(&document, platform, "hostname")] {
                if let Some(HostName::Name(hostname)) = written.and_then(HostName::parse)
                    && !hostnames.contains(&hostname)
                {
                    hostnames.push(hostname);
                }
            }
            understood = true;
            found.node(FoundNode {
                name: name.to_string(),
                address,
                hostnames,
                service,
                port: None,
                cluster: None,
                source: file.at(document.start(platform)),
                also: Vec::new(),
            });
        }
    }
    understood
}

/// A virtual IP in variables (`cluster_vip: 10.0.0.200`, `vip_address`):
/// the address clients use, an endpoint whose ports are a question.
pub fn read_vips(file: &DiscoveryFile, found: &mut Found) -> bool {
    let mut understood = false;
    for document in yaml::documents(file.text) {
        let mut stack = vec![(document.root(), 0)];
        while let Some((id, depth)) = stack.pop() {
            if depth > 32 {
                continue;
            }
            for (key, key_id, value) in yaml::keyed_entries(&document, id) {
                let is_vip = words(&crate::pack::normalize_key(key)).any(|w| w == "vip");
                match yaml::text(&document, value).and_then(crate::address::parse_ipv4) {
                    Some(address) if is_vip => {
                        understood = true;
                        let source = file.at(document.start(key_id));
                        found.ask(
                            source.clone(),
                            format!("{key} {address}: which ports does this virtual IP serve, for which service? Add them to its ports"),
                        );
                        found.endpoint(crate::discover::FoundEndpoint {
                            name: key.to_string(),
                            address: Some(address),
                            hostnames: Vec::new(),
                            ports: Default::default(),
                            kind: None,
                            fronts: 0,
                            source,
                            also: Vec::new(),
                        });
                    }
                    _ => stack.push((value, depth + 1)),
                }
            }
            for item in yaml::items(&document, id) {
                stack.push((item, depth + 1));
            }
        }
    }
    understood
}
