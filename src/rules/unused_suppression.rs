//! `unused-suppression`: an inline suppression that hid nothing.

use super::{Rule, Severity};

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
