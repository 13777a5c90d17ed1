//! `new-exception`: with `--diff-base`, an exception that the change adds.

use super::{Rule, Severity, Verdict};
use crate::finding::{Finding, LineIndex};
use crate::suppress::inline::Suppression;

pub const RULE: Rule = Rule {
    id: "new-exception",
    severity: Severity::Warning,
    summary: "With --diff-base: an [[allow]] entry, inline suppression or baseline entry added or widened by the change under review.",
    explanation: r#"## What it catches
With `--diff-base`, every exception the change itself adds or widens: a new or
changed `[[allow]]` entry in the repository's pack, a `topolint: allow(…)`
comment on a changed line, a fingerprint added to the `--baseline` file.
When the change edits the pack or the baseline, topolint judges with their
version at the merge base, so the change cannot exempt itself: its findings are
reported, and so is the new exception.

## Why it matters
A pull request must not silently exempt itself. Reviewers see every new
exception, with its reason, next to what it would hide.

## How to fix
Nothing to fix if the exception is right: it is a warning for the reviewer.
Once merged, it applies to later changes.

## Example
```
warning[new-exception]: this change adds an inline suppression: topolint: allow(node-address) temporary
```
"#,
};

const HELP: &str = "reviewers: is this exception right? it hides findings from now on";

/// An inline suppression on a line the change touches.
pub fn on_suppression(
    path: &str,
    text: &str,
    lines: &LineIndex,
    suppression: &Suppression,
) -> Finding {
    super::on_suppression(path, text, lines, suppression, |written| Verdict {
        rule: &RULE,
        severity: RULE.severity,
        message: format!("this change adds an inline suppression: {written}"),
        label: "new exception".to_string(),
        help: HELP.to_string(),
    })
}

/// An `[[allow]]` entry the change adds or widens, at `line` of the pack.
pub fn on_allow_entry(path: &str, line: usize, reason: &str) -> Finding {
    on_line(
        path,
        line,
        format!("this change adds or widens an [[allow]] entry (reason: {reason})"),
    )
}

/// A baseline entry the change adds, at `line` of the baseline.
pub fn on_baseline_entry(path: &str, line: usize, rule: &str, entry_path: &str) -> Finding {
    on_line(
        path,
        line,
        format!("this change adds a baseline entry: {rule} in {entry_path}"),
    )
}

fn on_line(path: &str, line: usize, message: String) -> Finding {
    Finding::on_line(&RULE, path, line, &message, message.clone(), HELP)
}
