//! Baselines: a JSON file of known findings (`--write-baseline`) that a later
//! run hides (`--baseline`), matched by fingerprint — rule, path, structural
//! locator, offending value and occurrence, never the line number.

use std::collections::HashSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::finding::{Finding, Suppressed, SuppressedKind};

/// The baseline file format (version 1).
#[derive(Debug, Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<Entry>,
}

/// One known finding. Only `fingerprint` is matched; the rest is for people
/// reviewing the file.
#[derive(Debug, Serialize, Deserialize)]
pub struct Entry {
    pub fingerprint: String,
    pub rule: String,
    pub path: String,
    pub message: String,
}

impl Baseline {
    pub fn of(findings: &[Finding]) -> Baseline {
        Baseline {
            version: 1,
            findings: findings
                .iter()
                .map(|f| Entry {
                    fingerprint: f.fingerprint.clone(),
                    rule: f.rule.id.to_string(),
                    path: f.path.clone(),
                    message: f.message.clone(),
                })
                .collect(),
        }
    }

    /// A baseline from its JSON text.
    pub fn parse(text: &str) -> Result<Baseline, String> {
        let baseline: Baseline = serde_json::from_str(text)
            .map_err(|error| format!("not a topolint baseline: {error}"))?;
        if baseline.version != 1 {
            return Err(format!(
                "baseline version {} is not supported (expected 1)",
                baseline.version
            ));
        }
        Ok(baseline)
    }

    pub fn write(&self, path: &Path) -> Result<(), String> {
        let mut text = serde_json::to_string_pretty(self).map_err(|error| error.to_string())?;
        text.push('\n');
        std::fs::write(path, text)
            .map_err(|error| format!("cannot write the baseline {}: {error}", path.display()))
    }

    pub fn fingerprints(&self) -> HashSet<&str> {
        self.findings
            .iter()
            .map(|e| e.fingerprint.as_str())
            .collect()
    }
}

/// Hides the findings whose fingerprint is known (from the baseline `file`),
/// saying so.
pub fn apply(
    findings: Vec<Finding>,
    known: &HashSet<String>,
    file: &str,
) -> (Vec<Finding>, Vec<Suppressed>) {
    let (hidden, new): (Vec<Finding>, Vec<Finding>) = findings
        .into_iter()
        .partition(|f| known.contains(&f.fingerprint));
    let hidden = hidden
        .into_iter()
        .map(|finding| Suppressed {
            finding,
            kind: SuppressedKind::Baseline,
            reason: format!("known finding in the baseline {file}"),
        })
        .collect();
    (new, hidden)
}
