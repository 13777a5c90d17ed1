//! Allowlist, inline suppressions, baseline and `--show-suppressed`, on the
//! real binary.

mod common;

use common::{NODE_URL, Repo, listed, messages};
use serde_json::Value;

/// `rule path:line` of each finding (or of each suppressed finding).
/// Scrape targets that are not every node (every node would be a node set,
/// no finding at all): the allowlist hides them.
const PROMETHEUS: &str = "scrape_configs:\n  - job_name: nodes\n    static_configs:\n      - targets: [\"10.0.0.120:9100\", \"10.0.0.121:9100\", \"10.0.0.123:9100\", \"10.0.0.124:9100\"]\n";
const HAPROXY: &str =
    "backend pg\n    server db1 10.0.0.120:5432 check\n    server db2 10.0.0.121:5432 check\n";

#[test]
fn monitoring_and_cluster_definitions_are_allowed_but_cross_service_is_not() {
    let repo = Repo::new(&[
        ("deploy/prometheus-config.yaml", PROMETHEUS),
        ("lb/haproxy.conf", HAPROXY),
        (
            "monitoring/postgres-exporter.env",
            "DATA_SOURCE_NAME=postgresql://exporter:pw@10.0.0.124:5432/postgres\n",
        ),
        // The Datadog agent's check config polls the node it watches.
        (
            "datadog/conf.d/postgres.d/conf.yaml",
            "instances:\n  - host: 10.0.0.121\n    port: 5432\n",
        ),
        // The same instance outside a check's folder is a pin.
        (
            "datadog/postgres.yaml",
            "instances:\n  - host: 10.0.0.122\n    port: 5432\n",
        ),
    ]);
    let report = repo.json(&["--show-suppressed"], 1);
    assert_eq!(
        listed(&report, "findings"),
        [
            "node-address datadog/postgres.yaml:2",
            "cross-service monitoring/postgres-exporter.env:1"
        ]
    );
    let suppressed = report["suppressed"].as_array().expect("suppressed listed");
    assert_eq!(suppressed.len(), 7);
    for hidden in suppressed {
        assert_eq!(hidden["suppressed_by"]["kind"], "allow");
        assert!(
            hidden["suppressed_by"]["reason"]
                .as_str()
                .is_some_and(|r| r.contains("(built-in pack)")),
            "{hidden}"
        );
    }
    assert!(
        repo.json(&[], 1).get("suppressed").is_none(),
        "listed only with --show-suppressed"
    );
}

#[test]
fn cluster_definitions_by_content_and_by_path() {
    let repo = Repo::new(&[
        (
            "conf/patroni-node.yaml",
            "scope: pg\nrestapi:\n  connect_address: 10.0.0.120:8008\npostgresql:\n  connect_address: 10.0.0.120:5432\n",
        ),
        (
            "conf/sentinel-a.conf",
            "sentinel monitor mymaster 10.0.0.123 6379 2\n",
        ),
        ("conf/replica.conf", "replicaof 10.0.0.123 6379\n"),
        (
            "conf/etcd.env",
            "ETCD_INITIAL_CLUSTER=pg1=http://10.0.0.120:2380,pg2=http://10.0.0.121:2380\n",
        ),
        (
            "templates/haproxy.cfg.j2",
            "global\n  log 10.0.0.121 local0\n",
        ),
        ("ansible/inventory/hosts.ini", "[db]\n10.0.0.120\n"),
        ("backup/.pgpass", "10.0.0.121:5432:*:barman:pw\n"),
        (
            "roles/backup/templates/pgbackrest.conf.j2",
            "[main]\npg1-host=10.0.0.120\npg2-host=10.0.0.121\n",
        ),
        ("ops/notes.conf", "standby = 10.0.0.122\n"),
    ]);
    assert_eq!(
        listed(&repo.json(&[], 1), "findings"),
        ["node-address ops/notes.conf:1"]
    );
}

#[test]
fn yaml_kinds_apply_per_document() {
    let repo = Repo::new(&[(
        "k8s/monitoring.yaml",
        "apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nspec:\n  endpoints:\n    - targetHost: 10.0.0.121\n---\napiVersion: v1\nkind: ConfigMap\ndata:\n  PGHOST: 10.0.0.121\n",
    )]);
    assert_eq!(
        listed(&repo.json(&[], 1), "findings"),
        ["node-address k8s/monitoring.yaml:10"]
    );
}

#[test]
fn a_file_or_directory_named_after_a_node_is_that_nodes_definition() {
    let own = "redis_host: 10.0.0.124\nreplicaof: \"10.0.0.123 6379\"\n";
    let repo = Repo::new(&[
        // Ansible host_vars, a node's own directory, a node's own env file.
        ("ansible/host_vars/redis-02/main.yml", own),
        (
            "ansible/host_vars/db-master-01.internal.yml",
            "listen: 10.0.0.120\n",
        ),
        (
            "deploy/nodes/db-slave-01.env",
            "PATRONI_NAME=db-slave-01\nPATRONI_POSTGRESQL_CONNECT_ADDRESS=10.0.0.121:5432\n",
        ),
        // Still wrong anywhere: a PostgreSQL node in a Redis URL.
        (
            "deploy/redis-03/app.env",
            "REDIS_URL=redis://10.0.0.120:6379/0\n",
        ),
        // Names that only contain a node's name describe no node.
        ("deploy/redis-02-backups/main.yml", own),
        ("deploy/api-db-slave-01.env", "PGHOST=10.0.0.121\n"),
        // An endpoint's name is no node's.
        ("deploy/10.0.0.10/app.env", "PGHOST=10.0.0.122\n"),
    ]);
    assert_eq!(
        listed(&repo.json(&[], 1), "findings"),
        [
            "node-address deploy/10.0.0.10/app.env:1",
            "node-address deploy/api-db-slave-01.env:1",
            // Its `replicaof:` is Redis's own setting wherever it is written
            // (`own_config_keys`); its client setting is a pin.
            "node-address deploy/redis-02-backups/main.yml:1",
            "cross-service deploy/redis-03/app.env:1",
        ]
    );
}

#[test]
fn an_ssh_client_config_is_read_as_ssh_options_by_its_name_or_its_first_directive() {
    let config = "Host db1\n  HostName 10.0.0.120\n  LocalForward 15432 10.0.0.121:5432\n";
    let repo = Repo::new(&[
        (".ssh/config", config),
        ("ansible/ssh.cfg", config),
        ("deploy/ssh_config", config),
        // Named `config` elsewhere, read as one by its `Host` directive.
        ("app/config", config),
        // A `config` of other options is no ssh config.
        (
            "lib/config",
            "HostName 10.0.0.120\nLocalForward 15432 10.0.0.121:5432\n",
        ),
    ]);
    assert_eq!(
        listed(&repo.json(&[], 1), "findings"),
        [
            "node-address .ssh/config:3",
            "node-address ansible/ssh.cfg:3",
            "node-address app/config:3",
            "node-address deploy/ssh_config:3",
            "node-address lib/config:1",
            "node-address lib/config:2",
        ]
    );
}

#[test]
fn a_nodes_own_compose_service_may_name_its_peers_a_client_may_not() {
    let compose = "services:\n  db-postgres-01:\n    image: postgres\n    environment:\n      PATRONI_PEERS: 10.0.0.121,10.0.0.122\n  pg2:\n    image: postgres\n    hostname: db-postgres-02\n    environment:\n      PATRONI_PEERS: 10.0.0.120\n  api:\n    image: api\n    environment:\n      PGHOST: 10.0.0.121\n";
    let repo = Repo::new(&[("docker-compose.yml", compose)]);
    assert_eq!(
        listed(&repo.json(&[], 1), "findings"),
        ["node-address docker-compose.yml:14"]
    );
}

#[test]
fn repository_entries_name_rules_expire_and_must_be_used() {
    let config = "extends = \"keybuzz\"\n\n[[allow]]\npaths = [\"legacy/**\"]\nreason = \"old stack, removed in Q3\"\nowner = \"platform\"\n\n[[allow]]\npaths = [\"tools/**\"]\nrules = [\"node-address\", \"cross-service\"]\nreason = \"DBA tools connect to nodes on purpose\"\n\n[[allow]]\npaths = [\"old/**\"]\nreason = \"temporary\"\nowner = \"team-app\"\nexpires = 2020-01-31\n\n[[allow]]\npaths = [\"nothing-here/**\"]\nreason = \"stale\"\nowner = \"team-db\"\n";
    let repo = Repo::new(&[
        (".topolint.toml", config),
        ("legacy/app.env", NODE_URL),
        ("legacy/cache.env", "REDIS_URL=redis://10.0.0.121:6379\n"),
        ("tools/dba.env", "REDIS_URL=redis://10.0.0.121:6379\n"),
        ("old/app.env", NODE_URL),
    ]);
    let report = repo.json(&[], 1);
    assert_eq!(
        listed(&report, "findings"),
        [
            "unused-allow .topolint.toml:19",
            "cross-service legacy/cache.env:1",
            "node-address old/app.env:1"
        ],
        "an entry allows node-address only unless it names more; an expired one allows \
         nothing and is no unused-allow: its findings say it expired"
    );
    let said = messages(&report);
    assert_eq!(
        said[0],
        "this [[allow]] entry allowed nothing in a full scan (reason: stale; owner: team-db)"
    );
    assert_eq!(
        said[2],
        "10.0.0.121 is postgres node db-slave-01, not the load balancer 10.0.0.10:5432 \
         (the allow entry at .topolint.toml:13, owner team-app, expired on 2020-01-31)"
    );
    // People see where the entry is, as for any finding.
    let human = repo.run(&["check", "--color", "never"], 1);
    assert!(
        human.contains("  ┌─ .topolint.toml:19:1\n   │\n19 │ [[allow]]\n"),
        "{human}"
    );
    // --show-suppressed says who owns an exception.
    let shown = repo.run(&["check", "--color", "never", "--show-suppressed"], 1);
    assert!(
        shown.contains(
            "hidden by allowlist: old stack, removed in Q3 (.topolint.toml:3, owner platform)"
        ),
        "{shown}"
    );
    // A partial run does not judge entries.
    assert_eq!(
        listed(&repo.json(&["legacy/app.env"], 0), "findings"),
        Vec::<String>::new()
    );
}

#[test]
fn allow_entries_without_a_reason_or_with_an_unknown_rule_are_invalid() {
    let repo = Repo::new(&[(
        ".topolint.toml",
        "extends = \"keybuzz\"\n[[allow]]\npaths = [\"x/**\"]\n",
    )]);
    repo.topolint(&["check"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            ".topolint.toml:2: [[allow]]: missing key \"reason\"",
        ));
    let repo = Repo::new(&[(
        ".topolint.toml",
        "extends = \"keybuzz\"\n[[allow]]\npaths = [\"x/**\"]\nrules = [\"node-adress\"]\nreason = \"r\"\n",
    )]);
    repo.topolint(&["check"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            ".topolint.toml:4: [[allow]]: unknown rule \"node-adress\"",
        ));
}

#[test]
fn inline_suppressions_need_a_reason_and_a_finding() {
    let env = "\
PGHOST=10.0.0.121 # topolint: allow(node-address) read-only reporting replica, ticket OPS-12
# topolint: allow(node-address) the line below is the migration source
MIGRATION_SOURCE=postgresql://10.0.0.122:5432/app
PG_REPLICA=10.0.0.120 # topolint: allow(node-address)
REDIS_HOST=10.0.0.121 # topolint: allow(node-address) wrong rule: this is cross-service
LB=10.0.0.10 # topolint: allow(node-address) nothing to allow here
";
    let repo = Repo::new(&[("app.env", env)]);
    let report = repo.json(&["--show-suppressed"], 1);
    assert_eq!(
        listed(&report, "findings"),
        [
            "node-address app.env:4",
            "unused-suppression app.env:4",
            "cross-service app.env:5",
            "unused-suppression app.env:5",
            "unused-suppression app.env:6"
        ]
    );
    let reasons: Vec<&str> = report["suppressed"]
        .as_array()
        .expect("suppressed")
        .iter()
        .filter_map(|s| s["suppressed_by"]["reason"].as_str())
        .collect();
    assert_eq!(
        reasons,
        [
            "line 1: read-only reporting replica, ticket OPS-12",
            "line 2: the line below is the migration source"
        ]
    );
    let messages: Vec<&str> = messages(&report);
    assert!(
        messages.contains(&"this suppression has no reason, so it suppresses nothing"),
        "{messages:?}"
    );
}

#[test]
fn inline_suppressions_in_yaml_shell_and_text() {
    let repo = Repo::new(&[
        (
            "values.yaml",
            "db:\n  # topolint: allow(node-address) pinned for the data migration\n  host: 10.0.0.121\n",
        ),
        (
            "run.sh",
            "#!/bin/sh\npsql -h 10.0.0.121 # topolint: allow(node-address) DBA maintenance\n",
        ),
        (
            "app.json",
            "{\n  // topolint: allow(node-address) fixture for the driver tests\n  \"host\": \"10.0.0.121\"\n}\n",
        ),
        // A comment above a list item covers the item: an env entry is one entry.
        (
            "deploy.yaml",
            "env:\n  # topolint: allow(node-address) read replica for reports, OPS-7\n  - name: REPORTS_DB_HOST\n    value: 10.0.0.122\n  - name: DB_HOST\n    value: 10.0.0.121\n",
        ),
    ]);
    let report = repo.json(&["--show-suppressed"], 1);
    assert_eq!(
        listed(&report, "findings"),
        ["node-address deploy.yaml:6"],
        "the next item is not covered"
    );
    assert_eq!(listed(&report, "suppressed").len(), 4, "{report}");
    assert!(listed(&report, "suppressed").contains(&"node-address deploy.yaml:4".to_string()));
}

#[test]
fn baseline_hides_known_findings_by_fingerprint_not_line() {
    let repo = Repo::new(&[(
        "app.env",
        "PGHOST=10.0.0.121\nREDIS_URL=redis://10.0.0.123:6379\n",
    )]);
    repo.topolint(&["check", "--write-baseline", "baseline.json"])
        .assert()
        .code(0);
    let baseline: Value = serde_json::from_str(
        &std::fs::read_to_string(repo.path().join("baseline.json")).expect("written"),
    )
    .expect("JSON");
    assert_eq!(baseline["version"], 1);
    assert_eq!(baseline["findings"].as_array().map(Vec::len), Some(2));
    let report = repo.json(&["--baseline", "baseline.json", "--show-suppressed"], 0);
    assert!(listed(&report, "findings").is_empty());
    assert!(
        report["suppressed"]
            .as_array()
            .is_some_and(|s| s.iter().all(|f| f["suppressed_by"]["kind"] == "baseline"))
    );

    // Lines inserted above a known finding do not resurrect it.
    repo.write("app.env", "# config for the api\nLOG_LEVEL=info\n\nPGHOST=10.0.0.121\nREDIS_URL=redis://10.0.0.123:6379\n");
    assert!(listed(&repo.json(&["--baseline", "baseline.json"], 0), "findings").is_empty());

    // Another address on the same key, and the same mistake under another key, are new.
    repo.write(
        "app.env",
        "PGHOST=10.0.0.122\nREDIS_URL=redis://10.0.0.123:6379\nDB_HOST=10.0.0.121\n",
    );
    assert_eq!(
        listed(&repo.json(&["--baseline", "baseline.json"], 1), "findings"),
        ["node-address app.env:1", "node-address app.env:3"]
    );

    // A second identical finding under the same key is new too (occurrence index).
    repo.write(
        "app.env",
        "PGHOST=10.0.0.121\nREDIS_URL=redis://10.0.0.123:6379\nPGHOST=10.0.0.121\n",
    );
    assert_eq!(
        listed(&repo.json(&["--baseline", "baseline.json"], 1), "findings"),
        ["node-address app.env:3"]
    );

    repo.write("bad.json", "{\"version\": 7, \"findings\": []}");
    repo.topolint(&["check", "--baseline", "bad.json"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("version 7"));
}

#[test]
fn show_suppressed_in_human_output() {
    let repo = Repo::new(&[
        ("lb/haproxy.conf", HAPROXY),
        (
            "app.env",
            "A=10.0.0.121 # topolint: allow(node-address) legacy, see OPS-1\n",
        ),
    ]);
    let out = repo.run(&["check", "--color", "never", "--show-suppressed"], 0);
    assert!(out.contains("suppressed (3):"), "{out}");
    assert!(
        out.contains("hidden by inline: line 1: legacy, see OPS-1"),
        "{out}"
    );
    assert!(
        out.contains(
            "hidden by allowlist: an HAProxy config names the servers it balances (built-in pack)"
        ),
        "{out}"
    );
}

#[test]
fn planted_secrets_appear_in_no_format() {
    use base64::Engine;
    let encoded = base64::engine::general_purpose::STANDARD
        .encode("postgresql://app:B64-SECRET-1@10.0.0.121:5432/app");
    let repo = Repo::new(&[
        (
            ".env",
            "DATABASE_URL=postgresql://app:URL-SECRET-1@10.0.0.121:5432/app\nPGPASSWORD=ENV-SECRET-2 PGHOST=10.0.0.122\n",
        ),
        (
            "app.conf",
            "dsn = host=10.0.0.120 port=5432 password=LIBPQ-SECRET-3 dbname=app\n",
        ),
        (
            "config.json",
            "{\"db_password\": \"JSON-SECRET-4\", \"host\": \"10.0.0.121\"}\n",
        ),
        (
            "secret.yaml",
            &format!(
                "kind: Secret\ndata:\n  DATABASE_URL: {encoded}\nstringData:\n  REDIS_URL: redis://:YAML-SECRET-5@10.0.0.123:6379\n"
            ),
        ),
        (
            "deploy.sh",
            "#!/bin/sh\nvault write database/config/pg plugin_name=postgresql-database-plugin connection_url='postgresql://vault:SH-SECRET-6@10.0.0.121:5432/postgres'\n",
        ),
    ]);
    for format in ["human", "json", "sarif", "github"] {
        let out = repo.run(
            &[
                "check",
                "--format",
                format,
                "--color",
                "never",
                "--show-suppressed",
            ],
            1,
        );
        for secret in [
            "URL-SECRET-1",
            "ENV-SECRET-2",
            "LIBPQ-SECRET-3",
            "JSON-SECRET-4",
            "B64-SECRET-1",
            "YAML-SECRET-5",
            "SH-SECRET-6",
            &encoded,
        ] {
            assert!(!out.contains(secret), "{format} leaks {secret}:\n{out}");
        }
        assert!(
            out.contains("10.0.0.121"),
            "{format} still names the address"
        );
    }
}

#[test]
fn an_allow_entry_by_block_covers_the_blocks_it_names_in_yaml_and_shell() {
    let repo = Repo::new(&[
        (
            ".topolint.toml",
            "extends = \"keybuzz\"\n[[allow]]\nreason = \"the canary reads a replica on purpose\"\nblocks = [\"*canary*\"]\n",
        ),
        (
            "docker-compose.yml",
            "services:\n  web-canary:\n    environment:\n      PGHOST: 10.0.0.121\n  web:\n    environment:\n      PGHOST: 10.0.0.122\n",
        ),
        (
            "deploy.sh",
            "docker run -e PGHOST=10.0.0.121 registry/web-canary:1\ndocker run -e PGHOST=10.0.0.122 registry/web:1\n",
        ),
    ]);
    let report = repo.json(&["--show-suppressed"], 1);
    assert_eq!(
        listed(&report, "findings"),
        [
            "node-address deploy.sh:2",
            "node-address docker-compose.yml:7"
        ]
    );
    assert_eq!(
        listed(&report, "suppressed"),
        [
            "node-address deploy.sh:1",
            "node-address docker-compose.yml:4"
        ]
    );
}

#[test]
fn a_grafana_dashboard_too_large_for_a_document_is_still_monitoring() {
    let panel =
        "{\"title\": \"rows\", \"type\": \"timeseries\", \"targets\": [{\"refId\": \"A\"}]},\n";
    let panels = panel.repeat(300 * 1024 / panel.len());
    let variable = "{\"name\": \"instance\", \"query\": \"10.0.0.120:9187\"}";
    let dashboard = format!(
        "{{\"schemaVersion\": 39, \"templating\": {{\"list\": [{variable}]}},\n\"panels\": [\n{panels}{{}}]}}\n"
    );
    let export = format!("{{\"source\": {variable}, \"rows\": [\n{panels}{{}}]}}\n");
    let repo = Repo::new(&[
        ("dashboards/postgres.json", dashboard.as_str()),
        ("exports/rows.json", export.as_str()),
    ]);
    let report = repo.json(&["--show-suppressed"], 1);
    assert_eq!(
        listed(&report, "findings"),
        ["node-address exports/rows.json:1"]
    );
    assert_eq!(
        listed(&report, "suppressed"),
        ["node-address dashboards/postgres.json:1"]
    );
}
