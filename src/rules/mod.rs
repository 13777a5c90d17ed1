//! Rules: one file per rule, each with its id, severity, documentation and
//! judgement. Rules read references, never files; they decide, never print.

pub mod candidate_set;
pub mod cross_service;
pub mod endpoint_bypass;
pub mod new_exception;
pub mod node_address;
pub mod parse_error;
pub mod read_error;
pub mod unused_allow;
pub mod unused_suppression;

use std::ops::Range;

use serde::Serialize;

use crate::address::{Hit, Target};
use crate::pack::{Pack, Role};
use crate::scan::Reference;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Note,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// A rule's identity and documentation: the one text behind `topolint explain`,
/// the SARIF rule metadata and the README's rule table.
#[derive(Debug)]
pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    /// One line: what the rule catches.
    pub summary: &'static str,
    /// Markdown with the sections "Why it matters", "How to fix" and "Example".
    pub explanation: &'static str,
}

/// Every rule, in order of precedence (the most specific first).
pub const ALL: &[&Rule] = &[
    &candidate_set::RULE,
    &cross_service::RULE,
    &node_address::RULE,
    &endpoint_bypass::RULE,
    &unused_suppression::RULE,
    &unused_allow::RULE,
    &new_exception::RULE,
    &parse_error::RULE,
    &read_error::RULE,
];

/// Precedence of a rule where several judge the same span (lower wins).
pub fn precedence(rule: &Rule) -> usize {
    ALL.iter()
        .position(|r| r.id == rule.id)
        .unwrap_or(ALL.len())
}

pub fn by_id(id: &str) -> Option<&'static Rule> {
    ALL.iter().copied().find(|rule| rule.id == id)
}

/// What a rule concluded about one reference.
#[derive(Debug, Clone)]
pub struct Verdict {
    pub rule: &'static Rule,
    /// The rule's severity, or a lower one (a duplicate list member is a warning).
    pub severity: Severity,
    pub message: String,
    /// A few words under the span in rich output.
    pub label: String,
    pub help: String,
}

/// One finding in one file, ready for reporting.
#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: &'static Rule,
    pub severity: Severity,
    /// Relative to the scan root, `/` separators.
    pub path: String,
    /// Byte range in the file; empty for findings about the whole file.
    pub span: Range<usize>,
    pub start: Position,
    pub end: Position,
    pub message: String,
    pub label: String,
    pub help: String,
    pub locator: String,
    /// The offending address as written.
    pub value: String,
    pub fingerprint: String,
}

impl Finding {
    /// A finding about a whole line (a config entry, a file that could not be
    /// read), with no span to underline.
    pub fn on_line(
        rule: &'static Rule,
        path: &str,
        line: usize,
        locator: &str,
        message: String,
        help: &str,
    ) -> Finding {
        Finding {
            rule,
            severity: rule.severity,
            path: path.to_string(),
            span: 0..0,
            start: Position { line, column: 1 },
            end: Position { line, column: 1 },
            message,
            label: String::new(),
            help: help.to_string(),
            locator: locator.to_string(),
            value: String::new(),
            fingerprint: crate::fingerprint(rule.id, path, locator, "", 0),
        }
    }
}

/// 1-based line and column; columns count characters. An end position is
/// exclusive (the character after the span), as in SARIF.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Judges one reference: at most one verdict, from the most specific rule that fires.
pub fn judge(pack: &Pack, reference: &Reference) -> Option<Verdict> {
    cross_service::judge(pack, reference)
        .or_else(|| node_address::judge(pack, reference))
        .or_else(|| endpoint_bypass::judge(pack, reference))
}

/// Whether a reference to `hit` is right in every context unless a service's
/// port is written with it (`cross-service`): true of an endpoint that fits
/// every service. A node, an infrastructure host or an unknown private
/// address may be wrong anywhere. (Leader-discovery lists are judged apart.)
pub fn is_right_without_port(pack: &Pack, hit: &Hit) -> bool {
    matches!(hit.target, Target::Known(Role::Endpoint(endpoint)) if pack.endpoint_fits_every_service(endpoint))
}

/// Whether a reference counts at all: an IP literal always does; a hostname
/// only where it is used as a network host.
fn is_configuration(reference: &Reference) -> bool {
    reference.hit.form == crate::address::Form::Ip || reference.as_host
}

/// `postgres node db-slave-01`.
fn describe_node(pack: &Pack, node: usize) -> String {
    let node = &pack.nodes[node];
    format!("{} node {}", pack.services[node.service].name, node.name)
}

/// How to name what was written: the address, plus the node's address when a
/// hostname was written (`db-slave-02 (10.0.0.122)`).
fn written(pack: &Pack, reference: &Reference) -> String {
    let text = &reference.written;
    match (reference.hit.form, reference.hit.target) {
        (crate::address::Form::Hostname, Target::Known(Role::Node(node))) => {
            match pack.nodes[node].address {
                Some(address) => format!("{text} ({address})"),
                None => text.clone(),
            }
        }
        _ => text.clone(),
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! Judge a snippet end to end (scanner + rules) in unit tests.
    use std::path::Path;

    use crate::pack::Pack;
    use crate::scan::{FileKind, Scanner};

    /// `(rule id, the text of the span)` for each finding in `text` read as `file`.
    pub fn check(file: &str, text: &str) -> Vec<(&'static str, String)> {
        let pack = Pack::builtin().expect("the built-in pack is valid");
        let scanner = Scanner::new(&pack);
        scanner
            .scan(FileKind::of(Path::new(file)), text)
            .references
            .iter()
            .filter_map(|r| {
                super::judge(&pack, r).map(|v| (v.rule.id, text[r.hit.span.clone()].to_string()))
            })
            .collect()
    }

    /// The message and help of the only finding in `text`.
    pub fn only_verdict(file: &str, text: &str) -> (String, String) {
        let pack = Pack::builtin().expect("the built-in pack is valid");
        let scanner = Scanner::new(&pack);
        let verdicts: Vec<_> = scanner
            .scan(FileKind::of(Path::new(file)), text)
            .references
            .iter()
            .filter_map(|r| super::judge(&pack, r))
            .collect();
        assert_eq!(
            verdicts.len(),
            1,
            "expected one finding in {text:?}, got {verdicts:?}"
        );
        (verdicts[0].message.clone(), verdicts[0].help.clone())
    }
}
