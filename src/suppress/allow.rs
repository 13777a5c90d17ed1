//! Matching findings against the pack's `[[allow]]` entries.

use std::sync::atomic::{AtomicUsize, Ordering};

use crate::finding::{Finding, Suppressed, SuppressedKind};
use crate::pack::{AllowEntry, Pack};
use crate::rules;
use crate::scan::Enclosure;

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
    pub fn judge(
        &self,
        mut finding: Finding,
        place: &Place,
        contains_cache: &mut Vec<Option<bool>>,
    ) -> Outcome {
        contains_cache.resize(self.entries.len(), None);
        let mut expired = None;
        for (index, entry) in self.entries.iter().enumerate() {
            if !entry.covers_rule(finding.rule.id)
                || !selects(
                    entry,
                    &self.pack.glob_path(place.path),
                    place,
                    &mut contains_cache[index],
                )
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
            finding.message = rules::with_expired_allow(&finding.message, entry);
        }
        Outcome::Kept(finding)
    }
}

/// What the allowlist made of a finding.
pub enum Outcome {
    Kept(Finding),
    Hidden(Suppressed),
}

/// Whether every selector of `entry` matches `place` (whose path the pack's
/// globs see as `path`).
fn selects(entry: &AllowEntry, path: &str, place: &Place, contains: &mut Option<bool>) -> bool {
    if entry
        .paths
        .as_ref()
        .is_some_and(|globs| !globs.is_match(path))
    {
        return false;
    }
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
            .all(|key| document.top_level_keys.contains(key))
        {
            return false;
        }
    }
    if let Some(keys) = &entry.value_keys
        && !place
            .enclosure
            .key
            .as_deref()
            .is_some_and(|key| keys.is_match(key))
    {
        return false;
    }
    if !entry.contains.is_empty() {
        let found = *contains.get_or_insert_with(|| {
            entry
                .contains
                .iter()
                .all(|pattern| pattern.is_match(place.text))
        });
        if !found {
            return false;
        }
    }
    true
}
