//! `unused-allow`: a repository allowlist entry that allowed nothing.

use super::{Rule, Severity};
use crate::finding::Finding;
use crate::pack::AllowEntry;

pub const RULE: Rule = Rule {
    id: "unused-allow",
    severity: Severity::Warning,
    summary: "An [[allow]] entry of the repository's config allowed nothing in a full scan.",
    explanation: r#"## What it catches
An `[[allow]]` entry in the repository's `.topolint.toml` (or `--config`)
that hid no finding when the whole repository was checked. Entries of the
built-in pack are not reported, and partial runs (named files, `--staged`,
`--diff-base`) do not judge entries.

## Why it matters
Exceptions outlive the configs they were written for; a stale entry silently
allows the next mistake in that path.

## How to fix
Delete the entry, or narrow it to what it is meant to allow. Give temporary
entries an `expires` date.

## Example
```
[[allow]]
paths = ["legacy/**"]          # warning: nothing under legacy/ names a node any more
reason = "old stack, removed in the migration"
```
"#,
};

/// The finding on a repository entry that allowed nothing, at its line of
/// the pack (`path`, relative to the scan root); `None` for built-in entries.
pub fn finding(entry: &AllowEntry, path: impl FnOnce(&str) -> String) -> Option<Finding> {
    let (file, line) = entry.location.as_ref()?;
    let owner = entry
        .owner
        .as_ref()
        .map_or_else(String::new, |owner| format!("; owner: {owner}"));
    let message = format!(
        "this [[allow]] entry allowed nothing in a full scan (reason: {}{owner})",
        entry.reason
    );
    Some(Finding::on_line(
        &RULE,
        &path(file),
        *line,
        &entry.reason,
        message,
        "delete the entry, or narrow it to what it is meant to allow",
    ))
}
