//! The pack `init --discover` writes: `extends = "base"` and the topology it
//! found, each entry commented with where it came from; what it could not
//! decide is left as commented questions. An address or hostname is
//! claimed once (the first definition wins; a clash becomes a question), so
//! the pack always loads.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;
use std::net::Ipv4Addr;

use super::{Found, FoundNode, Source};
use crate::pack::{Pack, toml_string as quote};

/// Addresses and hostnames already written, with the entry that holds them.
#[derive(Default)]
struct Claims {
    taken: HashMap<String, String>,
    names: HashSet<String>,
}

impl Claims {
    /// The hostnames of `owner` not taken by another entry; the others are
    /// reported in `clashes`.
    fn hostnames(
        &mut self,
        owner: &str,
        hostnames: &[String],
        clashes: &mut Vec<String>,
    ) -> Vec<String> {
        let mut kept = Vec::new();
        for hostname in hostnames {
            match self.taken.get(hostname) {
                Some(other) if other != owner => {
                    clashes.push(format!("hostname {hostname} is also {other}'s"));
                }
                Some(_) => {}
                None => {
                    self.taken.insert(hostname.clone(), owner.to_string());
                    kept.push(hostname.clone());
                }
            }
        }
        kept
    }

    /// Whether `address` is free for `owner` (and claims it).
    fn address(&mut self, owner: &str, address: Ipv4Addr, clashes: &mut Vec<String>) -> bool {
        match self.taken.get(&address.to_string()) {
            Some(other) if other != owner => {
                clashes.push(format!("address {address} is also {other}'s"));
                false
            }
            _ => {
                self.taken.insert(address.to_string(), owner.to_string());
                true
            }
        }
    }

    /// A name no other entry has (`db1`, else `db1-2`).
    fn name(&mut self, wanted: &str) -> String {
        let mut name = wanted.to_string();
        let mut suffix = 2;
        while !self.names.insert(name.to_ascii_lowercase()) {
            name = format!("{wanted}-{suffix}");
            suffix += 1;
        }
        name
    }
}

fn quoted_list(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|i| quote(i)).collect();
    format!("[{}]", items.join(", "))
}

/// The lines that name an entry: `name`, its `description` if any, its
/// `address` and `hostnames` where it has them.
fn identity(
    out: &mut String,
    name: &str,
    description: Option<&str>,
    address: Option<Ipv4Addr>,
    hostnames: &[String],
) {
    let _ = writeln!(out, "name = {}", quote(name));
    if let Some(description) = description {
        let _ = writeln!(out, "description = {}", quote(description));
    }
    if let Some(address) = address {
        let _ = writeln!(out, "address = {}", quote(&address.to_string()));
    }
    if !hostnames.is_empty() {
        let _ = writeln!(out, "hostnames = {}", quoted_list(hostnames));
    }
}

/// Where an entry came from: `# from a.yml:3 (also b.cfg:7)`.
fn provenance(source: &Source, also: &[Source]) -> String {
    if also.is_empty() {
        return format!("# from {source}\n");
    }
    let also: Vec<String> = also.iter().map(ToString::to_string).collect();
    format!("# from {source} (also {})\n", also.join(", "))
}

/// The pack text for what was found, with `pack`'s service names; `how`
/// names the command that wrote it.
pub fn render(pack: &Pack, found: &Found, how: &str) -> String {
    let mut text = format!(
        "# topolint pack written by `{how}` from this repository's own\n\
         # definitions of its topology. Each entry names the file and line it came from;\n\
         # what could not be decided is a commented question at the end. Review it,\n\
         # then commit it. Every key is described in topolint's README.\n\
         extends = \"base\"\n",
    );
    let mut questions: Vec<(Source, String)> = found.questions.clone();
    let mut claims = Claims::default();
    let from_inventory =
        |source: &Source| found.inventory_source.as_deref() == Some(source.path.as_str());
    if let Some(inventory) = &found.inventory {
        let _ = write!(
            text,
            "\n# The nodes come from the inventory table, so the pack cannot drift from it:\n"
        );
        for node in found.nodes.iter().filter(|n| from_inventory(&n.source)) {
            let address = node.address.map(|a| a.to_string()).unwrap_or_default();
            let _ = writeln!(
                text,
                "#   {} {} {address}",
                pack.services[node.service].name, node.name
            );
        }
        let _ = writeln!(text, "inventory = {}", quote(inventory));
    }
    let networks: BTreeSet<String> = found
        .nodes
        .iter()
        .filter_map(|n| n.address)
        .chain(found.endpoints.iter().filter_map(|e| e.address))
        .filter_map(|a| {
            ipnet::Ipv4Net::new(a, 24)
                .ok()
                .map(|n| n.trunc().to_string())
        })
        .collect();
    if !networks.is_empty() {
        let networks: Vec<String> = networks.into_iter().collect();
        let _ = write!(
            text,
            "\n# Every /24 holding a node or an endpoint found: an unknown address there in a\n# service context is suspicious (endpoint-bypass).\nprivate_networks = {}\n",
            quoted_list(&networks)
        );
    }

    let mut sections = String::new();
    // Nodes first: an endpoint at a node's own address is the node.
    let shared = shared_hosts(&found.nodes);
    // Clusters are written where every node of a service has one from a
    // definition and there are several; a partial answer is a question.
    let mut clustered: HashSet<usize> = HashSet::new();
    for service in 0..pack.services.len() {
        let of_service: Vec<&FoundNode> = found
            .nodes
            .iter()
            .filter(|n| n.service == service)
            .collect();
        let named: HashSet<&str> = of_service
            .iter()
            .filter_map(|n| n.cluster.as_deref())
            .collect();
        let unnamed = of_service.iter().filter(|n| n.cluster.is_none()).count();
        if named.len() > 1 && unnamed == 0 {
            clustered.insert(service);
        } else if named.len() > 1 {
            let named: Vec<&str> = named.into_iter().collect();
            questions.push((
                of_service[0].source.clone(),
                format!(
                    "{} nodes belong to clusters {} but {unnamed} of them name none: add `cluster` to each node",
                    pack.services[service].name,
                    named.join(", ")
                ),
            ));
        }
    }
    let mut nodes = String::new();
    for node in &found.nodes {
        let name = claims.name(&node.name);
        let mut clashes = Vec::new();
        let address = node
            .address
            .filter(|&a| shared.contains(&a.to_string()) || claims.address(&name, a, &mut clashes));
        let hostnames = claims.hostnames(&name, &node.hostnames, &mut clashes);
        if !clashes.is_empty() {
            questions.push((
                node.source.clone(),
                format!("node {name}: {}", clashes.join("; ")),
            ));
        }
        if from_inventory(&node.source) {
            continue; // `inventory =` declares it
        }
        if address.is_none() && hostnames.is_empty() {
            continue;
        }
        let sharing = match node.address {
            Some(address) => shared.contains(&address.to_string()),
            None => node.hostnames.iter().any(|h| shared.contains(h)),
        };
        if sharing && node.port.is_none() {
            questions.push((
                node.source.clone(),
                format!(
                    "node {} shares its host with other nodes but no port tells it apart",
                    node.name
                ),
            ));
            continue;
        }
        nodes.push('\n');
        nodes.push_str(&provenance(&node.source, &node.also));
        nodes.push_str("[[node]]\n");
        identity(&mut nodes, &name, None, address, &hostnames);
        let _ = writeln!(
            nodes,
            "service = {}",
            quote(&pack.services[node.service].name)
        );
        if let (true, Some(port)) = (sharing, node.port) {
            let _ = writeln!(nodes, "port = {port}");
        }
        if clustered.contains(&node.service) {
            let cluster = node
                .cluster
                .clone()
                .unwrap_or_else(|| pack.services[node.service].name.clone());
            let _ = writeln!(nodes, "cluster = {}", quote(&cluster));
        }
    }

    let mut endpoints = String::new();
    for endpoint in &found.endpoints {
        let name = claims.name(&endpoint.name);
        let mut clashes = Vec::new();
        let address = endpoint
            .address
            .filter(|&a| claims.address(&name, a, &mut clashes));
        let hostnames = claims.hostnames(&name, &endpoint.hostnames, &mut clashes);
        if !clashes.is_empty() {
            questions.push((
                endpoint.source.clone(),
                format!("endpoint {name}: {}", clashes.join("; ")),
            ));
        }
        if address.is_none() && hostnames.is_empty() {
            continue;
        }
        endpoints.push('\n');
        endpoints.push_str(&provenance(&endpoint.source, &endpoint.also));
        let ports = &endpoint.ports;
        endpoints.push_str("[[endpoint]]\n");
        identity(&mut endpoints, &name, None, address, &hostnames);
        let ports: Vec<String> = ports
            .iter()
            .map(|(service, ports)| {
                let ports: Vec<String> = ports.iter().map(u16::to_string).collect();
                format!("{} = [{}]", pack.services[*service].name, ports.join(", "))
            })
            .collect();
        if !ports.is_empty() {
            let _ = writeln!(endpoints, "ports = {{ {} }}", ports.join(", "));
        }
    }

    let mut infrastructure = String::new();
    for host in &found.infrastructure {
        let name = claims.name(&host.name);
        let mut clashes = Vec::new();
        let address = host
            .address
            .filter(|&a| claims.address(&name, a, &mut clashes));
        let hostnames = claims.hostnames(&name, &host.hostnames, &mut clashes);
        // A host that is also a node or an endpoint (co-located) is that.
        if address.is_none() && hostnames.is_empty() {
            continue;
        }
        infrastructure.push('\n');
        infrastructure.push_str(&provenance(&host.source, &[]));
        infrastructure.push_str("[[infrastructure]]\n");
        identity(
            &mut infrastructure,
            &name,
            Some(&host.description),
            address,
            &hostnames,
        );
    }

    for (title, body) in [
        ("Endpoints: the addresses applications must use.", endpoints),
        ("Nodes: the members behind them.", nodes),
        (
            "Infrastructure: known hosts that are neither (DCS members, proxy hosts).",
            infrastructure,
        ),
    ] {
        if !body.is_empty() {
            let _ = write!(sections, "\n# --- {title}\n{body}");
        }
    }
    text.push_str(&sections);
    if found.endpoints.is_empty() {
        questions.push((
            Source {
                path: ".".into(),
                line: 0,
            },
            "no endpoint was found: which address (load balancer, VIP, proxy) do applications use? Without one, help lists the nodes instead".into(),
        ));
    }
    if !questions.is_empty() {
        questions.sort();
        questions.dedup();
        text.push_str("\n# --- Questions discovery could not decide:\n");
        for (source, question) in questions {
            if source.line == 0 {
                let _ = writeln!(text, "# ? {question}");
            } else {
                let _ = writeln!(text, "# ? {source}: {question}");
            }
        }
    }
    text
}

/// Hosts that several nodes share: an address, or a hostname of nodes
/// without one (nodes at different addresses are told apart by them).
fn shared_hosts(nodes: &[FoundNode]) -> HashSet<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for node in nodes {
        let hosts: HashSet<String> = match node.address {
            Some(address) => HashSet::from([address.to_string()]),
            None => node.hostnames.iter().cloned().collect(),
        };
        for host in hosts {
            *seen.entry(host).or_default() += 1;
        }
    }
    seen.into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(h, _)| h)
        .collect()
}
