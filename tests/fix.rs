//! `topolint fix` on every fix kind in every file kind: each input in
//! `testdata/fix/` has its diff (`NAME.diff`, from `fix --diff`) and its
//! fixed text (`NAME.fixed`) beside it. Regenerate with `TOPOLINT_BLESS=1`
//! and review. A second run changes nothing.

mod common;

use std::path::Path;

use common::{Repo, listed};

const INPUTS: &[&str] = &[
    "app.env",
    "values.yaml",
    "deploy.sh",
    "app.properties",
    "config.json",
    "secret.yaml",
    "hosts.env",
];

fn compare(expected: &Path, actual: &str, mismatches: &mut Vec<String>) {
    if std::env::var_os("TOPOLINT_BLESS").is_some() {
        std::fs::write(expected, actual).expect("bless");
        return;
    }
    let wanted = std::fs::read_to_string(expected).unwrap_or_default();
    if wanted != actual {
        mismatches.push(format!(
            "--- {}\nexpected:\n{wanted}\nactual:\n{actual}",
            expected.display()
        ));
    }
}

#[test]
fn every_fix_kind_in_every_file_kind() {
    let testdata = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/fix");
    let mut mismatches = Vec::new();
    for input in INPUTS {
        let text = std::fs::read_to_string(testdata.join(input)).expect("input");
        let repo = Repo::new(&[(input, text.as_str())]);
        let diff = repo
            .topolint(&["fix", "--diff", "--color", "never"])
            .output()
            .expect("runs");
        assert_eq!(diff.status.code(), Some(1), "{input}: something to fix");
        assert_eq!(
            std::fs::read_to_string(repo.path().join(input)).expect("input"),
            text,
            "--diff writes nothing"
        );
        let diff = String::from_utf8(diff.stdout).expect("UTF-8");
        compare(
            &testdata.join(format!("{input}.diff")),
            &diff,
            &mut mismatches,
        );
        let fixed = repo
            .topolint(&["fix", "--color", "never"])
            .output()
            .expect("runs");
        assert_ne!(fixed.status.code(), Some(2), "{input}");
        let after = std::fs::read_to_string(repo.path().join(input)).expect("fixed");
        compare(
            &testdata.join(format!("{input}.fixed")),
            &after,
            &mut mismatches,
        );
        // Idempotent: nothing left to fix.
        let again = repo.topolint(&["fix", "--diff"]).output().expect("runs");
        assert_eq!(
            again.status.code(),
            Some(0),
            "{input}: {}",
            String::from_utf8_lossy(&again.stdout)
        );
        // Never a secret in the diff.
        assert!(!diff.contains("S3cretPw"), "{diff}");
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[test]
fn unsafe_fixes_only_when_asked_and_never_for_hidden_findings() {
    let repo = Repo::new(&[(
        "app.env",
        "DATABASE_URL=postgresql://app@10.0.0.123:5432/app\nREPLICA=postgresql://app@10.0.0.121:5432/app # topolint: allow(node-address) reporting replica\n",
    )]);
    repo.topolint(&["fix"]).output().expect("runs");
    let text = std::fs::read_to_string(repo.path().join("app.env")).expect("text");
    assert!(
        text.contains("@10.0.0.123:5432"),
        "cross-service is unsafe: {text}"
    );
    assert!(
        text.contains("@10.0.0.121:5432"),
        "a suppressed finding is never fixed: {text}"
    );
    repo.topolint(&["fix", "--unsafe"]).output().expect("runs");
    let text = std::fs::read_to_string(repo.path().join("app.env")).expect("text");
    assert!(
        text.starts_with("DATABASE_URL=postgresql://app@10.0.0.10:5432/app\n"),
        "{text}"
    );
    assert!(text.contains("@10.0.0.121:5432"), "{text}");
}

#[test]
fn no_fix_without_an_endpoint_and_permissions_are_kept() {
    let repo = Repo::new(&[
        (
            ".topolint.toml",
            "extends = \"base\"\n[[node]]\nname = \"r1\"\naddress = \"10.2.0.11\"\nservice = \"redis\"\n[[node]]\nname = \"r2\"\naddress = \"10.2.0.12\"\nservice = \"redis\"\n",
        ),
        ("app.env", "REDIS_URL=redis://10.2.0.11:6379\n"),
    ]);
    let output = repo.topolint(&["fix", "--diff"]).output().expect("runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "nothing has one right answer"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let repo = Repo::new(&[("run.sh", "#!/bin/sh\npsql -h 10.0.0.121\n")]);
        let script = repo.path().join("run.sh");
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o750)).expect("chmod");
        repo.topolint(&["fix"]).output().expect("runs");
        let mode = std::fs::metadata(&script)
            .expect("metadata")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o750);
        assert_eq!(
            std::fs::read_to_string(&script).expect("text"),
            "#!/bin/sh\npsql -h 10.0.0.10\n"
        );
    }
}

/// A list written one key per member (a shell array's elements, Spring's
/// indexed keys, names bound to members) has no fix: writing more members
/// would need keys of their own, and repeating one would name them alike.
#[test]
fn a_list_with_a_key_per_member_has_no_fix() {
    let repo = Repo::new(&[
        (
            "list.sh",
            "PG_CANDIDATE_IPS[0]=10.0.0.120\nPG_CANDIDATE_IPS[1]=10.0.0.123\n",
        ),
        (
            "application.properties",
            "spring.redis.sentinel.nodes[0]=10.0.0.123:26379\nspring.redis.sentinel.nodes[1]=10.0.0.124:26379\n",
        ),
        (
            "etcd.env",
            "PG_CANDIDATES=db-1=http://10.0.0.120:2380,db-2=http://10.0.0.121:2380\n",
        ),
    ]);
    let output = repo.topolint(&["fix", "--diff"]).output().expect("runs");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        "",
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report = repo.json(&[], 1);
    let rules: Vec<&str> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    assert_eq!(rules, ["candidate-set"; 5], "{report}");
}

/// The seed incidents (SPEC "The incidents it must catch"), each as it
/// happened: after `topolint fix`, no node-address or candidate-set is left,
/// and cross-service only where its fix is unsafe.
#[test]
fn the_seed_incidents_are_fixed() {
    let repo = Repo::new(&[
        (
            ".env",
            "DATABASE_URL=postgresql://app:pw@10.0.0.121:5432/app\nPGHOST=10.0.0.121\n",
        ),
        (
            "k8s/secret.yaml",
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\ndata:\n  DATABASE_URL: cG9zdGdyZXNxbDovL2FwcDpwd0AxMC4wLjAuMTIxOjU0MzIvYXBw\n",
        ),
        (
            "k8s/externalsecret.yaml",
            "apiVersion: external-secrets.io/v1beta1\nkind: ExternalSecret\nmetadata:\n  name: app\nspec:\n  target:\n    template:\n      data:\n        DATABASE_URL: \"postgresql://{{ .user }}:{{ .password }}@10.0.0.121:5432/app\"\n",
        ),
        (
            "vault/setup.sh",
            "#!/bin/sh\nvault write database/config/app plugin_name=postgresql-database-plugin \\\n  connection_url=\"postgresql://{{username}}:{{password}}@10.0.0.121:5432/app\"\n",
        ),
        (
            "scripts/db_migrate_leader.sh",
            "#!/usr/bin/env bash\nCANDIDATE_IPS=(\"10.0.0.122\" \"10.0.0.123\" \"10.0.0.124\" \"10.0.0.125\")\nfor ip in \"${CANDIDATE_IPS[@]}\"; do psql -h \"$ip\" -c 'select 1'; done\n",
        ),
        (
            "cache.env",
            "DATABASE_URL=postgresql://app@10.0.0.124:5432/app\n",
        ),
    ]);
    let before = listed(&repo.json(&[], 1), "findings");
    assert!(before.len() >= 10, "{before:?}");
    repo.topolint(&["fix"]).output().expect("runs");
    let after = listed(&repo.json(&[], 1), "findings");
    assert_eq!(
        after,
        ["cross-service cache.env:1"],
        "only the unsafe fix is left"
    );
    let secret = std::fs::read_to_string(repo.path().join("k8s/secret.yaml")).expect("text");
    // postgresql://app:pw@10.0.0.10:5432/app, encoded again.
    assert!(
        secret.contains("DATABASE_URL: cG9zdGdyZXNxbDovL2FwcDpwd0AxMC4wLjAuMTA6NTQzMi9hcHA=\n"),
        "{secret}"
    );
}

#[test]
fn a_byte_order_mark_and_the_rest_of_the_line_are_kept() {
    let text = "\u{feff}PGHOST=10.0.0.121 # primary, for now\r\n";
    let repo = Repo::new(&[("app.env", text)]);
    repo.topolint(&["fix"]).output().expect("runs");
    assert_eq!(
        std::fs::read_to_string(repo.path().join("app.env")).expect("text"),
        "\u{feff}PGHOST=10.0.0.10 # primary, for now\r\n"
    );
}

#[test]
fn check_fix_applies_then_reports_what_is_left() {
    let repo = Repo::new(&[(
        "app.env",
        "PGHOST=10.0.0.121\nDATABASE_URL=postgresql://app@10.0.0.123:5432/app\n",
    )]);
    let output = repo
        .topolint(&["check", "--fix", "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1), "the unsafe one is left");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("fixed 1 finding(s) in 1 file(s) (node-address 1)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("left 1 cross-service: unsafe fix (apply with --unsafe)"),
        "{stderr}"
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(listed(&report, "findings"), ["cross-service app.env:2"]);
    let output = repo
        .topolint(&["check", "--fix", "--unsafe"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(repo.path().join("app.env")).expect("text"),
        "PGHOST=10.0.0.10\nDATABASE_URL=postgresql://app@10.0.0.10:5432/app\n"
    );
}
