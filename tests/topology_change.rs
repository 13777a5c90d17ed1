//! `--diff-base` on a change that edits the topology (SPEC §6): the whole
//! tree is checked with the head's topology and the base's exceptions, and
//! every finding the base topology did not produce is reported, wherever it
//! is, naming the change. Temporary git repositories built here.

mod common;

use common::{Repo, messages, rules};
use serde_json::Value;

const NODE: &str = "[[node]]\nname = \"{name}\"\naddress = \"{address}\"\nhostnames = [\"{name}\"]\nservice = \"postgres\"\n";

fn node(name: &str, address: &str) -> String {
    NODE.replace("{name}", name).replace("{address}", address)
}

/// A platform of PostgreSQL `nodes` behind a VIP.
fn pack(nodes: &[(&str, &str)]) -> String {
    "extends = \"base\"\n\n[[endpoint]]\nname = \"vip\"\naddress = \"172.20.0.5\"\nports = { postgres = 5432 }\n".to_string()
        + &nodes_of(nodes)
}

/// PostgreSQL `nodes` behind no endpoint: a connection lists them all.
fn bare_pack(nodes: &[(&str, &str)]) -> String {
    "extends = \"base\"\n".to_string() + &nodes_of(nodes)
}

/// The `[[node]]` entries of `nodes`, each after a blank line.
fn nodes_of(nodes: &[(&str, &str)]) -> String {
    nodes
        .iter()
        .map(|(name, address)| format!("\n{}", node(name, address)))
        .collect()
}

const THREE: &[(&str, &str)] = &[
    ("pg1", "172.20.1.11"),
    ("pg2", "172.20.1.12"),
    ("pg3", "172.20.1.13"),
];
/// `THREE` and the node a change adds.
const FOUR: &[(&str, &str)] = &[
    ("pg1", "172.20.1.11"),
    ("pg2", "172.20.1.12"),
    ("pg3", "172.20.1.13"),
    ("pg4", "172.20.1.14"),
];
const DISCOVERY: &str = "#!/bin/sh\nPG_CANDIDATE_IPS=(172.20.1.11 172.20.1.12 172.20.1.13)\n";
const CLIENT: &str =
    "DATABASE_URL=postgresql://app@172.20.0.5:5432/app\nDB_HOST=pg3\nPGHOST=172.20.1.13\n";

/// A repository at its base commit, on a branch `pr`.
fn repository(files: &[(&str, &str)]) -> Repo {
    let repo = Repo::new(files);
    repo.git(&["init", "-q", "-b", "main"]);
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "-m", "base"]);
    repo.git(&["checkout", "-q", "-b", "pr"]);
    repo
}

/// `(rule, path)` of each of the report's findings.
fn rules_by_path(report: &Value) -> Vec<(&str, &str)> {
    report["findings"]
        .as_array()
        .map(|list| {
            list.iter()
                .filter_map(|f| Some((f["rule"].as_str()?, f["path"].as_str()?)))
                .collect()
        })
        .unwrap_or_default()
}

fn review(repo: &Repo) -> Value {
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "-m", "change"]);
    let output = repo
        .topolint(&["check", "--diff-base", "main", "--format", "json"])
        .output()
        .expect("runs");
    serde_json::from_slice(&output.stdout).unwrap_or_else(|_| {
        panic!(
            "not JSON: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

#[test]
fn a_node_added_to_the_pack_is_missing_from_every_list_untouched() {
    let repo = repository(&[
        (".topolint.toml", &pack(THREE)),
        ("scripts/discover.sh", DISCOVERY),
        (
            "app.env",
            "DATABASE_URL=postgresql://app@172.20.0.5:5432/app\n",
        ),
    ]);
    repo.write(".topolint.toml", &pack(FOUR));
    let report = review(&repo);
    assert_eq!(
        messages(&report),
        [
            "candidate list PG_CANDIDATE_IPS lacks postgres node pg4 (172.20.1.14): a failover to it would go undetected (from the topology change at .topolint.toml:26)"
        ],
        "{report}"
    );
    assert_eq!(report["findings"][0]["path"], "scripts/discover.sh");
}

#[test]
fn a_node_added_through_the_inventory_only() {
    let table = "HOSTNAME\tIP_PRIVATE\tROLE\tSUBROLE\npg1\t172.20.1.11\tdb\tpostgres\npg2\t172.20.1.12\tdb\tpostgres\npg3\t172.20.1.13\tdb\tpostgres\n";
    let repo = repository(&[
        (
            ".topolint.toml",
            &pack(&[]).replacen("\n", "\ninventory = \"ops/servers.tsv\"\n", 1),
        ),
        ("ops/servers.tsv", table),
        ("scripts/discover.sh", DISCOVERY),
    ]);
    repo.write(
        "ops/servers.tsv",
        &format!("{table}pg4\t172.20.1.14\tdb\tpostgres\n"),
    );
    let report = review(&repo);
    let found = messages(&report);
    assert_eq!(found.len(), 1, "{report}");
    assert!(
        found[0]
            .starts_with("candidate list PG_CANDIDATE_IPS lacks postgres node pg4 (172.20.1.14)")
            && found[0].ends_with("(from the topology change at ops/servers.tsv:5)"),
        "{report}"
    );
}

#[test]
fn a_retired_or_renamed_node_leaves_stale_references_behind() {
    let repo = repository(&[
        (".topolint.toml", &pack(THREE)),
        ("scripts/discover.sh", DISCOVERY),
        ("app.env", CLIENT),
    ]);
    // pg3 retired: the discovery list still probes it, clients still use it.
    repo.write(".topolint.toml", &pack(&THREE[..2]));
    let report = review(&repo);
    assert_eq!(
        rules_by_path(&report),
        [
            ("endpoint-bypass", "app.env"),
            ("endpoint-bypass", "app.env"),
            ("candidate-set", "scripts/discover.sh"),
        ],
        "{report}"
    );
    assert!(
        messages(&report)
            .iter()
            .all(|m| m.contains("(from the topology change at .topolint.toml:"))
    );

    // Renamed: references to the old name are stale.
    let repo = repository(&[
        (".topolint.toml", &pack(THREE)),
        ("app.env", "DB_HOST=pg3\n"),
    ]);
    repo.write(
        ".topolint.toml",
        &pack(&[
            ("pg1", "172.20.1.11"),
            ("pg2", "172.20.1.12"),
            ("db-postgres-03", "172.20.1.13"),
        ]),
    );
    let report = review(&repo);
    assert_eq!(
        messages(&report),
        [
            "pg3 is retired node pg3, not an endpoint, used in a postgres context (key DB_HOST) (from the topology change at .topolint.toml:21)"
        ],
        "{report}"
    );
}

#[test]
fn removing_a_node_cannot_hide_a_pin_the_change_adds() {
    let repo = repository(&[(".topolint.toml", &pack(THREE)), ("app.env", "X=1\n")]);
    repo.write(".topolint.toml", &pack(&THREE[..2]));
    repo.write("app.env", "X=1\nPGHOST=172.20.1.13\n");
    let report = review(&repo);
    let found = messages(&report);
    assert!(
        found.contains(&"172.20.1.13 is postgres node pg3, not endpoint vip 172.20.0.5:5432"),
        "judged with the base pack too: {report}"
    );
}

#[test]
fn a_change_of_exceptions_only_is_no_topology_change() {
    let repo = repository(&[
        (".topolint.toml", &pack(THREE)),
        ("app.env", "PGHOST=172.20.1.13\n"),
        ("other.env", "X=1\n"),
    ]);
    repo.write(
        ".topolint.toml",
        &format!(
            "{}\n[[allow]]\npaths = [\"app.env\"]\nreason = \"dba\"\n",
            pack(THREE)
        ),
    );
    repo.write("other.env", "X=2\n");
    let report = review(&repo);
    assert_eq!(
        rules(&report),
        ["new-exception"],
        "no full check, the pin is not on a changed line: {report}"
    );
}

#[test]
fn a_staged_change_of_the_topology_is_checked_everywhere() {
    let repo = repository(&[
        (".topolint.toml", &pack(THREE)),
        ("scripts/discover.sh", DISCOVERY),
    ]);
    repo.write(".topolint.toml", &pack(FOUR));
    // Not staged yet: nothing to judge.
    let output = repo
        .topolint(&["check", "--staged"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    repo.git(&["add", ".topolint.toml"]);
    let output = repo
        .topolint(&["check", "--staged", "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(
        messages(&report),
        [
            "candidate list PG_CANDIDATE_IPS lacks postgres node pg4 (172.20.1.14): a failover to it would go undetected (from the topology change at .topolint.toml:26)"
        ]
    );
}

#[test]
fn a_node_set_the_change_makes_incomplete_becomes_pins() {
    let repo = repository(&[
        (".topolint.toml", &pack(THREE)),
        (
            "firewall.sh",
            "#!/bin/sh\nfor ip in 172.20.1.11 172.20.1.12 172.20.1.13; do\n  iptables -A INPUT -s \"$ip\" -j ACCEPT\ndone\n",
        ),
    ]);
    repo.write(".topolint.toml", &pack(FOUR));
    let report = review(&repo);
    assert_eq!(rules(&report), ["node-address"; 3], "{report}");
}

#[test]
fn a_lone_pin_stays_as_it_was_and_a_lone_node_gaining_a_peer_is_pinned() {
    // Without an endpoint, a connection lists every node: to the only node
    // of its cluster, it does; once a second node joins, it is a pin.
    let repo = repository(&[
        (".topolint.toml", &bare_pack(&THREE[..1])),
        ("app.env", "PGHOST=172.20.1.11\n"),
    ]);
    repo.write(".topolint.toml", &bare_pack(&THREE[..2]));
    let report = review(&repo);
    assert_eq!(
        rules_by_path(&report),
        [("node-address", "app.env")],
        "{report}"
    );

    // With an endpoint, a lone pin is a pin in both topologies: the change
    // reports nothing new about it, while the list it leaves incomplete is.
    let repo = repository(&[
        (".topolint.toml", &pack(THREE)),
        ("client.env", CLIENT),
        ("scripts/discover.sh", DISCOVERY),
    ]);
    repo.write(".topolint.toml", &pack(FOUR));
    let report = review(&repo);
    assert_eq!(
        rules_by_path(&report),
        [("candidate-set", "scripts/discover.sh")],
        "{report}"
    );
}

#[test]
fn an_endpoint_given_to_a_cluster_makes_its_seed_lists_pins() {
    // Without an endpoint, a connection lists every node; once the cluster
    // has one, each node in it is a pin, in a file the change did not touch.
    let repo = repository(&[
        (".topolint.toml", &bare_pack(THREE)),
        ("app.env", "PGHOST=172.20.1.11,172.20.1.12,172.20.1.13\n"),
    ]);
    repo.write(".topolint.toml", &pack(THREE));
    let report = review(&repo);
    assert_eq!(rules(&report), ["node-address"; 3], "{report}");
}

#[test]
fn a_retired_node_hidden_in_secret_data_is_found() {
    use base64::Engine;
    let encoded = base64::engine::general_purpose::STANDARD.encode("172.20.1.13");
    let secret = format!(
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  PGHOST: {encoded}\n"
    );
    let repo = repository(&[
        (".topolint.toml", &pack(THREE)),
        ("k8s/secret.yaml", &secret),
        // Names only what the change leaves alone: judged alike by both.
        ("other.env", "PGHOST=172.20.1.11\n"),
    ]);
    repo.write(".topolint.toml", &pack(&THREE[..2]));
    let report = review(&repo);
    assert_eq!(
        rules_by_path(&report),
        [("endpoint-bypass", "k8s/secret.yaml")],
        "{report}"
    );
}

#[test]
fn untracked_files_are_new_as_a_whole_beside_a_topology_change() {
    let repo = repository(&[
        (".topolint.toml", &pack(THREE)),
        (".gitignore", "ignored/\n"),
        // Tracked and unchanged: the base's topology pins it too.
        ("sub/app.env", "PGHOST=172.20.1.13\n"),
    ]);
    repo.write(".topolint.toml", &pack(FOUR));
    repo.git(&["commit", "-q", "-am", "a node added"]);
    // Untracked, so new as a whole, told by the whole-tree walk.
    repo.write("sub/wip.env", "PGHOST=172.20.1.11\n");
    // Ignored: not part of the change, and not walked.
    repo.write("ignored/old.env", "PGHOST=172.20.1.12\n");
    // A submodule's work tree: another repository's files.
    repo.write("vendor/lib/.git", "gitdir: ../../.git/modules/lib\n");
    repo.write("vendor/lib/app.env", "PGHOST=172.20.1.12\n");

    let report = repo.json(&["--diff-base", "main"], 1);
    assert_eq!(
        rules_by_path(&report),
        [("node-address", "sub/wip.env")],
        "{report}"
    );
    // Checked from a directory below the top: paths as git and the walk
    // name them meet there too.
    let report = repo.json(&["--diff-base", "main", "sub"], 1);
    assert_eq!(
        rules_by_path(&report),
        [("node-address", "wip.env")],
        "{report}"
    );
    // Tracked, the same file is judged on its changed lines as before.
    repo.git(&["add", "sub/wip.env"]);
    let report = repo.json(&["--diff-base", "main"], 1);
    assert_eq!(
        rules_by_path(&report),
        [("node-address", "sub/wip.env")],
        "{report}"
    );
}

/// A node the change adds, written in an Ansible variables file: a client's
/// use of the variable makes it a new pin, a replica's template does not.
#[test]
fn a_node_added_to_the_pack_is_judged_by_where_ansible_uses_its_variable() {
    let repo = repository(&[
        (".topolint.toml", &pack(THREE)),
        (
            "group_vars/all.yml",
            "report_host: 172.20.1.14\nclone_source: 172.20.1.14\n",
        ),
        (
            "roles/report/templates/report.env.j2",
            "PGHOST={{ report_host }}\n",
        ),
        (
            "roles/replica/templates/recovery.conf.j2",
            "primary_conninfo = 'host={{ clone_source }} port=5432 user=replicator'\n",
        ),
    ]);
    repo.write(".topolint.toml", &pack(FOUR));
    let report = review(&repo);
    assert_eq!(
        rules_by_path(&report),
        [("node-address", "group_vars/all.yml")],
        "{report}"
    );
    assert_eq!(report["findings"][0]["line"], 1, "{report}");
}
