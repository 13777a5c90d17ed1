//! `new-exception`: with `--diff-base`, an exception that the change adds.

use super::{Rule, Severity};

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
