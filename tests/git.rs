//! `--staged` and `--diff-base` on temporary git repositories built here.

mod common;

use common::{NODE_URL, Repo, listed};
use predicates::prelude::*;

fn repository(files: &[(&str, &str)]) -> Repo {
    let repo = Repo::new(files);
    repo.git(&["init", "-q", "-b", "main"]);
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "-m", "base"]);
    repo
}

fn findings(repo: &Repo, args: &[&str], code: i32) -> Vec<String> {
    listed(&repo.json(args, code), "findings")
}

const CLEAN: &str = "DATABASE_URL=postgresql://app:pw@10.0.0.10:5432/app\n";

#[test]
fn staged_checks_what_the_commit_will_contain() {
    let repo = repository(&[("app.env", CLEAN), ("other.env", CLEAN)]);
    // Staged broken, fixed in the working tree: reported.
    repo.write("app.env", NODE_URL);
    repo.git(&["add", "app.env"]);
    repo.write("app.env", CLEAN);
    // Broken in the working tree only: not reported.
    repo.write("other.env", NODE_URL);
    assert_eq!(
        findings(&repo, &["--staged"], 1),
        ["node-address app.env:1"]
    );

    // The reverse: staged fixed, broken in the working tree.
    repo.git(&["add", "app.env"]);
    repo.write("app.env", NODE_URL);
    assert!(findings(&repo, &["--staged"], 0).is_empty());
}

#[test]
fn staged_handles_deleted_and_renamed_files_and_named_paths() {
    let repo = repository(&[
        ("old.env", NODE_URL),
        ("gone.env", NODE_URL),
        ("keep/a.env", CLEAN),
    ]);
    repo.git(&["mv", "old.env", "new.env"]);
    repo.git(&["rm", "-q", "gone.env"]);
    repo.write("keep/a.env", NODE_URL);
    repo.git(&["add", "keep/a.env"]);
    assert_eq!(
        findings(&repo, &["--staged"], 1),
        ["node-address keep/a.env:1", "node-address new.env:1"]
    );
    // Named paths (pre-commit passes file names) limit the staged set.
    assert_eq!(
        findings(&repo, &["--staged", "new.env"], 1),
        ["node-address new.env:1"]
    );
}

#[test]
fn diff_base_reports_only_changed_lines() {
    let repo = repository(&[
        ("app.env", &format!("{NODE_URL}LOG=info\n")),
        ("untouched.env", NODE_URL),
    ]);
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write(
        "app.env",
        &format!("{NODE_URL}LOG=info\nPGHOST=10.0.0.122\n"),
    );
    repo.write("new.env", "REDIS_HOST=10.0.0.121\n");
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "-m", "change"]);
    repo.write("wip.env", "PGHOST=10.0.0.120\n"); // untracked: new as a whole
    assert_eq!(
        findings(&repo, &["--diff-base", "main"], 1),
        [
            "node-address app.env:3",
            "cross-service new.env:1",
            "node-address wip.env:1"
        ]
    );
    // A whole-list candidate-set finding counts when any line of the list changed.
    let list = repository(&[(
        "probe.sh",
        "#!/bin/sh\nCANDIDATE_IPS=(\n  10.0.0.120\n  10.0.0.121\n)\n",
    )]);
    list.git(&["checkout", "-q", "-b", "feature"]);
    list.write(
        "probe.sh",
        "#!/bin/sh\nCANDIDATE_IPS=(\n  10.0.0.120\n  10.0.0.121\n  10.0.0.123\n)\n",
    );
    assert_eq!(
        findings(&list, &["--diff-base", "main"], 1),
        ["candidate-set probe.sh:2", "candidate-set probe.sh:5"]
    );
}

#[test]
fn diff_base_errors_are_clear() {
    let repo = repository(&[("app.env", CLEAN)]);
    repo.topolint(&["check", "--diff-base", "no-such-branch"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--diff-base no-such-branch: no such revision",
        ));
    let plain = Repo::new(&[("app.env", CLEAN)]);
    plain
        .topolint(&["check", "--diff-base", "main"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not in a git repository"));
    plain
        .topolint(&["check", "--staged"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not in a git repository"));
}

#[test]
fn a_change_that_breaks_the_pack_fails_naming_it() {
    let repo = repository(&[
        ("app.env", CLEAN),
        (".topolint.toml", "extends = \"keybuzz\"\n"),
    ]);
    // The change has no finding; only its pack is broken.
    repo.write(
        ".topolint.toml",
        "extends = \"keybuzz\"\n[[node]]\nname = \"x\"\nadress = \"10.0.0.99\"\n",
    );
    repo.write("other.env", CLEAN);
    repo.topolint(&["check", "--diff-base", "main"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "the pack in the working tree is invalid",
        ))
        .stderr(predicate::str::contains(".topolint.toml:4"));
}

#[test]
fn a_change_cannot_exempt_itself() {
    let config = "extends = \"keybuzz\"\n";
    let repo = repository(&[
        (".topolint.toml", config),
        ("app.env", CLEAN),
        ("baseline.json", "{\"version\": 1, \"findings\": []}\n"),
    ]);
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write(
        ".topolint.toml",
        &format!("{config}\n[[allow]]\npaths = [\"app.env\"]\nreason = \"trust me\"\n"),
    );
    repo.write(
        "app.env",
        &format!(
            "{NODE_URL}REDIS_HOST=10.0.0.123 # topolint: allow(node-address) just this once\n"
        ),
    );
    let report = findings(&repo, &["--diff-base", "main"], 1);
    assert_eq!(
        report,
        [
            "new-exception .topolint.toml:3",
            "node-address app.env:1",
            "new-exception app.env:2"
        ],
        "the new allow entry does not apply to its own change; both exceptions are reported"
    );
    // Once merged, the entry applies.
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "-m", "exempt"]);
    repo.git(&["checkout", "-q", "main"]);
    repo.git(&["merge", "-q", "feature"]);
    assert!(findings(&repo, &["--diff-base", "main"], 0).is_empty());

    // A baseline entry added by the change does not hide its finding either.
    repo.git(&["checkout", "-q", "-b", "sneaky"]);
    repo.write("db.env", "PGHOST=10.0.0.121\n");
    repo.topolint(&["check", "--write-baseline", "baseline.json"])
        .assert()
        .code(0);
    let report = findings(
        &repo,
        &["--diff-base", "main", "--baseline", "baseline.json"],
        1,
    );
    assert_eq!(
        report,
        ["new-exception baseline.json:5", "node-address db.env:1"]
    );
}

#[test]
fn force_exclude_applies_excludes_to_named_files() {
    let repo = Repo::new(&[("docs/setup.md", NODE_URL), ("app.env", NODE_URL)]);
    assert_eq!(
        findings(&repo, &["docs/setup.md", "app.env"], 1),
        ["node-address app.env:1", "node-address docs/setup.md:1"]
    );
    assert_eq!(
        findings(&repo, &["--force-exclude", "docs/setup.md", "app.env"], 1),
        ["node-address app.env:1"]
    );
}

#[test]
fn log_lines_for_the_cron_guard() {
    let repo = Repo::new(&[("app.env", CLEAN)]);
    repo.topolint(&["check", "--log", "guard.log"])
        .assert()
        .code(0);
    repo.write("bad.env", &format!("{NODE_URL}PGHOST=10.0.0.122\n"));
    repo.topolint(&["check", "--log", "guard.log"])
        .assert()
        .code(1);
    std::os::unix::fs::symlink("missing.env", repo.path().join("dangling.env")).expect("symlink");
    repo.topolint(&["check", "--log", "guard.log", "dangling.env"])
        .assert()
        .code(2);
    repo.topolint(&["check", "--log", "guard.log", "missing.env"])
        .assert()
        .code(2);
    repo.write(".topolint.toml", "nonsense = 1\n");
    repo.topolint(&["check", "--log", "guard.log"])
        .assert()
        .code(2);
    let log = std::fs::read_to_string(repo.path().join("guard.log")).expect("log written");
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines.len(), 5, "{log}");
    let rest = |line: &str| {
        line.split_once(' ').map(|(stamp, rest)| {
            assert!(
                stamp.len() == 20 && stamp.ends_with('Z') && stamp.as_bytes()[10] == b'T',
                "timestamp {stamp}"
            );
            rest.to_string()
        })
    };
    assert_eq!(rest(lines[0]).as_deref(), Some("PASS 0 findings 1 files"));
    assert_eq!(
        rest(lines[1]).as_deref(),
        Some("FAIL 2 findings (node-address 2) 2 files")
    );
    assert_eq!(
        rest(lines[2]).as_deref(),
        Some("ERROR incomplete scan: 1 findings (read-error 1) 0 files")
    );
    assert_eq!(
        rest(lines[3]).as_deref(),
        Some("ERROR missing.env: no such file or directory")
    );
    assert!(
        rest(lines[4])
            .is_some_and(|r| r.starts_with("ERROR ") && r.contains("unknown field \"nonsense\"")),
        "{}",
        lines[4]
    );
}

#[test]
fn concurrent_runs_never_interleave_log_lines() {
    let repo = Repo::new(&[("app.env", NODE_URL)]);
    let children: Vec<_> = (0..16)
        .map(|_| {
            std::process::Command::new(assert_cmd::cargo::cargo_bin("topolint"))
                .current_dir(repo.path())
                .args(["check", "--log", "guard.log", "--quiet"])
                .stdout(std::process::Stdio::null())
                .spawn()
                .expect("spawn")
        })
        .collect();
    for mut child in children {
        child.wait().expect("wait");
    }
    let log = std::fs::read_to_string(repo.path().join("guard.log")).expect("log");
    assert_eq!(log.lines().count(), 16);
    assert!(
        log.lines()
            .all(|l| l.ends_with(" FAIL 1 findings (node-address 1) 1 files")),
        "{log}"
    );
}
