//! The GitHub Action's logic (`scripts/action.sh`) with simulated GITHUB_*
//! variables, running the real binary.

mod common;

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use common::{NODE_URL, Repo};

struct ActionRun {
    stdout: String,
    stderr: String,
    outputs: HashMap<String, String>,
    status: Option<i32>,
}

fn run_action(repo: &Repo, inputs: &[(&str, &str)]) -> ActionRun {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/action.sh");
    // As on GitHub, the runner's temporary directory is outside the workspace.
    let temp = repo.path().with_extension("runner-temp");
    std::fs::create_dir_all(&temp).expect("runner temp");
    let output_file = temp.join("github-output");
    let summary_file = temp.join("step-summary");
    // Each step has its own output file on GitHub.
    let _ = std::fs::remove_file(&output_file);
    let mut command = Command::new("bash");
    command
        .arg(&script)
        .current_dir(repo.path())
        .env("TOPOLINT", assert_cmd::cargo::cargo_bin("topolint"))
        .env("GITHUB_OUTPUT", &output_file)
        .env("GITHUB_STEP_SUMMARY", &summary_file)
        .env("RUNNER_TEMP", &temp)
        .env_remove("INPUT_DIFF_BASE");
    for (name, value) in inputs {
        command.env(name, value);
    }
    let output = command.output().expect("bash runs");
    let outputs = std::fs::read_to_string(&output_file)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    ActionRun {
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        outputs,
        status: output.status.code(),
    }
}

#[test]
fn findings_set_outputs_write_sarif_and_annotate() {
    let repo = Repo::new(&[("app.env", NODE_URL), ("cache.env", "PGHOST=10.0.0.11\n")]);
    let run = run_action(
        &repo,
        &[
            ("INPUT_PATHS", "."),
            ("INPUT_FAIL_ON", "error"),
            ("INPUT_SARIF_FILE", "out/topolint.sarif"),
        ],
    );
    assert_eq!(
        run.status,
        Some(0),
        "the script never fails the step itself"
    );
    assert_eq!(run.outputs.get("exit-code").map(String::as_str), Some("1"));
    assert_eq!(run.outputs.get("errors").map(String::as_str), Some("1"));
    assert_eq!(run.outputs.get("warnings").map(String::as_str), Some("1"));
    assert_eq!(run.outputs.get("findings").map(String::as_str), Some("2"));
    assert_eq!(
        run.outputs.get("sarif-file").map(String::as_str),
        Some("out/topolint.sarif")
    );
    let sarif: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo.path().join("out/topolint.sarif")).expect("SARIF written"),
    )
    .expect("SARIF is JSON");
    assert_eq!(
        sarif["runs"][0]["results"].as_array().map(Vec::len),
        Some(2)
    );
    assert!(
        run.stdout.contains("::error file=app.env,line=1,col=34"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("::warning file=cache.env"),
        "{}",
        run.stdout
    );
    let summary = std::fs::read_to_string(
        repo.path()
            .with_extension("runner-temp")
            .join("step-summary"),
    )
    .expect("summary");
    assert!(
        summary.contains("1 errors, 1 warnings (exit code 1)"),
        "{summary}"
    );
}

#[test]
fn clean_repository_and_switches() {
    let repo = Repo::new(&[("app.env", "DATABASE_URL=postgresql://10.0.0.10:5432/app\n")]);
    let run = run_action(&repo, &[("INPUT_ANNOTATIONS", "false")]);
    assert_eq!(run.outputs.get("exit-code").map(String::as_str), Some("0"));
    assert_eq!(run.outputs.get("findings").map(String::as_str), Some("0"));
    // The report goes to the runner's temporary directory, outside the tree.
    let sarif = run.outputs.get("sarif-file").expect("a SARIF report");
    assert!(
        sarif.ends_with("runner-temp/topolint.sarif") && Path::new(sarif).is_file(),
        "{sarif}"
    );
    assert!(!repo.path().join("topolint.sarif").exists());
    assert!(
        !run.stdout.contains("::"),
        "no annotations when switched off: {}",
        run.stdout
    );
}

#[test]
fn baseline_and_config_inputs() {
    let repo = Repo::new(&[("app.env", NODE_URL)]);
    repo.run(&["check", "--write-baseline", "known.json"], 0);
    let run = run_action(&repo, &[("INPUT_BASELINE", "known.json")]);
    assert_eq!(run.outputs.get("exit-code").map(String::as_str), Some("0"));
    repo.write(
        "strict.toml",
        "extends = \"keybuzz\"\n[rules]\nnode-address = \"off\"\n",
    );
    let run = run_action(&repo, &[("INPUT_CONFIG", "strict.toml")]);
    assert_eq!(run.outputs.get("exit-code").map(String::as_str), Some("0"));
    let run = run_action(&repo, &[]);
    assert_eq!(run.outputs.get("exit-code").map(String::as_str), Some("1"));
}

#[test]
fn inputs_never_reach_the_shell_as_code() {
    let repo = Repo::new(&[("app.env", NODE_URL)]);
    // A path with shell syntax is a path, nothing more.
    let run = run_action(
        &repo,
        &[
            ("INPUT_PATHS", "app.env $(touch pwned) ;touch pwned2"),
            ("INPUT_FAIL_ON", "warning"),
        ],
    );
    assert!(!repo.path().join("pwned").exists() && !repo.path().join("pwned2").exists());
    assert_eq!(
        run.outputs.get("exit-code").map(String::as_str),
        Some("2"),
        "the other words are paths that do not exist: a usage error"
    );
    assert!(
        run.stderr.contains("$(touch: no such file or directory"),
        "the missing path is named: {}",
        run.stderr
    );
    let run = run_action(&repo, &[("INPUT_CONFIG", "missing.toml")]);
    assert_eq!(run.outputs.get("exit-code").map(String::as_str), Some("2"));
    assert!(
        !run.outputs.contains_key("sarif-file"),
        "no SARIF to upload from a run that could not start"
    );
}

#[test]
fn diff_base_input_limits_the_check_to_the_change() {
    let repo = Repo::new(&[("old.env", NODE_URL)]);
    let git = |args: &[&str]| {
        let ok = Command::new("git")
            .current_dir(repo.path())
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .output()
            .expect("git")
            .status
            .success();
        assert!(ok, "git {args:?}");
    };
    git(&["init", "-q", "-b", "main"]);
    std::fs::write(repo.path().join(".gitignore"), "*.sarif\n").expect("gitignore");
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "base"]);
    git(&["checkout", "-q", "-b", "pr"]);
    repo.write("new.env", "PGHOST=10.0.0.122\n");
    let run = run_action(&repo, &[("INPUT_DIFF_BASE", "main")]);
    assert_eq!(
        run.outputs.get("errors").map(String::as_str),
        Some("1"),
        "old.env is outside the change"
    );
    assert!(
        run.stdout.contains("file=new.env") && !run.stdout.contains("file=old.env"),
        "{}",
        run.stdout
    );

    // A pull request that adds a node to the pack: the discovery list it
    // did not touch is annotated, and in the SARIF report.
    repo.write(
        "discover.sh",
        "#!/bin/sh\nCANDIDATE_IPS=(10.0.0.120 10.0.0.121 10.0.0.122)\n",
    );
    repo.write(".topolint.toml", "extends = \"keybuzz\"\n");
    std::fs::remove_file(repo.path().join("new.env")).expect("remove");
    git(&["add", "-A"]);
    git(&["-c", "commit.gpgsign=false", "commit", "-q", "-m", "list"]);
    repo.write(
        ".topolint.toml",
        "extends = \"keybuzz\"\n\n[[node]]\nname = \"db-postgres-04\"\naddress = \"10.0.0.126\"\nservice = \"postgres\"\n",
    );
    let run = run_action(&repo, &[("INPUT_DIFF_BASE", "HEAD")]);
    assert!(
        run.stdout.contains("file=discover.sh")
            && run.stdout.contains("lacks postgres node db-postgres-04"),
        "{}",
        run.stdout
    );
    let sarif =
        std::fs::read_to_string(run.outputs.get("sarif-file").expect("SARIF")).expect("SARIF");
    assert!(
        sarif.contains("from the topology change at .topolint.toml:3"),
        "{sarif}"
    );
}
