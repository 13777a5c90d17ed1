//! HAProxy configs: the `server` lines of `listen`/`backend` sections are
//! nodes; `bind` lines of `listen`/`frontend` sections are the ports the
//! proxy serves. A section's service comes from its servers' ports, its
//! name's words (`patroni_write`, `redis_master`), else the frontend's
//! backend's.

use std::collections::BTreeMap;

use super::{DiscoveryFile, Found, FoundEndpoint, FoundNode, HostName, split_host_port};
use crate::discover::{service_of_words, words};
use crate::pack::{Pack, ServiceId};

#[derive(Default)]
struct Section {
    kind: String,
    name: String,
    line: usize,
    binds: Vec<(Option<HostName>, u16, usize)>,
    servers: Vec<(String, HostName, Option<u16>, usize)>,
    backends: Vec<String>,
}

pub fn read(pack: &Pack, file: &DiscoveryFile, found: &mut Found) -> bool {
    let sections = sections(file.text);
    if !sections
        .iter()
        .any(|s| matches!(s.kind.as_str(), "listen" | "backend") && !s.servers.is_empty())
    {
        return false;
    }
    let service_of = |section: &Section| -> Option<ServiceId> {
        section
            .servers
            .iter()
            .find_map(|(_, _, port, _)| port.and_then(|p| pack.service_of_port(p)))
            .or_else(|| service_of_words(pack, words(&section.name)))
            .or_else(|| {
                section
                    .binds
                    .iter()
                    .find_map(|(_, port, _)| pack.service_of_port(*port))
            })
    };
    let mut served: BTreeMap<ServiceId, Vec<u16>> = BTreeMap::new();
    let fronts = sections.iter().map(|s| s.servers.len()).sum();
    let mut addresses = Vec::new();
    for section in &sections {
        let service = service_of(section).or_else(|| {
            section.backends.iter().find_map(|backend| {
                sections
                    .iter()
                    .find(|s| s.kind == "backend" && &s.name == backend)
                    .and_then(service_of)
            })
        });
        let Some(service) = service else {
            if !section.servers.is_empty() {
                found.ask(
                    file.line(section.line),
                    format!(
                        "{} {}: which service do its servers run? (neither their ports nor the section's name say)",
                        section.kind, section.name
                    ),
                );
            }
            continue;
        };
        for (name, host, port, line) in &section.servers {
            let (address, hostnames) = match host {
                HostName::Address(address) => (Some(*address), Vec::new()),
                HostName::Name(hostname) => (None, vec![hostname.clone()]),
            };
            found.node(FoundNode {
                name: name.clone(),
                address,
                hostnames,
                service,
                port: *port,
                cluster: None,
                source: file.line(*line),
                also: Vec::new(),
            });
        }
        for (host, port, line) in &section.binds {
            let ports = served.entry(service).or_default();
            if !ports.contains(port) {
                ports.push(*port);
            }
            if let Some(host) = host {
                addresses.push((host.clone(), *line));
            }
        }
    }
    if served.is_empty() {
        return true;
    }
    match addresses.first() {
        Some((host, line)) => {
            let (address, hostnames, name) = match host {
                HostName::Address(address) => (Some(*address), Vec::new(), "haproxy".to_string()),
                HostName::Name(name) => (None, vec![name.clone()], name.clone()),
            };
            found.endpoint(FoundEndpoint {
                name,
                address,
                hostnames,
                ports: served,
                kind: Some("haproxy".into()),
                fronts,
                source: file.line(*line),
                also: Vec::new(),
            });
        }
        // Bound on every address: which one clients use is not in the file.
        None => found.unplaced_proxy(
            file.line(sections[0].line.max(1)),
            "haproxy",
            served,
            fronts,
        ),
    }
    true
}

/// The sections of an HAProxy config with their binds, servers and backends.
fn sections(text: &str) -> Vec<Section> {
    let mut sections: Vec<Section> = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let code = raw.split('#').next().unwrap_or("");
        let mut fields = code.split_whitespace();
        let Some(keyword) = fields.next() else {
            continue;
        };
        let starts_section = !raw.starts_with([' ', '\t']);
        match keyword {
            "global" | "defaults" | "frontend" | "backend" | "listen" | "peers" | "resolvers"
            | "userlist" | "cache" | "program" | "http-errors" | "mailers"
                if starts_section || matches!(keyword, "frontend" | "backend" | "listen") =>
            {
                let name = fields.next().unwrap_or("").to_string();
                let mut section = Section {
                    kind: keyword.to_string(),
                    name,
                    line,
                    ..Section::default()
                };
                // `listen NAME ADDR:PORT`, the old form of a bind.
                if let Some(bind) = fields.next() {
                    section.binds.extend(binds(bind, line));
                }
                sections.push(section);
            }
            "bind" => {
                if let (Some(section), Some(addresses)) = (sections.last_mut(), fields.next()) {
                    section.binds.extend(binds(addresses, line));
                }
            }
            "server" => {
                let (Some(section), Some(name), Some(address)) =
                    (sections.last_mut(), fields.next(), fields.next())
                else {
                    continue;
                };
                let (host, port) = split_host_port(address);
                if let Some(host) = HostName::parse(host) {
                    section.servers.push((name.to_string(), host, port, line));
                }
            }
            "default_backend" | "use_backend" => {
                if let (Some(section), Some(backend)) = (sections.last_mut(), fields.next()) {
                    section.backends.push(backend.to_string());
                }
            }
            _ => {}
        }
    }
    sections
}

/// `*:5000`, `10.0.0.5:5000,10.0.0.6:5000`, `:5432`: each address (none
/// for every address) and port.
fn binds(written: &str, line: usize) -> Vec<(Option<HostName>, u16, usize)> {
    written
        .split(',')
        .filter_map(|bind| {
            let (host, port) = split_host_port(bind);
            Some((HostName::parse(host), port?, line))
        })
        .collect()
}
