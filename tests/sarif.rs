//! SARIF output validates against the official SARIF 2.1.0 schema (vendored
//! in `testdata/vendor/`, see its SOURCE.md) and carries what GitHub code
//! scanning needs.

mod common;

use std::path::Path;

use common::{NODE_URL, Repo};
use serde_json::Value;

fn schema() -> Value {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/vendor/sarif-schema-2.1.0.json");
    let text = std::fs::read_to_string(&path).expect("the vendored SARIF schema is readable");
    serde_json::from_str(&text).expect("the schema is JSON")
}

fn sarif(repo: &Repo, code: i32) -> Value {
    serde_json::from_str(&repo.run(&["check", "--format", "sarif"], code)).expect("SARIF is JSON")
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let repo = Repo::new(&[
        (".env", NODE_URL),
        (
            "dir with space/app.conf",
            "url = redis://10.0.0.10:5432\nPGHOST=10.0.0.77\n",
        ),
    ]);
    let document = sarif(&repo, 1);
    let validator = jsonschema::validator_for(&schema()).expect("the schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&document)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF is invalid:\n{}",
        errors.join("\n")
    );
    // A clean run validates too.
    let clean = sarif(&Repo::new(&[(".env", "A=1\n")]), 0);
    assert!(validator.is_valid(&clean));
}

#[test]
fn sarif_has_what_code_scanning_needs() {
    let repo = Repo::new(&[(".env", NODE_URL)]);
    let document = sarif(&repo, 1);
    let runs = document["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    assert_eq!(run["automationDetails"]["id"], "topolint/");
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), topolint::rules::ALL.len());
    for rule in rules {
        for field in ["shortDescription", "fullDescription"] {
            assert!(
                rule[field]["text"].as_str().is_some_and(|t| !t.is_empty()),
                "{field} of {}",
                rule["id"]
            );
        }
        assert!(
            rule["help"]["markdown"]
                .as_str()
                .is_some_and(|t| t.contains("## How to fix"))
        );
        assert!(rule["defaultConfiguration"]["level"].is_string());
    }
    let result = &run["results"][0];
    assert_eq!(result["ruleId"], "node-address");
    assert_eq!(result["level"], "error");
    let location = &result["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], ".env");
    assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    assert_eq!(location["region"]["startLine"], 1);
    assert_eq!(location["region"]["startColumn"], 34);
    let fingerprint = result["partialFingerprints"]["topolint/v1"]
        .as_str()
        .expect("fingerprint");
    let json: Value =
        serde_json::from_str(&repo.run(&["check", "--format", "json"], 1)).expect("JSON");
    assert_eq!(
        json["findings"][0]["fingerprint"], fingerprint,
        "JSON and SARIF share the fingerprint"
    );
}

#[test]
fn results_are_sorted_by_severity_and_capped() {
    // 5 001 errors and one warning: the warning is the one left out.
    let mut env = String::from("PGHOST=10.0.0.77\n");
    env.push_str(&"PGHOST=10.0.0.121\n".repeat(5_001));
    let repo = Repo::new(&[("a.env", &env)]);
    let document = sarif(&repo, 1);
    let results = document["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 5_000);
    assert!(results.iter().all(|r| r["level"] == "error"));
    let notes = document["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .expect("notifications");
    assert!(
        notes.iter().any(|n| n["message"]["text"]
            .as_str()
            .is_some_and(|t| t.starts_with("2 results left out"))),
        "{notes:?}"
    );
}
