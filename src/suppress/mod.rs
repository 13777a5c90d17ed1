//! What may hide a finding, and why: allowlist entries of the pack, inline
//! `topolint: allow(RULE) reason` comments, and a baseline of known findings.
//! Every hidden finding keeps what hid it, for `--show-suppressed`.

pub mod allow;
pub mod baseline;
pub mod inline;

use serde::Serialize;

use crate::rules::Finding;

/// Which mechanism hid a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SuppressedKind {
    Allow,
    Inline,
    Baseline,
}

/// A finding that was hidden, with what hid it.
#[derive(Debug, Clone)]
pub struct Suppressed {
    pub finding: Finding,
    pub kind: SuppressedKind,
    /// The reason written with the exception (and where the exception is).
    pub reason: String,
}
