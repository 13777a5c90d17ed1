//! GitHub Actions workflow commands: one `::error file=…::message` annotation
//! per finding, escaped as the runner requires.

use std::io;

use crate::finding::Report;
use crate::finding::Severity;

pub fn write(report: &Report, out: &mut dyn io::Write) -> io::Result<()> {
    for finding in &report.findings {
        let command = match finding.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            property(&finding.path),
            finding.start.line,
            finding.start.column,
            finding.end.line,
            finding.end.column,
            property(&format!("topolint {}", finding.rule.id)),
            data(&format!("{}\nhelp: {}", finding.message, finding.help)),
        )?;
    }
    Ok(())
}

/// Escaping of a message (the part after `::`).
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escaping of a property value (`file=`, `title=`).
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    #[test]
    fn escaping() {
        assert_eq!(super::data("50%\r\nnext"), "50%25%0D%0Anext");
        assert_eq!(super::property("a:b,c"), "a%3Ab%2Cc");
    }
}
