//! Texts embedded in a text file, each a file of its own to a content
//! rule: the heredocs of text that is not shell (Terraform's `user_data =
//! <<-EOF`, a Vagrantfile's `inline: <<~SHELL`, PHP's `<<<EOT`, a
//! Dockerfile's `COPY <<EOF /etc/…`), triple-quoted strings over several
//! lines (Python, TOML) and YAML block scalars found by their
//! indentation (cloud-init's `content: |` in such a heredoc, a Helm
//! template's ConfigMap that does not parse as YAML). A Sentinel config
//! written by cloud-init in one resource covers that text, not the
//! resource beside it.

use std::collections::HashMap;
use std::ops::Range;

use super::super::{Covering, line_end};

/// How long a terminator may be: longer words are no heredoc's tag.
const MAX_TAG: usize = 64;

/// The bodies of the heredocs of `text` (opened outside `comments`), each
/// from the line after its opener to the start of its terminator line, in
/// order. An opener without a terminator (a shift, `a <<b`) opens nothing.
pub(super) fn heredoc_bodies(text: &str, comments: &[Range<usize>]) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut openers = memchr::memmem::find_iter(bytes, b"<<").peekable();
    if openers.peek().is_none() {
        return Vec::new();
    }
    let commented = Covering::new(comments);
    let terminators = TerminatorLines::of(text);
    let mut bodies = Vec::new();
    let mut resume = 0;
    // The start of the line of the last opener looked at, and how far the
    // search for it went: openers come in order, so each byte is searched
    // once however long a line (a minified file full of shifts).
    let (mut line_start, mut searched) = (0, 0);
    for at in openers {
        if at < resume || (at > 0 && bytes[at - 1] == b'<') {
            continue;
        }
        let Some(tag) = tag_after(&text[at..]) else {
            continue;
        };
        let Some(terminator) = terminators.first_after(tag, at) else {
            continue;
        };
        if let Some(newline) = memchr::memrchr(b'\n', &bytes[searched..at]) {
            line_start = searched + newline + 1;
        }
        searched = at;
        let commented_line = text[line_start..at].trim_start().starts_with(['#', '/']);
        if commented_line || commented.holds(&(at..at + 2)) {
            continue;
        }
        let body_start = (line_end(bytes, at) + 1).min(terminator.start);
        bodies.push(body_start..terminator.start);
        resume = terminator.end;
    }
    bodies
}

/// The tag of a heredoc opened at the start of `rest` (`<<EOF`, `<<-EOF`,
/// `<<~'SQL'`, `<<<"EOT"`).
fn tag_after(rest: &str) -> Option<&str> {
    let rest = rest.strip_prefix("<<")?;
    let rest = rest.strip_prefix('<').unwrap_or(rest);
    let rest = rest.strip_prefix(['-', '~']).unwrap_or(rest);
    let (rest, quote) = match rest.chars().next() {
        Some(quote @ ('\'' | '"')) => (&rest[1..], Some(quote)),
        _ => (rest, None),
    };
    let length = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    let tag = &rest[..length];
    let closed = quote.is_none_or(|quote| rest[length..].starts_with(quote));
    (closed && is_tag(tag)).then_some(tag)
}

fn is_tag(word: &str) -> bool {
    word.len() <= MAX_TAG
        && word
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
}

/// The lines that could end a heredoc (a tag alone, indented or not, and
/// followed only by `;`, `,` or `)` in PHP and Perl), by tag: found once,
/// so each opener costs a lookup, not a search of the rest of the file.
struct TerminatorLines<'t> {
    by_tag: HashMap<&'t str, Vec<Range<usize>>>,
}

impl<'t> TerminatorLines<'t> {
    fn of(text: &'t str) -> Self {
        let mut by_tag: HashMap<&str, Vec<Range<usize>>> = HashMap::new();
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let start = offset;
            offset += line.len();
            let tag = line.trim().trim_end_matches([';', ',', ')']).trim_end();
            if is_tag(tag) && tag.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                by_tag.entry(tag).or_default().push(start..offset);
            }
        }
        TerminatorLines { by_tag }
    }

    /// The first line ending a heredoc tagged `tag` that starts after `at`.
    fn first_after(&self, tag: &str, at: usize) -> Option<Range<usize>> {
        let lines = self.by_tag.get(tag)?;
        let index = lines.partition_point(|line| line.start <= at);
        lines.get(index).cloned()
    }
}

/// The YAML block scalars (`content: |`) in `body`, each from its first
/// line to its last, in order: a cloud-config heredoc writes its files as
/// block scalars, each a file of its own. Lines more indented than the
/// key's, and blank lines, are the scalar's; text inside one is not read
/// for further scalars.
pub(in crate::scan) fn block_scalars(text: &str, body: Range<usize>) -> Vec<Range<usize>> {
    let indentation = |line: &str| line.len() - line.trim_start_matches([' ', '\t']).len();
    let mut scalars = Vec::new();
    // The open scalar's key indentation and its first line's start.
    let mut open: Option<(usize, usize)> = None;
    let mut offset = body.start;
    for line in text[body.clone()].split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        if let Some((key_indentation, first)) = open {
            if line.trim().is_empty() || indentation(line) > key_indentation {
                continue;
            }
            if first < start {
                scalars.push(first..start);
            }
            open = None;
        }
        if opens_block_scalar(line) {
            open = Some((indentation(line), offset));
        }
    }
    if let Some((_, first)) = open
        && first < body.end
    {
        scalars.push(first..body.end);
    }
    scalars
}

/// The text of `texts` (sorted, apart) that holds `span`.
pub(in crate::scan) fn holding(
    texts: &[Range<usize>],
    span: &Range<usize>,
) -> Option<Range<usize>> {
    let holding = texts.partition_point(|text| text.end < span.end);
    texts
        .get(holding)
        .filter(|text| text.start <= span.start)
        .cloned()
}

/// Whether a YAML line ends with a block scalar's indicator (`key: |`,
/// `- >-`, `key: |2`).
fn opens_block_scalar(line: &str) -> bool {
    let line = line.trim_end();
    let Some((head, indicator)) = line.rsplit_once(' ') else {
        return false;
    };
    let mut marks = indicator.chars();
    let style = matches!(marks.next(), Some('|' | '>'));
    let modifiers = marks.all(|c| matches!(c, '-' | '+' | '1'..='9'));
    style && modifiers && (head.ends_with(':') || head.trim() == "-")
}

/// Triple-quoted strings (`"""…"""`, `'''…'''`: Python, TOML, Kotlin),
/// delimiters included, in order.
pub(super) fn triple_quoted(text: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut position = 0;
    while let Some(offset) = text[position..].find(['"', '\'']) {
        let start = position + offset;
        let delimiter = match &text[start..] {
            quote if quote.starts_with("\"\"\"") => "\"\"\"",
            quote if quote.starts_with("'''") => "'''",
            _ => {
                position = start + 1;
                continue;
            }
        };
        let Some(length) = text[start + 3..].find(delimiter) else {
            break;
        };
        let end = start + 3 + length + 3;
        found.push(start..end);
        position = end;
    }
    found
}

/// The bodies of the triple-quoted strings that span lines: a config
/// written inline in code (`SENTINEL_CONF = """…"""`), among `strings`,
/// the file's triple-quoted strings.
pub(super) fn multiline_strings(text: &str, strings: &[Range<usize>]) -> Vec<Range<usize>> {
    strings
        .iter()
        .map(|string| string.start + 3..string.end - 3)
        .filter(|body| text[body.clone()].contains('\n'))
        .collect()
}

/// `texts` in order, without those inside another (a heredoc in a
/// string, a string in a heredoc).
pub(super) fn outermost(mut texts: Vec<Range<usize>>) -> Vec<Range<usize>> {
    texts.sort_by_key(|text| (text.start, std::cmp::Reverse(text.end)));
    let mut kept: Vec<Range<usize>> = Vec::with_capacity(texts.len());
    for text in texts {
        if kept.last().is_none_or(|last| last.end <= text.start) {
            kept.push(text);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::{block_scalars, heredoc_bodies, multiline_strings, outermost, triple_quoted};

    fn bodies(text: &str) -> Vec<&str> {
        heredoc_bodies(text, &[])
            .into_iter()
            .map(|body| &text[body])
            .collect()
    }

    #[test]
    fn each_syntax_opens_a_body_up_to_its_terminator() {
        let hcl = "user_data = <<-EOF\n  a\n  EOF\ntags = {}\n";
        assert_eq!(bodies(hcl), ["  a\n"]);
        let ruby = "inline: <<~'SHELL'\n  b\nSHELL\n";
        assert_eq!(bodies(ruby), ["  b\n"]);
        let php = "$c = <<<\"EOT\"\nc\nEOT;\n";
        assert_eq!(bodies(php), ["c\n"]);
    }

    #[test]
    fn a_shift_or_an_unterminated_opener_opens_nothing() {
        assert!(bodies("x = a <<b\nb c\n").is_empty());
        assert!(bodies("flags = 1 << 4\n").is_empty());
        assert!(bodies("data = <<EOF\nno end\n").is_empty());
    }

    #[test]
    fn a_block_scalar_runs_while_its_lines_are_indented_past_its_key() {
        let text = "write_files:\n  - path: /etc/a\n    content: |\n      x: 1\n\n      y: 2\n    owner: root\n  - content: >-\n      z\n";
        let scalars: Vec<&str> = block_scalars(text, 0..text.len())
            .into_iter()
            .map(|scalar| &text[scalar])
            .collect();
        assert_eq!(scalars, ["      x: 1\n\n      y: 2\n", "      z\n"]);
        assert!(block_scalars("a: |x\nb: c\n", 0..11).is_empty());
    }

    #[test]
    fn strings_over_several_lines_are_texts_and_the_outermost_text_wins() {
        let code = "a = '''x'''\nb = \"\"\"\ny\n\"\"\"\n";
        let strings: Vec<&str> = multiline_strings(code, &triple_quoted(code))
            .into_iter()
            .map(|body| &code[body])
            .collect();
        assert_eq!(strings, ["\ny\n"]);
        assert_eq!(
            outermost(vec![5..9, 0..10, 12..20, 15..25]),
            [0..10, 12..20]
        );
    }

    #[test]
    fn a_commented_opener_opens_nothing_and_bodies_follow_in_order() {
        assert!(bodies("# cat <<EOF\nx\nEOF\n").is_empty());
        let two = "a = <<A\n1\nA\nb = <<B\n2\nB\n";
        assert_eq!(bodies(two), ["1\n", "2\n"]);
    }
}
