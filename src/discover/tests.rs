use super::*;

fn found_in(files: &[(&str, &str)]) -> Found {
    let pack = Pack::builtin_named("base").expect("the base pack is valid");
    let mut found = Found::default();
    for (relative, text) in files {
        let file = DiscoveryFile { relative, text };
        read(&pack, &file, &mut found);
    }
    found.finish();
    found
}

#[test]
fn hosts_are_literal_names_or_addresses() {
    assert_eq!(
        HostName::parse("10.0.0.1"),
        Some(HostName::Address(Ipv4Addr::new(10, 0, 0, 1)))
    );
    assert_eq!(HostName::parse("DB-1"), Some(HostName::Name("db-1".into())));
    for template in [
        "{{ ansible_host }}",
        "${DB_HOST}",
        "*",
        "localhost",
        "127.0.0.1",
        "5432",
        "",
    ] {
        assert_eq!(HostName::parse(template), None, "{template:?}");
    }
    assert_eq!(split_host_port("db1:5431"), ("db1", Some(5431)));
    assert_eq!(split_host_port("db1"), ("db1", None));
}

#[test]
fn haproxy_old_listen_form_and_unplaced_binds() {
    let found = found_in(&[(
        "lb.cfg",
        "listen postgres_rw 10.9.0.5:5432\n    server a 10.9.1.1:5432 check\n    server b 10.9.1.2:5432 check\n",
    )]);
    assert_eq!(found.nodes.len(), 2);
    assert_eq!(found.endpoints[0].address, Some(Ipv4Addr::new(10, 9, 0, 5)));
    // Bound on every address, with no proxy service to place it on: a question.
    let found = found_in(&[(
        "haproxy.cfg",
        "backend redis_master\n    bind *:6379\n    server r1 10.9.2.1:6379\n",
    )]);
    assert_eq!(found.nodes.len(), 1);
    assert!(found.endpoints.is_empty());
    assert!(
        found.questions[0]
            .1
            .contains("which address or hostname do clients use")
    );
}

#[test]
fn etcd_members_in_every_syntax_are_infrastructure() {
    for text in [
        "initial-cluster: e1=http://10.9.3.1:2380,e2=http://10.9.3.2:2380\n",
        "ETCD_INITIAL_CLUSTER=\"e1=http://10.9.3.1:2380,e2=http://10.9.3.2:2380\"\n",
        "etcd --initial-cluster e1=https://10.9.3.1:2380,e2=https://10.9.3.2:2380 --initial-cluster-state new\n",
    ] {
        let found = found_in(&[("etcd.conf", text)]);
        let names: Vec<&str> = found
            .infrastructure
            .iter()
            .map(|h| h.name.as_str())
            .collect();
        assert_eq!(names, ["e1", "e2"], "{text}");
    }
}

#[test]
fn yaml_inventories_take_the_service_from_a_parent_group() {
    let found = found_in(&[(
        "inventory/hosts.yml",
        "all:\n  children:\n    postgres_cluster:\n      children:\n        primary:\n          hosts:\n            pg-a:\n              ansible_host: 10.9.1.1\n        standby:\n          hosts:\n            10.9.1.2:\n",
    )]);
    let nodes: Vec<(&str, Option<Ipv4Addr>, u32)> = found
        .nodes
        .iter()
        .map(|n| (n.name.as_str(), n.address, n.source.line as u32))
        .collect();
    assert_eq!(
        nodes,
        [
            ("pg-a", Some(Ipv4Addr::new(10, 9, 1, 1)), 7),
            ("10.9.1.2", Some(Ipv4Addr::new(10, 9, 1, 2)), 11)
        ]
    );
}

#[test]
fn a_compose_command_says_what_runs_before_the_image() {
    let found = found_in(&[(
        "docker-compose.yml",
        "services:\n  etcd1:\n    image: acme/patroni\n    command: etcd --name etcd1\n  proxy:\n    image: acme/patroni\n    command: haproxy\n  pg1:\n    image: acme/patroni\n  cache:\n    image: redis:7\n    command: [\"--appendonly\", \"yes\"]\n",
    )]);
    let nodes: Vec<&str> = found.nodes.iter().map(|n| n.name.as_str()).collect();
    assert_eq!(nodes, ["pg1", "cache"]);
    let endpoints: Vec<&str> = found.endpoints.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(endpoints, ["proxy"]);
}

#[test]
fn a_name_found_later_replaces_one_taken_from_an_address() {
    let found = found_in(&[
        (
            "sentinel.conf",
            "sentinel monitor mymaster 10.9.3.10 6379 2\nsentinel announce-ip 10.9.3.20\n",
        ),
        (
            "docker-compose.yml",
            "services:\n  redis-master:\n    image: redis:7\n    networks:\n      back:\n        ipv4_address: 10.9.3.10\n  redis-sentinel-1:\n    image: redis:7\n    command: redis-sentinel /etc/sentinel.conf\n    networks:\n      back:\n        ipv4_address: 10.9.3.20\n",
        ),
    ]);
    let names: Vec<&str> = found.nodes.iter().map(|n| n.name.as_str()).collect();
    assert_eq!(names, ["redis-master"]);
    let names: Vec<&str> = found.endpoints.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["redis-sentinel-1"]);
}
