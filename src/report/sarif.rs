//! SARIF 2.1.0 for GitHub code scanning: one run, every rule's metadata,
//! results with relative URIs under `%SRCROOT%`, regions in Unicode code
//! points, the baseline fingerprint, and GitHub's cap of 5 000 results.

use std::io;

use serde::Serialize;
use serde_json::json;

use crate::finding::Report;
use crate::finding::{Finding, Rule, Severity};
use crate::rules;

/// GitHub code scanning keeps at most this many results per run.
pub const MAX_RESULTS: usize = 5_000;
/// Stable across runs so that code scanning tracks alerts from run to run.
const AUTOMATION_ID: &str = "topolint/";

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: [serde_json::Value; 1],
    partial_fingerprints: serde_json::Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    fixes: Option<serde_json::Value>,
}

/// The document, written as it is serialized: results are never held as a
/// tree of JSON values.
#[derive(Serialize)]
struct Document<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: serde_json::Value,
    automation_details: serde_json::Value,
    column_kind: &'static str,
    invocations: serde_json::Value,
    results: Results<'a>,
}

/// Each result is built when it is written, then dropped.
struct Results<'a>(&'a [&'a Finding]);

impl Serialize for Results<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|finding| result(finding)))
    }
}

#[derive(Serialize)]
struct Text {
    text: String,
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

fn rule_metadata(rule: &Rule) -> serde_json::Value {
    json!({
        "id": rule.id,
        "name": rule.id,
        "shortDescription": { "text": rule.summary },
        "fullDescription": { "text": what_it_catches(rule) },
        "help": { "text": rule.explanation, "markdown": rule.explanation },
        "defaultConfiguration": { "level": level(rule.severity) },
    })
}

/// The "What it catches" section of a rule's explanation, as one paragraph.
fn what_it_catches(rule: &Rule) -> String {
    rule.explanation
        .split("## ")
        .find_map(|section| section.strip_prefix("What it catches\n"))
        .map_or(rule.summary.to_string(), |text| {
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        })
}

fn result(finding: &Finding) -> SarifResult<'_> {
    let rule_index = rules::ALL
        .iter()
        .position(|r| r.id == finding.rule.id)
        .unwrap_or(0);
    SarifResult {
        rule_id: finding.rule.id,
        rule_index,
        level: level(finding.severity),
        message: Text {
            text: format!("{}\nhelp: {}", finding.message, finding.help),
        },
        locations: [json!({
            "physicalLocation": {
                "artifactLocation": { "uri": uri(&finding.path), "uriBaseId": "%SRCROOT%" },
                "region": {
                    "startLine": finding.start.line,
                    "startColumn": finding.start.column,
                    "endLine": finding.end.line,
                    "endColumn": finding.end.column,
                },
            },
        })],
        partial_fingerprints: json!({ "topolint/v1": finding.fingerprint.to_string() }),
        fixes: finding.fix.as_ref().map(|fix| {
            let replacements: Vec<serde_json::Value> = fix
                .replacements
                .iter()
                .map(|r| {
                    json!({
                        "deletedRegion": { "byteOffset": r.start, "byteLength": r.end - r.start },
                        "insertedContent": { "text": r.text },
                    })
                })
                .collect();
            json!([{
                "description": { "text": format!("{}{}", fix.description, if fix.safe { "" } else { " (unsafe: check the intent)" }) },
                "artifactChanges": [{
                    "artifactLocation": { "uri": uri(&finding.path), "uriBaseId": "%SRCROOT%" },
                    "replacements": replacements,
                }],
            }])
        }),
    }
}

/// A relative path as a URI reference: every byte outside the unreserved set
/// and `/` percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

pub fn write(report: &Report, out: &mut dyn io::Write) -> io::Result<()> {
    let mut ordered: Vec<&Finding> = report.findings.iter().collect();
    ordered.sort_by_key(|f| f.severity); // stable: keeps path order within a severity
    let left_out = ordered.len().saturating_sub(MAX_RESULTS);
    ordered.truncate(MAX_RESULTS);
    let mut notifications = Vec::new();
    if left_out > 0 {
        notifications.push(json!({
            "level": "warning",
            "message": { "text": format!("{left_out} results left out: GitHub code scanning keeps the first {MAX_RESULTS} per run (sorted by severity)") },
        }));
    }
    for note in &report.notes {
        notifications.push(json!({ "level": "note", "message": { "text": note } }));
    }
    let document = Document {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [Run {
            tool: json!({ "driver": {
                "name": "topolint",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules::ALL.iter().map(|r| rule_metadata(r)).collect::<Vec<_>>(),
            }}),
            automation_details: json!({ "id": AUTOMATION_ID }),
            column_kind: "unicodeCodePoints",
            invocations: json!([{
                "executionSuccessful": !report.is_incomplete(),
                "toolExecutionNotifications": notifications,
                "properties": { "pack": report.pack },
            }]),
            results: Results(&ordered),
        }],
    };
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(super::uri("a dir/.env"), "a%20dir/.env");
        assert_eq!(super::uri("k8s/secret#1.yaml"), "k8s/secret%231.yaml");
    }
}
