//! `node-address`: a node's address or hostname used as configuration.

use crate::address::Target;
use crate::pack::{Pack, Role};
use crate::scan::Reference;

use std::collections::HashSet;

use super::{
    Rule, Severity, Verdict, describe_member, describe_node, endpoint_advice, is_configuration,
    written,
};

pub const RULE: Rule = Rule {
    id: "node-address",
    severity: Severity::Error,
    summary: "A database or Redis node is referenced directly instead of the load balancer.",
    explanation: r#"## What it catches
An address or hostname of a service node (a PostgreSQL node behind Patroni, a
Redis node behind Sentinel) used as configuration: in a connection URL, a
`*_HOST` key, a libpq `host=`, a `host:port` form. IP literals are reported
wherever they are configuration; hostnames only where they are used as a
network host.

## Why it matters
Nodes change roles on failover. A config pinned to the node that is the
leader today writes to a read-only replica, or to nothing, after the next
failover. Applications must go through the load balancer, which always routes
to the current leader.

## How to fix
Use the endpoint the message names (for the built-in pack, the load balancer
`10.0.0.10` on the service's port). Cluster definitions that must name nodes
(HAProxy backends, Patroni, Sentinel, inventories) are allowed by the pack.

A node's address on a port that no service of the pack serves (Patroni's
REST API on 8008, etcd on 2379) is another program on that machine, which
the load balancer does not serve: a per-node tool lists every node, or is
allowed with a reason. Such a finding has no fix. A command that is no
client of the pack's services (`curl http://10.0.0.120:8008/primary`,
`etcdctl --endpoints http://10.0.0.120:2379`) is such a tool, and is not a
reference at all, as `ping` is not.

One Sentinel asked alone (`redis-cli -h 10.0.0.123 -p 26379 sentinel …`)
misses a failover it does not see, and the load balancer does not speak
Sentinel: a Sentinel-aware client lists every Sentinel host (a Sentinel list,
judged by `candidate-set`). Such a finding has no fix either.

## Example
```
DATABASE_URL=postgresql://app:***@10.0.0.121:5432/app   # error: postgres node db-slave-01
DATABASE_URL=postgresql://app:***@10.0.0.10:5432/app    # fine: the load balancer
```
"#,
};

/// `listed`: the nodes the reference's list names, itself included.
pub fn judge(
    pack: &Pack,
    reference: &Reference,
    listed: Option<&HashSet<usize>>,
) -> Option<Verdict> {
    if reference.enclosure.definition {
        return None; // a member's own block names it and its peers
    }
    let Target::Known(Role::Node(node)) = reference.hit.target else {
        return None;
    };
    if !is_configuration(reference) {
        return None;
    }
    let service = pack.nodes[node].service;
    let cluster = &pack.nodes[node].cluster;
    let address = written(pack, reference);
    if !pack.cluster_has_endpoint(service, cluster) {
        // Clients of a cluster without an endpoint take every node as seeds.
        let missing: Vec<String> = pack
            .cluster_nodes(service, cluster)
            .filter(|n| *n != node && !listed.is_some_and(|listed| listed.contains(n)))
            .map(|n| describe_member(pack, n))
            .collect();
        if missing.is_empty() {
            return None; // the only node of its cluster is every node
        }
        let name = &pack.services[service].name;
        return Some(Verdict {
            rule: &RULE,
            severity: RULE.severity,
            message: format!(
                "{address} is {}, and {name} cluster {cluster} has no endpoint: a connection lists every node",
                describe_node(pack, node)
            ),
            label: format!("{} without all its peers", describe_node(pack, node)),
            help: format!("list the other nodes too: {}", missing.join(", ")),
        });
    }
    let help = endpoint_advice(pack, service, Some(cluster), reference.port);
    let instead = help.strip_prefix("use ").unwrap_or(&help);
    if let Some(port) = reference.port.filter(|port| !pack.knows_port(*port)) {
        // Patroni's REST API, etcd: another program on the node's machine,
        // which the service's load balancer does not serve.
        return Some(Verdict {
            rule: &RULE,
            severity: RULE.severity,
            message: format!(
                "{address} is {} on port {port}, which no service of the pack serves",
                describe_node(pack, node)
            ),
            label: describe_node(pack, node),
            help: format!(
                "a client of the service uses {instead}; a per-node tool on port {port} lists every node of the cluster (a node set), or is allowed with a reason"
            ),
        });
    }
    if let Some(port) = reference
        .port
        .filter(|_| pack.sentinel_port_unserved(service, Some(cluster), reference.port))
    {
        // One Sentinel asked alone: a Sentinel-aware client asks them all.
        let sentinels: Vec<String> = pack
            .sentinel_hosts(service, cluster)
            .into_iter()
            .map(|host| super::candidate_set::describe(pack, host))
            .collect();
        return Some(Verdict {
            rule: &RULE,
            severity: RULE.severity,
            message: format!(
                "{address} is {} on its Sentinel port {port}: one Sentinel alone misses a failover it does not see",
                describe_node(pack, node)
            ),
            label: format!("one Sentinel of {}", sentinels.len()),
            help: format!(
                "a Sentinel-aware client lists every Sentinel host: {}",
                sentinels.join(", ")
            ),
        });
    }
    Some(Verdict {
        rule: &RULE,
        severity: RULE.severity,
        message: format!("{address} is {}, not {instead}", describe_node(pack, node)),
        label: describe_node(pack, node),
        help,
    })
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{check, only_verdict};

    #[test]
    fn node_ip_in_a_connection_url() {
        let (message, help) = only_verdict(
            ".env",
            "DATABASE_URL=postgresql://app:pw@10.0.0.121:5432/app\n",
        );
        assert_eq!(
            message,
            "10.0.0.121 is postgres node db-slave-01, not the load balancer 10.0.0.10:5432"
        );
        assert_eq!(help, "use the load balancer 10.0.0.10:5432");
    }

    #[test]
    fn a_port_no_service_serves_is_another_program_which_the_endpoint_does_not_serve() {
        let (message, help) = only_verdict(
            "patroni.env",
            "PATRONI_API=http://10.0.0.120:8008/primary\n",
        );
        assert_eq!(
            message,
            "10.0.0.120 is postgres node db-master-01 on port 8008, which no service of the pack serves"
        );
        assert!(
            help.contains("a per-node tool on port 8008 lists every node"),
            "{help}"
        );
        // No fix: the load balancer does not serve Patroni's REST API.
        let judged = crate::rules::testing::judged(
            &crate::pack::Pack::builtin().expect("the built-in pack is valid"),
            "patroni.env",
            "PATRONI_API=http://10.0.0.120:8008/primary\n",
        );
        assert!(!judged.is_empty() && judged.iter().all(|j| j.fix.is_none()));
        // A port of the service keeps the advice and the fix.
        let judged = crate::rules::testing::judged(
            &crate::pack::Pack::builtin().expect("the built-in pack is valid"),
            "check.sh",
            "pg_isready -h 10.0.0.120 -p 5432\nPGHOST=10.0.0.120:6432\n",
        );
        assert!(
            judged.iter().all(|j| j.fix.is_some()),
            "every finding has a fix"
        );
    }

    #[test]
    fn one_sentinel_is_a_pin_that_no_load_balancer_fixes() {
        let text = "redis-cli -h 10.0.0.123 -p 26379 sentinel get-master-addr-by-name mymaster\n";
        let (message, help) = only_verdict("failover.sh", text);
        assert_eq!(
            message,
            "10.0.0.123 is redis node redis-01 on its Sentinel port 26379: one Sentinel alone misses a failover it does not see"
        );
        assert_eq!(
            help,
            "a Sentinel-aware client lists every Sentinel host: redis-01 (10.0.0.123), redis-02 (10.0.0.124), redis-03 (10.0.0.125)"
        );
        // The load balancer does not speak Sentinel: no fix rewrites it there.
        let pack = crate::pack::Pack::builtin().expect("the built-in pack is valid");
        let judged = crate::rules::testing::judged(&pack, "failover.sh", text);
        assert!(judged.iter().all(|j| j.fix.is_none()));
        // The data port keeps the load balancer's advice.
        let (_, help) = only_verdict("app.sh", "redis-cli -h 10.0.0.123 -p 6379 ping\n");
        assert_eq!(help, "use the load balancer 10.0.0.10:6379");
    }

    #[test]
    fn pgbouncer_port_is_kept_in_the_advice() {
        let (_, help) = only_verdict("app.ini", "dsn = postgresql://app@10.0.0.120:6432/app\n");
        assert_eq!(help, "use the load balancer 10.0.0.10:6432");
    }

    #[test]
    fn node_ip_anywhere_as_configuration() {
        assert_eq!(
            check("config.json", r#"{"upstream": "10.0.0.122"}"#),
            [("node-address", "10.0.0.122".into())]
        );
        assert_eq!(
            check("app.conf", "host=10.0.0.120 port=5432 dbname=app"),
            [("node-address", "10.0.0.120".into())]
        );
    }

    #[test]
    fn hostnames_only_where_used_as_a_host() {
        assert_eq!(
            check(".env", "PGHOST=db-slave-02.internal\n"),
            [("node-address", "db-slave-02".into())]
        );
        assert_eq!(
            check("app.conf", "upstream db-postgres-01:5432;"),
            [("node-address", "db-postgres-01".into())]
        );
        assert!(check("app.conf", "volume = db-slave-02-data").is_empty());
        assert!(check("app.conf", "container_name: db-slave-02").is_empty());
        assert!(check(".env", "DB_PASSWORD_LABEL=db-slave-01\n").is_empty());
    }

    #[test]
    fn load_balancer_and_lookalikes_are_clean() {
        assert!(
            check(
                ".env",
                "DATABASE_URL=postgresql://app:pw@10.0.0.10:5432/app\n"
            )
            .is_empty()
        );
        assert!(check(".env", "A=110.0.0.120\nB=10.0.0.1200\nC=10.0.0.120.5\n").is_empty());
    }

    #[test]
    fn comments_are_not_configuration() {
        assert!(check(".env", "# DATABASE_URL=postgresql://10.0.0.121:5432/app\n").is_empty());
        assert!(check(".env", "A=1 # was 10.0.0.121\n").is_empty());
        assert!(check("app.ini", "; host = 10.0.0.121\n// 10.0.0.121\n").is_empty());
    }
}
