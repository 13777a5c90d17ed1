//! Finding the files to check: a gitignore-aware parallel walk that includes
//! hidden files (`.env` is a dotfile) and skips `.git/`, explicit paths checked
//! even when ignored, size and binary skips, and a byte-level prefilter that
//! drops files holding none of the pack's literals before any parsing.

use std::borrow::Cow;
use std::cell::Cell;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use ignore::{WalkBuilder, WalkState};

use crate::pack::Pack;
use crate::prefilter::{Prefilter, Presence};

/// How many leading bytes decide whether a file is binary (a NUL byte there).
const BINARY_PROBE: usize = 8 * 1024;

/// A file is read this far before its size is asked: most files are
/// smaller, and asking every file's size is a system call each.
const FIRST_READ: u64 = 64 * 1024;

thread_local! {
    /// Each walker thread reads every file into the same buffer: most files
    /// are dropped by the prefilter, and need no allocation of their own.
    static READ_BUFFER: Cell<Vec<u8>> = const { Cell::new(Vec::new()) };
}

/// A file that passed the prefilter, read once.
pub struct WalkedFile<'a> {
    pub path: &'a Path,
    /// Relative to the scan root, `/` separators.
    pub relative: String,
    pub bytes: &'a [u8],
    /// What the prefilter saw in it.
    pub presence: Presence,
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
    /// The text files read that the walker's listing did not claim as known,
    /// relative to the root (see [`Walker::listing`]).
    pub read: Vec<String>,
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
    /// Whether a text file read (relative to the root) is known already:
    /// the others are listed in the summary.
    listing: Option<&'a (dyn Fn(&str) -> bool + Sync)>,
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
            prefilter: Prefilter::new(pack),
            jobs: jobs.max(1),
            // Absolute even when missing: a log or report may appear mid-run.
            own_files: pack
                .path
                .iter()
                .chain(own_files)
                .filter_map(|p| p.canonicalize().or_else(|_| std::path::absolute(p)).ok())
                .collect(),
            force_exclude,
            listing: None,
        }
    }

    /// A walker that lists in its summary every text file it reads that
    /// `known` (given the path relative to the root) does not claim.
    pub fn listing(self, known: &'a (dyn Fn(&str) -> bool + Sync)) -> Self {
        Walker {
            listing: Some(known),
            ..self
        }
    }

    /// Walks `paths` and calls `visit` for every file that may hold a reference.
    pub fn run(&self, paths: &[PathBuf], visit: &(dyn Fn(WalkedFile) + Sync)) -> WalkSummary {
        let checked = AtomicUsize::new(0);
        let skipped = AtomicUsize::new(0);
        let notes = Mutex::new(Vec::new());
        let binaries = Mutex::new(Vec::new());
        let unreadable = Mutex::new(Vec::new());
        let read = Mutex::new(Vec::new());
        let record_unreadable = |relative: String, message: String| {
            lock(&unreadable).push(Unreadable { relative, message });
        };
        let process = |path: &Path| {
            if self.is_own_file(path) {
                return;
            }
            // Taken, not borrowed: a visit that walks again gets a buffer of its own.
            let mut bytes = READ_BUFFER.take();
            match self.read(path, &mut bytes) {
                ReadOutcome::Text if is_own_output(&bytes) => {}
                ReadOutcome::Text => {
                    checked.fetch_add(1, Ordering::Relaxed);
                    if let Some(unknown) = self.unknown(path) {
                        lock(&read).push(unknown);
                    }
                    if let Some(presence) = self.prefilter.may_hold_reference(path, &bytes) {
                        visit(WalkedFile {
                            path,
                            relative: self.relative(path),
                            bytes: &bytes,
                            presence,
                        });
                    }
                }
                ReadOutcome::Skipped(note) => {
                    skipped.fetch_add(1, Ordering::Relaxed);
                    let relative = self.relative(path);
                    match note {
                        Some(note) => lock(&notes).push(format!("{relative}: {note}")),
                        None => lock(&binaries).push(relative),
                    }
                }
                ReadOutcome::Failed(message) => record_unreadable(self.relative(path), message),
            }
            READ_BUFFER.set(bytes);
        };

        let mut directories = Vec::new();
        for path in paths {
            // Named explicitly: checked even if ignored or excluded (unless
            // --force-exclude), and what cannot be read is said.
            match std::fs::metadata(path) {
                Ok(meta) if meta.is_dir() => directories.push(path.clone()),
                Ok(meta) if meta.is_file() => {
                    if !self.force_exclude || self.is_selected(path) {
                        process(path);
                    }
                }
                // FIFOs, sockets, devices: reading would block or never end.
                Ok(_) => record_unreadable(
                    self.relative(path),
                    "not a regular file (a FIFO, socket or device); it was not read".into(),
                ),
                Err(_) if std::fs::symlink_metadata(path).is_ok() => record_unreadable(
                    self.relative(path),
                    "a symbolic link whose target does not exist".into(),
                ),
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
            notes: notes.into_inner().unwrap_or_else(PoisonError::into_inner),
            unreadable: unreadable
                .into_inner()
                .unwrap_or_else(PoisonError::into_inner),
            read: read.into_inner().unwrap_or_else(PoisonError::into_inner),
        };
        summary.notes.sort();
        summary.notes.extend(binaries_note(
            binaries
                .into_inner()
                .unwrap_or_else(PoisonError::into_inner),
        ));
        summary
            .unreadable
            .sort_by(|a, b| a.relative.cmp(&b.relative));
        summary
    }

    fn is_own_file(&self, path: &Path) -> bool {
        let Some(name) = path.file_name() else {
            return false;
        };
        if name == CONVENTIONAL_BASELINE {
            return true;
        }
        // Names first: resolving the path is for the rare file that has one.
        self.own_files.iter().any(|own| {
            own.file_name() == Some(name)
                && (path.canonicalize().is_ok_and(|p| &p == own)
                    || std::path::absolute(path).is_ok_and(|p| &p == own))
        })
    }

    /// Checks given contents (staged blobs) as the files at their paths: the
    /// same own-file, exclude, size, binary and prefilter rules as a walk.
    pub fn run_contents(
        &self,
        contents: &[(PathBuf, Vec<u8>)],
        visit: &(dyn Fn(WalkedFile) + Sync),
    ) -> WalkSummary {
        let mut summary = WalkSummary::default();
        let mut binaries = Vec::new();
        for (path, bytes) in contents {
            if self.is_own_file(path) || !self.is_selected(path) || is_own_output(bytes) {
                continue;
            }
            if let Some(note) = self.skip_reason(bytes.len() as u64, bytes) {
                summary.files_skipped += 1;
                match note {
                    Some(note) => summary
                        .notes
                        .push(format!("{}: {note}", self.relative(path))),
                    None => binaries.push(self.relative(path)),
                }
                continue;
            }
            summary.files_checked += 1;
            summary.read.extend(self.unknown(path));
            if let Some(presence) = self.prefilter.may_hold_reference(path, bytes) {
                visit(WalkedFile {
                    path,
                    relative: self.relative(path),
                    bytes,
                    presence,
                });
            }
        }
        summary.notes.extend(binaries_note(binaries));
        summary
    }

    /// The path of a text file read (relative to the root), when the walk
    /// lists it: the listing's `known` does not claim it.
    fn unknown(&self, path: &Path) -> Option<String> {
        let known = self.listing?;
        let relative = self.relative(path);
        (!known(&relative)).then_some(relative)
    }

    /// Include and exclude globs, for files found by walking.
    fn is_selected(&self, path: &Path) -> bool {
        let relative = relative_text(&self.root, path);
        let relative = self.pack.glob_path(&relative);
        if self.pack.exclude.is_match(relative.as_ref()) {
            return false;
        }
        self.pack
            .include
            .as_ref()
            .is_none_or(|include| include.is_match(relative.as_ref()))
    }

    /// Reads the file at `path` into `bytes` (cleared first).
    fn read(&self, path: &Path, bytes: &mut Vec<u8>) -> ReadOutcome {
        bytes.clear();
        let mut file = match std::fs::File::open(path) {
            Ok(file) => file,
            Err(error) => return ReadOutcome::Failed(error.to_string()),
        };
        // Bounded even if the file grows while it is read.
        let limit = self.pack.max_file_size + 1;
        let first = FIRST_READ.min(limit);
        if let Err(error) = (&mut file).take(first).read_to_end(bytes) {
            return ReadOutcome::Failed(error.to_string());
        }
        if bytes.len() as u64 == first && first < limit {
            let size = file.metadata().map(|m| m.len()).unwrap_or(0);
            if let Some(note) = self.skip_reason(size, &[]) {
                return ReadOutcome::Skipped(note);
            }
            bytes.reserve(usize::try_from(size.saturating_sub(first)).unwrap_or(0));
            if let Err(error) = (&mut file).take(limit - first).read_to_end(bytes) {
                return ReadOutcome::Failed(error.to_string());
            }
        }
        if bytes.len() as u64 > self.pack.max_file_size {
            let size = file.metadata().map(|m| m.len()).unwrap_or(0);
            return ReadOutcome::Skipped(match self.skip_reason(size, &[]) {
                Some(note) => note,
                None => Some(format!(
                    "skipped: grew over max_file_size ({} bytes) while read",
                    self.pack.max_file_size
                )),
            });
        }
        match self.skip_reason(0, bytes) {
            Some(note) => ReadOutcome::Skipped(note),
            None => ReadOutcome::Text,
        }
    }

    /// Why a file of `size` bytes starting with `bytes` is not checked: over
    /// `max_file_size` (with a note saying so), or binary (a NUL byte in its
    /// first 8 KiB, silently); `None` for a file to check.
    fn skip_reason(&self, size: u64, bytes: &[u8]) -> Option<Option<String>> {
        if size > self.pack.max_file_size {
            return Some(Some(format!(
                "skipped: {size} bytes is over max_file_size ({} bytes)",
                self.pack.max_file_size
            )));
        }
        is_binary(bytes).then_some(None)
    }

    /// `path` relative to the scan root with `/` separators (as given when it
    /// lies outside the root).
    pub fn relative(&self, path: &Path) -> String {
        relative_to(&self.root, path)
    }
}

/// How many skipped binary files a note names before it counts the rest.
const BINARIES_NAMED: usize = 20;

/// One note naming the binary files skipped, if any.
fn binaries_note(mut binaries: Vec<String>) -> Option<String> {
    if binaries.is_empty() {
        return None;
    }
    binaries.sort();
    let count = binaries.len();
    let rest = count.saturating_sub(BINARIES_NAMED);
    binaries.truncate(BINARIES_NAMED);
    let mut note = format!(
        "skipped {count} binary file{} (a NUL byte in the first 8 KiB): {}",
        if count == 1 { "" } else { "s" },
        binaries.join(", ")
    );
    if rest > 0 {
        note.push_str(&format!(" and {rest} more"));
    }
    Some(note)
}

/// A lock whose holder panicked still holds the results gathered before.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The baseline's conventional name: never checked, wherever it is (it
/// applies only when passed with `--baseline`).
pub const CONVENTIONAL_BASELINE: &str = ".topolint-baseline.json";

/// How much of a file is read to recognise topolint's own output.
const OWN_OUTPUT_PROBE: usize = 512;

/// Whether `bytes` are a topolint baseline or report by content: a baseline
/// or JSON report (`{"version": 1, "findings": [` then a finding with its
/// `rule` or `fingerprint`) or a SARIF log whose driver is topolint. They
/// repeat the addresses of findings by design.
fn is_own_output(bytes: &[u8]) -> bool {
    // Nearly every file is ruled out by its first character.
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return false;
    }
    // Read without whitespace, as a report may be pretty-printed or not.
    let compact = bytes
        .iter()
        .take(OWN_OUTPUT_PROBE)
        .filter(|b| !b.is_ascii_whitespace())
        .copied();
    let starts_with = |literal: &[u8]| {
        let mut rest = compact.clone();
        literal
            .iter()
            .all(|byte| rest.next() == Some(*byte))
            .then_some(rest)
    };
    if let Some(rest) = starts_with(br#"{"version":1,"findings":["#) {
        let entries = rest.take(16).collect::<Vec<u8>>();
        return entries.starts_with(b"]")
            || entries.starts_with(br#"{"rule":"#)
            || entries.starts_with(br#"{"fingerprint":"#);
    }
    starts_with(br#"{"$schema":"#).is_some_and(|rest| {
        let rest: Vec<u8> = rest.collect();
        memchr::memmem::find(&rest, br#""driver":{"name":"topolint""#).is_some()
    })
}

/// A NUL byte in the first 8 KiB: not a text file.
fn is_binary(bytes: &[u8]) -> bool {
    memchr::memchr(0, &bytes[..bytes.len().min(BINARY_PROBE)]).is_some()
}

/// `path` without `.` components and with each `..` taking away the name
/// before it (no symlinks read); a `..` with no name before it stays.
pub fn lexically_normal(path: &Path) -> PathBuf {
    let mut normal = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir if normal.file_name().is_some() => {
                normal.pop();
            }
            other => normal.push(other),
        }
    }
    normal
}

pub fn relative_to(root: &Path, path: &Path) -> String {
    relative_text(root, path).into_owned()
}

/// As [`relative_to`], borrowed from `path` where it can be: asked of
/// every file the walk finds.
fn relative_text<'p>(root: &Path, path: &'p Path) -> Cow<'p, str> {
    // The walk names files as the root joined with their names: a prefix of
    // the text, which is much cheaper to strip than components.
    if let (Some(root), Some(path)) = (root.to_str(), path.to_str())
        && let Some(rest) = path.strip_prefix(root)
        && (root.ends_with('/') || rest.starts_with('/'))
        && !root.contains('\\')
        && !rest.contains('\\')
    {
        let text = rest.trim_start_matches('/').trim_start_matches("./");
        return Cow::Borrowed(if text.is_empty() { "." } else { text });
    }
    let relative = path.strip_prefix(root).unwrap_or(path);
    let text = relative.to_string_lossy().replace('\\', "/");
    let text = text.trim_start_matches("./");
    Cow::Owned(if text.is_empty() {
        ".".to_string()
    } else {
        text.to_string()
    })
}

enum ReadOutcome {
    /// Text, in the buffer it was read into.
    Text,
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
    use std::path::{Path, PathBuf};

    use super::Walker;
    use crate::pack::Pack;

    #[test]
    fn a_listing_walk_lists_the_files_it_reads_that_are_not_known() {
        let pack = Pack::builtin().expect("built-in pack");
        let dir = tempfile::tempdir().expect("temporary directory");
        let root = dir.path();
        std::fs::create_dir(root.join("deploy")).expect("folder");
        // Listed whether or not the prefilter keeps them: read is read.
        let files = [
            ("app.env", "PGHOST=10.0.0.121\n"),
            ("deploy/known.env", "PGHOST=10.0.0.10\n"),
            ("deploy/plain.txt.env", "NAME=x\n"),
        ];
        for (name, text) in files {
            std::fs::write(root.join(name), text).expect("write");
        }
        let known = |relative: &str| relative == "deploy/known.env";
        let walker = Walker::new(&pack, root, 2, &[], false).listing(&known);
        let mut read = walker.run(&[root.to_path_buf()], &|_| {}).read;
        read.sort();
        assert_eq!(read, ["app.env", "deploy/plain.txt.env"]);
        // Named contents (a staged change) are listed alike.
        let contents: Vec<(PathBuf, Vec<u8>)> = files
            .iter()
            .map(|(name, text)| (root.join(name), text.as_bytes().to_vec()))
            .collect();
        let mut read = walker.run_contents(&contents, &|_| {}).read;
        read.sort();
        assert_eq!(read, ["app.env", "deploy/plain.txt.env"]);
        // A walk that does not list remembers nothing.
        let plain = Walker::new(&pack, root, 2, &[], false);
        assert!(plain.run(&[root.to_path_buf()], &|_| {}).read.is_empty());
    }

    #[test]
    fn paths_relative_to_the_root_as_the_walk_joins_them() {
        let cases = [
            (".", "./app.env", "app.env"),
            (".", "./deploy/k8s/secret.yaml", "deploy/k8s/secret.yaml"),
            ("./", "./deploy/app.env", "deploy/app.env"),
            ("sub", "sub/app.env", "app.env"),
            ("sub/", "sub/app.env", "app.env"),
            ("/repo/sub", "/repo/sub/a/b.env", "a/b.env"),
            ("sub", "sub", "."),
            // Not below the root as text: a sibling that shares the prefix.
            ("sub", "subway/app.env", "subway/app.env"),
        ];
        for (root, path, expected) in cases {
            assert_eq!(
                super::relative_to(Path::new(root), Path::new(path)),
                expected,
                "{path} under {root}"
            );
        }
    }

    #[test]
    fn own_reports_are_told_by_their_first_bytes() {
        let own = [
            r#"{"version": 1, "findings": []}"#,
            "{\n  \"version\": 1,\n  \"findings\": [\n    {\n      \"rule\": \"node-address\"",
            r#"{"version":1,"findings":[{"fingerprint":"ab12"}]}"#,
            r#"{"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "runs": [{"tool": {"driver": {"name": "topolint"}}}]}"#,
        ];
        for text in own {
            assert!(super::is_own_output(text.as_bytes()), "{text}");
        }
        let other = [
            r#"{"version": 1, "findings": ["10.0.0.120"]}"#,
            r#"{"version": 2, "findings": []}"#,
            r#"{"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "runs": [{"tool": {"driver": {"name": "semgrep"}}}]}"#,
            r#"{"host": "10.0.0.120"}"#,
            "PGHOST=10.0.0.120",
            "",
        ];
        for text in other {
            assert!(!super::is_own_output(text.as_bytes()), "{text}");
        }
    }
}
