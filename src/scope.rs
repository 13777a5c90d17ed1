//! Narrowing a run to what git says matters: the staged content of staged
//! files (`--staged`), or the lines a change touches since a base revision
//! (`--diff-base`). A change under review is judged with the pack and the
//! baseline as they were at the base, and every exception it adds is
//! reported (`new-exception`): a pull request cannot exempt itself.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::thread::JoinHandle;

use toml::Spanned;

mod topology;

pub use topology::{TopologyChange, retired_hosts, review};

use crate::check::{CheckOptions, LineFilter};
use crate::git::{self, ChangedLines, GitError, Repository};
use crate::rules::new_exception;
use crate::suppress::baseline::{Baseline, BaselineError};
use crate::walk;

/// Why a run could not be narrowed.
#[derive(Debug, thiserror::Error)]
pub enum ScopeError {
    #[error(transparent)]
    Git(#[from] GitError),
    #[error("{}: {source}", path.display())]
    Path {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: {source}", path.display())]
    Baseline {
        path: PathBuf,
        source: BaselineError,
    },
}

/// The texts a run judges with: the pack's and the baseline's, as read from
/// disk, or as they were at the base of a change.
#[derive(Debug, Default)]
pub struct Judging {
    /// The repository's pack file and its text.
    pub pack: Option<(PathBuf, String)>,
    /// The baseline file and its text.
    pub baseline: Option<(PathBuf, String)>,
    /// The pack's inventory as it was at the base of a change.
    pub inventory: Option<String>,
    /// The head's topology, when the change under review edits it.
    pub topology: Option<TopologyChange>,
}

/// `--staged`: check the index content of the staged files under the
/// paths of `options`. A staged change of the topology (the pack or the
/// inventory it reads) is judged as `--diff-base` judges one, against HEAD.
pub fn staged(judging: &mut Judging, options: &mut CheckOptions) -> Result<(), ScopeError> {
    let root = &options.root;
    let repository = Repository::discover(root)?;
    let wanted = Selection::new(&options.paths)?;
    let root_abs = canonical(root)?;
    let staged = repository.staged_files()?;
    if let Some((file, current)) = &mut judging.pack {
        // The commit's version of a file: staged, else as it is at HEAD.
        let in_commit = |path: &Path| -> Option<String> {
            let absolute = path.canonicalize().ok()?;
            match staged.iter().find(|(staged, _)| *staged == absolute) {
                Some((_, bytes)) => Some(String::from_utf8_lossy(bytes).into_owned()),
                None => repository
                    .file_at("HEAD", &absolute)
                    .ok()
                    .flatten()
                    .map(|bytes| String::from_utf8_lossy(&bytes).into_owned()),
            }
        };
        let before = text_at(&repository, "HEAD", file)?;
        if let Some(text) = in_commit(file) {
            *current = text;
        }
        let (inventory, topology) = topology::detect(
            &repository,
            "HEAD",
            file,
            before.as_deref(),
            current,
            &in_commit,
        )?;
        if topology.is_some() {
            judging.inventory = inventory;
            judging.topology = topology;
            match before {
                Some(before) => *current = before,
                None => judging.pack = None,
            }
        }
    }
    let contents = staged
        .into_iter()
        .filter(|(path, _)| wanted.contains(path))
        .map(|(path, bytes)| (under(root, &root_abs, &path), bytes))
        .collect();
    options.contents = Some(contents);
    Ok(())
}

/// `--diff-base REF`: check the files changed since the merge base of REF
/// and HEAD under the paths of `options`, report findings on changed lines
/// only, and judge with the pack and baseline of the base (reporting what
/// the change adds to them). When the change edits the topology, the run is
/// narrowed later, beside the whole-tree check ([`topology::review`]).
pub fn diff_base(
    reference: &str,
    judging: &mut Judging,
    options: &mut CheckOptions,
) -> Result<(), ScopeError> {
    let root = &options.root.clone();
    let (repository, base) = Repository::discover_with_merge_base(root, reference)?;
    let root_abs = canonical(root)?;
    let root_in_top = as_git_names(&root_abs, &repository.top);
    // Every review needs the diff: git reads the work tree while topolint
    // reads the base's pack and baseline, and then walks the tree.
    let diff = {
        let (repository, base) = (repository.clone(), base.clone());
        std::thread::spawn(move || repository.diff(&base))
    };
    let since = DiffScope {
        base,
        wanted: Selection::new(&options.paths)?,
        root_abs,
        root_in_top,
        repository,
        diff: Some(diff),
        index_listing: None,
        indexed: Arc::default(),
    };
    let (repository, base) = (&since.repository, since.base.as_str());

    if let Some((file, current)) = &mut judging.pack {
        let before = text_at(repository, base, file)?;
        let (inventory, topology) = topology::detect(
            repository,
            base,
            file,
            before.as_deref(),
            current,
            &|path| std::fs::read_to_string(path).ok(),
        )?;
        judging.inventory = inventory;
        judging.topology = topology;
        if before.as_deref() != Some(current.as_str()) {
            let path = walk::relative_to(root, file);
            for (line, reason) in changed_allow_entries(before.as_deref(), current) {
                options
                    .new_exceptions
                    .push(new_exception::on_allow_entry(&path, line, &reason));
            }
            match before {
                Some(before) => *current = before,
                None => judging.pack = None,
            }
        }
    }
    if let Some((file, current)) = &mut judging.baseline {
        let before = text_at(repository, base, file)?;
        if before.as_deref() != Some(current.as_str()) {
            let known: HashSet<String> = before
                .as_deref()
                .and_then(|text| Baseline::parse(text).ok())
                .map(|b| b.findings.into_iter().map(|e| e.fingerprint).collect())
                .unwrap_or_default();
            let path = walk::relative_to(root, file);
            let added = Baseline::parse(current).map_err(|source| ScopeError::Baseline {
                path: file.clone(),
                source,
            })?;
            for entry in added.findings {
                if !known.contains(&entry.fingerprint) {
                    let line = current
                        .lines()
                        .position(|l| l.contains(&entry.fingerprint))
                        .map_or(1, |i| i + 1);
                    options
                        .new_exceptions
                        .push(new_exception::on_baseline_entry(
                            &path,
                            line,
                            &entry.rule,
                            &entry.path,
                        ));
                }
            }
            *current = before.unwrap_or_else(|| "{\"version\": 1, \"findings\": []}".to_string());
        }
    }
    match &mut judging.topology {
        Some(change) => change.since = Some(since.listing_index()),
        None => since.narrow(options)?,
    }
    Ok(())
}

/// A change under review since its base, before git has listed its lines.
#[derive(Debug)]
pub struct DiffScope {
    repository: Repository,
    /// The merge base.
    base: String,
    wanted: Selection,
    root_abs: PathBuf,
    /// The root as git names it (`sub/`, or nothing at the top); `None` for
    /// a root outside the repository.
    root_in_top: Option<String>,
    /// Git listing the changes of tracked files, started with the scope.
    diff: Option<JoinHandle<Result<ChangedLines, GitError>>>,
    /// Git listing the index, for a walk of the whole tree.
    index_listing: Option<JoinHandle<Result<(), GitError>>>,
    /// The files of the index, as soon as git has listed them.
    indexed: Arc<OnceLock<HashSet<String>>>,
}

impl DiffScope {
    /// Narrows `options` to the lines changed since the base; untracked
    /// files (as git lists them) are new as a whole.
    pub fn narrow(mut self, options: &mut CheckOptions) -> Result<(), ScopeError> {
        if let Some(listing) = self.index_listing.take() {
            // Git is not left running past the run.
            let _ = listing.join();
        }
        // Listed while the diff runs: both read the whole work tree.
        let untracked = self.repository.untracked_files();
        let mut changes = self.tracked_diff()?;
        for path in untracked? {
            changes.insert(path, None);
        }
        self.narrow_to(options, &changes);
        Ok(())
    }

    /// `self`, with git listing the index from now on.
    fn listing_index(mut self) -> Self {
        let repository = self.repository.clone();
        let indexed = Arc::clone(&self.indexed);
        self.index_listing = Some(std::thread::spawn(move || repository.list_index(&indexed)));
        self
    }

    /// The lines changed in tracked files, once the index is listed too.
    fn tracked_changes(&mut self) -> Result<ChangedLines, ScopeError> {
        let changes = self.tracked_diff()?;
        match self.index_listing.take() {
            Some(listing) => git::answer(listing.join(), "git ls-files")?,
            None => self.repository.list_index(&self.indexed)?,
        }
        Ok(changes)
    }

    fn tracked_diff(&mut self) -> Result<ChangedLines, GitError> {
        match self.diff.take() {
            Some(diff) => git::answer(diff.join(), "git diff"),
            None => self.repository.diff(&self.base),
        }
    }

    /// Whether the index, as far as git has listed it yet, holds the file
    /// at `relative` (to the root): a walk need not remember such a file to
    /// tell the untracked ones.
    pub fn is_indexed(&self, relative: &str) -> bool {
        let (Some(index), Some(prefix)) = (self.indexed.get(), &self.root_in_top) else {
            return false;
        };
        if prefix.is_empty() {
            index.contains(relative)
        } else {
            index.contains(&format!("{prefix}{relative}"))
        }
    }

    /// Adds to `changes` the files of a walk of the root (`read`, relative
    /// to it) that the index does not hold, as new as a whole: untracked,
    /// as the walk's ignore rules are git's. A file of a nested repository
    /// (a submodule) is not this repository's. Call after the index is
    /// listed ([`Self::tracked_changes`]).
    fn add_untracked(&self, changes: &mut ChangedLines, read: &[String]) {
        let top = &self.repository.top;
        if self.root_in_top.is_none() {
            return; // a root outside the repository holds nothing of it
        }
        for relative in read.iter().filter(|r| !self.is_indexed(r)) {
            let path = self.root_abs.join(relative);
            let nested = path
                .ancestors()
                .skip(1)
                .take_while(|dir| *dir != top.as_path() && dir.starts_with(top))
                .any(|dir| dir.join(".git").exists());
            if !nested {
                changes.insert(path, None);
            }
        }
    }

    fn narrow_to(&self, options: &mut CheckOptions, changes: &ChangedLines) {
        let root = &options.root;
        let mut filter = LineFilter::new();
        let mut changed = Vec::new();
        for (path, ranges) in changes {
            if !self.wanted.contains(path) || !path.is_file() {
                continue;
            }
            let local = under(root, &self.root_abs, path);
            filter.insert(walk::relative_to(root, &local), ranges.clone());
            changed.push(local);
        }
        changed.sort();
        options.paths = changed;
        options.changed = Some(filter);
        options.force_exclude = true; // changed files are named, but excludes still apply
    }
}

/// The text of `file` at `commit`, if it existed there.
fn text_at(
    repository: &Repository,
    commit: &str,
    file: &Path,
) -> Result<Option<String>, ScopeError> {
    Ok(repository
        .file_at(commit, &canonical(file)?)?
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned()))
}

fn canonical(path: &Path) -> Result<PathBuf, ScopeError> {
    path.canonicalize().map_err(|source| ScopeError::Path {
        path: path.to_path_buf(),
        source,
    })
}

/// The paths a run was limited to, to intersect with git's file lists.
#[derive(Debug)]
struct Selection {
    prefixes: Vec<PathBuf>,
}

impl Selection {
    fn new(paths: &[PathBuf]) -> Result<Self, ScopeError> {
        let prefixes = paths
            .iter()
            .map(|p| canonical(p))
            .collect::<Result<_, _>>()?;
        Ok(Selection { prefixes })
    }

    fn contains(&self, path: &Path) -> bool {
        self.prefixes.iter().any(|prefix| path.starts_with(prefix))
    }
}

/// The directory `dir` as git names it in the repository at `top`: `sub/`,
/// or nothing for the top itself; `None` outside the repository.
fn as_git_names(dir: &Path, top: &Path) -> Option<String> {
    match dir.strip_prefix(top) {
        Ok(inside) if inside.as_os_str().is_empty() => Some(String::new()),
        Ok(inside) => Some(format!("{}/", inside.to_string_lossy().replace('\\', "/"))),
        Err(_) => None,
    }
}

/// `path` (absolute, from git) as a path under `root` as the user wrote it.
fn under(root: &Path, root_abs: &Path, path: &Path) -> PathBuf {
    match path.strip_prefix(root_abs) {
        Ok(relative) => root.join(relative),
        Err(_) => path.to_path_buf(),
    }
}

/// The `[[allow]]` entries of `current` (a pack's TOML) that `base` does not
/// have as they are: added or changed (widened) entries, as (line, reason).
fn changed_allow_entries(base: Option<&str>, current: &str) -> Vec<(usize, String)> {
    #[derive(serde::Deserialize, Default)]
    struct AllowOnly {
        #[serde(default)]
        allow: Vec<Spanned<toml::Table>>,
    }
    let parse = |text: &str| toml::from_str::<AllowOnly>(text).unwrap_or_default();
    let before = base.map(parse).unwrap_or_default();
    let after = parse(current);
    after
        .allow
        .iter()
        .filter(|entry| {
            !before
                .allow
                .iter()
                .any(|old| old.get_ref() == entry.get_ref())
        })
        .map(|entry| {
            let line = crate::finding::line_of(current, entry.span().start);
            let reason = entry
                .get_ref()
                .get("reason")
                .and_then(|r| r.as_str())
                .unwrap_or("")
                .to_string();
            (line, reason)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::path::Path;
    use std::sync::Arc;

    use super::{DiffScope, Repository, Selection, as_git_names};

    /// A change under review rooted at `sub/` of a repository at `top`.
    fn scope_below(top: &Path) -> DiffScope {
        let root = top.join("sub");
        DiffScope {
            repository: Repository {
                top: top.to_path_buf(),
            },
            base: "main".into(),
            wanted: Selection {
                prefixes: vec![root.clone()],
            },
            root_in_top: as_git_names(&root, top),
            root_abs: root,
            diff: None,
            index_listing: None,
            indexed: Arc::default(),
        }
    }

    #[test]
    fn directories_as_git_names_them() {
        let top = Path::new("/repo");
        assert_eq!(as_git_names(top, top).as_deref(), Some(""));
        assert_eq!(as_git_names(&top.join("a/b"), top).as_deref(), Some("a/b/"));
        assert_eq!(as_git_names(Path::new("/elsewhere"), top), None);
        // A sibling sharing the prefix as text is outside.
        assert_eq!(as_git_names(Path::new("/repository"), top), None);
    }

    #[test]
    fn a_file_is_indexed_only_once_git_has_listed_the_index() {
        let scope = scope_below(Path::new("/repo"));
        // Before git answers, the walk must remember every file it reads.
        assert!(!scope.is_indexed("app.env"));
        let index: HashSet<String> = ["sub/app.env", "other/app.env"].map(String::from).into();
        scope.indexed.set(index).expect("set once");
        assert!(scope.is_indexed("app.env"), "named from the top by git");
        assert!(!scope.is_indexed("wip.env"));
        assert!(
            !scope.is_indexed("sub/app.env"),
            "relative to the root, not the top"
        );
    }

    #[test]
    fn untracked_files_are_those_the_index_lacks_outside_nested_repositories() {
        let top = tempfile::tempdir().expect("temporary directory");
        let top = top.path().canonicalize().expect("canonical");
        std::fs::create_dir_all(top.join("sub/vendor/lib")).expect("folders");
        std::fs::write(top.join("sub/vendor/lib/.git"), "gitdir: elsewhere\n").expect("write");
        let scope = scope_below(&top);
        let index: HashSet<String> = ["sub/app.env".to_string()].into();
        scope.indexed.set(index).expect("set once");
        // What the walk remembered: read before the index was listed, or
        // not in it.
        let read = ["app.env", "wip.env", "vendor/lib/app.env"].map(String::from);
        let mut changes = Default::default();
        scope.add_untracked(&mut changes, &read);
        let new: Vec<_> = changes.into_iter().collect();
        assert_eq!(new, [(top.join("sub/wip.env"), None)]);
    }
}
