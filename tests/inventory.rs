//! `inventory = "servers.tsv"` and `topolint init`.

mod common;

use common::Repo;
use predicates::prelude::*;
use serde_json::Value;

const SERVERS: &str = "HOSTNAME\tIP_PRIVATE\tROLE\tSUBROLE\tDC\ndb-postgres-01\t10.0.0.120\tdb\tpostgres\tfra1\ndb-postgres-02\t10.0.0.121\tdb\tpostgres\tfra1\ndb-postgres-03\t10.0.0.131\tdb\tpostgres\tfra1\nredis-01\t10.0.0.123\tredis\t\tfra1\nhaproxy-01\t10.0.0.11\tlb\thaproxy\tfra1\n";

fn rules(repo: &Repo, code: i32) -> Vec<String> {
    let report: Value =
        serde_json::from_str(&repo.run(&["check", "--format", "json"], code)).expect("JSON");
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            format!(
                "{} {}:{} {}",
                f["rule"].as_str().unwrap_or(""),
                f["path"].as_str().unwrap_or(""),
                f["line"],
                f["message"].as_str().unwrap_or("")
            )
        })
        .collect()
}

#[test]
fn nodes_come_from_the_inventory() {
    let repo = Repo::new(&[
        ("ops/servers.tsv", SERVERS),
        (
            ".topolint.toml",
            "extends = \"keybuzz\"\ninventory = \"ops/servers.tsv\"\n",
        ),
        // .131 is a node in the inventory; .122 is not any more (unknown private host).
        (
            ".env",
            "PGHOST=10.0.0.131\nDB_HOST=10.0.0.122\nREPLICA_HOST=db-postgres-02\n",
        ),
    ]);
    assert_eq!(
        rules(&repo, 1),
        [
            "node-address .env:1 10.0.0.131 is postgres node db-postgres-03, not the load balancer 10.0.0.10:5432",
            "endpoint-bypass .env:2 10.0.0.122 in private network 10.0.0.0/24 is neither an endpoint nor a known node, used in a postgres context (key DB_HOST)",
            "node-address .env:3 db-postgres-02 (10.0.0.121) is postgres node db-postgres-02, not the load balancer 10.0.0.10:5432",
        ]
    );
}

#[test]
fn bad_inventory_rows_name_their_line() {
    let repo = Repo::new(&[
        (
            "servers.tsv",
            "HOSTNAME\tIP_PRIVATE\tROLE\tSUBROLE\ndb1\t10.0.0.120\tdb\tpostgres\ndb2\t10.0.0.321\tdb\tpostgres\n",
        ),
        (
            ".topolint.toml",
            "extends = \"keybuzz\"\ninventory = \"servers.tsv\"\n",
        ),
    ]);
    repo.topolint(&["check"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "servers.tsv:3: IP_PRIVATE \"10.0.0.321\" is not an IPv4 address",
        ));
    let missing = Repo::new(&[(
        ".topolint.toml",
        "extends = \"keybuzz\"\ninventory = \"nope.tsv\"\n",
    )]);
    missing
        .topolint(&["check"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            ".topolint.toml:2: inventory \"nope.tsv\"",
        ));
}

#[test]
fn init_writes_a_starter_config_and_refuses_to_overwrite() {
    let repo = Repo::new(&[(".env", "PGHOST=10.0.0.121\n")]);
    repo.topolint(&["init"]).assert().code(0);
    let written = std::fs::read_to_string(repo.path().join(".topolint.toml")).expect("written");
    assert!(written.contains("extends = \"keybuzz\""), "{written}");
    assert_eq!(
        rules(&repo, 1).len(),
        1,
        "the starter config loads and behaves like the built-in pack"
    );
    repo.topolint(&["init"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("exists; use --force"));
    repo.topolint(&["init", "--force"]).assert().code(0);
}

#[test]
fn init_from_inventory_points_at_it() {
    let servers = format!("{SERVERS}lb\t10.0.0.10\tlb\t\tfra1\n");
    let repo = Repo::new(&[
        ("ops/servers.tsv", servers.as_str()),
        (".env", "PGHOST=10.0.0.131\n"),
    ]);
    repo.topolint(&["init", "--from-inventory", "ops/servers.tsv"])
        .assert()
        .code(0);
    let written = std::fs::read_to_string(repo.path().join(".topolint.toml")).expect("written");
    for expected in [
        "extends = \"base\"\n",
        "inventory = \"ops/servers.tsv\"\n",
        "#   postgres db-postgres-03 10.0.0.131\n",
        // The load balancer row is the endpoint; its ports are a question.
        "# from ops/servers.tsv:7\n[[endpoint]]\nname = \"lb\"\naddress = \"10.0.0.10\"\n",
        "ports = { postgres = [5432], redis = [6379] }\n",
        "# ? ops/servers.tsv:7: lb: the ports are each service's standard port, assumed",
        // The HAProxy row is a proxy host, not the address clients use.
        "[[infrastructure]]\nname = \"haproxy-01\"\ndescription = \"haproxy node\"\naddress = \"10.0.0.11\"\n",
        "private_networks = [\"10.0.0.0/24\"]\n",
    ] {
        assert!(written.contains(expected), "{expected:?} in:\n{written}");
    }
    assert!(
        !written.contains("keybuzz"),
        "no other platform's addresses: {written}"
    );
    assert_eq!(
        rules(&repo, 1),
        [
            "node-address .env:1 10.0.0.131 is postgres node db-postgres-03, not endpoint lb 10.0.0.10:5432"
        ]
    );
    // A pack written elsewhere names the table from its own directory.
    repo.topolint(&[
        "init",
        "--from-inventory",
        "ops/servers.tsv",
        "--output",
        "config/pack.toml",
    ])
    .assert()
    .code(0);
    let elsewhere = std::fs::read_to_string(repo.path().join("config/pack.toml")).expect("written");
    assert!(
        elsewhere.contains("inventory = \"../ops/servers.tsv\"\n"),
        "{elsewhere}"
    );
    let bad = Repo::new(&[("servers.tsv", "HOST\tIP\n")]);
    bad.topolint(&["init", "--from-inventory", "servers.tsv"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("HOSTNAME"));
    assert!(
        !bad.path().join(".topolint.toml").exists(),
        "nothing written from a bad inventory"
    );
}
