//! Compose files: a service whose image (or name) is one of a service's
//! image words is a node of it, named by its service name, `container_name`
//! and `hostname`, at its `ipv4_address` if it has one; a Redis image that
//! runs Sentinel is a Sentinel host; a proxy's image (`balancer_images`) is
//! an endpoint serving the ports it exposes.

use std::collections::BTreeMap;

use super::{DiscoveryFile, Found, FoundEndpoint, FoundNode, HostName, words, yaml};
use crate::pack::{ImageRuns, Pack, ServiceId};
use crate::scan::{Document, YamlNode};

/// Programs that start another (the one that says what runs comes after).
const WRAPPERS: &[&str] = &[
    "sh",
    "bash",
    "ash",
    "dash",
    "zsh",
    "env",
    "exec",
    "tini",
    "dumb-init",
    "gosu",
    "su-exec",
    "supervisord",
    "s6-svscan",
    "runsvdir",
];

pub fn read(pack: &Pack, file: &DiscoveryFile, found: &mut Found) -> bool {
    let mut understood = false;
    for document in yaml::documents(file.text) {
        let root = document.root();
        let Some(services) = yaml::get(&document, root, "services") else {
            continue;
        };
        let entries = yaml::keyed_entries(&document, services);
        let looks_like_compose = entries.iter().any(|(_, _, service)| {
            ["image", "build", "container_name", "ports"]
                .iter()
                .any(|key| yaml::get(&document, *service, key).is_some())
        });
        if !looks_like_compose {
            continue;
        }
        understood = true;
        // A service others merge (`<<: *base`) is their template, not a member.
        let templates: Vec<usize> = entries
            .iter()
            .filter_map(|(_, _, service)| document.get(*service, "<<"))
            .flat_map(|merged| match document.node(merged) {
                YamlNode::Alias(Some(target)) => vec![*target],
                YamlNode::Sequence(items) => items
                    .iter()
                    .filter_map(|&item| match document.node(item) {
                        YamlNode::Alias(Some(target)) => Some(*target),
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            })
            .collect();
        for (name, key, service) in entries {
            if !templates.contains(&service) {
                service_entry(pack, file, &document, name, key, service, found);
            }
        }
    }
    understood
}

fn service_entry(
    pack: &Pack,
    file: &DiscoveryFile,
    document: &Document,
    name: &str,
    key: usize,
    service: usize,
    found: &mut Found,
) {
    let image = yaml::text_at(document, service, "image").unwrap_or("");
    let image_words = crate::pack::image_words(image);
    // Without an image, what is built says what runs: the build context's
    // folder (`./patroni`), else the service's name.
    let context = yaml::get(document, service, "build").and_then(|build| {
        yaml::text(document, build).or_else(|| yaml::text_at(document, build, "context"))
    });
    let own_words: Vec<String> = if image.is_empty() {
        context
            .and_then(|c| c.trim_end_matches('/').rsplit('/').next())
            .into_iter()
            .chain([name])
            .flat_map(|part| words(part).map(str::to_ascii_lowercase).collect::<Vec<_>>())
            .collect()
    } else {
        image_words
    };
    // The program a command starts says what runs, before the image (one
    // image often runs every part of a demo: the database, etcd, HAProxy).
    // Arguments for the image's own entrypoint (`--appendonly yes`) and
    // wrappers (`sh`, `./start.sh`, `tini`) say nothing.
    let program: Option<Vec<String>> = ["entrypoint", "command"]
        .iter()
        .filter_map(|k| yaml::get(document, service, k))
        .map(|id| yaml::all_text(document, id))
        .find_map(|command| {
            let first = command.split_whitespace().next()?;
            let first = first.rsplit('/').next()?.to_ascii_lowercase();
            let wrapper = first.starts_with('-')
                || first.ends_with(".sh")
                || WRAPPERS.contains(&first.as_str());
            let program: Vec<String> = words(&first).map(str::to_string).collect();
            (!wrapper && !program.is_empty()).then_some(program)
        });
    let own_words: Vec<String> = program.unwrap_or(own_words);
    // A tool that works on a service (an exporter, a GUI) runs neither.
    let Some(what_runs) = pack.program_runs(&own_words) else {
        return;
    };
    let of_images = |list: &[String]| own_words.iter().find(|w| list.contains(w)).cloned();
    let mut hostnames = vec![name.to_ascii_lowercase()];
    for key in ["container_name", "hostname"] {
        if let Some(HostName::Name(hostname)) =
            yaml::text_at(document, service, key).and_then(HostName::parse)
            && !hostnames.contains(&hostname)
        {
            hostnames.push(hostname);
        }
    }
    let address = own_address(document, service);
    let source = file.at(document.start(key));
    let runs = ["command", "entrypoint"]
        .iter()
        .filter_map(|k| yaml::get(document, service, k))
        .map(|id| yaml::all_text(document, id).to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join(" ");
    if let ImageRuns::Server(service_id) = what_runs {
        let sentinel_port = pack.services[service_id].sentinel_port;
        if let (Some(port), true) = (sentinel_port, runs.contains("sentinel")) {
            found.endpoint(FoundEndpoint {
                name: name.to_string(),
                address,
                hostnames,
                ports: BTreeMap::from([(service_id, vec![port])]),
                kind: None,
                fronts: 0,
                source,
                also: Vec::new(),
            });
            return;
        }
        found.node(FoundNode {
            name: name.to_string(),
            address,
            hostnames,
            service: service_id,
            port: None,
            cluster: None,
            source,
            also: Vec::new(),
        });
        return;
    }
    if let Some(kind) = of_images(&pack.balancer_images) {
        let (ports, unknown) = exposed_ports(pack, document, service, &kind);
        if !unknown.is_empty() {
            let unknown: Vec<String> = unknown.iter().map(u16::to_string).collect();
            found.ask(
                source.clone(),
                format!(
                    "{name} ({kind}) exposes {}: which service does each serve? Add them to its ports",
                    unknown.join(", ")
                ),
            );
        }
        found.endpoint(FoundEndpoint {
            name: name.to_string(),
            address,
            hostnames,
            ports,
            kind: Some(kind),
            fronts: 0,
            source,
            also: Vec::new(),
        });
    }
}

/// The service's own address on its networks (`ipv4_address`).
fn own_address(document: &Document, service: usize) -> Option<std::net::Ipv4Addr> {
    let networks = yaml::get(document, service, "networks")?;
    yaml::entries(document, networks)
        .into_iter()
        .find_map(|(_, network)| {
            crate::address::parse_ipv4(yaml::text_at(document, network, "ipv4_address")?)
        })
}

/// The ports a proxy exposes (`ports:` both sides, `expose:`), by the
/// service each belongs to: the port's own service, else the service the
/// proxy's image word names (`pgbouncer`); and the ports of no known service.
fn exposed_ports(
    pack: &Pack,
    document: &Document,
    service: usize,
    kind: &str,
) -> (BTreeMap<ServiceId, Vec<u16>>, Vec<u16>) {
    let mut written: Vec<(u16, u16)> = Vec::new();
    for key in ["ports", "expose"] {
        let Some(list) = yaml::get(document, service, key) else {
            continue;
        };
        for item in yaml::items(document, list) {
            let text = yaml::text(document, item)
                .map(str::to_string)
                .or_else(|| yaml::text_at(document, item, "target").map(str::to_string));
            let Some(text) = text else { continue };
            // `host:container`, `ip:host:container`, `container/tcp`.
            let text = text.split('/').next().unwrap_or("");
            let parts: Vec<&str> = text.split(':').collect();
            let container = parts.last().and_then(|p| p.parse::<u16>().ok());
            let host = (parts.len() >= 2)
                .then(|| parts[parts.len() - 2].parse::<u16>().ok())
                .flatten();
            if let Some(container) = container {
                written.push((container, host.unwrap_or(container)));
            }
        }
    }
    let by_kind = super::service_of_words(pack, [kind]);
    let mut ports: BTreeMap<ServiceId, Vec<u16>> = BTreeMap::new();
    let mut unknown = Vec::new();
    for (container, host) in written {
        let Some(service) = pack.service_of_port(container).or(by_kind) else {
            if !unknown.contains(&host) {
                unknown.push(host);
            }
            continue;
        };
        let list = ports.entry(service).or_default();
        for port in [container, host] {
            if !list.contains(&port) {
                list.push(port);
            }
        }
    }
    (ports, unknown)
}
