//! Inline suppressions: `topolint: allow(RULE[, RULE…]) reason` in a comment on
//! the finding's line or the line above. The reason is required.

use std::ops::Range;

use crate::finding::{Finding, LineIndex, Suppressed, SuppressedKind};

/// One `topolint: allow(…)` comment.
#[derive(Debug, Clone)]
pub struct Suppression {
    /// 1-based line of the comment.
    pub line: usize,
    /// The `topolint: allow(…) reason` text.
    pub span: Range<usize>,
    pub rules: Vec<String>,
    pub reason: String,
}

pub const MARKER: &str = "topolint:";
/// What starts a comment before the marker, in the formats topolint reads.
const COMMENT_STARTS: &[&str] = &["#", "//", ";", "--", "/*", "<!--"];

/// Every suppression comment in `text`, whose lines are `lines`.
pub fn parse(text: &str, lines: &LineIndex) -> Vec<Suppression> {
    let mut found = Vec::new();
    for at in memchr::memmem::find_iter(text.as_bytes(), MARKER.as_bytes()) {
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        let before = &text[line_start..at];
        if !COMMENT_STARTS.iter().any(|start| before.contains(start)) {
            continue;
        }
        let rest = text[at + MARKER.len()..line_end].trim_start();
        let Some(arguments) = rest.strip_prefix("allow(") else {
            continue;
        };
        let Some(close) = arguments.find(')') else {
            continue;
        };
        let rules = arguments[..close]
            .split(',')
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty())
            .collect();
        let reason = arguments[close + 1..]
            .trim()
            .trim_end_matches("-->")
            .trim_end_matches("*/")
            .trim()
            .to_string();
        found.push(Suppression {
            line: lines.line(at),
            span: at..line_end,
            rules,
            reason,
        });
    }
    found
}

/// Hides the findings that a suppression with a reason covers; returns the
/// findings kept, those hidden, and every suppression that hid nothing (or
/// could not, lacking a reason).
pub fn apply<M>(
    findings: Vec<(Finding, M)>,
    suppressions: &[Suppression],
) -> (Vec<(Finding, M)>, Vec<Suppressed>, Vec<&Suppression>) {
    let mut used = vec![false; suppressions.len()];
    let mut kept = Vec::with_capacity(findings.len());
    let mut hidden = Vec::new();
    for (finding, meta) in findings {
        let line = finding.start.line;
        // Suppressions are in line order: only those on this line or the one above.
        let first = suppressions.partition_point(|s| s.line + 1 < line);
        let by = suppressions[first..]
            .iter()
            .take_while(|s| s.line <= line)
            .position(|s| !s.reason.is_empty() && s.rules.iter().any(|r| r == finding.rule.id))
            .map(|offset| first + offset);
        match by {
            Some(index) => {
                used[index] = true;
                let reason = format!(
                    "line {}: {}",
                    suppressions[index].line, suppressions[index].reason
                );
                hidden.push(Suppressed {
                    finding,
                    kind: SuppressedKind::Inline,
                    reason,
                });
            }
            None => kept.push((finding, meta)),
        }
    }
    let unused = suppressions
        .iter()
        .zip(used)
        .filter(|(_, used)| !used)
        .map(|(suppression, _)| suppression)
        .collect();
    (kept, hidden, unused)
}

#[cfg(test)]
mod tests {
    use crate::finding::LineIndex;

    #[test]
    fn parses_rules_and_reason_in_comments_only() {
        let text = "A=1 # topolint: allow(node-address, cross-service) migration until Q3\n\"topolint: allow(node-address) not a comment\"\n// topolint: allow(node-address)\n<!-- topolint: allow(candidate-set) docs -->\n";
        let found = super::parse(text, &LineIndex::new(text));
        assert_eq!(found.len(), 3);
        assert_eq!(
            (
                found[0].line,
                found[0].rules.clone(),
                found[0].reason.as_str()
            ),
            (
                1,
                vec!["node-address".to_string(), "cross-service".to_string()],
                "migration until Q3"
            )
        );
        assert_eq!((found[1].line, found[1].reason.as_str()), (3, ""));
        assert_eq!(found[2].reason, "docs");
    }
}
