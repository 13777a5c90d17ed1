//! What templates read from variables files. Ansible's templates, tasks
//! and playbooks use a variable as `{{ name }}`; Puppet's ERB and EPP
//! templates as `<%= @name %>` (`<%= $name %>`), its manifests as
//! `${name}`; a Helm chart's templates its values as `{{ .Values.a.b }}`.
//! A value of a variables file (Ansible's `group_vars/`, `host_vars/`, a
//! role's `defaults/` or `vars/`; a Puppet manifest's `$name = "…"`; a
//! chart's `values*.yaml`) that every use puts where it is no reference — a
//! replica's `replicaof {{ redis_master_ip }} 6379` in a template that is
//! Redis's own config, a Sentinel's `sentinel monitor` — is part of those
//! definitions, as if written there; one a client's line uses stays a
//! reference, and so does one nothing uses (a use there cannot be told).
//! An item of a list variable that a use picks alone (`{{ pg_nodes[0] }}`,
//! `{{ index .Values.pg.nodes 0 }}`) where it is a reference is a pin on
//! that item, whatever the list is.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use regex::Regex;

use crate::address::Target;
use crate::walk::lexically_normal;

use super::value::trim_quotes;
use super::{FileScan, HostUse, line_end, line_start};

/// The files of each project that may use a variable, read once, when a
/// variables file there holds a member's address.
#[derive(Default)]
pub struct TemplatedProjects {
    loaded: Mutex<HashMap<(PathBuf, Dialect), Option<ProjectFiles>>>,
}

/// A project's files that may use a variable, shared by its variables files.
type ProjectFiles = Arc<[TemplatedFile]>;

/// How a project's variables are written and used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Dialect {
    /// YAML variables files, `{{ name }}` uses.
    Ansible,
    /// `$name = "…"` in manifests, `<%= @name %>` and `${name}` uses.
    Puppet,
    /// A chart's `values*.yaml`, `{{ .Values.a.b }}` uses in its templates.
    Helm,
}

impl Dialect {
    /// The dialect of the variables file at `path`, if it is one.
    fn of(path: &Path, yaml: bool) -> Option<Dialect> {
        let within = |names: &[&str]| {
            path.ancestors().skip(1).any(|dir| {
                dir.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| names.contains(&n))
            })
        };
        let parent_named = |names: &[&str]| {
            path.parent()
                .and_then(|p| p.file_name())
                .and_then(|n| n.to_str())
                .is_some_and(|n| names.contains(&n))
        };
        let chart_values = || {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            name.starts_with("values")
                && (name.ends_with(".yaml") || name.ends_with(".yml"))
                && path.with_file_name("Chart.yaml").is_file()
        };
        if yaml && chart_values() {
            Some(Dialect::Helm)
        } else if yaml
            && (within(&["group_vars", "host_vars"]) || parent_named(&["defaults", "vars"]))
        {
            Some(Dialect::Ansible)
        } else if !yaml && path.extension().is_some_and(|e| e == "pp") && within(&["manifests"]) {
            Some(Dialect::Puppet)
        } else {
            None
        }
    }

    /// What a file must hold to be read for uses.
    fn may_use(self, path: &Path, text: &str) -> bool {
        match self {
            Dialect::Ansible | Dialect::Helm => text.contains("{{"),
            Dialect::Puppet => text.contains("<%") || path.extension().is_some_and(|e| e == "pp"),
        }
    }

    /// The uses of `name`: the whole expression, replaced by the value.
    /// A Puppet match with its group 1 is the assignment itself.
    fn uses(self, name: &str) -> Option<Regex> {
        let name = regex::escape(name);
        let pattern = match self {
            Dialect::Ansible => format!(r"\{{\{{-?\s*{name}\s*(?:\|[^{{}}]*)?-?\}}\}}"),
            Dialect::Puppet => {
                format!(r"<%=-?\s*[@$]{name}\s*-?%>|\$\{{{name}\}}|\${name}\b(\s*=[^=>~])?")
            }
            Dialect::Helm => {
                format!(r"\{{\{{-?\s*\$?\.Values\.{name}\s*(?:\|[^{{}}]*)?-?\}}\}}")
            }
        };
        Regex::new(&pattern).ok()
    }

    /// The uses of one item of the list `name` (its key path): Ansible's
    /// `{{ name[1] }}`, `{{ name.1 }}`, `{{ name | first }}`; Helm's
    /// `{{ index .Values.a.b 1 }}`, `{{ .Values.a.b | first }}`. Group
    /// `index` is the item's index, absent for `first`.
    fn item_uses(self, name: &str) -> Option<Regex> {
        let name = regex::escape(name);
        let pattern = match self {
            Dialect::Ansible => format!(
                r"\{{\{{-?\s*{name}\s*(?:\[(?P<index>\d+)\]|\.(?P<dotted>\d+)\b|\|\s*first\b)[^{{}}]*\}}\}}"
            ),
            Dialect::Helm => format!(
                r"\{{\{{-?\s*(?:index\s+\$?\.Values\.{name}\s+(?P<index>\d+)|\$?\.Values\.{name}\s*\|\s*first\b)[^{{}}]*\}}\}}"
            ),
            Dialect::Puppet => return None,
        };
        Regex::new(&pattern).ok()
    }

    /// Whether `locator` (a reference's key path) names a variable: one
    /// name at the margin (Ansible), a path of names (Helm).
    fn names_variable(self, locator: &str) -> bool {
        let segment =
            |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        match self {
            Dialect::Ansible => segment(locator),
            Dialect::Helm => locator.split('.').all(segment),
            Dialect::Puppet => false,
        }
    }

    /// The variable the line at `at` (whose YAML key path is `locator`)
    /// assigns and its value, when the line assigns one scalar:
    /// `redis_master_ip: "10.0.0.123"` at the margin (Ansible),
    /// `$masterip = "10.0.0.123"` (Puppet, a class parameter's `,` too),
    /// `host: 10.0.0.123` under `redis.master` (Helm: `redis.master.host`);
    /// unquoted, without a trailing comment.
    fn assignment<'t>(self, text: &'t str, at: usize, locator: &str) -> Option<(String, &'t str)> {
        let bytes = text.as_bytes();
        let line = &text[line_start(bytes, 0, at)..line_end(bytes, at)];
        let (name, rest) = match self {
            Dialect::Ansible => {
                let (name, rest) = line.split_once(':')?;
                (name.trim_end(), rest)
            }
            Dialect::Helm => {
                let (key, rest) = line.trim_start().split_once(':')?;
                if locator.rsplit('.').next() != Some(key.trim_end()) {
                    return None;
                }
                (locator, rest)
            }
            Dialect::Puppet => {
                let (name, rest) = line.trim_start().strip_prefix('$')?.split_once('=')?;
                if rest.starts_with(['=', '>', '~']) {
                    return None;
                }
                let rest = rest.trim_end();
                (
                    name.trim_end(),
                    rest.strip_suffix([',', ';']).unwrap_or(rest),
                )
            }
        };
        let segment =
            |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        let named = match self {
            Dialect::Helm => name.split('.').all(segment),
            Dialect::Ansible | Dialect::Puppet => segment(name),
        };
        if !named {
            return None;
        }
        let value = rest.split(" #").next().unwrap_or(rest).trim();
        let value = ['"', '\'']
            .iter()
            .find_map(|q| value.strip_prefix(*q).and_then(|v| v.strip_suffix(*q)))
            .unwrap_or(value);
        let templated = value.contains("{{") || value.contains("${");
        (!value.is_empty() && !templated).then(|| (name.to_string(), value))
    }
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

impl TemplatedProjects {
    /// Marks as definitions the references of `scan`, the variables file
    /// at `path` (`relative` to the scan root; `yaml` when read as YAML),
    /// whose variable every use in the project puts where `judge` (the kept
    /// findings' spans of a text read as the file at a path) finds none.
    ///
    /// An item of one of its lists that a use picks alone (`PGHOST={{
    /// pg_nodes[0] }}` in a role's template) where it is a reference is a
    /// connection to that one node: a reference of its own, on the item,
    /// beside the list's verdict (SPEC §3: node sets, not pins). `budget`
    /// bounds the YAML parse that finds the items.
    pub fn define_used_values(
        &self,
        (path, relative, yaml): (&Path, &str, bool),
        text: &str,
        scan: &mut FileScan,
        budget: Duration,
        judge: impl Fn(&Path, &str, &str) -> Vec<Range<usize>>,
    ) {
        let Some(dialect) = Dialect::of(path, yaml) else {
            return;
        };
        let mut lists: Vec<&str> = scan
            .references
            .iter()
            .filter(|r| r.group.is_some() && dialect.names_variable(&r.locator))
            .map(|r| &*r.locator)
            .collect();
        lists.sort_unstable();
        lists.dedup();
        let lists: Vec<String> = lists.into_iter().map(str::to_string).collect();
        let mut variables: Vec<(String, &str)> = Vec::new();
        for reference in &scan.references {
            if reference.enclosure.definition || !matches!(reference.hit.target, Target::Known(_)) {
                continue;
            }
            if let Some((name, value)) =
                dialect.assignment(text, reference.hit.span.start, &reference.locator)
                && !variables.iter().any(|(known, _)| *known == name)
            {
                variables.push((name, value));
            }
        }
        if variables.is_empty() && lists.is_empty() {
            return;
        }
        let Ok(path) = std::path::absolute(path) else {
            return;
        };
        let path = lexically_normal(&path);
        let Some(scan_root) = scan_root(&path, relative) else {
            return;
        };
        let Some(root) = project_root(dialect, &path) else {
            return;
        };
        let Some(files) = self.files(dialect, &root, &scan_root) else {
            return;
        };
        let defined: Vec<String> = variables
            .into_iter()
            .filter(|(name, value)| {
                used_only_where_no_reference(dialect, &files, name, value, &judge)
            })
            .map(|(name, _)| name)
            .collect();
        for reference in &mut scan.references {
            if dialect
                .assignment(text, reference.hit.span.start, &reference.locator)
                .is_some_and(|(name, _)| defined.contains(&name))
            {
                reference.enclosure.definition = true;
            }
        }
        if !lists.is_empty() {
            pick_used_items(dialect, &files, &lists, (text, budget), scan, &judge);
        }
    }

    fn files(&self, dialect: Dialect, root: &Path, scan_root: &Path) -> Option<ProjectFiles> {
        let mut loaded = self.loaded.lock().unwrap_or_else(PoisonError::into_inner);
        loaded
            .entry((root.to_path_buf(), dialect))
            .or_insert_with(|| read_project(dialect, root, scan_root).map(Arc::from))
            .clone()
    }
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
/// `roles/` of a role's `defaults/` or `vars/`, or the role itself; a
/// Puppet manifest's module (above its `manifests/`). None for any other
/// file.
fn project_root(dialect: Dialect, path: &Path) -> Option<PathBuf> {
    let named = |dir: &Path, names: &[&str]| {
        dir.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| names.contains(&n))
    };
    let parent = path.parent()?;
    if dialect == Dialect::Helm {
        return Some(parent.to_path_buf());
    }
    if dialect == Dialect::Puppet {
        let manifests = path
            .ancestors()
            .skip(1)
            .find(|dir| named(dir, &["manifests"]))?;
        return manifests.parent().map(Path::to_path_buf);
    }
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

/// The files under `root` that may use a variable, gitignore-aware; None
/// when the project cannot be read whole (too many files, an unreadable
/// one).
fn read_project(dialect: Dialect, root: &Path, scan_root: &Path) -> Option<Vec<TemplatedFile>> {
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
        if !dialect.may_use(entry.path(), &text) {
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

/// Whether `name` is used in `files`, and each file with its uses
/// replaced by `value` gives no finding at one of them.
fn used_only_where_no_reference(
    dialect: Dialect,
    files: &[TemplatedFile],
    name: &str,
    value: &str,
    judge: &impl Fn(&Path, &str, &str) -> Vec<Range<usize>>,
) -> bool {
    let Some(expression) = dialect.uses(name) else {
        return false;
    };
    let mut used = false;
    for file in files {
        let mut substituted = String::with_capacity(file.text.len());
        let mut uses = Vec::new();
        let mut copied = 0;
        for found in expression.captures_iter(&file.text) {
            let Some(whole) = found.get(0) else {
                continue;
            };
            if found.get(1).is_some() {
                continue; // the assignment itself
            }
            substituted.push_str(&file.text[copied..whole.start()]);
            let start = substituted.len();
            substituted.push_str(value);
            uses.push(start..substituted.len());
            copied = whole.end();
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

/// Adds, for each item of the `lists` (key paths) of the variables file
/// `text` that a use in `files` picks alone where it is a reference, a
/// reference of its own on the item.
fn pick_used_items(
    dialect: Dialect,
    files: &[TemplatedFile],
    lists: &[String],
    (text, budget): (&str, Duration),
    scan: &mut FileScan,
    judge: &impl Fn(&Path, &str, &str) -> Vec<Range<usize>>,
) {
    let uses: Vec<(usize, Regex)> = lists
        .iter()
        .enumerate()
        .filter_map(|(at, name)| Some((at, dialect.item_uses(name)?)))
        .collect();
    // Each list's picked indices, judged where they are used.
    let mut picks: Vec<(usize, usize, &TemplatedFile, Range<usize>)> = Vec::new();
    for file in files {
        for (list, expression) in &uses {
            for found in expression.captures_iter(&file.text) {
                let index = found
                    .name("index")
                    .or_else(|| found.name("dotted"))
                    .map_or(Some(0), |digits| digits.as_str().parse().ok());
                if let (Some(index), Some(whole)) = (index, found.get(0)) {
                    picks.push((*list, index, file, whole.range()));
                }
            }
        }
    }
    if picks.is_empty() {
        return;
    }
    let Ok(documents) = super::yaml::documents(text, budget) else {
        return;
    };
    let items: Vec<Vec<Range<usize>>> = lists
        .iter()
        .map(|name| {
            let path: Vec<&str> = name.split('.').collect();
            documents
                .iter()
                .find_map(|document| document.sequence_at(&path))
                .unwrap_or_default()
        })
        .collect();
    let mut picked: Vec<Range<usize>> = Vec::new();
    for (list, index, file, used) in picks {
        let Some(item) = items[list].get(index) else {
            continue; // past the list's end
        };
        if picked.contains(item) {
            continue;
        }
        let value = &text[trim_quotes(text, item.clone())];
        if value.is_empty() || value.contains(char::is_whitespace) {
            continue; // a mapping or a sentence: no one host
        }
        let mut substituted = String::with_capacity(file.text.len());
        substituted.push_str(&file.text[..used.start]);
        let at = substituted.len()..substituted.len() + value.len();
        substituted.push_str(value);
        substituted.push_str(&file.text[used.end..]);
        let found = judge(&file.path, &file.relative, &substituted);
        if found.iter().any(|f| f.start < at.end && at.start < f.end) {
            picked.push(item.clone());
        }
    }
    let alone: Vec<_> = scan
        .references
        .iter()
        .filter(|r| {
            picked
                .iter()
                .any(|item| item.start <= r.hit.span.start && r.hit.span.end <= item.end)
        })
        .map(|reference| {
            HostUse {
                variable: reference.locator.to_string(),
                context: None,
            }
            .alone(reference)
        })
        .collect();
    scan.references.extend(alone);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_assignment_is_one_scalar_unquoted() {
        let text = "a: 1\nredis_master_ip: \"10.0.0.123\"  # the master\n  nested: 10.0.0.120\n";
        let at = |s: &str| text.find(s).unwrap_or_default();
        assert_eq!(
            Dialect::Ansible.assignment(text, at("10.0.0.123"), "redis_master_ip"),
            Some(("redis_master_ip".to_string(), "10.0.0.123"))
        );
        let nested = at("10.0.0.120");
        assert_eq!(Dialect::Ansible.assignment(text, nested, "a.nested"), None);
        assert_eq!(
            Dialect::Helm.assignment(text, nested, "a.nested"),
            Some(("a.nested".to_string(), "10.0.0.120"))
        );
        let templated = "url: \"redis://{{ host }}:6379\"\n";
        assert_eq!(Dialect::Ansible.assignment(templated, 8, "url"), None);
        let manifest = "  $master_ip   = \"10.0.0.123\",\n  if $ip == \"10.0.0.124\" {\n";
        assert_eq!(
            Dialect::Puppet.assignment(manifest, 18, ""),
            Some(("master_ip".to_string(), "10.0.0.123"))
        );
        assert_eq!(Dialect::Puppet.assignment(manifest, 45, ""), None);
    }

    #[test]
    fn a_puppet_use_is_a_template_tag_or_an_interpolation_not_the_assignment() {
        let uses = Dialect::Puppet.uses("masterip").expect("a valid pattern");
        let text = "$masterip = \"x\"\nslaveof <%= @masterip %> 6379\n\"${masterip}\" $masterip2";
        let found: Vec<(&str, bool)> = uses
            .captures_iter(text)
            .filter_map(|c| Some((c.get(0)?.as_str(), c.get(1).is_some())))
            .collect();
        assert_eq!(
            found,
            [
                ("$masterip = ", true),
                ("<%= @masterip %>", false),
                ("${masterip}", false)
            ]
        );
    }

    #[test]
    fn a_helm_use_is_the_whole_expression_of_that_path() {
        let uses = Dialect::Helm
            .uses("redis.masterHost")
            .expect("a valid pattern");
        let text = "a: {{ .Values.redis.masterHost }}\nb: {{- $.Values.redis.masterHost | quote -}}\nc: {{ .Values.redis.masterHostname }}\nd: {{ .Values.redisXmasterHost }}\n";
        let found: Vec<&str> = uses.find_iter(text).map(|m| m.as_str()).collect();
        assert_eq!(
            found,
            [
                "{{ .Values.redis.masterHost }}",
                "{{- $.Values.redis.masterHost | quote -}}"
            ]
        );
    }

    #[test]
    fn an_item_use_picks_by_index_or_first() {
        let picked = |dialect: Dialect, name: &str, text: &str| -> Vec<String> {
            let uses = dialect.item_uses(name).expect("a valid pattern");
            uses.captures_iter(text)
                .map(|c| {
                    c.name("index")
                        .or_else(|| c.name("dotted"))
                        .map_or("first".to_string(), |m| m.as_str().to_string())
                })
                .collect()
        };
        let ansible = "{{ pg_nodes[1] }} {{ pg_nodes.2 }} {{ pg_nodes | first }} \
            {{ pg_nodes }} {{ pg_nodes | length }} {{ pg_nodes_x[0] }} {{ pg_nodes.x }}";
        assert_eq!(
            picked(Dialect::Ansible, "pg_nodes", ansible),
            ["1", "2", "first"]
        );
        let helm = "{{ index .Values.pg.nodes 0 }} {{ .Values.pg.nodes | first }} \
            {{ index .Values.pg.nodesX 1 }} {{ .Values.pg.nodes }}";
        assert_eq!(picked(Dialect::Helm, "pg.nodes", helm), ["0", "first"]);
        assert!(Dialect::Puppet.item_uses("nodes").is_none());
    }

    #[test]
    fn the_project_is_above_group_vars_the_roles_directory_or_manifests() {
        let root = |dialect, path: &str| project_root(dialect, Path::new(path));
        let ansible = Dialect::Ansible;
        assert_eq!(
            root(ansible, "/repo/site/group_vars/all.yml"),
            Some(PathBuf::from("/repo/site"))
        );
        assert_eq!(
            root(ansible, "/repo/site/host_vars/cache-1/main.yml"),
            Some(PathBuf::from("/repo/site"))
        );
        assert_eq!(
            root(ansible, "/repo/roles/redis/defaults/main.yml"),
            Some(PathBuf::from("/repo"))
        );
        assert_eq!(
            root(ansible, "/repo/redis/vars/main.yml"),
            Some(PathBuf::from("/repo/redis"))
        );
        assert_eq!(root(ansible, "/repo/config/app.yml"), None);
        assert_eq!(
            root(Dialect::Puppet, "/repo/modules/redis/manifests/init.pp"),
            Some(PathBuf::from("/repo/modules/redis"))
        );
    }

    #[test]
    fn variables_files_by_their_place() {
        let of = |path: &str, yaml| Dialect::of(Path::new(path), yaml);
        assert_eq!(of("/r/group_vars/all.yml", true), Some(Dialect::Ansible));
        assert_eq!(
            of("/r/roles/x/defaults/main.yml", true),
            Some(Dialect::Ansible)
        );
        assert_eq!(of("/r/config/app.yml", true), None);
        assert_eq!(
            of("/r/modules/redis/manifests/init.pp", false),
            Some(Dialect::Puppet)
        );
        assert_eq!(of("/r/site.pp", false), None);
    }
}
