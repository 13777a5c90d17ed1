//! Any other text file (JSON, TOML, INI, `.conf`, `.properties`, Dockerfiles,
//! Terraform, Makefiles, …), line by line: `KEY=VALUE`, `KEY: VALUE`,
//! `"key": "value"`, libpq strings and URLs anywhere in a line. Full-line
//! `#`, `//` and `;` comments, and `#` comments after whitespace, are not
//! configuration. A line whose first command word is shell that matters
//! (`vault`, a client command, `echo`, `docker exec`, `ssh`), continued lines
//! included, is read as shell: Makefile recipes, Dockerfile `RUN`, CI `run:`.

use std::ops::Range;

use crate::address::Hit;

use super::value::{Value, analyze};
use super::{FileScan, Scanner, hits_in, normalized, shell};

pub fn scan(scanner: &Scanner, text: &str, hits: &[Hit], scan: &mut FileScan) {
    scan_lines(scanner, text, hits, scan, true);
}

/// The fallback for a file whose parser gave up: lines only, no shell.
pub fn scan_plain(scanner: &Scanner, text: &str, hits: &[Hit], scan: &mut FileScan) {
    scan_lines(scanner, text, hits, scan, false);
}

fn scan_lines(scanner: &Scanner, text: &str, hits: &[Hit], scan: &mut FileScan, route_shell: bool) {
    let pack = scanner.pack;
    let mut remaining = hits;
    while let Some(first) = remaining.first() {
        let line = logical_line(text, first.span.start);
        let line_hits = hits_in(remaining, &line);
        remaining = &remaining[line_hits.len().max(1)..];

        let content = &text[line.clone()];
        if let Some(command_start) = shell_command_start(scanner, content).filter(|_| route_shell) {
            shell::scan(
                scanner,
                text,
                line.start + command_start..line.end,
                line_hits,
                scan,
            );
            continue;
        }
        let locator = normalized(content);
        let comment_start = comment_start(content).map_or(line.end, |i| line.start + i);
        let config = line.start..comment_start;
        let value = Value::new(config.clone(), None, &locator);
        analyze(pack, text, &value, hits_in(line_hits, &config), scan);
        if pack.scan_comments && comment_start < line.end {
            let comment = comment_start..line.end;
            let value = Value::new(comment.clone(), None, &locator);
            analyze(pack, text, &value, hits_in(line_hits, &comment), scan);
        }
    }
}

/// The line holding `offset`, extended over backslash continuations.
fn logical_line(text: &str, offset: usize) -> Range<usize> {
    let bytes = text.as_bytes();
    let mut start = memchr::memrchr(b'\n', &bytes[..offset]).map_or(0, |i| i + 1);
    while start > 0 && continues(&bytes[..start - 1]) {
        start = memchr::memrchr(b'\n', &bytes[..start - 1]).map_or(0, |i| i + 1);
    }
    let mut end = memchr::memchr(b'\n', &bytes[offset..]).map_or(bytes.len(), |i| offset + i);
    while end < bytes.len() && continues(&bytes[..end]) {
        end = memchr::memchr(b'\n', &bytes[end + 1..]).map_or(bytes.len(), |i| end + 1 + i);
    }
    start..end
}

/// Whether the line ending at the end of `before` continues on the next one.
fn continues(before: &[u8]) -> bool {
    before.trim_ascii_end().ends_with(b"\\") && !before.ends_with(b"\\\\")
}

/// Where the shell command of a line starts, if the line is shell that
/// matters: after indentation, a Dockerfile `RUN`, a CI `run:` or a Makefile
/// `@`/`-` prefix.
fn shell_command_start(scanner: &Scanner, line: &str) -> Option<usize> {
    let trimmed = line.trim_start();
    let mut rest = trimmed;
    for prefix in ["- run:", "run:", "RUN ", "@", "-"] {
        if let Some(stripped) = rest.strip_prefix(prefix) {
            rest = stripped.trim_start();
            break;
        }
    }
    let word = rest
        .split(|c: char| c.is_whitespace() || c == ';')
        .next()
        .unwrap_or("");
    let word = word.rsplit('/').next().unwrap_or(word);
    shell::is_shell_word(scanner.pack, word).then(|| line.len() - rest.len())
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
