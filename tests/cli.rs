//! The real binary on throwaway repositories: exit codes, formats, walk rules.

mod common;

use common::{NODE_URL, Repo, listed};
use predicates::prelude::*;
use serde_json::Value;

#[test]
fn node_address_in_dotenv_fails_with_the_load_balancer_as_help() {
    let repo = Repo::new(&[(".env", NODE_URL)]);
    let report = repo.json(&[], 1);
    let finding = &report["findings"][0];
    assert_eq!(finding["rule"], "node-address");
    assert_eq!(finding["severity"], "error");
    assert_eq!(finding["path"], ".env");
    assert_eq!(
        (finding["line"].as_u64(), finding["column"].as_u64()),
        (Some(1), Some(34))
    );
    assert_eq!(
        (finding["end_line"].as_u64(), finding["end_column"].as_u64()),
        (Some(1), Some(44))
    );
    assert_eq!(finding["help"], "use the load balancer 10.0.0.10:5432");
    assert_eq!(report["findings"].as_array().map(Vec::len), Some(1));
}

#[test]
fn redis_node_is_cross_service_lb_is_clean_haproxy_is_bypass() {
    let repo = Repo::new(&[(
        ".env",
        "DATABASE_URL=postgresql://app:pw@10.0.0.123:5432/app\n",
    )]);
    assert_eq!(
        listed(&repo.json(&[], 1), "findings"),
        ["cross-service .env:1"]
    );

    let repo = Repo::new(&[(
        ".env",
        "DATABASE_URL=postgresql://app:pw@10.0.0.10:5432/app\n",
    )]);
    assert!(listed(&repo.json(&[], 0), "findings").is_empty());
    repo.topolint(&["check"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("no findings; 1 file checked"));

    let repo = Repo::new(&[(
        ".env",
        "DATABASE_URL=postgresql://app:pw@10.0.0.11:5432/app\n",
    )]);
    // endpoint-bypass is a warning: it fails only with --fail-on warning.
    assert_eq!(
        listed(&repo.json(&[], 0), "findings"),
        ["endpoint-bypass .env:1"]
    );
    assert_eq!(
        listed(&repo.json(&["--fail-on", "warning"], 1), "findings"),
        ["endpoint-bypass .env:1"]
    );
}

#[test]
fn fail_on_never_still_reports() {
    let repo = Repo::new(&[(".env", NODE_URL)]);
    assert_eq!(
        listed(&repo.json(&["--fail-on", "never"], 0), "findings"),
        ["node-address .env:1"]
    );
}

#[test]
fn json_has_exactly_the_documented_schema() {
    let repo = Repo::new(&[(".env", NODE_URL), ("big.bin", "a\0b")]);
    let report = repo.json(&[], 1);
    let keys = |v: &Value| {
        let mut k: Vec<String> = v.as_object().expect("object").keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(keys(&report), ["findings", "summary", "version"]);
    assert_eq!(report["version"], 1);
    assert_eq!(
        keys(&report["findings"][0]),
        [
            "column",
            "end_column",
            "end_line",
            "fingerprint",
            "fix",
            "help",
            "line",
            "message",
            "path",
            "rule",
            "severity"
        ]
    );
    assert_eq!(
        keys(&report["summary"]),
        [
            "elapsed_ms",
            "errors",
            "files_checked",
            "files_skipped",
            "notes",
            "pack",
            "warnings"
        ]
    );
    assert_eq!(report["summary"]["pack"], "built-in keybuzz");
    assert_eq!(report["summary"]["files_checked"], 1);
    assert_eq!(
        report["summary"]["files_skipped"], 1,
        "the binary file is skipped and counted"
    );
    assert_eq!(report["summary"]["errors"], 1);
}

/// Snippets keep only the lines they show: line numbers, columns and masks
/// stay those of the file.
#[test]
fn snippets_show_the_lines_of_the_file_with_their_numbers() {
    let text = "# app settings\nAPP_NAME=shop\nAPI_TOKEN=s3cr3t-value\n\nDB=postgresql://app:pw@10.0.0.120:5432/app\nX=1\nY=2\nREDIS_URL=redis://:pw@10.0.0.124:6379/0\n";
    let repo = Repo::new(&[("app.env", text)]);
    let out = repo.run(&["check", "--color", "never"], 1);
    let expected = "\
  ┌─ app.env:5:24
  │
5 │ DB=postgresql://app:***@10.0.0.120:5432/app
  │                         ^^^^^^^^^^ postgres node db-master-01
";
    assert!(out.contains(expected), "{out}");
    let expected = "\
  ┌─ app.env:8:23
  │
8 │ REDIS_URL=redis://:***@10.0.0.124:6379/0
";
    assert!(out.contains(expected), "{out}");
    assert!(
        !out.contains("s3cr3t") && !out.contains("APP_NAME"),
        "{out}"
    );
}

#[test]
fn human_output_has_snippet_label_help_and_summary() {
    let repo = Repo::new(&[(".env", NODE_URL)]);
    let out = repo.run(&["check", "--color", "never"], 1);
    let expected_head = "\
error[node-address]: 10.0.0.121 is postgres node db-slave-01, not the load balancer 10.0.0.10:5432
  ┌─ .env:1:34
  │
1 │ DATABASE_URL=postgresql://app:***@10.0.0.121:5432/app
  │                                   ^^^^^^^^^^ postgres node db-slave-01
  │
  = help: use the load balancer 10.0.0.10:5432
";
    assert!(out.starts_with(expected_head), "{out}");
    assert!(
        out.contains("1 error in 1 file; 1 file checked in "),
        "{out}"
    );
    let quiet = repo.run(&["check", "--quiet", "--color", "never"], 1);
    assert!(!quiet.contains("checked in"), "{quiet}");
    let colored = repo.run(&["check", "--color", "always"], 1);
    assert!(
        colored.contains("\u{1b}["),
        "--color always emits ANSI escapes"
    );
}

#[test]
fn the_password_appears_in_no_format() {
    let repo = Repo::new(&[(
        ".env",
        "DATABASE_URL=postgresql://app:pw@10.0.0.121:5432/app\nREDIS_URL=redis://:Tr0ub4dor@10.0.0.123:6379\nDB_PASSWORD=hunter22 # 10.0.0.122\nAPI_TOKEN=tok-123 PGHOST=10.0.0.120\n",
    )]);
    for format in ["human", "json", "sarif", "github"] {
        let out = repo.run(&["check", "--format", format, "--color", "never"], 1);
        assert!(out.contains("10.0.0.121"), "{format} names the address");
        for secret in [":pw@", "Tr0ub4dor", "hunter22", "tok-123"] {
            assert!(!out.contains(secret), "{format} leaks {secret}:\n{out}");
        }
    }
}

#[test]
fn output_file_and_exit_codes() {
    let repo = Repo::new(&[(".env", NODE_URL)]);
    repo.topolint(&["check", "--format", "json", "--output", "report.json"])
        .assert()
        .code(1)
        .stdout("");
    let written: Value = serde_json::from_str(
        &std::fs::read_to_string(repo.path().join("report.json")).expect("report written"),
    )
    .expect("JSON");
    assert_eq!(written["findings"][0]["rule"], "node-address");
    repo.topolint(&["check", "--format", "yaml"])
        .assert()
        .code(2);
    repo.topolint(&["check", "--no-such-flag"]).assert().code(2);
}

#[test]
fn a_missing_named_path_is_a_usage_error_naming_it() {
    let repo = Repo::new(&[(".env", "DATABASE_URL=postgresql://10.0.0.10:5432/app\n")]);
    for args in [
        &["check", ".env", "no-such-file.env"][..],
        &["check", "no-such-dir"],
    ] {
        let missing = args[args.len() - 1];
        repo.topolint(args)
            .assert()
            .code(2)
            .stdout("")
            .stderr(format!("error: {missing}: no such file or directory\n"));
    }
}

#[test]
fn invalid_pack_is_exit_2_naming_file_line_and_key() {
    let repo = Repo::new(&[
        (
            ".topolint.toml",
            "extends = \"keybuzz\"\n[[node]]\nname = \"x\"\nadress = \"10.0.0.99\"\n",
        ),
        (".env", NODE_URL),
    ]);
    repo.topolint(&["check"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            ".topolint.toml:4: unknown field \"adress\"",
        ));
    repo.topolint(&["check", "--config", "missing.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("missing.toml"));
}

#[test]
fn a_reader_that_stops_early_is_no_error() {
    let many = "PGHOST=10.0.0.121\n".repeat(5_000);
    let repo = Repo::new(&[("app.env", &many)]);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_topolint"))
        .args(["check", "--color", "never"])
        .current_dir(repo.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("topolint runs");
    drop(child.stdout.take()); // as `| head` does once it has its lines
    let output = child.wait_with_output().expect("topolint ends");
    assert_eq!(output.status.code(), Some(1), "the findings still decide");
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

#[test]
fn a_bad_port_says_what_a_port_is_at_its_line() {
    for (ports, said) in [
        (
            "70000",
            ".topolint.toml:5: port 70000 is out of range: expected a port number from 1 to 65535, \
             or a list of them such as [5432, 6432]",
        ),
        (
            "\"5432\"",
            ".topolint.toml:5: invalid type: string \"5432\", expected a port number from 1 to \
             65535, or a list of them such as [5432, 6432]",
        ),
        ("[5432, 0]", ".topolint.toml:5: port 0 is out of range"),
    ] {
        let repo = Repo::new(&[
            (
                ".topolint.toml",
                &format!(
                    "extends = \"keybuzz\"\n[[endpoint]]\nname = \"lb2\"\naddress = \"10.0.0.13\"\nports = {{ postgres = {ports} }}\n"
                ),
            ),
            (".env", NODE_URL),
        ]);
        repo.topolint(&["check"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(said));
    }
    // One port, not a list: the message says so.
    let repo = Repo::new(&[
        (
            ".topolint.toml",
            "extends = \"keybuzz\"\n[service.redis]\nsentinel_port = 70000\n",
        ),
        (".env", NODE_URL),
    ]);
    repo.topolint(&["check"]).assert().code(2).stderr(predicate::str::contains(
        ".topolint.toml:3: port 70000 is out of range: expected a port number from 1 to 65535\n",
    ));
}

#[test]
fn topolints_own_files_are_never_checked() {
    let repo = Repo::new(&[("app.env", NODE_URL)]);
    // Reports and baselines repeat the addresses of findings by design.
    let json = repo.run(&["check", "--format", "json"], 1);
    let sarif = repo.run(&["check", "--format", "sarif"], 1);
    repo.run(&["check", "--write-baseline", ".topolint-baseline.json"], 0);
    repo.run(&["check", "--write-baseline", "known-findings.json"], 0);
    repo.write("reports/topolint.json", &json);
    repo.write("reports/topolint.sarif", &sarif);
    repo.write(
        "app.env",
        "DATABASE_URL=postgresql://app@10.0.0.10:5432/app\n",
    );
    let report = repo.json(&[], 0);
    assert_eq!(
        report["summary"]["files_checked"], 1,
        "by name (.topolint-baseline.json) and by content: {report}"
    );
    // Named explicitly, they are still topolint's own.
    let named = repo.json(
        &[
            ".topolint-baseline.json",
            "reports/topolint.sarif",
            "app.env",
        ],
        0,
    );
    assert_eq!(named["summary"]["files_checked"], 1, "{named}");
}

#[test]
fn repository_config_extends_the_builtin_pack() {
    let repo = Repo::new(&[
        (
            ".topolint.toml",
            "extends = \"keybuzz\"\n[[node]]\nname = \"db-postgres-04\"\naddress = \"10.0.0.126\"\nservice = \"postgres\"\n",
        ),
        (".env", "PGHOST=10.0.0.126\nREDIS_HOST=10.0.0.124\n"),
    ]);
    assert_eq!(
        listed(&repo.json(&[], 1), "findings"),
        ["node-address .env:1", "node-address .env:2"]
    );
    let custom = Repo::new(&[
        (
            "pack.toml",
            "[service.postgres]\nports = 5432\nkeys = [\"PGHOST\"]\n[[endpoint]]\nname = \"vip\"\naddress = \"10.9.0.1\"\nports = { postgres = 5432 }\n[[node]]\nname = \"pg\"\naddress = \"10.9.0.5\"\nservice = \"postgres\"\n",
        ),
        (".env", "PGHOST=10.9.0.5\nREDIS_HOST=10.0.0.124\n"),
    ]);
    assert_eq!(
        listed(&custom.json(&["--config", "pack.toml"], 1), "findings"),
        ["node-address .env:1"]
    );
}

#[test]
fn walk_is_gitignore_aware_includes_dotfiles_and_skips_git() {
    let repo = Repo::new(&[
        (".gitignore", "ignored/\n"),
        (".env", NODE_URL),
        ("deploy/.env.production", NODE_URL),
        ("ignored/app.env", NODE_URL),
        (".git/config", NODE_URL),
        ("docs/notes.md", NODE_URL),
        // Pages and diagrams document: the nodes they draw are labels.
        ("docs/index.html", NODE_URL),
        ("docs/topology.drawio", NODE_URL),
        ("docs/topology.svg", NODE_URL),
        // A project's own notes, named as custom has it, document too.
        ("README", NODE_URL),
        ("ops/CHANGELOG", NODE_URL),
        ("docs/runbook.org", NODE_URL),
        // A log records past runs: no configuration, as documentation is none.
        ("logs/deploy.log", NODE_URL),
        (
            "src/app.properties",
            "spring.datasource.url=jdbc:postgresql://10.0.0.122:5432/app\n",
        ),
    ]);
    assert_eq!(
        listed(&repo.json(&[], 1), "findings"),
        [
            "node-address .env:1",
            "node-address deploy/.env.production:1",
            "node-address src/app.properties:1"
        ]
    );
    // Named explicitly, an ignored or excluded file is checked (pre-commit passes names).
    assert_eq!(
        listed(
            &repo.json(&["ignored/app.env", "docs/notes.md"], 1),
            "findings"
        ),
        [
            "node-address docs/notes.md:1",
            "node-address ignored/app.env:1"
        ]
    );
}

#[test]
fn oversized_files_are_skipped_with_a_note() {
    let repo = Repo::new(&[
        (
            ".topolint.toml",
            "extends = \"keybuzz\"\nmax_file_size = 64\n",
        ),
        ("big.env", &NODE_URL.repeat(4)),
        ("small.env", NODE_URL),
    ]);
    let report = repo.json(&[], 1);
    assert_eq!(listed(&report, "findings"), ["node-address small.env:1"]);
    assert_eq!(report["summary"]["files_skipped"], 1);
    let human = repo.run(&["check", "--color", "never"], 1);
    assert!(
        human.contains("note: big.env: skipped: 212 bytes is over max_file_size (64 bytes)"),
        "{human}"
    );
}

#[test]
fn paths_are_relative_to_a_directory_argument() {
    let repo = Repo::new(&[("svc/.env", NODE_URL)]);
    let out = repo.run(&["check", "--format", "json", "svc"], 1);
    let report: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(report["findings"][0]["path"], ".env");
}

#[test]
fn invalid_utf8_is_read_lossily_and_still_reported() {
    let repo = Repo::new(&[]);
    std::fs::write(
        repo.path().join("app.conf"),
        b"\xff\xfe junk\nhost = 10.0.0.121\n\xc3\x28\n",
    )
    .expect("write");
    assert_eq!(
        listed(&repo.json(&[], 1), "findings"),
        ["node-address app.conf:2"]
    );
}

#[test]
fn rules_and_explain() {
    let repo = Repo::new(&[]);
    let listing = repo.run(&["rules"], 0);
    for rule in topolint::rules::ALL {
        assert!(
            listing.contains(rule.id) && listing.contains(rule.summary),
            "{listing}"
        );
        let explained = repo.run(&["explain", rule.id], 0);
        for section in [
            "## What it catches",
            "## Why it matters",
            "## How to fix",
            "## Example",
        ] {
            assert!(explained.contains(section), "{} lacks {section}", rule.id);
        }
    }
    repo.topolint(&["explain", "no-such-rule"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("node-address"));
}

#[test]
fn github_annotations() {
    let repo = Repo::new(&[(".env", NODE_URL)]);
    let out = repo.run(&["check", "--format", "github"], 1);
    assert_eq!(
        out,
        "::error file=.env,line=1,col=34,endLine=1,endColumn=44,title=topolint node-address::10.0.0.121 is postgres node db-slave-01, not the load balancer 10.0.0.10:5432%0Ahelp: use the load balancer 10.0.0.10:5432\n"
    );
}

#[test]
fn metrics_are_written_for_complete_and_incomplete_runs() {
    let repo = Repo::new(&[("app.env", "PGHOST=10.0.0.121\n")]);
    repo.run(&["check", "--metrics", "guard.prom"], 1);
    let metrics = std::fs::read_to_string(repo.path().join("guard.prom")).expect("metrics");
    assert!(metrics.contains("topolint_findings{rule=\"node-address\",severity=\"error\"} 1\n"));
    assert!(metrics.contains("topolint_scan_complete 1\n"));
    assert!(metrics.contains("topolint_files_checked 1\n"), "{metrics}");
    // The metrics file is topolint's own: never checked, never counted.
    repo.run(&["check", "--metrics", "guard.prom"], 1);
    // A run that cannot read what it was asked to check is incomplete.
    let output = repo
        .topolint(&["check", "missing.env", "--metrics", "guard.prom"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let metrics = std::fs::read_to_string(repo.path().join("guard.prom")).expect("metrics");
    assert!(metrics.contains("topolint_scan_complete 0\n"), "{metrics}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(repo.path().join("guard.prom"))
            .expect("metadata")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o644, "readable by the collector");
    }
    // No temporary file is left beside it.
    let entries: Vec<_> = std::fs::read_dir(repo.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(entries.len(), 2, "{entries:?}");
}

#[test]
fn outputs_are_written_into_missing_directories() {
    let repo = Repo::new(&[("app.env", "PGHOST=10.0.0.121\n")]);
    repo.run(
        &[
            "check",
            "--format",
            "sarif",
            "--output",
            "reports/ci/topolint.sarif",
            "--metrics",
            "textfile/topolint.prom",
            "--log",
            "log/guard/topolint.log",
        ],
        1,
    );
    for written in [
        "reports/ci/topolint.sarif",
        "textfile/topolint.prom",
        "log/guard/topolint.log",
    ] {
        assert!(repo.path().join(written).is_file(), "{written}");
    }
    repo.run(&["check", "--write-baseline", "known/findings.json"], 0);
    assert!(repo.path().join("known/findings.json").is_file());
}

#[test]
fn an_output_under_a_file_is_an_error_that_names_it_once() {
    let repo = Repo::new(&[("app.env", "PGHOST=10.0.0.121\n"), ("taken", "")]);
    let cases = [
        ("--output", "cannot write the report to taken/out.json"),
        (
            "--write-baseline",
            "cannot write the baseline taken/out.json",
        ),
        ("--metrics", "cannot write the metrics taken/out.json"),
        ("--log", "cannot append to the log taken/out.json"),
    ];
    for (flag, said) in cases {
        let output = repo
            .topolint(&["check", flag, "taken/out.json"])
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(2), "{flag}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        let error = stderr.lines().last().unwrap_or_default();
        assert_eq!(
            error,
            format!("error: {said}: taken is not a directory"),
            "{flag}"
        );
    }
}
