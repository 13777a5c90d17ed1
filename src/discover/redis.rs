//! Redis and Sentinel configs (`sentinel monitor NAME HOST PORT QUORUM`,
//! `replicaof HOST PORT`, `sentinel announce-ip`, `replica-announce-ip`) and
//! etcd's `initial-cluster` (its members are infrastructure hosts).

use std::collections::BTreeMap;

use super::{DiscoveryFile, Found, FoundEndpoint, FoundHost, FoundNode, HostName, split_host_port};
use crate::pack::Pack;

pub fn read(pack: &Pack, file: &DiscoveryFile, found: &mut Found) -> bool {
    let Some(redis) = pack.sentinel_service() else {
        return false;
    };
    let sentinel_port = pack.services[redis].sentinel_port;
    let mut understood = false;
    for (index, raw) in file.text.lines().enumerate() {
        let line = index + 1;
        let fields: Vec<&str> = raw.split_whitespace().collect();
        let node = |host: &str, port: Option<&str>, cluster: Option<&str>| {
            let host = HostName::parse(host)?;
            let (address, hostnames) = match host {
                HostName::Address(address) => (Some(address), Vec::new()),
                HostName::Name(name) => (None, vec![name]),
            };
            Some(FoundNode {
                name: hostnames
                    .first()
                    .cloned()
                    .or_else(|| address.map(|a| a.to_string()))
                    .unwrap_or_default(),
                address,
                hostnames,
                service: redis,
                port: port.and_then(|p| p.parse().ok()),
                cluster: cluster
                    .filter(|c| HostName::parse(c).is_some())
                    .map(str::to_string),
                source: file.line(line),
                also: Vec::new(),
            })
        };
        let found_node = match fields.as_slice() {
            ["sentinel", "monitor", cluster, host, port, ..] => {
                node(host, Some(port), Some(cluster))
            }
            ["replicaof" | "slaveof", host, port, ..] => node(host, Some(port), None),
            ["replica-announce-ip" | "slave-announce-ip", host, ..] => node(host, None, None),
            ["sentinel", "announce-ip", host, ..] => {
                if let Some(host) = HostName::parse(host) {
                    understood = true;
                    let (address, hostnames) = match host {
                        HostName::Address(address) => (Some(address), Vec::new()),
                        HostName::Name(name) => (None, vec![name]),
                    };
                    let name = hostnames
                        .first()
                        .cloned()
                        .or_else(|| address.map(|a| format!("sentinel-{a}")))
                        .unwrap_or_default();
                    found.endpoint(FoundEndpoint {
                        name,
                        address,
                        hostnames,
                        ports: BTreeMap::from([(redis, sentinel_port.into_iter().collect())]),
                        kind: None,
                        fronts: 0,
                        source: file.line(line),
                        also: Vec::new(),
                    });
                }
                continue;
            }
            _ => continue,
        };
        if let Some(node) = found_node {
            understood = true;
            found.node(node);
        }
    }
    understood
}

/// etcd's `initial-cluster` (`name=http://10.0.0.1:2380,…`), in any syntax
/// (`initial-cluster:`, `ETCD_INITIAL_CLUSTER=`, `--initial-cluster`).
pub fn read_etcd(file: &DiscoveryFile, found: &mut Found) -> bool {
    let mut understood = false;
    let lower = file.text.to_ascii_lowercase();
    for (at, _) in lower
        .match_indices("initial-cluster")
        .chain(lower.match_indices("initial_cluster"))
    {
        let rest = &file.text[at + "initial-cluster".len()..];
        // Only the option itself, not `initial-cluster-state`/`-token`.
        if rest.starts_with(['-', '_']) {
            continue;
        }
        let value = rest
            .trim_start_matches([':', '=', ' ', '"', '\''])
            .split(['\n', ' ', '"', '\''])
            .next()
            .unwrap_or("");
        for member in value.split(',') {
            let Some((name, url)) = member.split_once('=') else {
                continue;
            };
            let authority = url.split("://").nth(1).unwrap_or(url);
            let (host, _) = split_host_port(authority.split('/').next().unwrap_or(authority));
            let Some(host) = HostName::parse(host) else {
                continue;
            };
            let (address, hostnames) = match host {
                HostName::Address(address) => (Some(address), Vec::new()),
                HostName::Name(hostname) => (None, vec![hostname]),
            };
            understood = true;
            found.host(FoundHost {
                name: name.trim().to_string(),
                address,
                hostnames,
                description: "etcd member".into(),
                source: file.at(at),
            });
        }
    }
    understood
}
