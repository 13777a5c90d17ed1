//! Inline suppressions: `topolint: allow(RULE[, RULE…]) reason` in a comment on
//! the finding's line or the line above. The reason is required.

use std::ops::Range;

use crate::finding::{Finding, LineIndex, Suppressed, SuppressedKind};
use crate::scan::is_batch_remark;

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
/// What starts a comment before the marker, in the formats topolint reads
/// (a batch file's `::` too; its `REM` is [`is_batch_remark`]).
const COMMENT_STARTS: &[&str] = &["#", "//", ";", "--", "/*", "<!--", "::"];

/// Every suppression comment in `text`, whose lines are `lines`.
pub fn parse(text: &str, lines: &LineIndex) -> Vec<Suppression> {
    let mut found = Vec::new();
    for at in memchr::memmem::find_iter(text.as_bytes(), MARKER.as_bytes()) {
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        let before = &text[line_start..at];
        if !COMMENT_STARTS.iter().any(|start| before.contains(start))
            && !is_batch_remark(&text[line_start..line_end])
        {
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

/// Hides the findings that a suppression with a reason covers — on the
/// finding's line, the line above, or above the YAML list item the finding
/// is in (an env entry's `- name:` line: the item is one entry) — and
/// returns the findings kept, those hidden, and every suppression that hid
/// nothing (or could not, lacking a reason).
pub fn apply<'s, M>(
    findings: Vec<(Finding, M)>,
    suppressions: &'s [Suppression],
    text: &str,
    lines: &LineIndex,
) -> (Vec<(Finding, M)>, Vec<Suppressed>, Vec<&'s Suppression>) {
    if suppressions.is_empty() {
        // Nothing to apply: the findings are kept as they are, not copied.
        return (findings, Vec::new(), Vec::new());
    }
    let mut used = vec![false; suppressions.len()];
    let mut kept = Vec::with_capacity(findings.len());
    let mut hidden = Vec::new();
    // Suppressions are in line order: only those on `line` or the one above.
    let covering = |line: usize, rule: &str| {
        let first = suppressions.partition_point(|s| s.line + 1 < line);
        suppressions[first..]
            .iter()
            .take_while(|s| s.line <= line)
            .position(|s| !s.reason.is_empty() && s.rules.iter().any(|r| r == rule))
            .map(|offset| first + offset)
    };
    for (finding, meta) in findings {
        let line = finding.start.line as usize;
        let by = covering(line, finding.rule.id).or_else(|| {
            list_item_start(text, lines, line).and_then(|item| covering(item, finding.rule.id))
        });
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

/// How many lines up the start of a list item is looked for.
const MAX_ITEM_LINES: usize = 64;

/// The 1-based line of the YAML list item (`- name: DB_HOST`) whose mapping
/// holds `line` as one of its keys or their values, if `line` is in one and
/// is not its first line.
fn list_item_start(text: &str, lines: &LineIndex, line: usize) -> Option<usize> {
    let line_text = |number: usize| {
        let start = *lines.starts.get(number.checked_sub(1)?)?;
        let end = lines.starts.get(number).map_or(text.len(), |next| next - 1);
        text.get(start..end)
    };
    let indentation = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let own = indentation(line_text(line)?);
    for number in (line.saturating_sub(MAX_ITEM_LINES).max(1)..line).rev() {
        let above = line_text(number)?;
        let content = above.trim_start_matches(' ');
        if content.trim().is_empty() || content.starts_with('#') {
            continue;
        }
        let at = indentation(above);
        if let Some(item) = content
            .strip_prefix('-')
            .filter(|rest| rest.starts_with(' '))
        {
            // `- key: …`: its mapping's keys are at the item's content column.
            let column = at + 1 + (item.len() - item.trim_start_matches(' ').len());
            if column == own {
                return Some(number);
            }
        }
        if at < own {
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::finding::LineIndex;

    #[test]
    fn parses_rules_and_reason_in_comments_only() {
        let text = "A=1 # topolint: allow(node-address, cross-service) migration until Q3\n\"topolint: allow(node-address) not a comment\"\n// topolint: allow(node-address)\n<!-- topolint: allow(candidate-set) docs -->\n@REM topolint: allow(node-address) batch\n:: topolint: allow(node-address) label\nremark topolint: allow(node-address) not a remark\n";
        let found = super::parse(text, &LineIndex::new(text));
        assert_eq!(found.len(), 5);
        assert_eq!((found[3].line, found[3].reason.as_str()), (5, "batch"));
        assert_eq!((found[4].line, found[4].reason.as_str()), (6, "label"));
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

    #[test]
    fn a_key_of_a_list_item_belongs_to_the_item_line() {
        let text = "env:\n  # note\n  - name: DB_HOST\n    # why\n    value: 10.0.0.121\n  - name: B\n    nested:\n      host: 10.0.0.121\nplain: 10.0.0.121\n";
        let lines = LineIndex::new(text);
        let start = |line| super::list_item_start(text, &lines, line);
        assert_eq!(start(5), Some(3), "value: is a key of the item at line 3");
        assert_eq!(start(8), None, "nested deeper: not a key of the item");
        assert_eq!(start(9), None);
        assert_eq!(start(3), None, "the item's own line");
    }
}
