//! The incidents topolint exists for, exactly as they happened (SPEC "The
//! incidents it must catch"), and the fixed versions that must pass.

mod common;

use common::Repo;
use serde_json::Value;

/// `(rule, severity, line, column, message)` of each finding.
fn findings(repo: &Repo, code: i32) -> Vec<(String, String, u64, u64, String)> {
    let out = repo.run(&["check", "--format", "json"], code);
    let report: Value = serde_json::from_str(&out).expect("JSON");
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or_default().to_string(),
                f["severity"].as_str().unwrap_or_default().to_string(),
                f["line"].as_u64().unwrap_or_default(),
                f["column"].as_u64().unwrap_or_default(),
                f["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

const WRONG_LIST: &str = "#!/usr/bin/env bash\nCANDIDATE_IPS=(\"10.0.0.122\" \"10.0.0.123\" \"10.0.0.124\" \"10.0.0.125\")\n";

#[test]
fn incident_2_redis_nodes_in_the_postgres_candidate_list() {
    let repo = Repo::new(&[("scripts/db_migrate_leader.sh", WRONG_LIST)]);
    let found = findings(&repo, 1);
    let on_members: Vec<_> = found
        .iter()
        .filter(|f| f.4.contains("is redis node"))
        .collect();
    assert_eq!(on_members.len(), 3, "{found:#?}");
    for ((rule, severity, line, column, _), expected_column) in
        on_members.iter().map(|f| (*f).clone()).zip([30, 43, 56])
    {
        assert_eq!(
            (rule.as_str(), severity.as_str(), line, column),
            ("candidate-set", "error", 2, expected_column)
        );
    }
    let missing: Vec<_> = found
        .iter()
        .filter(|f| f.4.contains("lacks postgres node"))
        .collect();
    assert_eq!(missing.len(), 2, "{found:#?}");
    assert!(
        missing[0].4.contains("db-master-01 (10.0.0.120)")
            && missing[1].4.contains("db-slave-01 (10.0.0.121)")
    );
    assert!(
        missing
            .iter()
            .all(|f| (f.0.as_str(), f.2, f.3) == ("candidate-set", 2, 15)),
        "on the list's value"
    );
    assert_eq!(
        found.len(),
        5,
        "10.0.0.122 is a correct member and no node-address: {found:#?}"
    );
}

#[test]
fn incident_2_fixed_list_with_its_comments_is_clean() {
    let fixed = "#!/usr/bin/env bash\n# The PostgreSQL nodes only (Redis nodes 10.0.0.123-125 are not candidates).\n# db-postgres-01 10.0.0.120, db-postgres-02 10.0.0.121, db-postgres-03 10.0.0.122\nCANDIDATE_IPS=(\"10.0.0.120\" \"10.0.0.121\" \"10.0.0.122\")\n";
    let repo = Repo::new(&[("scripts/db_migrate_leader.sh", fixed)]);
    assert!(findings(&repo, 0).is_empty());
}

fn base64(text: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(text)
}

#[test]
fn incident_1_secret_external_secret_and_vault_pinned_to_a_replica() {
    let secret = |ip: &str| {
        format!(
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: app-db\ndata:\n  PGHOST: {}\n",
            base64(ip)
        )
    };
    let external = |ip: &str| {
        format!(
            "apiVersion: external-secrets.io/v1beta1\nkind: ExternalSecret\nmetadata:\n  name: app-db\nspec:\n  target:\n    template:\n      data:\n        DATABASE_URL: \"postgresql://{{{{ .user }}}}:{{{{ .password }}}}@{ip}:5432/app\"\n"
        )
    };
    let vault = |ip: &str| {
        format!(
            "#!/bin/sh\nvault write database/config/keybuzz-postgres \\\n  plugin_name=postgresql-database-plugin \\\n  connection_url='postgresql://{{{{username}}}}:{{{{password}}}}@{ip}:5432/postgres'\n"
        )
    };
    let repo = Repo::new(&[
        ("k8s/secret.yaml", &secret("10.0.0.121")),
        ("k8s/external-secret.yaml", &external("10.0.0.121")),
        ("vault/setup.sh", &vault("10.0.0.121")),
    ]);
    let found = findings(&repo, 1);
    let summary: Vec<_> = found.iter().map(|f| (f.0.as_str(), f.2, f.3)).collect();
    // The Secret finding points at the encoded scalar; the Vault one at the continued line.
    assert_eq!(
        summary,
        [
            ("node-address", 9, 65),
            ("node-address", 6, 11),
            ("node-address", 4, 58)
        ],
        "{found:#?}"
    );
    assert!(
        found[1]
            .4
            .contains("base64-decoded from Secret data key PGHOST"),
        "{}",
        found[1].4
    );
    assert!(
        found
            .iter()
            .all(|f| f.4.starts_with("10.0.0.121 is postgres node db-slave-01"))
    );

    let fixed = Repo::new(&[
        ("k8s/secret.yaml", &secret("10.0.0.10")),
        ("k8s/external-secret.yaml", &external("10.0.0.10")),
        ("vault/setup.sh", &vault("10.0.0.10")),
    ]);
    assert!(findings(&fixed, 0).is_empty());
}

#[test]
fn secret_data_is_masked_in_every_snippet() {
    let repo = Repo::new(&[(
        "secret.yaml",
        &format!(
            "kind: Secret\ndata:\n  PGHOST: {}\n  URL: {}\n",
            base64("10.0.0.121"),
            base64("postgresql://u:topsecret@10.0.0.122/db")
        ),
    )]);
    let human = repo.run(&["check", "--color", "never"], 1);
    assert!(!human.contains(&base64("10.0.0.121")), "{human}");
    assert!(human.contains("PGHOST: ***"), "{human}");
    assert!(
        !human.contains("topsecret")
            && !human.contains(&base64("postgresql://u:topsecret@10.0.0.122/db")),
        "{human}"
    );
}

#[test]
fn incident_3_redis_where_postgres_is_expected() {
    let repo = Repo::new(&[
        (
            ".env",
            "DATABASE_URL=postgresql://app:pw@10.0.0.123:5432/db\nPGHOST=10.0.0.124\n",
        ),
        ("ops.sh", "#!/bin/sh\npsql -h 10.0.0.125 -c 'select 1'\n"),
        ("app.conf", "url = postgresql://app@10.0.0.10:6379/app\n"),
    ]);
    let rules: Vec<_> = findings(&repo, 1).into_iter().map(|f| f.0).collect();
    assert_eq!(rules, ["cross-service"; 4]);
}

#[test]
fn helm_templates_malformed_yaml_and_alias_bombs_produce_a_result() {
    let mut bomb = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for level in 1..40 {
        bomb.push_str(&format!(
            "l{level}: &l{level} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n",
            p = if level == 1 {
                "a".to_string()
            } else {
                format!("l{}", level - 1)
            }
        ));
    }
    bomb.push_str("db:\n  host: 10.0.0.121\n");
    let deep_block = format!("{}10.0.0.121\n", "- ".repeat(100_000));
    let deep_flow = format!("{}10.0.0.121{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let repo = Repo::new(&[
        (
            "chart/templates/cm.yaml",
            "data:\n  {{- if .Values.x }}\n  DATABASE_URL: postgresql://a@10.0.0.121:5432/a\n  {{- end }}\n",
        ),
        ("broken.yaml", "a: [1\nhost: 10.0.0.121\n"),
        ("bomb.yaml", &bomb),
        ("deep-block.yaml", &deep_block),
        ("deep-flow.yaml", &deep_flow),
    ]);
    let found = findings(&repo, 1);
    let per_file = |rule: &str| found.iter().filter(|f| f.0 == rule).count();
    assert_eq!(
        per_file("node-address"),
        5,
        "one finding per file, the bomb's at its one real host: {found:#?}"
    );
    assert_eq!(
        per_file("parse-error"),
        4,
        "every file that is not plain YAML says how it was read: {found:#?}"
    );
}
