//! topolint: a static linter that keeps configuration pointed at load
//! balancers, not at the database and Redis nodes behind them.
//!
//! The pipeline runs one way: [`walk`] finds files and prefilters them,
//! [`scan`] reads each by its kind into references, [`rules`] judge references
//! into findings, [`suppress`] hides the legitimate ones (saying why), and
//! [`report`] prints findings.

pub mod address;
pub mod cli;
pub mod git;
pub mod pack;
pub mod redact;
pub mod report;
pub mod rules;
pub mod scan;
pub mod suppress;
pub mod walk;

use std::collections::{HashMap, HashSet};
use std::ops::{Range, RangeInclusive};
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use pack::Pack;
use redact::Excerpt;
use rules::{Finding, Position, Severity};
use scan::{DocumentFacts, FileKind, Scanner};
use suppress::allow::{Allowlist, Outcome, Place};
use suppress::{Suppressed, SuppressedKind, inline};
use walk::Walker;

/// What to check and how.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// Files and directories to check.
    pub paths: Vec<PathBuf>,
    /// Paths in findings are relative to it; `.topolint.toml` is looked up there.
    pub root: PathBuf,
    pub jobs: usize,
    /// The whole repository is checked: unused allowlist entries are reported.
    pub full_scan: bool,
    /// Fingerprints of known findings to hide, and the file they come from.
    pub baseline: Option<(HashSet<String>, String)>,
    /// The date allowlist entries expire against.
    pub today: jiff::civil::Date,
    /// topolint's own files besides the pack (baseline, report): never checked.
    pub own_files: Vec<PathBuf>,
    /// Check these contents (the index, for `--staged`) instead of the files on disk.
    pub contents: Option<Vec<(PathBuf, Vec<u8>)>>,
    /// Report only findings on these lines (`--diff-base`), by relative path;
    /// `None` ranges mean the whole file is new.
    pub changed: Option<LineFilter>,
    /// Apply the pack's excludes to explicitly named files too.
    pub force_exclude: bool,
    /// Findings found before the scan (`new-exception` in the pack or baseline).
    pub extra: Vec<Finding>,
    /// Keep the masked text of files with findings, for snippets (human output only).
    pub keep_sources: bool,
}

/// Changed line ranges (1-based, inclusive) per relative path; `None`: all of it.
pub type LineFilter = HashMap<String, Option<Vec<RangeInclusive<usize>>>>;

impl CheckOptions {
    /// Options for checking `paths` under `root` with defaults for the rest.
    pub fn new(paths: Vec<PathBuf>, root: PathBuf) -> Self {
        CheckOptions {
            paths,
            root,
            jobs: 1,
            full_scan: false,
            baseline: None,
            today: jiff::Zoned::now().date(),
            own_files: Vec::new(),
            contents: None,
            changed: None,
            force_exclude: false,
            extra: Vec::new(),
            keep_sources: true,
        }
    }
}

/// Whether a finding spanning `lines` touches the changed `ranges`.
fn touches(ranges: &Option<Vec<RangeInclusive<usize>>>, lines: RangeInclusive<usize>) -> bool {
    match ranges {
        None => true,
        Some(ranges) => ranges
            .iter()
            .any(|r| r.start() <= lines.end() && lines.start() <= r.end()),
    }
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
    let scanner = Scanner::new(pack);
    let allowlist = Allowlist::new(pack, options.today);
    let walker = Walker::new(
        pack,
        &options.root,
        options.jobs,
        &options.own_files,
        options.force_exclude,
    );
    let results: Mutex<Vec<FileResult>> = Mutex::new(Vec::new());
    let failures: Mutex<Vec<walk::Unreadable>> = Mutex::new(Vec::new());

    let visit = |candidate: walk::Candidate| {
        let changed = match &options.changed {
            Some(filter) => match filter.get(&candidate.relative) {
                Some(ranges) => Some(ranges),
                None => return, // outside the diff: not parsed at all
            },
            None => None,
        };
        // Valid UTF-8 (nearly every config) is borrowed as is; only invalid input is copied.
        let text = match std::str::from_utf8(&candidate.bytes) {
            Ok(text) => std::borrow::Cow::Borrowed(text),
            Err(_) => String::from_utf8_lossy(&candidate.bytes),
        };
        let checked = guarded(&candidate.relative, || {
            let file = FileToCheck {
                path: candidate.path,
                relative: &candidate.relative,
                text: &text,
                names_present: candidate.names_present,
                keep_source: options.keep_sources,
            };
            check_text(&scanner, &allowlist, &file, changed)
        });
        let result = match checked {
            Ok(result) => result,
            Err(unreadable) => {
                if let Ok(mut list) = failures.lock() {
                    list.push(unreadable);
                }
                return;
            }
        };
        if !(result.findings.is_empty() && result.suppressed.is_empty())
            && let Ok(mut all) = results.lock()
        {
            all.push(result);
        }
    };
    let summary = match &options.contents {
        Some(contents) => walker.run_contents(contents, &visit),
        None => walker.run(&options.paths, &visit),
    };

    let mut report = Report {
        files_checked: summary.files_checked,
        files_skipped: summary.files_skipped,
        notes: summary.notes,
        ..Report::default()
    };
    let failures = failures.into_inner().unwrap_or_default();
    for unreadable in summary.unreadable.into_iter().chain(failures) {
        report.findings.push(read_error(unreadable));
    }
    for result in results.into_inner().unwrap_or_default() {
        if options.keep_sources && (!result.findings.is_empty() || !result.suppressed.is_empty()) {
            report.sources.insert(result.path, result.source);
        }
        report.findings.extend(result.findings);
        report.suppressed.extend(result.suppressed);
    }
    if let Some(filter) = &options.changed {
        let (kept, _): (Vec<Finding>, Vec<Finding>) = std::mem::take(&mut report.findings)
            .into_iter()
            .partition(|f| {
                f.rule.id == rules::read_error::RULE.id
                    || filter
                        .get(&f.path)
                        .is_some_and(|ranges| touches(ranges, f.start.line..=f.end.line))
            });
        report.findings = kept;
    }
    if options.full_scan {
        report
            .findings
            .extend(unused_allow_entries(pack, &allowlist, &options.root));
    }
    report.findings.extend(options.extra.iter().cloned());
    if let Some((fingerprints, file)) = &options.baseline {
        let (known, new): (Vec<Finding>, Vec<Finding>) = std::mem::take(&mut report.findings)
            .into_iter()
            .partition(|f| fingerprints.contains(&f.fingerprint));
        report.findings = new;
        report
            .suppressed
            .extend(known.into_iter().map(|finding| Suppressed {
                finding,
                kind: SuppressedKind::Baseline,
                reason: format!("known finding in the baseline {file}"),
            }));
    }
    let order = |f: &Finding| (f.path.clone(), f.start, f.rule.id);
    report.findings.sort_by_key(order);
    report.suppressed.sort_by_key(|s| order(&s.finding));
    report.elapsed = started.elapsed();
    report
}

/// The findings of one text read as the file at `path` (its kind from the
/// name and shebang), allowlist and inline suppressions applied: the whole
/// judgement of one file, without walking. Used by fuzzers and embedders.
pub fn check_source(pack: &Pack, path: &Path, text: &str) -> Vec<Finding> {
    let scanner = Scanner::new(pack);
    let allowlist = Allowlist::new(pack, jiff::Zoned::now().date());
    let relative = path.to_string_lossy().replace('\\', "/");
    let file = FileToCheck {
        path,
        relative: &relative,
        text,
        names_present: true,
        keep_source: false,
    };
    check_text(&scanner, &allowlist, &file, None).findings
}

/// Runs the check of one file so that a panic (a bug) makes the scan
/// incomplete — an error naming the file, exit 2 — rather than silently
/// shorter.
fn guarded<T>(relative: &str, check: impl FnOnce() -> T) -> Result<T, walk::Unreadable> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(check)).map_err(|panic| {
        let reason = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        walk::Unreadable {
            relative: relative.to_string(),
            message: format!("internal error while checking it ({reason}); the scan is incomplete, please report this"),
        }
    })
}

/// The findings of one file, with its masked text.
struct FileResult {
    path: String,
    findings: Vec<Finding>,
    suppressed: Vec<Suppressed>,
    source: Excerpt,
}

/// Where a finding sits, for the allowlist.
struct Whereabouts {
    document: Option<Arc<DocumentFacts>>,
    in_node_service: bool,
}

/// One file's text and what the walk knows of it.
struct FileToCheck<'a> {
    path: &'a Path,
    relative: &'a str,
    text: &'a str,
    names_present: bool,
    /// Keep the masked text for snippets.
    keep_source: bool,
}

fn check_text(
    scanner: &Scanner,
    allowlist: &Allowlist,
    file: &FileToCheck,
    changed: Option<&Option<Vec<RangeInclusive<usize>>>>,
) -> FileResult {
    let (relative, text) = (file.relative, file.text);
    let kind = FileKind::detect(file.path, text);
    let hits = scanner
        .matcher
        .find_in(scanner.pack, text, file.names_present);
    if !may_hold_finding(scanner, kind, text, &hits) {
        return FileResult {
            path: relative.to_string(),
            findings: Vec::new(),
            suppressed: Vec::new(),
            source: Excerpt::default(),
        };
    }
    let mut scan = scanner.scan_hits(kind, text, &hits);
    drop(hits);
    // References are consumed as they are judged: with many findings in one
    // file, memory holds one copy of each, not two.
    let references = std::mem::take(&mut scan.references);
    let mut judged: Vec<Judged> = Vec::with_capacity(references.len());
    for reference in references {
        if let Some(verdict) = rules::judge(scanner.pack, &reference) {
            let verdict = match &reference.decoded {
                Some(how) => rules::Verdict {
                    message: format!("{} ({how})", verdict.message),
                    ..verdict
                },
                None => verdict,
            };
            judged.push(Judged {
                span: reference.hit.span,
                locator: reference.locator,
                value: reference.written,
                verdict,
                whereabouts: Whereabouts {
                    document: reference.document,
                    in_node_service: reference.in_node_service,
                },
            });
        }
    }
    for list in &scan.lists {
        for (span, value, verdict) in rules::candidate_set::judge(scanner.pack, list) {
            let whereabouts = Whereabouts {
                document: None,
                in_node_service: false,
            };
            judged.push(Judged {
                span,
                locator: list.name.clone(),
                value,
                verdict,
                whereabouts,
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
        let whereabouts = Whereabouts {
            document: None,
            in_node_service: false,
        };
        judged.push(Judged {
            span: at..at,
            locator: String::new(),
            value: String::new(),
            verdict,
            whereabouts,
        });
    }
    // One span gets at most one rule's findings: the most specific rule's.
    judged.sort_by_key(|j| (j.span.start, j.span.end, rules::precedence(j.verdict.rule)));
    // Sorted so: the first verdict of each span holds the winning precedence.
    let mut winner: Option<(Range<usize>, usize)> = None;
    judged.retain(|j| {
        let precedence = rules::precedence(j.verdict.rule);
        match &winner {
            Some((span, best)) if *span == j.span => precedence == *best,
            _ => {
                winner = Some((j.span.clone(), precedence));
                true
            }
        }
    });

    let lines = LineIndex::new(text);
    let mut fingerprints = Fingerprints::default();
    let findings: Vec<(Finding, Whereabouts)> = judged
        .into_iter()
        .map(|j| {
            let verdict = j.verdict;
            let finding = Finding {
                rule: verdict.rule,
                severity: verdict.severity,
                path: relative.to_string(),
                start: lines.position(text, j.span.start),
                end: lines.position(text, j.span.end),
                fingerprint: fingerprints.next(verdict.rule.id, relative, &j.locator, &j.value),
                span: j.span,
                message: verdict.message,
                label: verdict.label,
                help: verdict.help,
                locator: j.locator,
                value: j.value,
            };
            (finding, j.whereabouts)
        })
        .collect();

    let suppressions = inline::parse(text);
    // A finding on a suppression comment itself (`topolint: allow(…) reason`).
    let on_comment = |rule: &'static rules::Rule,
                      suppression: &inline::Suppression,
                      message: &dyn Fn(&str) -> String,
                      label: &str,
                      help: &str| {
        let written = text[suppression.span.clone()].trim_end().to_string();
        let span = suppression.span.start..suppression.span.start + written.len();
        Finding {
            rule,
            severity: rule.severity,
            path: relative.to_string(),
            start: lines.position(text, span.start),
            end: lines.position(text, span.end),
            span,
            message: message(&written),
            label: label.to_string(),
            help: help.to_string(),
            fingerprint: fingerprint(rule.id, relative, &written, "", 0),
            locator: written,
            value: String::new(),
        }
    };
    let (findings, mut suppressed, unused) = inline::apply(
        findings,
        &suppressions,
        |suppression, why| {
            let help = "remove it, or name the rule that fires here and say why: topolint: allow(RULE) reason";
            on_comment(
                &rules::unused_suppression::RULE,
                suppression,
                &|_| format!("this suppression {why}"),
                "unused suppression",
                help,
            )
        },
    );
    let mut kept = unused;
    kept.reserve(findings.len());
    if let Some(ranges) = changed {
        // A pull request must not silently exempt itself.
        let help = "reviewers: is this exception right? it hides findings from now on";
        for suppression in suppressions
            .iter()
            .filter(|s| touches(ranges, s.line..=s.line))
        {
            let message =
                |written: &str| format!("this change adds an inline suppression: {written}");
            kept.push(on_comment(
                &rules::new_exception::RULE,
                suppression,
                &message,
                "new exception",
                help,
            ));
        }
    }
    let mut contains_cache = Vec::new();
    for (finding, whereabouts) in findings {
        let place = Place {
            path: relative,
            text,
            document: whereabouts.document.as_deref(),
            in_node_service: whereabouts.in_node_service,
        };
        match allowlist.judge(finding, &place, &mut contains_cache) {
            Outcome::Kept(finding) => kept.push(finding),
            Outcome::Hidden(hidden) => suppressed.push(hidden),
        }
    }

    let source = if !file.keep_source || (kept.is_empty() && suppressed.is_empty()) {
        Excerpt::default()
    } else {
        let shown = || kept.iter().chain(suppressed.iter().map(|s| &s.finding));
        let keep: Vec<Range<usize>> = shown().map(|f| f.span.clone()).collect();
        let mut numbers: Vec<usize> = shown().flat_map(|f| f.start.line..=f.end.line).collect();
        numbers.sort_unstable();
        numbers.dedup();
        Excerpt::new(
            text,
            &lines.starts,
            &numbers,
            &scan.secrets,
            &keep,
            &scan.opaque,
        )
    };
    FileResult {
        path: relative.to_string(),
        findings: kept,
        suppressed,
        source,
    }
}

/// Whether a file that passed the prefilter can yield any finding: most name
/// only the load balancer, rightly, and need no parsing. Anything that may
/// change that keeps the file: an address that may be wrong, a
/// leader-discovery list, Secret data (which may hide any address), a
/// suppression comment (which may be unused).
fn may_hold_finding(scanner: &Scanner, kind: FileKind, text: &str, hits: &[address::Hit]) -> bool {
    let pack = scanner.pack;
    let mut port_pair = None;
    let may_be_wrong = |hit: &address::Hit| {
        !rules::is_right_without_port(pack, hit)
            || scanner.ports.may_disagree(pack, text, hit.span.clone())
            || *port_pair.get_or_insert_with(|| scanner.ports.pair_in(text))
    };
    hits.iter().any(may_be_wrong)
        || pack.candidates.may_appear_in(text)
        || (kind == FileKind::Yaml && scan::may_hold_secret(text.as_bytes()))
        || inline::may_hold_suppression(text)
}

/// A verdict with where it points, before positions and fingerprints.
struct Judged {
    span: Range<usize>,
    locator: String,
    value: String,
    verdict: rules::Verdict,
    whereabouts: Whereabouts,
}

/// Fingerprints with occurrence indexes: the n-th finding of the same rule,
/// locator and value in a file.
#[derive(Default)]
struct Fingerprints {
    seen: HashMap<(&'static str, String, String), usize>,
}

impl Fingerprints {
    fn next(&mut self, rule: &'static str, path: &str, locator: &str, value: &str) -> String {
        let occurrence = self
            .seen
            .entry((rule, locator.to_string(), value.to_string()))
            .or_default();
        let fingerprint = fingerprint(rule, path, locator, value, *occurrence);
        *occurrence += 1;
        fingerprint
    }
}

/// A repository allowlist entry that allowed nothing in a full scan.
fn unused_allow_entries(pack: &Pack, allowlist: &Allowlist, root: &Path) -> Vec<Finding> {
    let rule = &rules::unused_allow::RULE;
    pack.allow
        .iter()
        .zip(&allowlist.uses)
        .filter(|(_, uses)| uses.load(Ordering::Relaxed) == 0)
        .filter_map(|(entry, _)| {
            let (file, line) = entry.location.clone()?;
            let path = walk::relative_to(root, Path::new(&file));
            let message = format!(
                "this [[allow]] entry allowed nothing in a full scan (reason: {})",
                entry.reason
            );
            Some(Finding::on_line(
                rule,
                &path,
                line,
                &entry.reason,
                message,
                "delete the entry, or narrow it to what it is meant to allow",
            ))
        })
        .collect()
}

fn read_error(unreadable: walk::Unreadable) -> Finding {
    let rule = &rules::read_error::RULE;
    let path = if unreadable.relative.is_empty() {
        ".".to_string()
    } else {
        unreadable.relative
    };
    let message = format!("cannot read {path}: {}", unreadable.message);
    Finding::on_line(
        rule,
        &path,
        1,
        "",
        message,
        "the scan is incomplete: make the file readable, or exclude it in the pack",
    )
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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::{Pack, Scanner, check_source, may_hold_finding};
    use crate::scan::FileKind;

    fn rules_in(pack: &Pack, path: &str, text: &str) -> Vec<&'static str> {
        check_source(pack, Path::new(path), text)
            .iter()
            .map(|finding| finding.rule.id)
            .collect()
    }

    fn needs_parsing(pack: &Pack, path: &str, text: &str) -> bool {
        let scanner = Scanner::new(pack);
        let hits = scanner.matcher.find(pack, text);
        may_hold_finding(
            &scanner,
            FileKind::detect(Path::new(path), text),
            text,
            &hits,
        )
    }

    #[test]
    fn the_load_balancer_named_rightly_is_not_parsed() {
        let pack = Pack::builtin().expect("the built-in pack is valid");
        for (path, text) in [
            ("app.env", "DB_HOST=10.0.0.10\nDB_PORT=${PORT}\n"),
            (
                "deploy.sh",
                "DB_HOST=\"${DB_HOST:-10.0.0.10}\"\npsql -h \"$DB_HOST\" -p 5432\n",
            ),
            (
                "values.yaml",
                "db:\n  host: 10.0.0.10\n  port: 80\n  containerPort: 8080\n",
            ),
            ("nginx.conf", "upstream app { server 10.0.0.10:8080; }\n"),
            (
                "kustomization.yaml",
                "kind: ExternalSecret\nhost: 10.0.0.10\n",
            ),
            ("notes.cfg", "no address here: 10.0.0.1000 10.0.0.10.5\n"),
        ] {
            assert!(!needs_parsing(&pack, path, text), "{path}: {text:?}");
        }
        // Not parsed, so no parse-error note either: nothing in it to report.
        assert!(
            rules_in(
                &pack,
                "templates/db.yaml",
                "{{- if .Values.db }}\nlb: 10.0.0.10\n{{- end }}\n"
            )
            .is_empty()
        );
        assert_eq!(
            rules_in(
                &pack,
                "templates/db.yaml",
                "{{- if .Values.db }}\nlb: 10.0.0.121\n{{- end }}\n"
            ),
            ["parse-error", "node-address"]
        );
    }

    #[test]
    fn what_can_make_the_load_balancer_wrong_gets_it_parsed() {
        let pack = Pack::builtin().expect("the built-in pack is valid");
        for (path, text, expected) in [
            (
                ".env",
                "DATABASE_URL=postgresql://app@10.0.0.10:6379/app\n",
                vec!["cross-service"],
            ),
            (
                ".env",
                "DATABASE_URL=postgresql://app@10.0.0.10:06379/app\n",
                vec!["cross-service"],
            ),
            (
                ".env",
                "DATABASE_URL=\"host=10.0.0.10 port=6379 dbname=app\"\n",
                vec!["cross-service"],
            ),
            (
                ".env",
                "DATABASE_URL=\"port = '+6379' host=10.0.0.10\"\n",
                vec!["cross-service"],
            ),
            (
                "probe.sh",
                "CANDIDATE_IPS=(10.0.0.10)\npsql -c 'select 1'\n",
                vec!["candidate-set"; 4],
            ),
            (
                ".env",
                "DB_HOST=10.0.0.10 # topolint: allow(node-address) legacy\n",
                vec!["unused-suppression"],
            ),
            (
                "secret.yaml",
                // DATABASE_URL: postgresql://app@10.0.0.121:5432/app
                "kind: Secret\ndata:\n  DATABASE_URL: cG9zdGdyZXNxbDovL2FwcEAxMC4wLjAuMTIxOjU0MzIvYXBw\nhost: 10.0.0.10\n",
                vec!["node-address"],
            ),
        ] {
            assert!(needs_parsing(&pack, path, text), "{path}: {text:?}");
            assert_eq!(rules_in(&pack, path, text), expected, "{path}: {text:?}");
        }
    }

    /// The triage's promise, checked on generated text: whatever it lets go
    /// unparsed holds no finding when parsed.
    #[test]
    fn what_is_not_parsed_holds_no_finding() {
        const FRAGMENTS: &[&str] = &[
            "10.0.0.10",
            "10.0.0.10:6379",
            "10.0.0.10:5432",
            "10.0.0.10:06379",
            "10.0.0.10:63",
            "79",
            "port=6379",
            "port = 5432",
            "PORT=+6379",
            "\"port\": 6379",
            "'port': '5432'",
            "port: 6379",
            "port:",
            " 6379",
            "{port: 6379",
            ",port: 5432",
            "listen_port = 6432",
            "host=",
            "DATABASE_URL=\"host=",
            "REDIS_URL=host=",
            " port=5432\"",
            "host: ",
            "REDIS_URL=",
            "DATABASE_URL=",
            "PGHOST=",
            "REDIS_HOST: ",
            "redis://",
            "jdbc:postgresql://",
            "x:redis://",
            "${X:-",
            "postgresql://app:pw@",
            "psql -h ",
            "psql \"",
            "redis-cli -h ",
            "vault write database/config/x plugin_name=redis-database-plugin connection_url=",
            "\"",
            "'",
            "\n",
            "\n  ",
            " ",
            "- ",
            ": ",
            "=",
            "|\n  ",
            "${DSN:-",
            "}",
            "(",
            ")",
            ",",
            ";",
            "\\\n",
            "sslmode=require ",
            "cat > f <<EOF\n",
            "\nEOF\n",
            "echo ",
            "# ",
            "export ",
            "key: \"",
            "redis:\n  ",
            "database:\n  ",
            "env:\n  - name: REDIS_HOST\n    value: ",
            "kind: ConfigMap\ndata:\n  conf: |\n    ",
            "---\n",
            "[",
            "]",
        ];
        let pack = Pack::builtin().expect("the built-in pack is valid");
        let scanner = Scanner::new(&pack);
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |bound: usize| {
            // xorshift64: deterministic, no dependency
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            usize::try_from(state % bound as u64).unwrap_or_default()
        };
        let mut unparsed = 0;
        for case in 0..20_000 {
            let count = 3 + next(14);
            let text: String = (0..count)
                .map(|_| FRAGMENTS[next(FRAGMENTS.len())])
                .collect();
            let path = ["app.env", "values.yaml", "run.sh", "app.conf"][case % 4];
            let kind = FileKind::of(Path::new(path));
            let hits = scanner.matcher.find(&pack, &text);
            if may_hold_finding(&scanner, kind, &text, &hits) {
                continue;
            }
            unparsed += 1;
            let scan = scanner.scan_hits(kind, &text, &hits);
            let wrong = scan
                .references
                .iter()
                .any(|r| crate::rules::judge(&pack, r).is_some())
                || scan
                    .lists
                    .iter()
                    .any(|list| !crate::rules::candidate_set::judge(&pack, list).is_empty());
            assert!(
                !wrong,
                "{path} was not parsed but holds a finding: {text:?}"
            );
        }
        assert!(
            unparsed > 500,
            "the generator must exercise the triage ({unparsed} cases)"
        );
    }

    #[test]
    fn an_endpoint_that_serves_one_service_is_parsed_wherever_it_is() {
        let pack = Pack::from_toml(
            ".topolint.toml",
            "extends = \"keybuzz\"\n[[endpoint]]\nname = \"pg\"\naddress = \"10.0.0.20\"\nports = { postgres = 5432 }\n",
        )
        .expect("the pack is valid");
        let text = "REDIS_HOST=10.0.0.20\n";
        assert!(needs_parsing(&pack, ".env", text));
        assert_eq!(rules_in(&pack, ".env", text), ["cross-service"]);
    }

    #[test]
    fn a_panic_while_checking_a_file_is_an_error_not_a_silent_skip() {
        let outcome: Result<(), _> =
            super::guarded("deploy/app.env", || panic!("index out of range"));
        let unreadable = outcome.expect_err("the panic is caught");
        assert_eq!(unreadable.relative, "deploy/app.env");
        assert!(
            unreadable.message.contains("index out of range")
                && unreadable.message.contains("incomplete")
        );
        let finding = super::read_error(unreadable);
        assert_eq!(
            finding.rule.id, "read-error",
            "read errors make the run exit 2"
        );
    }
}
