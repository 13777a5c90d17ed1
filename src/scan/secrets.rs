//! Secrets by the way configs write them, in any file whose lines or
//! messages are printed: one pass that knows every syntax (assignments and
//! pairs, flags that take a secret, URL passwords, `.pgpass` lines, token
//! shapes), joined with the exact spans the parsers report (a YAML block
//! under a secret key) and then with every other occurrence of a value found
//! once. A secret's range is its value only: the quotes and delimiters
//! around it stay, so a masked line still reads as the line it was.

use std::net::Ipv4Addr;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use super::ports::is_key_byte;
use super::text::dockerfile_env_entry;
use super::{Dialect, FileKind};
use crate::pack::{Pack, SecretFlag};

/// A secret value shorter than this is masked where it is found but not
/// searched for elsewhere (it would mask every `on` and `12` of the file).
const MIN_PROPAGATED: usize = 4;

/// How far back a key or a command is looked for before its `=`, `:` or flag.
const MAX_KEY: usize = 128;
const MAX_COMMAND_LOOKBACK: usize = 512;

/// The secrets of one file.
#[derive(Debug, Default)]
pub struct Secrets {
    /// Their byte ranges, in no particular order, possibly overlapping.
    pub ranges: Vec<Range<usize>>,
    /// Every distinct secret value worth searching for, to mask in messages.
    values: Option<ValueSearch>,
    /// Per value: whether it is a service's name (`password: postgres`), a
    /// word messages take from the pack, not from the file.
    vocabulary: Vec<bool>,
}

impl Secrets {
    /// Every secret of `text`, with the ranges the scanners reported (`fed`).
    pub fn find(pack: &Pack, kind: FileKind, text: &str, fed: &[Range<usize>]) -> Secrets {
        let mut ranges = Vec::new();
        assignments(pack, kind, text, &mut ranges);
        if kind == FileKind::Text(Dialect::Dockerfile) {
            dockerfile_env(pack, text, &mut ranges);
        }
        flags(&pack.secret_flags, text, &mut ranges);
        url_passwords(text, &mut ranges);
        pgpass_passwords(text, &mut ranges);
        if let Some(tokens) = &pack.secret_tokens {
            ranges.extend(tokens.find_iter(text).map(|m| m.range()));
        }
        ranges.extend(fed.iter().filter(|r| r.end <= text.len()).cloned());
        ranges.retain(|range| {
            text.get(range.clone())
                .is_some_and(|value| !value.trim().is_empty() && !is_not_secret(pack, value))
        });
        let mut secrets = Secrets {
            ranges,
            values: None,
            vocabulary: Vec::new(),
        };
        secrets.propagate(pack, text);
        secrets
    }

    /// Adds every other occurrence of the values found, as a word of its own.
    fn propagate(&mut self, pack: &Pack, text: &str) {
        let mut values: Vec<&str> = self
            .ranges
            .iter()
            .map(|range| &text[range.clone()])
            .filter(|value| value.chars().count() >= MIN_PROPAGATED && !is_literal(value))
            .collect();
        values.sort_unstable();
        values.dedup();
        if values.is_empty() {
            return;
        }
        let Some(search) = ValueSearch::new(&values) else {
            return;
        };
        let bytes = text.as_bytes();
        let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
        for (found, _) in search.find_all(text) {
            let (start, end) = (found.start, found.end);
            let alone = (start == 0 || !is_word(bytes[start - 1]) || !is_word(bytes[start]))
                && (end == bytes.len() || !is_word(bytes[end]) || !is_word(bytes[end - 1]));
            if alone && !is_in_template(text, start..end) {
                self.ranges.push(start..end);
            }
        }
        self.vocabulary = values
            .iter()
            .map(|value| {
                pack.services
                    .iter()
                    .any(|s| s.name.eq_ignore_ascii_case(value))
            })
            .collect();
        self.values = Some(search);
    }

    /// `message` with every secret value of the file masked, except where
    /// it is a service's name: the message says `postgres node` of its own,
    /// whatever password the file holds.
    pub fn mask(&self, message: &str) -> Option<String> {
        let values = self.values.as_ref()?;
        let mut masked = String::with_capacity(message.len());
        let mut copied = 0;
        for (found, value) in values.find_all(message) {
            if self.vocabulary[value] {
                continue;
            }
            masked.push_str(&message[copied..found.start]);
            masked.push_str(crate::redact::MASK);
            copied = found.end;
        }
        if copied == 0 {
            return None;
        }
        masked.push_str(&message[copied..]);
        Some(masked)
    }
}

/// A search for a file's secret values: the occurrences that do not
/// overlap, leftmost first and the longest of those that start together.
#[derive(Debug)]
enum ValueSearch {
    /// A few values, one pass each: building an automaton costs a hundred
    /// times more than the passes over one file and its messages.
    Few(Vec<memchr::memmem::Finder<'static>>),
    /// Many values: one automaton (a noncontiguous NFA builds in a fraction
    /// of a DFA's time and searches one small file as fast).
    Many(AhoCorasick),
}

/// Up to how many values are searched one pass each.
const FEW_VALUES: usize = 8;

impl ValueSearch {
    fn new(values: &[&str]) -> Option<ValueSearch> {
        // An empty value would be found everywhere without moving on.
        if values.len() <= FEW_VALUES && values.iter().all(|value| !value.is_empty()) {
            return Some(ValueSearch::Few(
                values
                    .iter()
                    .map(|value| memchr::memmem::Finder::new(value.as_bytes()).into_owned())
                    .collect(),
            ));
        }
        ValueSearch::many(values)
    }

    fn many(values: &[&str]) -> Option<ValueSearch> {
        AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::NoncontiguousNFA))
            .prefilter(false)
            .build(values)
            .ok()
            .map(ValueSearch::Many)
    }

    /// Each occurrence in `haystack` with the index of its value.
    fn find_all(&self, haystack: &str) -> Vec<(Range<usize>, usize)> {
        match self {
            ValueSearch::Many(automaton) => automaton
                .find_iter(haystack)
                .map(|found| (found.range(), found.pattern().as_usize()))
                .collect(),
            ValueSearch::Few(finders) => {
                let bytes = haystack.as_bytes();
                let find_from = |finder: &memchr::memmem::Finder<'_>, from: usize| {
                    bytes
                        .get(from..)
                        .and_then(|rest| finder.find(rest))
                        .map(|at| from + at)
                };
                // Each value's first occurrence at or after the last one
                // taken: overlapping occurrences are never all held.
                let mut next: Vec<Option<usize>> =
                    finders.iter().map(|finder| find_from(finder, 0)).collect();
                let mut found = Vec::new();
                // The leftmost occurrence, the longest of those that start there.
                while let Some((value, start)) = next
                    .iter()
                    .enumerate()
                    .filter_map(|(value, start)| start.map(|start| (value, start)))
                    .min_by_key(|&(value, start)| {
                        (start, std::cmp::Reverse(finders[value].needle().len()))
                    })
                {
                    let end = start + finders[value].needle().len();
                    found.push((start..end, value));
                    for (finder, start) in finders.iter().zip(next.iter_mut()) {
                        if start.is_some_and(|start| start < end) {
                            *start = find_from(finder, end);
                        }
                    }
                }
                found
            }
        }
    }
}

/// Whether `range` is inside a template expression (`{{ .username }}`): a
/// name there is a variable's, whatever a key elsewhere holds
/// (`secretKey: username` names the key of a secret store).
fn is_in_template(text: &str, range: Range<usize>) -> bool {
    let line = line_around(text, range.start);
    let before = &text[line.start..range.start];
    let after = &text[range.end..line.end];
    before
        .rfind("{{")
        .is_some_and(|open| !before[open..].contains("}}"))
        && after
            .find("}}")
            .is_some_and(|close| !after[..close].contains("{{"))
}

/// A value that is the address or hostname of the topology is what the
/// finding is about, never a secret; a placeholder stands for one elsewhere.
fn is_not_secret(pack: &Pack, value: &str) -> bool {
    is_placeholder(value)
        || pack.role_of_hostname(value).is_some()
        || value
            .parse::<Ipv4Addr>()
            .is_ok_and(|address| pack.role_of_address(address).is_some())
}

/// `{{ password }}`, `${PASS}`, `$PASS`: a reference to a secret kept elsewhere.
pub fn is_placeholder(text: &str) -> bool {
    let braced = |open: &str, close: &str| {
        text.starts_with(open) && text.ends_with(close) && !text[open.len()..].contains(open)
    };
    braced("{{", "}}")
        || braced("${", "}")
        || (text.len() > 1
            && text.starts_with('$')
            && text[1..]
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_'))
}

/// Values that are words of the syntax, not secrets of anyone's.
fn is_literal(value: &str) -> bool {
    ["true", "false", "null", "none", "yes", "no"]
        .iter()
        .any(|word| value.eq_ignore_ascii_case(word))
}

/// How far an unquoted value reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Extent {
    /// To the end of the line, a trailing comment cut (YAML, INI, dotenv).
    Line,
    /// A shell word: to a blank or an operator (`PGPASSWORD=pw psql`).
    ShellWord,
    /// A value among others: also to `,`, `;`, `&` or a closing bracket
    /// (`Password=pw;Database=a`, `password=pw,abortConnect=false`).
    Word,
}

impl Extent {
    fn ends_at(self, byte: u8) -> bool {
        match self {
            Extent::Line => false,
            Extent::ShellWord => byte.is_ascii_whitespace() || b";|&)`\"'".contains(&byte),
            Extent::Word => byte.is_ascii_whitespace() || b";,&|)}]\"'`<>".contains(&byte),
        }
    }
}

/// How far a line may be searched around one place (a minified file is one
/// line; looking around a place must not cost the whole line).
const MAX_LINE_LOOK: usize = 4096;

/// Where the line holding `offset` starts and ends (without `\r\n`).
/// A line longer than [`MAX_LINE_LOOK`] either side is cut there.
fn line_around(text: &str, offset: usize) -> Range<usize> {
    let bytes = text.as_bytes();
    let floor = offset.saturating_sub(MAX_LINE_LOOK);
    let start = super::line_start(bytes, floor, offset);
    let ceiling = offset.saturating_add(MAX_LINE_LOOK).min(bytes.len());
    let mut end = memchr::memchr(b'\n', &bytes[offset..ceiling]).map_or(ceiling, |at| offset + at);
    let (start, end_limit) = (
        text.ceil_char_boundary(start),
        text.floor_char_boundary(end),
    );
    end = end_limit;
    if end > start && bytes[end - 1] == b'\r' {
        end -= 1;
    }
    start..end
}

/// The values of secret keys in every assignment syntax: `KEY=value`,
/// `key: value`, `"key": "value"`, `key => value`, `key := value`,
/// `export A=… B=…`, `Password=…;` inside connection strings, `--password=…`.
fn assignments(pack: &Pack, kind: FileKind, text: &str, found: &mut Vec<Range<usize>>) {
    let bytes = text.as_bytes();
    // Only lines holding a word of a secret key pattern can hold a secret
    // key (or an env entry's `name: DB_PASSWORD`).
    let separators = pack
        .secret_keys
        .lines_that_may_match(text)
        .into_iter()
        .flat_map(|lines| {
            memchr::memchr2_iter(b'=', b':', &bytes[lines.clone()]).map(move |at| lines.start + at)
        });
    for at in separators {
        let next = bytes.get(at + 1).copied();
        let operator_end = match (bytes[at], next) {
            (b'=', Some(b'=')) | (b':', Some(b':')) | (b':', Some(b'/')) => continue,
            (b'=', Some(b'>')) | (b':', Some(b'=')) => at + 2,
            _ => at + 1,
        };
        if at > 0 && bytes[at] == b'=' && b"!<>=:".contains(&bytes[at - 1]) {
            continue;
        }
        let Some(key) = key_before(text, at) else {
            continue;
        };
        let is_secret = pack.key_facts(&text[key.clone()]).secret;
        let is_name = !is_secret && text[key.clone()].eq_ignore_ascii_case("name");
        if !(is_secret || is_name) {
            continue;
        }
        let line = line_around(text, at);
        let extent = extent_of(kind, text, at, operator_end, &key, &line);
        if is_secret {
            value_at(text, operator_end, line, extent, found);
        } else {
            // An env entry (`name: DB_PASSWORD` then `value: …`): the name
            // is the key of the value beside it.
            let mut named = Vec::new();
            value_at(text, operator_end, line.clone(), extent, &mut named);
            if let Some(name) = named.first()
                && pack.key_facts(&text[name.clone()]).secret
                && let Some(separator) = sibling_value(text, name.end, key.start - line.start)
            {
                let key = key_before(text, separator).unwrap_or(separator..separator);
                let line = line_around(text, separator);
                let extent = extent_of(kind, text, separator, separator + 1, &key, &line);
                value_at(text, separator + 1, line, extent, found);
            }
        }
    }
}

/// The value of a Dockerfile's `ENV NAME VALUE` (no `=`: the rest of the
/// instruction) under a secret key.
fn dockerfile_env(pack: &Pack, text: &str, found: &mut Vec<Range<usize>>) {
    for lines in pack.secret_keys.lines_that_may_match(text) {
        let mut start = lines.start;
        for line in text[lines.clone()].split_inclusive('\n') {
            let config = start..start + line.trim_end_matches(['\n', '\r']).len();
            start += line.len();
            if let Some((name, value)) = dockerfile_env_entry(text, config.clone())
                && pack.key_facts(name).secret
            {
                value_at(text, value.start, config, Extent::Line, found);
            }
        }
    }
}

/// How far the value after the separator at `at` reaches.
fn extent_of(
    kind: FileKind,
    text: &str,
    at: usize,
    operator_end: usize,
    key: &Range<usize>,
    line: &Range<usize>,
) -> Extent {
    let leading = &text[line.start..key.start.max(line.start)];
    let shell_words = match kind {
        FileKind::Shell | FileKind::Text(Dialect::Dockerfile) => true,
        FileKind::Text(Dialect::Makefile) => leading.starts_with('\t'),
        _ => false,
    };
    // `KEY=pw rest` is a shell word outside dotenv files; `key = pw`
    // and `key: pw` are the rest of the line.
    let bytes = text.as_bytes();
    let tight = bytes[at] == b'=' && !matches!(bytes.get(operator_end), Some(b' ' | b'\t'));
    if is_inside_quotes(leading) {
        Extent::Word
    } else if shell_words || (tight && kind != FileKind::Dotenv && starts_line(leading)) {
        Extent::ShellWord
    } else if starts_line(leading) {
        Extent::Line
    } else {
        Extent::Word
    }
}

/// How far an env entry's `value` may be from its `name`.
const MAX_ENTRY: usize = 1024;

/// The separator after the `value` key of the mapping whose `name` (at
/// column `column` of its line) ends at `from`: the same flow mapping, or
/// the lines below indented as `name` is.
fn sibling_value(text: &str, from: usize, column: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let end = from.saturating_add(MAX_ENTRY).min(bytes.len());
    let mut depth = 0i32;
    let mut index = from;
    while index < end {
        match bytes[index] {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth -= 1;
                if depth < 0 {
                    return None;
                }
            }
            b'\n' => {
                let indentation = bytes[index + 1..end]
                    .iter()
                    .take_while(|b| **b == b' ')
                    .count();
                let blank = matches!(bytes.get(index + 1 + indentation), Some(b'\n' | b'\r'));
                if depth == 0 && !blank && indentation < column {
                    return None;
                }
            }
            b'v' | b'V' if depth == 0 && (index == 0 || !is_key_byte(bytes[index - 1])) => {
                let word = index..index + 5;
                if text
                    .get(word.clone())
                    .is_some_and(|w| w.eq_ignore_ascii_case("value"))
                {
                    let mut after = word.end;
                    if matches!(bytes.get(after), Some(b'"' | b'\'')) {
                        after += 1;
                    }
                    while matches!(bytes.get(after), Some(b' ' | b'\t')) {
                        after += 1;
                    }
                    if matches!(bytes.get(after), Some(b':' | b'=')) {
                        return Some(after);
                    }
                }
            }
            _ => {}
        }
        index += 1;
    }
    None
}

/// Whether a key after `leading` starts its line (after indentation, a YAML
/// list dash, `export` or its own opening quote).
fn starts_line(leading: &str) -> bool {
    let rest = leading.trim_start();
    let rest = rest.strip_prefix('-').unwrap_or(rest).trim_start();
    let rest = rest.strip_prefix("export").unwrap_or(rest);
    rest.trim().trim_end_matches(['"', '\'']).is_empty()
}

/// Whether `leading` leaves a quoted string open (the key is inside it, as
/// in `"host=h password=pw"`); a quote just before the key is the key's own.
fn is_inside_quotes(leading: &str) -> bool {
    let leading = leading.strip_suffix(['"', '\'']).unwrap_or(leading);
    let count = |quote: u8| {
        leading
            .as_bytes()
            .iter()
            .enumerate()
            .filter(|&(i, &b)| b == quote && (i == 0 || leading.as_bytes()[i - 1] != b'\\'))
            .count()
    };
    count(b'"') % 2 == 1 || count(b'\'') % 2 == 1
}

/// The key written just before the separator at `at` (a quote around it and
/// blanks before the separator allowed), as a range of `text`.
fn key_before(text: &str, at: usize) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    let mut end = at;
    while end > 0 && at - end < 8 && matches!(bytes[end - 1], b' ' | b'\t') {
        end -= 1;
    }
    if end > 0 && matches!(bytes[end - 1], b'"' | b'\'') {
        end -= 1;
    }
    let mut start = end;
    while start > 0 && end - start < MAX_KEY && is_key_byte(bytes[start - 1]) {
        start -= 1;
    }
    bytes[start..end]
        .iter()
        .any(u8::is_ascii_alphabetic)
        .then_some(start..end)
}

/// The value starting at `from` (after blanks): a quoted string's content,
/// else as far as `extent` reaches (a whole line has its comment cut, and a
/// YAML block indicator stands for the indented lines below).
fn value_at(
    text: &str,
    from: usize,
    line: Range<usize>,
    extent: Extent,
    found: &mut Vec<Range<usize>>,
) {
    let bytes = text.as_bytes();
    let mut start = from;
    while start < line.end && matches!(bytes[start], b' ' | b'\t') {
        start += 1;
    }
    if start >= line.end {
        return;
    }
    if let Some(quoted) = quoted_at(text, start, line.end) {
        found.push(quoted);
        return;
    }
    if matches!(bytes[start], b'{' | b'[') && extent != Extent::ShellWord {
        return; // a flow mapping or list: its own keys say what is secret
    }
    if extent != Extent::Line {
        found.push(start..word_end(bytes, start, line.end, extent));
        return;
    }
    let rest = &text[start..line.end];
    let rest = match rest.find(" #") {
        Some(comment) => &rest[..comment],
        None => rest,
    };
    let rest = rest.trim_end().trim_end_matches(',');
    if is_block_indicator(rest) {
        found.extend(block_lines(text, line));
    } else {
        found.push(start..start + rest.len());
    }
}

/// Where the unquoted value at `start` ends, at most at `limit`.
fn word_end(bytes: &[u8], start: usize, limit: usize, extent: Extent) -> usize {
    (start..limit)
        .find(|&i| extent.ends_at(bytes[i]))
        .unwrap_or(limit)
}

/// The content of the string quoted at `start`, if one is (unclosed: to the
/// end of the line).
fn quoted_at(text: &str, start: usize, line_end: usize) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    let quote = bytes[start];
    if !matches!(quote, b'"' | b'\'' | b'`') {
        return None;
    }
    let mut index = start + 1;
    while index < line_end {
        match bytes[index] {
            b'\\' if quote != b'\'' => index += 2,
            byte if byte == quote => return Some(start + 1..index),
            _ => index += 1,
        }
    }
    Some(start + 1..line_end)
}

/// `|`, `>-`, `|2+`: the value is the indented lines below.
fn is_block_indicator(value: &str) -> bool {
    let mut chars = value.chars();
    matches!(chars.next(), Some('|' | '>')) && chars.all(|c| matches!(c, '-' | '+' | '1'..='9'))
}

/// The lines below `line` indented deeper than it, each without its indentation.
fn block_lines(text: &str, line: Range<usize>) -> Vec<Range<usize>> {
    let indentation = |l: &str| l.len() - l.trim_start_matches([' ', '\t']).len();
    let own = indentation(&text[line.clone()]);
    let mut lines = Vec::new();
    let mut start = line.end;
    while let Some(newline) = text[start..].find('\n') {
        let next = start + newline + 1;
        let end = text[next..].find('\n').map_or(text.len(), |at| next + at);
        let content = text[next..end].trim_end_matches('\r');
        if !content.trim().is_empty() {
            if indentation(content) <= own {
                break;
            }
            lines.push(next + indentation(content)..next + content.len());
        }
        start = end;
        if end == text.len() {
            break;
        }
    }
    lines
}

/// The values of flags that take a secret (`redis-cli -a pw`, `--pass=pw`,
/// `mysql -ppw`, `["redis-cli", "-a", "pw"]`), where the flag's command is
/// the one the pack names.
fn flags(flags: &[SecretFlag], text: &str, found: &mut Vec<Range<usize>>) {
    let bytes = text.as_bytes();
    for flag in flags {
        for at in flag.find_in(bytes) {
            let before = at.checked_sub(1).map(|i| bytes[i]);
            if before.is_some_and(|b| !(b.is_ascii_whitespace() || b"\"'[,(".contains(&b))) {
                continue;
            }
            let line = line_around(text, at);
            if let Some(command) = &flag.command
                && !command_before(
                    text,
                    line.start.max(at.saturating_sub(MAX_COMMAND_LOOKBACK)),
                    at,
                    command,
                )
            {
                continue;
            }
            let after = at + flag.flag().len();
            let word = Extent::ShellWord;
            match bytes.get(after) {
                Some(b'=') => value_at(text, after + 1, line, word, found),
                Some(&b) if flag.is_short() && !word.ends_at(b) => {
                    found.push(after..word_end(bytes, after, line.end, word));
                }
                None => {}
                Some(&b) if !(word.ends_at(b) || b == b',') => {}
                Some(_) => {
                    let mut next = after;
                    if before.is_some_and(|q| q == b'"' || q == b'\'')
                        && bytes.get(next) == before.as_ref()
                    {
                        next += 1;
                    }
                    while next < line.end && matches!(bytes[next], b' ' | b'\t' | b',') {
                        next += 1;
                    }
                    if next < line.end && bytes[next] != b'-' {
                        value_at(text, next, line, word, found);
                    }
                }
            }
        }
    }
}

/// Whether a word of `text[from..to]` after the last command separator is
/// `command` (by its name: `/usr/bin/redis-cli` is `redis-cli`).
fn command_before(text: &str, from: usize, to: usize, command: &str) -> bool {
    let Some(segment) = text.get(from..to) else {
        return false;
    };
    let segment = segment.rsplit(['|', ';', '&']).next().unwrap_or(segment);
    segment
        .split(|c: char| c.is_whitespace() || "\"'[],(".contains(c))
        .any(|word| super::shell::program_name(word) == command)
}

/// The password of every URL (`scheme://user:PASSWORD@host`).
fn url_passwords(text: &str, found: &mut Vec<Range<usize>>) {
    for separator in memchr::memmem::find_iter(text.as_bytes(), b"://") {
        let authority_start = separator + 3;
        let line_end = line_around(text, authority_start.min(text.len())).end;
        // Passwords hold characters a URL should escape (`^`, `|`, `[`):
        // the authority runs to its path, query or the end of the word.
        let authority_end = (authority_start..line_end)
            .find(|&i| {
                let byte = text.as_bytes()[i];
                byte.is_ascii_whitespace() || b"/?#\"'`<>".contains(&byte)
            })
            .unwrap_or(line_end);
        let authority = &text[authority_start..authority_end];
        let Some(at) = authority.rfind('@') else {
            continue;
        };
        if let Some(colon) = authority[..at].find(':') {
            found.push(authority_start + colon + 1..authority_start + at);
        }
    }
}

/// The password field of `.pgpass`-format text
/// (`hostname:port:database:username:password`), wherever it is written.
fn pgpass_passwords(text: &str, found: &mut Vec<Range<usize>>) {
    let bytes = text.as_bytes();
    let field = |b: u8| !(b.is_ascii_whitespace() || b":\"'`=,;".contains(&b));
    // A pgpass entry has four colons; lines with fewer are skipped unread.
    for line in text.split_inclusive('\n') {
        let offset = line.as_ptr() as usize - text.as_ptr() as usize;
        if memchr::memchr_iter(b':', line.as_bytes()).nth(3).is_none() {
            continue;
        }
        for colon in memchr::memchr_iter(b':', line.as_bytes()) {
            let start = offset + colon;
            // The host field ends at this colon; the port field follows.
            let port_start = start + 1;
            let port_end = (port_start..bytes.len())
                .find(|&i| !(bytes[i].is_ascii_digit() || bytes[i] == b'*'))
                .unwrap_or(bytes.len());
            let host_is_field = start > offset && field(bytes[start - 1]);
            if !host_is_field || port_end == port_start || port_end - port_start > 5 {
                continue;
            }
            let port = &text[port_start..port_end];
            if port != "*" && !port.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            let mut position = port_end;
            let mut fields = Vec::with_capacity(3);
            for _ in 0..3 {
                if bytes.get(position) != Some(&b':') {
                    break;
                }
                let value_start = position + 1;
                let value_end = (value_start..bytes.len())
                    .find(|&i| !field(bytes[i]) || bytes[i] == b':')
                    .unwrap_or(bytes.len());
                fields.push(value_start..value_end);
                position = value_end;
            }
            if let [database, user, password] = &fields[..]
                && !database.is_empty()
                && !user.is_empty()
                && !password.is_empty()
            {
                found.push(password.clone());
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests;
