//! A script's outline read without the parser: where its top-level
//! function definitions begin and end. tree-sitter-bash costs some 300 ns a
//! byte, and most of a script's bytes are functions that hold no address;
//! such a function is blanked before the script is parsed (its lines kept,
//! so every offset stays). The outline errs towards finding nothing: a
//! function whose lines it cannot read alone (a string or a heredoc that
//! goes on past a line, a backslash continuing one, command substitution in
//! backquotes) is left to the parser, and the parse then checks that each
//! blanked function stood between top-level statements.

use std::ops::Range;

/// The top-level function definitions of `source`, each as whole lines:
/// from a header at the margin (`name() {`, `function name {`) to the
/// first `}` at the margin that closes it.
pub(super) fn functions(source: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut lines = Lines { source, at: 0 };
    while let Some(header) = lines.next() {
        // A function the outline cannot follow is passed over whole, up to
        // the line it stopped at: a header inside it would be no top-level
        // one, and each line is read once, whatever the input.
        if is_header(&source[header.text.clone()])
            && let Some(end) = end_of_function(source, header.clone(), &mut lines)
        {
            found.push(header.text.start..end);
        }
    }
    found
}

/// Where the function that `header` begins ends (after its closing line),
/// reading its lines from `lines`; `None` when a line is not read alone or
/// the brace that closes it is not a `}` at the margin.
fn end_of_function(source: &str, header: Line, lines: &mut Lines) -> Option<usize> {
    let mut depth = 0;
    let mut line = header;
    loop {
        let text = &source[line.text.clone()];
        if !read_line(text.as_bytes(), &mut depth) || depth < 0 {
            return None;
        }
        if depth == 0 {
            return (text.trim_end() == "}").then_some(line.next);
        }
        line = lines.next()?;
    }
}

/// One line: its text without the line break, and where the next begins.
#[derive(Clone)]
struct Line {
    text: Range<usize>,
    next: usize,
}

struct Lines<'s> {
    source: &'s str,
    at: usize,
}

impl Iterator for Lines<'_> {
    type Item = Line;

    fn next(&mut self) -> Option<Line> {
        if self.at >= self.source.len() {
            return None;
        }
        let start = self.at;
        let end = memchr::memchr(b'\n', &self.source.as_bytes()[start..])
            .map_or(self.source.len(), |i| start + i);
        self.at = (end + 1).min(self.source.len());
        Some(Line {
            text: start..end,
            next: self.at,
        })
    }
}

/// `name() {`, `name () {`, `function name {` or `function name() {`, at the
/// margin, the brace ending the line.
fn is_header(line: &str) -> bool {
    let Some(head) = line.trim_end().strip_suffix('{') else {
        return false;
    };
    let head = head.trim_end();
    let (keyword, head) = match head.strip_prefix("function") {
        Some(rest) if rest.starts_with([' ', '\t']) => (true, rest.trim_start()),
        _ => (false, head),
    };
    let (name, parentheses) = match head.find('(') {
        Some(open) => (head[..open].trim_end(), Some(&head[open..])),
        None => (head, None),
    };
    let parentheses_ok = match parentheses {
        Some(rest) => rest.chars().filter(|c| !c.is_whitespace()).eq("()".chars()),
        None => keyword,
    };
    let mut chars = name.chars();
    parentheses_ok
        && chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || "_-.:".contains(c))
}

/// Reads one line of shell, counting its braces outside quotes and
/// comments into `depth`: false when the line does not end on its own (a
/// quote or a backslash continues it) or holds what the outline does not
/// follow (a heredoc or here-string, backquotes, `$'…'`).
fn read_line(line: &[u8], depth: &mut i32) -> bool {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let mut quote = None;
    let mut at = 0;
    while at < line.len() {
        let byte = line[at];
        match quote {
            Some(b'\'') if byte == b'\'' => quote = None,
            Some(b'\'') => {}
            Some(_) => match byte {
                b'\\' => at += 1,
                b'"' => quote = None,
                _ => {}
            },
            None => match byte {
                b'\\' if at + 1 == line.len() => return false,
                b'\\' => at += 1,
                b'\'' | b'"' => quote = Some(byte),
                b'`' => return false,
                b'<' if line.get(at + 1) == Some(&b'<') => return false,
                b'$' if line.get(at + 1) == Some(&b'\'') => return false,
                b'#' if at == 0 || b" \t;&|(".contains(&line[at - 1]) => break,
                b'{' => *depth += 1,
                b'}' => *depth -= 1,
                _ => {}
            },
        }
        at += 1;
    }
    quote.is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outlined(source: &str) -> Vec<&str> {
        functions(source)
            .into_iter()
            .map(|range| &source[range])
            .collect()
    }

    #[test]
    fn headers_are_the_forms_bash_defines_a_function_with() {
        for header in [
            "f() {",
            "f () {",
            "f ( ) {",
            "function f {",
            "function f() {",
            "check_db_1() {  ",
            "ns::do-it() {\r",
        ] {
            assert!(is_header(header), "{header}");
        }
        for line in [
            "  f() {",
            "f() { :; }",
            "f {",
            "f()",
            "if [ x ]; then {",
            "functional {",
            "1f() {",
            "f(x) {",
            "{",
        ] {
            assert!(!is_header(line), "{line}");
        }
    }

    #[test]
    fn a_function_runs_from_its_header_to_the_brace_that_closes_it() {
        let source = "#!/bin/bash\nX=1\n\nf() {\n  local a=\"${1:-}\"\n  if [[ -z \"$a\" ]]; then { echo x; }; fi\n}\n\nfunction g {\n  echo \"}\"\n}\nmain \"$@\"\n";
        assert_eq!(
            outlined(source),
            [
                "f() {\n  local a=\"${1:-}\"\n  if [[ -z \"$a\" ]]; then { echo x; }; fi\n}\n",
                "function g {\n  echo \"}\"\n}\n"
            ]
        );
    }

    #[test]
    fn a_function_whose_lines_do_not_end_on_their_own_is_left_to_the_parser() {
        for source in [
            // A heredoc's body could hold the closing brace.
            "f() {\n  cat <<EOF\n}\nEOF\n}\n",
            // A string going on past its line.
            "f() {\n  X=\"a\n}\n\"\n}\n",
            "f() {\n  X='a\n}\n'\n}\n",
            // A continued line, backquotes, ANSI-C quoting.
            "f() {\n  echo a \\\n}\n}\n",
            "f() {\n  X=`date`\n}\n",
            "f() {\n  X=$'a\\'b'\n}\n",
            // Never closed.
            "f() {\n  echo\n",
        ] {
            assert_eq!(outlined(source), Vec::<&str>::new(), "{source:?}");
        }
    }

    #[test]
    fn braces_in_quotes_and_comments_do_not_count() {
        let source = "f() {\n  echo '{' \"{\" # {\n  X=${#A[@]}\n}\ng() {\n  echo }\n}\n";
        assert_eq!(
            outlined(source),
            ["f() {\n  echo '{' \"{\" # {\n  X=${#A[@]}\n}\n"]
        );
    }

    #[test]
    fn a_definition_at_the_margin_inside_another_is_no_top_level_one() {
        // The first `}` closes only `g`, so `f` is never closed.
        assert_eq!(outlined("f() {\ng() {\n}\n"), Vec::<&str>::new());
        assert_eq!(
            outlined(&format!("{}cat <<EOF\n", "f() {\n".repeat(1000))),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn the_outline_goes_on_after_a_header_it_could_not_follow() {
        let source = "f() {\n  cat <<EOF\nEOF\n}\ng() {\n  echo\n}\n";
        assert_eq!(outlined(source), ["g() {\n  echo\n}\n"]);
    }
}
