//! Shell, wherever it is written: scripts, and every embedded command line
//! (Makefile recipes, Dockerfile `RUN`, CI `run:`, compose `command:`,
//! crontab lines, systemd `ExecStart=`), parsed with tree-sitter-bash; and
//! command arrays (`["redis-cli", "-h", "10.0.0.120"]`). Each address is
//! classified by the syntax around it: assignments and arrays, client
//! commands and their host flags (wherever the command stands in the line),
//! `vault write database/config/…`, heredocs, and what is *not*
//! configuration — comments, human text (`echo` to the terminal), comparison
//! operands and `case` patterns, container-management names (`docker exec
//! NAME`), and member identities (`LEADER_NODE=db1`) that the file never
//! uses as a host.

mod commands;
mod locate;
mod outline;
#[cfg(test)]
mod tests;
mod trace;

use std::borrow::Cow;
use std::cell::{Cell, OnceCell, RefCell};
use std::collections::{HashMap, HashSet};
use std::ops::{ControlFlow, Range};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tree_sitter::{Node as SyntaxNode, ParseOptions, ParseState, Parser, Point, Tree};

use crate::address::{Form, Hit, Target, role_of_any_name, role_of_name};
use crate::pack::{ClientCommand, Pack, Role};

use locate::{Locator, MAX_DEPTH};

use super::candidates::{CandidateList, default_of_expansion, from_text, is_list_name, member};
use super::ports::FlatPorts;
use super::text::embedded::{block_scalars, holding};
use super::value::{Value, analyze, has_prefix_length, template_after, trim_quotes};
use super::{
    Because, Covering, FileKind, FileScan, HostUse, JudgedTexts, ParseNote, Reference, Scanner,
    ServerImage, ServiceContext, alias_names_member, comment_lines, define_topology, hits_in,
    line_end, lines_of, normalized, strip_quotes, template_comments, within_any,
};

/// Shell builtins that compare values (`test a = b`, `[ a = b ]`).
const COMPARISONS: &[&str] = &["test", "["];

/// The options of `mapfile`/`readarray` that take a value (`-d ','`).
const MAPFILE_OPTIONS_WITH_VALUE: &[&str] = &["-d", "-n", "-O", "-s", "-u", "-C", "-c"];

/// Shells whose `-c` argument is a command line.
const SHELLS: &[&str] = &["sh", "bash", "zsh", "dash", "ash", "ksh"];

thread_local! {
    /// One parser per worker thread, built on first use.
    static PARSER: RefCell<Option<Parser>> = const { RefCell::new(None) };
}

/// The syntax tree of `source` with the `blanked` ranges read as blanks
/// (their line breaks kept), or `None` when the parser exceeds `budget`.
fn parse(source: &str, blanked: &[Range<usize>], budget: Duration) -> Option<Tree> {
    PARSER.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            let mut parser = Parser::new();
            parser
                .set_language(&tree_sitter_bash::LANGUAGE.into())
                .ok()?;
            *slot = Some(parser);
        }
        let parser = slot.as_mut()?;
        let deadline = Instant::now() + budget;
        let mut progress = |_: &ParseState| {
            if Instant::now() > deadline {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        };
        let mut bytes = match templates_as_words(source) {
            Some(words) => Cow::Owned(words.into_bytes()),
            None => Cow::Borrowed(source.as_bytes()),
        };
        if !blanked.is_empty() {
            let bytes = bytes.to_mut();
            for range in blanked {
                for byte in &mut bytes[range.clone()] {
                    if *byte != b'\n' {
                        *byte = b' ';
                    }
                }
            }
        }
        let mut read = |offset: usize, _: Point| bytes.get(offset..).unwrap_or_default();
        let tree = parser.parse_with_options(
            &mut read,
            None,
            Some(ParseOptions::new().progress_callback(&mut progress)),
        );
        if tree.is_none() {
            parser.reset(); // a cancelled parse must not leak into the next one
        }
        tree
    })
}

/// `source` with each template expression (`{{ redis_host |
/// default('redis-02') }}`, GitHub's `${{ env.PGHOST }}`, closed on its
/// line) made one shell word, as the
/// template engine renders it before any shell reads it: its blanks, quotes,
/// pipes and parentheses read as `_` by the parser, offsets unchanged.
/// `None` when there is none.
fn templates_as_words(source: &str) -> Option<String> {
    let original = source.as_bytes();
    memchr::memmem::find(original, b"{{")?;
    let mut bytes = original.to_vec();
    let mut position = 0;
    while let Some(open) = memchr::memmem::find(&original[position..], b"{{").map(|i| position + i)
    {
        match template_after(original, open, original.len()) {
            Some(close) => {
                // GitHub's `${{ env.X }}` is one expression, `$` and all.
                if open > 0 && original[open - 1] == b'$' {
                    bytes[open - 1] = b'_';
                }
                for byte in &mut bytes[open + 2..close - 2] {
                    if b" \t|()'\"&;<>$`".contains(byte) {
                        *byte = b'_';
                    }
                }
                position = close;
            }
            None => position = open + 2,
        }
    }
    // Only ASCII bytes were replaced, by an ASCII byte.
    String::from_utf8(bytes).ok()
}

/// Whether a line of another file is shell for topolint: its first command
/// word is one whose arguments matter (a client, `vault`, human text,
/// management, `ssh`, a reachability check or the network's configuration).
pub fn is_shell_word(pack: &Pack, word: &str) -> bool {
    let word = program_name(word);
    word == "vault"
        || word == "ssh"
        || pack.remote_commands.iter().any(|c| c == word)
        || pack.search_commands.iter().any(|c| c == word)
        || word == "sed"
        || pack.human_text_commands.iter().any(|c| c == word)
        || pack.reachability_commands.iter().any(|c| c == word)
        || pack.network_commands.iter().any(|c| c == word)
        || is_client(pack, word)
        || pack.management_commands.contains_key(word)
}

fn is_client(pack: &Pack, name: &str) -> bool {
    pack.services
        .iter()
        .any(|s| s.commands.iter().any(|c| c.name == name))
}

/// Whether command line `text` runs a client command anywhere in it (`sh
/// -c "psql -h …"`): a container that runs it is a client, whatever its image.
pub fn runs_client(pack: &Pack, text: &str) -> bool {
    text.split(|c: char| {
        c.is_whitespace() || matches!(c, '"' | '\'' | ';' | '&' | '|' | '(' | ')' | '`')
    })
    .any(|word| is_client(pack, program_name(word)))
}

/// The command name a word runs (`"/usr/bin/psql"` → `psql`).
fn command_name(word: &str) -> &str {
    program_name(strip_quotes(word))
}

/// A program's name without its directory (`/usr/bin/psql` → `psql`).
pub fn program_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// Whether `name` is a shell, which runs the command line it is given.
pub fn is_shell(name: &str) -> bool {
    SHELLS.contains(&name)
}

/// The value `word` gives `flag` joined to it: `host=…` and `-h10.0.0.1`
/// (a short flag needs a value), `--port=26379` (a long flag needs `=`).
fn joined_flag_value<'w>(flag: &str, word: &'w str) -> Option<&'w str> {
    if flag.starts_with("--") && !flag.ends_with('=') {
        word.strip_prefix(flag)?.strip_prefix('=')
    } else {
        word.strip_prefix(flag)
            .filter(|value| flag.ends_with('=') || !value.is_empty())
    }
}

/// Scans `range` of `text` as shell.
/// A whole script. Its top-level functions that hold no hit and no list
/// name are blanked before it is parsed ([`outline`]): what such a function
/// could change is read by text, never by the tree, except the variables
/// the scan traces. Where a blanked function matters after all (it was not
/// a top-level statement, or it expands a traced variable) the script is
/// parsed whole; the scan is the same either way.
pub fn scan_script(scanner: &Scanner, text: &str, hits: &[Hit]) -> FileScan {
    let idle: Vec<Range<usize>> = outline::functions(text)
        .into_iter()
        .filter(|function| {
            !hits
                .iter()
                .any(|hit| hit.span.start < function.end && function.start < hit.span.end)
                && !scanner.list_names.may_appear_in(&text[function.clone()])
        })
        .collect();
    if !idle.is_empty() {
        let mut scan = FileScan::default();
        if scan_blanked(scanner, text, 0..text.len(), hits, &idle, &mut scan) {
            return scan;
        }
    }
    let mut scan = FileScan::default();
    self::scan(scanner, text, 0..text.len(), hits, &mut scan);
    scan
}

pub fn scan(scanner: &Scanner, text: &str, range: Range<usize>, hits: &[Hit], scan: &mut FileScan) {
    scan_blanked(scanner, text, range, hits, &[], scan);
}

/// Scans the shell at `range` of `text`, parsed with the `blanked` ranges
/// (relative to `range`) read as blanks: false, with `scan` partly
/// written, when one of them mattered after all.
fn scan_blanked(
    scanner: &Scanner,
    text: &str,
    range: Range<usize>,
    hits: &[Hit],
    blanked: &[Range<usize>],
    scan: &mut FileScan,
) -> bool {
    let hits = hits_in(hits, &range);
    let source = &text[range.clone()];
    // A template's comments are gone once it is rendered: read as blanks,
    // and what they hold is no reference.
    let comments: Vec<Range<usize>> = template_comments(source)
        .into_iter()
        .filter(|comment| source[..comment.end].ends_with("#}"))
        .collect();
    let unread: Vec<Range<usize>> = blanked.iter().chain(&comments).cloned().collect();
    let Some(tree) = parse(source, &unread, scanner.pack.parse_budget) else {
        // Over the parse budget: read as text rather than drop it, and say so.
        scan.parse_errors.push(ParseNote {
            offset: range.start,
            message: format!(
                "shell parsing took longer than the parse budget ({} ms); read as text",
                scanner.pack.parse_budget.as_millis()
            ),
        });
        super::text::scan_plain(scanner, text, hits, scan);
        return true;
    };
    if !between_statements(&tree, blanked) {
        return false;
    }
    let view = View::new(
        scanner,
        Commands::new(scanner, text, range.clone(), hits, 0),
        range.start,
        &tree,
        source,
    );
    // Walking the whole tree for lists is a third of a shell file's cost: only
    // when a list name can be there.
    let (lists, list_values) = if scanner.list_names.may_appear_in(source) {
        view.candidate_lists()
    } else {
        (Vec::new(), Vec::new())
    };
    let first = scan.references.len();
    let listed = Covering::new(&list_values);
    let comment_around = |hit: &Hit| {
        let at = hit.span.start - range.start;
        comments.iter().find(|comment| comment.contains(&at))
    };
    for hit in hits {
        if listed.holds(&hit.span) {
            continue; // judged with its list
        }
        if let Some(comment) = comment_around(hit) {
            // Comments are read only when the pack asks, as text.
            if scanner.pack.scan_comments {
                let comment = range.start + comment.start..range.start + comment.end;
                view.commands.value(comment, None, None, hit, scan);
            }
            continue;
        }
        view.classify(hit, scan);
    }
    scan.lists.extend(lists);
    view.trace_identities(first, scan);
    view.trace_loop_words(first, scan);
    view.trace_into_written_files(first, scan);
    view.trace_into_definitions(first, scan);
    view.trace_start_up(first, scan);
    let traced = view.traced.into_inner();
    let called = view.called.into_inner();
    !blanked.iter().any(|range| {
        let blanked = &source.as_bytes()[range.clone()];
        traced
            .iter()
            .any(|name| expansions_of(blanked, 0, name).next().is_some())
            || called.iter().any(|name| defines_function(blanked, name))
    })
}

/// Whether the function definition `blanked` (from its header line on) is
/// the function `name` (`name() {`, `function name {`).
fn defines_function(blanked: &[u8], name: &str) -> bool {
    let header = blanked.trim_ascii_start();
    let header = header
        .strip_prefix(b"function")
        .filter(|rest| rest.first().is_some_and(u8::is_ascii_whitespace))
        .map_or(header, <[u8]>::trim_ascii_start);
    header.strip_prefix(name.as_bytes()).is_some_and(|rest| {
        rest.first()
            .is_none_or(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-')))
    })
}

/// Whether each blanked range stood between top-level statements of the
/// tree parsed without it, in a tree without errors: else the range was
/// inside something (a heredoc, a string, another function) or its absence
/// changed how the rest reads.
fn between_statements(tree: &Tree, blanked: &[Range<usize>]) -> bool {
    let root = tree.root_node();
    let locator = Locator::new(tree);
    blanked.is_empty()
        || (!root.has_error()
            && blanked
                .iter()
                .all(|range| locator.descendant(range.start, range.end) == Some(root)))
}

/// The values of a command's name flags, as a block's name keys give them
/// (`--name db-master-01`, `--hostname=db-master-01`); `words` unquoted.
fn name_flag_values<'w>(pack: &'w Pack, words: &'w [&'w str]) -> impl Iterator<Item = &'w str> {
    let syntax = &pack.syntax;
    long_flag_values(words, |flag| {
        syntax.definition_name_keys.is_match(flag) || syntax.definition_item_keys.is_match(flag)
    })
}

/// The values of a command's own-address flags, as a block's own-address
/// keys give them (`docker run --ip 10.0.0.121`, `docker network connect
/// --ip=10.0.0.121 NET NAME`); `words` unquoted.
fn own_address_flag_values<'w>(
    pack: &'w Pack,
    words: &'w [&'w str],
) -> impl Iterator<Item = &'w str> {
    long_flag_values(words, |flag| {
        pack.syntax.definition_address_keys.is_match(flag)
    })
}

/// The values of the long flags of `words` whose name `names` accepts
/// (`--flag value` or `--flag=value`).
fn long_flag_values<'w>(
    words: &'w [&'w str],
    names: impl Fn(&str) -> bool + 'w,
) -> impl Iterator<Item = &'w str> {
    words.iter().enumerate().filter_map(move |(at, word)| {
        let flag = word.strip_prefix("--")?;
        let (flag, value) = match flag.split_once('=') {
            Some((flag, value)) => (flag, Some(value)),
            None => (flag, words.get(at + 1).copied()),
        };
        names(flag).then_some(value).flatten()
    })
}

/// Whether `word` reads as a container image (`prom/postgres-exporter`,
/// `quay.io/org/name:tag`): a repository path whose last part is a name,
/// not a file (`scripts/exporter.sh`, `./run`).
fn is_image_reference(word: &str) -> bool {
    let Some((_, last)) = word.rsplit_once('/') else {
        return false;
    };
    let name = last.split([':', '@']).next().unwrap_or(last);
    !word.starts_with(['.', '/', '~', '$', '-']) && !name.is_empty() && !name.contains('.')
}

/// Whether `word` is a key as configuration writes one (`listen:`,
/// `connect_address:`): a name ended by a colon.
fn is_key_word(word: &str) -> bool {
    word.strip_suffix(':').is_some_and(|name| {
        name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"_.-".contains(&b))
    })
}

/// The lines of a fragment of configuration pasted into a script around
/// byte `at`: the run of lines that start with a key at any indentation
/// (`restapi:`, `  listen: …`), or are indented below one, up to a blank
/// line or a line of the script.
fn pasted_lines(text: &str, at: usize) -> Range<usize> {
    let is_fragment_line = |line: &str| {
        let indented = line.starts_with([' ', '\t']);
        let first = line.split_whitespace().next();
        first.is_some_and(|word| is_key_word(word) || (indented && !word.starts_with('#')))
    };
    let bytes = text.as_bytes();
    let mut start = super::line_start(bytes, 0, at);
    while start > 0 {
        let above = super::line_start(bytes, 0, start - 1);
        if !is_fragment_line(&text[above..start - 1]) {
            break;
        }
        start = above;
    }
    let mut end = line_end(bytes, at);
    while end < bytes.len() {
        let below = line_end(bytes, end + 1);
        if !is_fragment_line(&text[end + 1..below]) {
            break;
        }
        end = below;
    }
    start..end
}

/// Scans a command given as an array of words (`["redis-cli", "-h", "…"]`,
/// a YAML `command:` list): each word at its range of `text`, unquoted.
pub fn scan_argv(
    scanner: &Scanner,
    text: &str,
    words: &[Range<usize>],
    hits: &[Hit],
    scan: &mut FileScan,
) {
    let script = words.first().map_or(0, |w| w.start)..words.last().map_or(0, |w| w.end);
    let commands = Commands::new(scanner, text, script, hits, 0);
    let words: Vec<Word> = words
        .iter()
        .map(|range| Word {
            range: range.clone(),
            text: &text[range.clone()],
        })
        .collect();
    // A word that is a whole command line is shell of its own: the script
    // of a `sh -c` given apart (Kubernetes `command: [sh, -c]` with
    // `args: ["pg_dump -h … | gzip > …"]`).
    let is_line: Vec<bool> = words
        .iter()
        .map(|word| commands.is_command_line(strip_quotes(word.text)))
        .collect();
    for (line, _) in words.iter().zip(&is_line).filter(|(_, is_line)| **is_line) {
        self::scan(scanner, text, line.range.clone(), hits, scan);
    }
    for hit in hits {
        let Some(index) = words.iter().position(|w| w.contains(hit)) else {
            continue;
        };
        if is_line[index] {
            continue;
        }
        match index {
            0 => commands.value(words[0].range.clone(), None, None, hit, scan),
            _ => {
                let call = Call {
                    name: command_name(words[0].text),
                    words: &words[1..],
                    index: index - 1,
                    site: words[0].range.start,
                    writes_file: false,
                };
                commands.call(&call, hit, scan);
            }
        }
    }
}

/// One word of a command: its range in the file and its text as written.
#[derive(Clone)]
struct Word<'t> {
    range: Range<usize>,
    text: &'t str,
}

impl Word<'_> {
    fn contains(&self, hit: &Hit) -> bool {
        self.range.start <= hit.span.start && hit.span.end <= self.range.end
    }
}

/// A command as the classifier sees it: its name, its arguments and which
/// argument holds the address, and whether its output goes to a file.
struct Call<'c> {
    name: &'c str,
    words: &'c [Word<'c>],
    index: usize,
    /// Where the call stands in the file: the addresses of its arguments
    /// are one list, wherever its words come from.
    site: usize,
    /// Its output is redirected to a file (`> f`, `| tee f`): what it prints
    /// is configuration.
    writes_file: bool,
}

impl<'c> Call<'c> {
    /// The call of the command this one runs at word `at`, before the
    /// hit's (`psql -h …` of `sudo -u postgres psql -h …`).
    fn inner(&self, at: usize) -> Call<'c> {
        Call {
            name: command_name(self.words[at].text),
            words: &self.words[at + 1..],
            index: self.index - at - 1,
            site: self.site,
            writes_file: self.writes_file,
        }
    }
}

/// The program `docker compose` runs as: its subcommands are looked up
/// under this name among the pack's management commands.
const COMPOSE: &str = "docker-compose";

/// How deep `sh -c "…"` strings are read inside one another.
const MAX_NESTING: usize = 8;

/// The classification of one command's arguments, the same for a parsed
/// command line and a command array.
struct Commands<'a> {
    scanner: &'a Scanner<'a>,
    text: &'a str,
    /// Every address being classified: a value holding several is read once,
    /// with all of them (one list, `PEERS="a b c"`).
    hits: &'a [Hit],
    /// The values read so far.
    read: RefCell<HashSet<(usize, usize)>>,
    /// How many `sh -c` strings this command is inside.
    depth: usize,
    /// Where the commands are written: an embedded script's own range.
    script: Range<usize>,
    /// Whether the script may hold a command that sets a service's topology.
    may_set_topology: OnceCell<bool>,
    /// The script's keys' ports, read when a host key first holds an address.
    flat_ports: OnceCell<FlatPorts>,
}

/// Scans one hit inside a command-line string (`sh -c "…"`) at `range`.
fn scan_nested(
    scanner: &Scanner,
    text: &str,
    range: Range<usize>,
    hit: &Hit,
    depth: usize,
    scan: &mut FileScan,
) {
    let Some(tree) = parse(&text[range.clone()], &[], scanner.pack.parse_budget) else {
        return;
    };
    let view = View::new(
        scanner,
        Commands::new(
            scanner,
            text,
            range.clone(),
            std::slice::from_ref(hit),
            depth,
        ),
        range.start,
        &tree,
        &text[range],
    );
    let first = scan.references.len();
    view.classify(hit, scan);
    view.trace_start_up(first, scan);
}

/// What a part of a sed script is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SedPart {
    /// A `/regex/` address, or the regex an `s` command replaces.
    Pattern,
    /// What an `s` command writes instead.
    Replacement,
}

/// The part of the sed script `script` (quotes included or not) that holds
/// byte `at`, as a byte range of `script`, if a pattern or a replacement does.
fn sed_part_at(script: &str, at: usize) -> Option<(Range<usize>, SedPart)> {
    let bytes = script.as_bytes();
    // Up to the next `delimiter` not escaped by a backslash.
    let until = |from: usize, delimiter: u8| {
        let mut end = from;
        while end < bytes.len() && bytes[end] != delimiter {
            end += if bytes[end] == b'\\' { 2 } else { 1 };
        }
        end.min(bytes.len())
    };
    let mut parts = Vec::new();
    let mut position = 0;
    while position < bytes.len() {
        match bytes[position] {
            b'/' => {
                let end = until(position + 1, b'/');
                parts.push((position + 1..end, SedPart::Pattern));
                position = end + 1;
            }
            b's' if position + 1 < bytes.len()
                && !bytes[position + 1].is_ascii_alphanumeric()
                && !bytes[position + 1].is_ascii_whitespace()
                && (position == 0 || !bytes[position - 1].is_ascii_alphanumeric()) =>
            {
                let delimiter = bytes[position + 1];
                let end = until(position + 2, delimiter);
                parts.push((position + 2..end, SedPart::Pattern));
                let replaced = until(end + 1, delimiter);
                parts.push((end + 1..replaced, SedPart::Replacement));
                position = replaced + 1;
            }
            _ => position += 1,
        }
    }
    parts.into_iter().find(|(part, _)| part.contains(&at))
}

/// The environment entry (`NAME=value`) of `word` at `range` that holds the
/// hit: the word itself, or one of the entries a quoted word lists
/// (`-e "pg_host=… redis_host=…"`).
fn entry_around(text: &str, range: Range<usize>, hit: &Hit) -> Option<Range<usize>> {
    let inner = trim_quotes(text, range);
    let mut start = inner.start;
    for token in text[inner.clone()].split_inclusive(char::is_whitespace) {
        let entry = start..start + token.trim_end().len();
        start += token.len();
        if entry.start <= hit.span.start && hit.span.end <= entry.end {
            return is_environment_entry(&text[entry.clone()]).then_some(entry);
        }
    }
    None
}

/// Whether `word` is an environment entry, `NAME=value`: never a container
/// or pod name, which holds no `=`.
fn is_environment_entry(word: &str) -> bool {
    word.split_once('=').is_some_and(|(name, _)| {
        !name.is_empty()
            && !name.starts_with(|c: char| c.is_ascii_digit())
            && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
    })
}

/// The references made of a `for` loop's literal words.
struct LoopWords {
    references: Range<usize>,
    variable: String,
    /// The loop's body, in tree offsets.
    body: Range<usize>,
}

struct View<'a> {
    scanner: &'a Scanner<'a>,
    commands: Commands<'a>,
    /// Tree offsets are relative to `base` in the file's text.
    base: usize,
    tree: &'a Tree,
    locator: Locator<'a>,
    /// The references made of each `for` loop's literal words, with the
    /// loop's variable and its body (tree offsets): traced as assignments.
    loop_words: RefCell<Vec<LoopWords>>,
    /// The script's whole-line comments as read without the parser, made
    /// on first use.
    comment_lines: OnceCell<Vec<Range<usize>>>,
    /// Every name the script expands (`$NAME`, `${NAME…}`), found in one
    /// pass: a name expanded nowhere has no use to look for, so a file of
    /// many keys (a long heredoc) costs no search of the script per key.
    expanded: OnceCell<HashSet<&'a str>>,
    /// Whether the script may hold a block name an `[[allow]] blocks` entry
    /// matches: commands are named only then.
    blocks_named: bool,
    /// The variables whose uses the scan looked for: a blanked function
    /// that expands one of them matters.
    traced: RefCell<HashSet<String>>,
    /// The tree's byte range of each of the script's functions, by name,
    /// found on first use.
    functions: OnceCell<HashMap<String, Range<usize>>>,
    /// Commands the scan looked up as functions and did not find: a
    /// blanked function of that name matters.
    called: RefCell<HashSet<String>>,
    /// How names given to the script's functions are being followed.
    calls: CallTrace,
    /// How many probes are open: a probe's reading may trace a use of its
    /// own (an array that picks its own items, unclosed), so they nest.
    probes: Cell<usize>,
    /// Probe verdicts by use, address, variable and the functions being
    /// followed: arrays that pick each other's items, assigned twice, would
    /// otherwise probe the same uses in every order. A use still being
    /// probed reads as no host inside its own probe.
    probed: RefCell<HashMap<ProbeKey, Option<HostUse>>>,
    /// Whether the file was told that a hit was nested too deep to read.
    noted_depth: Cell<bool>,
    /// The last fragment of pasted configuration found: the addresses in
    /// it share it, so a long fragment is read once, not once per address.
    pasted: RefCell<Option<Range<usize>>>,
    /// The last written text read for YAML block scalars, and those it
    /// holds: its addresses share them.
    written_scalars: RefCell<Option<TextScalars>>,
}

/// A text and the YAML block scalars it holds.
type TextScalars = (Range<usize>, Vec<Range<usize>>);

/// A probe: the use's tree range, the address, the variable, and the
/// functions entered.
type ProbeKey = (Range<usize>, Target, String, Vec<usize>);

/// How deep probes nest before a use is taken for no host: a name followed
/// into functions probes once per call (at most `MAX_CALLS`), and a copy,
/// a loop or a list's item once more each.
const MAX_PROBE_DEPTH: usize = 4 * MAX_CALLS;

/// What a name's own uses are, as written texts go: the texts that expand
/// it, and the variables it is copied into.
#[derive(Default)]
struct WrittenUses<'a> {
    written: Vec<Range<usize>>,
    copies: Vec<&'a str>,
}

/// The state of following names into function parameters.
struct CallTrace {
    /// The functions whose parameters are being traced, by start (a
    /// function that calls itself is read once).
    entered: RefCell<Vec<usize>>,
    /// The lowest depth in `entered` that a trace was cut short at since
    /// the innermost function was entered: a verdict that depends on a
    /// function still being read is not final.
    cut_at: Cell<usize>,
    /// Whether a trace since the innermost function was entered stopped at
    /// `MAX_CALLS`: its verdict holds only as deep as it was made.
    cut_short: Cell<bool>,
    /// Verdicts on function parameters, by function start, position and
    /// address: a function called a thousand times is read once.
    parameters: RefCell<HashMap<(usize, usize, Target), ParameterVerdict>>,
}

impl Default for CallTrace {
    fn default() -> Self {
        CallTrace {
            entered: RefCell::default(),
            cut_at: Cell::new(usize::MAX),
            cut_short: Cell::default(),
            parameters: RefCell::default(),
        }
    }
}

/// How many function calls deep a name given to a function is followed:
/// far beyond any script's habit, and the stack holds it.
const MAX_CALLS: usize = 16;

/// Whether a function uses a parameter as a host.
#[derive(Clone)]
struct ParameterVerdict {
    used: Option<HostUse>,
    /// The least call depth the verdict holds from: one made where
    /// `MAX_CALLS` cut the trace short holds only there and deeper.
    from: usize,
}

impl<'a> View<'a> {
    /// A view of `source`, parsed as `tree`, that starts at `base` in the
    /// file's text.
    fn new(
        scanner: &'a Scanner<'a>,
        commands: Commands<'a>,
        base: usize,
        tree: &'a Tree,
        source: &str,
    ) -> Self {
        View {
            scanner,
            commands,
            base,
            tree,
            locator: Locator::new(tree),
            loop_words: RefCell::default(),
            comment_lines: OnceCell::new(),
            expanded: OnceCell::new(),
            blocks_named: scanner.block_names.may_appear_in(source),
            traced: RefCell::default(),
            functions: OnceCell::new(),
            called: RefCell::default(),
            probes: Cell::new(0),
            probed: RefCell::default(),
            noted_depth: Cell::new(false),
            pasted: RefCell::default(),
            written_scalars: RefCell::default(),
            calls: CallTrace::default(),
        }
    }

    fn pack(&self) -> &Pack {
        self.scanner.pack
    }

    fn text(&self) -> &'a str {
        self.commands.text
    }

    fn range(&self, node: SyntaxNode) -> Range<usize> {
        self.base + node.start_byte()..self.base + node.end_byte()
    }

    fn source(&self, node: SyntaxNode) -> &'a str {
        &self.text()[self.range(node)]
    }

    /// Every assignment to a leader-discovery list (`V=(…)`, `V+=(…)`,
    /// `V[2]=…`, `V="a b"`, `declare -a V=(…)`, `V="${V:-a b}"`, `read -a V
    /// <<< "a b"`), and the ranges of all their values; `+=` and an
    /// element's assignment extend the list they add to.
    fn candidate_lists(&self) -> (Vec<CandidateList>, Vec<Range<usize>>) {
        let mut lists: Vec<CandidateList> = Vec::new();
        let mut values = Vec::new();
        let mut add = |list: CandidateList, appends: bool| {
            values.push(list.span.clone());
            match lists
                .iter_mut()
                .find(|l| l.name == list.name)
                .filter(|_| appends)
            {
                Some(existing) => existing.members.extend(list.members),
                None => lists.push(list),
            }
        };
        let mut cursor = self.tree.walk();
        loop {
            let node = cursor.node();
            if node.kind() == "variable_assignment"
                && let (Some(name), Some(value)) = (
                    node.child_by_field_name("name"),
                    node.child_by_field_name("value"),
                )
            {
                // An element's assignment (`V[3]=…`) adds to the array it indexes.
                let element = (name.kind() == "subscript")
                    .then(|| name.child_by_field_name("name"))
                    .flatten();
                let name_text = self.source(element.unwrap_or(name));
                if is_list_name(self.pack(), name_text) {
                    let appends = element.is_some()
                        || self.text()[self.base + name.end_byte()..].starts_with("+=");
                    add(self.list(name_text, value), appends);
                }
            }
            if node.kind() == "command"
                && let Some((name, value)) = self.read_into_array(node)
                && is_list_name(self.pack(), name)
            {
                add(from_text(self.pack(), self.text(), name, value), false);
            }
            if cursor.goto_first_child() {
                continue;
            }
            while !cursor.goto_next_sibling() {
                if !cursor.goto_parent() {
                    return (lists, values);
                }
            }
        }
    }

    /// `read -a NAME <<< "a b c"`, `readarray -t NAME` and `mapfile -t
    /// NAME` fed a here-string or a heredoc (one item per line): the
    /// array's name and the text it is read from.
    fn read_into_array(&self, command: SyntaxNode<'a>) -> Option<(&'a str, Range<usize>)> {
        let name = match self.commands_name(command) {
            "read" => {
                let arguments = self.arguments(command);
                let flag = arguments.iter().position(|a| {
                    let text = self.source(*a);
                    text.starts_with('-') && !text.starts_with("--") && text.ends_with('a')
                })?;
                self.source(*arguments.get(flag + 1)?)
            }
            "readarray" | "mapfile" => {
                let arguments = self.arguments(command);
                let mut words = arguments.iter().map(|a| self.source(*a));
                let mut name = "MAPFILE";
                while let Some(word) = words.next() {
                    if MAPFILE_OPTIONS_WITH_VALUE.contains(&word) {
                        words.next();
                    } else if !word.starts_with('-') {
                        name = word;
                    }
                }
                name
            }
            _ => return None,
        };
        let mut cursor = command.walk();
        if let Some(here) = command
            .children(&mut cursor)
            .find(|c| c.kind() == "herestring_redirect")
        {
            let mut inner = here.walk();
            let value = here.named_children(&mut inner).last()?;
            return Some((name, trim_quotes(self.text(), self.range(value))));
        }
        let statement = self
            .locator
            .parent(command)
            .filter(|p| p.kind() == "redirected_statement")?;
        let mut cursor = statement.walk();
        let body = statement
            .children_by_field_name("redirect", &mut cursor)
            .filter(|r| r.kind() == "heredoc_redirect")
            .find_map(|redirect| {
                let mut inner = redirect.walk();
                redirect
                    .named_children(&mut inner)
                    .find(|c| c.kind() == "heredoc_body")
            })?;
        let body = self.range(body);
        let items = self.text()[body.clone()].trim_end();
        Some((name, body.start..body.start + items.len()))
    }

    fn list(&self, name: &str, value: SyntaxNode) -> CandidateList {
        let span = self.range(value);
        if value.kind() != "array" {
            let span = default_of_expansion(self.text(), span.clone()).unwrap_or(span);
            return from_text(self.pack(), self.text(), name, span);
        }
        let mut cursor = value.walk();
        let members = value
            .named_children(&mut cursor)
            .filter(|element| element.kind() != "comment")
            .filter_map(|element| member(self.pack(), self.text(), self.range(element)))
            .collect();
        CandidateList::of(self.pack(), name, span, members)
    }

    /// Decides what an address is by the syntax around it, and reports it if
    /// it is configuration. A content rule judges the text written into a
    /// file that holds it, else its own line: a script is no HAProxy or
    /// Sentinel config, though a file it writes may be one.
    fn classify(&self, hit: &Hit, scan: &mut FileScan) {
        let path = self
            .locator
            .path_to_range(hit.span.start - self.base, hit.span.end - self.base);
        if path.len() > MAX_DEPTH {
            return self.read_too_deep(hit, scan);
        }
        let before = scan.references.len();
        self.classify_syntax(hit, &path, scan);
        if scan.references.len() == before {
            return;
        }
        let content = self
            .written_text(&path)
            .map(|written| self.innermost_written(written, hit))
            .or_else(|| self.pasted_text(&path, hit))
            .unwrap_or_else(|| lines_of(self.text(), &hit.span));
        let block = self.block_around(&path);
        for reference in &mut scan.references[before..] {
            if let Target::Known(role) = reference.hit.target {
                // A value's other addresses (read with this one) have paths of their own.
                let own = (reference.hit.span != hit.span).then(|| {
                    self.locator.path_to_range(
                        reference.hit.span.start - self.base,
                        reference.hit.span.end - self.base,
                    )
                });
                let path = own.as_deref().unwrap_or(&path);
                reference.enclosure.definition |= self.binds_own_name(path, &reference.hit, role);
            }
            reference.enclosure.surround(Some(&content), block.as_ref());
        }
    }

    /// Whether the syntax around `hit` binds it to a name of its own member
    /// (`role`): the body of a `case` arm whose patterns name that member,
    /// of an `if`/`elif` branch or an `&&` list guarded by an equality test
    /// with one of its names, or an associative array's element keyed by
    /// one (`[db-master-01]=10.0.0.120`). A member's name mapped to its own
    /// address defines that member, as a table keyed by member names does;
    /// another member's address there is a reference like any other.
    /// `path` goes from the root down to the smallest node that holds `hit`.
    fn binds_own_name(&self, path: &[SyntaxNode], hit: &Hit, role: Role) -> bool {
        let is_own_name = |name: &str| {
            let name = strip_quotes(name.trim());
            role_of_any_name(self.pack(), name) == Some(role)
        };
        let names_member = |node: SyntaxNode| is_own_name(self.source(node));
        (1..path.len()).any(|depth| {
            let (parent, child) = (path[depth - 1], path[depth]);
            let mut cursor = parent.walk();
            match parent.kind() {
                "case_item" => {
                    let patterns: Vec<SyntaxNode> = parent
                        .children_by_field_name("value", &mut cursor)
                        .collect();
                    !patterns.is_empty()
                        && patterns.iter().all(|&pattern| {
                            pattern.end_byte() <= child.start_byte() && names_member(pattern)
                        })
                }
                "if_statement" | "elif_clause" => {
                    let children: Vec<SyntaxNode> = parent.children(&mut cursor).collect();
                    let Some(then) = children.iter().position(|c| c.kind() == "then") else {
                        return false;
                    };
                    let in_body = child.start_byte() >= children[then].end_byte()
                        && !matches!(child.kind(), "elif_clause" | "else_clause");
                    in_body
                        && children[..then]
                            .iter()
                            .any(|&condition| self.tests_equal(condition, &names_member))
                }
                "list" => {
                    let operands: Vec<SyntaxNode> = parent.children(&mut cursor).collect();
                    matches!(operands.as_slice(), [guard, operator, body]
                        if operator.kind() == "&&" && body.id() == child.id()
                            && self.tests_equal(*guard, &names_member))
                }
                // `[db-master-01]=10.0.0.120`, an element of an array.
                "concatenation" if depth >= 2 && path[depth - 2].kind() == "array" => self
                    .source(parent)
                    .strip_prefix('[')
                    .and_then(|element| element.split_once("]="))
                    .is_some_and(|(key, _)| {
                        is_own_name(key)
                            && hit.span.start >= self.range(parent).start + key.len() + 3
                    }),
                _ => false,
            }
        })
    }

    /// Whether `guard`, a test or a list of tests joined by `&&`, holds an
    /// equality test one of whose operands `names`.
    fn tests_equal(&self, guard: SyntaxNode, names: &dyn Fn(SyntaxNode) -> bool) -> bool {
        match guard.kind() {
            "test_command" => {
                let mut cursor = guard.walk();
                guard
                    .named_children(&mut cursor)
                    .any(|test| self.tests_equal(test, names))
            }
            "binary_expression" => {
                let operands = [
                    guard.child_by_field_name("left"),
                    guard.child_by_field_name("right"),
                ];
                match guard
                    .child_by_field_name("operator")
                    .map(|o| self.source(o))
                {
                    Some("=" | "==") => operands.into_iter().flatten().any(names),
                    Some("&&") => operands
                        .into_iter()
                        .flatten()
                        .any(|test| self.tests_equal(test, names)),
                    _ => false,
                }
            }
            "list" | "parenthesized_expression" => {
                let mut cursor = guard.walk();
                guard
                    .named_children(&mut cursor)
                    .any(|test| self.tests_equal(test, names))
            }
            _ => false,
        }
    }

    /// The name an `[[allow]] blocks` entry gives the command that holds
    /// `hit`, as a YAML block's key, name keys and `image` name it: the
    /// program it runs, the value of a name flag (`--name pg-metrics`) or a
    /// container image it is given (`quay.io/…/postgres-exporter:v0.15`),
    /// whichever one matches. A file it reads (`exporter.sql`) names nothing.
    fn block_around(&self, path: &[SyntaxNode]) -> Option<Arc<str>> {
        if !self.blocks_named {
            return None;
        }
        let command = *path.iter().rev().find(|node| node.kind() == "command")?;
        let program = command
            .child_by_field_name("name")
            .map(|name| command_name(self.source(name)));
        let mut cursor = command.walk();
        let words: Vec<&str> = command
            .children_by_field_name("argument", &mut cursor)
            .map(|word| strip_quotes(self.source(word)))
            .collect();
        let named = name_flag_values(self.pack(), &words);
        let images = words
            .iter()
            .copied()
            .filter(|word| is_image_reference(word));
        program
            .into_iter()
            .chain(named)
            .chain(images)
            .find(|name| self.pack().names_a_block(name))
            .map(Arc::from)
    }

    /// The text a statement writes into a file that holds `node`: a heredoc
    /// body, or an argument of `echo`/`printf` redirected to a file
    /// (`echo "sentinel monitor …" > sentinel.conf`). It is that file's text.
    /// `path` goes from the root down to the node.
    fn written_text(&self, path: &[SyntaxNode<'a>]) -> Option<Range<usize>> {
        if let Some(body) = path.iter().rev().find(|n| n.kind() == "heredoc_body") {
            return Some(self.range(*body));
        }
        let depth = (1..path.len())
            .rev()
            .find(|&depth| path[depth - 1].kind() == "command")?;
        let (command, argument) = (path[depth - 1], path[depth]);
        let is_name = command
            .child_by_field_name("name")
            .is_some_and(|name| name.id() == argument.id());
        let statement = depth
            .checked_sub(2)
            .map(|above| path[above])
            .filter(|p| p.kind() == "redirected_statement")
            .unwrap_or(command);
        let written = !is_name
            && self.commands.is_human_text(self.commands_name(command))
            && self.writes_file(statement);
        written.then(|| trim_quotes(self.text(), self.range(argument)))
    }

    /// The text a content rule judges for `hit` in a `written` text: the
    /// innermost YAML block scalar that holds it, as in a text file's
    /// heredoc (a cloud-config's `content: |`, each a file of its own),
    /// else the whole written text.
    fn innermost_written(&self, written: Range<usize>, hit: &Hit) -> Range<usize> {
        let mut cache = self.written_scalars.borrow_mut();
        let scalars = match cache.as_ref() {
            Some((text, scalars)) if *text == written => scalars,
            _ => {
                let scalars = block_scalars(self.text(), written.clone());
                &cache.insert((written.clone(), scalars)).1
            }
        };
        holding(scalars, &hit.span).unwrap_or(written)
    }

    /// A hit nested deeper than [`MAX_DEPTH`] is read as its line's text,
    /// and the file says so once: no script people write nests so deep,
    /// and reading the tree there would cost the depth per address.
    fn read_too_deep(&self, hit: &Hit, scan: &mut FileScan) {
        if self.probes.get() == 0 && !self.noted_depth.replace(true) {
            scan.parse_errors.push(ParseNote {
                offset: hit.span.start,
                message: format!(
                    "shell nested deeper than {MAX_DEPTH} levels; the lines there are read as text"
                ),
            });
        }
        self.commands
            .value(lines_of(self.text(), &hit.span), None, None, hit, scan)
    }

    /// Classifies `hit` by the syntax around it: `path` goes from the root
    /// down to the smallest node that holds it.
    fn classify_syntax(&self, hit: &Hit, path: &[SyntaxNode<'a>], scan: &mut FileScan) {
        let start = hit.span.start - self.base;
        if self.tree.root_node().has_error() && self.is_comment_line(hit) {
            // Where the parser lost its way (a syntax it does not know, which
            // it may read on as words), a `#` line is still a comment.
            if self.pack().scan_comments {
                self.commands
                    .value(lines_of(self.text(), &hit.span), None, None, hit, scan);
            }
            return;
        }
        let before = scan.references.len();
        let mut group = None;
        // The innermost array around the address.
        let mut array = None;
        for &node in path.iter().rev() {
            match node.kind() {
                "comment" => {
                    if self.pack().scan_comments {
                        self.commands.value(self.range(node), None, None, hit, scan);
                    }
                    return;
                }
                "test_command" => return,
                "case_item" if self.is_case_pattern(node, start) => return,
                "heredoc_body" => return self.heredoc(node, hit, scan),
                "file_redirect" => return self.redirect(node, hit, scan),
                "array" => {
                    group = group.or_else(|| Some(self.group_of(node, scan)));
                    array = array.or(Some(node));
                }
                "variable_assignment" => {
                    let key = node.child_by_field_name("name").map(|n| self.source(n));
                    let value = node.child_by_field_name("value").unwrap_or(node);
                    if let (Some(group), Some(key)) = (group, key) {
                        scan.groups[group].connection = self.pack().is_connection_key(key);
                    }
                    self.commands.value(self.range(value), key, None, hit, scan);
                    self.join(group, before, scan);
                    if let (Some(array), Some(key)) = (array, key)
                        && array.id() == value.id()
                    {
                        self.pick_elements(array, key, before, scan);
                    }
                    return;
                }
                "for_statement" if self.word_of(node, start).kind() != "do_group" => {
                    let group = self.group_of(node, scan);
                    let word = self.range(self.word_of(node, start));
                    self.commands.value(word, None, None, hit, scan);
                    self.record_loop_words(node, before..scan.references.len());
                    return self.join(Some(group), before, scan);
                }
                "command" => return self.command(node, hit, scan),
                _ => {}
            }
        }
        // Where the parser lost its way, the line is read as text.
        self.commands
            .value(lines_of(self.text(), &hit.span), None, None, hit, scan)
    }

    /// A redirect's destination is a file (`> /var/log/db-master-01.log`),
    /// not a host; bash's `/dev/tcp/HOST/PORT` (and `/dev/udp/…`) opens a
    /// connection to HOST, its port giving the context.
    fn redirect(&self, redirect: SyntaxNode, hit: &Hit, scan: &mut FileScan) {
        let Some(destination) = redirect.child_by_field_name("destination") else {
            return;
        };
        let written = trim_quotes(self.text(), self.range(destination));
        let path = &self.text()[written.clone()];
        let Some(socket) = ["/dev/tcp/", "/dev/udp/"]
            .iter()
            .find_map(|device| path.strip_prefix(device))
        else {
            return;
        };
        let host_start = written.start + (path.len() - socket.len());
        let (host, port) = socket.split_once('/').unwrap_or((socket, ""));
        let host = host_start..host_start + host.len();
        if !(host.start <= hit.span.start && hit.span.end <= host.end) {
            return;
        }
        let port: Option<u16> = port.parse().ok();
        let context = port.and_then(|port| ServiceContext::of_port(self.pack(), port));
        self.commands.report_host(host, hit, context, port, scan);
    }

    /// Whether `hit` lies on a whole-line comment, as the script reads
    /// without the parser.
    fn is_comment_line(&self, hit: &Hit) -> bool {
        let lines = self.comment_lines.get_or_init(|| {
            let source = &self.text()[self.base..self.base + self.tree.root_node().end_byte()];
            comment_lines(FileKind::Shell, source)
                .map(|line| line.start + self.base..line.end + self.base)
                .collect()
        });
        within_any(lines, &hit.span)
    }

    /// The child of `node` that holds byte `offset` (a word of a `for` list).
    fn word_of(&self, node: SyntaxNode<'a>, offset: usize) -> SyntaxNode<'a> {
        self.locator.child_at(node, offset).unwrap_or(node)
    }

    /// The group of the list container `node`, made on first use.
    fn group_of(&self, node: SyntaxNode, scan: &mut FileScan) -> usize {
        scan.group_at(self.base + node.start_byte())
    }

    /// Puts the references added since `before` into `group`.
    fn join(&self, group: Option<usize>, before: usize, scan: &mut FileScan) {
        if let Some(group) = group {
            for reference in &mut scan.references[before..] {
                if !has_prefix_length(self.text(), reference.hit.span.end) {
                    reference.group = Some(group);
                }
            }
        }
    }

    fn is_case_pattern(&self, item: SyntaxNode, offset: usize) -> bool {
        let mut cursor = item.walk();
        item.children_by_field_name("value", &mut cursor)
            .any(|pattern| pattern.start_byte() <= offset && offset < pattern.end_byte())
    }

    /// A heredoc body is configuration unless it is printed to the terminal.
    fn heredoc(&self, body: SyntaxNode<'a>, hit: &Hit, scan: &mut FileScan) {
        let statement = self.locator.ancestor(body, "redirected_statement");
        let command = statement.and_then(|s| s.child_by_field_name("body"));
        // `readarray -t NAME <<EOF`: the body is NAME's value, one item a line.
        if let Some((array, value)) = command.and_then(|c| self.read_into_array(c))
            && value.start <= hit.span.start
            && hit.span.end <= value.end
        {
            return self.commands.value(value, Some(array), None, hit, scan);
        }
        let printed = command.is_some_and(|c| {
            let name = self.commands_name(c);
            (name == "cat" || self.commands.is_human_text(name))
                && !statement.is_some_and(|s| self.writes_file(s))
                && !self
                    .locator
                    .parent(body)
                    .is_some_and(|r| self.heredoc_read_on(r))
        });
        if printed {
            return;
        }
        // Each line of the body is read like a dotenv or text line.
        self.read_line(hit, scan);
    }

    /// Reads the line of `hit` as a dotenv or text line (`KEY=VALUE`,
    /// `key: value`).
    fn read_line(&self, hit: &Hit, scan: &mut FileScan) {
        let text = self.text();
        let bytes = text.as_bytes();
        let line_start = super::line_start(bytes, 0, hit.span.start);
        let line_end = line_end(bytes, hit.span.start);
        let locator = normalized(&text[line_start..line_end]);
        self.commands
            .value_at(line_start..line_end, None, &locator, None, hit, scan);
    }

    /// Whether `command` is no command but a line of configuration pasted
    /// into the script: its name is a key (`listen: 10.0.0.5:5432`,
    /// `restapi:`), as a YAML fragment a tutorial shows outside its heredoc
    /// is written. No program is named so.
    fn is_pasted_config(&self, command: SyntaxNode) -> bool {
        command
            .child_by_field_name("name")
            .is_some_and(|name| is_key_word(self.source(name)))
    }

    /// The lines of configuration pasted around `hit` (see
    /// [`Self::is_pasted_config`]): the run of key lines and the indented
    /// lines below them. It is the text a content rule judges, as a
    /// heredoc's body is. `path` goes from the root down to the hit.
    fn pasted_text(&self, path: &[SyntaxNode<'a>], hit: &Hit) -> Option<Range<usize>> {
        let command = path.iter().rev().find(|n| n.kind() == "command")?;
        if !self.is_pasted_config(*command) {
            return None;
        }
        let mut pasted = self.pasted.borrow_mut();
        let lines = match pasted.as_ref() {
            Some(lines) if lines.contains(&hit.span.start) => lines.clone(),
            _ => pasted_lines(self.text(), hit.span.start),
        };
        *pasted = Some(lines.clone());
        Some(lines)
    }

    fn commands_name(&self, command: SyntaxNode) -> &'a str {
        command
            .child_by_field_name("name")
            .map(|n| command_name(self.source(n)))
            .unwrap_or_default()
    }

    /// Whether the output of a statement goes to a file (`> f`, `>> f`, `| tee f`).
    fn writes_file(&self, statement: SyntaxNode<'a>) -> bool {
        let mut cursor = statement.walk();
        let to_file = statement
            .children_by_field_name("redirect", &mut cursor)
            .any(|redirect| self.redirects_to_file(redirect));
        to_file || self.pipes_into_tee(statement)
    }

    /// Whether `redirect` sends output to a file (not `/dev/…`, not a
    /// descriptor, not input).
    fn redirects_to_file(&self, redirect: SyntaxNode) -> bool {
        redirect.kind() == "file_redirect"
            && redirect
                .child_by_field_name("destination")
                .is_some_and(|d| {
                    let target = self.source(d);
                    !(target.starts_with("/dev/")
                        || target.starts_with('&')
                        || target.bytes().all(|b| b.is_ascii_digit()))
                })
            && !self.source(redirect).starts_with('<')
    }

    /// Whether a heredoc's text, once printed, is read on: written to a
    /// file (`cat <<EOF > app.env`) or piped into a program (`cat <<EOF |
    /// kubectl apply -f -`, `| tee app.env`), not into a command that prints
    /// text for people. The rest of the heredoc's first line sits in its
    /// redirect node.
    fn heredoc_read_on(&self, redirect: SyntaxNode<'a>) -> bool {
        let reads = |command: SyntaxNode<'a>| match command.kind() {
            "command" => !self.commands.is_human_text(self.commands_name(command)),
            // `| sed … > app.env`: the command and where it writes.
            "redirected_statement" => {
                command.child_by_field_name("body").is_some_and(|body| {
                    body.kind() != "command"
                        || !self.commands.is_human_text(self.commands_name(body))
                }) || self.writes_file(command)
            }
            _ => false,
        };
        let mut cursor = redirect.walk();
        redirect
            .named_children(&mut cursor)
            .any(|child| match child.kind() {
                "file_redirect" => self.redirects_to_file(child),
                "pipeline" => {
                    let mut inner = child.walk();
                    child.named_children(&mut inner).any(reads)
                }
                _ => reads(child),
            })
    }

    fn pipes_into_tee(&self, node: SyntaxNode<'a>) -> bool {
        let Some(pipeline) = self.locator.parent(node).filter(|p| p.kind() == "pipeline") else {
            return false;
        };
        let mut cursor = pipeline.walk();
        pipeline
            .named_children(&mut cursor)
            .filter(|n| n.start_byte() > node.start_byte())
            .any(|n| {
                n.kind() == "command"
                    && self.commands_name(n) == "tee"
                    && self
                        .arguments(n)
                        .iter()
                        .any(|a| !self.source(*a).starts_with('-'))
            })
    }

    fn arguments(&self, command: SyntaxNode<'a>) -> Vec<SyntaxNode<'a>> {
        let mut cursor = command.walk();
        command
            .children_by_field_name("argument", &mut cursor)
            .collect()
    }

    fn command(&self, command: SyntaxNode<'a>, hit: &Hit, scan: &mut FileScan) {
        if self.is_pasted_config(command) {
            return self.read_line(hit, scan);
        }
        let name = self.commands_name(command);
        let words: Vec<Word> = self
            .arguments(command)
            .into_iter()
            .map(|a| Word {
                range: self.range(a),
                text: self.source(a),
            })
            .collect();
        // `read -a NAME <<< "a b"`: the here-string is NAME's value.
        if let Some((array, value)) = self.read_into_array(command)
            && value.start <= hit.span.start
            && hit.span.end <= value.end
        {
            return self.commands.value(value, Some(array), None, hit, scan);
        }
        let Some(index) = words.iter().position(|w| w.contains(hit)) else {
            // In the command name or an env prefix (`PGHOST=… psql`): an assignment
            // was handled above, so this is the name itself.
            return self
                .commands
                .value(self.range(command), None, None, hit, scan);
        };
        let statement = self
            .locator
            .parent(command)
            .filter(|p| p.kind() == "redirected_statement")
            .unwrap_or(command);
        let call = Call {
            name,
            words: &words,
            index,
            site: words[0].range.start,
            writes_file: self.writes_file(statement),
        };
        self.call(&call, hit, scan, 0);
    }

    /// Judges `hit` in `call`, following the script's functions: `forwarded`
    /// is how many functions handed their arguments on to this call.
    fn call(&self, call: &Call, hit: &Hit, scan: &mut FileScan, forwarded: usize) {
        let before = scan.references.len();
        self.commands.call(call, hit, scan);
        if !scan.references[before..].iter().any(HostUse::may_give) {
            return;
        }
        let Some(function) = self.function_named(call.name) else {
            return;
        };
        // A name given to a function of the script is read where the
        // function reads that parameter (`run_sql db-slave-01`, then
        // `psql -h "$1"` in `run_sql`), in that use's context.
        if let Some(used) = self.parameter_host_use(function.clone(), call.index + 1, hit.target) {
            for reference in &mut scan.references[before..] {
                used.give(reference);
            }
            return;
        }
        // A function that hands all its arguments on (`pg() { psql "$@"; }`)
        // is called as the command it hands them to: `pg -h db-slave-01` is
        // `psql -h db-slave-01`.
        if forwarded < MAX_CALLS
            && let Some((inner, at)) = self.forwarding_command(function)
        {
            let mut words: Vec<Word> = self.arguments(inner)[..at]
                .iter()
                .map(|&a| Word {
                    range: self.range(a),
                    text: self.source(a),
                })
                .collect();
            let index = words.len() + call.index;
            words.extend(call.words.iter().cloned());
            let statement = self
                .locator
                .parent(inner)
                .filter(|p| p.kind() == "redirected_statement")
                .unwrap_or(inner);
            let inner_call = Call {
                name: self.commands_name(inner),
                words: &words,
                index,
                site: call.site,
                writes_file: call.writes_file || self.writes_file(statement),
            };
            scan.references.truncate(before);
            self.call(&inner_call, hit, scan, forwarded + 1);
        }
    }
}

/// Where `name` may be expanded in `script` from byte `from` on (`$NAME`,
/// `${NAME…}`), by text.
/// The names expanded in `script` (`$NAME`, `${NAME…}`, `$1`).
fn expanded_names(script: &str) -> HashSet<&str> {
    let bytes = script.as_bytes();
    memchr::memchr_iter(b'$', bytes)
        .filter_map(|at| {
            let start = at + 1 + usize::from(bytes.get(at + 1) == Some(&b'{'));
            let length = bytes
                .get(start..)?
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
                .count();
            (length > 0).then(|| &script[start..start + length])
        })
        .collect()
}

fn expansions_of<'s>(
    script: &'s [u8],
    from: usize,
    name: &'s str,
) -> impl Iterator<Item = usize> + 's {
    let rest = script.get(from..).unwrap_or_default();
    memchr::memmem::find_iter(rest, name.as_bytes())
        .map(move |at| at + from)
        .filter(move |&at| {
            let after = script.get(at + name.len());
            (script[..at].ends_with(b"$") || script[..at].ends_with(b"${"))
                && after.is_none_or(|b| !(b.is_ascii_alphanumeric() || *b == b'_'))
        })
}

/// Whether an expansion reads an array's elements (`${NODES[@]}`, `${NODES[0]}`).
fn is_subscripted(expansion: SyntaxNode) -> bool {
    let mut cursor = expansion.walk();
    expansion
        .children(&mut cursor)
        .any(|child| child.kind() == "subscript")
}

#[cfg(test)]
mod sed_scripts {
    use super::{SedPart, sed_part_at};

    /// The kind of the part holding the first byte of `needle` in `script`.
    fn kind_at(script: &str, needle: &str) -> Option<SedPart> {
        let at = script.find(needle).expect("the needle is in the script");
        sed_part_at(script, at).map(|(_, kind)| kind)
    }

    #[test]
    fn patterns_and_replacements_are_told_apart() {
        use SedPart::{Pattern, Replacement};
        assert_eq!(
            kind_at(r#""s/10.0.0.121/10.0.0.10/g""#, "10.0.0.121"),
            Some(Pattern)
        );
        assert_eq!(
            kind_at(r#""s/10.0.0.121/10.0.0.10/g""#, "10.0.0.10/"),
            Some(Replacement)
        );
        assert_eq!(kind_at("s|a|PGHOST=10.0.0.121|", "10.0"), Some(Replacement));
        // An escaped delimiter stays inside its part.
        assert_eq!(kind_at(r"s/x\/10.0.0.121/y/", "10.0"), Some(Pattern));
        assert_eq!(kind_at(r"s/x/y\/10.0.0.121/", "10.0"), Some(Replacement));
        // An address, then a command on the lines it selects.
        assert_eq!(kind_at("/10.0.0.122/d", "10.0"), Some(Pattern));
        assert_eq!(kind_at("1,/db-1/s/a/10.0.0.120/", "db-1"), Some(Pattern));
        assert_eq!(
            kind_at("1,/db-1/s/a/10.0.0.120/", "10.0"),
            Some(Replacement)
        );
        // An `s` inside a word is no command; a file name is no part.
        assert_eq!(kind_at("hosts.10.0.0.121", "10.0"), None);
        assert_eq!(kind_at("s", "s"), None);
    }
}

#[cfg(test)]
mod pasted_config {
    use super::{is_key_word, pasted_lines};

    #[test]
    fn a_pasted_fragment_is_its_run_of_key_lines() {
        let script = "echo start\n\n# node 2:\nname: db-slave-01\nrestapi:\n  listen: 10.0.0.121:8008\n\tconnect_address: x\npostgresql:\n  listen: 10.0.0.121:5432\nsudo systemctl restart patroni\n";
        let at = script.find("10.0.0.121:5432").expect("an address");
        let fragment = &script[pasted_lines(script, at)];
        assert!(fragment.starts_with("name: db-slave-01\n"), "{fragment:?}");
        assert!(
            fragment.ends_with("  listen: 10.0.0.121:5432"),
            "{fragment:?}"
        );
        // A blank line ends it too, and it may be the file's last line.
        let last = "psql -h x\n\nrestapi:\n  listen: 10.0.0.121:8008";
        let at = last.find("10.0").expect("an address");
        assert_eq!(
            &last[pasted_lines(last, at)],
            "restapi:\n  listen: 10.0.0.121:8008"
        );
        assert!(is_key_word("connect_address:") && is_key_word("a.b-c:"));
        for word in ["listen", ":", "1st:", "http://x:", "$HOST:", "-p:"] {
            assert!(!is_key_word(word), "{word}");
        }
    }
}

#[cfg(test)]
mod expansions {
    use super::{expanded_names, expansions_of};

    #[test]
    fn every_name_an_expansion_finds_is_an_expanded_name() {
        let script = "A=1; echo $A ${B} ${C:-x} \"${NODES[@]}\" $1 \"$D\"x $ {E} $$ F=$G_2";
        let expanded = expanded_names(script);
        for name in ["A", "B", "C", "NODES", "1", "D", "G_2"] {
            assert!(expanded.contains(name), "{name}");
        }
        for name in ["E", "F", "x", "G"] {
            assert!(!expanded.contains(name), "{name}");
        }
        // The set is the filter `uses_of` trusts: whatever expansions_of
        // finds must be in it.
        for word in script
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .filter(|w| !w.is_empty())
        {
            if expansions_of(script.as_bytes(), 0, word).next().is_some() {
                assert!(expanded.contains(word), "{word}");
            }
        }
    }
}
