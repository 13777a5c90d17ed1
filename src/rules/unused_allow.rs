//! `unused-allow`: a repository allowlist entry that allowed nothing.

use super::{Rule, Severity};

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
