//! Baselines: a JSON file of known findings (`--write-baseline`) that a later
//! run hides (`--baseline`), matched by fingerprint — rule, path, structural
//! locator, offending value and occurrence, never the line number.

use std::collections::HashSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::finding::{Finding, Fingerprint, Suppressed, SuppressedKind};

/// A baseline that cannot be read or written.
#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    #[error("not a topolint baseline: {0}")]
    Format(serde_json::Error),
    #[error("baseline version {0} is not supported (expected 1)")]
    Version(u32),
    // `source` is said once, by the error chain.
    #[error("cannot write the baseline {path}")]
    Write {
        path: String,
        source: std::io::Error,
    },
}

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
                    fingerprint: f.fingerprint.to_string(),
                    rule: f.rule.id.to_string(),
                    path: f.path.to_string(),
                    message: f.message.to_string(),
                })
                .collect(),
        }
    }

    /// A baseline from its JSON text.
    pub fn parse(text: &str) -> Result<Baseline, BaselineError> {
        let baseline: Baseline = serde_json::from_str(text).map_err(BaselineError::Format)?;
        if baseline.version != 1 {
            return Err(BaselineError::Version(baseline.version));
        }
        Ok(baseline)
    }

    pub fn write(&self, path: &Path) -> Result<(), BaselineError> {
        let mut text = serde_json::to_string_pretty(self).map_err(BaselineError::Format)?;
        text.push('\n');
        std::fs::write(path, text).map_err(|source| BaselineError::Write {
            path: path.display().to_string(),
            source,
        })
    }

    /// The fingerprints of the known findings (entries that are no
    /// fingerprint match nothing).
    pub fn fingerprints(&self) -> HashSet<Fingerprint> {
        self.findings
            .iter()
            .filter_map(|e| e.fingerprint.parse().ok())
            .collect()
    }
}

/// Hides the findings whose fingerprint is known (from the baseline `file`),
/// saying so.
pub fn apply(
    findings: Vec<Finding>,
    known: &HashSet<Fingerprint>,
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
