//! What a format string's placeholder is filled with. A name given to a
//! format (`fmt.Sprintf("host=%s port=5432", leaderNode)`, Python's
//! `"host=%s" % LEADER_NODE` and `"…@{}:5432".format(LEADER_NODE)`, Java's
//! `String.format`, C#'s `string.Format("Host={0};", node)`) is written where
//! its placeholder stands: that is where its use is read.

use std::ops::Range;

/// The placeholder that the argument at `used` (a name in `line`, offsets
/// within it) fills, if `used` is an argument of a format: the call's
/// format string before it (`Sprintf`, `String.format`, `format`), the
/// receiver of `.format(…)`/`.formatted(…)`, or the string before Python's
/// `%` operator.
pub fn placeholder_filled_by(line: &str, used: &Range<usize>) -> Option<Range<usize>> {
    let bytes = line.as_bytes();
    let (arguments, index, keyword) = match enclosing_arguments(bytes, used.start) {
        Some(open) => {
            let arguments = split_arguments(bytes, open + 1);
            let index = arguments.iter().position(|a| a.contains(&used.start))?;
            let keyword = keyword_of(line, &arguments[index]);
            let callee = line[..open].trim_end();
            if let Some(receiver) = callee
                .strip_suffix(".format")
                .or_else(|| callee.strip_suffix(".formatted"))
                && let Some(literal) = literal_ending(line, receiver.len())
            {
                return nth_placeholder(line, literal, index, keyword);
            }
            // A tuple after `%`: `"…%s…%s" % (a, b)`.
            if let Some(operand) = callee.strip_suffix('%')
                && let Some(literal) = literal_ending(line, operand.trim_end().len())
            {
                return nth_placeholder(line, literal, index, None);
            }
            (arguments, index, keyword)
        }
        None => {
            // `"host=%s" % NAME`: the whole operand.
            let before = line[..used.start].trim_end();
            let operator = before.strip_suffix('%')?;
            let literal = literal_ending(line, operator.trim_end().len())?;
            return nth_placeholder(line, literal, 0, None);
        }
    };
    // A call's format string is an argument before the use: the arguments
    // after it fill its placeholders in order.
    let format = (0..index).rev().find_map(|at| {
        let argument = trimmed(line, &arguments[at]);
        let literal = literal_ending(line, argument.end)?;
        (literal.start == argument.start && has_placeholder(&line[literal.clone()]))
            .then_some((at, literal))
    })?;
    let (at, literal) = format;
    nth_placeholder(line, literal, index - at - 1, keyword)
}

/// The `(` that opens the argument list holding `at`, on this line.
fn enclosing_arguments(bytes: &[u8], at: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    for i in (0..at).rev() {
        let b = bytes[i];
        if let Some(q) = quote {
            if b == q && (i == 0 || bytes[i - 1] != b'\\') {
                quote = None;
            }
            continue;
        }
        match b {
            b'"' | b'\'' | b'`' => quote = Some(b),
            b')' | b']' | b'}' => depth += 1,
            b'(' | b'[' | b'{' if depth > 0 => depth -= 1,
            b'(' => return Some(i),
            b'[' | b'{' => return None,
            _ => {}
        }
    }
    None
}

/// The arguments of the list opened just before `start`, to its closing
/// `)` or the line's end, split at top-level commas.
fn split_arguments(bytes: &[u8], start: usize) -> Vec<Range<usize>> {
    let mut arguments = Vec::new();
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let mut from = start;
    let mut i = start;
    while i < bytes.len() {
        let b = bytes[i];
        if let Some(q) = quote {
            if b == b'\\' {
                i += 1;
            } else if b == q {
                quote = None;
            }
            i += 1;
            continue;
        }
        match b {
            b'"' | b'\'' | b'`' => quote = Some(b),
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' if depth == 0 => break,
            b')' | b']' | b'}' => depth -= 1,
            b',' if depth == 0 => {
                arguments.push(from..i);
                from = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    arguments.push(from..i);
    arguments
}

/// `argument` without the blanks around it.
fn trimmed(line: &str, argument: &Range<usize>) -> Range<usize> {
    let text = &line[argument.clone()];
    let start = argument.start + (text.len() - text.trim_start().len());
    start..start + text.trim().len()
}

/// The keyword of a keyword argument (`host=NAME`), if it is one.
fn keyword_of<'l>(line: &'l str, argument: &Range<usize>) -> Option<&'l str> {
    let text = line[argument.clone()].trim_start();
    let (name, _) = text.split_once('=')?;
    let name = name.trim_end();
    (!name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
        .then_some(name)
}

/// The string literal that ends at `end` (its closing quote just before),
/// quotes excluded from the range's content but included in its bounds.
fn literal_ending(line: &str, end: usize) -> Option<Range<usize>> {
    let bytes = line.as_bytes();
    let quote = *bytes.get(end.checked_sub(1)?)?;
    if !matches!(quote, b'"' | b'\'' | b'`') {
        return None;
    }
    let mut i = end - 1;
    while i > 0 {
        i -= 1;
        if bytes[i] == quote && (i == 0 || bytes[i - 1] != b'\\') {
            return Some(i..end);
        }
    }
    None
}

fn has_placeholder(literal: &str) -> bool {
    !placeholders(literal).is_empty()
}

/// The placeholders of a format string, in order, each with its explicit
/// position or name when it gives one (`%1$s`, `{0}`, `{host}`).
fn placeholders(literal: &str) -> Vec<(Range<usize>, Option<Position<'_>>)> {
    let bytes = literal.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if bytes.get(i + 1) == Some(&b'%') => i += 2,
            b'%' => {
                let spec = literal[i + 1..]
                    .bytes()
                    .take_while(|b| b.is_ascii_digit() || matches!(b, b'$' | b'-' | b'+' | b'.'))
                    .count();
                let verb = i + 1 + spec;
                if bytes.get(verb).is_some_and(|b| b"svqdx".contains(b)) {
                    let position = literal[i + 1..verb]
                        .split_once('$')
                        .and_then(|(n, _)| n.parse::<usize>().ok())
                        .map(|n| Position::Index(n.saturating_sub(1)));
                    found.push((i..verb + 1, position));
                    i = verb + 1;
                } else {
                    i += 1;
                }
            }
            b'{' if bytes.get(i + 1) == Some(&b'{') => i += 2,
            b'{' => {
                let Some(length) = literal[i + 1..].find('}') else {
                    break;
                };
                let inside = &literal[i + 1..i + 1 + length];
                let field = inside.split([':', '!']).next().unwrap_or("");
                let position = if field.is_empty() {
                    Some(None)
                } else if let Ok(n) = field.parse::<usize>() {
                    Some(Some(Position::Index(n)))
                } else if field
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_')
                {
                    Some(Some(Position::Name(field)))
                } else {
                    None
                };
                if let Some(position) = position {
                    found.push((i..i + length + 2, position));
                }
                i += length + 2;
            }
            _ => i += 1,
        }
    }
    found
}

/// Where a placeholder takes its argument from, when it says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Position<'l> {
    Index(usize),
    Name(&'l str),
}

/// The placeholder of `literal` (bounds in `line`, quotes included) that
/// the argument at `index` after the format fills, or the one named
/// `keyword`.
fn nth_placeholder(
    line: &str,
    literal: Range<usize>,
    index: usize,
    keyword: Option<&str>,
) -> Option<Range<usize>> {
    let content = literal.start + 1..literal.end - 1;
    let found = placeholders(&line[content.clone()]);
    let mut sequential = 0;
    for (range, position) in found {
        let fills = match (position, keyword) {
            (Some(Position::Name(name)), Some(keyword)) => name == keyword,
            (Some(Position::Name(_)), None) | (_, Some(_)) => false,
            (Some(Position::Index(n)), None) => n == index,
            (None, None) => {
                sequential += 1;
                sequential - 1 == index
            }
        };
        if fills {
            return Some(content.start + range.start..content.start + range.end);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled(line: &str, name: &str) -> Option<String> {
        let start = line.rfind(name)?;
        placeholder_filled_by(line, &(start..start + name.len()))
            .map(|placeholder| line[placeholder].to_string())
    }

    #[test]
    fn a_call_fills_its_format_strings_placeholders_in_order() {
        let go = r#"	return fmt.Sprintf("postgres://%s@%s:5432/app", user, leaderNode)"#;
        let at = |needle: &str| go.find(needle).unwrap_or_default();
        let user = at("user");
        assert_eq!(
            placeholder_filled_by(go, &(user..user + 4)),
            Some(at("%s@")..at("%s@") + 2)
        );
        let leader = at("leaderNode");
        assert_eq!(
            placeholder_filled_by(go, &(leader..leader + 10)),
            Some(at("%s:")..at("%s:") + 2)
        );
        let java =
            r#"String url = String.format("jdbc:postgresql://%1$s:5432/%2$s", PRIMARY_NODE, db);"#;
        assert_eq!(filled(java, "PRIMARY_NODE").as_deref(), Some("%1$s"));
        let csharp = r#"var cs = string.Format("Host={0};Port=5432", primaryNode);"#;
        assert_eq!(filled(csharp, "primaryNode").as_deref(), Some("{0}"));
    }

    #[test]
    fn python_fills_by_percent_and_by_format() {
        assert_eq!(
            filled(
                r#"    return "host=%s port=5432" % LEADER_NODE"#,
                "LEADER_NODE"
            )
            .as_deref(),
            Some("%s")
        );
        assert_eq!(
            filled(
                r#"dsn = "host=%s port=%d" % (LEADER_NODE, 5432)"#,
                "LEADER_NODE"
            )
            .as_deref(),
            Some("%s")
        );
        assert_eq!(
            filled(
                r#"u = "postgresql://app@{}:5432/app".format(LEADER_NODE)"#,
                "LEADER_NODE"
            )
            .as_deref(),
            Some("{}")
        );
        assert_eq!(
            filled(
                r#"u = "postgresql://{user}@{host}:5432".format(user=u, host=NODE)"#,
                "NODE"
            )
            .as_deref(),
            Some("{host}")
        );
    }

    #[test]
    fn no_format_no_placeholder() {
        assert_eq!(filled("connect(host=LEADER_NODE)", "LEADER_NODE"), None);
        assert_eq!(filled(r#"log("leader", LEADER_NODE)"#, "LEADER_NODE"), None);
        assert_eq!(filled(r#"x = 100 % LEADER_NODE"#, "LEADER_NODE"), None);
        assert_eq!(
            filled(r#"print("%s", a, LEADER_NODE)"#, "LEADER_NODE"),
            None
        );
        assert_eq!(
            filled(r#"f("{{literal}}", LEADER_NODE)"#, "LEADER_NODE"),
            None
        );
    }
}
