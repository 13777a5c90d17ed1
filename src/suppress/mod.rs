//! What may hide a finding, and why: allowlist entries of the pack, inline
//! `topolint: allow(RULE) reason` comments, and a baseline of known findings.
//! Every hidden finding keeps what hid it, for `--show-suppressed`.

pub mod allow;
pub mod baseline;
pub mod inline;

pub use crate::finding::{Suppressed, SuppressedKind};
