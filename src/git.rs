//! The little topolint needs from git, by running the `git` command: the
//! staged content of staged files, the lines changed since a base revision,
//! and files as they were at a revision. Nothing here writes to the repository.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

/// A git command that failed, with what git said.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct GitError(String);

/// A git work tree.
#[derive(Debug, Clone)]
pub struct Repository {
    /// The top-level directory of the work tree.
    pub top: PathBuf,
}

/// Lines added or changed in a file (1-based, inclusive ranges); `None` for
/// a file that is new as a whole (untracked or added).
pub type ChangedLines = HashMap<PathBuf, Option<Vec<RangeInclusive<usize>>>>;

impl Repository {
    /// The repository that contains `dir`.
    pub fn discover(dir: &Path) -> Result<Repository, GitError> {
        let top = run(dir, &["rev-parse", "--show-toplevel"]).map_err(|error| {
            GitError(format!(
                "{} is not in a git repository ({error})",
                dir.display()
            ))
        })?;
        Ok(Repository {
            top: PathBuf::from(String::from_utf8_lossy(&top).trim()),
        })
    }

    fn git(&self, args: &[&str]) -> Result<Vec<u8>, GitError> {
        run(&self.top, args)
    }

    /// Staged files that the commit will contain (added, copied, modified,
    /// renamed: deleted files have no content to check), with their staged content.
    pub fn staged_files(&self) -> Result<Vec<(PathBuf, Vec<u8>)>, GitError> {
        let names = self.git(&[
            "diff",
            "--cached",
            "--name-only",
            "-z",
            "--diff-filter=ACMR",
            "--no-renames",
        ])?;
        let paths: Vec<String> = split_z(&names);
        if paths.is_empty() {
            return Ok(Vec::new());
        }
        let specs: Vec<String> = paths.iter().map(|p| format!(":{p}")).collect();
        let contents = self
            .cat_files(&specs)?
            .into_iter()
            .zip(&specs)
            .map(|(content, spec)| {
                content.ok_or_else(|| GitError(format!("git cat-file: no object {spec}")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(paths
            .into_iter()
            .map(|p| self.top.join(p))
            .zip(contents)
            .collect())
    }

    /// The repository that contains `dir`, and the commit where `base` and
    /// HEAD diverged: asked of git side by side.
    pub fn discover_with_merge_base(
        dir: &Path,
        base: &str,
    ) -> Result<(Repository, String), GitError> {
        let (repository, merge_base) = std::thread::scope(|scope| {
            let merge_base = scope.spawn(|| merge_base_in(dir, base));
            let repository = Repository::discover(dir);
            let merge_base = answer(merge_base.join(), "git merge-base");
            (repository, merge_base)
        });
        Ok((repository?, merge_base?))
    }

    /// The files git does not track and does not ignore, as absolute paths.
    pub fn untracked_files(&self) -> Result<Vec<PathBuf>, GitError> {
        let listed = self.git(&["ls-files", "--others", "--exclude-standard", "-z"])?;
        Ok(split_z(&listed)
            .into_iter()
            .map(|path| self.top.join(path))
            .collect())
    }

    /// Puts the files of the index (relative to the top, `/` separators)
    /// into `indexed`: a walk of the work tree then tells the untracked
    /// files itself, for less than git's own listing of them costs.
    pub fn list_index(&self, indexed: &OnceLock<HashSet<String>>) -> Result<(), GitError> {
        let files = self.git(&["ls-files", "-z"])?;
        // Set once: a second listing would be the same.
        let _ = indexed.set(split_z(&files).into_iter().collect());
        Ok(())
    }

    /// `git diff` since `commit`: the lines added or changed per file in
    /// tracked files.
    pub fn diff(&self, commit: &str) -> Result<ChangedLines, GitError> {
        let diff = self.git(&[
            "diff",
            "-U0",
            "--no-color",
            "--no-ext-diff",
            "--no-renames",
            "--diff-filter=ACMR",
            commit,
            "--",
        ])?;
        Ok(parse_diff(&String::from_utf8_lossy(&diff), &self.top))
    }

    /// The content of `path` (relative to the top) at `commit`, if it existed.
    pub fn file_at(&self, commit: &str, path: &Path) -> Result<Option<Vec<u8>>, GitError> {
        let relative = path.strip_prefix(&self.top).unwrap_or(path);
        let spec = format!("{commit}:{}", relative.to_string_lossy().replace('\\', "/"));
        Ok(self.cat_files(&[spec])?.pop().flatten())
    }

    /// The contents of objects named like `:path` or `rev:path`, in order;
    /// `None` for one that does not exist.
    fn cat_files(&self, specs: &[String]) -> Result<Vec<Option<Vec<u8>>>, GitError> {
        let mut child = Command::new("git")
            .current_dir(&self.top)
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|error| GitError(format!("cannot run git: {error}")))?;
        let mut stdin = child
            .stdin
            .take()
            .ok_or_else(|| GitError("git cat-file: no stdin".into()))?;
        let request: String = specs.iter().map(|s| format!("{s}\n")).collect();
        // Write from a thread: git answers while it reads, and a large answer
        // would otherwise fill the pipe.
        let writer = std::thread::spawn(move || stdin.write_all(request.as_bytes()));
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| GitError("git cat-file: no stdout".into()))?;
        let mut reader = BufReader::new(stdout);
        let mut contents = Vec::with_capacity(specs.len());
        for spec in specs {
            let mut header = String::new();
            reader
                .read_line(&mut header)
                .map_err(|error| GitError(format!("git cat-file: {error}")))?;
            if header.trim_end().ends_with(" missing") {
                contents.push(None);
                continue;
            }
            let size: usize = header
                .split_whitespace()
                .nth(2)
                .and_then(|s| s.parse().ok())
                .ok_or_else(|| {
                    GitError(format!(
                        "git cat-file: no object {spec} ({})",
                        header.trim()
                    ))
                })?;
            let mut content = vec![0; size + 1]; // the content and its trailing newline
            reader
                .read_exact(&mut content)
                .map_err(|error| GitError(format!("git cat-file: {error}")))?;
            content.pop();
            contents.push(Some(content));
        }
        let _ = writer.join();
        let _ = child.wait();
        Ok(contents)
    }
}

/// What a thread running `git WHAT` answered; one that panicked answers an error.
pub fn answer<T>(
    joined: std::thread::Result<Result<T, GitError>>,
    what: &str,
) -> Result<T, GitError> {
    joined.unwrap_or_else(|_| Err(GitError(format!("{what}: the reader failed"))))
}

/// The commit where `base` and HEAD diverged, asked in `dir`.
fn merge_base_in(dir: &Path, base: &str) -> Result<String, GitError> {
    let revision = format!("{base}^{{commit}}");
    match run(dir, &["merge-base", &revision, "HEAD"]) {
        Ok(out) => Ok(String::from_utf8_lossy(&out).trim().to_string()),
        // Only now asked why: most runs name a revision that exists.
        Err(error) => match run(dir, &["rev-parse", "--verify", "--quiet", &revision]) {
            Ok(_) => Err(error),
            Err(_) => Err(GitError(format!(
                "--diff-base {base}: no such revision in {}",
                dir.canonicalize()
                    .unwrap_or_else(|_| dir.to_path_buf())
                    .display()
            ))),
        },
    }
}

fn run(dir: &Path, args: &[&str]) -> Result<Vec<u8>, GitError> {
    let output = Command::new("git")
        .current_dir(dir)
        .args(args)
        .output()
        .map_err(|error| GitError(format!("cannot run git: {error}")))?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        Err(GitError(format!(
            "git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        )))
    }
}

fn split_z(bytes: &[u8]) -> Vec<String> {
    bytes
        .split(|b| *b == 0)
        .filter(|s| !s.is_empty())
        .map(|s| String::from_utf8_lossy(s).into_owned())
        .collect()
}

/// Added line ranges per file from `git diff -U0` output.
fn parse_diff(diff: &str, top: &Path) -> ChangedLines {
    let mut changed = ChangedLines::new();
    let mut current: Option<PathBuf> = None;
    for line in diff.lines() {
        if let Some(path) = line.strip_prefix("+++ ") {
            current = path.strip_prefix("b/").map(|p| top.join(p));
            if let Some(path) = &current {
                changed
                    .entry(path.clone())
                    .or_insert_with(|| Some(Vec::new()));
            }
        } else if let (Some(hunk), Some(path)) = (line.strip_prefix("@@ "), &current) {
            // @@ -a,b +c,d @@: d lines from c are new (d = 0: only a deletion).
            let added = hunk
                .split_whitespace()
                .find_map(|part| part.strip_prefix('+'));
            if let Some(added) = added {
                let mut numbers = added.split(',');
                let start: usize = numbers.next().and_then(|n| n.parse().ok()).unwrap_or(0);
                let count: usize = numbers.next().and_then(|n| n.parse().ok()).unwrap_or(1);
                if count > 0
                    && let Some(Some(ranges)) = changed.get_mut(path)
                {
                    ranges.push(start..=start + count - 1);
                }
            }
        }
    }
    changed
}

#[cfg(test)]
mod tests {
    #[test]
    fn added_ranges_from_a_unified_diff() {
        let diff = "diff --git a/app.env b/app.env\n--- a/app.env\n+++ b/app.env\n@@ -1,0 +2,3 @@\n+a\n+b\n+c\n@@ -9 +12 @@\n-x\n+y\n@@ -20,2 +22,0 @@\n-gone\n-gone\n";
        let changed = super::parse_diff(diff, std::path::Path::new("/r"));
        let ranges = changed
            .get(std::path::Path::new("/r/app.env"))
            .cloned()
            .flatten()
            .expect("ranges");
        assert_eq!(ranges, vec![2..=4, 12..=12]);
    }
}
