//! `parse-error`: a file of a known kind that did not parse, read as text.

use super::{Judged, Rule, Severity, Verdict};
use crate::finding::SharedTexts;
use crate::scan::{Enclosure, ParseNote};

pub const RULE: Rule = Rule {
    id: "parse-error",
    severity: Severity::Note,
    summary: "A file of a known kind did not parse and was scanned as text instead.",
    explanation: r#"## What it catches
A YAML file that does not parse — most often a Helm template with `{{ }}`
directives — or one nested too deeply to be configuration. The span is where
the parser stopped.

## Why it matters
Nothing is skipped silently: the file is still scanned, line by line, as
text. But the text scanner knows less than the YAML scanner (no key paths, no
Kubernetes env entries, no base64 Secret data), so findings there may be less
precise, and some may be missing.

## How to fix
Nothing, for templates: the note only says how the file was read. For YAML
that should be valid, fix the syntax error at the span.

## Example
```
note[parse-error]: not valid YAML (…); read as text
```
"#,
};

/// The note on a file of `text_len` bytes that was read as text: at the
/// place where its parser stopped.
pub fn judge(note: &ParseNote, text_len: usize, texts: &mut SharedTexts) -> Judged {
    let at = note.offset.min(text_len);
    let verdict = Verdict {
        rule: &RULE,
        severity: RULE.severity,
        message: note.message.clone(),
        label: "the parser stopped here".to_string(),
        help: "the file was scanned as text: findings in it may be less precise".to_string(),
    };
    let identity = (texts.share(""), texts.share(""));
    Judged::new(at..at, identity, verdict, Enclosure::default(), texts)
}
