//! Embedded shell in text: which lines are shell (a Makefile recipe, a
//! Dockerfile `RUN`, a crontab command, a systemd `Exec…=`, a line whose
//! first word is a command that matters) and commands written in code
//! (`os.system("…")`, `exec.Command("redis-cli", "-h", …)`).

use super::*;

/// The target of an ssh config forward (`LocalForward 5432 HOST:5432`,
/// `RemoteForward …`, keyword in any case, `=` allowed), relative to the line.
pub(super) fn ssh_forward_target(line: &str) -> Option<Range<usize>> {
    let option = line.trim_start();
    let keyword_end = option.find([' ', '\t', '='])?;
    if !["localforward", "remoteforward"]
        .iter()
        .any(|forward| option[..keyword_end].eq_ignore_ascii_case(forward))
    {
        return None;
    }
    let arguments = line.trim_end();
    let start = arguments.rfind([' ', '\t', '=']).map_or(0, |i| i + 1);
    Some(start..arguments.len())
}

/// Where the shell command of a line starts and ends (relative to the
/// line), if the line is shell for `dialect`.
pub(super) fn shell_command(
    scanner: &Scanner,
    dialect: Dialect,
    line: &str,
) -> Option<Range<usize>> {
    let whole = |start: usize| Some(start..line.len());
    match dialect {
        Dialect::Makefile if line.starts_with('\t') => whole(1),
        Dialect::Dockerfile => {
            let trimmed = line.trim_start();
            let indent = line.len() - trimmed.len();
            ["RUN", "CMD", "ENTRYPOINT"].iter().find_map(|keyword| {
                let rest = trimmed.get(..keyword.len())?;
                (rest.eq_ignore_ascii_case(keyword)
                    && trimmed[keyword.len()..].starts_with([' ', '\t']))
                .then(|| indent + keyword.len()..line.len())
            })
        }
        Dialect::Crontab => crontab_command(line).and_then(whole),
        Dialect::Systemd => {
            let trimmed = line.trim_start();
            let (key, _) = trimmed.split_once('=')?;
            key.starts_with("Exec").then(|| {
                let start = line.len() - trimmed.len() + key.len() + 1;
                let prefixes = line[start..]
                    .bytes()
                    .take_while(|b| b"-@:+!".contains(b))
                    .count();
                start + prefixes..line.len()
            })
        }
        _ => first_word_command(scanner, line).and_then(whole),
    }
}

/// Where the command of a line starts if its first word is shell that
/// matters: after indentation, a Dockerfile `RUN`, a CI `run:` or a Makefile
/// `@`/`-` prefix.
fn first_word_command(scanner: &Scanner, line: &str) -> Option<usize> {
    let trimmed = line.trim_start();
    let mut rest = trimmed;
    for prefix in ["- run:", "run:", "RUN ", "@", "-"] {
        if let Some(stripped) = rest.strip_prefix(prefix) {
            rest = stripped.trim_start();
            break;
        }
    }
    let word = rest
        .split(|c: char| c.is_whitespace() || c == ';')
        .next()
        .unwrap_or("");
    // `ip = 10.0.0.121`, `route: …` name a setting, not a command.
    let assigns = rest[word.len()..].trim_start().starts_with(['=', ':']);
    (!assigns && shell::is_shell_word(scanner.pack, word)).then(|| line.len() - rest.len())
}

/// The command of a crontab line: after the five schedule fields (or an
/// `@reboot`-style keyword); a system crontab's user field is read as the
/// command's first word, and the shell scanner finds the command after it.
fn crontab_command(line: &str) -> Option<usize> {
    let trimmed = line.trim_start();
    if trimmed.starts_with('#') {
        return None;
    }
    let fields = if trimmed.starts_with('@') { 1 } else { 5 };
    let mut position = line.len() - trimmed.len();
    for _ in 0..fields {
        let rest = &line[position..];
        let word = rest.split_whitespace().next()?;
        let schedule = word
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"*/,-@".contains(&b));
        if !schedule {
            return None;
        }
        position += rest.find(word)? + word.len();
    }
    let rest = &line[position..];
    let command = rest.trim_start();
    (!command.is_empty()).then(|| position + rest.len() - command.len())
}

/// The text of a Makefile with each recipe line as the shell sees it: `$$`
/// read as `$` (written ` $`) and the `@`, `-`, `+` prefixes blanked, so
/// that every offset stays where it was.
pub(super) fn make_recipes_as_shell(text: &str) -> Cow<'_, str> {
    if !text.contains("\t") {
        return Cow::Borrowed(text);
    }
    let mut bytes = text.as_bytes().to_vec();
    let mut line_start = 0;
    let mut continued = false;
    while line_start < bytes.len() {
        let line_end = line_end(&bytes, line_start);
        let recipe = continued || bytes[line_start] == b'\t';
        if recipe {
            let mut position = line_start;
            if bytes[position] == b'\t' {
                position += 1;
                while position < line_end && b"@-+".contains(&bytes[position]) {
                    bytes[position] = b' ';
                    position += 1;
                }
            }
            while position + 1 < line_end {
                if bytes[position] == b'$' && bytes[position + 1] == b'$' {
                    bytes[position] = b' ';
                    position += 2;
                } else {
                    position += 1;
                }
            }
        }
        continued = recipe
            && bytes[line_start..line_end]
                .trim_ascii_end()
                .ends_with(b"\\");
        line_start = line_end + 1;
    }
    // Only ASCII bytes were replaced by ASCII bytes.
    String::from_utf8(bytes).map_or(Cow::Borrowed(text), Cow::Owned)
}

/// Commands written in code: a string literal that is a command line
/// (`os.system("redis-cli -h … replicaof …")`, `subprocess.run(f"…",
/// shell=True)`, the script of `exec.Command("sh", "-c", "…")`), and a
/// call whose arguments are a command's words (`exec.Command("redis-cli",
/// "-h", …)`), as a bracketed command array is. They are shell, read as such
/// (host flags, management, definitions, human text), inside a block that
/// defines a member as its other lines are. Lines a dialect routes to shell
/// already are left to it.
pub(super) struct EmbeddedCommands<'s, 't> {
    pub(super) scanner: &'s Scanner<'s>,
    pub(super) text: &'t str,
    pub(super) from: usize,
    pub(super) dialect: Dialect,
    pub(super) comments: &'s [Range<usize>],
    pub(super) definitions: &'s [Range<usize>],
}

impl EmbeddedCommands<'_, '_> {
    /// Reads the commands around `hits`; returns the ranges read. Each line
    /// is looked at once, and a line longer than [`MAX_SAME_LINE`] (minified
    /// data) holds no command worth reading: the cost follows the hits.
    pub(super) fn scan(&self, hits: &[Hit], scan: &mut FileScan) -> Vec<Range<usize>> {
        let mut read: Vec<Range<usize>> = Vec::new();
        let mut remaining = hits;
        while let Some(first) = remaining.first() {
            let line = lines_of(self.text, &first.span);
            let line_hits = hits_in(remaining, &line);
            remaining = &remaining[line_hits.len().max(1)..];
            let line = line.start.max(self.from)..line.end;
            if line.len() > MAX_SAME_LINE
                || shell_command(self.scanner, self.dialect, &self.text[line.clone()]).is_some()
            {
                continue;
            }
            let defined = defines_member(self.scanner, &self.text[line.clone()])
                || within_any(self.definitions, &line);
            for hit in line_hits {
                let inside = |r: &Range<usize>| r.start <= hit.span.start && hit.span.end <= r.end;
                // Read ranges come in order: only the last may hold a hit.
                if read.last().is_some_and(inside)
                    || opens_in_a_comment(self.text, self.comments, hit.span.start)
                {
                    continue;
                }
                let before = scan.references.len();
                let Some(command) = self.command(line.clone(), hit, line_hits, scan) else {
                    continue;
                };
                read.push(command);
                for reference in &mut scan.references[before..] {
                    reference.enclosure.definition |= defined;
                }
            }
        }
        read
    }

    /// Reads the command on `line` around `hit`, if there is one; returns
    /// its range.
    fn command(
        &self,
        line: Range<usize>,
        hit: &Hit,
        hits: &[Hit],
        scan: &mut FileScan,
    ) -> Option<Range<usize>> {
        let (pack, text) = (self.scanner.pack, self.text);
        if let Some(arguments) = call_arguments(text, line.clone(), hit.span.start) {
            let items = items_of(text, arguments.clone());
            let head = items.first().map(|first| &text[first.clone()]);
            if head.is_some_and(|h| strip_quotes(h) != h && is_command_head(pack, strip_quotes(h)))
            {
                let words: Vec<Range<usize>> =
                    items.iter().map(|i| trim_quotes(text, i.clone())).collect();
                shell::scan_argv(self.scanner, text, &words, hits_in(hits, &arguments), scan);
                return Some(arguments);
            }
        }
        let literal = string_literal(text, line.clone(), hit.span.start)?;
        let inner = literal.start + 1..literal.end - 1;
        // A sentence given to a logging, printing or error call is text for
        // people, as `echo`'s arguments are; so is a value formatted into
        // the sentence beside it (`logger.info("leader is %s", "10.0.0.120")`).
        let human_call = callee_of_literal(text, line.clone(), literal.start)
            .is_some_and(|callee| pack.syntax.human_text_calls.is_match(callee));
        if human_call
            && (is_sentence(text, inner.clone(), hit)
                || beside_sentence(text, line.clone(), &literal, hit))
        {
            return Some(literal);
        }
        let command_line = text[inner.clone()].trim();
        let first = command_line.split_whitespace().next().unwrap_or("");
        if !command_line.contains(char::is_whitespace) || !shell::is_shell_word(pack, first) {
            return None;
        }
        shell::scan(self.scanner, text, inner, hits, scan);
        Some(literal)
    }
}

/// Whether another argument of the call on `line` whose argument is
/// `literal` is a sentence: the message `literal` is formatted into.
fn beside_sentence(text: &str, line: Range<usize>, literal: &Range<usize>, hit: &Hit) -> bool {
    let Some(arguments) = call_arguments(text, line, literal.start) else {
        return false;
    };
    items_of(text, arguments).into_iter().any(|item| {
        let inner = trim_quotes(text, item.clone());
        let quoted = inner.len() + 2 == item.len();
        item != *literal && quoted && is_sentence(text, inner, hit)
    })
}

/// Whether a command array starting with `word` is a command that matters:
/// a command the shell rules know, or a shell given a script (`sh -c`).
pub(super) fn is_command_head(pack: &Pack, word: &str) -> bool {
    shell::is_shell_word(pack, word) || shell::is_shell(shell::program_name(word))
}

/// The arguments, parentheses included, of the call on `line` whose
/// parentheses hold `offset`.
fn call_arguments(text: &str, line: Range<usize>, offset: usize) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    let open = line.start + unmatched_open(&bytes[line.start..offset], b'(', b')')?;
    // A parenthesis that calls nothing (no name on its line before it) is no call.
    callee_before(&text[line.start..], open - line.start + 1)?;
    // Looked for on the line only: an unclosed `(` costs no scan beyond it.
    let close = closing(&bytes[..line.end], open, b')')?;
    Some(open..close)
}

/// The name of the call whose arguments hold the string literal at `at` on
/// `line`: a call on the same line, or one wrapped over lines, whose `(`
/// ends the line above the one the literal starts (`logger.info(` then
/// `    "failing over to …"`).
fn callee_of_literal(text: &str, line: Range<usize>, at: usize) -> Option<&str> {
    if let Some(arguments) = call_arguments(text, line.clone(), at) {
        return callee_before(text, arguments.start + 1);
    }
    let before = text[line.start..at].trim();
    let string_prefix = before.len() <= 2 && before.bytes().all(|b| b.is_ascii_alphabetic());
    if !string_prefix {
        return callee_without_parentheses(before);
    }
    // Only a string prefix (`f"…"`, `rb"…"`) stands before it: the call may
    // open on the line above.
    if line.start == 0 {
        return None;
    }
    let above = line_start(text.as_bytes(), 0, line.start - 1);
    let opening = text[above..line.start - 1].trim_end();
    if !opening.ends_with('(') {
        return None;
    }
    callee_before(text, above + opening.len())
}

/// The callee of a call written without parentheses, when `statement` is
/// all that stands before its literal: Ruby's `puts "…"` and `logger.info
/// "…"`, PowerShell's `Write-Host "…"`, Kotlin's `logger.warn { "…" }`;
/// also as a variable's value (`$answer = Read-Host "…"`) and with
/// PowerShell switches before the text (`Read-Host -Prompt "…"`).
fn callee_without_parentheses(statement: &str) -> Option<&str> {
    let statement = statement.strip_suffix('{').map_or(statement, str::trim_end);
    let statement = assigned_value(statement).unwrap_or(statement);
    let mut statement = statement;
    while let Some((before, switch)) = statement.rsplit_once([' ', '\t'])
        && switch.starts_with('-')
        && switch[1..].starts_with(|c: char| c.is_ascii_alphabetic())
    {
        statement = before.trim_end();
    }
    let chain = statement
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"_.:-$@".contains(&b));
    let name = statement.rsplit(['.', ':']).next()?;
    (chain && name.starts_with(|c: char| c.is_ascii_alphabetic())).then_some(name)
}

/// What `statement` assigns to a plain variable (`$answer = Read-Host` →
/// `Read-Host`); `None` when it is no such assignment (`a == b`, `a.b = c`).
fn assigned_value(statement: &str) -> Option<&str> {
    let (variable, value) = statement.split_once('=')?;
    let variable = variable.trim_end();
    let name = variable.strip_prefix(['$', '@']).unwrap_or(variable);
    let is_name = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    (is_name && !value.starts_with(['=', '>', '~'])).then(|| value.trim_start())
}

/// The quoted string literal on `line` that holds `offset`, quotes included
/// (`"…"`, `'…'`, a JavaScript template `` `…` ``; a backslash escapes a quote).
fn string_literal(text: &str, line: Range<usize>, offset: usize) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    let mut open: Option<usize> = None;
    let mut escaped = false;
    for index in line.start..line.end {
        let byte = bytes[index];
        if escaped {
            escaped = false;
            continue;
        }
        match (open, byte) {
            (Some(_), b'\\') => escaped = true,
            (Some(at), quote) if quote == bytes[at] => {
                if at < offset && offset < index {
                    return Some(at..index + 1);
                }
                open = None;
            }
            (None, b'"' | b'\'' | b'`') => open = Some(index),
            _ => {}
        }
        if index >= offset && open.is_none() {
            return None;
        }
    }
    None
}

/// A command array written in brackets on one line (Dockerfile exec form).
pub(super) fn argv(
    scanner: &Scanner,
    text: &str,
    command: Range<usize>,
    hits: &[Hit],
    scan: &mut FileScan,
) {
    let Some(open) = text[command.clone()].find('[') else {
        return;
    };
    let open = command.start + open;
    let Some(close) = text[open..command.end].rfind(']') else {
        return;
    };
    let items = items_of(text, open..open + close + 1);
    let words: Vec<Range<usize>> = items.iter().map(|i| trim_quotes(text, i.clone())).collect();
    shell::scan_argv(scanner, text, &words, hits, scan);
}

#[cfg(test)]
mod tests {
    #[test]
    fn recipes_read_dollars_as_the_shell_does_and_keep_offsets() {
        let text = "x:\n\t@echo $$HOME\n\t-psql -h $$HOST \\\n\t  -p 1\nA=$$B\n";
        let shell = super::make_recipes_as_shell(text);
        assert_eq!(shell.len(), text.len());
        assert_eq!(
            shell,
            "x:\n\t echo  $HOME\n\t psql -h  $HOST \\\n\t  -p 1\nA=$$B\n"
        );
    }

    #[test]
    fn crontab_commands_follow_the_schedule() {
        let line = "*/5 * * * * root /usr/bin/psql -h db";
        let start = super::crontab_command(line).expect("a command");
        assert_eq!(&line[start..], "root /usr/bin/psql -h db");
        assert_eq!(super::crontab_command("@reboot redis-cli -h x"), Some(8));
        assert_eq!(super::crontab_command("PGHOST=db"), None);
    }

    #[test]
    fn a_call_without_parentheses_is_its_statement() {
        use super::callee_without_parentheses as callee;
        assert_eq!(callee("puts"), Some("puts"));
        assert_eq!(callee("Rails.logger.info"), Some("info"));
        assert_eq!(callee("log::warn"), Some("warn"));
        assert_eq!(callee("Write-Host"), Some("Write-Host"));
        assert_eq!(callee("logger.warn {"), Some("warn"));
        assert_eq!(callee("set :db_host,"), None);
        assert_eq!(callee("host ="), None);
        assert_eq!(callee("x = puts"), Some("puts"));
        assert_eq!(callee("$answer = Read-Host"), Some("Read-Host"));
        assert_eq!(callee("Read-Host -Prompt"), Some("Read-Host"));
        assert_eq!(
            callee("$h = Read-Host -AsSecureString -Prompt"),
            Some("Read-Host")
        );
        assert_eq!(callee("a == puts"), None);
        assert_eq!(callee("a.b = puts"), None);
        assert_eq!(callee("a => puts"), None);
        assert_eq!(callee("x = -1"), None);
    }
}
