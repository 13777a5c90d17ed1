//! Which rules a run reports, and at what severity: the pack's `[rules]`
//! (`endpoint-bypass = "error"`, `unused-allow = "off"`), narrowed for one
//! run by `--select` and `--ignore`. `read-error` always stays: an
//! unreadable file leaves the scan incomplete.

use crate::finding::{Report, Severity};
use crate::pack::{ALWAYS_ON, Pack, RuleLevel};

use super::{ALL, Rule};

/// The rules one run reports and their severities.
#[derive(Debug, Default)]
pub struct Selection {
    levels: Vec<(&'static str, RuleLevel)>,
    /// `--select`: only these (and `read-error`).
    select: Option<Vec<&'static str>>,
    /// `--ignore`: not these.
    ignore: Vec<&'static str>,
}

/// Rule ids as written on the command line (`node-address,cross-service`),
/// each a known rule; `flag` names the option in errors.
pub fn rule_ids(flag: &str, written: &[String]) -> Result<Vec<&'static str>, String> {
    written
        .iter()
        .map(|id| {
            let rule = super::by_id(id.trim()).ok_or_else(|| {
                let known: Vec<&str> = ALL.iter().map(|rule| rule.id).collect();
                format!(
                    "{flag} {id}: unknown rule (the rules are {})",
                    known.join(", ")
                )
            })?;
            if flag == "--ignore" && rule.id == ALWAYS_ON {
                return Err(format!(
                    "--ignore {ALWAYS_ON}: it cannot be ignored, an unreadable file leaves the scan incomplete"
                ));
            }
            Ok(rule.id)
        })
        .collect()
}

impl Selection {
    pub fn new(
        pack: &Pack,
        select: Option<Vec<&'static str>>,
        ignore: Vec<&'static str>,
    ) -> Selection {
        Selection {
            levels: pack.rule_levels.clone(),
            select,
            ignore,
        }
    }

    /// Whether the run reports findings of `rule`.
    pub fn keeps(&self, rule: &Rule) -> bool {
        if rule.id == ALWAYS_ON {
            return true;
        }
        let selected = self
            .select
            .as_ref()
            .is_none_or(|select| select.contains(&rule.id));
        selected && !self.ignore.contains(&rule.id) && self.level(rule) != Some(RuleLevel::Off)
    }

    fn level(&self, rule: &Rule) -> Option<RuleLevel> {
        self.levels
            .iter()
            .find(|(id, _)| *id == rule.id)
            .map(|(_, level)| *level)
    }

    /// The severity of a finding of `rule` that the rule gave `severity`:
    /// the pack's, for findings at the rule's own severity; a finding the
    /// rule marks lower (a duplicate list member) stays as low.
    pub fn severity(&self, rule: &Rule, severity: Severity) -> Severity {
        match self.level(rule) {
            Some(RuleLevel::On(level)) if severity == rule.severity => level,
            Some(RuleLevel::On(level)) => severity.max(level),
            _ => severity,
        }
    }

    /// Drops the findings of rules the run does not report, and sets the
    /// severities the pack gives (what was hidden too, for `--show-suppressed`).
    pub fn apply(&self, report: &mut Report) {
        report.findings.retain(|f| self.keeps(f.rule));
        report.suppressed.retain(|s| self.keeps(s.finding.rule));
        let findings = report
            .findings
            .iter_mut()
            .chain(report.suppressed.iter_mut().map(|s| &mut s.finding));
        for finding in findings {
            finding.severity = self.severity(finding.rule, finding.severity);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{candidate_set, endpoint_bypass, node_address, read_error};

    fn pack(rules: &str) -> Pack {
        Pack::from_toml(
            ".topolint.toml",
            &format!("extends = \"keybuzz\"\n[rules]\n{rules}"),
        )
        .expect("valid pack")
    }

    #[test]
    fn the_pack_sets_severities_and_turns_rules_off() {
        let pack = pack("endpoint-bypass = \"error\"\nnode-address = \"off\"\n");
        let selection = Selection::new(&pack, None, Vec::new());
        assert_eq!(
            selection.severity(&endpoint_bypass::RULE, Severity::Warning),
            Severity::Error
        );
        assert!(!selection.keeps(&node_address::RULE));
        assert!(selection.keeps(&endpoint_bypass::RULE));
    }

    #[test]
    fn a_lowered_finding_stays_below_the_rules_level() {
        let pack = pack("candidate-set = \"error\"\n");
        let selection = Selection::new(&pack, None, Vec::new());
        // A duplicate member is a warning of an error rule: it stays one.
        assert_eq!(
            selection.severity(&candidate_set::RULE, Severity::Warning),
            Severity::Warning
        );
        let pack = self::pack("candidate-set = \"note\"\n");
        let selection = Selection::new(&pack, None, Vec::new());
        assert_eq!(
            selection.severity(&candidate_set::RULE, Severity::Warning),
            Severity::Note
        );
    }

    #[test]
    fn select_and_ignore_narrow_a_run_but_read_error_stays() {
        let pack = Pack::builtin().expect("the built-in pack is valid");
        let selection = Selection::new(&pack, Some(vec!["node-address"]), Vec::new());
        assert!(selection.keeps(&node_address::RULE));
        assert!(!selection.keeps(&candidate_set::RULE));
        assert!(selection.keeps(&read_error::RULE));
        let selection = Selection::new(&pack, None, vec!["node-address"]);
        assert!(!selection.keeps(&node_address::RULE));
        assert!(selection.keeps(&candidate_set::RULE));
    }

    #[test]
    fn rule_ids_are_checked() {
        assert_eq!(
            rule_ids("--select", &["node-address".into()]),
            Ok(vec!["node-address"])
        );
        let unknown = rule_ids("--select", &["node-adress".into()]).expect_err("unknown");
        assert!(
            unknown
                .starts_with("--select node-adress: unknown rule (the rules are candidate-set, "),
            "{unknown}"
        );
        let always = rule_ids("--ignore", &["read-error".into()]).expect_err("always on");
        assert!(always.contains("cannot be ignored"), "{always}");
    }

    #[test]
    fn pack_levels_are_checked_at_their_line() {
        for (rules, message) in [
            (
                "node-adress = \"off\"\n",
                "[rules]: unknown rule \"node-adress\"",
            ),
            (
                "node-address = \"fatal\"\n",
                "expected \"error\", \"warning\", \"note\" or \"off\"",
            ),
            ("read-error = \"off\"\n", "read-error is always an error"),
        ] {
            let error = Pack::from_toml(
                ".topolint.toml",
                &format!("extends = \"keybuzz\"\n[rules]\n{rules}"),
            )
            .expect_err("an invalid level");
            assert_eq!((error.file.as_str(), error.line), (".topolint.toml", 3));
            assert!(error.message.contains(message), "{}", error.message);
        }
    }
}
