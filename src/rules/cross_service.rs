//! `cross-service`: an address of one service used where another is expected.

use crate::address::Target;
use crate::pack::{Pack, Role};
use crate::scan::Reference;

use super::{Rule, Severity, Verdict, describe_node, endpoint_advice, is_configuration, written};

pub const RULE: Rule = Rule {
    id: "cross-service",
    severity: Severity::Error,
    summary: "An address of one service is used in the context of another (a Redis node or port where PostgreSQL is expected, or the reverse).",
    explanation: r#"## What it catches
An address that belongs to service A used in a context of service B. The
context comes from the URL scheme (`postgresql://`, `redis://`), the key name
(`DATABASE_URL`, `PGHOST`, `REDIS_URL`), the client command (`psql -h`,
`redis-cli -h`) or the port. Covers a Redis node in a PostgreSQL URL, a
PostgreSQL node in `REDIS_URL`, and the load balancer with the other
service's port (`postgresql://…@10.0.0.10:6379`).

## Why it matters
The application connects to a server that speaks another protocol: it fails
at once, or worse, after a deploy that nobody connects to the config change.

## How to fix
Use the endpoint and port of the service the configuration is for; the help
line names them.

## Example
```
DATABASE_URL=postgresql://app:***@10.0.0.123:5432/app   # error: redis node redis-01
DATABASE_URL=postgresql://app:***@10.0.0.10:6379/app    # error: the redis port of the LB
DATABASE_URL=postgresql://app:***@10.0.0.10:5432/app    # fine
```
"#,
};

pub fn judge(pack: &Pack, reference: &Reference) -> Option<Verdict> {
    let context = reference.context.as_ref()?;
    let Target::Known(role) = reference.hit.target else {
        return None;
    };
    if !is_configuration(reference) {
        return None;
    }
    let expected = &pack.services[context.service].name;
    let help = endpoint_advice(pack, context.service, None, None);
    match role {
        Role::Node(node) if pack.nodes[node].service != context.service => {
            let address = written(pack, reference);
            Some(Verdict {
                rule: &RULE,
                severity: RULE.severity,
                message: format!(
                    "{address} is {}, used in a {expected} context ({})",
                    describe_node(pack, node),
                    context.because
                ),
                label: format!("{} in a {expected} context", describe_node(pack, node)),
                help,
            })
        }
        Role::Endpoint(endpoint) => {
            let endpoint = &pack.endpoints[endpoint];
            let port_service = reference.port.and_then(|port| pack.service_of_port(port));
            if let (Some(port), Some(other)) = (reference.port, port_service)
                && other != context.service
            {
                let other = &pack.services[other].name;
                return Some(Verdict {
                    rule: &RULE,
                    severity: RULE.severity,
                    message: format!(
                        "{}:{port} is the {other} port of {}, used in a {expected} context ({})",
                        endpoint.host(),
                        endpoint.description,
                        context.because
                    ),
                    label: format!("{other} port in a {expected} context"),
                    help,
                });
            }
            if endpoint.ports_of(context.service).is_empty() && !endpoint.ports.is_empty() {
                return Some(Verdict {
                    rule: &RULE,
                    severity: RULE.severity,
                    message: format!(
                        "{} ({}) does not serve {expected}, but is used in a {expected} context ({})",
                        endpoint.host(),
                        endpoint.description,
                        context.because
                    ),
                    label: format!("no {expected} here"),
                    help,
                });
            }
            None
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{check, only_verdict};

    #[test]
    fn redis_node_in_a_postgres_url() {
        let (message, help) = only_verdict(
            ".env",
            "DATABASE_URL=postgresql://app:pw@10.0.0.123:5432/app\n",
        );
        assert_eq!(
            message,
            "10.0.0.123 is redis node redis-01, used in a postgres context (scheme postgresql)"
        );
        assert_eq!(help, "use the load balancer 10.0.0.10:5432");
    }

    #[test]
    fn context_from_key_and_port() {
        assert_eq!(
            check(".env", "PGHOST=10.0.0.124\n"),
            [("cross-service", "10.0.0.124".into())]
        );
        assert_eq!(
            check("app.conf", "upstream 10.0.0.125:5432;"),
            [("cross-service", "10.0.0.125".into())]
        );
        assert_eq!(
            check(".env", "REDIS_URL=redis://10.0.0.121:6379/0\n"),
            [("cross-service", "10.0.0.121".into())]
        );
        assert_eq!(
            check(".env", "REDIS_HOST=db-master-01\n"),
            [("cross-service", "db-master-01".into())]
        );
    }

    #[test]
    fn load_balancer_with_the_other_service_port() {
        let (message, _) = only_verdict(
            ".env",
            "DATABASE_URL=postgresql://app:pw@10.0.0.10:6379/app\n",
        );
        assert_eq!(
            message,
            "10.0.0.10:6379 is the redis port of the load balancer, used in a postgres context (scheme postgresql)"
        );
        assert_eq!(
            check(".env", "REDIS_URL=redis://10.0.0.10:5432\n"),
            [("cross-service", "10.0.0.10".into())]
        );
    }

    #[test]
    fn matching_service_is_not_cross_service() {
        assert!(
            check(
                ".env",
                "REDIS_URL=redis://10.0.0.10:6379/0\nDATABASE_URL=postgres://10.0.0.10:6432/x\n"
            )
            .is_empty()
        );
        assert_eq!(
            check(".env", "REDIS_URL=redis://10.0.0.123:6379/0\n"),
            [("node-address", "10.0.0.123".into())]
        );
    }
}
