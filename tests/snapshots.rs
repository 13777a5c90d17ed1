//! What each output format prints for a few fixtures, as snapshots beside
//! the tests (`tests/snapshots/`), so a reader sees the rendered report next
//! to its input in `testdata/`. After a deliberate change:
//! `INSTA_UPDATE=always cargo test --test snapshots`, then review the diff.

use std::path::Path;

use assert_cmd::Command;

/// Fixtures that show each kind of finding: a pin in a URL, a leader-discovery
/// list, base64 Secret data, a template that does not parse as YAML.
const FIXTURES: &[&str] = &[
    "dotenv/node-in-url.env",
    "shell/db_migrate_leader.sh",
    "yaml/secret.yaml",
    "yaml/helm-template.yaml",
];

/// `topolint check FIXTURE --format FORMAT` run in `testdata/`, with the
/// run's duration and timestamps replaced by placeholders.
fn rendered(fixture: &str, format: &str) -> String {
    let testdata = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata");
    let output = Command::cargo_bin("topolint")
        .expect("the binary is built")
        .current_dir(&testdata)
        .env("NO_COLOR", "1")
        .args(["check", fixture, "--format", format])
        .output()
        .expect("topolint runs");
    assert_eq!(output.status.code(), Some(1), "{fixture} has findings");
    let text = String::from_utf8(output.stdout).expect("reports are UTF-8");
    let elapsed = regex::Regex::new(r#"in \d+\.\d\d s|"elapsed_ms": \d+"#).expect("valid regex");
    let timestamps = regex::Regex::new(r#""(start|end)TimeUtc": "[^"]*""#).expect("valid regex");
    let text = elapsed.replace_all(&text, "[elapsed]");
    timestamps
        .replace_all(&text, "\"${1}TimeUtc\": \"[time]\"")
        .into_owned()
}

fn snapshot_name(fixture: &str, format: &str) -> String {
    format!("{}.{format}", fixture.replace('/', "__"))
}

#[test]
fn every_format_of_each_fixture() {
    for fixture in FIXTURES {
        for format in ["human", "json", "sarif", "github"] {
            insta::assert_snapshot!(snapshot_name(fixture, format), rendered(fixture, format));
        }
    }
}
