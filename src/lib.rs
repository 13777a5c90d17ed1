//! topolint: a static linter that keeps configuration pointed at load
//! balancers, not at the database and Redis nodes behind them.
//!
//! The pipeline runs one way: [`walk`] finds files and prefilters them,
//! [`scan`] reads each by its kind into references, [`rules`] judge references
//! into findings, and [`report`] prints findings.

pub mod address;
pub mod cli;
pub mod pack;
pub mod redact;
pub mod report;
pub mod rules;
pub mod scan;
pub mod walk;

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use address::AddressMatcher;
use pack::Pack;
use redact::Redacted;
use rules::{Finding, Position, Severity};
use scan::{FileKind, Scanner};
use walk::Walker;

/// What to check and how.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// Files and directories to check.
    pub paths: Vec<PathBuf>,
    /// Paths in findings are relative to it; `.topolint.toml` is looked up there.
    pub root: PathBuf,
    pub jobs: usize,
}

/// The result of a check, ready for any reporter.
#[derive(Debug, Default)]
pub struct Report {
    /// Sorted by path, then position.
    pub findings: Vec<Finding>,
    /// The masked text of every file with a finding, by relative path.
    pub sources: HashMap<String, Redacted>,
    pub files_checked: usize,
    pub files_skipped: usize,
    /// Things the user should know that are not findings (skipped files).
    pub notes: Vec<String>,
    pub elapsed: Duration,
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
        self.findings
            .iter()
            .any(|f| f.rule.id == rules::read_error::RULE.id)
    }
}

/// Runs the whole check with `pack`.
pub fn check(pack: &Pack, options: &CheckOptions) -> Report {
    let started = Instant::now();
    let matcher = AddressMatcher::new(pack);
    let scanner = Scanner {
        pack,
        matcher: &matcher,
    };
    let walker = Walker::new(pack, &options.root, options.jobs);
    let results: Mutex<Vec<FileResult>> = Mutex::new(Vec::new());

    let summary = walker.run(&options.paths, &|candidate| {
        let text = String::from_utf8_lossy(&candidate.bytes);
        let result = check_text(&scanner, candidate.path, &candidate.relative, &text);
        if !result.findings.is_empty()
            && let Ok(mut all) = results.lock()
        {
            all.push(result);
        }
    });

    let mut results = results.into_inner().unwrap_or_default();
    results.sort_by(|a, b| a.findings[0].path.cmp(&b.findings[0].path));
    let mut report = Report {
        files_checked: summary.files_checked,
        files_skipped: summary.files_skipped,
        notes: summary.notes,
        ..Report::default()
    };
    for unreadable in summary.unreadable {
        report.findings.push(read_error(unreadable));
    }
    for result in results {
        if let Some(first) = result.findings.first() {
            report.sources.insert(first.path.clone(), result.source);
        }
        report.findings.extend(result.findings);
    }
    report
        .findings
        .sort_by(|a, b| (&a.path, a.start, a.rule.id).cmp(&(&b.path, b.start, b.rule.id)));
    report.elapsed = started.elapsed();
    report
}

/// The findings of one file, with its masked text.
struct FileResult {
    findings: Vec<Finding>,
    source: Redacted,
}

fn check_text(scanner: &Scanner, path: &Path, relative: &str, text: &str) -> FileResult {
    let scan = scanner.scan(FileKind::detect(path, text), text);
    let mut judged: Vec<Judged> = Vec::new();
    for reference in &scan.references {
        if let Some(verdict) = rules::judge(scanner.pack, reference) {
            let verdict = match &reference.decoded {
                Some(how) => rules::Verdict {
                    message: format!("{} ({how})", verdict.message),
                    ..verdict
                },
                None => verdict,
            };
            judged.push(Judged {
                span: reference.hit.span.clone(),
                locator: reference.locator.clone(),
                value: reference.written.clone(),
                verdict,
            });
        }
    }
    for list in &scan.lists {
        for (span, value, verdict) in rules::candidate_set::judge(scanner.pack, list) {
            judged.push(Judged {
                span,
                locator: list.name.clone(),
                value,
                verdict,
            });
        }
    }
    for note in &scan.parse_errors {
        let rule = &rules::parse_error::RULE;
        let verdict = rules::Verdict {
            rule,
            severity: rule.severity,
            message: note.message.clone(),
            label: "the parser stopped here".to_string(),
            help: "the file was scanned as text: findings in it may be less precise".to_string(),
        };
        let at = note.offset.min(text.len());
        judged.push(Judged {
            span: at..at,
            locator: String::new(),
            value: String::new(),
            verdict,
        });
    }
    // One span gets at most one rule's findings: the most specific rule's.
    judged.sort_by_key(|j| (j.span.start, j.span.end, rules::precedence(j.verdict.rule)));
    let best: HashMap<Range<usize>, usize> = judged
        .iter()
        .rev()
        .map(|j| (j.span.clone(), rules::precedence(j.verdict.rule)))
        .collect();
    judged.retain(|j| best.get(&j.span) == Some(&rules::precedence(j.verdict.rule)));

    let lines = LineIndex::new(text);
    let mut occurrences: HashMap<(&'static str, String, String), usize> = HashMap::new();
    let mut findings = Vec::with_capacity(judged.len());
    for judged in judged {
        let occurrence = occurrences
            .entry((
                judged.verdict.rule.id,
                judged.locator.clone(),
                judged.value.clone(),
            ))
            .or_default();
        let fingerprint = fingerprint(
            judged.verdict.rule.id,
            relative,
            &judged.locator,
            &judged.value,
            *occurrence,
        );
        *occurrence += 1;
        findings.push(Finding {
            rule: judged.verdict.rule,
            severity: judged.verdict.severity,
            path: relative.to_string(),
            start: lines.position(text, judged.span.start),
            end: lines.position(text, judged.span.end),
            span: judged.span,
            message: judged.verdict.message,
            label: judged.verdict.label,
            help: judged.verdict.help,
            locator: judged.locator,
            value: judged.value,
            fingerprint,
        });
    }
    let source = if findings.is_empty() {
        Redacted::new("", &[], &[], &[])
    } else {
        let keep: Vec<Range<usize>> = findings.iter().map(|f| f.span.clone()).collect();
        Redacted::new(text, &scan.secrets, &keep, &scan.opaque)
    };
    FileResult { findings, source }
}

/// A verdict with where it points, before positions and fingerprints.
struct Judged {
    span: Range<usize>,
    locator: String,
    value: String,
    verdict: rules::Verdict,
}

fn read_error(unreadable: walk::Unreadable) -> Finding {
    let rule = &rules::read_error::RULE;
    let path = if unreadable.relative.is_empty() {
        ".".to_string()
    } else {
        unreadable.relative
    };
    Finding {
        rule,
        severity: rule.severity,
        message: format!("cannot read {path}: {}", unreadable.message),
        label: String::new(),
        help: "the scan is incomplete: make the file readable, or exclude it in the pack"
            .to_string(),
        locator: String::new(),
        value: String::new(),
        fingerprint: fingerprint(rule.id, &path, "", "", 0),
        path,
        span: 0..0,
        start: Position { line: 1, column: 1 },
        end: Position { line: 1, column: 1 },
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
) -> String {
    let identity = format!("{rule}\0{path}\0{locator}\0{value}\0{occurrence}");
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(identity.as_bytes()))
}

/// Byte offset → 1-based line and character column.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    fn position(&self, text: &str, offset: usize) -> Position {
        let line = self.starts.partition_point(|&start| start <= offset);
        let line_start = self.starts[line.saturating_sub(1)];
        let column = text
            .get(line_start..offset)
            .map_or(0, |s| s.chars().count())
            + 1;
        Position { line, column }
    }
}
