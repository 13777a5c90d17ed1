//! `[rules]`: a pack sets a rule's severity or turns it off
//! (`endpoint-bypass = "error"`, `unused-allow = "off"`).

use std::collections::BTreeMap;
use std::ops::Range;

use toml::Spanned;

use super::KNOWN_RULES;
use crate::finding::Severity;

/// What a pack says of one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleLevel {
    Off,
    On(Severity),
}

/// The rule no pack or flag can turn off or lower: an unreadable file leaves
/// the scan incomplete.
pub const ALWAYS_ON: &str = "read-error";

/// Each rule a pack names, with its level.
pub type RuleLevels = Vec<(&'static str, RuleLevel)>;

/// The levels of `[rules]`, each rule known and each level one of
/// `error`, `warning`, `note`, `off`.
pub fn parse(
    rules: &BTreeMap<String, Spanned<String>>,
) -> Result<RuleLevels, (Range<usize>, String)> {
    let mut levels = Vec::with_capacity(rules.len());
    for (rule, level) in rules {
        let Some(&known) = KNOWN_RULES.iter().find(|known| **known == rule) else {
            return Err((
                level.span(),
                format!(
                    "[rules]: unknown rule {rule:?} (the rules are {})",
                    KNOWN_RULES.join(", ")
                ),
            ));
        };
        let parsed = match level.get_ref().as_str() {
            "error" => RuleLevel::On(Severity::Error),
            "warning" => RuleLevel::On(Severity::Warning),
            "note" => RuleLevel::On(Severity::Note),
            "off" => RuleLevel::Off,
            other => {
                return Err((
                    level.span(),
                    format!(
                        "[rules] {rule} = {other:?}: expected \"error\", \"warning\", \"note\" or \"off\""
                    ),
                ));
            }
        };
        if known == ALWAYS_ON && parsed != RuleLevel::On(Severity::Error) {
            return Err((
                level.span(),
                format!(
                    "[rules] {rule} is always an error: an unreadable file leaves the scan incomplete"
                ),
            ));
        }
        levels.push((known, parsed));
    }
    Ok(levels)
}
