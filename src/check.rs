//! A whole check, and one file's stages: read → triage → scan → judge →
//! locate → suppress → excerpt. The walk runs files in parallel; each file is
//! checked on its own, under a guard that turns a panic (a bug) into an
//! error naming the file, never a silently shorter scan.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ops::{Range, RangeInclusive};
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use crate::address::Hit;
use crate::finding::{Finding, Fingerprint, Fingerprints, LineIndex, Report, Suppressed};
use crate::pack::Pack;
use crate::prefilter::{NameSearch, Presence, Triage, may_hold_hidden_references};
use crate::redact::Excerpt;
use crate::rules::selection::Selection;
use crate::rules::{self, Judged};
use crate::scan::{
    self, DockerProjects, Enclosure, FileKind, FileScan, Scanner, Secrets, TemplatedProjects,
};
use crate::suppress::allow::{Allowlist, FileVerdicts, Outcome, Place};
use crate::suppress::{baseline, inline};
use crate::walk::{self, Walker, lock};

/// What to check and how.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// Files and directories to check.
    pub paths: Vec<PathBuf>,
    /// Paths in findings are relative to it.
    pub root: PathBuf,
    pub jobs: usize,
    /// The whole repository is checked: unused allowlist entries are reported.
    pub full_scan: bool,
    /// Fingerprints of known findings to hide, and the file they come from.
    pub baseline: Option<(HashSet<Fingerprint>, String)>,
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
    /// Exceptions the change under review adds to the pack or the baseline
    /// (`new-exception`), found before the scan.
    pub new_exceptions: Vec<Finding>,
    /// Keep the masked text of files with findings, for snippets (human output only).
    pub keep_sources: bool,
    /// Keep the findings exceptions hid, for `--show-suppressed`; otherwise
    /// a file whose findings are all allowed needs no masking at all.
    pub keep_suppressed: bool,
    /// `--select`: report only these rules (and `read-error`).
    pub select: Option<Vec<&'static str>>,
    /// `--ignore`: do not report these rules.
    pub ignore: Vec<&'static str>,
}

/// Changed line ranges (1-based, inclusive) per relative path; `None`: all of it.
pub type LineFilter = HashMap<String, ChangedRanges>;

/// The changed lines of one file; `None`: all of it.
pub type ChangedRanges = Option<Vec<RangeInclusive<usize>>>;

impl CheckOptions {
    /// Options for checking `paths` under `root` with defaults for the rest.
    pub fn new(paths: Vec<PathBuf>, root: PathBuf) -> Self {
        CheckOptions {
            paths,
            root,
            jobs: 1,
            full_scan: false,
            baseline: None,
            today: today_utc(),
            own_files: Vec::new(),
            contents: None,
            changed: None,
            force_exclude: false,
            new_exceptions: Vec::new(),
            keep_sources: true,
            keep_suppressed: true,
            select: None,
            ignore: Vec::new(),
        }
    }
}

/// Today's date in UTC, the calendar `[[allow]]` expiry dates are in (and
/// no time zone database to load).
fn today_utc() -> jiff::civil::Date {
    jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
}

/// Whether a finding spanning `lines` touches the changed `ranges`.
fn touches(ranges: &ChangedRanges, lines: RangeInclusive<usize>) -> bool {
    match ranges {
        None => true,
        Some(ranges) => ranges
            .iter()
            .any(|r| r.start() <= lines.end() && lines.start() <= r.end()),
    }
}

/// Everything one file's check needs besides the file: built once per run.
struct Checker<'p> {
    scanner: Scanner<'p>,
    triage: Triage,
    allowlist: Allowlist<'p>,
    keep_sources: bool,
    keep_suppressed: bool,
    /// When judging a change of the topology: the base's judgement, which
    /// a finding must not be part of to be reported.
    base: Option<BaseJudge<'p>>,
    /// The compose files and scripts that read each directory's dotenv
    /// files (`${NAME}` interpolation, `env_file:`, `--env-file`).
    docker: DockerProjects,
    /// The templates, tasks and manifests that read each Ansible or Puppet
    /// project's variables files (`{{ name }}`, `<%= @name %>`).
    templated: TemplatedProjects,
}

/// The base's side of a change of the topology.
struct BaseJudge<'p> {
    difference: TopologyDifference,
    /// Both packs have the same services: the head's scan, its addresses
    /// resolved by the base, is what the base would read.
    same_services: bool,
    checker: Box<Checker<'p>>,
}

impl<'p> Checker<'p> {
    fn new(pack: &'p Pack, today: jiff::civil::Date, keep_sources: bool) -> Self {
        Checker {
            scanner: Scanner::new(pack),
            triage: Triage::new(pack),
            allowlist: Allowlist::new(pack, today),
            keep_sources,
            keep_suppressed: true,
            base: None,
            docker: DockerProjects::default(),
            templated: TemplatedProjects::default(),
        }
    }

    /// Keeps the findings of `file` the base does not give: only those the
    /// change may have made are judged again, by re-resolving the head's
    /// `scan` with the base's pack (or, where their services differ, by a
    /// check of the file with it).
    fn without_base_findings(
        &self,
        file: &SourceFile,
        scan: Option<FileScan>,
        lines: &LineIndex,
        changed: Option<&ChangedRanges>,
        kept: &mut Vec<Finding>,
        suppressed: &mut Vec<Suppressed>,
    ) {
        let Some(base) = &self.base else {
            return;
        };
        let pack = self.scanner.pack;
        kept.retain(|f| base.difference.may_differ(pack, file.text, f));
        suppressed.clear();
        if kept.is_empty() {
            return;
        }
        let known: HashSet<Fingerprint> = match scan {
            Some(mut scan) => {
                let base_pack = base.checker.scanner.pack;
                let judged = rules::judge_file(base_pack, file.text, &mut scan);
                locate(file.relative, lines, judged)
                    .into_iter()
                    .map(|(f, _)| f.fingerprint)
                    .collect()
            }
            None => {
                // The base's own prefilter saw other names: read them all.
                let all_names = SourceFile {
                    presence: Presence {
                        hostnames: true,
                        ..file.presence
                    },
                    ..*file
                };
                base.checker
                    .check_file(&all_names, changed)
                    .findings
                    .iter()
                    .map(|f| f.fingerprint)
                    .collect()
            }
        };
        kept.retain(|f| !known.contains(&f.fingerprint));
    }
}

/// Runs the whole check with `pack`.
pub fn check(pack: &Pack, options: &CheckOptions) -> Report {
    run(pack, options, None).0
}

/// What a change of the topology makes wrong, and every text file the walk
/// read (relative to the root) that the caller did not know, so that it
/// can tell new files without walking again.
pub struct TopologyCheck {
    pub report: Report,
    pub files_unknown: Vec<String>,
}

/// Whether a file (relative to the root) is known to the caller already.
pub type Known<'a> = &'a (dyn Fn(&str) -> bool + Sync);

/// The findings `pack` gives that `base` does not give in the same file
/// (by fingerprint): one walk, each file with a finding judged with both
/// while its text is in memory. What a change of the topology makes wrong.
pub fn check_changes(
    pack: &Pack,
    base: &Pack,
    options: &CheckOptions,
    known: Known,
) -> TopologyCheck {
    let (report, files_unknown) = run(pack, options, Some((base, known)));
    TopologyCheck {
        report,
        files_unknown,
    }
}

/// The report, and when judging a change (`base`) the files read that
/// were not known.
fn run(pack: &Pack, options: &CheckOptions, base: Option<(&Pack, Known)>) -> (Report, Vec<String>) {
    let started = Instant::now();
    let (mut checker, base_judge) = std::thread::scope(|scope| {
        // The base's checker is built beside the head's.
        let base_judge = base.map(|(base, _)| {
            scope.spawn(move || BaseJudge {
                difference: TopologyDifference::between(base, pack),
                same_services: base
                    .services
                    .iter()
                    .map(|s| &s.name)
                    .eq(pack.services.iter().map(|s| &s.name)),
                checker: Box::new(Checker::new(base, options.today, false)),
            })
        });
        let checker = Checker::new(pack, options.today, options.keep_sources);
        let base_judge = base_judge.map(|building| {
            building
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        });
        (checker, base_judge)
    });
    checker.keep_suppressed = options.keep_suppressed;
    checker.base = base_judge;
    let walker = Walker::new(
        pack,
        &options.root,
        options.jobs,
        &options.own_files,
        options.force_exclude,
    );
    let walker = match base {
        Some((_, known)) => walker.listing(known),
        None => walker,
    };
    let results: Mutex<Vec<FileResult>> = Mutex::new(Vec::new());
    let failures: Mutex<Vec<walk::Unreadable>> = Mutex::new(Vec::new());

    let visit = |file: walk::WalkedFile| {
        let changed = match &options.changed {
            Some(filter) => match filter.get(&file.relative) {
                Some(ranges) => Some(ranges),
                None => return, // outside the diff: not parsed at all
            },
            None => None,
        };
        // Valid UTF-8 (nearly every config) is borrowed as is; only invalid input is copied.
        let text = match std::str::from_utf8(file.bytes) {
            Ok(text) => Cow::Borrowed(text),
            Err(_) => String::from_utf8_lossy(file.bytes),
        };
        let source = SourceFile {
            path: file.path,
            relative: &file.relative,
            text: &text,
            presence: file.presence,
        };
        let judged = guarded(&file.relative, || checker.check_file(&source, changed));
        match judged {
            Ok(result) if result.findings.is_empty() && result.suppressed.is_empty() => {}
            Ok(result) => lock(&results).push(result),
            Err(unreadable) => lock(&failures).push(unreadable),
        }
    };
    let mut summary = match &options.contents {
        Some(contents) => walker.run_contents(contents, &visit),
        None => walker.run(&options.paths, &visit),
    };
    let files_unknown = std::mem::take(&mut summary.read);

    let mut report = Report {
        files_checked: summary.files_checked,
        files_skipped: summary.files_skipped,
        notes: summary.notes,
        ..Report::default()
    };
    let failures = failures
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner);
    for unreadable in summary.unreadable.into_iter().chain(failures) {
        report.findings.push(rules::read_error::finding(unreadable));
    }
    let results = results.into_inner().unwrap_or_else(PoisonError::into_inner);
    for result in results {
        if options.keep_sources {
            report.sources.insert(result.path, result.source);
        }
        // The first file's vectors are taken, not copied.
        if report.findings.is_empty() {
            report.findings = result.findings;
        } else {
            report.findings.extend(result.findings);
        }
        report.suppressed.extend(result.suppressed);
    }
    if let Some(filter) = &options.changed {
        report.findings.retain(|f| {
            f.rule.id == rules::read_error::RULE.id
                || filter.get(&*f.path).is_some_and(|ranges| {
                    touches(ranges, f.start.line as usize..=f.end.line as usize)
                })
        });
    }
    if options.full_scan {
        report.findings.extend(unused_allow_entries(
            pack,
            &checker.allowlist,
            &options.root,
        ));
    }
    report
        .findings
        .extend(options.new_exceptions.iter().cloned());
    if options.keep_sources {
        show_own_lines(&mut report, &options.root);
    }
    if let Some((fingerprints, file)) = &options.baseline {
        let findings = std::mem::take(&mut report.findings);
        let (new, known) = baseline::apply(findings, fingerprints, file);
        report.findings = new;
        report.suppressed.extend(known);
    }
    // Last, so that exceptions are judged against every finding: an
    // exception for a rule a run leaves out is not "unused".
    Selection::new(pack, options.select.clone(), options.ignore.clone()).apply(&mut report);
    let order = |f: &Finding| (f.path.clone(), f.start, f.rule.id);
    report.findings.sort_by_key(order);
    report.suppressed.sort_by_key(|s| order(&s.finding));
    report.incomplete = report
        .findings
        .iter()
        .any(|f| f.rule.id == rules::read_error::RULE.id);
    report.elapsed = started.elapsed();
    report.pack = pack.describe();
    (report, files_unknown)
}

/// The findings of one text read as the file at `path` (its kind from the
/// name and shebang), allowlist and inline suppressions applied: the whole
/// judgement of one file, without walking. Used by fuzzers and embedders.
pub fn check_source(pack: &Pack, path: &Path, text: &str) -> Vec<Finding> {
    let checker = Checker::new(pack, today_utc(), false);
    let relative = path.to_string_lossy().replace('\\', "/");
    let source = SourceFile {
        path,
        relative: &relative,
        text,
        presence: Presence::unknown(text),
    };
    checker.check_file(&source, None).findings
}

/// What differs between two topologies: hosts whose role changed (added,
/// retired, renamed, moved to another service or cluster, other ports) and
/// clusters whose node set changed or that gained or lost an endpoint. A
/// finding that involves neither is the same under both, and need not be
/// judged twice.
struct TopologyDifference {
    hosts: HashSet<String>,
    /// The clusters whose node set changed, each with its fewest nodes in
    /// either topology; 0 for one that gained or lost its endpoint.
    clusters: HashMap<(String, String), usize>,
    /// The private networks differ: an unknown address may be judged apart.
    networks: bool,
}

impl TopologyDifference {
    fn between(base: &Pack, head: &Pack) -> TopologyDifference {
        let mut hosts = HashSet::new();
        let all = |pack: &Pack| -> Vec<String> {
            pack.addresses()
                .map(|a| a.to_string())
                .chain(pack.hostnames().map(|(name, _)| name.to_string()))
                .collect()
        };
        for host in all(base).into_iter().chain(all(head)) {
            let old = base.role_of_host(&host).map(|r| base.describe_role(r));
            let new = head.role_of_host(&host).map(|r| head.describe_role(r));
            if old != new {
                hosts.insert(host.to_ascii_lowercase());
            }
        }
        let members = |pack: &Pack| -> HashMap<(String, String), Vec<String>> {
            let mut clusters: HashMap<(String, String), Vec<String>> = HashMap::new();
            for node in &pack.nodes {
                let key = (
                    pack.services[node.service].name.clone(),
                    node.cluster.clone(),
                );
                clusters.entry(key).or_default().push(node.name.clone());
            }
            clusters
        };
        let (old, new) = (members(base), members(head));
        let size = |clusters: &HashMap<_, Vec<String>>, key| clusters.get(key).map_or(0, Vec::len);
        // With an endpoint or without one, a connection to a node is judged
        // apart (a pin, or a seed that must list every node): then any
        // reference to its nodes may differ, as if it had no node.
        let has_endpoint = |pack: &Pack, (service, cluster): &(String, String)| {
            pack.service_id(service)
                .is_some_and(|id| pack.cluster_has_endpoint(id, cluster))
        };
        let clusters = old
            .keys()
            .chain(new.keys())
            .filter_map(|key| {
                if has_endpoint(base, key) != has_endpoint(head, key) {
                    Some((key.clone(), 0))
                } else if old.get(key) != new.get(key) {
                    Some((key.clone(), size(&old, key).min(size(&new, key))))
                } else {
                    None
                }
            })
            .collect();
        TopologyDifference {
            hosts,
            clusters,
            networks: base.private_networks != head.private_networks,
        }
    }

    /// Whether `finding` (of `head`, in `text`) may not be the base's: a
    /// list's finding, one on a changed host, or on a node of a changed
    /// cluster (a node set may have become a pin).
    fn may_differ(&self, head: &Pack, text: &str, finding: &Finding) -> bool {
        if finding.rule.id == rules::candidate_set::RULE.id {
            return true;
        }
        let Some(written) = text.get(finding.span.clone()) else {
            return true;
        };
        self.host_may_differ(head, written)
    }

    /// Whether a file whose addresses are `hits` may hold a finding the base
    /// does not give: a hit on a changed host, a node set of a changed
    /// cluster (two of its nodes; one where the cluster has a single node,
    /// which alone is its whole set), a list (judged against node sets), or
    /// Secret data (which may hide any address). A file with none is judged
    /// alike by both topologies, and needs no reading at all: a lone pin to
    /// a node is a pin whatever the node's peers.
    fn may_touch(
        &self,
        head: &Pack,
        file: &SourceFile,
        kind: FileKind,
        hits: &[Hit],
        list_names: &NameSearch,
    ) -> bool {
        let mut first_node_of_cluster: HashMap<&(String, String), usize> = HashMap::new();
        // A node alone is a set where its cluster has at most one node.
        let set_may_differ = hits.iter().any(|hit| {
            let Some(written) = file.text.get(hit.span.clone()) else {
                return true;
            };
            match self.host_change(head, written) {
                HostChange::Changed => true,
                HostChange::Unchanged => false,
                HostChange::InChangedCluster {
                    cluster,
                    node,
                    fewest,
                } => fewest <= 1 || *first_node_of_cluster.entry(cluster).or_insert(node) != node,
            }
        });
        set_may_differ || may_hold_hidden_references(list_names, kind, file.text, file.presence)
    }

    /// Whether a reference to `written` (a host as written) may be judged
    /// differently: a changed host, or a node of a changed cluster (a node
    /// set may have become a pin).
    fn host_may_differ(&self, head: &Pack, written: &str) -> bool {
        !matches!(self.host_change(head, written), HostChange::Unchanged)
    }

    /// How the change touches `written` (a host as written): a changed
    /// role, an unknown address where the private networks moved, or no
    /// host at all (base64 data, a whole list) are `Changed`.
    fn host_change<'d>(&'d self, head: &Pack, written: &str) -> HostChange<'d> {
        let host = written.to_ascii_lowercase();
        if self.hosts.contains(&host) {
            return HostChange::Changed;
        }
        match head.role_of_host(&host) {
            Some(crate::pack::Role::Node(n)) => {
                let node = &head.nodes[n];
                let key = (
                    head.services[node.service].name.clone(),
                    node.cluster.clone(),
                );
                match self.clusters.get_key_value(&key) {
                    Some((cluster, &fewest)) => HostChange::InChangedCluster {
                        cluster,
                        node: n,
                        fewest,
                    },
                    None => HostChange::Unchanged,
                }
            }
            Some(_) => HostChange::Unchanged,
            None if crate::address::parse_ipv4(&host).is_none_or(|_| self.networks) => {
                HostChange::Changed
            }
            None => HostChange::Unchanged,
        }
    }
}

/// How a change of the topology touches one host.
enum HostChange<'d> {
    Changed,
    /// A node (its index in the head's pack) of a cluster whose node set
    /// changed, or that gained or lost its endpoint (`fewest` 0).
    InChangedCluster {
        cluster: &'d (String, String),
        node: usize,
        /// The cluster's fewest nodes in either topology.
        fewest: usize,
    },
    Unchanged,
}

/// `text` read as the file at `path` with every secret masked (`***`), for
/// output that shows whole files (the diff of `topolint fix`).
pub fn masked_source(pack: &Pack, path: &Path, text: &str) -> String {
    let scanner = Scanner::new(pack);
    let kind = FileKind::detect(path, text);
    let scan = scanner.scan(kind, text);
    let secrets = Secrets::find(pack, kind, text, &scan.secrets);
    crate::redact::Redacted::new(text, &secrets.ranges, &[], &scan.opaque).text
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

/// One file's text and what the walk knows of it.
struct SourceFile<'a> {
    path: &'a Path,
    relative: &'a str,
    text: &'a str,
    /// What the prefilter saw in it.
    presence: Presence,
}

/// Whether a file's judgement reads the files that read its values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    Project,
    /// Judging a use of another file's value: no further reading.
    FileAlone,
}

/// The findings of one file, with its masked text.
struct FileResult {
    path: String,
    findings: Vec<Finding>,
    suppressed: Vec<Suppressed>,
    source: Excerpt,
}

impl Checker<'_> {
    fn check_file(&self, file: &SourceFile, changed: Option<&ChangedRanges>) -> FileResult {
        self.check_file_reading(file, changed, Reading::Project)
    }

    /// The judgement of `file`; `reading` says whether the files that read
    /// its values (compose files, templates) are read to judge them.
    fn check_file_reading(
        &self,
        file: &SourceFile,
        changed: Option<&ChangedRanges>,
        reading: Reading,
    ) -> FileResult {
        let pack = self.scanner.pack;
        let (relative, text) = (file.relative, file.text);
        let kind = FileKind::detect(file.path, text);
        let hits = self
            .scanner
            .matcher
            .find_in(pack, text, file.presence.hostnames);
        // A use of a variables file's value, read in another file, is judged
        // whole: what a change of the topology made is asked of the
        // variables file, not of each use.
        let judging_change = reading == Reading::Project;
        let untouched_by_change = judging_change
            && self.base.as_ref().is_some_and(|base| {
                !base
                    .difference
                    .may_touch(pack, file, kind, &hits, &self.scanner.list_names)
            });
        if untouched_by_change
            || !self
                .triage
                .may_hold_finding(&self.scanner, kind, text, file.presence, &hits)
        {
            return FileResult {
                path: relative.to_string(),
                findings: Vec::new(),
                suppressed: Vec::new(),
                source: Excerpt::default(),
            };
        }
        let mut scan = self.scanner.scan_hits(kind, text, &hits);
        drop(hits);
        if scan::describes_node(pack, relative) {
            scan.define_all();
        } else if kind == FileKind::Dotenv {
            self.docker
                .define_read_values(&self.scanner, file.path, &mut scan);
        } else if reading == Reading::Project && kind != FileKind::Shell {
            let judge = |path: &Path, relative: &str, text: &str| {
                let use_site = SourceFile {
                    path,
                    relative,
                    text,
                    presence: Presence::unknown(text),
                };
                self.check_file_reading(&use_site, None, Reading::FileAlone)
                    .findings
                    .into_iter()
                    .map(|f| f.span)
                    .collect()
            };
            self.templated.define_used_values(
                (file.path, relative, kind == FileKind::Yaml),
                text,
                &mut scan,
                pack.parse_budget,
                judge,
            );
        }
        let base_scan = self
            .base
            .as_ref()
            .filter(|base| judging_change && base.same_services)
            .map(|base| scan.resolved_by(base.checker.scanner.pack));
        let judged = rules::judge_file(pack, text, &mut scan);
        let lines = LineIndex::new(text);
        let findings = locate(relative, &lines, judged);
        let (mut kept, mut suppressed) = self.suppress(file, &lines, findings, changed);
        if judging_change {
            self.without_base_findings(
                file,
                base_scan,
                &lines,
                changed,
                &mut kept,
                &mut suppressed,
            );
        }
        if !self.keep_suppressed {
            suppressed.clear();
        }
        if kept.is_empty() && suppressed.is_empty() {
            return FileResult {
                path: relative.to_string(),
                findings: kept,
                suppressed,
                source: Excerpt::default(),
            };
        }
        let secrets = Secrets::find(pack, kind, text, &scan.secrets);
        mask_messages(&secrets, &mut kept, &mut suppressed);
        let source = if self.keep_sources {
            excerpt(text, &lines, &secrets, &scan.opaque, &kept, &suppressed)
        } else {
            Excerpt::default()
        };
        FileResult {
            path: relative.to_string(),
            findings: kept,
            suppressed,
            source,
        }
    }

    /// Applies inline suppressions (reporting unused ones, and new ones on
    /// changed lines), then the allowlist.
    fn suppress(
        &self,
        file: &SourceFile,
        lines: &LineIndex,
        findings: Vec<(Finding, Enclosure)>,
        changed: Option<&ChangedRanges>,
    ) -> (Vec<Finding>, Vec<Suppressed>) {
        let (relative, text) = (file.relative, file.text);
        let suppressions = inline::parse(text, lines);
        let (findings, mut suppressed, unused) =
            inline::apply(findings, &suppressions, text, lines);
        let mut verdicts = FileVerdicts::default();
        // Collected in place (the findings' own vector is reused): with many
        // findings in one file, a second vector would double the peak.
        let mut kept: Vec<Finding> = findings
            .into_iter()
            .filter_map(|(finding, enclosure)| {
                let place = Place {
                    path: relative,
                    text,
                    enclosure: &enclosure,
                };
                match self.allowlist.judge(finding, &place, &mut verdicts) {
                    Outcome::Kept(finding) => Some(finding),
                    Outcome::Hidden(hidden) => {
                        suppressed.push(hidden);
                        None
                    }
                }
            })
            .collect();
        kept.extend(
            unused
                .into_iter()
                .map(|s| rules::unused_suppression::finding(relative, text, lines, s)),
        );
        if let Some(ranges) = changed {
            // A pull request must not silently exempt itself.
            kept.extend(
                suppressions
                    .iter()
                    .filter(|s| touches(ranges, s.line..=s.line))
                    .map(|s| rules::new_exception::on_suppression(relative, text, lines, s)),
            );
        }
        (kept, suppressed)
    }
}

/// Positions and fingerprints for the verdicts of the file at `relative`.
fn locate(relative: &str, lines: &LineIndex, judged: Vec<Judged>) -> Vec<(Finding, Enclosure)> {
    // Fingerprints count occurrences in order, first to last.
    let mut fingerprints = Fingerprints::default();
    let identities: Vec<Fingerprint> = judged
        .iter()
        .map(|j| fingerprints.next(j.rule.id, relative, &j.locator, &j.value))
        .collect();
    drop(fingerprints);
    let path: Arc<str> = Arc::from(relative);
    // Collected in place: the verdicts' own vector holds the findings (see
    // the assertion below), so many findings in one file are not held twice.
    judged
        .into_iter()
        .enumerate()
        .map(|(at, j)| {
            let finding = Finding {
                rule: j.rule,
                severity: j.severity,
                path: path.clone(),
                start: lines.position(j.span.start),
                end: lines.position(j.span.end),
                fingerprint: identities[at],
                span: j.span,
                message: j.message.into_boxed_str(),
                label: j.label,
                help: j.help,
                fix: j.fix,
            };
            (finding, j.enclosure)
        })
        .collect()
}

// `locate` reuses the verdicts' vector only while a finding with its
// enclosure fits in the place of a verdict.
const _: () = assert!(
    std::mem::size_of::<(Finding, Enclosure)>() <= std::mem::size_of::<Judged>()
        && std::mem::align_of::<(Finding, Enclosure)>() == std::mem::align_of::<Judged>()
);

/// Masks the file's secret values where a message, label or reason repeats
/// text of the file (a list member, a suppression comment).
fn mask_messages(secrets: &Secrets, kept: &mut [Finding], suppressed: &mut [Suppressed]) {
    for finding in kept
        .iter_mut()
        .chain(suppressed.iter_mut().map(|s| &mut s.finding))
    {
        if let Some(masked) = secrets.mask(&finding.message) {
            finding.message = masked.into();
        }
        if let Some(masked) = secrets.mask(&finding.label) {
            finding.label = Arc::from(masked);
        }
    }
    for hidden in suppressed {
        if let Some(masked) = secrets.mask(&hidden.reason) {
            hidden.reason = masked;
        }
    }
}

/// The masked lines the findings (kept and hidden) point at, for snippets.
fn excerpt(
    text: &str,
    lines: &LineIndex,
    secrets: &Secrets,
    opaque: &[Range<usize>],
    kept: &[Finding],
    suppressed: &[Suppressed],
) -> Excerpt {
    let shown: Vec<Range<usize>> = kept
        .iter()
        .chain(suppressed.iter().map(|s| &s.finding))
        .map(|f| f.span.clone())
        .collect();
    Excerpt::new(text, &lines.starts, &shown, &secrets.ranges, &shown, opaque)
}

/// Findings on a line of topolint's own files (an `[[allow]]` entry of the
/// pack, an entry of the baseline) point at that line, with its snippet, as
/// findings in scanned files do.
fn show_own_lines(report: &mut Report, root: &Path) {
    let own_rules = [rules::unused_allow::RULE.id, rules::new_exception::RULE.id];
    let mut texts: HashMap<Arc<str>, Option<String>> = HashMap::new();
    let mut shown: HashMap<Arc<str>, Vec<Range<usize>>> = HashMap::new();
    for finding in &mut report.findings {
        let is_own = own_rules.contains(&finding.rule.id)
            && finding.span.is_empty()
            && !report.sources.contains_key(&*finding.path);
        if !is_own {
            continue;
        }
        let text = texts
            .entry(finding.path.clone())
            // A path outside the root is reported as given.
            .or_insert_with(|| {
                std::fs::read_to_string(root.join(&*finding.path))
                    .or_else(|_| std::fs::read_to_string(&*finding.path))
                    .ok()
            });
        let Some(text) = text else {
            continue;
        };
        let lines = LineIndex::new(text);
        let Some(&start) = lines
            .starts
            .get((finding.start.line as usize).saturating_sub(1))
        else {
            continue;
        };
        let end = text[start..].find('\n').map_or(text.len(), |at| start + at);
        let end = start + text[start..end].trim_end().len();
        finding.span = start..end;
        finding.end = lines.position(end);
        shown
            .entry(finding.path.clone())
            .or_default()
            .push(start..end);
    }
    for (path, spans) in shown {
        if let Some(Some(text)) = texts.get(&path) {
            let lines = LineIndex::new(text);
            let excerpt = Excerpt::new(text, &lines.starts, &spans, &[], &[], &[]);
            report.sources.insert(path.to_string(), excerpt);
        }
    }
}

/// A repository allowlist entry that allowed nothing in a full scan (an
/// expired one allows nothing by design: its findings say it expired).
fn unused_allow_entries(pack: &Pack, allowlist: &Allowlist, root: &Path) -> Vec<Finding> {
    pack.allow
        .iter()
        .zip(&allowlist.uses)
        .filter(|(entry, uses)| {
            uses.load(Ordering::Relaxed) == 0 && !entry.is_expired(allowlist.today)
        })
        .filter_map(|(entry, _)| {
            rules::unused_allow::finding(entry, |file| walk::relative_to(root, Path::new(file)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
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
        let finding = crate::rules::read_error::finding(unreadable);
        assert_eq!(
            finding.rule.id, "read-error",
            "read errors make the run exit 2"
        );
    }
}
