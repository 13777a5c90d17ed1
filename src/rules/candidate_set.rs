//! `candidate-set`: a leader-discovery list that is not exactly the node set
//! of its service.

use std::collections::HashSet;

use crate::address::parse_ipv4;
use crate::pack::{Host, Pack, Role, ServiceId};
use crate::scan::{CandidateList, Enclosure};

use super::{Judged, Rule, Severity, Verdict};
use crate::finding::SharedTexts;

pub const RULE: Rule = Rule {
    id: "candidate-set",
    severity: Severity::Error,
    summary: "A leader-discovery list (CANDIDATE_IPS) is not exactly the node set of its service: a foreign or unknown member, a missing node, a duplicate (warning).",
    explanation: r#"## What it catches
A list of nodes that a script probes to find the current leader — a variable
whose name matches the pack's `[candidates]` patterns (`CANDIDATE_IPS`,
`*_CANDIDATE_IPS`, `*_CANDIDATES`), written as a shell array (`V=(a b c)`,
`V+=(…)`), a string (`V="a b c"`, `V=a,b,c`), a dotenv value or a YAML env
entry. Its service comes from the name (`PG_…`, `DB_…` → postgres,
`REDIS_…` → redis), else from the client commands used in the same file, else
from the pack's default; its cluster is the cluster of that service most of
its members belong to. The list must equal the candidate nodes of that
cluster (a node with `candidate = false` is allowed, not required):

- a member that is a node of another service, the load balancer, or no known
  node is an error on that member;
- each node of the service that is missing is an error on the list;
- a member listed twice is a warning.

A list that names nothing of the topology, not even a private address
(`REDIS_SENTINELS=redis-sentinel.redis.svc:26379`, a Kubernetes Service in
front of the Sentinels), lists another platform's hosts and is not judged.

Members of a correct list are never `node-address` findings: discovery
scripts are the one place that must name nodes.

## Why it matters
A discovery list with the wrong nodes finds no leader, or the wrong one, after
a failover; a missing node means a failover to it goes undetected. The
incident behind this rule probed three Redis nodes in a PostgreSQL list and
missed two PostgreSQL nodes.

## How to fix
List exactly the nodes the help line names, once each.

## Example
```
CANDIDATE_IPS=("10.0.0.122" "10.0.0.123" "10.0.0.124" "10.0.0.125")   # 3 foreign members, 2 missing
CANDIDATE_IPS=("10.0.0.120" "10.0.0.121" "10.0.0.122")                # correct
```
"#,
};

/// Every verdict on `list`, with the byte range each one points at.
pub fn judge(
    pack: &Pack,
    text: &str,
    list: &CandidateList,
    texts: &mut SharedTexts,
) -> Vec<Judged> {
    let Some(context) = &list.service.as_ref().filter(|_| !list.is_setting()) else {
        return Vec::new();
    };
    // A list that names nothing of the topology, not even a private address,
    // lists another platform's hosts (a Kubernetes Service in front of the
    // Sentinels, a test cluster's names): nothing to judge, as a file
    // holding none of the pack's literals is never read.
    let names_the_topology = list.members.iter().any(|member| {
        member.role.is_some() || parse_ipv4(&member.text).is_some_and(|ip| pack.is_private(ip))
    });
    if !names_the_topology {
        return Vec::new();
    }
    let service = context.service;
    let service_name = &pack.services[service].name;
    let sentinel_port = pack.services[service].sentinel_port;
    let cluster = cluster_of(pack, list, service);
    let clusters = pack.clusters_of(service).len();
    let of_cluster = if clusters > 1 {
        format!(" of cluster {cluster}")
    } else {
        String::new()
    };
    // What the list must hold (the service's candidate nodes, or its
    // Sentinel hosts), and what it may hold besides (nodes that never lead).
    let (expected, allowed, what) = if list.sentinel {
        let hosts = pack.sentinel_hosts(service, cluster);
        (
            hosts.clone(),
            hosts,
            format!("{service_name} Sentinel host"),
        )
    } else {
        let nodes: Vec<Host> = pack
            .cluster_nodes(service, cluster)
            .map(|n| Host::whole(Role::Node(n)))
            .collect();
        let candidates = nodes
            .iter()
            .copied()
            .filter(|host| matches!(host.role, Role::Node(n) if pack.nodes[n].candidate))
            .collect();
        (candidates, nodes, format!("{service_name} node"))
    };
    let help = format!(
        "the {what}s{of_cluster} are {} (the list's service comes from {})",
        expected
            .iter()
            .map(|&host| describe(pack, host))
            .collect::<Vec<_>>()
            .join(", "),
        context.because
    );
    let verdict = |severity: Severity, message: String, label: String| Verdict {
        rule: &RULE,
        severity,
        message,
        label,
        help: help.clone(),
    };
    let mut verdicts = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut present: HashSet<Host> = HashSet::new();
    for member in &list.members {
        let host = member
            .role
            .map(|role| pack.host_written(role, &member.text));
        let identity = match host {
            Some(host) => format!("{host:?}"),
            None => member.text.to_ascii_lowercase(),
        };
        if !seen.insert(identity) {
            let message = format!("{} is listed twice in {}", member.text, list.name);
            verdicts.push(on_list(
                texts,
                list,
                member.span.clone(),
                member.text.clone(),
                verdict(Severity::Warning, message, "duplicate".into()),
            ));
            continue;
        }
        let wrong_port = list.sentinel && member.port.is_some() && member.port != sentinel_port;
        let wrong = match host {
            Some(host) if allowed.contains(&host) && !wrong_port => {
                present.insert(host);
                None
            }
            Some(host) if allowed.contains(&host) => Some(format!(
                "{}:{} is not the Sentinel port ({}) of {}",
                member.text,
                member.port.unwrap_or_default(),
                sentinel_port.unwrap_or_default(),
                describe(pack, host)
            )),
            Some(Host {
                role: Role::Node(node),
                ..
            }) => {
                let node = &pack.nodes[node];
                let other_cluster = if node.service == service {
                    format!(" of cluster {}", node.cluster)
                } else {
                    String::new()
                };
                Some(format!(
                    "{} is {} node {}{other_cluster}, not a {what}{of_cluster}",
                    member.text, pack.services[node.service].name, node.name
                ))
            }
            Some(Host {
                role: Role::Endpoint(endpoint),
                ..
            }) => Some(format!(
                "{} is {}, not a {what}: a discovery list probes the nodes behind it",
                member.text, pack.endpoints[endpoint].description
            )),
            Some(Host {
                role: Role::Infrastructure(host),
                ..
            }) => Some(format!(
                "{} is {} {}, not a {what}",
                member.text, pack.infrastructure[host].description, pack.infrastructure[host].name
            )),
            None => Some(format!("{} is no known {what}", member.text)),
        };
        if let Some(message) = wrong {
            verdicts.push(on_list(
                texts,
                list,
                member.span.clone(),
                member.text.clone(),
                verdict(RULE.severity, message, format!("not a {what}")),
            ));
        }
    }
    for &host in expected.iter().filter(|h| !present.contains(h)) {
        let message = if list.sentinel {
            format!(
                "Sentinel list {} lacks {what} {}{of_cluster}: a client would not follow a failover it announces",
                list.name,
                describe(pack, host)
            )
        } else {
            format!(
                "candidate list {} lacks {what} {}{of_cluster}: a failover to it would go undetected",
                list.name,
                describe(pack, host)
            )
        };
        let name = name_of(pack, host.role);
        verdicts.push(on_list(
            texts,
            list,
            list.span.clone(),
            format!("missing {name}"),
            verdict(RULE.severity, message, format!("lacks {name}")),
        ));
    }
    // Every finding of the list carries the one fix of the whole list.
    let wrong = verdicts.iter().any(|v| v.severity == RULE.severity);
    if let Some(fix) = wrong
        .then(|| super::fixes::for_list(pack, text, list, &expected))
        .flatten()
    {
        let fix = Box::new(fix);
        for judged in &mut verdicts {
            judged.fix = Some(fix.clone());
        }
    }
    verdicts
}

/// A verdict about `list` (one of its members, or the whole list) at `span`.
fn on_list(
    texts: &mut SharedTexts,
    list: &CandidateList,
    span: std::ops::Range<usize>,
    value: String,
    verdict: Verdict,
) -> Judged {
    let identity = (texts.share(&list.name), texts.share(&value));
    Judged::new(span, identity, verdict, Enclosure::default(), texts)
}

/// The cluster of `service` a list is about: the one most of its members
/// belong to, else the service's first.
fn cluster_of<'p>(pack: &'p Pack, list: &CandidateList, service: ServiceId) -> &'p str {
    let clusters = pack.clusters_of(service);
    let members = |cluster: &str| {
        list.members
            .iter()
            .filter(|m| {
                matches!(m.role, Some(Role::Node(n))
                    if pack.nodes[n].service == service && pack.nodes[n].cluster == cluster)
            })
            .count()
    };
    // The first of the clusters with the most members.
    clusters
        .iter()
        .rev()
        .max_by_key(|cluster| members(cluster))
        .copied()
        .unwrap_or(&pack.services[service].name)
}

/// `db-master-01 (10.0.0.120)`; one host of a group by its address.
pub(super) fn describe(pack: &Pack, host: Host) -> String {
    let (name, address) = match host.role {
        Role::Node(n) => return super::describe_member(pack, n),
        Role::Endpoint(e) => (
            &pack.endpoints[e].name,
            host.address.or(pack.endpoints[e].address),
        ),
        Role::Infrastructure(i) => (&pack.infrastructure[i].name, pack.infrastructure[i].address),
    };
    match address {
        Some(address) => format!("{name} ({address})"),
        None => name.clone(),
    }
}

/// `db-master-01`.
fn name_of(pack: &Pack, role: Role) -> &str {
    match role {
        Role::Node(n) => &pack.nodes[n].name,
        Role::Endpoint(e) => &pack.endpoints[e].name,
        Role::Infrastructure(i) => &pack.infrastructure[i].name,
    }
}
