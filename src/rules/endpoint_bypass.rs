//! `endpoint-bypass`: an unknown private host, or an infrastructure host, used
//! where a service endpoint is expected.

use crate::address::Target;
use crate::pack::{Pack, Role};
use crate::scan::Reference;

use super::{Rule, Severity, Verdict, endpoint_advice, is_configuration};

pub const RULE: Rule = Rule {
    id: "endpoint-bypass",
    severity: Severity::Warning,
    summary: "In a service context, a private address that is neither an endpoint nor a known node (a stale node, or an HAProxy node used instead of the load balancer).",
    explanation: r#"## What it catches
In a context of a service (a `DATABASE_URL`, a `redis://` URL, `PGHOST`, a
service port), a host inside the pack's `private_networks` that is neither an
endpoint nor a known node: a decommissioned node, a typo, or an
infrastructure host such as one HAProxy node used directly instead of the
load balancer in front of both.

## Why it matters
An unknown address in a connection string is a stale or undocumented path to
the data. A single HAProxy node is not highly available: the load balancer in
front of the pair is.

## How to fix
Use the endpoint the help line names. If the address is a real new node or
endpoint, add it to the pack (`.topolint.toml`).

## Example
```
DATABASE_URL=postgresql://app:***@10.0.0.11:5432/app   # warning: HAProxy node haproxy-01
DATABASE_URL=postgresql://app:***@10.0.0.77:5432/app   # warning: unknown host
```
"#,
};

pub fn judge(pack: &Pack, reference: &Reference) -> Option<Verdict> {
    if reference.enclosure.definition {
        return None; // a member's own block names it and its peers
    }
    let context = reference.context.as_ref()?;
    let expected = &pack.services[context.service].name;
    let help = endpoint_advice(pack, context.service, None, reference.port);
    let (what, label) = match reference.hit.target {
        Target::UnknownPrivate(address) => {
            let network = pack
                .private_networks
                .iter()
                .find(|net| net.contains(&address))
                .map_or_else(String::new, |net| format!(" in private network {net}"));
            (
                format!("{address}{network} is neither an endpoint nor a known node"),
                "unknown host".to_string(),
            )
        }
        Target::Known(Role::Infrastructure(host)) if is_configuration(reference) => {
            let host = &pack.infrastructure[host];
            let address = host
                .address
                .map_or_else(|| host.name.clone(), |a| a.to_string());
            (
                format!(
                    "{address} is {} {}, not an endpoint",
                    host.description, host.name
                ),
                format!("{} {}", host.description, host.name),
            )
        }
        _ => return None,
    };
    Some(Verdict {
        rule: &RULE,
        severity: RULE.severity,
        message: format!("{what}, used in a {expected} context ({})", context.because),
        label,
        help,
    })
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{check, only_verdict};

    #[test]
    fn haproxy_node_instead_of_the_load_balancer() {
        let (message, help) = only_verdict(
            ".env",
            "DATABASE_URL=postgresql://app:pw@10.0.0.11:5432/app\n",
        );
        assert_eq!(
            message,
            "10.0.0.11 is HAProxy node haproxy-01, not an endpoint, used in a postgres context (scheme postgresql)"
        );
        assert_eq!(help, "use the load balancer 10.0.0.10:5432");
    }

    #[test]
    fn unknown_private_host_in_a_service_context() {
        assert_eq!(
            check(".env", "PGHOST=10.0.0.77\n"),
            [("endpoint-bypass", "10.0.0.77".into())]
        );
        let (message, _) = only_verdict(".env", "PGHOST=10.0.0.77\n");
        assert_eq!(
            message,
            "10.0.0.77 in private network 10.0.0.0/24 is neither an endpoint nor a known node, used in a postgres context (key PGHOST)"
        );
    }

    #[test]
    fn no_context_no_finding() {
        assert!(check(".env", "NTP_SERVER=10.0.0.77\nGATEWAY=10.0.0.1\n").is_empty());
        assert!(check(".env", "PGHOST=192.168.1.5\n").is_empty());
        assert!(check("haproxy.env", "STATS_URL=http://10.0.0.11:8404/stats\n").is_empty());
    }
}
