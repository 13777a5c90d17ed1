//! `.env` files: `KEY=VALUE`, `export KEY=…`, single-, double- and unquoted
//! values, `#` comments, multi-line double-quoted values. Nothing is
//! substituted: `${VAR}` stays text (the linter's own environment must never
//! leak into a report).

use std::collections::HashMap;
use std::ops::Range;

use crate::address::{Form, Hit, role_of_dns_name};
use crate::pack::Pack;

use super::candidates::{from_text, is_list_name};
use super::ports::FlatPorts;
use super::value::{Value, all_expansions, analyze, trim_quotes};
use super::{FileScan, HostUse, Scanner, hits_in, line_end};

pub fn scan(scanner: &Scanner, text: &str, hits: &[Hit], scan: &mut FileScan) {
    let pack = scanner.pack;
    let first = scan.references.len();
    let mut assignments: Vec<(&str, Range<usize>)> = Vec::new();
    let lines: Vec<Line> = Lines::new(text).collect();
    let ports = FlatPorts::of(lines.iter().filter_map(|line| match line {
        Line::Assignment { key, value, .. } => Some((&text[key.clone()], &text[value.clone()])),
        Line::Other { .. } => None,
    }));
    for line in lines {
        match line {
            Line::Other { range, comment } => {
                // A line that is no assignment is read as text without a key,
                // unless it is a comment.
                if !comment || pack.scan_comments {
                    let locator = text[range.clone()].trim();
                    let value = Value::new(range.clone(), None, locator);
                    analyze(pack, text, &value, hits_in(hits, &range), scan);
                }
            }
            Line::Assignment {
                key,
                value,
                comment,
            } => {
                let key = &text[key];
                assignments.push((key, value.clone()));
                if is_list_name(pack, key) {
                    scan.lists.push(from_text(pack, text, key, value.clone()));
                } else {
                    let mut located = Value::new(value.clone(), Some(key), key);
                    located.sibling_port = ports.of_host(pack, key, &text[value.clone()]);
                    analyze(pack, text, &located, hits_in(hits, &value), scan);
                }
                if let Some(comment) = comment.filter(|_| pack.scan_comments) {
                    let located = Value::new(comment.clone(), None, key);
                    analyze(pack, text, &located, hits_in(hits, &comment), scan);
                }
            }
        }
    }
    trace_identities(pack, text, &assignments, first, scan);
    if names_its_member(pack, text, &assignments) {
        scan.define_all();
    }
}

/// Whether the file names the member whose environment it is by a
/// definition name key (`HOSTNAME=db-slave-01`, `CONTAINER_NAME=…`) and
/// logs in nowhere (no `login_keys` key: a user name, a database): it is
/// that member's block, as a YAML mapping with `hostname:` is, so its own
/// and its peers' addresses are no pins. One that logs in is a client's
/// saved connection to that member. (A password alone does not log in
/// here: a server's environment sets its own users' passwords,
/// `POSTGRES_PASSWORD`.)
fn names_its_member(pack: &Pack, text: &str, assignments: &[(&str, Range<usize>)]) -> bool {
    let syntax = &pack.syntax;
    // The value first: few name a member, and key patterns cost more.
    let named = assignments.iter().any(|(key, value)| {
        let value = text[value.clone()].trim();
        role_of_dns_name(pack, value).is_some() && syntax.definition_name_keys.is_match(key)
    });
    named
        && !assignments
            .iter()
            .any(|(key, _)| syntax.login_keys.is_match(key))
}

/// The whole-line comments of a `.env` file, as its scanner reads it (a
/// `#` line inside a multi-line quoted value is part of the value).
pub fn comment_lines(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    Lines::new(text).filter_map(|line| match line {
        Line::Other {
            range,
            comment: true,
        } => Some(range),
        _ => None,
    })
}

/// One line of a `.env` file, or more for a multi-line quoted value.
enum Line {
    Assignment {
        key: Range<usize>,
        /// Inside its quotes.
        value: Range<usize>,
        comment: Option<Range<usize>>,
    },
    /// A comment, a blank line or a line that is no assignment.
    Other { range: Range<usize>, comment: bool },
}

struct Lines<'t> {
    bytes: &'t [u8],
    position: usize,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Self {
        Lines {
            bytes: text.as_bytes(),
            position: 0,
        }
    }
}

impl Iterator for Lines<'_> {
    type Item = Line;

    fn next(&mut self) -> Option<Line> {
        let (bytes, position) = (self.bytes, self.position);
        if position >= bytes.len() {
            return None;
        }
        let line_end = line_end(bytes, position);
        let mut cursor = skip_blanks(bytes, position, line_end);
        if bytes[cursor..line_end].starts_with(b"export")
            && bytes
                .get(cursor + 6)
                .is_some_and(|b| *b == b' ' || *b == b'\t')
        {
            cursor = skip_blanks(bytes, cursor + 6, line_end);
        }
        let key_start = cursor;
        while cursor < line_end
            && (bytes[cursor].is_ascii_alphanumeric() || b"_.-".contains(&bytes[cursor]))
        {
            cursor += 1;
        }
        let key_end = cursor;
        cursor = skip_blanks(bytes, cursor, line_end);
        if key_end == key_start || bytes.get(cursor) != Some(&b'=') {
            self.position = line_end + 1;
            let first = skip_blanks(bytes, position, line_end);
            return Some(Line::Other {
                range: position..line_end,
                comment: bytes.get(first) == Some(&b'#'),
            });
        }
        let value_start = skip_blanks(bytes, cursor + 1, line_end);
        let (value, comment, next) = value_extent(bytes, value_start, line_end);
        self.position = next;
        Some(Line::Assignment {
            key: key_start..key_end,
            value,
            comment,
        })
    }
}

/// Each expanded name's uses: the index of the assignment whose value
/// holds it, and the expansion's range.
type Expansions<'t> = HashMap<&'t str, Vec<(usize, Range<usize>)>>;

/// Member identity: a hostname assigned to a `member_keys` key, or to one
/// whose name says nothing of what it holds, is a reference only where
/// another value of the file uses that key (or one it is copied into) as a
/// host (`REDIS_URL=redis://${REDIS_MASTER}:6379`). A value with no context
/// of its own, an address too, takes that use's.
fn trace_identities(
    pack: &Pack,
    text: &str,
    assignments: &[(&str, Range<usize>)],
    first: usize,
    scan: &mut FileScan,
) {
    // Every expansion of every value, by the name it expands: found once,
    // however many names are traced.
    let mut expanded: Option<Expansions> = None;
    for index in first..scan.references.len() {
        let reference = &scan.references[index];
        let Some(key) = reference.enclosure.key.as_deref().map(str::to_string) else {
            continue;
        };
        if !HostUse::may_give(reference) || !pack.key_facts(&key).traced() {
            continue;
        }
        let expanded = expanded.get_or_insert_with(|| {
            let mut found = Expansions::new();
            for (at, (_, value)) in assignments.iter().enumerate() {
                for (name, whole) in all_expansions(text, value.clone()) {
                    found.entry(&text[name]).or_default().push((at, whole));
                }
            }
            found
        });
        let target = reference.hit.target;
        let mut names = vec![key];
        let mut seen = 0;
        let mut used = None;
        while seen < names.len() && used.is_none() {
            let name = names[seen].clone();
            seen += 1;
            for (at, expansion) in expanded.get(name.as_str()).into_iter().flatten() {
                let (holder, value) = &assignments[*at];
                let probe_hit = Hit {
                    span: expansion.clone(),
                    target,
                    form: Form::Hostname,
                };
                let mut probe = FileScan::default();
                let located = Value::new(value.clone(), Some(holder), holder);
                analyze(
                    pack,
                    text,
                    &located,
                    std::slice::from_ref(&probe_hit),
                    &mut probe,
                );
                if used.is_none() {
                    used = HostUse::among(&name, probe.references);
                }
                let whole = trim_quotes(text, value.clone()) == *expansion;
                if whole && !names.iter().any(|n| n == holder) {
                    names.push(holder.to_string());
                }
            }
        }
        if let Some(used) = used {
            used.give(&mut scan.references[index]);
        }
    }
}

fn skip_blanks(bytes: &[u8], mut position: usize, end: usize) -> usize {
    while position < end && (bytes[position] == b' ' || bytes[position] == b'\t') {
        position += 1;
    }
    position
}

/// The value (inside its quotes), the trailing comment if any, and where the
/// next line starts. Double- and single-quoted values may span lines.
fn value_extent(
    bytes: &[u8],
    start: usize,
    line_end: usize,
) -> (Range<usize>, Option<Range<usize>>, usize) {
    let comment_in = |from: usize, end: usize| {
        (from..end)
            .find(|&i| {
                bytes[i] == b'#' && (i == from || bytes[i - 1] == b' ' || bytes[i - 1] == b'\t')
            })
            .map(|i| i..end)
    };
    match bytes.get(start) {
        Some(&quote @ (b'"' | b'\'')) if start < line_end => {
            let mut position = start + 1;
            while position < bytes.len() && bytes[position] != quote {
                if quote == b'"' && bytes[position] == b'\\' {
                    position += 1;
                }
                position += 1;
            }
            let close = position.min(bytes.len());
            let end_of_line = memchr::memchr(b'\n', &bytes[close.min(bytes.len())..])
                .map_or(bytes.len(), |i| close + i);
            let after = (close + 1).min(end_of_line);
            // Quoted parts joined as a shell joins them (Patroni's
            // `PATRONI_ETCD3_HOSTS='a:2379','b:2379'`) are one value, read
            // whole with its quotes: nothing after the first part is lost.
            let joined = close < line_end
                && bytes
                    .get(after)
                    .is_some_and(|&b| after < end_of_line && !b.is_ascii_whitespace());
            if joined {
                let comment = comment_in(after, line_end);
                let end = comment.as_ref().map_or(line_end, |c| c.start);
                let trimmed = start + bytes[start..end].trim_ascii_end().len();
                return (start..trimmed, comment, line_end + 1);
            }
            (
                start + 1..close,
                comment_in(after, end_of_line),
                end_of_line + 1,
            )
        }
        _ => {
            let comment = comment_in(start, line_end);
            let end = comment.as_ref().map_or(line_end, |c| c.start);
            let trimmed = start + bytes[start..end].trim_ascii_end().len();
            (start..trimmed, comment, line_end + 1)
        }
    }
}
