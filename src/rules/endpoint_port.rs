//! `endpoint-port`: an endpoint used with a port it does not serve for the
//! context's service.

use crate::address::Target;
use crate::pack::{Pack, Role};
use crate::scan::Reference;

use super::{Rule, Severity, Verdict, is_configuration, use_endpoint};

pub const RULE: Rule = Rule {
    id: "endpoint-port",
    severity: Severity::Error,
    summary: "An endpoint is used with a port it does not serve for the service (the PgBouncer VIP on 5432 when it serves 6432 only).",
    explanation: r#"## What it catches
An endpoint of the pack (the load balancer, a VIP) written with a port that
it does not serve for the service of the context: a port of that service the
endpoint does not listen on, or a port of no known service. The context
comes from the URL scheme, the key name, the client command or, last, the
port itself. A port of another service is `cross-service` instead.

## Why it matters
The address is right and the connection still fails: nothing listens there,
or something else does. It is the mistake a pin-hunting grep cannot see.

## How to fix
Use the endpoint with a port it serves for the service; the help line names
it. The pack lists each endpoint's ports per service
(`ports = { postgres = [6432] }`).

## Example
```
# the pack: [[endpoint]] address = "172.20.0.5", ports = { postgres = [6432] }
DATABASE_URL=postgresql://app:***@172.20.0.5:5432/app   # error: serves postgres on 6432
DATABASE_URL=postgresql://app:***@172.20.0.5:6432/app   # fine
```
"#,
};

pub fn judge(pack: &Pack, reference: &Reference) -> Option<Verdict> {
    let Target::Known(Role::Endpoint(endpoint)) = reference.hit.target else {
        return None;
    };
    if !is_configuration(reference) {
        return None;
    }
    let port = reference.port?;
    let context = reference.context.as_ref()?;
    let endpoint = &pack.endpoints[endpoint];
    let served = endpoint.ports_of(context.service);
    if served.is_empty() || served.contains(&port) {
        return None; // serving the service not at all is cross-service
    }
    if pack
        .service_of_port(port)
        .is_some_and(|other| other != context.service)
    {
        return None; // another service's port: cross-service
    }
    let service = &pack.services[context.service].name;
    let ports: Vec<String> = served.iter().map(u16::to_string).collect();
    let right = pack
        .port_to_suggest(context.service, endpoint, Some(port))
        .unwrap_or(served[0]);
    Some(Verdict {
        rule: &RULE,
        severity: RULE.severity,
        message: format!(
            "{}:{port} is {}, which serves {service} on {} only, used in a {service} context ({})",
            endpoint.host(),
            endpoint.description,
            ports.join(", "),
            context.because
        ),
        label: format!("not a {service} port of {}", endpoint.name),
        help: use_endpoint(pack, context.service, endpoint, right, Some(port)),
    })
}

#[cfg(test)]
mod tests {
    use crate::pack::Pack;
    use crate::rules::testing::check_with;

    fn vip_pack() -> Pack {
        Pack::from_toml(
            "vip.toml",
            r#"extends = "base"
[[endpoint]]
name = "pgbouncer-vip"
description = "the PgBouncer VIP"
address = "172.20.0.5"
ports = { postgres = [6432], redis = 6379 }
[[node]]
name = "pg1"
address = "172.20.0.11"
service = "postgres"
"#,
        )
        .expect("valid pack")
    }

    #[test]
    fn a_port_of_the_service_the_endpoint_does_not_serve() {
        let pack = vip_pack();
        let found = check_with(
            &pack,
            ".env",
            "DATABASE_URL=postgresql://app:pw@172.20.0.5:5432/app\n",
        );
        assert_eq!(found, [("endpoint-port", "172.20.0.5".into())]);
        let found = check_with(&pack, "app.conf", "upstream 172.20.0.5:5432;\n");
        assert_eq!(found, [("endpoint-port", "172.20.0.5".into())]);
    }

    #[test]
    fn a_port_of_no_service_in_a_service_context() {
        let pack = vip_pack();
        let found = check_with(&pack, ".env", "PGHOST=172.20.0.5:7000\n");
        assert_eq!(found, [("endpoint-port", "172.20.0.5".into())]);
        // No context, a port of no service: nothing says what it is for.
        assert!(check_with(&pack, ".env", "STATS=http://172.20.0.5:8404/\n").is_empty());
    }

    #[test]
    fn served_ports_and_other_services_ports_are_not_endpoint_port() {
        let pack = vip_pack();
        assert!(
            check_with(
                &pack,
                ".env",
                "DATABASE_URL=postgresql://a@172.20.0.5:6432/db\n"
            )
            .is_empty()
        );
        assert!(check_with(&pack, ".env", "PGHOST=172.20.0.5\n").is_empty());
        assert_eq!(
            check_with(
                &pack,
                ".env",
                "DATABASE_URL=postgresql://a@172.20.0.5:6379/db\n"
            ),
            [("cross-service", "172.20.0.5".into())]
        );
    }

    #[test]
    fn message_and_help_name_the_served_port() {
        let pack = vip_pack();
        let text = "DATABASE_URL=postgresql://app:pw@172.20.0.5:5432/app\n";
        let verdict = crate::rules::testing::verdicts_with(&pack, ".env", text);
        assert_eq!(
            verdict[0].message,
            "172.20.0.5:5432 is the PgBouncer VIP, which serves postgres on 6432 only, used in a postgres context (scheme postgresql)"
        );
        assert_eq!(verdict[0].help, "use the PgBouncer VIP 172.20.0.5:6432");
    }

    #[test]
    fn a_data_client_is_pointed_at_a_data_port_and_never_at_a_sentinel_alone() {
        let pack = |ports: &str| {
            Pack::from_toml(
                "redis-vip.toml",
                &format!(
                    "extends = \"base\"\n[[endpoint]]\nname = \"vip\"\naddress = \"172.20.0.6\"\nports = {{ redis = {ports} }}\n"
                ),
            )
            .expect("valid pack")
        };
        let text = "REDIS_URL=redis://172.20.0.6:6380/0\n";
        let help = |ports: &str| {
            crate::rules::testing::verdicts_with(&pack(ports), ".env", text)
                .into_iter()
                .map(|v| v.help)
                .collect::<Vec<_>>()
        };
        assert_eq!(help("[26379, 6379]"), ["use endpoint vip 172.20.0.6:6379"]);
        assert_eq!(
            help("[26379]"),
            ["use endpoint vip 172.20.0.6:26379 through a Sentinel-aware client"]
        );
    }
}
