//! Which lines of a file are whole-line comments, told from the bytes
//! alone, before any parsing. Comments are not configuration (SPEC §2), so
//! the triage lets a file go when every address that may be wrong lies in
//! one. Each reading is sure of what it yields: where it cannot follow the
//! file (a heredoc, a quote that may span lines, a flow collection), it
//! stops, and nothing after that point counts as a comment.

use std::collections::VecDeque;
use std::ops::Range;

use super::{FileKind, dotenv, line_end};

/// The whole-line comments of `text` read as `kind`, in order, up to the
/// first point where the reading is unsure. Kinds without such a reading
/// yield none.
pub fn comment_lines(kind: FileKind, text: &str) -> Box<dyn Iterator<Item = Range<usize>> + '_> {
    match kind {
        FileKind::Dotenv => Box::new(dotenv::comment_lines(text)),
        FileKind::Shell => Box::new(LineReader::new(text, ShellLexer::default())),
        FileKind::Yaml => Box::new(LineReader::new(text, YamlLexer::default())),
        FileKind::Json | FileKind::Text(_) => Box::new(std::iter::empty()),
    }
}

/// What a lexer makes of one line that is not a whole-line comment.
trait LineLexer {
    /// Whether a line starting in this state, indented with `indentation`
    /// and beginning with `#`, is a comment.
    fn comment_may_start(&self, indentation: &[u8]) -> bool;
    /// Reads the line (without its newline); `Err` when the reading cannot
    /// follow it.
    fn read(&mut self, bytes: &[u8], line: Range<usize>) -> Result<(), Unsure>;
    /// Whether `line` (with this indentation) is inside a multi-line
    /// construct already read (a heredoc body, a YAML block scalar), so no
    /// comment.
    fn continues(&mut self, line: &[u8], indent: usize, blank: bool) -> bool;
}

/// The reading lost track of the file's structure.
struct Unsure;

struct LineReader<'t, L> {
    bytes: &'t [u8],
    position: usize,
    lexer: L,
    unsure: bool,
    /// The last line ended with a backslash.
    after_backslash: bool,
}

impl<'t, L: LineLexer> LineReader<'t, L> {
    fn new(text: &'t str, lexer: L) -> Self {
        let bytes = text.as_bytes();
        // A carriage return on its own ends a line for some readers (YAML)
        // and not for others.
        let lone_return =
            memchr::memchr_iter(b'\r', bytes).any(|at| bytes.get(at + 1) != Some(&b'\n'));
        LineReader {
            bytes,
            position: 0,
            lexer,
            unsure: lone_return,
            after_backslash: false,
        }
    }
}

impl<L: LineLexer> Iterator for LineReader<'_, L> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        let bytes = self.bytes;
        while !self.unsure && self.position < bytes.len() {
            let start = self.position;
            let end = line_end(bytes, start);
            self.position = end + 1;
            let indent = bytes[start..end]
                .iter()
                .take_while(|b| matches!(b, b' ' | b'\t'))
                .count();
            let blank = start + indent == end || bytes[start + indent] == b'\r';
            let after_backslash = self.after_backslash;
            // A continuation carries over blank lines (tree-sitter-bash
            // reads `A=\`, a blank line, then `# x` as `A=# x`).
            self.after_backslash =
                bytes[start..end].trim_ascii_end().ends_with(b"\\") || (after_backslash && blank);
            if self.lexer.continues(&bytes[start..end], indent, blank) {
                continue;
            }
            // A line after a backslash may be joined to it.
            if bytes.get(start + indent) == Some(&b'#')
                && !after_backslash
                && self.lexer.comment_may_start(&bytes[start..start + indent])
            {
                return Some(start..end);
            }
            self.unsure = self.lexer.read(bytes, start..end).is_err();
        }
        None
    }
}

/// Shell as bash tokenizes it, as far as comments go: quotes, `$'…'`,
/// `${…}`, heredoc bodies, backslash escapes and `#` after a blank. A `#`
/// right after an operator (`$(date)#x` is one word), a heredoc delimiter
/// beyond a word or a quoted word, a
/// backquote, a quote inside a `${…}`, or a command substitution inside a
/// double-quoted string that may nest (anything beyond `"$(date -Is)"`) is
/// where it stops.
#[derive(Default)]
struct ShellLexer {
    quote: Option<ShellQuote>,
    /// Depth of `${…}`, and whether it opened inside double quotes.
    parameter: usize,
    /// The last line ended with an escaped newline.
    continued: bool,
    /// The delimiters of the heredocs whose bodies follow, in order, and
    /// whether their lines may be indented with tabs (`<<-`).
    heredocs: VecDeque<(Vec<u8>, bool)>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ShellQuote {
    Single,
    Double,
    /// `$'…'`, where backslash escapes.
    AnsiC,
}

impl LineLexer for ShellLexer {
    fn comment_may_start(&self, _indentation: &[u8]) -> bool {
        // A continued line is never claimed: the reader sees its backslash.
        self.quote.is_none() && self.parameter == 0
    }

    fn continues(&mut self, line: &[u8], _indent: usize, _blank: bool) -> bool {
        let Some((delimiter, tabs)) = self.heredocs.front() else {
            return false;
        };
        let mut line = line.strip_suffix(b"\r").unwrap_or(line);
        if *tabs {
            line = &line[line.iter().take_while(|b| **b == b'\t').count()..];
        }
        if line == delimiter.as_slice() {
            self.heredocs.pop_front();
        }
        true
    }

    fn read(&mut self, bytes: &[u8], line: Range<usize>) -> Result<(), Unsure> {
        let at = |i: usize| bytes.get(i).copied().unwrap_or(b'\n');
        let mut i = line.start;
        if self.continued && at(i) == b'#' {
            // Whether it starts a word depends on the previous line's end.
            return Err(Unsure);
        }
        while i < line.end {
            let byte = bytes[i];
            if self.parameter > 0 {
                match byte {
                    b'\'' | b'"' | b'`' => return Err(Unsure),
                    b'$' if at(i + 1) == b'(' => return Err(Unsure),
                    b'$' if at(i + 1) == b'{' => {
                        self.parameter += 1;
                        i += 1;
                    }
                    b'}' => self.parameter -= 1,
                    b'\\' => i += 1,
                    _ => {}
                }
            } else {
                match (self.quote, byte) {
                    (Some(ShellQuote::Single), b'\'') => self.quote = None,
                    (Some(ShellQuote::Single), _) => {}
                    (Some(ShellQuote::AnsiC), b'\'') => self.quote = None,
                    (Some(ShellQuote::Double), b'"') => self.quote = None,
                    (Some(ShellQuote::Double), b'`') | (None, b'`') => return Err(Unsure),
                    (Some(ShellQuote::Double), b'$') if at(i + 1) == b'(' => {
                        i = simple_substitution_end(&bytes[..line.end], i).ok_or(Unsure)?;
                    }
                    (Some(ShellQuote::AnsiC | ShellQuote::Double) | None, b'\\') => i += 1,
                    (Some(ShellQuote::Double) | None, b'$') if at(i + 1) == b'{' => {
                        self.parameter = 1;
                        i += 1;
                    }
                    (Some(_), _) => {}
                    (None, b'\'') => self.quote = Some(ShellQuote::Single),
                    (None, b'"') => self.quote = Some(ShellQuote::Double),
                    (None, b'$') if at(i + 1) == b'\'' => {
                        self.quote = Some(ShellQuote::AnsiC);
                        i += 1;
                    }
                    (None, b'<') if at(i + 1) == b'<' && at(i + 2) == b'<' => i += 2,
                    (None, b'<') if at(i + 1) == b'<' => {
                        let (delimiter, tabs, end) = heredoc_delimiter(&bytes[..line.end], i)?;
                        self.heredocs.push_back((delimiter, tabs));
                        i = end;
                        continue;
                    }
                    (None, b'#') if i == line.start || matches!(bytes[i - 1], b' ' | b'\t') => {
                        // A comment to the end of the line.
                        self.continued = false;
                        return Ok(());
                    }
                    // After an operator, a `#` starts a word unless the
                    // operator closes a substitution (`$(date)#x`).
                    (None, b'#') if is_operator(bytes[i - 1]) => return Err(Unsure),
                    (None, _) => {}
                }
            }
            i += 1;
        }
        // An escape that took the newline continues the line.
        self.continued = i > line.end;
        if self.continued && !self.heredocs.is_empty() {
            return Err(Unsure);
        }
        Ok(())
    }
}

/// The closing `)` of a command substitution opened at `open` inside double
/// quotes, when it closes on its line with nothing inside that could nest
/// (`"[$(date -Is)]"`): a quote, a backquote, a parenthesis, a `#` or an
/// escape.
fn simple_substitution_end(bytes: &[u8], open: usize) -> Option<usize> {
    let inside = open + 2;
    let close = inside + memchr::memchr(b')', bytes.get(inside..)?)?;
    let nests = |byte: &u8| matches!(byte, b'\'' | b'"' | b'`' | b'(' | b'#' | b'\\');
    (!bytes[inside..close].iter().any(nests)).then_some(close)
}

/// The delimiter of the heredoc whose `<<` is at `at`, whether its lines
/// may be indented with tabs, and where it ends: a word, or a word in single
/// or double quotes.
fn heredoc_delimiter(bytes: &[u8], at: usize) -> Result<(Vec<u8>, bool, usize), Unsure> {
    let mut i = at + 2;
    let tabs = bytes.get(i) == Some(&b'-');
    i += usize::from(tabs);
    while matches!(bytes.get(i), Some(b' ' | b'\t')) {
        i += 1;
    }
    let (word, end) = match bytes.get(i) {
        Some(&quote @ (b'\'' | b'"')) => {
            let close = memchr::memchr(quote, &bytes[i + 1..]).ok_or(Unsure)?;
            (&bytes[i + 1..i + 1 + close], i + close + 2)
        }
        _ => {
            let length = bytes[i..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
                .count();
            (&bytes[i..i + length], i + length)
        }
    };
    let ends_word = bytes
        .get(end)
        .is_none_or(|b| matches!(b, b' ' | b'\t' | b'\r') || is_operator(*b));
    if word.is_empty() || !ends_word {
        return Err(Unsure);
    }
    Ok((word.to_vec(), tabs, end))
}

/// bash's metacharacters other than blanks.
fn is_operator(byte: u8) -> bool {
    matches!(byte, b'|' | b'&' | b';' | b'(' | b')' | b'<' | b'>')
}

/// YAML, line by line: a `#` line is a comment unless it is inside a block
/// scalar (a more indented line after `|` or `>`), a quoted scalar or a flow
/// collection. A quote only opens a scalar where a scalar starts; a quote
/// anywhere else, a quoted scalar or a flow collection left open at the end
/// of a line, a complex key (`? `) or a block scalar at the top of a document
/// is where it stops.
#[derive(Default)]
struct YamlLexer {
    /// The indentation of the line that opened a block scalar: more
    /// indented lines (and blank ones) are its content.
    block_scalar: Option<usize>,
}

impl LineLexer for YamlLexer {
    fn comment_may_start(&self, indentation: &[u8]) -> bool {
        // A tab is no YAML indentation: parsers differ on what it continues.
        !indentation.contains(&b'\t')
    }

    fn continues(&mut self, _line: &[u8], indent: usize, blank: bool) -> bool {
        match self.block_scalar {
            Some(parent) if blank || indent > parent => true,
            _ => {
                self.block_scalar = None;
                false
            }
        }
    }

    fn read(&mut self, bytes: &[u8], line: Range<usize>) -> Result<(), Unsure> {
        let text = &bytes[line.clone()];
        let at = |i: usize| text.get(i).copied().unwrap_or(b'\n');
        let is_blank = |byte: u8| matches!(byte, b' ' | b'\t' | b'\r' | b'\n');
        let indent = text.iter().take_while(|b| is_blank(**b)).count();
        let mut scalar_starts = true;
        let mut after_quoted = false;
        let mut flow = 0usize;
        let document_start = text.starts_with(b"---") && is_blank(at(3));
        let mut i = if document_start { 3 } else { indent };
        while i < text.len() {
            let byte = text[i];
            match byte {
                b' ' | b'\t' | b'\r' if at(i + 1) == b'#' => break,
                b' ' | b'\t' | b'\r' => {}
                b'"' | b'\'' if !scalar_starts => return Err(Unsure),
                b'"' | b'\'' => {
                    i = closing_quote(text, i).ok_or(Unsure)?;
                    scalar_starts = false;
                    after_quoted = true;
                    i += 1;
                    continue;
                }
                b'-' if scalar_starts && is_blank(at(i + 1)) => {}
                // A complex key: the parser's spans of its empty nodes run
                // over the lines after it.
                b'?' if scalar_starts && is_blank(at(i + 1)) => return Err(Unsure),
                b':' if is_blank(at(i + 1)) || (flow > 0 && after_quoted) => {
                    scalar_starts = true;
                }
                b'[' | b'{' if scalar_starts => flow += 1,
                b',' if flow > 0 => scalar_starts = true,
                b']' | b'}' if flow > 0 => {
                    flow -= 1;
                    scalar_starts = false;
                }
                b'&' | b'!' if scalar_starts => {
                    while i < text.len() && !is_blank(text[i]) {
                        i += 1;
                    }
                    continue;
                }
                b'|' | b'>' if scalar_starts => {
                    let rest = &text[i + 1..];
                    let header = rest
                        .iter()
                        .take_while(|b| matches!(b, b'-' | b'+' | b'0'..=b'9'))
                        .count();
                    let after = rest[header..].trim_ascii_start();
                    if after.is_empty() || after.starts_with(b"#") {
                        if document_start {
                            // A top-level block scalar may hold lines at any
                            // indentation.
                            return Err(Unsure);
                        }
                        self.block_scalar = Some(indent);
                        break;
                    }
                    scalar_starts = false;
                }
                _ => scalar_starts = false,
            }
            after_quoted = false;
            i += 1;
        }
        if flow > 0 {
            return Err(Unsure);
        }
        Ok(())
    }
}

/// The index of the quote that closes the one at `open`, on the same line.
fn closing_quote(text: &[u8], open: usize) -> Option<usize> {
    let quote = text[open];
    let mut i = open + 1;
    while i < text.len() {
        match text[i] {
            b'\\' if quote == b'"' => i += 1,
            b'\'' if quote == b'\'' && text.get(i + 1) == Some(&b'\'') => i += 1,
            byte if byte == quote => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::Dialect;

    /// The text of each comment line the reading is sure of.
    fn comments(kind: FileKind, text: &str) -> Vec<&str> {
        comment_lines(kind, text).map(|r| &text[r]).collect()
    }

    #[test]
    fn shell_comments_outside_quotes_and_parameters() {
        let text = "# one\nA=\"x # y\" # inline\n  # two\nB='multi\n# in a quote\n'\n# three\nC=${V#x}\n# four\necho \"${V:-a}\" $'it\\'s' \"[$(date -Is)]\"\n# five\n";
        assert_eq!(
            comments(FileKind::Shell, text),
            ["# one", "  # two", "# three", "# four", "# five"]
        );
    }

    #[test]
    fn heredoc_bodies_are_no_comments() {
        let text = "cat > a.env <<EOF\n# body\nEOF\n# one\ncat <<-'END' <<\"TWO\" | tee b\n\t# body\n\tEND\n# body of TWO\nTWO\n# two\nread x <<< \"$y\"\n# three\ncat <<EOF\n# body to the end\n";
        assert_eq!(
            comments(FileKind::Shell, text),
            ["# one", "# two", "# three"]
        );
    }

    /// Each of `stops` between two comments: the reading is sure of the
    /// first only.
    fn assert_stops(kind: FileKind, stops: &[&str]) {
        for stop in stops {
            let text = format!("# before\n{stop}# after\n");
            assert_eq!(comments(kind, &text), ["# before"], "{stop:?}");
        }
    }

    #[test]
    fn a_shell_reading_stops_where_it_cannot_follow() {
        assert_stops(
            FileKind::Shell,
            &[
                "cat <<E$X\n",
                "cat <<EOF \\\n",
                "echo \"$(basename \"$0\")\"\n",
                "echo \"$(date\n",
                "echo `date`\n",
                "echo ${V:-\"a\"}\n",
                "A=\"open\n",
                "cmd \\\n",
            ],
        );
    }

    #[test]
    fn yaml_comments_outside_block_scalars_and_quotes() {
        let text = "# one\nkey: \"a # b\" # inline\nscript: |\n  # content\n\n  more\n# two\nlist: [a, 'b']\n- &x 'it''s'\n  # three\nk: >-\n    text\n  # more indented than k: maybe content\n# four\n";
        assert_eq!(
            comments(FileKind::Yaml, text),
            ["# one", "# two", "  # three", "# four"]
        );
    }

    #[test]
    fn a_yaml_reading_stops_where_it_cannot_follow() {
        assert_stops(
            FileKind::Yaml,
            &[
                "key: \"open\n",
                "key: 'open\n",
                "key: [a,\n",
                "key: don't\n",
                "--- |\n",
                "? |\n",
                "key: a\n\t",
                "key: a \\\n",
            ],
        );
    }

    #[test]
    fn dotenv_comments_are_the_scanners_own() {
        let text = "# one\nA=\"multi\n# in a value\n\"\nB=it's\n# two\n";
        assert_eq!(comments(FileKind::Dotenv, text), ["# one", "# two"]);
    }

    #[test]
    fn other_kinds_claim_no_comment() {
        for kind in [FileKind::Json, FileKind::Text(Dialect::Plain)] {
            assert!(comments(kind, "# a\n").is_empty());
        }
    }
}
