//! `unused-suppression`: an inline suppression that hid nothing.

use super::{Rule, Severity, Verdict};
use crate::finding::{Finding, LineIndex};
use crate::suppress::inline::Suppression;

pub const RULE: Rule = Rule {
    id: "unused-suppression",
    severity: Severity::Warning,
    summary: "An inline `topolint: allow(RULE) reason` comment suppressed nothing, or has no reason (and so suppresses nothing).",
    explanation: r#"## What it catches
A `topolint: allow(RULE) reason` comment that hid no finding on its line or
the next: the finding was fixed, moved, or won by another rule (a comment
allowing `node-address` does not hide a `cross-service` finding). A comment
without a reason, or naming an unknown rule, suppresses nothing and is
reported too.

## Why it matters
Stale exceptions pile up and, one day, hide a new mistake on the same line.
An exception without a reason cannot be reviewed.

## How to fix
Delete the comment, or give it the rule that fires there and a reason.

## Example
```
PGHOST=10.0.0.10   # topolint: allow(node-address) legacy replica   <- warning: nothing to allow
```
"#,
};

/// The finding on a suppression in `text` (the file at `path`) that hid
/// nothing, saying why.
pub fn finding(path: &str, text: &str, lines: &LineIndex, suppression: &Suppression) -> Finding {
    let unknown: Vec<&str> = suppression
        .rules
        .iter()
        .map(String::as_str)
        .filter(|r| super::by_id(r).is_none())
        .collect();
    let why = if suppression.reason.is_empty() {
        "has no reason, so it suppresses nothing".to_string()
    } else if !unknown.is_empty() {
        format!("names unknown rule {}", unknown.join(", "))
    } else if suppression.rules.is_empty() {
        "names no rule".to_string()
    } else {
        format!(
            "suppressed nothing: no {} finding on this line or the next",
            suppression.rules.join(" or ")
        )
    };
    super::on_suppression(path, text, lines, suppression, |_| Verdict {
        rule: &RULE,
        severity: RULE.severity,
        message: format!("this suppression {why}"),
        label: "unused suppression".to_string(),
        help:
            "remove it, or name the rule that fires here and say why: topolint: allow(RULE) reason"
                .to_string(),
    })
}
