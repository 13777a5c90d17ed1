//! The JSON report: a stable, documented schema (version 1).

use std::io;

use serde::Serialize;

use crate::finding::Report;
use crate::finding::{Finding, Fingerprint, Fix, Severity};
use crate::finding::{Suppressed, SuppressedKind};

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    findings: Findings<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressed: Option<SuppressedFindings<'a>>,
    summary: Summary<'a>,
}

/// The report's findings, each serialized as it is written: a report with
/// many findings is not copied into a second vector first.
struct Findings<'a>(&'a [Finding]);

impl Serialize for Findings<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(JsonFinding::from))
    }
}

/// The hidden findings, each with what hid it, serialized as written.
struct SuppressedFindings<'a>(&'a [Suppressed]);

impl Serialize for SuppressedFindings<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|s| JsonSuppressed {
            finding: JsonFinding::from(&s.finding),
            suppressed_by: SuppressedBy {
                kind: s.kind,
                reason: &s.reason,
            },
        }))
    }
}

#[derive(Serialize)]
struct JsonSuppressed<'a> {
    #[serde(flatten)]
    finding: JsonFinding<'a>,
    suppressed_by: SuppressedBy<'a>,
}

#[derive(Serialize)]
struct SuppressedBy<'a> {
    kind: SuppressedKind,
    reason: &'a str,
}

#[derive(Serialize)]
pub(crate) struct JsonFinding<'a> {
    rule: &'a str,
    severity: Severity,
    path: &'a str,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    message: &'a str,
    help: &'a str,
    fingerprint: Fingerprint,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<&'a Fix>,
}

impl<'a> From<&'a Finding> for JsonFinding<'a> {
    fn from(finding: &'a Finding) -> Self {
        JsonFinding {
            rule: finding.rule.id,
            severity: finding.severity,
            path: &finding.path,
            line: finding.start.line,
            column: finding.start.column,
            end_line: finding.end.line,
            end_column: finding.end.column,
            message: &finding.message,
            help: &finding.help,
            fingerprint: finding.fingerprint,
            fix: finding.fix.as_deref(),
        }
    }
}

#[derive(Serialize)]
struct Summary<'a> {
    files_checked: usize,
    files_skipped: usize,
    errors: usize,
    warnings: usize,
    notes: usize,
    elapsed_ms: u128,
    /// The active pack: its path, or `built-in keybuzz`.
    pack: &'a str,
}

pub fn write(report: &Report, show_suppressed: bool, out: &mut dyn io::Write) -> io::Result<()> {
    let document = Document {
        version: 1,
        findings: Findings(&report.findings),
        suppressed: show_suppressed.then_some(SuppressedFindings(&report.suppressed)),
        summary: Summary {
            files_checked: report.files_checked,
            files_skipped: report.files_skipped,
            errors: report.count(Severity::Error),
            warnings: report.count(Severity::Warning),
            notes: report.count(Severity::Note),
            elapsed_ms: report.elapsed.as_millis(),
            pack: &report.pack,
        },
    };
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}
