//! `--metrics FILE`: the run as a node_exporter textfile-collector file, so
//! that the cron guard pages like any other alert. Every rule appears at
//! every severity (zero included): an alert on a series that exists is
//! simpler and safer than one on a series that may be absent.

use std::fmt::Write as _;
use std::time::Duration;

use crate::finding::{Report, Severity};
use crate::rules::ALL;

/// One metric family: its name, help text and samples (`{labels} value`).
struct Family {
    name: &'static str,
    help: &'static str,
    samples: Vec<String>,
}

/// The metrics of a run: `report` when it ran (`None` when it could not
/// start: an invalid pack), at `now` (seconds since the epoch).
pub fn render(report: Option<&Report>, now: f64, elapsed: Duration) -> String {
    let mut findings = Vec::new();
    for rule in ALL {
        for severity in [Severity::Error, Severity::Warning, Severity::Note] {
            let count = report.map_or(0, |report| {
                report
                    .findings
                    .iter()
                    .filter(|f| f.rule.id == rule.id && f.severity == severity)
                    .count()
            });
            findings.push(format!(
                "{{rule=\"{}\",severity=\"{}\"}} {count}",
                rule.id,
                severity.as_str()
            ));
        }
    }
    let complete = report.is_some_and(|report| !report.is_incomplete());
    let families = [
        Family {
            name: "topolint_findings",
            help: "Findings of the last run, by rule and severity (suppressed ones not counted).",
            samples: findings,
        },
        Family {
            name: "topolint_files_checked",
            help: "Files the last run checked.",
            samples: vec![format!(" {}", report.map_or(0, |r| r.files_checked))],
        },
        Family {
            name: "topolint_scan_complete",
            help: "1 when the last run read everything it was asked to, 0 when it could not (exit 2).",
            samples: vec![format!(" {}", u8::from(complete))],
        },
        Family {
            name: "topolint_last_run_timestamp_seconds",
            help: "When the last run ended, in seconds since the Unix epoch.",
            samples: vec![format!(" {now:.3}")],
        },
        Family {
            name: "topolint_duration_seconds",
            help: "How long the last run took, in seconds.",
            samples: vec![format!(" {:.3}", elapsed.as_secs_f64())],
        },
    ];
    let mut text = String::new();
    for family in families {
        let _ = writeln!(text, "# HELP {} {}", family.name, family.help);
        let _ = writeln!(text, "# TYPE {} gauge", family.name);
        for sample in family.samples {
            let _ = writeln!(text, "{}{sample}", family.name);
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_that_could_not_start_is_incomplete_and_counts_nothing() {
        let text = render(None, 1_700_000_000.0, Duration::from_millis(1500));
        assert!(text.contains("topolint_scan_complete 0\n"), "{text}");
        assert!(text.contains("topolint_files_checked 0\n"));
        assert!(text.contains("topolint_findings{rule=\"node-address\",severity=\"error\"} 0\n"));
        assert!(text.contains("topolint_last_run_timestamp_seconds 1700000000.000\n"));
        assert!(text.contains("topolint_duration_seconds 1.500\n"));
        // Each family's samples follow its own header.
        let findings = text
            .find("# TYPE topolint_findings gauge")
            .expect("findings family");
        let files = text
            .find("# HELP topolint_files_checked")
            .expect("files family");
        let sample = text.find("topolint_findings{").expect("a sample");
        assert!(findings < sample && sample < files, "{text}");
    }

    #[test]
    fn a_complete_run_counts_by_rule_and_severity() {
        let report = Report {
            files_checked: 12,
            ..Report::default()
        };
        let text = render(Some(&report), 0.0, Duration::ZERO);
        assert!(text.contains("topolint_scan_complete 1\n"), "{text}");
        assert!(text.contains("topolint_files_checked 12\n"));
    }
}
