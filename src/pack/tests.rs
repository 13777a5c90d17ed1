use toml::Spanned;

use super::*;

fn error_of(text: &str) -> PackError {
    Pack::from_toml(".topolint.toml", text).expect_err("the pack should be rejected")
}

#[test]
fn builtin_pack_describes_the_platform() {
    let pack = Pack::builtin().expect("the built-in pack is valid");
    let postgres = pack.service_id("postgres").expect("postgres service");
    let redis = pack.service_id("redis").expect("redis service");
    let node = |ip: [u8; 4]| match pack.role_of_address(Ipv4Addr::from(ip)) {
        Some(Role::Node(n)) => pack.nodes[n].service,
        other => panic!("{ip:?} is {other:?}"),
    };
    assert_eq!(
        [
            node([10, 0, 0, 120]),
            node([10, 0, 0, 121]),
            node([10, 0, 0, 122])
        ],
        [postgres; 3]
    );
    assert_eq!(
        [
            node([10, 0, 0, 123]),
            node([10, 0, 0, 124]),
            node([10, 0, 0, 125])
        ],
        [redis; 3]
    );
    assert!(matches!(
        pack.role_of_address(Ipv4Addr::new(10, 0, 0, 10)),
        Some(Role::Endpoint(_))
    ));
    assert!(matches!(
        pack.role_of_address(Ipv4Addr::new(10, 0, 0, 11)),
        Some(Role::Infrastructure(_))
    ));
    assert!(matches!(
        pack.role_of_hostname("DB-POSTGRES-02"),
        Some(Role::Node(1))
    ));
    assert_eq!(pack.service_of_port(6432), Some(postgres));
    assert_eq!(pack.service_of_key("ORDERS_DATABASE_URL"), Some(postgres));
    assert_eq!(pack.service_of_key("redis_url"), Some(redis));
    assert_eq!(pack.service_of_key("LOG_LEVEL"), None);
    assert_eq!(pack.candidates.default_service, Some(postgres));
    assert_eq!(
        pack.candidates.only_service, None,
        "two services have nodes"
    );
}

#[test]
fn a_host_keys_port_is_named_with_port_for_its_host_word() {
    let pack = Pack::builtin().expect("the built-in pack is valid");
    let names = |key: &str| pack.port_key_names(key);
    for (host, port) in [
        ("DB_HOST", "db_port"),
        ("PGHOST", "pgport"),
        ("dbHostname", "db_port"),
        ("spring.redis.host", "spring_redis_port"),
        ("REDIS_SERVER_ADDRESS", "redis_server_port"),
        ("REDIS_SERVER", "redis_server_port"),
    ] {
        assert!(
            names(host).iter().any(|name| name == port),
            "{host}: {:?}",
            names(host)
        );
    }
    // A bare host word has no stem: only its own `_port`.
    assert_eq!(names("host"), ["host_port"]);
    assert!(!names("QUEUE_HOST").contains(&"queue_host_metrics_port".to_string()));
}

#[test]
fn key_patterns_are_case_insensitive_whole_key_globs() {
    let pack = Pack::builtin().expect("the built-in pack is valid");
    for key in [
        "host",
        "replicaHost",
        "LEADER_HOST",
        "externalName",
        "external-name",
        "db.host",
    ] {
        assert!(pack.host_keys.is_match(key), "{key}");
    }
    assert!(!pack.host_keys.is_match("volume"));
    // Keys are matched on their words: camelCase like SNAKE_CASE.
    assert!(pack.candidates.names.is_match("pgCandidates"));
    assert!(pack.candidates.names.is_match("pg-candidate-ips"));
    assert!(!pack.candidates.names.is_match("pgcandidatesx"));
}

#[test]
fn unknown_key_names_file_line_and_key() {
    let error = error_of(
        "extends = \"keybuzz\"\n\n[[node]]\nname = \"x\"\nadress = \"10.0.0.99\"\nservice = \"postgres\"\n",
    );
    assert_eq!(error.file, ".topolint.toml");
    assert_eq!(error.line, 5);
    assert!(
        error.message.contains("unknown field \"adress\""),
        "{}",
        error.message
    );
}

#[test]
fn bad_cidr_is_rejected_with_its_line() {
    let error = error_of("private_networks = [\n  \"10.0.0.0/24\",\n  \"10.0.0.0/33\",\n]\n");
    assert_eq!(error.line, 3);
    assert!(error.message.contains("10.0.0.0/33"), "{}", error.message);
}

#[test]
fn an_address_cannot_be_endpoint_and_node() {
    let error = error_of(
        "extends = \"keybuzz\"\n[[node]]\nname = \"lb-as-node\"\naddress = \"10.0.0.10\"\nservice = \"postgres\"\n",
    );
    assert_eq!(error.line, 4);
    assert_eq!(
        error.message,
        "[[node]] \"lb-as-node\": address 10.0.0.10 is also declared by [[endpoint]] \"lb\" \
         (<built-in>/rules/keybuzz.toml:15) (a node on an endpoint's host needs a port the \
         endpoint does not serve)"
    );
}

#[test]
fn a_collision_with_an_inherited_entry_is_reported_at_the_users_line() {
    // The user's endpoint comes before the inherited node in no order of
    // the file: the error is still at the user's line.
    let error = error_of(
        "extends = \"keybuzz\"\n[[endpoint]]\nname = \"vip\"\naddress = \"10.0.0.120\"\nports = { postgres = 5432 }\n",
    );
    assert_eq!(
        (error.file.as_str(), error.line),
        (".topolint.toml", 4),
        "{}",
        error.message
    );
    assert!(
        error
            .message
            .contains("also declared by [[node]] \"db-master-01\" (<built-in>/rules/keybuzz.toml:"),
        "{}",
        error.message
    );
}

#[test]
fn base_is_the_vocabulary_without_a_topology() {
    let base = Pack::builtin_named("base").expect("base is valid");
    assert!(base.nodes.is_empty() && base.endpoints.is_empty() && base.infrastructure.is_empty());
    assert!(base.service_id("postgres").is_some() && base.service_id("redis").is_some());
    assert!(
        !base.allow.is_empty(),
        "the default allowlist is the vocabulary's"
    );
    let corp = Pack::from_toml(
        "corp.toml",
        "extends = \"base\"\n[[endpoint]]\nname = \"vip\"\naddress = \"172.20.0.5\"\nports = { postgres = 6432 }\n[[node]]\nname = \"pg1\"\naddress = \"172.20.1.11\"\nservice = \"postgres\"\n",
    )
    .expect("valid");
    assert_eq!(corp.nodes.len(), 1, "no KeyBuzz node is inherited");
    assert_eq!(
        corp.private_networks
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
        ["172.20.0.0/24", "172.20.1.0/24"],
        "by default, every /24 holding an endpoint or a node"
    );
}

#[test]
fn a_node_needs_a_known_service() {
    let missing =
        error_of("extends = \"keybuzz\"\n[[node]]\nname = \"pg9\"\naddress = \"10.0.0.99\"\n");
    assert_eq!(missing.line, 3);
    assert!(
        missing.message.contains("missing key \"service\""),
        "{}",
        missing.message
    );
    let unknown = error_of(
        "extends = \"keybuzz\"\n[[node]]\nname = \"m1\"\naddress = \"10.0.0.99\"\nservice = \"mysql\"\n",
    );
    assert_eq!(unknown.line, 5);
    assert!(
        unknown.message.contains("unknown service \"mysql\""),
        "{}",
        unknown.message
    );
}

#[test]
fn bad_address_and_unknown_extends() {
    let error = error_of(
        "extends = \"keybuzz\"\n[[node]]\nname = \"pg9\"\naddress = \"10.0.0.300\"\nservice = \"postgres\"\n",
    );
    assert_eq!(error.line, 4);
    let error = error_of("extends = \"corp\"\n");
    assert_eq!(error.line, 1);
    assert!(error.message.contains("unknown pack"), "{}", error.message);
}

#[test]
fn extending_appends_nodes_and_replaces_settings() {
    let pack = Pack::from_toml(
        ".topolint.toml",
        "extends = \"keybuzz\"\nprivate_networks = [\"10.1.0.0/16\"]\n[[node]]\nname = \"db-postgres-04\"\naddress = \"10.0.0.126\"\nhostnames = [\"db-postgres-04\"]\nservice = \"postgres\"\n",
    )
    .expect("valid extension");
    assert_eq!(pack.nodes.len(), 7);
    assert!(pack.is_private(Ipv4Addr::new(10, 1, 2, 3)));
    assert!(!pack.is_private(Ipv4Addr::new(10, 0, 0, 77)));
    assert_eq!(pack.endpoints.len(), 1, "the built-in endpoint is kept");
}

#[test]
fn a_pack_without_extends_replaces_the_builtin() {
    let pack = Pack::from_toml(
        "custom.toml",
        "[service.mysql]\nports = 3306\nschemes = [\"mysql\"]\n[[endpoint]]\nname = \"proxy\"\naddress = \"192.168.0.5\"\nports = { mysql = 3306 }\n[[node]]\nname = \"m1\"\naddress = \"192.168.0.21\"\nservice = \"mysql\"\n",
    )
    .expect("valid pack");
    assert_eq!(pack.nodes.len(), 1);
    assert!(pack.role_of_address(Ipv4Addr::new(10, 0, 0, 121)).is_none());
}

fn patterns(list: &[&str]) -> KeyPatterns {
    let spanned: Vec<Spanned<String>> = list
        .iter()
        .map(|p| Spanned::new(0..0, p.to_string()))
        .collect();
    KeyPatterns::new(&spanned).expect("valid patterns")
}

#[test]
fn wildcard_key_patterns_match_like_globs() {
    let cases: &[(&str, &str, bool)] = &[
        ("*HOST*", "host", true),
        ("*HOST*", "replicaHost", true),
        ("*HOST*", "hst", false),
        ("DATABASE_URL", "database_url", true),
        ("DATABASE_URL", "DATABASE_URL2", false),
        ("*_DATABASE_URL", "ORDERS_DATABASE_URL", true),
        ("*_DATABASE_URL", "DATABASE_URL", false),
        ("POSTGRES_*HOST*", "POSTGRES_REPLICA_HOST_2", true),
        ("POSTGRES_*HOST*", "PG_HOST", false),
        ("REDIS_HOST*", "redis_hosts", true),
        ("*PASS", "REDIS_PASS", true),
        ("*PASS", "PASSWORD", false),
        ("a*b*a", "aba", true),
        ("a*b*a", "ab", false),
        ("PG?HOST", "PG_HOST", true),
        ("DB_[HP]*", "db_port", true),
    ];
    for (pattern, key, expected) in cases {
        assert_eq!(
            patterns(&[pattern]).is_match(key),
            *expected,
            "{pattern} vs {key}"
        );
    }
}

#[test]
fn lines_that_may_match_hold_every_matching_key() {
    let secret = patterns(&["*PASSWORD*", "*API_KEY*", "*PASS"]);
    let text = "host: db\ndbPassword: x\nport: 5432\nApiKey = y\nREDIS_PASS=z\nuser: app\n";
    let lines: Vec<&str> = secret
        .lines_that_may_match(text)
        .into_iter()
        .map(|range| &text[range])
        .collect();
    assert_eq!(lines, ["dbPassword: x\n", "ApiKey = y\nREDIS_PASS=z\n"]);
    for (i, line) in text.lines().enumerate() {
        let key = line.split([':', '=']).next().unwrap_or_default().trim();
        let held = lines.iter().any(|l| l.contains(line));
        assert!(!secret.is_match(key) || held, "line {i}: {key}");
    }
    // A pattern without a word, or a glob with classes: any line may match.
    for unsearchable in [&["*"][..], &["PASS[WF]ORD"][..]] {
        let lines = patterns(unsearchable).lines_that_may_match(text);
        assert_eq!((lines.len(), lines[0].clone()), (1, 0..text.len()));
    }
    assert!(patterns(&[]).lines_that_may_match(text).is_empty());
    assert!(secret.lines_that_may_match("host: db\n").is_empty());
}

#[test]
fn every_entry_needs_an_address_or_hostnames() {
    for table in [
        "[[endpoint]]\nname = \"x\"\n",
        "[[node]]\nname = \"x\"\nservice = \"postgres\"\n",
        "[[infrastructure]]\nname = \"x\"\n",
    ] {
        let error = error_of(&format!("extends = \"keybuzz\"\n{table}"));
        assert_eq!(error.line, 3, "{table}");
        assert!(
            error.message.ends_with("needs an address or hostnames"),
            "{}",
            error.message
        );
    }
}

#[test]
fn nodes_on_one_host_are_told_apart_by_port() {
    let node = |name: &str, port: Option<u16>| {
        let port = port.map_or_else(String::new, |p| format!("port = {p}\n"));
        format!(
            "[[node]]\nname = \"{name}\"\nhostnames = [\"host.docker.internal\"]\nservice = \"postgres\"\n{port}"
        )
    };
    let base = "extends = \"base\"\n";
    let pack = Pack::from_toml(
        ".topolint.toml",
        &format!(
            "{base}{}{}",
            node("pg1", Some(5432)),
            node("pg2", Some(5433))
        ),
    )
    .expect("two ports on one host");
    let role = pack
        .role_of_hostname("host.docker.internal")
        .expect("a known host");
    let host = "HOST.docker.internal";
    assert_eq!(
        pack.resolve_host(host, role, Some(5433)),
        Some(Role::Node(1))
    );
    assert_eq!(
        pack.resolve_host(host, role, Some(5432)),
        Some(Role::Node(0))
    );
    assert_eq!(pack.resolve_host(host, role, Some(6000)), None);
    assert_eq!(pack.resolve_host(host, role, None), None);

    let same_port = error_of(&format!(
        "{base}{}{}",
        node("pg1", Some(5432)),
        node("pg2", Some(5432))
    ));
    assert_eq!(same_port.line, 9, "{}", same_port.message);
    assert!(
        same_port
            .message
            .contains("with port 5432 is also declared by [[node]] \"pg1\" (.topolint.toml:3)"),
        "{}",
        same_port.message
    );
    let no_port = error_of(&format!(
        "{base}{}{}",
        node("pg1", Some(5432)),
        node("pg2", None)
    ));
    assert!(
        no_port
            .message
            .contains("nodes on one host need a port each"),
        "{}",
        no_port.message
    );
}

#[test]
fn an_endpoint_shares_a_host_with_nodes_told_apart_by_port() {
    let node = |name: &str, port: Option<u16>| {
        let port = port.map_or_else(String::new, |p| format!("port = {p}\n"));
        format!(
            "[[node]]\nname = \"{name}\"\naddress = \"127.0.0.1\"\nservice = \"postgres\"\n{port}"
        )
    };
    let endpoint = |name: &str, port: u16| {
        format!(
            "[[endpoint]]\nname = \"{name}\"\naddress = \"127.0.0.1\"\nports = {{ postgres = {port} }}\n"
        )
    };
    let base = "extends = \"base\"\n";
    let nodes = format!("{}{}", node("pg1", Some(5433)), node("pg2", Some(5434)));
    // Declared before its nodes or after them (an entry's endpoints claim
    // first), or beside one node alone.
    for text in [
        format!("{base}{}{nodes}", endpoint("lb", 5000)),
        format!("{base}{nodes}{}", endpoint("lb", 5000)),
        format!("{base}{}{}", endpoint("lb", 5000), node("pg1", Some(5433))),
    ] {
        let pack = Pack::from_toml(".topolint.toml", &text).expect("an endpoint beside its nodes");
        let role = pack
            .role_of_address(Ipv4Addr::LOCALHOST)
            .expect("a known host");
        let resolve = |port| pack.resolve_host("127.0.0.1", role, port);
        assert_eq!(resolve(Some(5433)), Some(Role::Node(0)), "{text}");
        assert_eq!(resolve(Some(5000)), Some(Role::Endpoint(0)), "{text}");
        // Any other port, or none, is the endpoint, judged with that port.
        assert_eq!(resolve(Some(5432)), Some(Role::Endpoint(0)), "{text}");
        assert_eq!(resolve(None), Some(Role::Endpoint(0)), "{text}");
        assert_eq!(pack.candidates.only_service, pack.service_id("postgres"));
    }

    let clash = |text: String, expected: &str| {
        let error = error_of(&text);
        assert!(error.message.contains(expected), "{}", error.message);
    };
    clash(
        format!("{base}{}{nodes}", endpoint("lb", 5434)),
        "[[node]] \"pg2\": address 127.0.0.1 with port 5434 is also declared by [[endpoint]] \"lb\" (.topolint.toml:3), which serves that port",
    );
    clash(
        format!("{base}{nodes}{}", endpoint("lb", 5433)),
        "[[node]] \"pg1\": address 127.0.0.1 with port 5433 is also declared by [[endpoint]] \"lb\" (.topolint.toml:13), which serves that port",
    );
    clash(
        format!(
            "{base}{nodes}{}{}",
            endpoint("lb", 5000),
            endpoint("lb2", 6000)
        ),
        "[[endpoint]] \"lb2\": address 127.0.0.1 is also declared by [[endpoint]] \"lb\"",
    );
    clash(
        format!("{base}{}{}", endpoint("lb", 5000), node("pg1", None)),
        "is also declared by [[endpoint]] \"lb\" (.topolint.toml:3) (a node on an endpoint's host needs a port the endpoint does not serve)",
    );
}

#[test]
fn clusters_candidates_and_endpoint_groups() {
    let pack = Pack::from_toml(
        ".topolint.toml",
        r#"extends = "base"
[[endpoint]]
name = "sentinels"
addresses = ["10.3.0.5", "10.3.0.6"]
ports = { redis = 26379 }
[[endpoint]]
name = "reports-lb"
address = "10.1.0.20"
ports = { postgres = 5432 }
cluster = "reports"
[[node]]
name = "r1"
address = "10.1.0.21"
service = "postgres"
cluster = "reports"
[[node]]
name = "r2"
address = "10.1.0.22"
service = "postgres"
cluster = "reports"
candidate = false
[[node]]
name = "m1"
address = "10.1.0.11"
service = "postgres"
"#,
    )
    .expect("valid pack");
    let postgres = pack.service_id("postgres").expect("postgres");
    assert_eq!(pack.clusters_of(postgres), ["reports", "postgres"]);
    assert!(!pack.nodes[1].candidate);
    assert!(pack.cluster_has_endpoint(postgres, "reports"));
    assert!(!pack.cluster_has_endpoint(postgres, "postgres"));
    assert_eq!(
        pack.endpoints[0].addresses,
        [Ipv4Addr::new(10, 3, 0, 5), Ipv4Addr::new(10, 3, 0, 6)]
    );
    assert_eq!(
        pack.role_of_address(Ipv4Addr::new(10, 3, 0, 6)),
        Some(Role::Endpoint(0))
    );
    let unknown = error_of(
        "extends = \"base\"\n[[endpoint]]\nname = \"lb\"\naddress = \"10.1.0.1\"\nports = { postgres = 5432 }\ncluster = \"nope\"\n",
    );
    assert_eq!(unknown.line, 6);
    assert!(
        unknown.message.contains("cluster \"nope\" has no node"),
        "{}",
        unknown.message
    );
    let twice = error_of(
        "extends = \"base\"\n[[endpoint]]\nname = \"s\"\naddresses = [\"10.3.0.5\", \"10.3.0.5\"]\n",
    );
    assert!(
        twice.message.contains("address 10.3.0.5 is listed twice"),
        "{}",
        twice.message
    );
}

#[test]
fn a_pack_without_services_points_at_base() {
    let error =
        error_of("[[node]]\nname = \"pg1\"\naddress = \"172.20.1.11\"\nservice = \"postgres\"\n");
    assert_eq!(error.line, 4);
    assert!(
        error
            .message
            .contains("`extends = \"base\"` brings the shared vocabulary"),
        "{}",
        error.message
    );
}

#[test]
fn a_definition_command_is_matched_on_consecutive_words_in_any_case() {
    let pack = Pack::builtin().expect("the built-in pack is valid");
    let defines = |line: &str| {
        pack.defined_service(&line.split(' ').collect::<Vec<_>>())
            .is_some()
    };
    assert!(defines("redis-cli -h 10.0.0.124 replicaof 10.0.0.123 6379"));
    assert!(defines("redis-cli SLAVEOF 10.0.0.123 6379"));
    assert!(defines("redis-server --replicaof 10.0.0.123 6379"));
    assert!(defines(
        "redis-cli -p 26379 SENTINEL MONITOR mymaster 10.0.0.123 6379 2"
    ));
    assert!(defines("redis-cli --cluster create 10.0.0.123:6379"));
    assert!(defines("pg_basebackup -h 10.0.0.120 -D data"));
    // The words of a sequence must follow one another.
    assert!(!defines(
        "redis-cli -p 26379 sentinel get-master-addr-by-name mymaster"
    ));
    assert!(!defines("redis-cli -h 10.0.0.123 cluster info monitor"));
    assert!(!defines("redis-cli -h 10.0.0.123 set replicaof-note x"));
    assert!(!defines("psql -h 10.0.0.120"));
}

#[test]
fn a_platform_pack_replaces_the_definition_commands_of_a_service() {
    let pack = Pack::from_toml(
        ".topolint.toml",
        "extends = \"base\"\n[service.redis]\ndefinition_commands = [\"valkey-setup\"]\n",
    )
    .expect("the pack is valid");
    let redis = pack.service_id("redis").expect("base has redis");
    let postgres = pack.service_id("postgres").expect("base has postgres");
    assert_eq!(
        pack.defined_service(&["valkey-setup", "10.0.0.123"]),
        Some((redis, &[String::from("valkey-setup")][..]))
    );
    assert_eq!(
        pack.defined_service(&["redis-cli", "replicaof", "10.0.0.123"]),
        None
    );
    assert_eq!(
        pack.defined_service(&["pg_basebackup", "-h", "10.0.0.120"]),
        Some((postgres, &[String::from("pg_basebackup")][..]))
    );
}

#[test]
fn an_image_runs_a_server_or_a_proxy_by_the_words_of_its_name() {
    let pack = Pack::builtin().expect("the built-in pack is valid");
    let (postgres, redis) = (pack.service_id("postgres"), pack.service_id("redis"));
    let runs = |image: &str| pack.image_runs(image);
    assert_eq!(
        runs("docker.io/bitnami/redis-sentinel:7.2"),
        redis.map(ImageRuns::Server)
    );
    assert_eq!(
        runs("postgres:16@sha256:0123"),
        postgres.map(ImageRuns::Server)
    );
    assert_eq!(
        runs("registry:5000/zalando/spilo-15:3.0"),
        postgres.map(ImageRuns::Server)
    );
    assert_eq!(runs("bitnami/pgpool"), Some(ImageRuns::Proxy));
    // A tool that works on a service runs none of its servers.
    assert_eq!(runs("oliver006/redis_exporter:v1.55"), None);
    assert_eq!(runs("bitnami/postgres-exporter"), None);
    // The namespace, the registry and the tag say nothing.
    assert_eq!(runs("redis/redisinsight:latest"), None);
    assert_eq!(runs("postgres.example:5000/shop/api:postgres"), None);
    assert_eq!(runs("shop/api"), None);
    assert_eq!(runs(""), None);
}
