//! Reporters: one module per output format, all over the same [`Report`].
//! Reporters print; they never decide anything.

pub mod github;
pub mod human;
pub mod json;
pub mod metrics;
pub mod sarif;

use crate::finding::Report;
use crate::finding::Severity;

/// `3 errors, 1 warning in 2 files` or `no findings`.
pub fn counts_line(report: &Report) -> String {
    let mut parts = Vec::new();
    for (severity, one, many) in [
        (Severity::Error, "error", "errors"),
        (Severity::Warning, "warning", "warnings"),
        (Severity::Note, "note", "notes"),
    ] {
        match report.count(severity) {
            0 => {}
            1 => parts.push(format!("1 {one}")),
            n => parts.push(format!("{n} {many}")),
        }
    }
    if parts.is_empty() {
        return "no findings".to_string();
    }
    let mut files: Vec<&str> = report.findings.iter().map(|f| &*f.path).collect();
    files.dedup();
    let files = match files.len() {
        1 => "1 file".to_string(),
        n => format!("{n} files"),
    };
    format!("{} in {files}", parts.join(", "))
}

/// `1 204`: digits grouped by three with spaces, as the summary line prints them.
pub fn grouped(number: usize) -> String {
    let digits = number.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn grouping() {
        assert_eq!(super::grouped(7), "7");
        assert_eq!(super::grouped(1204), "1 204");
        assert_eq!(super::grouped(100000), "100 000");
    }
}
