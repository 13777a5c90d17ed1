//! The diagnostic model every other module speaks: what a rule is, a
//! [`Finding`] with its position and fingerprint, a finding that was hidden
//! and why, and the [`Report`] of a whole check. It depends on nothing but
//! the masked excerpts that snippets print.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;

use crate::redact::Excerpt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    Note,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

impl Serialize for Severity {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A rule's identity and documentation: the one text behind `topolint explain`,
/// the SARIF rule metadata and the README's rule table.
#[derive(Debug)]
pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    /// One line: what the rule catches.
    pub summary: &'static str,
    /// Markdown with the sections "Why it matters", "How to fix" and "Example".
    pub explanation: &'static str,
}

/// 1-based line and column; columns count characters. An end position is
/// exclusive (the character after the span), as in SARIF. Held as `u32`
/// (files are at most `max_file_size`): every finding keeps two.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

impl Position {
    /// The position at 1-based `line` and `column` (saturating: a file is
    /// never that long).
    pub fn at(line: usize, column: usize) -> Position {
        let narrow = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Position {
            line: narrow(line),
            column: narrow(column),
        }
    }
}

/// One finding in one file, ready for reporting. What many findings share
/// (the path, help and label texts) is shared, not copied: a file with
/// 200 000 findings holds one copy of each.
#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: &'static Rule,
    pub severity: Severity,
    /// Relative to the scan root, `/` separators.
    pub path: Arc<str>,
    /// Byte range in the file; empty for findings about the whole file.
    pub span: Range<usize>,
    pub start: Position,
    pub end: Position,
    pub message: Box<str>,
    /// A few words under the span in rich output.
    pub label: Arc<str>,
    pub help: Arc<str>,
    pub fingerprint: Fingerprint,
    /// The repair, where it has one right answer (or, unsafe, a likely one).
    pub fix: Option<Box<Fix>>,
}

/// How to repair a finding: replacements of byte ranges of its file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// Shared: the findings of one file repeat a few descriptions.
    pub description: Arc<str>,
    /// Safe fixes have exactly one right answer and are applied by default;
    /// the others only with `--unsafe`.
    pub safe: bool,
    pub replacements: Vec<Replacement>,
}

impl Fix {
    /// This fix with its texts replaced by the copies `texts` shares.
    pub fn shared(mut self, texts: &mut SharedTexts) -> Fix {
        self.description = texts.share(&self.description);
        for replacement in &mut self.replacements {
            replacement.text = texts.share(&replacement.text);
        }
        self
    }
}

/// Replace the bytes `start..end` with `text`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Replacement {
    pub start: usize,
    pub end: usize,
    /// Shared, as the descriptions are: most replacements write one endpoint.
    pub text: Arc<str>,
}

impl Replacement {
    /// `text` with `replacements` (sorted by start) applied, and whether each
    /// was: one that overlaps an earlier one, or falls outside `text`, is not.
    pub fn apply_all(text: &str, replacements: &[&Replacement]) -> (String, Vec<bool>) {
        let mut out = String::with_capacity(text.len());
        let mut position = 0;
        let mut applied = Vec::with_capacity(replacements.len());
        for replacement in replacements {
            let fits = position <= replacement.start
                && replacement.start <= replacement.end
                && text.get(replacement.start..replacement.end).is_some();
            if fits {
                out.push_str(&text[position..replacement.start]);
                out.push_str(&replacement.text);
                position = replacement.end;
            }
            applied.push(fits);
        }
        out.push_str(&text[position..]);
        (out, applied)
    }
}

/// A finding's stable identity (see [`fingerprint`]), printed as 16 hex digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fingerprint(pub u64);

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

impl std::str::FromStr for Fingerprint {
    type Err = std::num::ParseIntError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        u64::from_str_radix(text, 16).map(Fingerprint)
    }
}

impl Serialize for Fingerprint {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl Finding {
    /// A finding about a whole line (a config entry, a file that could not be
    /// read), with no span to underline.
    pub fn on_line(
        rule: &'static Rule,
        path: &str,
        line: usize,
        locator: &str,
        message: String,
        help: &str,
    ) -> Finding {
        Finding {
            rule,
            severity: rule.severity,
            path: Arc::from(path),
            span: 0..0,
            start: Position::at(line, 1),
            end: Position::at(line, 1),
            message: message.into(),
            label: Arc::from(""),
            help: Arc::from(help),
            fingerprint: fingerprint(rule.id, path, locator, "", 0),
            fix: None,
        }
    }
}

/// Which mechanism hid a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SuppressedKind {
    Allow,
    Inline,
    Baseline,
}

/// A finding that was hidden, with what hid it.
#[derive(Debug, Clone)]
pub struct Suppressed {
    pub finding: Finding,
    pub kind: SuppressedKind,
    /// The reason written with the exception (and where the exception is).
    pub reason: String,
}

/// The result of a check, ready for any reporter.
#[derive(Debug, Default)]
pub struct Report {
    /// Sorted by path, then position.
    pub findings: Vec<Finding>,
    /// Findings hidden by the allowlist, inline suppressions or the baseline.
    pub suppressed: Vec<Suppressed>,
    /// The masked lines the findings point at, by relative path (for snippets).
    pub sources: HashMap<String, Excerpt>,
    pub files_checked: usize,
    pub files_skipped: usize,
    /// Things the user should know that are not findings (skipped files).
    pub notes: Vec<String>,
    /// The scan could not read everything it was asked to (exit 2).
    pub incomplete: bool,
    pub elapsed: Duration,
    /// The active pack: its path, or `built-in keybuzz`.
    pub pack: String,
}

impl Report {
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// Whether the scan could not read everything it was asked to (exit 2).
    pub fn is_incomplete(&self) -> bool {
        self.incomplete
    }
}

/// A stable identity for a finding that does not depend on its line number:
/// inserting lines above a known finding keeps its fingerprint.
pub fn fingerprint(
    rule: &str,
    path: &str,
    locator: &str,
    value: &str,
    occurrence: usize,
) -> Fingerprint {
    let identity = format!("{rule}\0{path}\0{locator}\0{value}\0{occurrence}");
    Fingerprint(xxhash_rust::xxh3::xxh3_64(identity.as_bytes()))
}

/// Fingerprints with occurrence indexes: the n-th finding of the same rule,
/// locator and value in a file. The hash of `rule, path, locator` is begun
/// once per locator (a plain-text locator is its whole line, which may be
/// megabytes long), then finished per finding.
#[derive(Default)]
pub struct Fingerprints {
    /// By rule and locator (its address), with the locator's own hash.
    begun: HashMap<(&'static str, usize), (u64, xxhash_rust::xxh3::Xxh3)>,
    /// Occurrences by rule, locator (its hash: equal texts count together
    /// whatever copy they are) and value.
    seen: HashMap<(&'static str, u64, Arc<str>), usize>,
}

impl Fingerprints {
    pub fn next(
        &mut self,
        rule: &'static str,
        path: &str,
        locator: &Arc<str>,
        value: &Arc<str>,
    ) -> Fingerprint {
        let key = Arc::as_ptr(locator) as *const u8 as usize;
        let (identity, begun) = self.begun.entry((rule, key)).or_insert_with(|| {
            let mut hasher = xxhash_rust::xxh3::Xxh3::new();
            for part in [rule, "\0", path, "\0", locator, "\0"] {
                hasher.update(part.as_bytes());
            }
            (xxhash_rust::xxh3::xxh3_64(locator.as_bytes()), hasher)
        });
        let occurrence = self
            .seen
            .entry((rule, *identity, value.clone()))
            .or_default();
        let index = *occurrence;
        *occurrence += 1;
        let mut hasher = begun.clone();
        hasher.update(value.as_bytes());
        hasher.update(format!("\0{index}").as_bytes());
        Fingerprint(hasher.digest())
    }
}

/// One shared copy of each text that many findings repeat (a path, a key,
/// a help line): a file with 200 000 findings on `PGHOST` holds one `PGHOST`.
#[derive(Debug, Default)]
pub struct SharedTexts(std::collections::HashSet<Arc<str>>);

impl SharedTexts {
    /// The shared copy of `text`.
    pub fn share(&mut self, text: &str) -> Arc<str> {
        match self.0.get(text) {
            Some(shared) => shared.clone(),
            None => {
                let shared: Arc<str> = Arc::from(text);
                self.0.insert(shared.clone());
                shared
            }
        }
    }
}

/// Byte offset → 1-based line and character column, for one text: the one
/// place line numbers are computed.
pub struct LineIndex<'t> {
    text: &'t str,
    /// Byte offset of the start of each line.
    pub starts: Vec<usize>,
    /// Every character is one byte: a column is a byte count (a long line
    /// costs nothing per position).
    ascii: bool,
}

impl<'t> LineIndex<'t> {
    pub fn new(text: &'t str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex {
            text,
            starts,
            ascii: text.is_ascii(),
        }
    }

    /// The 1-based line holding `offset` (offsets past the end are on the last line).
    pub fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset)
    }

    pub fn position(&self, offset: usize) -> Position {
        let line = self.line(offset);
        let line_start = self.starts[line.saturating_sub(1)];
        let column = if self.ascii {
            offset.min(self.text.len()).saturating_sub(line_start)
        } else {
            self.text
                .get(line_start..offset)
                .map_or(0, |s| s.chars().count())
        } + 1;
        Position::at(line, column)
    }
}

/// The 1-based line of `offset` in `text`, for a single lookup (many lookups
/// in one text share a [`LineIndex`]).
pub fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    memchr::memchr_iter(b'\n', &text.as_bytes()[..end]).count() + 1
}
