//! `candidate-set`: a leader-discovery list that is not exactly the node set
//! of its service.

use std::collections::HashSet;

use crate::pack::{Pack, Role};
use crate::scan::{CandidateList, Enclosure};

use super::{Judged, Rule, Severity, Verdict};

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
pub fn judge(pack: &Pack, list: &CandidateList) -> Vec<Judged> {
    let Some(context) = &list.service else {
        return Vec::new();
    };
    let service = context.service;
    let service_name = &pack.services[service].name;
    let expected: Vec<usize> = (0..pack.nodes.len())
        .filter(|&n| pack.nodes[n].service == service)
        .collect();
    let help = format!(
        "the {service_name} nodes are {} (the list's service comes from {})",
        expected
            .iter()
            .map(|&n| describe(pack, n))
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
    let mut present: HashSet<usize> = HashSet::new();
    for member in &list.members {
        let identity = match member.role {
            Some(Role::Node(node)) => format!("node {node}"),
            _ => member.text.to_ascii_lowercase(),
        };
        if !seen.insert(identity) {
            let message = format!("{} is listed twice in {}", member.text, list.name);
            verdicts.push(on_list(
                list,
                member.span.clone(),
                member.text.clone(),
                verdict(Severity::Warning, message, "duplicate".into()),
            ));
            continue;
        }
        let wrong = match member.role {
            Some(Role::Node(node)) if pack.nodes[node].service == service => {
                present.insert(node);
                None
            }
            Some(Role::Node(node)) => Some(format!(
                "{} is {} node {}, not a {service_name} node",
                member.text, pack.services[pack.nodes[node].service].name, pack.nodes[node].name
            )),
            Some(Role::Endpoint(endpoint)) => Some(format!(
                "{} is {}, not a {service_name} node: a discovery list probes the nodes behind it",
                member.text, pack.endpoints[endpoint].description
            )),
            Some(Role::Infrastructure(host)) => Some(format!(
                "{} is {} {}, not a {service_name} node",
                member.text, pack.infrastructure[host].description, pack.infrastructure[host].name
            )),
            None => Some(format!("{} is no known {service_name} node", member.text)),
        };
        if let Some(message) = wrong {
            verdicts.push(on_list(
                list,
                member.span.clone(),
                member.text.clone(),
                verdict(RULE.severity, message, format!("not a {service_name} node")),
            ));
        }
    }
    for node in expected.into_iter().filter(|n| !present.contains(n)) {
        let message = format!(
            "candidate list {} lacks {service_name} node {}: a failover to it would go undetected",
            list.name,
            describe(pack, node)
        );
        let value = format!("missing {}", pack.nodes[node].name);
        verdicts.push(on_list(
            list,
            list.span.clone(),
            value,
            verdict(
                RULE.severity,
                message,
                format!("lacks {}", pack.nodes[node].name),
            ),
        ));
    }
    verdicts
}

/// `db-master-01 (10.0.0.120)`.
/// A verdict about `list` (one of its members, or the whole list) at `span`.
fn on_list(
    list: &CandidateList,
    span: std::ops::Range<usize>,
    value: String,
    verdict: Verdict,
) -> Judged {
    Judged {
        span,
        locator: list.name.clone(),
        value,
        verdict,
        enclosure: Enclosure::default(),
    }
}

fn describe(pack: &Pack, node: usize) -> String {
    let node = &pack.nodes[node];
    match node.address {
        Some(address) => format!("{} ({address})", node.name),
        None => node.name.clone(),
    }
}
