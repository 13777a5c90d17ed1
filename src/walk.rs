//! Finding the files to check: a gitignore-aware parallel walk that includes
//! hidden files (`.env` is a dotfile) and skips `.git/`, explicit paths checked
//! even when ignored, size and binary skips, and a byte-level prefilter that
//! drops files holding none of the pack's literals before any parsing.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use ignore::{WalkBuilder, WalkState};

use crate::pack::{Pack, literal_search};
use crate::scan::{self, FileKind};

/// How many leading bytes decide whether a file is binary (a NUL byte there).
const BINARY_PROBE: usize = 8 * 1024;

/// A file that passed the prefilter, read once.
pub struct Candidate<'a> {
    pub path: &'a Path,
    /// Relative to the scan root, `/` separators.
    pub relative: String,
    pub bytes: Vec<u8>,
    /// Whether the file holds any name literal (hostnames, list names): when
    /// it holds none, scanners need not search for hostnames.
    pub names_present: bool,
}

/// A file that could not be read, or a directory that could not be listed.
#[derive(Debug, Clone)]
pub struct Unreadable {
    pub relative: String,
    pub message: String,
}

/// What the walk saw besides the candidates.
#[derive(Debug, Default)]
pub struct WalkSummary {
    /// Files read (including those the prefilter dropped).
    pub files_checked: usize,
    /// Files skipped for size or as binary.
    pub files_skipped: usize,
    /// One line per skipped-for-size file, for the report.
    pub notes: Vec<String>,
    pub unreadable: Vec<Unreadable>,
}

pub struct Walker<'a> {
    pack: &'a Pack,
    root: PathBuf,
    prefilter: Prefilter,
    jobs: usize,
    /// topolint's own files (the active pack, the baseline, the report),
    /// canonicalized: they name nodes by design and are never checked.
    own_files: Vec<PathBuf>,
    /// Apply excludes to explicitly named files too.
    force_exclude: bool,
}

impl<'a> Walker<'a> {
    pub fn new(
        pack: &'a Pack,
        root: &Path,
        jobs: usize,
        own_files: &[PathBuf],
        force_exclude: bool,
    ) -> Self {
        Walker {
            pack,
            root: root.to_path_buf(),
            prefilter: Prefilter::new(&pack.prefilter_literals()),
            jobs: jobs.max(1),
            // Absolute even when missing: a log or report may appear mid-run.
            own_files: pack
                .path
                .iter()
                .chain(own_files)
                .filter_map(|p| p.canonicalize().or_else(|_| std::path::absolute(p)).ok())
                .collect(),
            force_exclude,
        }
    }

    /// Walks `paths` and calls `visit` for every file that may hold a reference.
    pub fn run(&self, paths: &[PathBuf], visit: &(dyn Fn(Candidate) + Sync)) -> WalkSummary {
        let checked = AtomicUsize::new(0);
        let skipped = AtomicUsize::new(0);
        let notes = Mutex::new(Vec::new());
        let unreadable = Mutex::new(Vec::new());
        let record_unreadable = |relative: String, message: String| {
            if let Ok(mut list) = unreadable.lock() {
                list.push(Unreadable { relative, message });
            }
        };
        let process = |path: &Path| {
            if self.is_own_file(path) {
                return;
            }
            match self.read(path) {
                ReadOutcome::Text(bytes) => {
                    checked.fetch_add(1, Ordering::Relaxed);
                    if let Some(names_present) = self.may_hold_reference(path, &bytes) {
                        visit(Candidate {
                            path,
                            relative: self.relative(path),
                            bytes,
                            names_present,
                        });
                    }
                }
                ReadOutcome::Skipped(note) => {
                    skipped.fetch_add(1, Ordering::Relaxed);
                    if let (Some(note), Ok(mut list)) = (note, notes.lock()) {
                        list.push(format!("{}: {note}", self.relative(path)));
                    }
                }
                ReadOutcome::Failed(message) => record_unreadable(self.relative(path), message),
            }
        };

        let mut directories = Vec::new();
        for path in paths {
            match std::fs::symlink_metadata(path) {
                Ok(meta) if meta.is_dir() => directories.push(path.clone()),
                // Named explicitly: checked even if ignored or excluded.
                Ok(meta) if meta.is_file() || meta.file_type().is_symlink() => {
                    if std::fs::metadata(path).is_ok_and(|m| m.is_file())
                        && (!self.force_exclude || self.is_selected(path))
                    {
                        process(path);
                    }
                }
                Ok(_) => {} // FIFOs, sockets, devices: never opened
                Err(error) => record_unreadable(self.relative(path), error.to_string()),
            }
        }

        if let Some((first, rest)) = directories.split_first() {
            let mut builder = WalkBuilder::new(first);
            for directory in rest {
                builder.add(directory);
            }
            builder
                .hidden(false)
                .follow_links(false)
                .require_git(false)
                .threads(self.jobs)
                .filter_entry(|entry| entry.file_name() != ".git");
            builder.build_parallel().run(|| {
                Box::new(|entry| {
                    match entry {
                        Ok(entry) => {
                            let is_file = entry.file_type().is_some_and(|t| t.is_file());
                            if is_file && self.is_selected(entry.path()) {
                                process(entry.path());
                            }
                        }
                        Err(error) => {
                            let (path, message) = describe_walk_error(&error);
                            record_unreadable(
                                path.map_or_else(String::new, |p| self.relative(&p)),
                                message,
                            );
                        }
                    }
                    WalkState::Continue
                })
            });
        }

        let mut summary = WalkSummary {
            files_checked: checked.into_inner(),
            files_skipped: skipped.into_inner(),
            notes: notes.into_inner().unwrap_or_default(),
            unreadable: unreadable.into_inner().unwrap_or_default(),
        };
        summary.notes.sort();
        summary
            .unreadable
            .sort_by(|a, b| a.relative.cmp(&b.relative));
        summary
    }

    fn is_own_file(&self, path: &Path) -> bool {
        self.own_files.iter().any(|own| {
            own.file_name() == path.file_name()
                && (path.canonicalize().is_ok_and(|p| &p == own)
                    || std::path::absolute(path).is_ok_and(|p| &p == own))
        })
    }

    /// Checks given contents (staged blobs) as the files at their paths: the
    /// same own-file, exclude, size, binary and prefilter rules as a walk.
    pub fn run_contents(
        &self,
        contents: &[(PathBuf, Vec<u8>)],
        visit: &(dyn Fn(Candidate) + Sync),
    ) -> WalkSummary {
        let mut summary = WalkSummary::default();
        for (path, bytes) in contents {
            if self.is_own_file(path) || !self.is_selected(path) {
                continue;
            }
            if bytes.len() as u64 > self.pack.max_file_size {
                summary.files_skipped += 1;
                summary.notes.push(format!(
                    "{}: {}",
                    self.relative(path),
                    self.oversize_note(bytes.len() as u64)
                ));
                continue;
            }
            if is_binary(bytes) {
                summary.files_skipped += 1;
                continue;
            }
            summary.files_checked += 1;
            if let Some(names_present) = self.may_hold_reference(path, bytes) {
                visit(Candidate {
                    path,
                    relative: self.relative(path),
                    bytes: bytes.clone(),
                    names_present,
                });
            }
        }
        summary
    }

    /// Include and exclude globs, for files found by walking.
    fn is_selected(&self, path: &Path) -> bool {
        let relative = self.relative(path);
        if self.pack.exclude.is_match(&relative) {
            return false;
        }
        self.pack
            .include
            .as_ref()
            .is_none_or(|include| include.is_match(&relative))
    }

    /// The prefilter: a file holds one of the pack's literals, or is YAML with
    /// a Secret (whose base64 data may hide any address). `Some(names_present)`
    /// for a file worth parsing.
    fn may_hold_reference(&self, path: &Path, bytes: &[u8]) -> Option<bool> {
        let (any, names) = self.prefilter.search(bytes);
        let secret = || FileKind::of(path) == FileKind::Yaml && scan::may_hold_secret(bytes);
        (any || secret()).then_some(names)
    }

    fn read(&self, path: &Path) -> ReadOutcome {
        let file = match std::fs::File::open(path) {
            Ok(file) => file,
            Err(error) => return ReadOutcome::Failed(error.to_string()),
        };
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        if size > self.pack.max_file_size {
            return ReadOutcome::Skipped(Some(self.oversize_note(size)));
        }
        let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
        // Bounded even if the file grows while it is read.
        if let Err(error) = file
            .take(self.pack.max_file_size + 1)
            .read_to_end(&mut bytes)
        {
            return ReadOutcome::Failed(error.to_string());
        }
        if bytes.len() as u64 > self.pack.max_file_size {
            return ReadOutcome::Skipped(Some(format!(
                "skipped: grew over max_file_size ({} bytes) while read",
                self.pack.max_file_size
            )));
        }
        if is_binary(&bytes) {
            return ReadOutcome::Skipped(None);
        }
        ReadOutcome::Text(bytes)
    }

    fn oversize_note(&self, size: u64) -> String {
        format!(
            "skipped: {size} bytes is over max_file_size ({} bytes)",
            self.pack.max_file_size
        )
    }

    /// `path` relative to the scan root with `/` separators (as given when it
    /// lies outside the root).
    pub fn relative(&self, path: &Path) -> String {
        relative_to(&self.root, path)
    }
}

/// A NUL byte in the first 8 KiB: not a text file.
fn is_binary(bytes: &[u8]) -> bool {
    memchr::memchr(0, &bytes[..bytes.len().min(BINARY_PROBE)]).is_some()
}

pub fn relative_to(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    let text = relative.to_string_lossy().replace('\\', "/");
    let text = text.trim_start_matches("./");
    if text.is_empty() {
        ".".to_string()
    } else {
        text.to_string()
    }
}

/// The byte-level prefilter: does a file hold any of the pack's literals?
struct Prefilter {
    /// Every literal (names ASCII case-insensitively) in one byte regex: one
    /// SIMD pass over each file; most files end here.
    any: Option<regex::bytes::Regex>,
    /// The name literals alone, asked only of files that pass.
    names: Option<regex::bytes::Regex>,
}

impl Prefilter {
    fn new(literals: &[String]) -> Self {
        let lower: Vec<String> = literals
            .iter()
            .map(|l| l.to_ascii_lowercase())
            .filter(|l| !l.is_empty())
            .collect();
        let names: Vec<String> = lower
            .iter()
            .filter(|l| l.bytes().any(|b| b.is_ascii_alphabetic()))
            .cloned()
            .collect();
        // The first pass looks for a name's longest run without letters
        // (`-01` of `redis-01`) where it has one of 3 bytes or more: it has no
        // case variants, which slow the SIMD search down.
        let coarse: Vec<String> = lower
            .iter()
            .map(|literal| {
                let run = literal
                    .split(|c: char| c.is_ascii_alphabetic())
                    .max_by_key(|run| run.len())
                    .unwrap_or_default();
                if run.len() >= 3 { run } else { literal }.to_string()
            })
            .collect();
        Prefilter {
            any: literal_search(&minimal(&coarse)),
            names: literal_search(&minimal(&names)),
        }
    }

    /// Whether `bytes` hold any literal, and whether they hold a name literal.
    fn search(&self, bytes: &[u8]) -> (bool, bool) {
        let matches = |regex: &Option<regex::bytes::Regex>| {
            regex.as_ref().is_some_and(|regex| regex.is_match(bytes))
        };
        let any = matches(&self.any);
        (any, any && matches(&self.names))
    }
}

/// `literals` without those that contain another: they add nothing to a search.
fn minimal(literals: &[String]) -> Vec<&String> {
    literals
        .iter()
        .filter(|l| {
            !literals
                .iter()
                .any(|other| other != *l && l.contains(other.as_str()))
        })
        .collect()
}

enum ReadOutcome {
    Text(Vec<u8>),
    /// Binary, or too large (with a note saying so).
    Skipped(Option<String>),
    Failed(String),
}

fn describe_walk_error(error: &ignore::Error) -> (Option<PathBuf>, String) {
    match error {
        ignore::Error::WithPath { path, err } => (Some(path.clone()), describe_walk_error(err).1),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            describe_walk_error(err)
        }
        ignore::Error::Loop { child, .. } => (Some(child.clone()), "symlink loop".to_string()),
        other => (None, other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::Prefilter;
    use crate::pack::Pack;

    #[test]
    fn the_prefilter_passes_every_literal_in_any_case_and_says_whether_a_name_is_there() {
        let pack = Pack::builtin().expect("the built-in pack is valid");
        let prefilter = Prefilter::new(&pack.prefilter_literals());
        let search = |text: &str| prefilter.search(text.as_bytes());
        assert_eq!(search("host: 10.0.0.121"), (true, false));
        assert_eq!(search("host: 10.0.0.7"), (true, false));
        assert_eq!(search("host: REDIS-01.internal"), (true, true));
        assert_eq!(search("host: Db-Postgres-03"), (true, true));
        assert_eq!(search("PG_CANDIDATE_IPS=(a b)"), (true, true));
        // A name's digits pass the first pass alone; the name search says no.
        assert_eq!(search("released 2026-01-08"), (true, false));
        assert_eq!(search("host: 10.1.0.120 db-master-1"), (false, false));
    }
}
