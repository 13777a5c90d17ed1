//! Any other text file (JSON, TOML, INI, `.conf`, `.properties`, Dockerfiles,
//! Terraform, …), line by line: `KEY=VALUE`, `KEY: VALUE`, `"key": "value"`,
//! libpq strings and URLs anywhere in a line. Full-line `#`, `//` and `;`
//! comments, and `#` comments after whitespace, are not configuration.

use crate::address::Hit;
use crate::pack::Pack;

use super::value::{Value, analyze};
use super::{FileScan, hits_in};

pub fn scan(pack: &Pack, text: &str, hits: &[Hit], scan: &mut FileScan) {
    let bytes = text.as_bytes();
    let mut remaining = hits;
    while let Some(first) = remaining.first() {
        let line_start = memchr::memrchr(b'\n', &bytes[..first.span.start]).map_or(0, |i| i + 1);
        let line_end = memchr::memchr(b'\n', &bytes[first.span.start..])
            .map_or(bytes.len(), |i| first.span.start + i);
        let line_hits = hits_in(remaining, &(line_start..line_end));
        remaining = &remaining[line_hits.len().max(1)..];

        let line = &text[line_start..line_end];
        let locator = normalized(line);
        let comment_start = comment_start(line).map_or(line_end, |i| line_start + i);
        let config = line_start..comment_start;
        let value = Value {
            range: config.clone(),
            key: None,
            locator: &locator,
        };
        analyze(pack, text, &value, hits_in(line_hits, &config), scan);
        if pack.scan_comments && comment_start < line_end {
            let comment = comment_start..line_end;
            let value = Value {
                range: comment.clone(),
                key: None,
                locator: &locator,
            };
            analyze(pack, text, &value, hits_in(line_hits, &comment), scan);
        }
    }
}

/// The line's text with runs of whitespace folded: a locator that survives
/// re-indentation.
fn normalized(line: &str) -> String {
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Where the comment of a line starts: a full-line `#`, `//` or `;` comment, or
/// a `#` after whitespace outside quotes.
fn comment_start(line: &str) -> Option<usize> {
    let trimmed = line.trim_start();
    let indent = line.len() - trimmed.len();
    if trimmed.starts_with('#') || trimmed.starts_with("//") || trimmed.starts_with(';') {
        return Some(indent);
    }
    let bytes = line.as_bytes();
    let mut quote = None;
    for (index, &byte) in bytes.iter().enumerate() {
        match (quote, byte) {
            (None, b'"' | b'\'') => quote = Some(byte),
            (Some(open), _) if byte == open => quote = None,
            (None, b'#')
                if index > 0 && (bytes[index - 1] == b' ' || bytes[index - 1] == b'\t') =>
            {
                return Some(index);
            }
            _ => {}
        }
    }
    None
}
