//! `read-error`: a file that could not be read makes the scan incomplete.

use super::{Rule, Severity};
use crate::finding::Finding;
use crate::walk::Unreadable;

pub const RULE: Rule = Rule {
    id: "read-error",
    severity: Severity::Error,
    summary: "A file could not be read: the scan is incomplete (exit 2).",
    explanation: r#"## What it catches
A file the walk found but could not read: permissions, a file that vanished
during the walk, an I/O error, or a directory that could not be listed; and a
path named on the command line that is no regular file (a FIFO, socket or
device is never opened) or a symbolic link whose target does not exist. (A
named path that does not exist at all is a usage error, exit 2.)

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

/// The finding of a file that could not be read.
pub fn finding(unreadable: Unreadable) -> Finding {
    let path = if unreadable.relative.is_empty() {
        ".".to_string()
    } else {
        unreadable.relative
    };
    let message = format!("cannot read {path}: {}", unreadable.message);
    Finding::on_line(
        &RULE,
        &path,
        1,
        "",
        message,
        "the scan is incomplete: make the file readable, or exclude it in the pack",
    )
}
