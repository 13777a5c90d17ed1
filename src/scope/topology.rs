//! A change that edits the topology (nodes, endpoints or clusters of the
//! pack, or the inventory it reads) can make unchanged lines wrong: a
//! candidate list that lacks the node just added, a config pinned to the
//! node just retired. `--diff-base` then also checks the whole tree with the
//! head's topology and the base's exceptions, and reports every finding the
//! base topology did not produce, wherever it is, each naming the change.

use std::collections::HashSet;
use std::path::Path;

use crate::check::{CheckOptions, Known, TopologyCheck, check, check_changes};
use crate::finding::{Fingerprint, Report};
use crate::git::Repository;
use crate::pack::{Pack, toml_string as quote};
use crate::rules::read_error;

use super::{DiffScope, ScopeError};

/// The topology keys of a pack: what a change of them changes.
const TOPOLOGY_KEYS: &[&str] = &["extends", "endpoint", "node", "infrastructure", "inventory"];

/// The keys of a pack that are exceptions: a change is judged with the base's.
const EXCEPTION_KEYS: &[&str] = &["allow", "rules"];

/// The head's topology, when the change edits it.
#[derive(Debug)]
pub struct TopologyChange {
    /// The head's pack with the base's exceptions.
    pub head_pack: String,
    /// Where the change is, for messages: `.topolint.toml:12`.
    pub origin: String,
    /// With `--diff-base`: the change, its lines not listed yet.
    pub since: Option<DiffScope>,
}

/// The pack's inventory path (relative to the pack file), if it names one.
fn inventory_of(text: &str) -> Option<String> {
    let table: toml::Table = toml::from_str(text).ok()?;
    table.get("inventory")?.as_str().map(str::to_string)
}

/// The topology part of a pack's text.
fn topology_of(text: Option<&str>) -> toml::Table {
    let table: toml::Table = text
        .and_then(|t| toml::from_str(t).ok())
        .unwrap_or_default();
    table
        .into_iter()
        .filter(|(key, _)| TOPOLOGY_KEYS.contains(&key.as_str()))
        .collect()
}

/// The inventory text at the base (when the base's pack reads one), and
/// the topology change, if the change under review makes one. `head_text`
/// reads a file as the change has it (the working tree, or the index).
pub fn detect(
    repository: &Repository,
    base: &str,
    pack_file: &Path,
    before: Option<&str>,
    current: &str,
    head_text: &dyn Fn(&Path) -> Option<String>,
) -> Result<(Option<String>, Option<TopologyChange>), ScopeError> {
    let directory = pack_file.parent().unwrap_or(Path::new(""));
    let absolute = |path: &Path| path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    // The base's pack reads the base's inventory.
    let base_inventory = match before.and_then(inventory_of) {
        Some(path) => repository
            .file_at(base, &absolute(&directory.join(path)))?
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned()),
        None => None,
    };
    let head_inventory_path = inventory_of(current).map(|p| directory.join(p));
    let head_inventory = head_inventory_path.as_deref().and_then(head_text);
    let pack_changed = topology_of(before) != topology_of(Some(current));
    if !pack_changed && base_inventory == head_inventory {
        return Ok((base_inventory, None));
    }
    // The first changed line of the pack, else of the inventory.
    let origin = if pack_changed {
        format!(
            "{}:{}",
            pack_file.display(),
            first_difference(before.unwrap_or(""), current)
        )
    } else {
        let path = head_inventory_path.as_deref().unwrap_or(pack_file);
        format!(
            "{}:{}",
            path.display(),
            first_difference(
                base_inventory.as_deref().unwrap_or(""),
                head_inventory.as_deref().unwrap_or("")
            )
        )
    };
    let origin = origin.strip_prefix("./").unwrap_or(&origin).to_string();
    Ok((
        base_inventory,
        Some(TopologyChange {
            head_pack: with_exceptions_of(current, before),
            origin,
            since: None,
        }),
    ))
}

/// The first line of `after` (1-based) that differs from `before`, past
/// blank lines; the last line when `after` only lost lines.
fn first_difference(before: &str, after: &str) -> usize {
    let old: Vec<&str> = before.lines().collect();
    let new: Vec<&str> = after.lines().collect();
    let mut line = new.iter().zip(&old).take_while(|(a, b)| a == b).count();
    while new.get(line).is_some_and(|l| l.trim().is_empty()) {
        line += 1;
    }
    (line + 1).min(new.len().max(1))
}

/// `head` (a pack's text) with the exceptions of `base` instead of its own.
fn with_exceptions_of(head: &str, base: Option<&str>) -> String {
    let mut table: toml::Table = toml::from_str(head).unwrap_or_default();
    let base: toml::Table = base
        .and_then(|b| toml::from_str(b).ok())
        .unwrap_or_default();
    for key in EXCEPTION_KEYS {
        table.remove(*key);
        if let Some(value) = base.get(*key) {
            table.insert(key.to_string(), value.clone());
        }
    }
    toml::to_string(&table).unwrap_or_else(|_| head.to_string())
}

/// The hosts of `base` that `head` no longer has (a retired node, the old
/// name of a renamed one), as `[[infrastructure]]` entries to add to the
/// head's pack: where a service is expected, a reference to one is stale.
pub fn retired_hosts(base: &Pack, head: &Pack) -> String {
    let mut text = String::new();
    for node in &base.nodes {
        // An address inside the head's private networks is judged as unknown
        // there already.
        let address = node
            .address
            .filter(|a| head.role_of_address(*a).is_none() && !head.is_private(*a));
        let hostnames: Vec<&String> = node
            .hostnames
            .iter()
            .filter(|h| head.role_of_hostname(h).is_none())
            .collect();
        if address.is_none() && hostnames.is_empty() {
            continue;
        }
        text.push_str("\n[[infrastructure]]\n");
        text.push_str(&format!("name = {}\n", quote(&node.name)));
        text.push_str(&format!("description = {}\n", quote("retired node")));
        if let Some(address) = address {
            text.push_str(&format!("address = {}\n", quote(&address.to_string())));
        }
        if !hostnames.is_empty() {
            let names: Vec<String> = hostnames.iter().map(|h| quote(h)).collect();
            text.push_str(&format!("hostnames = [{}]\n", names.join(", ")));
        }
    }
    text
}

/// A change of the topology under review: the changed files judged with
/// the base's pack (`base`; a change cannot hide a pin it adds by removing
/// the node), and the whole tree with the head's, reporting every finding the
/// head's topology adds, each naming the change at `origin`. With
/// `--diff-base` (`since`), git lists the changed lines while the whole tree
/// is checked, and the walk tells the untracked files.
pub fn review(
    base: &Pack,
    head: &Pack,
    origin: &str,
    since: Option<DiffScope>,
    options: &mut CheckOptions,
) -> Result<Report, ScopeError> {
    // A file the index holds is no new file: the walk need not remember it.
    let indexed = |relative: &str| since.as_ref().is_none_or(|s| s.is_indexed(relative));
    let whole = whole_tree(base, head, options, origin, &indexed);
    if let Some(mut since) = since {
        let mut changes = since.tracked_changes()?;
        since.add_untracked(&mut changes, &whole.files_unknown);
        since.narrow_to(options, &changes);
    }
    let mut report = check(base, options);
    let changed = whole.report;
    let known: HashSet<Fingerprint> = report.findings.iter().map(|f| f.fingerprint).collect();
    report.files_checked = report.files_checked.max(changed.files_checked);
    report.incomplete |= changed.incomplete;
    for (path, source) in changed.sources {
        report.sources.entry(path).or_insert(source);
    }
    report.findings.extend(
        changed
            .findings
            .into_iter()
            .filter(|f| !known.contains(&f.fingerprint)),
    );
    report
        .findings
        .sort_by_key(|f| (f.path.clone(), f.start, f.rule.id));
    Ok(report)
}

/// The findings the head's topology gives and the base's does not,
/// anywhere under the root of `options` (each file judged with both), each
/// naming the change at `origin`; with the sources for snippets. A file it
/// could not read is a `read-error`, as in any check. The files read that
/// are not `known` are listed.
fn whole_tree(
    base: &Pack,
    head: &Pack,
    options: &CheckOptions,
    origin: &str,
    known: Known,
) -> TopologyCheck {
    let mut whole = CheckOptions::new(vec![options.root.clone()], options.root.clone());
    whole.jobs = options.jobs;
    whole.today = options.today;
    whole.own_files = options.own_files.clone();
    whole.baseline = options.baseline.clone();
    whole.select = options.select.clone();
    whole.ignore = options.ignore.clone();
    whole.keep_sources = options.keep_sources;
    whole.keep_suppressed = options.keep_suppressed;
    let mut checked = check_changes(head, base, &whole, known);
    // A file the whole check could not read leaves it incomplete: kept as is.
    for finding in checked
        .report
        .findings
        .iter_mut()
        .filter(|f| f.rule.id != read_error::RULE.id)
    {
        finding.message =
            format!("{} (from the topology change at {origin})", finding.message).into();
    }
    checked
}
