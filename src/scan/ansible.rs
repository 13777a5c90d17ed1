//! What Ansible reads from its variables files: templates, tasks and
//! playbooks use a variable as `{{ name }}`. A value of a variables file
//! (`group_vars/`, `host_vars/`, a role's `defaults/` or `vars/`) that every
//! use puts where it is no reference — a replica's `replicaof {{
//! redis_master_ip }} 6379` in a template that is Redis's own config, a
//! Sentinel's `sentinel monitor` — is part of those definitions, as if
//! written there; one a client's line uses stays a reference, and so does
//! one nothing uses in `{{ … }}` (a use there cannot be told).

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use regex::Regex;

use crate::address::Target;
use crate::walk::lexically_normal;

use super::{FileScan, line_end, line_start};

/// The files of each Ansible project that hold a `{{ … }}` expression,
/// read once, when a variables file there holds a member's address.
#[derive(Default)]
pub struct AnsibleProjects {
    loaded: Mutex<HashMap<PathBuf, Option<Arc<[TemplatedFile]>>>>,
}

/// A file of the project that uses variables.
struct TemplatedFile {
    path: PathBuf,
    /// Relative to the scan root, `/` separators: what the allowlist reads.
    relative: String,
    text: String,
}

/// Past this many files under a project, its uses are not read (a project
/// root that is a whole monorepo): its values stay references.
const MAX_PROJECT_FILES: usize = 20_000;
/// A file this large is no template; it is not read for uses.
const MAX_TEMPLATED_BYTES: u64 = 4 << 20;
/// How many directories above `group_vars/` the project's `roles/` may
/// stand (`inventories/prod/group_vars/all.yml`).
const INVENTORY_DEPTH: usize = 2;

impl AnsibleProjects {
    /// Marks as definitions the references of `scan`, the variables file
    /// at `path` (`relative` to the scan root), whose variable every use
    /// in the project puts where `judge` (the kept findings' spans of a
    /// text read as the file at a path) finds no reference.
    pub fn define_used_values(
        &self,
        path: &Path,
        relative: &str,
        text: &str,
        scan: &mut FileScan,
        judge: impl Fn(&Path, &str, &str) -> Vec<Range<usize>>,
    ) {
        let mut variables: Vec<(&str, &str)> = Vec::new();
        for reference in &scan.references {
            if reference.enclosure.definition || !matches!(reference.hit.target, Target::Known(_)) {
                continue;
            }
            let Some(name) = reference.enclosure.key.as_deref() else {
                continue;
            };
            if let Some(value) = top_level_scalar(text, reference.hit.span.start, name)
                && !variables.iter().any(|(known, _)| *known == name)
            {
                variables.push((name, value));
            }
        }
        if variables.is_empty() {
            return;
        }
        let Ok(path) = std::path::absolute(path) else {
            return;
        };
        let path = lexically_normal(&path);
        let Some(scan_root) = scan_root(&path, relative) else {
            return;
        };
        let Some(root) = project_root(&path) else {
            return;
        };
        let Some(files) = self.files(&root, &scan_root) else {
            return;
        };
        let defined: Vec<String> = variables
            .into_iter()
            .filter(|(name, value)| used_only_where_no_reference(&files, name, value, &judge))
            .map(|(name, _)| name.to_string())
            .collect();
        for reference in &mut scan.references {
            let Some(name) = reference.enclosure.key.as_deref() else {
                continue;
            };
            if defined.iter().any(|d| d == name)
                && top_level_scalar(text, reference.hit.span.start, name).is_some()
            {
                reference.enclosure.definition = true;
            }
        }
    }

    fn files(&self, root: &Path, scan_root: &Path) -> Option<Arc<[TemplatedFile]>> {
        let mut loaded = self.loaded.lock().unwrap_or_else(PoisonError::into_inner);
        loaded
            .entry(root.to_path_buf())
            .or_insert_with(|| read_project(root, scan_root).map(Arc::from))
            .clone()
    }
}

/// The value of `name` when the line at `at` assigns it at the margin, as
/// one scalar (`redis_master_ip: "10.0.0.123"`): unquoted, without a
/// trailing comment.
fn top_level_scalar<'t>(text: &'t str, at: usize, name: &str) -> Option<&'t str> {
    let bytes = text.as_bytes();
    let line = &text[line_start(bytes, 0, at)..line_end(bytes, at)];
    let rest = line.strip_prefix(name)?.trim_start().strip_prefix(':')?;
    let value = rest.split(" #").next().unwrap_or(rest).trim();
    let value = ['"', '\'']
        .iter()
        .find_map(|q| value.strip_prefix(*q).and_then(|v| v.strip_suffix(*q)))
        .unwrap_or(value);
    (!value.is_empty() && !value.contains("{{")).then_some(value)
}

/// The scan root: `path` (absolute) without the names of `relative`.
fn scan_root(path: &Path, relative: &str) -> Option<PathBuf> {
    let mut root = path.to_path_buf();
    for _ in relative
        .split('/')
        .filter(|c| !matches!(*c, "" | "." | ".."))
    {
        if !root.pop() {
            return None;
        }
    }
    Some(root)
}

/// Where the project of the variables file at `path` starts: above its
/// `group_vars/` or `host_vars/` (or up to two directories higher, where
/// the project's `roles/` is: `inventories/prod/group_vars/`), above the
/// `roles/` of a role's `defaults/` or `vars/`, or the role itself. None
/// for any other file.
fn project_root(path: &Path) -> Option<PathBuf> {
    let named = |dir: &Path, names: &[&str]| {
        dir.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| names.contains(&n))
    };
    let parent = path.parent()?;
    if let Some(vars) = path
        .ancestors()
        .skip(1)
        .find(|dir| named(dir, &["group_vars", "host_vars"]))
    {
        let above = vars.parent()?;
        let with_roles = above
            .ancestors()
            .take(INVENTORY_DEPTH + 1)
            .find(|dir| dir.join("roles").is_dir());
        return Some(with_roles.unwrap_or(above).to_path_buf());
    }
    if !named(parent, &["defaults", "vars"]) {
        return None;
    }
    let role = parent.parent()?;
    Some(match role.parent() {
        Some(roles) if named(roles, &["roles"]) => roles.parent()?.to_path_buf(),
        _ => role.to_path_buf(),
    })
}

/// The files under `root` that hold `{{`, gitignore-aware; None when the
/// project cannot be read whole (too many files, an unreadable one).
fn read_project(root: &Path, scan_root: &Path) -> Option<Vec<TemplatedFile>> {
    let mut files = Vec::new();
    let mut seen = 0;
    for entry in ignore::WalkBuilder::new(root).build() {
        let entry = entry.ok()?;
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        seen += 1;
        if seen > MAX_PROJECT_FILES {
            return None;
        }
        if entry.metadata().ok()?.len() > MAX_TEMPLATED_BYTES {
            continue;
        }
        let bytes = std::fs::read(entry.path()).ok()?;
        let Ok(text) = String::from_utf8(bytes) else {
            continue; // not text: no template
        };
        if !text.contains("{{") {
            continue;
        }
        let path = entry.into_path();
        // The names the allowlist reads: from the scan root, or from the
        // project's when the project reaches above the scan root.
        let relative = path
            .strip_prefix(scan_root)
            .or_else(|_| path.strip_prefix(root))
            .ok()?
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        files.push(TemplatedFile {
            path,
            relative,
            text,
        });
    }
    Some(files)
}

/// Whether `name` is used in some `{{ … }}` of `files`, and each file with
/// its uses replaced by `value` gives no finding at one of them.
fn used_only_where_no_reference(
    files: &[TemplatedFile],
    name: &str,
    value: &str,
    judge: &impl Fn(&Path, &str, &str) -> Vec<Range<usize>>,
) -> bool {
    let Ok(expression) = Regex::new(&format!(
        r"\{{\{{-?\s*{}\s*(?:\|[^{{}}]*)?-?\}}\}}",
        regex::escape(name)
    )) else {
        return false;
    };
    let mut used = false;
    for file in files {
        let mut substituted = String::with_capacity(file.text.len());
        let mut uses = Vec::new();
        let mut copied = 0;
        for found in expression.find_iter(&file.text) {
            substituted.push_str(&file.text[copied..found.start()]);
            let start = substituted.len();
            substituted.push_str(value);
            uses.push(start..substituted.len());
            copied = found.end();
        }
        if uses.is_empty() {
            continue;
        }
        used = true;
        substituted.push_str(&file.text[copied..]);
        let found = judge(&file.path, &file.relative, &substituted);
        if found
            .iter()
            .any(|f| uses.iter().any(|u| f.start < u.end && u.start < f.end))
        {
            return false;
        }
    }
    used
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_top_level_scalar_is_the_assigned_value_unquoted() {
        let text = "a: 1\nredis_master_ip: \"10.0.0.123\"  # the master\n  nested: 10.0.0.120\n";
        let at = text.find("10.0.0.123").unwrap_or_default();
        assert_eq!(
            top_level_scalar(text, at, "redis_master_ip"),
            Some("10.0.0.123")
        );
        let nested = text.find("10.0.0.120").unwrap_or_default();
        assert_eq!(top_level_scalar(text, nested, "nested"), None);
        let templated = "url: \"redis://{{ host }}:6379\"\n";
        assert_eq!(top_level_scalar(templated, 8, "url"), None);
    }

    #[test]
    fn the_project_is_above_group_vars_or_the_roles_directory() {
        assert_eq!(
            project_root(Path::new("/repo/site/group_vars/all.yml")),
            Some(PathBuf::from("/repo/site"))
        );
        assert_eq!(
            project_root(Path::new("/repo/site/host_vars/cache-1/main.yml")),
            Some(PathBuf::from("/repo/site"))
        );
        assert_eq!(
            project_root(Path::new("/repo/roles/redis/defaults/main.yml")),
            Some(PathBuf::from("/repo"))
        );
        assert_eq!(
            project_root(Path::new("/repo/redis/vars/main.yml")),
            Some(PathBuf::from("/repo/redis"))
        );
        assert_eq!(project_root(Path::new("/repo/config/app.yml")), None);
    }
}
