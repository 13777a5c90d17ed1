//! Patroni configs: a YAML document with `restapi` and `postgresql` keys
//! defines one node — its `name`, its `postgresql.connect_address`, its
//! cluster (`scope`).

use super::{DiscoveryFile, Found, FoundNode, HostName, split_host_port, yaml};
use crate::pack::Pack;

pub fn read(pack: &Pack, file: &DiscoveryFile, found: &mut Found) -> bool {
    let Some(postgres) = pack.service_id("postgres") else {
        return false;
    };
    let mut understood = false;
    for document in yaml::documents(file.text) {
        let root = document.root();
        if yaml::get(&document, root, "restapi").is_none()
            || yaml::get(&document, root, "postgresql").is_none()
        {
            continue;
        }
        understood = true;
        let postgresql = yaml::get(&document, root, "postgresql");
        let address = postgresql.and_then(|p| yaml::get(&document, p, "connect_address"));
        let name = yaml::text_at(&document, root, "name");
        let Some((host, port, at)) = address.and_then(|id| {
            let (host, port) = split_host_port(yaml::text(&document, id)?);
            Some((HostName::parse(host)?, port, document.start(id)))
        }) else {
            if let Some(name) = name.filter(|n| HostName::parse(n).is_some()) {
                found.ask(
                    file.at(document.start(root)),
                    format!(
                        "Patroni member {name} has no literal connect_address: what is its address?"
                    ),
                );
            }
            continue;
        };
        let (address, hostnames) = match host {
            HostName::Address(address) => (Some(address), Vec::new()),
            HostName::Name(hostname) => (None, vec![hostname]),
        };
        // The member's name, else its host.
        let name = name
            .filter(|n| HostName::parse(n).is_some())
            .map(str::to_string)
            .or_else(|| hostnames.first().cloned())
            .or_else(|| address.map(|a| a.to_string()))
            .unwrap_or_default();
        found.node(FoundNode {
            name,
            address,
            hostnames,
            service: postgres,
            port,
            cluster: yaml::text_at(&document, root, "scope")
                .filter(|s| HostName::parse(s).is_some())
                .map(str::to_string),
            source: file.at(at),
            also: Vec::new(),
        });
    }
    understood
}
