//! Helpers shared by the CLI tests: throwaway repositories and the real binary.

#![allow(dead_code)] // each test crate uses a different subset

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

/// A temporary repository built from `(path, contents)` pairs.
pub struct Repo {
    pub dir: TempDir,
}

impl Repo {
    pub fn new(files: &[(&str, &str)]) -> Repo {
        let repo = Repo {
            dir: tempfile::tempdir().expect("tempdir"),
        };
        for (path, contents) in files {
            repo.write(path, contents);
        }
        repo
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, path: &str, contents: &str) -> PathBuf {
        let full = self.dir.path().join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent).expect("create dirs");
        }
        std::fs::write(&full, contents).expect("write file");
        full
    }

    /// `topolint ARGS` run inside the repository.
    /// Runs git in the repository (a fixed identity, no signing); panics
    /// with git's message if it fails.
    pub fn git(&self, args: &[&str]) {
        let output = std::process::Command::new("git")
            .current_dir(self.path())
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(["-c", "commit.gpgsign=false"])
            .args(args)
            .output()
            .expect("git runs");
        assert!(
            output.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }

    pub fn topolint(&self, args: &[&str]) -> Command {
        let mut command = Command::cargo_bin("topolint").expect("the binary is built");
        command
            .current_dir(self.path())
            .args(args)
            .env_remove("NO_COLOR");
        command
    }

    /// stdout of `topolint ARGS`, asserting the exit code.
    pub fn run(&self, args: &[&str], code: i32) -> String {
        let output = self.topolint(args).output().expect("run topolint");
        assert_eq!(
            output.status.code(),
            Some(code),
            "topolint {args:?}\nstdout:\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).expect("stdout is UTF-8")
    }
}

impl Repo {
    /// The JSON report of `topolint check --format json ARGS`, asserting the exit code.
    pub fn json(&self, args: &[&str], code: i32) -> Value {
        let mut all = vec!["check", "--format", "json"];
        all.extend_from_slice(args);
        serde_json::from_str(&self.run(&all, code)).expect("valid JSON")
    }
}

/// `rule path:line` of each entry of the report's `key` list (`findings`, `suppressed`).
pub fn listed(report: &Value, key: &str) -> Vec<String> {
    report[key]
        .as_array()
        .map(|list| {
            list.iter()
                .map(|f| {
                    format!(
                        "{} {}:{}",
                        f["rule"].as_str().unwrap_or(""),
                        f["path"].as_str().unwrap_or(""),
                        f["line"]
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The rule of each of the report's findings.
pub fn rules(report: &Value) -> Vec<&str> {
    report["findings"]
        .as_array()
        .map(|list| list.iter().filter_map(|f| f["rule"].as_str()).collect())
        .unwrap_or_default()
}

/// The messages of the report's findings.
pub fn messages(report: &Value) -> Vec<&str> {
    report["findings"]
        .as_array()
        .map(|list| list.iter().filter_map(|f| f["message"].as_str()).collect())
        .unwrap_or_default()
}

pub const NODE_URL: &str = "DATABASE_URL=postgresql://app:pw@10.0.0.121:5432/app\n";
