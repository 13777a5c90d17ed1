//! Fixes: the repair of a finding where the pack gives exactly one right
//! answer (safe), or a likely one (unsafe, applied only with `--unsafe`).
//! A fix replaces the bytes of its span only — the address, its port, a
//! list's members — so quoting, separators and the rest of the line stay.
//!
//! - `node-address` in a connection whose service is known: that service's
//!   endpoint (of the node's cluster), with a port it serves (safe); without
//!   a service context, unsafe.
//! - `endpoint-port`: the endpoint's port for the service (safe).
//! - `cross-service` (was the address wrong, or the key?) and
//!   `endpoint-bypass`: the endpoint of the context's service (unsafe).
//! - `candidate-set`: the list becomes exactly the candidate nodes of its
//!   cluster, in its own separators and quoting (safe).
//!
//! An address in a base64 `Secret.data` value is fixed in the decoded text,
//! encoded again. No fix where the pack has no endpoint for the service, or
//! for one host of a multi-host connection.

use std::collections::HashMap;
use std::ops::Range;

use crate::address::{Form, Target};
use crate::finding::{Fix, Replacement};
use crate::pack::{Endpoint, Host, Pack, Role};
use crate::scan::{CandidateList, Reference};

use super::{Rule, cross_service, endpoint_bypass, endpoint_port, node_address, use_endpoint};

/// The fix of `rule`'s finding on `reference` in `text`; `alone`: it is no
/// member of a list of several hosts. (Addresses found decoded are fixed
/// per value, by [`for_decoded`].)
pub fn for_reference(
    pack: &Pack,
    text: &str,
    reference: &Reference,
    rule: &Rule,
    alone: bool,
) -> Option<Fix> {
    if reference.decoded.is_some() || !alone {
        return None;
    }
    let (replacement, description, safe) =
        replacement_in(pack, text, reference.hit.span.clone(), reference, rule)?;
    Some(Fix {
        description: description.into(),
        safe,
        replacements: vec![replacement],
    })
}

/// The repair of `reference` written at `span` of `text` (the file, or a
/// decoded value): the replacement, what it does, and whether it is safe.
fn replacement_in(
    pack: &Pack,
    text: &str,
    span: Range<usize>,
    reference: &Reference,
    rule: &Rule,
) -> Option<(Replacement, String, bool)> {
    let hit = &reference.hit;
    if rule.id == endpoint_port::RULE.id {
        let Target::Known(Role::Endpoint(e)) = hit.target else {
            return None;
        };
        let context = reference.context.as_ref()?;
        let endpoint = &pack.endpoints[e];
        let port = pack.port_to_suggest(context.service, endpoint, reference.port)?;
        if pack.is_sentinel_advice(context.service, port, reference.port) {
            return None; // a client that speaks to Sentinel, not another port
        }
        let written = written_port(text, span.end)?;
        let replacement = Replacement {
            start: written.start,
            end: written.end,
            text: port.to_string().into(),
        };
        return Some((
            replacement,
            format!("use port {port} of {}", endpoint.description),
            true,
        ));
    }
    let (service, cluster, safe) = if rule.id == node_address::RULE.id {
        let Target::Known(Role::Node(n)) = hit.target else {
            return None;
        };
        let node = &pack.nodes[n];
        (
            node.service,
            Some(node.cluster.as_str()),
            reference.context.is_some(),
        )
    } else if rule.id == cross_service::RULE.id || rule.id == endpoint_bypass::RULE.id {
        (reference.context.as_ref()?.service, None, false)
    } else {
        return None;
    };
    if reference.port.is_some_and(|port| !pack.knows_port(port))
        || pack.sentinel_port_unserved(service, cluster, reference.port)
    {
        return None; // another program on the machine, or a Sentinel: the endpoint serves neither
    }
    let (endpoint, port) = pack.endpoint_for(service, cluster, reference.port)?;
    if pack.is_sentinel_advice(service, port, reference.port) {
        return None; // a client that speaks to Sentinel, not another address
    }
    let replacement = to_endpoint(text, span, hit.form, endpoint, port, reference.port)?;
    let description = use_endpoint(pack, service, endpoint, port, reference.port);
    Some((replacement, description, safe))
}

/// The fixes of addresses found in base64 `Secret.data` values: per value,
/// decoded, every fixable address of it rewritten, encoded again in the
/// same style (padding kept), as one replacement of the encoded scalar.
/// `rule_of` says which rule judged each reference.
pub fn for_decoded(
    pack: &Pack,
    text: &str,
    references: &[Reference],
    rule_of: impl Fn(&Reference) -> Option<&'static Rule>,
) -> HashMap<(usize, usize), Fix> {
    use base64::Engine;
    let mut by_value: HashMap<(usize, usize), Vec<(&Reference, &'static Rule)>> = HashMap::new();
    for reference in references.iter().filter(|r| r.decoded.is_some()) {
        if let Some(rule) = rule_of(reference) {
            let span = &reference.hit.span;
            by_value
                .entry((span.start, span.end))
                .or_default()
                .push((reference, rule));
        }
    }
    let mut fixes = HashMap::new();
    for ((start, end), judged) in by_value {
        let Some(encoded) = text.get(start..end) else {
            continue;
        };
        if encoded.bytes().any(|b| b.is_ascii_whitespace()) {
            continue; // a folded value: re-encoding could not keep its layout
        }
        let padded = encoded.ends_with('=') || encoded.len() % 4 == 0;
        let engine = if padded {
            base64::engine::general_purpose::STANDARD
        } else {
            base64::engine::general_purpose::STANDARD_NO_PAD
        };
        let Some(decoded) = engine
            .decode(encoded)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
        else {
            continue;
        };
        let mut replacements = Vec::new();
        let mut descriptions = Vec::new();
        let mut safe = true;
        for (reference, rule) in judged {
            let Some(inner) = reference.decoded.as_ref().map(|d| d.span.clone()) else {
                continue;
            };
            if let Some((replacement, description, is_safe)) =
                replacement_in(pack, &decoded, inner, reference, rule)
            {
                replacements.push(replacement);
                if !descriptions.contains(&description) {
                    descriptions.push(description);
                }
                safe &= is_safe;
            }
        }
        if replacements.is_empty() {
            continue;
        }
        replacements.sort_by_key(|r| (r.start, r.end));
        let ordered: Vec<&Replacement> = replacements.iter().collect();
        let (fixed, _) = Replacement::apply_all(&decoded, &ordered);
        fixes.insert(
            (start, end),
            Fix {
                description: format!(
                    "{} (in the base64 Secret data, encoded again)",
                    descriptions.join("; ")
                )
                .into(),
                safe,
                replacements: vec![Replacement {
                    start,
                    end,
                    text: engine.encode(fixed).into(),
                }],
            },
        );
    }
    fixes
}

/// The fixes of multi-host connections whose hosts are all nodes of one
/// service (`jdbc:postgresql://a:5432,b:5432/db`, `postgresql://a,b/db`,
/// `PGHOST=a,b,c`): the whole host list becomes the one endpoint. Per group,
/// for each of its findings; only where the hosts stand side by side
/// (separated by a comma, each with its `:port` or none).
pub fn for_host_lists(
    pack: &Pack,
    text: &str,
    references: &[Reference],
    connection: impl Fn(usize) -> bool,
) -> HashMap<usize, Fix> {
    let mut members: HashMap<usize, Vec<&Reference>> = HashMap::new();
    for reference in references {
        if let Some(group) = reference.group.filter(|&g| connection(g)) {
            members.entry(group).or_default().push(reference);
        }
    }
    let mut fixes = HashMap::new();
    for (group, mut hosts) in members {
        if hosts.len() < 2 || hosts.iter().any(|r| r.decoded.is_some()) {
            continue;
        }
        hosts.sort_by_key(|r| r.hit.span.start);
        let nodes: Option<Vec<usize>> = hosts
            .iter()
            .map(|r| match r.hit.target {
                Target::Known(Role::Node(n)) => Some(n),
                _ => None,
            })
            .collect();
        let Some(nodes) = nodes else { continue };
        let service = pack.nodes[nodes[0]].service;
        let cluster = pack.nodes[nodes[0]].cluster.as_str();
        let one_cluster = nodes
            .iter()
            .all(|&n| pack.nodes[n].service == service && pack.nodes[n].cluster == cluster);
        let context = hosts[0].context.as_ref().map(|c| c.service);
        if !one_cluster || context.is_some_and(|c| c != service) {
            continue;
        }
        // Side by side: `HOST[:PORT],HOST[:PORT]`.
        let mut end = hosts[0].hit.span.end;
        let mut adjacent = true;
        for next in &hosts[1..] {
            let between = text.get(end..next.hit.span.start).unwrap_or("");
            let port = between.strip_prefix(':').map_or(0, |rest| {
                1 + rest.bytes().take_while(u8::is_ascii_digit).count()
            });
            adjacent &= &between[port.min(between.len())..] == ",";
            end = next.hit.span.end;
        }
        if !adjacent {
            continue;
        }
        let last = hosts[hosts.len() - 1];
        let Some((endpoint, port)) = pack
            .endpoint_for(service, Some(cluster), last.port)
            .filter(|&(_, port)| !pack.is_sentinel_advice(service, port, last.port))
        else {
            continue;
        };
        let host = match endpoint.address {
            Some(address) => address.to_string(),
            None => match endpoint.hostnames.first() {
                Some(hostname) => hostname.clone(),
                None => continue,
            },
        };
        let (end, replacement) = match written_port(text, end) {
            Some(written) => (written.end, format!("{host}:{port}")),
            None => (end, host),
        };
        fixes.insert(
            group,
            Fix {
                description: format!(
                    "use {} {}:{port} instead of the node list",
                    endpoint.description,
                    endpoint.host()
                )
                .into(),
                safe: context.is_some(),
                replacements: vec![Replacement {
                    start: hosts[0].hit.span.start,
                    end,
                    text: replacement.into(),
                }],
            },
        );
    }
    fixes
}

/// The bytes of the port written right after an address (`:5432`).
fn written_port(text: &str, end: usize) -> Option<Range<usize>> {
    let rest = text.get(end..)?.strip_prefix(':')?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    (digits > 0).then(|| end + 1..end + 1 + digits)
}

/// The address at `span` (and its DNS suffix, and its `:port` where the
/// endpoint does not serve it) rewritten to `endpoint` with `port`. `None`
/// where the port came from elsewhere (a libpq `port=`) and is wrong for
/// the endpoint: one replacement could not make it right.
fn to_endpoint(
    text: &str,
    span: Range<usize>,
    form: Form,
    endpoint: &Endpoint,
    port: u16,
    used_port: Option<u16>,
) -> Option<Replacement> {
    let host = match (form, endpoint.address, endpoint.hostnames.first()) {
        (Form::Hostname, _, Some(hostname)) => hostname.clone(),
        (_, Some(address), _) => address.to_string(),
        (_, None, Some(hostname)) => hostname.clone(),
        (_, None, None) => return None,
    };
    let mut end = span.end;
    if form == Form::Hostname {
        // `db-slave-02.internal` is one name: the whole name is replaced.
        let bytes = text.as_bytes();
        while end < bytes.len()
            && (bytes[end].is_ascii_alphanumeric() || bytes[end] == b'.' || bytes[end] == b'-')
        {
            end += 1;
        }
        while end > span.end && bytes[end - 1] == b'.' {
            end -= 1;
        }
    }
    match written_port(text, end) {
        Some(written) if used_port != Some(port) => Some(Replacement {
            start: span.start,
            end: written.end,
            text: format!("{host}:{port}").into(),
        }),
        None if used_port.is_some_and(|used| used != port) => None,
        _ => Some(Replacement {
            start: span.start,
            end,
            text: host.into(),
        }),
    }
}

/// The fix of a wrong leader-discovery or Sentinel list: exactly `expected`,
/// written as its members are (addresses or names, with the separators
/// between them). `None` for a list of fewer than two members (no separator
/// to follow) or with uneven separators.
pub fn for_list(pack: &Pack, text: &str, list: &CandidateList, expected: &[Host]) -> Option<Fix> {
    let members = &list.members;
    let ported = expected
        .iter()
        .any(|host| matches!(host.role, Role::Node(n) if pack.nodes[n].port.is_some()));
    if members.len() < 2 || expected.is_empty() || ported {
        return None;
    }
    let separator = text.get(members[0].span.end..members[1].span.start)?;
    if !repeats_as_is(separator) {
        return None;
    }
    let even = members
        .windows(2)
        .all(|pair| text.get(pair[0].span.end..pair[1].span.start) == Some(separator));
    if !even {
        return None;
    }
    let as_addresses = crate::address::parse_ipv4(&members[0].text).is_some();
    let written: Option<Vec<String>> = expected
        .iter()
        .map(|host| host_text(pack, *host, as_addresses))
        .collect();
    let written = written?;
    let region = members[0].span.start..members[members.len() - 1].span.end;
    let replacement = written.join(separator);
    (text.get(region.clone())? != replacement).then(|| Fix {
        description: format!("list exactly {}", written.join(", ")).into(),
        safe: true,
        replacements: vec![Replacement {
            start: region.start,
            end: region.end,
            text: replacement.into(),
        }],
    })
}

/// Whether what separates a list's members can be written again between
/// more members: delimiters, quotes, blanks and ports, but no key of each
/// member (`V[1]=`, `nodes[1]:`) and no name bound to it (`db-2=http://`),
/// which repeated would name every new member alike.
fn repeats_as_is(separator: &str) -> bool {
    let indexed = separator
        .match_indices('[')
        .any(|(at, _)| separator[at + 1..].starts_with(|c: char| c.is_ascii_digit()));
    !separator.contains('=') && !indexed
}

/// How a list member names `host`: its address, or its first hostname.
fn host_text(pack: &Pack, host: Host, as_address: bool) -> Option<String> {
    if let Some(address) = host.address {
        return Some(address.to_string());
    }
    let (address, hostnames) = match host.role {
        Role::Node(n) => (pack.nodes[n].address, &pack.nodes[n].hostnames),
        Role::Endpoint(e) => (pack.endpoints[e].address, &pack.endpoints[e].hostnames),
        Role::Infrastructure(i) => (
            pack.infrastructure[i].address,
            &pack.infrastructure[i].hostnames,
        ),
    };
    match (as_address, address, hostnames.first()) {
        (true, Some(address), _) | (false, Some(address), None) => Some(address.to_string()),
        (_, _, Some(hostname)) => Some(hostname.clone()),
        (_, None, None) => None,
    }
}
