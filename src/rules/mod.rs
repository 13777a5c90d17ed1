//! Rules: one file per rule, each with its id, severity, documentation and
//! the findings it builds. Rules read references, never files; they decide,
//! never print. [`judge_file`] owns the judgement of one file: references,
//! lists and notes, and which rule wins where several judge one span.

pub mod candidate_set;
pub mod cross_service;
pub mod endpoint_bypass;
pub mod endpoint_port;
pub mod fixes;
pub mod new_exception;
pub mod node_address;
pub mod parse_error;
pub mod read_error;
pub mod selection;
pub mod unused_allow;
pub mod unused_suppression;

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

pub use crate::finding::{Rule, Severity};

use crate::address::{Form, Target};
use crate::finding::{Finding, Fix, LineIndex, SharedTexts, fingerprint};
use crate::pack::{AllowEntry, Endpoint, Pack, Role, ServiceId};
use crate::scan::{Enclosure, FileScan, Reference, indexed_lists, sentinel_port_lists};
use crate::suppress::inline::Suppression;

/// Every rule, in order of precedence: where several judge the same span, the
/// first (the most specific) wins.
pub const ALL: &[&Rule] = &[
    &candidate_set::RULE,
    &cross_service::RULE,
    &endpoint_port::RULE,
    &node_address::RULE,
    &endpoint_bypass::RULE,
    &unused_suppression::RULE,
    &unused_allow::RULE,
    &new_exception::RULE,
    &parse_error::RULE,
    &read_error::RULE,
];

/// Precedence of a rule where several judge the same span (lower wins).
pub fn precedence(rule: &Rule) -> usize {
    ALL.iter()
        .position(|r| r.id == rule.id)
        .unwrap_or(ALL.len())
}

pub fn by_id(id: &str) -> Option<&'static Rule> {
    ALL.iter().copied().find(|rule| rule.id == id)
}

/// What a rule concluded about one reference.
#[derive(Debug, Clone)]
pub struct Verdict {
    pub rule: &'static Rule,
    /// The rule's severity, or a lower one (a duplicate list member is a warning).
    pub severity: Severity,
    pub message: String,
    /// A few words under the span in rich output.
    pub label: String,
    pub help: String,
}

/// A verdict with where it points, before positions and fingerprints. The
/// texts many verdicts repeat are shared.
pub struct Judged {
    pub span: Range<usize>,
    /// Structural locator for the fingerprint.
    pub locator: Arc<str>,
    /// What the verdict is about, as written.
    pub value: Arc<str>,
    pub rule: &'static Rule,
    pub severity: Severity,
    pub message: String,
    pub label: Arc<str>,
    pub help: Arc<str>,
    pub enclosure: Enclosure,
    pub fix: Option<Box<Fix>>,
}

impl Judged {
    /// `verdict` at `span`, its label and help shared through `texts`.
    pub fn new(
        span: Range<usize>,
        (locator, value): (Arc<str>, Arc<str>),
        verdict: Verdict,
        enclosure: Enclosure,
        texts: &mut SharedTexts,
    ) -> Judged {
        Judged {
            span,
            locator,
            value,
            rule: verdict.rule,
            severity: verdict.severity,
            message: verdict.message,
            label: texts.share(&verdict.label),
            help: texts.share(&verdict.help),
            enclosure,
            fix: None,
        }
    }
}

/// Judges one reference: the verdict of the most specific rule that fires
/// (`listed` holds the nodes its list names with it, itself included, if
/// it is in one). The rules are asked in order of precedence, so those
/// after the first that fires never word a verdict.
pub fn judge(
    pack: &Pack,
    reference: &Reference,
    listed: Option<&HashSet<usize>>,
) -> Option<Verdict> {
    cross_service::judge(pack, reference)
        .or_else(|| endpoint_port::judge(pack, reference))
        .or_else(|| node_address::judge(pack, reference, listed))
        .or_else(|| endpoint_bypass::judge(pack, reference))
}

/// Judges everything a scanner saw in one file of `text_len` bytes: each
/// reference, each leader-discovery list, each parse note. One span keeps
/// the verdicts of its most specific rule only. Consumes the references, so
/// that a file with many findings holds one copy of each, not two.
pub fn judge_file(pack: &Pack, text: &str, scan: &mut FileScan) -> Vec<Judged> {
    number_groups(pack, scan);
    sentinel_port_lists(pack, scan);
    indexed_lists(scan);
    let mut group_sizes = vec![0usize; scan.groups.len()];
    for group in scan.references.iter().filter_map(|r| r.group) {
        group_sizes[group] += 1;
    }
    let listed = group_nodes(scan);
    let sets = node_sets(pack, scan, &listed);
    let mut texts = SharedTexts::default();
    let decoded_fixes = fixes::for_decoded(pack, text, &scan.references, |r| {
        let nodes = r.group.and_then(|g| listed[g].as_ref());
        judge(pack, r, nodes).map(|v| v.rule)
    });
    let host_list_fixes =
        fixes::for_host_lists(pack, text, &scan.references, |g| scan.groups[g].connection);
    let mut references = std::mem::take(&mut scan.references);
    // At most one verdict per reference, then the lists' own: reserved once,
    // as a vector grown by doubling would hold both its copies at a time.
    let mut judged: Vec<Judged> = Vec::with_capacity(references.len());
    // From the end, giving memory back as the references are judged: with
    // many findings in one file, the references and the verdicts are not
    // both held whole (the order is restored by the sort below).
    while let Some(reference) = references.pop() {
        if references.capacity() > 4096 && references.len() < references.capacity() / 2 {
            references.shrink_to_fit();
        }
        let in_set = reference.group.is_some_and(|g| sets[g]);
        let nodes = reference.group.and_then(|g| listed[g].as_ref());
        let Some(verdict) = judge(pack, &reference, nodes)
            .filter(|v| !(in_set && v.rule.id == node_address::RULE.id))
        else {
            continue;
        };
        let alone = reference.group.is_none_or(|g| group_sizes[g] < 2);
        let span = &reference.hit.span;
        let fix = match (&reference.decoded, reference.group) {
            // One fix per encoded value, on each of its findings.
            (Some(_), _) => decoded_fixes.get(&(span.start, span.end)).cloned(),
            // One fix per host list, on each of its findings.
            (None, Some(group)) if !alone => host_list_fixes.get(&group).cloned(),
            (None, _) => fixes::for_reference(pack, text, &reference, verdict.rule, alone),
        };
        let verdict = match &reference.decoded {
            Some(decoded) => Verdict {
                message: format!("{} ({})", verdict.message, decoded.how),
                ..verdict
            },
            None => verdict,
        };
        let mut one = Judged::new(
            reference.hit.span,
            (reference.locator, reference.value),
            verdict,
            reference.enclosure,
            &mut texts,
        );
        one.fix = fix.map(|fix| Box::new(fix.shared(&mut texts)));
        judged.push(one);
    }
    for list in &scan.lists {
        judged.extend(candidate_set::judge(pack, text, list, &mut texts));
    }
    for note in &scan.parse_errors {
        judged.push(parse_error::judge(note, text.len(), &mut texts));
    }
    // Sorted so: the first verdict of each span holds the winning precedence.
    judged.sort_by_key(|j| (j.span.start, j.span.end, precedence(j.rule)));
    let mut winner: Option<(Range<usize>, usize)> = None;
    judged.retain(|j| {
        let precedence = precedence(j.rule);
        match &winner {
            Some((span, best)) if *span == j.span => precedence == *best,
            _ => {
                winner = Some((j.span.clone(), precedence));
                true
            }
        }
    });
    // The same verdict twice on one span (a partial list's member, and that
    // item read alone as a host) is one finding. Compacted in place: with
    // many findings in one file, a second vector of them would double the
    // peak.
    let mut kept = 0;
    let mut span_start = 0;
    for at in 0..judged.len() {
        if kept == 0 || judged[kept - 1].span != judged[at].span {
            span_start = kept;
        }
        let one = &judged[at];
        let repeated = judged[span_start..kept]
            .iter()
            .any(|earlier| earlier.rule.id == one.rule.id && earlier.message == one.message);
        if !repeated {
            judged.swap(kept, at);
            kept += 1;
        }
    }
    judged.truncate(kept);
    judged
}

/// Numbered keys of one file (`NODE1_IP`, `NODE2_IP`, `NODE3_IP`), or of one
/// YAML or JSON mapping, are one list, as if written in one value.
fn number_groups(pack: &Pack, scan: &mut FileScan) {
    let numbered = |key: &str| -> Option<String> {
        let mut shape = String::with_capacity(key.len());
        let mut digits = false;
        for c in key.chars() {
            if c.is_ascii_digit() {
                if !digits {
                    shape.push('#');
                }
                digits = true;
            } else {
                shape.push(c.to_ascii_lowercase());
                digits = false;
            }
        }
        shape.contains('#').then_some(shape)
    };
    let mut shapes: Vec<(Vec<usize>, HashSet<String>)> = Vec::new();
    let mut shape_index: HashMap<String, usize> = HashMap::new();
    for (index, reference) in scan.references.iter().enumerate() {
        if reference.group.is_some() {
            continue;
        }
        // The key holding a whole item counts (`TARGETS[0]=host=… port=…`),
        // else the address's own.
        let enclosure = &reference.enclosure;
        // In a tree, the path before the key: the mapping that holds it.
        let mapping = |key: &str| {
            reference
                .locator
                .strip_suffix(key)
                .and_then(|path| path.strip_suffix('.'))
        };
        let own = [&enclosure.surroundings().outer_key, &enclosure.key]
            .into_iter()
            .flatten()
            .find_map(|key| Some((key.to_string(), numbered(key)?)));
        let Some((key, shape)) = own.or_else(|| {
            // A numbered mapping of mappings (`pg1: {host: …}`, `pg2: …`):
            // the item's key is the one above the address's own.
            let key = enclosure.key.as_deref()?;
            let item = mapping(key)?.rsplit('.').next()?;
            Some((
                format!("{item}.{key}"),
                format!("{}.{key}", numbered(item)?),
            ))
        }) else {
            continue;
        };
        // Two mappings are two lists (`all: {pg1: …, pg2: …}`, `replicas: {pg2: …}`).
        let shape = match mapping(&key) {
            Some(mapping) => format!("{mapping}.{shape}"),
            None => shape,
        };
        // Indexed by shape: a file of many mappings stays linear.
        match shape_index.get(&shape) {
            Some(&at) => {
                let (members, keys) = &mut shapes[at];
                members.push(index);
                keys.insert(key);
            }
            None => {
                shape_index.insert(shape, shapes.len());
                shapes.push((vec![index], HashSet::from([key])));
            }
        }
    }
    for (members, keys) in shapes {
        if keys.len() < 2 {
            continue;
        }
        let connection = keys.iter().any(|k| pack.service_of_key(k).is_some());
        let group = scan.group(connection);
        for index in members {
            scan.references[index].group = Some(group);
        }
    }
}

/// The nodes each group names, or `None` for a group that names anything
/// else too (an endpoint, an unknown address).
fn group_nodes(scan: &FileScan) -> Vec<Option<HashSet<usize>>> {
    let mut members: Vec<Option<HashSet<usize>>> = vec![Some(HashSet::new()); scan.groups.len()];
    for reference in &scan.references {
        let Some(group) = reference.group else {
            continue;
        };
        match (reference.hit.target, &mut members[group]) {
            (Target::Known(Role::Node(node)), Some(nodes)) => {
                nodes.insert(node);
            }
            (_, slot) => *slot = None,
        }
    }
    members
}

/// Which groups are node sets: every member a node, and every node of each
/// cluster they touch listed. Such a list (an inventory, a firewall rule, a
/// loop over all nodes) survives any failover; in a connection, only a
/// cluster without an endpoint is reached that way (Redis Cluster seeds).
fn node_sets(pack: &Pack, scan: &FileScan, listed: &[Option<HashSet<usize>>]) -> Vec<bool> {
    scan.groups
        .iter()
        .zip(listed)
        .map(|(group, nodes)| {
            let Some(nodes) = nodes.as_ref().filter(|nodes| !nodes.is_empty()) else {
                return false;
            };
            let clusters: HashSet<(ServiceId, &str)> = nodes
                .iter()
                .map(|&n| (pack.nodes[n].service, pack.nodes[n].cluster.as_str()))
                .collect();
            let complete = clusters.iter().all(|&(service, cluster)| {
                pack.cluster_nodes(service, cluster)
                    .all(|n| nodes.contains(&n))
            });
            let reachable = !group.connection
                || clusters
                    .iter()
                    .all(|&(service, cluster)| !pack.cluster_has_endpoint(service, cluster));
            complete && reachable
        })
        .collect()
}

/// A finding on a suppression comment itself (`topolint: allow(…) reason`),
/// identified by the comment's text; `verdict` is given that text.
fn on_suppression(
    path: &str,
    text: &str,
    lines: &LineIndex,
    suppression: &Suppression,
    verdict: impl FnOnce(&str) -> Verdict,
) -> Finding {
    let written = text[suppression.span.clone()].trim_end().to_string();
    let span = suppression.span.start..suppression.span.start + written.len();
    let verdict = verdict(&written);
    Finding {
        rule: verdict.rule,
        severity: verdict.severity,
        path: Arc::from(path),
        start: lines.position(span.start),
        end: lines.position(span.end),
        span,
        message: verdict.message.into(),
        label: Arc::from(verdict.label),
        help: Arc::from(verdict.help),
        fingerprint: fingerprint(verdict.rule.id, path, &written, "", 0),
        fix: None,
    }
}

/// The message of a finding that only an expired allowlist entry would hide.
pub fn with_expired_allow(message: &str, entry: &AllowEntry) -> String {
    let expires = entry.expires.map(|d| d.to_string()).unwrap_or_default();
    format!(
        "{message} (the allow entry at {}, expired on {expires})",
        entry.describe()
    )
}

/// `use the load balancer 10.0.0.10:5432` for `service` (its `cluster`
/// when known); where the pack has no endpoint for it, what a client must
/// do instead, never a load balancer that does not exist.
fn endpoint_advice(
    pack: &Pack,
    service: ServiceId,
    cluster: Option<&str>,
    used_port: Option<u16>,
) -> String {
    match pack.endpoint_for(service, cluster, used_port) {
        Some((endpoint, port)) => use_endpoint(pack, service, endpoint, port, used_port),
        None => {
            let name = &pack.services[service].name;
            let cluster = cluster.unwrap_or(name);
            let nodes: Vec<String> = pack
                .cluster_nodes(service, cluster)
                .map(|n| describe_member(pack, n))
                .collect();
            format!(
                "{name} cluster {cluster} has no endpoint: a client lists every node ({})",
                nodes.join(", ")
            )
        }
    }
}

/// `use the load balancer 10.0.0.10:5432`: `endpoint` on `port` for a
/// connection to `service` on `used_port`, through a Sentinel-aware client
/// where `port` is a Sentinel's and the connection speaks the data protocol.
fn use_endpoint(
    pack: &Pack,
    service: ServiceId,
    endpoint: &Endpoint,
    port: u16,
    used_port: Option<u16>,
) -> String {
    let through = if pack.is_sentinel_advice(service, port, used_port) {
        " through a Sentinel-aware client"
    } else {
        ""
    };
    format!(
        "use {} {}:{port}{through}",
        endpoint.description,
        endpoint.host()
    )
}

/// `db-master-01 (10.0.0.120)`, or the name alone for a node without address.
fn describe_member(pack: &Pack, node: usize) -> String {
    let node = &pack.nodes[node];
    match (node.address, node.port) {
        (Some(address), Some(port)) => format!("{} ({address}:{port})", node.name),
        (Some(address), None) => format!("{} ({address})", node.name),
        (None, _) => node.name.clone(),
    }
}

/// Whether a reference counts at all: an IP literal always does; a hostname
/// only where it is used as a network host.
fn is_configuration(reference: &Reference) -> bool {
    reference.hit.form == Form::Ip || reference.as_host
}

/// `postgres node db-slave-01`.
fn describe_node(pack: &Pack, node: usize) -> String {
    let node = &pack.nodes[node];
    format!("{} node {}", pack.services[node.service].name, node.name)
}

/// How to name what was written: the address, plus the node's address when a
/// hostname was written (`db-slave-02 (10.0.0.122)`), each with the port of
/// a node that its port tells apart (`localhost:5433 (127.0.0.1:5433)`).
fn written(pack: &Pack, reference: &Reference) -> String {
    let text = &reference.value;
    let Target::Known(Role::Node(node)) = reference.hit.target else {
        return text.to_string();
    };
    let node = &pack.nodes[node];
    let port = node
        .port
        .map_or_else(String::new, |port| format!(":{port}"));
    match (reference.hit.form, node.address) {
        (Form::Hostname, Some(address)) => format!("{text}{port} ({address}{port})"),
        _ => format!("{text}{port}"),
    }
}

#[cfg(test)]
mod tests {
    use crate::pack::Pack;

    #[test]
    fn packs_know_every_rule_by_its_id() {
        let ids: Vec<&str> = super::ALL.iter().map(|rule| rule.id).collect();
        assert_eq!(ids, crate::pack::KNOWN_RULES);
    }

    #[test]
    fn reference_rules_are_asked_in_order_of_precedence() {
        // `judge` stops at the first rule that fires.
        let asked = [
            &super::cross_service::RULE,
            &super::endpoint_port::RULE,
            &super::node_address::RULE,
            &super::endpoint_bypass::RULE,
        ];
        assert!(
            asked
                .windows(2)
                .all(|pair| super::precedence(pair[0]) < super::precedence(pair[1]))
        );
    }

    #[test]
    fn advice_names_the_endpoint_and_the_port_of_the_service() {
        let pack = Pack::builtin().expect("the built-in pack is valid");
        let postgres = pack.service_id("postgres").expect("postgres service");
        let redis = pack.service_id("redis").expect("redis service");
        assert_eq!(
            super::endpoint_advice(&pack, postgres, None, None),
            "use the load balancer 10.0.0.10:5432"
        );
        assert_eq!(
            super::endpoint_advice(&pack, redis, None, Some(26379)),
            "use the load balancer 10.0.0.10:6379"
        );
        let custom = Pack::from_toml(
            "custom.toml",
            "[service.mysql]\nports = 3306\nschemes = [\"mysql\"]\n[[endpoint]]\nname = \"proxy\"\naddress = \"192.168.0.5\"\nports = { mysql = 3306 }\n[[node]]\nname = \"m1\"\naddress = \"192.168.0.21\"\nservice = \"mysql\"\n",
        )
        .expect("valid pack");
        assert_eq!(
            super::endpoint_advice(&custom, 0, None, None),
            "use endpoint proxy 192.168.0.5:3306"
        );
        // A data connection is pointed at a data port, whatever the order;
        // where only Sentinels are, at them through a Sentinel-aware client.
        let sentinels = |ports: &str| {
            Pack::from_toml(
                "sentinels.toml",
                &format!("extends = \"base\"\n[[endpoint]]\nname = \"s\"\naddress = \"10.3.0.5\"\nports = {{ redis = {ports} }}\n[[node]]\nname = \"r1\"\naddress = \"10.3.0.11\"\nservice = \"redis\"\n"),
            )
            .expect("valid pack")
        };
        let both = sentinels("[26379, 6379]");
        let redis = both.service_id("redis").expect("redis service");
        assert_eq!(
            super::endpoint_advice(&both, redis, None, None),
            "use endpoint s 10.3.0.5:6379"
        );
        assert_eq!(
            super::endpoint_advice(&both, redis, None, Some(26379)),
            "use endpoint s 10.3.0.5:26379"
        );
        let only = sentinels("26379");
        assert_eq!(
            super::endpoint_advice(&only, redis, None, Some(6379)),
            "use endpoint s 10.3.0.5:26379 through a Sentinel-aware client"
        );
        assert_eq!(
            super::endpoint_advice(&only, redis, None, Some(26379)),
            "use endpoint s 10.3.0.5:26379"
        );
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! Judge a snippet end to end (scanner + rules) in unit tests.
    use std::path::Path;

    use crate::pack::Pack;
    use crate::scan::{FileKind, Scanner};

    /// `(rule id, the text of the span)` for each finding in `text` read as `file`.
    pub fn check(file: &str, text: &str) -> Vec<(&'static str, String)> {
        let pack = Pack::builtin().expect("the built-in pack is valid");
        check_with(&pack, file, text)
    }

    /// As [`check`], with `pack`; lists and node sets judged as in a file.
    pub fn check_with(pack: &Pack, file: &str, text: &str) -> Vec<(&'static str, String)> {
        judged(pack, file, text)
            .into_iter()
            .map(|j| (j.rule.id, text[j.span].to_string()))
            .collect()
    }

    /// Every verdict of `pack` on `text` read as `file`, in order.
    pub fn judged(pack: &Pack, file: &str, text: &str) -> Vec<super::Judged> {
        let scanner = Scanner::new(pack);
        let mut scan = scanner.scan(FileKind::of(Path::new(file)), text);
        super::judge_file(pack, text, &mut scan)
    }

    /// The message and help of each verdict of `pack` on `text`.
    pub fn verdicts_with(pack: &Pack, file: &str, text: &str) -> Vec<super::Verdict> {
        judged(pack, file, text)
            .into_iter()
            .map(|j| super::Verdict {
                rule: j.rule,
                severity: j.severity,
                message: j.message,
                label: j.label.to_string(),
                help: j.help.to_string(),
            })
            .collect()
    }

    /// The message and help of the only finding in `text`.
    pub fn only_verdict(file: &str, text: &str) -> (String, String) {
        let pack = Pack::builtin().expect("the built-in pack is valid");
        let scanner = Scanner::new(&pack);
        let verdicts: Vec<_> = scanner
            .scan(FileKind::of(Path::new(file)), text)
            .references
            .iter()
            .filter_map(|r| super::judge(&pack, r, None))
            .collect();
        assert_eq!(
            verdicts.len(),
            1,
            "expected one finding in {text:?}, got {verdicts:?}"
        );
        (verdicts[0].message.clone(), verdicts[0].help.clone())
    }
}
