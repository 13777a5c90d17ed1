//! Matching findings against the pack's `[[allow]]` entries.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::finding::{Finding, Suppressed, SuppressedKind};
use crate::pack::{AllowEntry, Pack};
use crate::rules;
use crate::scan::{BOM, Enclosure, JudgedTexts};

/// Where a finding is, as the allowlist sees it.
pub struct Place<'a> {
    pub path: &'a str,
    pub text: &'a str,
    pub enclosure: &'a Enclosure,
}

/// The allowlist with a use count per entry (for `unused-allow`).
pub struct Allowlist<'a> {
    pub entries: &'a [AllowEntry],
    pack: &'a Pack,
    pub uses: Vec<AtomicUsize>,
    pub today: jiff::civil::Date,
}

impl<'a> Allowlist<'a> {
    pub fn new(pack: &'a Pack, today: jiff::civil::Date) -> Self {
        Allowlist {
            entries: &pack.allow,
            pack,
            uses: pack.allow.iter().map(|_| AtomicUsize::new(0)).collect(),
            today,
        }
    }

    /// Hides `finding` if an entry that is not expired allows it; a finding
    /// that only an expired entry would allow comes back with a note saying so.
    /// `verdicts` keeps what the entries made of the file for its next
    /// finding (one per file, default at first).
    pub fn judge(
        &self,
        mut finding: Finding,
        place: &Place,
        verdicts: &mut FileVerdicts,
    ) -> Outcome {
        let path_selected = verdicts.paths.get_or_insert_with(|| {
            let path = self.pack.glob_path(place.path);
            self.entries
                .iter()
                .map(|entry| {
                    entry
                        .paths
                        .as_ref()
                        .is_none_or(|globs| globs.is_match(path.as_ref()))
                })
                .collect()
        });
        verdicts
            .contains
            .resize(self.entries.len(), ContentVerdict::default());
        let mut expired = None;
        for (index, ((entry, &path_selected), contains)) in self
            .entries
            .iter()
            .zip(path_selected.iter())
            .zip(verdicts.contains.iter_mut())
            .enumerate()
        {
            if !entry.covers_rule(finding.rule.id)
                || !path_selected
                || !selects(entry, place, contains)
            {
                continue;
            }
            if entry.is_expired(self.today) {
                expired.get_or_insert(entry);
                continue;
            }
            self.uses[index].fetch_add(1, Ordering::Relaxed);
            let reason = format!("{} ({})", entry.reason, entry.describe());
            return Outcome::Hidden(Suppressed {
                finding,
                kind: SuppressedKind::Allow,
                reason,
            });
        }
        if let Some(entry) = expired {
            finding.message = rules::with_expired_allow(&finding.message, entry).into();
        }
        Outcome::Kept(finding)
    }
}

/// What the allowlist made of a finding.
pub enum Outcome {
    Kept(Finding),
    Hidden(Suppressed),
}

/// What the entries' selectors made of one file, kept for its next finding.
#[derive(Default)]
pub struct FileVerdicts {
    /// Whether each entry's `paths` select the file: the same for every
    /// finding, judged on the first.
    paths: Option<Vec<bool>>,
    /// Each entry's content verdict.
    contains: Vec<ContentVerdict>,
}

/// An entry's content patterns judged on the whole file, on a finding's
/// own texts (a YAML value, a heredoc) and on the texts its variable is
/// written into, each kept for the findings after: most share their texts,
/// and a file's findings in and out of its heredocs must not cost a search
/// of the whole file each.
#[derive(Clone, Default)]
struct ContentVerdict {
    file: Option<bool>,
    /// The file without its embedded texts, for the findings outside them.
    around: Option<(JudgedTexts, bool)>,
    /// Each set of texts judged: findings in and out of a file's embedded
    /// texts alternate, and none may cost a second search.
    texts: HashMap<Vec<Range<usize>>, bool>,
    written: Option<(JudgedTexts, bool)>,
}

/// The text of an embedded file (a YAML block scalar, a heredoc) at its own
/// margin, as the file it becomes: a block scalar's lines after its first
/// carry the indentation of the YAML around them, and a content rule that
/// anchors a key at the margin (`^scrape_configs:`) must judge them as
/// written to disk.
fn at_own_margin(file: &str, range: Range<usize>) -> Option<Cow<'_, str>> {
    let text = file.get(range.clone())?;
    let before = &file[..range.start];
    let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
    let mut lines = text.split_inclusive('\n');
    let indentation = |line: &str| line.len() - line.trim_start_matches([' ', '\t']).len();
    // A block scalar's range starts at its first character, after its
    // indentation: that is its margin. Any other text (a heredoc's body,
    // which starts a line) takes the indentation its lines share.
    let first = (line_start < range.start).then(|| lines.next()).flatten();
    let lead = &before[line_start..];
    let margin = if first.is_some() && indentation(lead) == lead.len() {
        lead.len()
    } else {
        lines
            .clone()
            .filter(|line| !line.trim().is_empty())
            .map(indentation)
            .min()
            .unwrap_or(0)
    };
    if margin == 0 {
        return Some(Cow::Borrowed(text));
    }
    let mut dedented = String::with_capacity(text.len());
    dedented.extend(first);
    for line in lines {
        dedented.push_str(&line[indentation(line).min(margin)..]);
    }
    Some(Cow::Owned(dedented))
}

/// `file` without the texts embedded in it (sorted, apart): what a content
/// rule judges for a finding outside them.
fn without<'f>(file: &'f str, embedded: &[Range<usize>]) -> Cow<'f, str> {
    if embedded.is_empty() {
        return Cow::Borrowed(file);
    }
    let mut rest = String::with_capacity(file.len());
    let mut start = 0;
    for text in embedded {
        rest.push_str(file.get(start..text.start).unwrap_or_default());
        start = start.max(text.end);
    }
    rest.push_str(file.get(start..).unwrap_or_default());
    Cow::Owned(rest)
}

/// Whether every selector of `entry` but its paths matches `place`.
fn selects(entry: &AllowEntry, place: &Place, contains: &mut ContentVerdict) -> bool {
    if !entry.yaml_kinds.is_empty() {
        let kind = place
            .enclosure
            .document
            .as_ref()
            .and_then(|d| d.kind.as_deref());
        if !kind.is_some_and(|kind| entry.yaml_kinds.iter().any(|k| k == kind)) {
            return false;
        }
    }
    if !entry.yaml_keys.is_empty() {
        let Some(document) = &place.enclosure.document else {
            return false;
        };
        if !entry
            .yaml_keys
            .iter()
            .all(|key| document.top_level_keys.binary_search(key).is_ok())
        {
            return false;
        }
    }
    if let Some(keys) = &entry.value_keys
        && ![
            &place.enclosure.key,
            &place.enclosure.surroundings().outer_key,
        ]
        .into_iter()
        .flatten()
        .any(|key| keys.is_match(key))
    {
        return false;
    }
    if let Some(blocks) = &entry.blocks
        && !place
            .enclosure
            .surroundings()
            .block
            .as_deref()
            .is_some_and(|block| blocks.is_match(block))
    {
        return false;
    }
    if !entry.contains.is_empty() {
        // A content rule recognises a format in a text that holds the
        // finding: the file, or a YAML value or heredoc (an embedded file).
        let recognises = |text: &str| entry.contains.iter().all(|p| p.is_match(text));
        // A file read whole starts at its margin, after any BOM.
        let recognises_file = |text: &str| recognises(text.strip_prefix(BOM).unwrap_or(text));
        let recognised_in = |scope: &[Range<usize>]| {
            scope
                .iter()
                .filter_map(|range| at_own_margin(place.text, range.clone()))
                .any(|text| recognises(&text))
        };
        let surroundings = place.enclosure.surroundings();
        let scope = &surroundings.content;
        let in_texts = match (scope.is_empty(), &surroundings.around) {
            (true, None) => *contains
                .file
                .get_or_insert_with(|| recognises_file(place.text)),
            (true, Some(embedded)) => match &contains.around {
                Some((judged, found)) if Arc::ptr_eq(embedded, judged) => *found,
                _ => {
                    let found = recognises_file(&without(place.text, embedded));
                    contains.around = Some((embedded.clone(), found));
                    found
                }
            },
            (false, _) => match contains.texts.get(scope) {
                Some(found) => *found,
                None => {
                    let found = recognised_in(scope);
                    contains.texts.insert(scope.clone(), found);
                    found
                }
            },
        };
        let mut in_written = || match (&place.enclosure.surroundings().written, &contains.written) {
            (None, _) => false,
            (Some(written), Some((judged, found))) if Arc::ptr_eq(written, judged) => *found,
            (Some(written), _) => {
                let found = recognised_in(written);
                contains.written = Some((written.clone(), found));
                found
            }
        };
        if !(in_texts || in_written()) {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::at_own_margin;

    fn margin_of(file: &str, text: &str) -> String {
        let start = file.find(text).expect("text in file");
        at_own_margin(file, start..start + text.len())
            .expect("a range of the file")
            .into_owned()
    }

    #[test]
    fn a_block_scalar_is_judged_at_its_own_indentation() {
        let file = "data:\n  prometheus.yml: |\n    global: {}\n    scrape_configs:\n      - job_name: pg\n";
        let value = "global: {}\n    scrape_configs:\n      - job_name: pg\n";
        assert_eq!(
            margin_of(file, value),
            "global: {}\nscrape_configs:\n  - job_name: pg\n"
        );
    }

    #[test]
    fn a_first_line_alone_at_the_margin_keeps_the_nesting_below_it() {
        let file = "content: |\n      app:\n        restapi: {}\n";
        let value = "app:\n        restapi: {}\n";
        assert_eq!(margin_of(file, value), "app:\n  restapi: {}\n");
    }

    #[test]
    fn a_text_that_starts_a_line_loses_the_indentation_its_lines_share() {
        let file = "cat <<-EOF\n\tname: a\n\n\tinitial-cluster: b\nEOF\n";
        assert_eq!(
            margin_of(file, "\tname: a\n\n\tinitial-cluster: b\n"),
            "name: a\n\ninitial-cluster: b\n"
        );
        let flush = "restapi:\n  listen: x\n";
        assert_eq!(margin_of(flush, flush), flush);
    }
}
