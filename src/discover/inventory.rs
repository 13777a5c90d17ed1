//! Inventory tables (`servers.tsv`): the pack reads its nodes from the table
//! itself (`inventory = …`), so they cannot drift; its load-balancer rows
//! become endpoints (the address clients use) or infrastructure hosts (the
//! HAProxy nodes behind it).

use std::path::Path;

use super::{DiscoveryFile, Found, FoundEndpoint, FoundHost, FoundNode};
use crate::pack::{Pack, inventory};

/// Subroles of `ROLE=lb` rows that are the proxies' own hosts, not the
/// address clients use.
const PROXY_HOSTS: &[&str] = &["haproxy", "keepalived", "pgbouncer", "proxy"];

pub fn is_inventory_table(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|name| name.eq_ignore_ascii_case("servers.tsv"))
}

pub fn read(pack: &Pack, file: &DiscoveryFile, found: &mut Found) -> bool {
    let rows = match inventory::parse(file.text) {
        Ok(rows) => rows,
        Err((line, message)) => {
            found.ask(
                file.line(line),
                format!("the inventory table could not be read ({message}): its nodes are not in the pack"),
            );
            return false;
        }
    };
    if found.inventory.is_none() {
        found.inventory = Some(file.relative.to_string());
        found.inventory_source = Some(file.relative.to_string());
    }
    // The table says nothing of the ports its load balancer serves: the
    // standard port of each service it lists, asked to be checked.
    let mut standard_ports = std::collections::BTreeMap::new();
    for row in &rows {
        if let Some(service) = row.service.and_then(|name| pack.service_id(name))
            && let Some(&port) = pack.services[service].ports.first()
        {
            standard_ports.insert(service, vec![port]);
        }
    }
    for row in rows {
        let source = file.line(row.line);
        let short = row
            .hostname
            .split('.')
            .next()
            .unwrap_or(&row.hostname)
            .to_ascii_lowercase();
        if let Some(service) = row.service {
            let Some(service) = pack.service_id(service) else {
                continue;
            };
            found.node(FoundNode {
                name: row.hostname.clone(),
                address: Some(row.address),
                hostnames: vec![short],
                service,
                port: None,
                cluster: None,
                source,
                also: Vec::new(),
            });
        } else if row.role == "lb" && PROXY_HOSTS.contains(&row.subrole.as_str()) {
            found.host(FoundHost {
                name: row.hostname.clone(),
                address: Some(row.address),
                hostnames: vec![short],
                description: format!("{} node", row.subrole),
                source,
            });
        } else if row.role == "lb" {
            found.ask(
                source.clone(),
                format!(
                    "{}: the ports are each service's standard port, assumed; list every port it serves",
                    row.hostname
                ),
            );
            found.endpoint(FoundEndpoint {
                name: row.hostname.clone(),
                address: Some(row.address),
                hostnames: vec![short],
                ports: standard_ports.clone(),
                kind: None,
                fronts: 0,
                source,
                also: Vec::new(),
            });
        }
    }
    true
}
