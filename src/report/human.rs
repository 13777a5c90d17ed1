//! Rich diagnostics for people (codespan-reporting): the rule, the message,
//! the source line with the address underlined and labelled, the help line,
//! then a summary. Sources are masked copies: no secret is ever printed.

use std::io;
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic, Label, Severity as Level};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::{self, termcolor::WriteColor};

use crate::finding::Report;
use crate::finding::Severity;
use crate::finding::SuppressedKind;
use crate::redact::Excerpt;

pub struct Options {
    /// Only the findings: no notes, no summary.
    pub quiet: bool,
    /// Also list the findings that were hidden, and why.
    pub show_suppressed: bool,
}

pub fn write(report: &Report, options: &Options, out: &mut dyn WriteColor) -> io::Result<()> {
    let files = SourceFiles::new(report);
    let config = term::Config::default();
    for finding in &report.findings {
        let level = match finding.severity {
            Severity::Error => Level::Error,
            Severity::Warning => Level::Warning,
            Severity::Note => Level::Note,
        };
        let mut diagnostic = Diagnostic::new(level)
            .with_code(finding.rule.id)
            .with_message(&finding.message)
            .with_notes(vec![format!("help: {}", finding.help)]);
        if let Some(id) = files.id(&finding.path) {
            let excerpt = &files.sources[id].1;
            let span =
                excerpt.masked_offset(finding.span.start)..excerpt.masked_offset(finding.span.end);
            diagnostic =
                diagnostic.with_labels(vec![Label::primary(id, span).with_message(&finding.label)]);
        }
        term::emit(out, &config, &files, &diagnostic).map_err(|error| match error {
            // Keep the kind: a closed pipe is the reader's choice, not a failure.
            FilesError::Io(io) => io,
            other => io::Error::other(other),
        })?;
    }
    if options.show_suppressed && !report.suppressed.is_empty() {
        writeln!(out, "suppressed ({}):", report.suppressed.len())?;
        for hidden in &report.suppressed {
            let finding = &hidden.finding;
            let kind = match hidden.kind {
                SuppressedKind::Allow => "allowlist",
                SuppressedKind::Inline => "inline",
                SuppressedKind::Baseline => "baseline",
            };
            writeln!(
                out,
                "  {}:{}:{} {}[{}]: {}\n    hidden by {kind}: {}",
                finding.path,
                finding.start.line,
                finding.start.column,
                finding.severity.as_str(),
                finding.rule.id,
                finding.message,
                hidden.reason
            )?;
        }
        writeln!(out)?;
    }
    if options.quiet {
        return Ok(());
    }
    for note in &report.notes {
        writeln!(out, "note: {note}")?;
    }
    let skipped = match report.files_skipped {
        0 => String::new(),
        n => format!(" ({} skipped)", super::grouped(n)),
    };
    let files = match report.files_checked {
        1 => "1 file".to_string(),
        n => format!("{} files", super::grouped(n)),
    };
    writeln!(
        out,
        "{}; {files} checked{skipped} in {:.2} s with {}",
        super::counts_line(report),
        report.elapsed.as_secs_f64(),
        report.pack
    )
}

/// The masked lines of the files with findings, for codespan. Line numbers
/// and columns are those of the original file, even where lines between were
/// left out or a secret before them was masked.
struct SourceFiles<'a> {
    sources: Vec<(&'a str, &'a Excerpt, Vec<usize>)>,
}

impl<'a> SourceFiles<'a> {
    fn new(report: &'a Report) -> Self {
        let mut sources: Vec<(&str, &Excerpt, Vec<usize>)> = report
            .sources
            .iter()
            .map(|(path, source)| {
                let mut starts = vec![0];
                let text = &source.redacted.text;
                starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
                (path.as_str(), source, starts)
            })
            .collect();
        sources.sort_by(|a, b| a.0.cmp(b.0));
        SourceFiles { sources }
    }

    fn id(&self, path: &str) -> Option<usize> {
        self.sources
            .binary_search_by(|(p, _, _)| (*p).cmp(path))
            .ok()
    }

    fn entry(&self, id: usize) -> Result<&(&'a str, &'a Excerpt, Vec<usize>), FilesError> {
        self.sources.get(id).ok_or(FilesError::FileMissing)
    }
}

impl<'f> Files<'f> for SourceFiles<'_> {
    type FileId = usize;
    type Name = &'f str;
    type Source = &'f str;

    fn name(&'f self, id: usize) -> Result<&'f str, FilesError> {
        Ok(self.entry(id)?.0)
    }

    fn source(&'f self, id: usize) -> Result<&'f str, FilesError> {
        Ok(&self.entry(id)?.1.redacted.text)
    }

    fn line_index(&'f self, id: usize, byte_index: usize) -> Result<usize, FilesError> {
        let starts = &self.entry(id)?.2;
        Ok(starts
            .partition_point(|&start| start <= byte_index)
            .saturating_sub(1))
    }

    fn line_range(&'f self, id: usize, line_index: usize) -> Result<Range<usize>, FilesError> {
        let (_, source, starts) = self.entry(id)?;
        let start = *starts.get(line_index).ok_or(FilesError::LineTooLarge {
            given: line_index,
            max: starts.len().saturating_sub(1),
        })?;
        let end = starts
            .get(line_index + 1)
            .copied()
            .unwrap_or(source.redacted.text.len());
        Ok(start..end)
    }

    fn line_number(&'f self, id: usize, line_index: usize) -> Result<usize, FilesError> {
        let excerpt = self.entry(id)?.1;
        Ok(excerpt.line_number(line_index).unwrap_or(line_index + 1))
    }

    fn column_number(
        &'f self,
        id: usize,
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, FilesError> {
        let line = self.line_range(id, line_index)?;
        Ok(self.entry(id)?.1.column(line_index, line.start, byte_index))
    }
}
