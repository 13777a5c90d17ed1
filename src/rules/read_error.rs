//! `read-error`: a file that could not be read makes the scan incomplete.

use super::{Rule, Severity};

pub const RULE: Rule = Rule {
    id: "read-error",
    severity: Severity::Error,
    summary: "A file could not be read: the scan is incomplete (exit 2).",
    explanation: r#"## What it catches
A file the walk found but could not read: permissions, a file that vanished
during the walk, an I/O error, or a directory that could not be listed.

## Why it matters
An incomplete scan is never reported as clean. A guard that silently skips
what it cannot read passes exactly the files nobody looks at.

## How to fix
Make the file readable by the user running topolint, or exclude it in the
pack (`exclude = [...]`) if it holds no configuration.

## Example
```
error[read-error]: cannot read secrets/prod.env: Permission denied (os error 13)
```
"#,
};
