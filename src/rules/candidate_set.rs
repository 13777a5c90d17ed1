//! `candidate-set`: a leader-discovery list that is not exactly the node set
//! of its service.

use std::collections::HashSet;

use crate::pack::{Pack, Role};
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
from the pack's default. The list must equal the nodes of that service:

- a member that is a node of another service, the load balancer, or no known
  node is an error on that member;
- each node of the service that is missing is an error on the list;
- a member listed twice is a warning.

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
pub fn judge(pack: &Pack, list: &CandidateList, texts: &mut SharedTexts) -> Vec<Judged> {
    let Some(context) = &list.service else {
        return Vec::new();
    };
    let service = context.service;
    let service_name = &pack.services[service].name;
    let sentinel_port = pack.services[service].sentinel_port;
    // What the list must hold: the service's nodes, or its Sentinel hosts.
    let (expected, what) = if list.sentinel {
        (
            pack.sentinel_hosts(service),
            format!("{service_name} Sentinel host"),
        )
    } else {
        let nodes = (0..pack.nodes.len())
            .filter(|&n| pack.nodes[n].service == service)
            .map(Role::Node)
            .collect();
        (nodes, format!("{service_name} node"))
    };
    let help = format!(
        "the {what}s are {} (the list's service comes from {})",
        expected
            .iter()
            .map(|&role| describe(pack, role))
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
    let mut present: HashSet<Role> = HashSet::new();
    for member in &list.members {
        let identity = match member.role {
            Some(role) => format!("{role:?}"),
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
        let wrong = match member.role {
            Some(role) if expected.contains(&role) && !wrong_port => {
                present.insert(role);
                None
            }
            Some(role) if expected.contains(&role) => Some(format!(
                "{}:{} is not the Sentinel port ({}) of {}",
                member.text,
                member.port.unwrap_or_default(),
                sentinel_port.unwrap_or_default(),
                describe(pack, role)
            )),
            Some(Role::Node(node)) => Some(format!(
                "{} is {} node {}, not a {what}",
                member.text, pack.services[pack.nodes[node].service].name, pack.nodes[node].name
            )),
            Some(Role::Endpoint(endpoint)) => Some(format!(
                "{} is {}, not a {what}: a discovery list probes the nodes behind it",
                member.text, pack.endpoints[endpoint].description
            )),
            Some(Role::Infrastructure(host)) => Some(format!(
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
    for role in expected.into_iter().filter(|r| !present.contains(r)) {
        let message = if list.sentinel {
            format!(
                "Sentinel list {} lacks {what} {}: a client would not follow a failover it announces",
                list.name,
                describe(pack, role)
            )
        } else {
            format!(
                "candidate list {} lacks {what} {}: a failover to it would go undetected",
                list.name,
                describe(pack, role)
            )
        };
        let name = name_of(pack, role);
        verdicts.push(on_list(
            texts,
            list,
            list.span.clone(),
            format!("missing {name}"),
            verdict(RULE.severity, message, format!("lacks {name}")),
        ));
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

/// `db-master-01 (10.0.0.120)`.
fn describe(pack: &Pack, role: Role) -> String {
    let (name, address) = match role {
        Role::Node(n) => (&pack.nodes[n].name, pack.nodes[n].address),
        Role::Endpoint(e) => (&pack.endpoints[e].name, pack.endpoints[e].address),
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
