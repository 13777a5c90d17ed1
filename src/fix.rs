//! `topolint fix` and `check --fix`: applying the fixes the rules attach to
//! their findings. Only the findings a check reports are fixed (never what
//! an allowlist entry, an inline suppression or the baseline hides); a
//! fixed file is re-checked before it is written, and written only if it
//! still reads as its kind and has fewer findings; writes are atomic and keep
//! the file's permissions; a second run changes nothing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::check::{check_source, masked_source};
use crate::finding::{Finding, Replacement, Report};
use crate::pack::Pack;
use crate::rules;

/// What fixing one file would do.
#[derive(Debug)]
pub struct FileChange {
    /// Relative to the scan root (as in reports).
    pub relative: String,
    pub path: PathBuf,
    pub original: String,
    pub fixed: String,
    /// The rule of each finding the change fixes.
    pub fixed_rules: Vec<&'static str>,
}

/// A finding left as it is, and why.
#[derive(Debug)]
pub struct Left {
    pub rule: &'static str,
    pub reason: &'static str,
}

/// The changes the findings of `report` call for (safe fixes only unless
/// `unsafe_fixes`), each re-checked; and what is left.
pub fn plan(
    pack: &Pack,
    report: &Report,
    root: &Path,
    unsafe_fixes: bool,
) -> (Vec<FileChange>, Vec<Left>) {
    let mut by_file: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    let mut left = Vec::new();
    for finding in &report.findings {
        match &finding.fix {
            Some(fix) if fix.safe || unsafe_fixes => {
                by_file.entry(&finding.path).or_default().push(finding);
            }
            Some(_) => left.push(Left {
                rule: finding.rule.id,
                reason: "unsafe fix (apply with --unsafe)",
            }),
            None => left.push(Left {
                rule: finding.rule.id,
                reason: "no fix",
            }),
        }
    }
    let mut changes = Vec::new();
    for (relative, findings) in by_file {
        let path = root.join(relative);
        let refused = |left: &mut Vec<Left>, reason| {
            left.extend(findings.iter().map(|f| Left {
                rule: f.rule.id,
                reason,
            }));
        };
        // Only regular files are ever written (never through a link).
        let regular = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_file());
        let Some(original) = regular
            .then(|| std::fs::read_to_string(&path).ok())
            .flatten()
        else {
            refused(&mut left, "not a regular UTF-8 file: not written");
            continue;
        };
        let (fixed, fixed_rules) = apply(&original, &findings);
        if fixed == original {
            continue;
        }
        if !improves(pack, Path::new(relative), &original, &fixed) {
            refused(
                &mut left,
                "the fixed file would not check better: not written",
            );
            continue;
        }
        changes.push(FileChange {
            relative: relative.to_string(),
            path,
            original,
            fixed,
            fixed_rules,
        });
    }
    (changes, left)
}

/// `text` with the replacements of `findings` applied: identical ones once
/// (one list fix serves every finding of the list), overlapping ones not at
/// all (the first wins); and the rule of each finding fixed.
fn apply(text: &str, findings: &[&Finding]) -> (String, Vec<&'static str>) {
    let mut replacements: Vec<(&Replacement, &'static str)> = findings
        .iter()
        .filter_map(|f| f.fix.as_ref().map(|fix| (fix, f.rule.id)))
        .flat_map(|(fix, rule)| fix.replacements.iter().map(move |r| (r, rule)))
        .collect();
    replacements.sort_by_key(|(r, _)| (r.start, r.end));
    let mut unique: Vec<(&Replacement, Vec<&'static str>)> = Vec::new();
    for (replacement, rule) in replacements {
        match unique.last_mut() {
            Some((last, rules)) if *last == replacement => rules.push(rule),
            _ => unique.push((replacement, vec![rule])),
        }
    }
    let ordered: Vec<&Replacement> = unique.iter().map(|(r, _)| *r).collect();
    let (fixed, applied) = Replacement::apply_all(text, &ordered);
    let rules = unique
        .into_iter()
        .zip(applied)
        .filter(|(_, applied)| *applied)
        .flat_map(|((_, rules), _)| rules)
        .collect();
    (fixed, rules)
}

/// Whether `fixed` still reads as its kind (no parse error the original did
/// not have) and has fewer findings than `original`.
fn improves(pack: &Pack, path: &Path, original: &str, fixed: &str) -> bool {
    let before = check_source(pack, path, original);
    let after = check_source(pack, path, fixed);
    let parse_errors = |findings: &[Finding]| {
        findings
            .iter()
            .filter(|f| f.rule.id == rules::parse_error::RULE.id)
            .count()
    };
    parse_errors(&after) <= parse_errors(&before) && after.len() < before.len()
}

/// Writes `change` atomically, keeping the file's permissions.
pub fn write(change: &FileChange) -> std::io::Result<()> {
    let permissions = std::fs::metadata(&change.path)?.permissions();
    crate::atomic::write(&change.path, change.fixed.as_bytes(), Some(permissions))
}

/// The unified diff of `change`, secrets masked on both sides. Lines are
/// compared as written (a changed secret-holding value, such as base64
/// Secret data, is a changed line) and printed masked.
pub fn diff(pack: &Pack, change: &FileChange) -> String {
    let path = Path::new(&change.relative);
    let before = masked_source(pack, path, &change.original);
    let after = masked_source(pack, path, &change.fixed);
    let masked_before: Vec<&str> = before.split_inclusive('\n').collect();
    let masked_after: Vec<&str> = after.split_inclusive('\n').collect();
    let lines = similar::TextDiff::from_lines(&change.original, &change.fixed);
    if masked_before.len() != lines.old_slices().len()
        || masked_after.len() != lines.new_slices().len()
    {
        // A mask that spans lines: compare the masked texts themselves.
        return similar::TextDiff::from_lines(&before, &after)
            .unified_diff()
            .context_radius(2)
            .header(
                &format!("a/{}", change.relative),
                &format!("b/{}", change.relative),
            )
            .to_string();
    }
    let mut out = format!("--- a/{0}\n+++ b/{0}\n", change.relative);
    for group in lines.grouped_ops(2) {
        let (Some(first), Some(last)) = (group.first(), group.last()) else {
            continue;
        };
        let old = first.old_range().start..last.old_range().end;
        let new = first.new_range().start..last.new_range().end;
        out.push_str(&format!(
            "@@ -{},{} +{},{} @@\n",
            old.start + 1,
            old.len(),
            new.start + 1,
            new.len()
        ));
        for op in &group {
            let (tag, old, new) = op.as_tag_tuple();
            let mut line = |sign: char, text: &str| {
                out.push(sign);
                out.push_str(text);
                if !text.ends_with('\n') {
                    out.push_str("\n\\ No newline at end of file\n");
                }
            };
            match tag {
                similar::DiffTag::Equal => old.for_each(|i| line(' ', masked_before[i])),
                similar::DiffTag::Delete => old.for_each(|i| line('-', masked_before[i])),
                similar::DiffTag::Insert => new.for_each(|i| line('+', masked_after[i])),
                similar::DiffTag::Replace => {
                    old.for_each(|i| line('-', masked_before[i]));
                    new.for_each(|i| line('+', masked_after[i]));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
