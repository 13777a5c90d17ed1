//! Any platform: a repository that says `extends = "base"` and declares its
//! own topology gets exactly its own findings, wherever topolint is run from.

mod common;

use std::process::Command;

use common::{Repo, listed, messages};

/// Another company's platform: a PgBouncer VIP, three PostgreSQL nodes.
const CORP_PACK: &str = r#"extends = "base"

[[endpoint]]
name = "vip"
description = "the PgBouncer VIP"
address = "172.20.0.5"
ports = { postgres = [5432, 6432] }

[[node]]
name = "pg1"
address = "172.20.1.11"
service = "postgres"

[[node]]
name = "pg2"
address = "172.20.1.12"
service = "postgres"

[[node]]
name = "pg3"
address = "172.20.1.13"
service = "postgres"

[[allow]]
paths = ["ops/dba/**"]
reason = "DBA runbooks connect to a node on purpose"
"#;

fn corp_repository() -> Repo {
    let repo = Repo::new(&[
        (".topolint.toml", CORP_PACK),
        (
            "services/api/.env",
            "DATABASE_URL=postgresql://app@172.20.1.12:5432/app\nKEYBUZZ_NODE_URL=postgresql://app@10.0.0.121:5432/app\n",
        ),
        (
            "services/api/discover.sh",
            "#!/bin/sh\nPG_CANDIDATE_IPS=(172.20.1.11 172.20.1.12 172.20.1.13)\n",
        ),
        ("ops/dba/runbook.sh", "#!/bin/sh\npsql -h 172.20.1.11\n"),
    ]);
    let git = Command::new("git")
        .args(["init", "-q"])
        .current_dir(repo.path())
        .status()
        .expect("git runs");
    assert!(git.success());
    repo
}

#[test]
fn another_platform_gets_exactly_its_own_findings() {
    let repo = corp_repository();
    let report = repo.json(&[], 1);
    assert_eq!(
        listed(&report, "findings"),
        ["node-address services/api/.env:1"],
        "KeyBuzz's addresses are nobody's here; a correct candidate list is silent: {report}"
    );
    assert_eq!(
        messages(&report),
        ["172.20.1.12 is postgres node pg2, not the PgBouncer VIP 172.20.0.5:5432"]
    );
    assert_eq!(report["summary"]["pack"], ".topolint.toml");
}

#[test]
fn the_repository_pack_is_found_from_a_subdirectory() {
    let repo = corp_repository();
    let from_root = repo.json(&["services/api"], 1);
    assert_eq!(
        listed(&from_root, "findings"),
        ["node-address .env:1"],
        "paths are relative to the scan root"
    );
    let mut inside = repo.topolint(&["check", "--format", "json", "."]);
    inside.current_dir(repo.path().join("services/api"));
    let output = inside.output().expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(listed(&report, "findings"), ["node-address .env:1"]);
    assert!(
        report["summary"]["pack"]
            .as_str()
            .is_some_and(|pack| pack.ends_with(".topolint.toml")),
        "{report}"
    );
    // The pack's path globs are relative to the pack's directory.
    let dba = repo.json(&["ops/dba"], 0);
    assert!(listed(&dba, "findings").is_empty(), "{dba}");
    // A check below the pack's directory is no full scan: no unused-allow.
    let human = repo.run(&["check", "services/api", "--color", "never"], 1);
    assert!(!human.contains("unused-allow"), "{human}");
    assert!(human.contains(" with .topolint.toml\n"), "{human}");
}

#[test]
fn without_a_repository_pack_the_builtin_one_is_named() {
    let repo = Repo::new(&[("app.env", "PGHOST=10.0.0.121\n")]);
    let human = repo.run(&["check", "--color", "never"], 1);
    assert!(human.ends_with(" with built-in keybuzz\n"), "{human}");
}

#[test]
fn rules_levels_and_a_narrowed_run() {
    // A stale pin (an unknown private host) is a warning: the run passes.
    let repo = Repo::new(&[(
        "app.env",
        "PGHOST=10.0.0.77\nREDIS_URL=redis://10.0.0.124:6379\n",
    )]);
    let report = repo.json(&["--ignore", "node-address"], 0);
    assert_eq!(listed(&report, "findings"), ["endpoint-bypass app.env:1"]);
    // The team makes it an error, and turns node-address off.
    repo.write(
        ".topolint.toml",
        "extends = \"keybuzz\"\n\n[rules]\nendpoint-bypass = \"error\"\nnode-address = \"off\"\n",
    );
    let report = repo.json(&[], 1);
    assert_eq!(listed(&report, "findings"), ["endpoint-bypass app.env:1"]);
    assert_eq!(report["findings"][0]["severity"], "error");
    // --select narrows one run to the rules it names.
    let report = repo.json(&["--select", "cross-service,candidate-set"], 0);
    assert!(listed(&report, "findings").is_empty(), "{report}");
    // Bad ids and read-error are usage errors.
    let stderr = |args: &[&str]| {
        let output = repo.topolint(args).output().expect("runs");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    let unknown = stderr(&["check", "--select", "node-adress"]);
    assert!(
        unknown.contains("--select node-adress: unknown rule"),
        "{unknown}"
    );
    let always = stderr(&["check", "--ignore", "read-error"]);
    assert!(always.contains("cannot be ignored"), "{always}");
    // A bad level names the user's file and line.
    repo.write(
        ".topolint.toml",
        "extends = \"keybuzz\"\n[rules]\nread-error = \"off\"\n",
    );
    let bad = stderr(&["check"]);
    assert!(
        bad.contains(".topolint.toml:3: [rules] read-error is always an error"),
        "{bad}"
    );
}
