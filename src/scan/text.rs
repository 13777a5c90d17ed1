//! Any other text file (TOML, INI, `.conf`, `.properties`, Dockerfiles,
//! Terraform, Makefiles, crontabs, systemd units, Python, …), line by line:
//! `KEY=VALUE`, `KEY: VALUE`, `"key": "value"`, libpq strings and URLs
//! anywhere in a line. Full-line `#`, `//` and `;` comments, and `#` comments
//! after whitespace, are not configuration.
//!
//! Embedded shell is shell: a Makefile recipe (with `$$` read as `$`), a
//! Dockerfile `RUN`, a crontab command, a systemd `Exec…=`, and any line whose
//! first word is a command that matters (`vault`, a client, `echo`, `docker
//! exec`, `ssh`) are read by the shell scanner. Bracketed lists (`hosts = [
//! "a", "b" ]`, over any number of lines) are one list; an inventory line that
//! names a member defines it; Python docstrings are prose.

mod commands;
pub(super) mod embedded;
mod lists;

use std::borrow::Cow;
use std::cell::{OnceCell, RefCell};
use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::address::{Form, Hit, Target, role_of_any_name, role_of_dns_name, role_of_name};
use crate::pack::{Pack, Role};

use commands::{
    EmbeddedCommands, argv, is_command_head, make_recipes_as_shell, shell_command,
    ssh_forward_target,
};
use lists::{
    ListedText, ListsRead, MAX_SAME_LINE, NamedList, bracket_lists, items_of, list_closings,
};

use super::blocks::{BlockContexts, Structure, may_hold_port_entry, section_name, walk_structure};
use super::candidates::{CandidateList, Member, from_text, is_list_name, member};
use super::ports::{FlatPorts, pair_key_at};
use super::value::{
    FALLBACK_KEYWORD, MAX_TYPE, Value, analyze, interprets_list, is_lookup_word, is_sentence,
    is_type_annotation, named_by_sibling, pairs, same_call, trim_quotes,
};
use super::{
    Closings, Covering, Dialect, FileKind, FileScan, HostUse, JudgedTexts, MAX_LIST, Reference,
    Scanner, closing, define_topology, formats, hits_in, line_end, line_start, lines_of,
    normalized, shell, strip_quotes, unmatched_open, within_any,
};

pub fn scan(scanner: &Scanner, text: &str, dialect: Dialect, hits: &[Hit], scan: &mut FileScan) {
    scan_text(scanner, text, 0, dialect, Sections::Read, hits, scan);
}

/// Reads YAML or JSON that does not parse as plain text, whose `[name]`
/// lines head no INI section: a mapping's entries stand in its brackets.
pub fn scan_unparsed(scanner: &Scanner, text: &str, hits: &[Hit], scan: &mut FileScan) {
    scan_text(
        scanner,
        text,
        0,
        Dialect::Plain,
        Sections::Ignored,
        hits,
        scan,
    );
}

/// Whether a plain text's `[name]` lines head INI sections.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Sections {
    Read,
    Ignored,
}

/// As [`scan`], for the text from `from` on (a YAML block scalar): lists
/// open there at the earliest.
pub fn scan_within(
    scanner: &Scanner,
    text: &str,
    from: usize,
    dialect: Dialect,
    hits: &[Hit],
    scan: &mut FileScan,
) {
    scan_text(scanner, text, from, dialect, Sections::Read, hits, scan);
}

fn scan_text(
    scanner: &Scanner,
    text: &str,
    from: usize,
    dialect: Dialect,
    sections: Sections,
    hits: &[Hit],
    scan: &mut FileScan,
) {
    let shell_text = match dialect {
        Dialect::Makefile => make_recipes_as_shell(text),
        _ => Cow::Borrowed(text),
    };
    let comments = block_comments(text, dialect);
    // Found once: Python's docstrings are skipped, and the multi-line ones
    // of a whole file are its embedded texts.
    let strings = match dialect {
        Dialect::Python => embedded::triple_quoted(text),
        Dialect::Plain if from == 0 && sections == Sections::Read => embedded::triple_quoted(text),
        _ => Vec::new(),
    };
    let skip = match dialect {
        Dialect::Python => docstrings(text, &strings),
        Dialect::Batch => batch_prompts(text).collect(),
        Dialect::Hcl => hcl_connection_blocks(text, &comments),
        _ => Vec::new(),
    };
    let definitions = match dialect {
        Dialect::Ruby => ruby_definitions(scanner, text),
        Dialect::Hcl => hcl_definitions(scanner, text, &comments),
        // A whole file, once: a YAML block scalar is no INI file.
        Dialect::Plain if from == 0 && sections == Sections::Read => {
            section_definitions(scanner, text, hits)
        }
        _ => Vec::new(),
    };
    let blocks = match from {
        0 => blocks_of(scanner.pack, text, dialect, sections, &comments, hits),
        _ => BlockContexts::default(),
    };
    let first_listed = scan.references.len();
    let mut closings = list_closings(from);
    let keyed = keyed_lists(scanner, text, from, dialect, &comments, hits, scan);
    // A keyed list is read once, also as an item of a bracketed one (an env
    // entry `{"name": "PG_CANDIDATE_IPS", "value": "a,b"}` of an array).
    let bracketed_hits: Cow<[Hit]> = if keyed.is_empty() {
        Cow::Borrowed(hits)
    } else {
        let keyed = Covering::new(&keyed);
        Cow::Owned(
            hits.iter()
                .filter(|hit| !keyed.holds(&hit.span))
                .cloned()
                .collect(),
        )
    };
    let ListsRead {
        read: mut lists,
        looped,
        named,
    } = bracket_lists(
        scanner,
        ListedText {
            text,
            from,
            comments: &comments,
            blocks: &blocks,
        },
        &bracketed_hits,
        &mut closings,
        scan,
    );
    lists.extend(keyed);
    let mut table_arrays = match dialect {
        Dialect::Plain if from == 0 => table_arrays(scanner.pack, text, hits, scan),
        Dialect::Hcl if from == 0 => hcl_block_arrays(scanner.pack, text, &comments, hits, scan),
        _ => TableArrays::default(),
    };
    lists.append(&mut table_arrays.candidates);
    // A list inside a member's definition (a DNS record's `records = […]`)
    // is part of it.
    let defined = Covering::new(&definitions);
    for reference in &mut scan.references[first_listed..] {
        reference.enclosure.definition |= defined.holds(&reference.hit.span);
    }
    let listed = Covering::new(&lists);
    let outside_lists: Vec<Hit> = hits
        .iter()
        .filter(|hit| !listed.holds(&hit.span))
        .cloned()
        .collect();
    let embedded = EmbeddedCommands {
        scanner,
        text,
        from,
        dialect,
        comments: &comments,
        definitions: &definitions,
    };
    lists.extend(embedded.scan(&outside_lists, scan));
    let (listed, skipped) = (Covering::new(&lists), Covering::new(&skip));
    let remaining: Vec<Hit> = hits
        .iter()
        .filter(|hit| !listed.holds(&hit.span) && !skipped.holds(&hit.span))
        .cloned()
        .collect();
    let line_list = one_address_per_line(text, &remaining).then(|| scan.group(false));
    let directive_runs = match line_list {
        Some(_) => Vec::new(),
        None => directive_runs(text, &remaining, scan),
    };
    let lines = Lines {
        scanner,
        text,
        shell_text: &shell_text,
        dialect,
        route_shell: true,
        line_list,
        directive_runs,
        definitions,
        blocks,
        block_comments: comments,
        closings: RefCell::new(closings),
        flat_ports: OnceCell::new(),
    };
    let first = scan.references.len();
    lines.scan(&remaining, scan);
    table_arrays.join(&mut scan.references[first..]);
    let mut guards = OwnNameGuards {
        pack: scanner.pack,
        text,
        from,
        line: None,
    };
    for reference in &mut scan.references[first..] {
        if let Target::Known(role) = reference.hit.target {
            reference.enclosure.definition |= guards.guards(&reference.hit.span, role);
        }
    }
    lines.trace_identities(from, first, &looped, scan);
    lines.trace_into_definitions(from, first, scan);
    lines.pick_elements(from, &named, scan);
    if from == 0 {
        let embedded = match sections {
            // YAML read as text: its block scalars are its embedded files.
            Sections::Ignored => embedded::block_scalars(text, 0..text.len()),
            Sections::Read => {
                let mut texts = if dialect.writes_heredocs() {
                    embedded::heredoc_bodies(text, &lines.block_comments)
                } else {
                    Vec::new()
                };
                if matches!(dialect, Dialect::Python | Dialect::Plain) {
                    texts.extend(embedded::multiline_strings(text, &strings));
                }
                embedded::outermost(texts)
            }
        };
        scope_embedded(text, &embedded, &mut scan.references[first_listed..]);
    }
}

/// Gives each reference the text a content rule judges: the embedded
/// text that holds it (a heredoc's body, a block scalar of YAML read as
/// text; the innermost block scalar inside it, as cloud-init's `content:
/// |`), or else the file around them. A Sentinel config that Terraform's
/// `user_data` writes covers its own body, not the resources beside it.
/// References an embedded scanner gave a text of their own keep it.
fn scope_embedded(text: &str, bodies: &[Range<usize>], references: &mut [Reference]) {
    if bodies.is_empty() {
        return;
    }
    let around: JudgedTexts = bodies.into();
    // Each body's block scalars, found when a reference is first inside it.
    let mut scalars: Vec<Option<Vec<Range<usize>>>> = vec![None; bodies.len()];
    for reference in references {
        if !reference.enclosure.surroundings().content.is_empty() {
            continue;
        }
        let span = &reference.hit.span;
        let body_index = bodies.partition_point(|body| body.end < span.end);
        let surroundings = reference.enclosure.surroundings_mut();
        match embedded::holding(bodies, span) {
            Some(body) => {
                let nested = scalars[body_index]
                    .get_or_insert_with(|| embedded::block_scalars(text, body.clone()));
                surroundings.content = vec![embedded::holding(nested, span).unwrap_or(body)];
            }
            None => surroundings.around = Some(around.clone()),
        }
    }
}

/// How many lines above an address its block's header may stand.
const GUARD_LINES: usize = 8;

/// Whether addresses are what code maps their member's name to: each
/// stands after an equality test or a `case` pattern with one of the
/// member's names on its own line (`if (leader === "db-master-01") return
/// "10.0.0.120";`, `case "db-master-01": return "10.0.0.120"`), or in the
/// block such a line opens, the nearest line above that is indented less
/// (Python's `if leader == "db-master-01":`, a Go `case`). A name mapped to
/// its own member's address defines the member, as in a shell `case` arm;
/// another member's address stays a reference. Asked in order, address by
/// address: what a line tells is read once for all the addresses on it.
struct OwnNameGuards<'t> {
    pack: &'t Pack,
    text: &'t str,
    from: usize,
    /// The line last asked about, whether it may test for equality at all,
    /// and the members its block's header names, once read.
    line: Option<(Range<usize>, bool, Option<Vec<Role>>)>,
}

impl OwnNameGuards<'_> {
    fn guards(&mut self, span: &Range<usize>, role: Role) -> bool {
        let (pack, text) = (self.pack, self.text);
        let bytes = text.as_bytes();
        let line = match &mut self.line {
            Some(line) if line.0.start <= span.start && span.start <= line.0.end => line,
            slot => {
                let start = line_start(bytes, self.from, span.start);
                let line = start..line_end(bytes, start);
                let head = text[line.clone()].trim_start();
                let tests = text[line.clone()].contains("==")
                    || ["case ", "when "].iter().any(|h| head.starts_with(h));
                slot.insert((line, tests, None))
            }
        };
        if line.1 && names_by_equality(pack, &text[line.0.start..span.start], role) {
            return true;
        }
        let start = line.0.start;
        let header = line
            .2
            .get_or_insert_with(|| block_header_names(pack, text, self.from, start));
        header.contains(&role)
    }
}

/// The members named by equality in the header of the block the line at
/// `start` is in: the nearest line above, within [`GUARD_LINES`], that is
/// indented less. A line at the margin heads no block.
fn block_header_names(pack: &Pack, text: &str, from: usize, start: usize) -> Vec<Role> {
    let bytes = text.as_bytes();
    let indent = |line: &str| line.len() - line.trim_start().len();
    let own = indent(&text[start..line_end(bytes, start)]);
    if own == 0 {
        return Vec::new();
    }
    let mut end = start;
    for _ in 0..GUARD_LINES {
        if end <= from {
            return Vec::new();
        }
        let above = line_start(bytes, from, end - 1);
        let line = &text[above..end - 1];
        end = above;
        if line.trim().is_empty() {
            continue;
        }
        if indent(line) < own {
            return named_by_equality(pack, line);
        }
    }
    Vec::new()
}

/// Whether `code` tests a value for equality with a quoted name of the
/// member `role` (`== "db-master-01"`, `'db-master-01' ===`), or is a
/// `case`/`when` pattern that is one.
fn names_by_equality(pack: &Pack, code: &str, role: Role) -> bool {
    named_by_equality(pack, code).contains(&role)
}

/// The members whose quoted names `code` tests a value for equality with
/// (`== "db-master-01"`, `'db-master-01' ===`), or that a `case`/`when`
/// pattern of it names.
pub(super) fn named_by_equality(pack: &Pack, code: &str) -> Vec<Role> {
    let head = code.trim_start();
    let pattern = ["case ", "when "].iter().any(|h| head.starts_with(h));
    let mut named = Vec::new();
    if !pattern && !code.contains("==") {
        return named;
    }
    let mut rest = code;
    while let Some(open) = rest.find(['"', '\'']) {
        let quote = &rest[open..=open];
        let Some(length) = rest[open + 1..].find(quote) else {
            break;
        };
        let literal = &rest[open + 1..open + 1 + length];
        let before = rest[..open].trim_end();
        let after = rest[open + 2 + length..].trim_start();
        // `==` and `===`, not `!=` or `!==`.
        let equal = (before.ends_with("==") && !before.ends_with("!==")) || after.starts_with("==");
        if equal || pattern {
            named.extend(role_of_any_name(pack, literal));
        }
        rest = &rest[open + 2 + length..];
    }
    named
}

/// The interpolation a name sits in, read as one host: `{NAME}` of a
/// Python f-string, `${NAME}` of a JS template or a shell, `$(NAME)` of a
/// Makefile, `$NAME`; else the name. A name reached through its namespace
/// (`local.NAME` in HCL, `config.NAME`, `process.env.NAME`) is read with it.
fn interpolation_around(text: &str, name: Range<usize>) -> Range<usize> {
    let bytes = text.as_bytes();
    let mut start = name.start;
    while start > 1 && bytes[start - 1] == b'.' {
        let qualifier = bytes[..start - 1]
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
            .count();
        if qualifier == 0 {
            break;
        }
        start -= 1 + qualifier;
    }
    let name = start..name.end;
    let before = |back: usize| {
        name.start
            .checked_sub(back)
            .and_then(|i| bytes.get(i))
            .copied()
    };
    let wrapped = match (before(1), bytes.get(name.end)) {
        (Some(b'{'), Some(b'}')) | (Some(b'('), Some(b')')) => 1,
        _ => 0,
    };
    let dollar = usize::from(before(1 + wrapped) == Some(b'$'));
    if wrapped == 1 && dollar == 0 && before(1) == Some(b'(') {
        return name; // a call's argument, not an expansion
    }
    name.start - wrapped - dollar..name.end + wrapped
}

/// The placeholder of a format string that the name at `used` fills
/// (`fmt.Sprintf("host=%s", leaderNode)`): where its value is written.
fn filled_placeholder(text: &str, used: &Range<usize>) -> Option<Range<usize>> {
    let line = logical_line(text, used.start);
    let within = used.start - line.start..used.end - line.start;
    formats::placeholder_filled_by(&text[line.clone()], &within)
        .map(|placeholder| line.start + placeholder.start..line.start + placeholder.end)
}

/// Whether `word` is a whole quoted string (`host="cache"`, a key
/// `{"db": …}`): the text, not the name it spells.
fn is_string_literal(text: &str, word: &Range<usize>) -> bool {
    let bytes = text.as_bytes();
    let before = word.start.checked_sub(1).and_then(|i| bytes.get(i));
    matches!(before, Some(b'"' | b'\'' | b'`')) && bytes.get(word.end) == before
}

/// Where `name` is written from `from` on as a whole name (no letter,
/// digit or `_` on either side): its uses, the assignments included.
pub(super) fn uses_of<'t>(
    text: &'t str,
    from: usize,
    name: &'t str,
) -> impl Iterator<Item = Range<usize>> + 't {
    let bytes = text.as_bytes();
    let name_byte = |at: Option<usize>| {
        at.and_then(|i| bytes.get(i))
            .is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'_')
    };
    memchr::memmem::find_iter(&bytes[from..], name.as_bytes())
        .map(move |at| from + at..from + at + name.len())
        .filter(move |used| !name_byte(used.start.checked_sub(1)) && !name_byte(Some(used.end)))
}

/// Where each of `names` is written from `from` on as a whole name, as
/// [`uses_of`] says, in order: one search for all of them, so a file that
/// assigns thousands of names costs its length once, not once per name.
pub(super) fn uses_of_each<'n>(
    text: &str,
    from: usize,
    names: impl IntoIterator<Item = &'n str>,
) -> HashMap<&'n str, Vec<Range<usize>>> {
    let mut names: Vec<&str> = names.into_iter().filter(|n| !n.is_empty()).collect();
    names.sort_unstable();
    names.dedup();
    let mut uses: HashMap<&str, Vec<Range<usize>>> = HashMap::new();
    // A few names are found faster one by one (a vectorised search each)
    // than by building an automaton for them.
    let automaton = (names.len() > FEW_NAMES)
        .then(|| aho_corasick::AhoCorasick::new(&names).ok())
        .flatten();
    let Some(automaton) = automaton else {
        for name in names {
            uses.insert(name, uses_of(text, from, name).collect());
        }
        return uses;
    };
    let bytes = text.as_bytes();
    let name_byte = |at: Option<usize>| {
        at.and_then(|i| bytes.get(i))
            .is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'_')
    };
    for found in automaton.find_overlapping_iter(&bytes[from..]) {
        let used = from + found.start()..from + found.end();
        if !name_byte(used.start.checked_sub(1)) && !name_byte(Some(used.end)) {
            uses.entry(names[found.pattern().as_usize()])
                .or_default()
                .push(used);
        }
    }
    uses
}

/// How many names [`uses_of_each`] looks for one by one.
const FEW_NAMES: usize = 16;

/// The references since `first` that a trace may tell more of, grouped by
/// the name they are assigned to: identities (SPEC §2: a hostname under a
/// `member_keys` name, or one that says nothing of what it holds, not yet
/// a host), and values with no context, which take their use's.
pub(super) fn identities(
    pack: &Pack,
    scan: &FileScan,
    first: usize,
) -> HashMap<String, Vec<usize>> {
    let mut found: HashMap<String, Vec<usize>> = HashMap::new();
    for (index, reference) in scan.references.iter().enumerate().skip(first) {
        if !HostUse::may_give(reference) {
            continue;
        }
        if let Some(name) = reference.enclosure.key.as_deref()
            && is_plain_name(name)
            && pack.key_facts(name).traced()
        {
            found.entry(name.to_string()).or_default().push(index);
        }
    }
    found
}

/// Lists written as a key's plain value (`PG_CANDIDATE_IPS=10.0.0.120,10.0.0.121`,
/// `REDIS_SENTINELS = redis-01:26379, redis-02:26379`), read as dotenv and
/// shell read them; bracketed ones are [`bracket_lists`]'. Lines that are
/// shell, and comments, hold none. Returns the values read.
fn keyed_lists(
    scanner: &Scanner,
    text: &str,
    from: usize,
    dialect: Dialect,
    comments: &[Range<usize>],
    hits: &[Hit],
    scan: &mut FileScan,
) -> Vec<Range<usize>> {
    let pack = scanner.pack;
    let mut read = Vec::new();
    // As a bracketed list, a list holds an address: only lines with one are read.
    let mut lines: Vec<Range<usize>> = Vec::new();
    for hit in hits.iter().filter(|hit| hit.span.start >= from) {
        if lines.last().is_none_or(|line| line.end < hit.span.start) {
            let line = logical_line(text, hit.span.start);
            lines.push(line.start.max(from)..line.end);
        }
    }
    for line in lines {
        let content = &text[line.clone()];
        if !scanner.list_names.may_appear_in(content) {
            continue;
        }
        if in_block_comment(comments, line.start)
            || shell_command(scanner, dialect, content).is_some()
        {
            continue;
        }
        let config_end = comment_start(content).map_or(line.end, |at| line.start + at);
        let found = pairs(text, line.start..config_end);
        for (at, pair) in found.iter().enumerate() {
            // A `value` is its naming sibling's (`<property name="candidateIps"
            // value="…"/>`, `{"name": "PG_CANDIDATE_IPS", "value": "…"}`).
            let key = named_by_sibling(pack, text, &found, pair)
                .unwrap_or_else(|| strip_quotes(&text[pair.key.clone()]));
            // A list's items run to the next pair, blanks between them
            // (`sentinelNodes=a:26379, b:26379`), or over the pairs nested
            // in it (`PEERS="db-1=10.0.0.120,db-2=10.0.0.121"`).
            // A quoted value that only its object or element closes after
            // ends at its quote (`value="a,b"/>`, `"value": "a,b"}`).
            let closed_after = || {
                text[pair.value.clone()]
                    .trim_start()
                    .starts_with(['"', '\''])
                    && text
                        .get(pair.reach..pair.value.end)
                        .is_some_and(|rest| rest.trim().chars().all(|c| "}])/>,;".contains(c)))
            };
            let end = if pair.reach > pair.value.end || closed_after() {
                pair.reach
            } else {
                found
                    .get(at + 1)
                    .map_or(config_end, |next| {
                        text[..next.key.start].trim_end_matches(['"', '\'']).len()
                    })
                    .max(pair.value.end)
            };
            let value = trim_quotes(text, pair.value.start..end);
            let written = text[value.clone()].trim_end().trim_end_matches([',', ';']);
            // A literal in brackets or braces is the bracketed lists' to read;
            // a call or a comprehension is code.
            if !is_list_name(pack, key)
                || written.trim().is_empty()
                || written.contains(['[', '{', '('])
            {
                continue;
            }
            let value = value.start..value.start + written.len();
            // A value may be code or text under a list's name (`candidates =
            // {m.name for m in members}`, `get('num-sentinels', 'N/A')`).
            if !hits_in(hits, &value).is_empty() {
                scan.lists.push(from_text(pack, text, key, value.clone()));
                read.push(value);
            }
        }
    }
    read
}

/// The fallback for a file whose parser gave up: lines only, no shell.
pub fn scan_plain(scanner: &Scanner, text: &str, hits: &[Hit], scan: &mut FileScan) {
    let lines = Lines {
        scanner,
        text,
        shell_text: text,
        dialect: Dialect::Plain,
        route_shell: false,
        line_list: None,
        directive_runs: Vec::new(),
        definitions: Vec::new(),
        blocks: BlockContexts::default(),
        block_comments: block_comments(text, Dialect::Plain),
        closings: RefCell::new(list_closings(0)),
        flat_ports: OnceCell::new(),
    };
    lines.scan(hits, scan);
}

struct Lines<'a> {
    scanner: &'a Scanner<'a>,
    text: &'a str,
    /// The text the shell scanner reads (a Makefile's recipes with `$$` as `$`):
    /// the same length, so spans hold in both.
    shell_text: &'a str,
    dialect: Dialect,
    route_shell: bool,
    /// The group of a file that is one address per line.
    line_list: Option<usize>,
    /// Runs of lines repeating one directive, each with its group.
    directive_runs: Vec<(Range<usize>, usize)>,
    /// Blocks that define a member (a Vagrant machine).
    definitions: Vec<Range<usize>>,
    /// The contexts that sections and blocks give (`[redis]`, `provider "postgresql" {`).
    blocks: BlockContexts,
    /// C-style block comments: not configuration.
    block_comments: Vec<Range<usize>>,
    /// Where the text's list brackets close, for the lists a use is read in.
    closings: RefCell<[Closings; 3]>,
    /// Its keys' ports, read when a host key first holds an address.
    flat_ports: OnceCell<FlatPorts>,
}

impl Lines<'_> {
    /// Member identity in code and other text: a hostname assigned to a
    /// `member_keys` name (`LEADER_NODE = "db-master-01"`), or to one whose
    /// name says nothing of what it holds (`DB = "db-slave-01"`), is a reference only
    /// where the file uses that name as a host — `connect(host=LEADER_NODE)`,
    /// `{ host: masterNode }`, `host = var.leader_node`,
    /// `f"postgresql://app@{LEADER_NODE}:5432/app"` — read as the name's line is
    /// read; the finding stays on the assignment. References since `first`,
    /// and those of loops' lists (`looped`: `for h in […]:` assigns each
    /// item to `h`), are the candidates; uses are looked for from `from` on.
    fn trace_identities(
        &self,
        from: usize,
        first: usize,
        looped: &[Range<usize>],
        scan: &mut FileScan,
    ) {
        let (pack, text) = (self.scanner.pack, self.text);
        let lowest = looped.first().map_or(first, |l| l.start.min(first));
        let candidate = |index: &usize| *index >= first || looped.iter().any(|l| l.contains(index));
        let identities = identities(pack, scan, lowest);
        let mut uses = uses_of_each(text, from, identities.keys().map(String::as_str));
        for (name, indices) in &identities {
            let indices: Vec<usize> = indices.iter().copied().filter(candidate).collect();
            if indices.is_empty() {
                continue;
            }
            // The lines that assign the name hold no use of it.
            let mut assignments: Vec<Range<usize>> = Vec::new();
            for &index in &indices {
                let at = scan.references[index].hit.span.start;
                // Many on one line: the line is read once.
                if !assignments.last().is_some_and(|line| line.contains(&at)) {
                    assignments.push(logical_line(text, at));
                }
            }
            assignments.sort_by_key(|line| line.start);
            let assigns = |used: &Range<usize>| {
                let after = assignments.partition_point(|line| line.start <= used.start);
                after > 0 && used.end <= assignments[after - 1].end
            };
            let target = scan.references[indices[0]].hit.target;
            let used = uses
                .remove(name.as_str())
                .unwrap_or_default()
                .into_iter()
                .filter(|used| !assigns(used) && !is_string_literal(text, used))
                .find_map(|used| {
                    let probe = Hit {
                        span: filled_placeholder(text, &used)
                            .unwrap_or_else(|| interpolation_around(text, used)),
                        target,
                        form: Form::Hostname,
                    };
                    let mut probed = FileScan::default();
                    self.scan(std::slice::from_ref(&probe), &mut probed);
                    HostUse::among(name, probed.references)
                });
            if let Some(used) = used {
                for index in indices {
                    used.give(&mut scan.references[index]);
                }
            }
        }
    }

    /// An item of a named list read alone as a host (`host = PG_NODES[0]`,
    /// `"postgresql://app@${local.pg_nodes[0]}:5432/app"`) is a connection
    /// to that one node, whatever the list is: a reference of its own, on
    /// the item, beside the list's verdict (SPEC §3: node sets, not pins).
    fn pick_elements(&self, from: usize, lists: &[NamedList], scan: &mut FileScan) {
        let text = self.text;
        let bytes = text.as_bytes();
        let uses = uses_of_each(text, from, lists.iter().map(|l| l.name.as_str()));
        for list in lists {
            let mut picked_items = HashSet::new();
            for used in uses.get(list.name.as_str()).into_iter().flatten().cloned() {
                if list.list.contains(&used.start) {
                    continue;
                }
                let Some(digits) = literal_subscript(bytes, used.end) else {
                    continue;
                };
                let Some((index, item)) = text[digits.clone()]
                    .parse::<usize>()
                    .ok()
                    .and_then(|index| Some((index, list.items.get(index)?)))
                else {
                    continue;
                };
                if picked_items.contains(&index) {
                    continue;
                }
                let in_item: Vec<Reference> = scan.references[list.references.clone()]
                    .iter()
                    .filter(|r| item.start <= r.hit.span.start && r.hit.span.end <= item.end)
                    .cloned()
                    .collect();
                let Some(first) = in_item.first() else {
                    continue;
                };
                let probe = Hit {
                    span: interpolation_around(text, used.start..digits.end + 1),
                    target: first.hit.target,
                    form: Form::Hostname,
                };
                let mut probed = FileScan::default();
                self.scan(std::slice::from_ref(&probe), &mut probed);
                let Some(host_use) = HostUse::among(&list.name, probed.references) else {
                    continue;
                };
                scan.references
                    .extend(in_item.iter().map(|reference| host_use.alone(reference)));
                picked_items.insert(index);
            }
        }
    }

    /// A value assigned to a name that only commands setting a service's
    /// topology read (`master_ip="10.0.0.123"`, then `["redis-cli", "-h",
    /// replica, "replicaof", master_ip, "6379"]`) is part of that
    /// definition, as in a script; a use read as anything else keeps it a
    /// reference. References since `first` are the candidates; uses are
    /// looked for from `from` on.
    fn trace_into_definitions(&self, from: usize, first: usize, scan: &mut FileScan) {
        let text = self.text;
        let mut assigned: HashMap<&str, Vec<usize>> = HashMap::new();
        for (index, reference) in scan.references.iter().enumerate().skip(first) {
            if let Some(name) = reference.enclosure.key.as_deref()
                && is_plain_name(name)
                && !reference.enclosure.definition
            {
                assigned.entry(name).or_default().push(index);
            }
        }
        if assigned.is_empty()
            || !self
                .scanner
                .definition_commands
                .may_appear_in(&text[from..])
        {
            return;
        }
        let uses = uses_of_each(text, from, assigned.keys().copied());
        let defined: Vec<usize> = assigned
            .into_iter()
            .filter(|(name, indices)| {
                let lines: Vec<Range<usize>> = indices
                    .iter()
                    .map(|&index| logical_line(text, scan.references[index].hit.span.start))
                    .collect();
                let value = &scan.references[indices[0]].hit;
                let used = uses.get(name).map_or(&[][..], Vec::as_slice);
                self.only_defines(from, used, &lines, value)
            })
            .flat_map(|(_, indices)| indices)
            .collect();
        for index in defined {
            scan.references[index].enclosure.definition = true;
        }
    }

    /// Whether a name is used (`uses`: where it is written) outside its
    /// assignment `lines`, and each use that reads it, read as if the
    /// `assigned` address were written there, is in a command that sets a
    /// service's topology.
    fn only_defines(
        &self,
        from: usize,
        uses: &[Range<usize>],
        lines: &[Range<usize>],
        assigned: &Hit,
    ) -> bool {
        let mut defines = false;
        let uses = uses
            .iter()
            .filter(|used| {
                !lines
                    .iter()
                    .any(|line| line.start <= used.start && used.end <= line.end)
            })
            .cloned();
        for used in uses {
            let probe = Hit {
                span: interpolation_around(self.text, used),
                ..assigned.clone()
            };
            let mut probed = FileScan::default();
            let probes = std::slice::from_ref(&probe);
            // A use in a command array (`["redis-cli", …, master_ip]`) is read with it.
            let lists = bracket_lists(
                self.scanner,
                ListedText {
                    text: self.text,
                    from,
                    comments: &self.block_comments,
                    blocks: &self.blocks,
                },
                probes,
                &mut self.closings.borrow_mut(),
                &mut probed,
            );
            if lists.read.is_empty() {
                self.scan(probes, &mut probed);
            }
            for reference in &probed.references {
                if !reference.enclosure.definition {
                    return false;
                }
                defines = true;
            }
        }
        defines
    }

    /// The group of the directive run holding `line`, if any: the runs are
    /// in file order and do not overlap.
    fn directive_run_of(&self, line: &Range<usize>) -> Option<usize> {
        let runs = &self.directive_runs;
        let at = runs.partition_point(|(run, _)| run.end < line.end);
        runs.get(at)
            .filter(|(run, _)| run.start <= line.start)
            .map(|&(_, group)| group)
    }

    fn scan(&self, hits: &[Hit], scan: &mut FileScan) {
        let pack = self.scanner.pack;
        let text = self.text;
        let mut remaining = hits;
        while let Some(first) = remaining.first() {
            let line = logical_line(text, first.span.start);
            let line_hits = hits_in(remaining, &line);
            remaining = &remaining[line_hits.len().max(1)..];

            let content = &text[line.clone()];
            if self.route_shell
                && let Some(command) = shell_command(self.scanner, self.dialect, content)
            {
                let command = line.start + command.start..line.start + command.end;
                match self.dialect {
                    Dialect::Dockerfile if text[command.clone()].trim_start().starts_with('[') => {
                        argv(self.scanner, text, command, line_hits, scan);
                    }
                    _ => shell::scan(self.scanner, self.shell_text, command, line_hits, scan),
                }
                continue;
            }
            let locator = normalized(content);
            if self.dialect == Dialect::SshConfig && comment_start(content).is_none() {
                // ssh's own options: only a forward's target is a connection.
                if let Some(target) = ssh_forward_target(content) {
                    let target = line.start + target.start..line.start + target.end;
                    let value = Value::new(target.clone(), None, &locator);
                    analyze(pack, text, &value, hits_in(line_hits, &target), scan);
                }
                continue;
            }
            let comment_start = if in_block_comment(&self.block_comments, line.start) {
                line.start
            } else {
                // A line comment, or a block comment that opens on the line
                // after its code (`SELECT 1; -- replica 10.0.0.121`).
                let opened = comment_opening_in(&self.block_comments, &line);
                let line_comment = comment_start(content).map(|i| line.start + i);
                opened
                    .into_iter()
                    .chain(line_comment)
                    .min()
                    .unwrap_or(line.end)
            };
            let config = line.start..comment_start;
            let named_elsewhere = env_entry_value(pack, text, config.clone())
                .or_else(|| labelled_block_default(text, config.clone()))
                .or_else(|| call_keyword_default(text, config.clone()))
                .or_else(|| match self.dialect {
                    Dialect::Plain => directive_entry(text, config.clone()),
                    Dialect::Dockerfile => dockerfile_env_entry(text, config.clone()),
                    _ => None,
                });
            let named = named_elsewhere.as_ref().map(|(name, _)| *name);
            let mut value = match named_elsewhere {
                Some((name, value)) => Value::new(value, Some(name), &locator),
                None => Value::new(config.clone(), None, &locator),
            };
            let config_hits = hits_in(line_hits, &config);
            // A one-line block (`redis = { host = "…" }`) holds its values, not the line.
            let first_hit = config_hits.first().map_or(line.start, |h| h.span.start);
            let quoted = first_hit > 0 && matches!(text.as_bytes()[first_hit - 1], b'"' | b'\'');
            let key = key_before(text, first_hit - usize::from(quoted)).or(named);
            value.fallback = self.blocks.at(pack, first_hit, key);
            let host_key = key.filter(|key| pack.key_facts(key).host);
            if let Some(siblings) = self.blocks.siblings_at(first_hit) {
                value.adapter = siblings.adapter.clone();
                value.sibling_port = siblings.port.filter(|_| host_key.is_some());
            }
            // Outside a section with a port, the text is one namespace
            // (a properties file, a module's constants); a value without a
            // key of the line is its pair's (a lookup's fallback,
            // `os.getenv("DB_HOST", "10.0.0.10")`).
            if value.sibling_port.is_none() {
                let ports = self
                    .flat_ports
                    .get_or_init(|| FlatPorts::of_text(pack, text));
                let pair_key = || pair_key_at(text, value.range.clone(), first_hit);
                if let Some(key) = host_key.or_else(|| (!ports.is_empty()).then(pair_key).flatten())
                {
                    value.sibling_port = ports.of_host(pack, key, &text[value.range.clone()]);
                }
            }
            value.enclosure.definition = defines_member(self.scanner, &text[config.clone()])
                || within_any(&self.definitions, &line);
            value.group = self.line_list.or_else(|| self.directive_run_of(&line));
            // The keys of an address-translation map (ioredis `natMap`) and
            // of a lookup (`{"10.0.0.120": "primary"}`) map an address to
            // something else: they connect to nothing.
            let looked_up = |h: &Hit| {
                is_translated_key(pack, text, h)
                    || is_lookup_key(text, h)
                    || is_lookup_pair(pack, text, h)
            };
            let before = scan.references.len();
            if config_hits.iter().any(looked_up) {
                let kept: Vec<Hit> = config_hits
                    .iter()
                    .filter(|h| !looked_up(h))
                    .cloned()
                    .collect();
                analyze(pack, text, &value, &kept, scan);
            } else {
                analyze(pack, text, &value, config_hits, scan);
            }
            if self
                .scanner
                .definition_commands
                .may_appear_in(&text[config.clone()])
            {
                // A line that sets a service's own topology, as its command
                // would (`replicaof 10.0.0.123 6379` in a replica's config,
                // supervisord's `command=redis-server --replicaof …`).
                let words: Vec<&str> = text[config.clone()]
                    .split_whitespace()
                    .map(strip_quotes)
                    .collect();
                define_topology(pack, &words, &mut scan.references[before..]);
            }
            if pack.scan_comments && comment_start < line.end {
                let comment = comment_start..line.end;
                let value = Value::new(comment.clone(), None, &locator);
                analyze(pack, text, &value, hits_in(line_hits, &comment), scan);
            }
        }
    }
}

/// The ranges of Python docstrings: triple-quoted strings that open a
/// statement of their own (not `x = """…"""`).
fn docstrings(text: &str, strings: &[Range<usize>]) -> Vec<Range<usize>> {
    strings
        .iter()
        .filter(|string| {
            let line_start = text[..string.start].rfind('\n').map_or(0, |i| i + 1);
            text[line_start..string.start].trim().is_empty()
        })
        .cloned()
        .collect()
}

/// Whether a line defines a topology member, as an inventory line does
/// (`pgnode01 ansible_host=10.0.0.1`): it starts with a member's name
/// followed by `key=value` settings, or gives a member's address under an
/// own-address key (`ansible_host=…`, HCL `private_ip = "…"`).
fn defines_member(scanner: &Scanner, line: &str) -> bool {
    let pack = scanner.pack;
    let mut words = line.split_whitespace();
    let Some(first) = words.next() else {
        return false;
    };
    let settings: Vec<&str> = words.collect();
    let named = role_of_name(pack, first).is_some()
        && !settings.is_empty()
        && settings.iter().all(|w| w.contains('='));
    // `ansible_host=10.0.0.1` among settings, a whole `key = value` line
    // (HCL), or an argument or entry of code (`private_ip="10.0.0.120",`,
    // `privateIp: "10.0.0.120"`, `'ip' => '10.0.0.120'`).
    named
        || pairs(line, 0..line.len()).iter().any(|pair| {
            pack.syntax
                .definition_address_keys
                .is_match(strip_quotes(&line[pair.key.clone()]))
                && role_of_name(pack, leading_value(&line[pair.value.clone()])).is_some()
        })
}

/// The value that starts `written`: its quoted string, or its first word up
/// to a separator of code (`"10.0.0.120",` → `10.0.0.120`).
fn leading_value(written: &str) -> &str {
    let written = written.trim_start();
    match written.strip_prefix(['"', '\'']) {
        Some(quoted) => quoted.split(['"', '\'']).next().unwrap_or(quoted),
        None => written
            .split(|c: char| c.is_whitespace() || ",;)}]".contains(c))
            .next()
            .unwrap_or(written),
    }
}

/// The Ruby blocks that define a member, as a Vagrantfile's machines do:
/// `config.vm.define "db-master-01" do |node| … end`, named by the member,
/// or given its address (`ip: "10.0.0.120"`). Blocks nest by `do`/`end`.
fn ruby_definitions(scanner: &Scanner, text: &str) -> Vec<Range<usize>> {
    let pack = scanner.pack;
    let mut found = Vec::new();
    let mut open: Vec<(usize, Option<bool>)> = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let code = line.split('#').next().unwrap_or("").trim();
        let words: Vec<&str> = code
            .split(|c: char| c.is_whitespace() || c == '(' || c == ')' || c == ',')
            .filter(|w| !w.is_empty())
            .collect();
        let defines = code.contains(".define") && words.contains(&"do");
        if defines {
            let name = words
                .iter()
                .skip_while(|w| !w.ends_with(".define"))
                .nth(1)
                .map(|w| w.trim_matches(|c| c == '"' || c == '\'' || c == ':'));
            open.push((
                start,
                Some(name.is_some_and(|n| role_of_name(pack, n).is_some())),
            ));
        } else if words.contains(&"do") {
            open.push((start, None));
        } else if words.first() == Some(&"end")
            && let Some((block, Some(member))) = open.pop()
        {
            let body = &text[block..offset];
            let addressed = body.match_indices("ip").any(|(at, _)| {
                body[at + 2..]
                    .trim_start_matches([':', ' ', '=', '>'])
                    .trim_start_matches(['"', '\''])
                    .split(['"', '\''])
                    .next()
                    .is_some_and(|value| role_of_name(pack, value).is_some())
            });
            if member || addressed {
                found.push(block..offset);
            }
        }
    }
    found
}

/// The HCL blocks (Terraform, Nomad, Packer) that define a member: a
/// resource named by it (`name = "db-master-01"`, a DNS record's
/// `name = "db-master-01.internal"`, `hostname = …`, a block's label:
/// Nomad's `task "redis-01" {`), as a compose service
/// or a Vagrant machine is. Everything inside is its definition: its own
/// address, nested blocks (`network_interface { … }`) and its start-up
/// script's peers (`--replicaof …`). Blocks nest by `{`/`}` outside strings,
/// comments and heredocs.
fn hcl_definitions(scanner: &Scanner, text: &str, comments: &[Range<usize>]) -> Vec<Range<usize>> {
    marked_hcl_blocks(text, comments, |line, innermost| {
        let content = line.trim();
        let comment = content.starts_with(['#', '/']);
        if !comment
            && names_member_by_key(scanner, content)
            && let Some(named) = innermost
        {
            *named = true;
        }
        // A block's header label names it too (Nomad's `task "redis-01" {`).
        !comment
            && !content.contains('=')
            && content.strip_suffix('{').is_some_and(|header| {
                let label = header.trim_end().strip_suffix('"');
                label
                    .and_then(|l| l.rsplit('"').next())
                    .is_some_and(|name| role_of_dns_name(scanner.pack, name).is_some())
            })
    })
}

/// Terraform's `connection { host = … }` blocks: where a provisioner logs
/// in over ssh (or WinRM) to run its commands. Their hosts are
/// destinations of management, as a plain `ssh HOST` is, not connections.
/// A `connection = {…}` attribute (a variable's map) is data, not this block.
fn hcl_connection_blocks(text: &str, comments: &[Range<usize>]) -> Vec<Range<usize>> {
    if memchr::memmem::find(text.as_bytes(), b"connection").is_none() {
        return Vec::new();
    }
    marked_hcl_blocks(text, comments, |line, _| {
        line.trim()
            .strip_prefix("connection")
            .is_some_and(|rest| rest.trim_start().starts_with('{'))
    })
}

/// The HCL blocks that `mark` marks, from their line's start to their
/// closing brace. `mark` reads each line (outside heredocs and block
/// comments), may mark the innermost block open there, and says whether
/// the block the line opens is marked. Blocks nest by `{`/`}` outside
/// strings, comments and heredocs.
fn marked_hcl_blocks(
    text: &str,
    comments: &[Range<usize>],
    mut mark: impl FnMut(&str, Option<&mut bool>) -> bool,
) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    // Each open block: where its line starts, and whether it is marked.
    let mut open: Vec<(usize, bool)> = Vec::new();
    // Whether the next block opened on the line being walked is marked.
    let mut opens_marked = false;
    walk_structure(text, comments, |event| match event {
        Structure::Line { line, .. } => {
            opens_marked = mark(line, open.last_mut().map(|block| &mut block.1));
            true
        }
        Structure::Mark {
            line_start,
            at,
            byte,
            ..
        } => {
            match byte {
                b'{' => open.push((line_start, std::mem::take(&mut opens_marked))),
                b'}' => {
                    if let Some((block, true)) = open.pop() {
                        found.push(block..line_start + at + 1);
                    }
                }
                _ => {}
            }
            true
        }
    });
    found
}

/// The sections of an INI or TOML file that define a member, up to the next
/// header: one whose header names it (`[db-master-01]`, `[nodes.redis-02]`)
/// or whose name key does (`[[servers]]` then `name = "db-master-01"`), as
/// a YAML mapping keyed or named by a member does.
fn section_definitions(scanner: &Scanner, text: &str, hits: &[Hit]) -> Vec<Range<usize>> {
    let pack = scanner.pack;
    let bytes = text.as_bytes();
    let headers: Vec<(usize, bool)> = header_starts(text)
        .filter_map(|start| {
            let header = section_name(text[start..line_end(bytes, start)].trim())?;
            let named = header
                .split('.')
                .any(|segment| role_of_dns_name(pack, strip_quotes(segment.trim())).is_some());
            Some((start, named))
        })
        .collect();
    let mut found = Vec::new();
    for (index, &(start, named)) in headers.iter().enumerate() {
        let end = headers.get(index + 1).map_or(text.len(), |next| next.0);
        // A member's name is a hit: only the lines holding one can name it.
        let named = named
            || hits_in(hits, &(start..end))
                .iter()
                .any(|hit| names_member_by_key(scanner, text[lines_of(text, &hit.span)].trim()));
        if named {
            found.push(start..end);
        }
    }
    found
}

/// Whether a `key = value` (or `key: value`) line names a member under a
/// name key (`name = "db-master-01"`, `hostname: db-master-01.internal`):
/// the value's quoted string, or its first word.
fn names_member_by_key(scanner: &Scanner, line: &str) -> bool {
    let syntax = &scanner.pack.syntax;
    let Some(at) = line.find(['=', ':']) else {
        return false;
    };
    let (key, value) = (line[..at].trim(), line[at + 1..].trim());
    role_of_dns_name(scanner.pack, leading_value(value)).is_some()
        && (syntax.definition_name_keys.is_match(key) || syntax.definition_item_keys.is_match(key))
}

/// What [`table_arrays`] found: the sections of leader-discovery lists,
/// which are read as lists and nowhere else, and the sections of the other
/// arrays with the group of each.
#[derive(Default)]
struct TableArrays {
    candidates: Vec<Range<usize>>,
    /// Each table of the other arrays, sorted by start: its group, and the
    /// member it names.
    groups: Vec<(Range<usize>, usize, Target)>,
}

impl TableArrays {
    /// Puts each reference to the member a table names into its array's
    /// group; the table's other addresses (a definition's peers) are
    /// judged on their own.
    fn join(&self, references: &mut [Reference]) {
        if self.groups.is_empty() {
            return;
        }
        for reference in references.iter_mut().filter(|r| r.group.is_none()) {
            let start = reference.hit.span.start;
            let at = self
                .groups
                .partition_point(|(table, ..)| table.end <= start);
            if let Some(&(ref table, group, member)) = self.groups.get(at)
                && table.start <= start
                && reference.hit.target == member
            {
                reference.group = Some(group);
            }
        }
    }
}

/// TOML arrays of tables (`[[servers]]`, then `host = "10.0.0.120"`) and
/// numbered sections (`[node1]`, `[node2]`): the sections of one name (or
/// one shape) are the items of one list, each naming the member
/// its first address names, as a YAML list of mappings does.
fn table_arrays(pack: &Pack, text: &str, hits: &[Hit], scan: &mut FileScan) -> TableArrays {
    let bytes = text.as_bytes();
    // Every header, and the list each opens an item of: an array's table
    // by the array's name, a numbered section (`[node1]`, `[node2]`) by
    // its name's shape (`node#`), as numbered keys are one list.
    let headers: Vec<(usize, Option<Cow<str>>)> = header_starts(text)
        .filter_map(|start| {
            let line = text[start..line_end(bytes, start)].trim();
            let name = section_name(line)?;
            let array = line
                .strip_prefix("[[")
                .and_then(|l| l.strip_suffix("]]"))
                .map(|name| Cow::Borrowed(name.trim()));
            Some((
                start,
                array.or_else(|| numbered_shape(name).map(Cow::Owned)),
            ))
        })
        .collect();
    let mut arrays = ItemArrays::default();
    for (index, (start, name)) in headers.iter().enumerate() {
        let Some(name) = name else { continue };
        let end = headers.get(index + 1).map_or(text.len(), |next| next.0);
        let body = line_end(bytes, *start).min(end)..end;
        if !hits_in(hits, &body).is_empty() {
            arrays.push((None, name.clone()), body);
        }
    }
    arrays.judge(pack, text, hits, scan)
}

/// HCL blocks repeated under one block (Consul's `service { address = … }`
/// once per node; Nomad's `task "redis-01" {`, `task "redis-02" {`): the
/// blocks of one type are the items of one list, as TOML's arrays of tables
/// are. A labelled block is an item only when its last label is an item's
/// name (numbered, or a member's), so that `variable "pg_host"` and
/// `variable "redis_host"` stay two variables.
fn hcl_block_arrays(
    pack: &Pack,
    text: &str,
    comments: &[Range<usize>],
    hits: &[Hit],
    scan: &mut FileScan,
) -> TableArrays {
    let mut arrays = ItemArrays::default();
    // Each open block: where its body starts, and the list it is an item of.
    let mut open: Vec<(usize, Option<String>)> = Vec::new();
    // The list named by the header of the line being walked.
    let mut header: Option<String> = None;
    walk_structure(text, comments, |event| match event {
        Structure::Line { line, .. } => {
            header = hcl_item_name(pack, line.trim());
            true
        }
        Structure::Mark {
            line_start,
            at,
            byte,
            ..
        } => {
            match byte {
                b'{' => open.push((line_start + at + 1, header.take())),
                b'}' => {
                    // An item's own blocks (a service's `check {`) are part
                    // of it, so items never nest.
                    if let Some((start, Some(name))) = open.pop()
                        && open.iter().all(|(_, item)| item.is_none())
                    {
                        let body = start..line_start + at;
                        let parent = open.last().map(|(start, _)| *start);
                        if !hits_in(hits, &body).is_empty() {
                            arrays.push((parent, Cow::Owned(name)), body);
                        }
                    }
                }
                b'[' | b'(' => open.push((line_start + at + 1, None)),
                b']' | b')' => {
                    open.pop();
                }
                _ => {}
            }
            true
        }
    });
    arrays.judge(pack, text, hits, scan)
}

/// The list an HCL block header (`service {`, `task "redis-01" {`) opens an
/// item of: its type and its labels but the last, which must name the item.
fn hcl_item_name(pack: &Pack, header: &str) -> Option<String> {
    let words = header.strip_suffix('{')?.trim_end();
    let (kind, labels) = words.split_once(' ').unwrap_or((words, ""));
    let identifier = |word: &str| {
        !word.is_empty()
            && word
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    };
    if !identifier(kind) {
        return None;
    }
    let labels: Vec<&str> = labels.split_whitespace().collect();
    let Some((last, others)) = labels.split_last() else {
        return Some(kind.to_owned());
    };
    let quoted = |label: &&str| label.len() > 1 && label.starts_with('"') && label.ends_with('"');
    if !labels.iter().all(quoted) {
        return None;
    }
    let item = strip_quotes(last);
    let names_item = numbered_shape(item).is_some() || role_of_dns_name(pack, item).is_some();
    names_item.then(|| {
        std::iter::once(kind)
            .chain(others.iter().copied())
            .collect::<Vec<_>>()
            .join(" ")
    })
}

/// Item ranges by the list they belong to (the block around it, if any,
/// and the list's name), in the order first seen, indexed by key: a file
/// of many names stays linear.
#[derive(Default)]
struct ItemArrays<'t> {
    arrays: Vec<(Cow<'t, str>, Vec<Range<usize>>)>,
    by_key: HashMap<(Option<usize>, Cow<'t, str>), usize>,
}

impl<'t> ItemArrays<'t> {
    fn push(&mut self, key: (Option<usize>, Cow<'t, str>), item: Range<usize>) {
        let at = match self.by_key.get(&key) {
            Some(&at) => at,
            None => {
                self.arrays.push((key.1.clone(), Vec::new()));
                self.by_key.insert(key, self.arrays.len() - 1);
                self.arrays.len() - 1
            }
        };
        self.arrays[at].1.push(item);
    }

    /// A list named as a leader-discovery list is judged as one; the
    /// others' addresses are a list of addresses (a node set when they
    /// name every node).
    fn judge(self, pack: &Pack, text: &str, hits: &[Hit], scan: &mut FileScan) -> TableArrays {
        let mut found = TableArrays::default();
        for (name, sections) in self.arrays {
            if !name.contains('#') && is_list_name(pack, &name) {
                let members = sections
                    .iter()
                    .filter_map(|section| {
                        let hit = hits_in(hits, section).first()?;
                        member(pack, text, hit.span.clone())
                    })
                    .collect();
                // From the first table's first entry to the last one's end.
                let all = sections[0].start..sections[sections.len() - 1].end;
                let written = &text[all.clone()];
                let start = all.start + (written.len() - written.trim_start().len());
                let span = start..all.start + written.trim_end().len();
                scan.lists
                    .push(CandidateList::of(pack, &name, span, members));
                found.candidates.extend(sections);
            } else if sections.len() > 1 {
                let group = scan.group(false);
                for section in sections {
                    if let Some(hit) = hits_in(hits, &section).first() {
                        found.groups.push((section, group, hit.target));
                    }
                }
            }
        }
        found.groups.sort_by_key(|(section, ..)| section.start);
        found
    }
}

/// Where the lines that may be section headers start (`[` first): found by
/// a search, not line by line.
fn header_starts(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.starts_with('[')
        .then_some(0)
        .into_iter()
        .chain(memchr::memmem::find_iter(text.as_bytes(), b"\n[").map(|at| at + 1))
}

/// The shape of a numbered name (`node1` → `node#`, `pg-2` → `pg-#`), for
/// a name with a number in it and something besides.
fn numbered_shape(name: &str) -> Option<String> {
    let mut shape = String::with_capacity(name.len());
    for c in name.chars() {
        if !c.is_ascii_digit() {
            shape.push(c.to_ascii_lowercase());
        } else if !shape.ends_with('#') {
            shape.push('#');
        }
    }
    (shape.contains('#') && shape != "#").then_some(shape)
}

/// Runs of consecutive lines that repeat one directive, each naming one
/// address (an nginx `upstream`'s `server 10.0.0.120:5432;` lines): one
/// list, as a file of one address per line is. Blank and comment lines may
/// stand between them. Each run of two lines or more gets a group.
fn directive_runs(text: &str, hits: &[Hit], scan: &mut FileScan) -> Vec<(Range<usize>, usize)> {
    let mut runs: Vec<Range<usize>> = Vec::new();
    // The directive of the run being read, its lines and how many.
    let mut current: Option<(&str, Range<usize>, usize)> = None;
    let mut index = 0;
    while index < hits.len() {
        let address = hits[index].span.start;
        let line = logical_line(text, address);
        let on_line = hits_in(&hits[index..], &line).len().max(1);
        index += on_line;
        let content = text[line.clone()].trim_start();
        // An assignment's value (`const leaderNode = "db-1"`, `export A=…`)
        // is its variable's own, not a directive's: consecutive ones are
        // no list.
        let assigned = text[line.start..address].contains('=');
        let directive = content
            .split([' ', '\t'])
            .next()
            .filter(|word| word.len() < content.len())
            .filter(|word| {
                word.bytes()
                    .all(|b| b.is_ascii_alphabetic() || b == b'_' || b == b'-')
            })
            .filter(|_| on_line == 1 && !assigned);
        let continues = |(word, lines, _): &(&str, Range<usize>, usize)| {
            Some(*word) == directive
                && text[lines.end..line.start].lines().all(|between| {
                    between.trim().is_empty()
                        || comment_start(between).is_some_and(|at| between[..at].trim().is_empty())
                })
        };
        match &mut current {
            Some(run) if continues(run) => {
                run.1.end = line.end;
                run.2 += 1;
            }
            _ => {
                if let Some((_, lines, count)) = current.take()
                    && count >= 2
                {
                    runs.push(lines);
                }
                current = directive.map(|word| (word, line.clone(), 1));
            }
        }
    }
    if let Some((_, lines, count)) = current
        && count >= 2
    {
        runs.push(lines);
    }
    runs.into_iter()
        .map(|lines| (lines, scan.group(false)))
        .collect()
}

/// Whether every line of the text that holds something is one address
/// (`10.0.0.120`, `db-1:5432`), two or more of them: a list, one per line.
fn one_address_per_line(text: &str, hits: &[Hit]) -> bool {
    if hits.len() < 2 {
        return false;
    }
    let mut hit = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim();
        let start = offset + (line.len() - line.trim_start().len());
        offset += line.len();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let Some(current) = hits.get(hit) else {
            return false;
        };
        if current.span.start != start {
            return false;
        }
        let Some(rest) = text.get(current.span.end..start + content.len()) else {
            return false;
        };
        let port = rest
            .strip_prefix(':')
            .is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()));
        if !(rest.is_empty() || port) {
            return false;
        }
        hit += 1;
    }
    hit == hits.len()
}

/// Whether the bracket at `at` stands in a comment: a block comment, or a
/// line comment that starts before it on its line.
fn opens_in_a_comment(text: &str, comments: &[Range<usize>], at: usize) -> bool {
    let line = lines_of(text, &(at..at));
    in_block_comment(comments, at)
        || comment_start(&text[line.clone()]).is_some_and(|c| line.start + c <= at)
}

/// How far from a `value:` line its entry's `name:` may be, in lines.
const MAX_ENTRY_LINES: usize = 16;

/// A Kubernetes env entry read as text (a Helm template that is no YAML):
/// for a `value:` line in `config`, the `name:` of its mapping and the
/// range of the value. As in a parsed document, the name says what the
/// value is (`- name: PGHOST` above `value: {{ … default "db-slave-01" }}`).
fn env_entry_value<'t>(
    pack: &Pack,
    text: &'t str,
    config: Range<usize>,
) -> Option<(&'t str, Range<usize>)> {
    let (column, key, rest) = mapping_entry(&text[config.clone()])?;
    if !pack.syntax.named_value_keys.is_match(key) {
        return None;
    }
    // A `- value:` item starts its mapping: nothing above is of it.
    let first_of_item = text[config.clone()].trim_start().starts_with('-');
    let name = (!first_of_item)
        .then(|| sibling_name(text[..config.start].lines().rev(), column, true))
        .flatten()
        .or_else(|| sibling_name(text[config.end..].lines().skip(1), column, false))?;
    Some((name, config.end - rest.len()..config.end))
}

/// The digits of a literal index `[N]` that opens at `open`, if one does.
pub(super) fn literal_subscript(bytes: &[u8], open: usize) -> Option<Range<usize>> {
    if bytes.get(open) != Some(&b'[') {
        return None;
    }
    let digits = bytes[open + 1..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    let close = open + 1 + digits;
    (digits > 0 && bytes.get(close) == Some(&b']')).then_some(open + 1..close)
}

/// The name and value of a directive line of a config file (`host
/// db-slave-01` of fluentd, `server db-slave-01:5432;` of nginx): a name
/// and one value, nothing else. A line with `=` or `:` after its first word
/// is read as a key and value already.
fn directive_entry(text: &str, config: Range<usize>) -> Option<(&str, Range<usize>)> {
    let line = &text[config.clone()];
    let trimmed = line.trim_end();
    let entry = trimmed.strip_suffix(';').unwrap_or(trimmed);
    let mut words = entry.split_whitespace();
    let (name, value) = (words.next()?, words.next()?);
    let is_name = name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'));
    if words.next().is_some() || !is_name || value.starts_with(['=', ':']) {
        return None;
    }
    let end = config.start + entry.len();
    Some((name, end - value.len()..end))
}

/// The name and value of a Dockerfile `ENV NAME VALUE` (the form without
/// `=`, whose value is the rest of the instruction); `ENV NAME=VALUE …` is
/// read as keys and values already.
pub(super) fn dockerfile_env_entry(
    text: &str,
    config: Range<usize>,
) -> Option<(&str, Range<usize>)> {
    let line = &text[config.clone()];
    let instruction = line.trim_start();
    let keyword = instruction.get(..3)?;
    let rest = instruction[3..].strip_prefix([' ', '\t'])?;
    if !keyword.eq_ignore_ascii_case("ENV") {
        return None;
    }
    let rest = rest.trim_start();
    let (name, after_name) = rest.split_at(rest.find([' ', '\t'])?);
    let value = after_name.trim();
    if !is_plain_name(name) || value.is_empty() {
        return None;
    }
    // `after_name` runs to the line's end, as `config` does.
    let start = config.end - after_name.trim_start().len();
    Some((name, start..start + value.len()))
}

/// The `name:` among the keys at `column` of one mapping, read from a
/// line next to it outwards (`upward`: up to the mapping's `- `; else down
/// to the next item), until the indentation leaves the mapping.
fn sibling_name<'t>(
    lines: impl Iterator<Item = &'t str>,
    column: usize,
    upward: bool,
) -> Option<&'t str> {
    for line in lines.take(MAX_ENTRY_LINES) {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with("{{") {
            continue; // blank, a comment, a template directive
        }
        let Some((at, key, rest)) = mapping_entry(line) else {
            if line.len() - trimmed.len() < column {
                return None;
            }
            continue; // a value's continuation
        };
        let item = trimmed.starts_with('-');
        if at < column || (at == column && item && !upward) {
            return None;
        }
        if at == column && key == "name" {
            let name = strip_quotes(rest.trim());
            return is_plain_name(name).then_some(name);
        }
        if at == column && item {
            return None;
        }
    }
    None
}

/// An HCL block's `default = …` (a Terraform `variable "db_host" {`, or
/// `variable "db_host" { default = "…" }` on one line): the block's label
/// names the value, as the key of a pair would, and the range of the value.
fn labelled_block_default(text: &str, config: Range<usize>) -> Option<(&str, Range<usize>)> {
    let line = &text[config.clone()];
    if let Some(brace) = line.find('{') {
        // All on one line: the label before the `{`, the default after it.
        let label = block_label(&line[..brace])?;
        let inner = line[brace + 1..].trim_end().strip_suffix('}')?.trim_end();
        let value = default_value(inner)?;
        let end = config.start + brace + 1 + inner.len();
        return Some((label, end - value.len()..end));
    }
    let value = default_value(line)?;
    // Up to the block's unmatched `{`.
    let mut depth = 0usize;
    for above in text[..config.start].lines().rev().take(MAX_ENTRY_LINES) {
        let opens = above.matches('{').count();
        let closes = above.matches('}').count();
        depth += closes;
        if opens <= depth {
            depth -= opens;
            continue;
        }
        let label = block_label(above.trim().strip_suffix('{')?)?;
        return Some((label, config.end - value.len()..config.end));
    }
    None
}

/// A call's keyword `default=…` on a line of its own, within a call written
/// over lines (argparse's `add_argument(` then `"--pg-host",` then
/// `default="db-slave-01",`): the call's quoted first arguments name the
/// value, as they do on one line; of several (`"-H", "--pg-host"`) the
/// longest, an option's long name. Other keywords may stand between, no
/// bracket: a keyword of a nested call is no default of this one.
fn call_keyword_default(text: &str, config: Range<usize>) -> Option<(&str, Range<usize>)> {
    let line = &text[config.clone()];
    let keywords = line.len() - line.trim_start().len();
    let at = line[keywords..]
        .match_indices(FALLBACK_KEYWORD)
        .map(|(at, _)| keywords + at)
        .find(|&at| {
            let before = &line[keywords..at];
            (before.is_empty() || before.trim_end().ends_with(','))
                && default_value(&line[at..]).is_some()
        })?;
    if !same_call(&line.as_bytes()[keywords..at]) {
        return None;
    }
    // Up the lines of the call's arguments to the line that opens it.
    let mut above_end = config.start;
    for above in text[..config.start]
        .split_inclusive('\n')
        .rev()
        .take(MAX_ENTRY_LINES)
    {
        let above_start = above_end - above.len();
        above_end = above_start;
        let code = &above[..comment_start(above).unwrap_or(above.len())];
        match unquoted_brackets(code).last() {
            None => continue,
            Some(&(open, b'(')) => {
                let arguments = &text[above_start + open + 1..config.start];
                // `max_by_key` keeps the last of equals: the first, reversed.
                let name = leading_quoted_arguments(arguments)
                    .into_iter()
                    .rev()
                    .max_by_key(|argument| argument.len())?;
                let value = default_value(&line[at..])?;
                return Some((name, config.end - value.len()..config.end));
            }
            Some(_) => return None,
        }
    }
    None
}

/// The brackets of `code` outside its quoted strings, with their offsets.
fn unquoted_brackets(code: &str) -> Vec<(usize, u8)> {
    let mut quote = None;
    let mut found = Vec::new();
    for (at, byte) in code.bytes().enumerate() {
        match (quote, byte) {
            (Some(q), b) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(byte),
            (None, b'(' | b')' | b'[' | b']' | b'{' | b'}') => found.push((at, byte)),
            _ => {}
        }
    }
    found
}

/// The quoted strings that start a call's arguments, each followed by a
/// `,` (`"-H", "--pg-host",`), blanks and line breaks between.
fn leading_quoted_arguments(arguments: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = arguments;
    loop {
        let trimmed = rest.trim_start();
        let Some(quote) = trimmed.chars().next().filter(|c| matches!(c, '"' | '\'')) else {
            break;
        };
        let Some(close) = trimmed[1..].find(quote) else {
            break;
        };
        let Some(after) = trimmed[close + 2..].trim_start().strip_prefix(',') else {
            break;
        };
        found.push(&trimmed[1..close + 1]);
        rest = after;
    }
    found
}

/// What `default = VALUE` assigns (not a comparison, `default == …`).
fn default_value(assignment: &str) -> Option<&str> {
    let rest = assignment.trim_start().strip_prefix(FALLBACK_KEYWORD)?;
    let value = rest.trim_start().strip_prefix('=')?;
    (!value.starts_with('=')).then_some(value)
}

/// The label of a block opened by `KIND "LABEL"` (before its `{`).
fn block_label(opener: &str) -> Option<&str> {
    let mut words = opener.split_whitespace();
    let (_kind, label) = (words.next()?, words.next()?);
    let label = label.strip_prefix('"')?.strip_suffix('"')?;
    (words.next().is_none() && is_plain_name(label)).then_some(label)
}

/// A YAML-shaped `key: rest` line (`- key: rest` in a list): the column of
/// the key, the key and what follows its `:`.
fn mapping_entry(line: &str) -> Option<(usize, &str, &str)> {
    let trimmed = line.trim_start();
    let entry = trimmed.strip_prefix('-').map_or(trimmed, str::trim_start);
    let column = line.len() - entry.len();
    let end = entry.find(|c: char| !is_name_char(c))?;
    let rest = entry[end..].strip_prefix(':')?;
    let separated = rest.is_empty() || rest.starts_with([' ', '\t']);
    (end > 0 && separated).then(|| (column, &entry[..end], rest))
}

/// A key or a name as written plainly: letters, digits, `_` and `-`.
fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

/// Whether `name` is a plain name (`PGHOST`, `db_host`), not an expression.
pub(super) fn is_plain_name(name: &str) -> bool {
    !name.is_empty() && name.chars().all(is_name_char)
}

/// Where the run of characters that `keep` accepts at the end of `text`
/// starts (a name before an operator), on a character boundary.
fn trailing_run_start(text: &str, keep: impl Fn(char) -> bool) -> usize {
    text.char_indices()
        .rev()
        .find(|&(_, c)| !keep(c))
        .map_or(0, |(at, c)| at + c.len_utf8())
}

/// The key a value starting at `at` is assigned to (`hosts = `, `"hosts": `).
fn key_before(text: &str, at: usize) -> Option<&str> {
    let before = text[..at].trim_end();
    let before = match before.strip_suffix('=') {
        // Go's and Make's `:=`, `::=` assign as `=` does.
        Some(assigned) if !assigned.ends_with(['=', '!', '<', '>']) => {
            without_annotation(assigned.trim_end_matches(':'))
        }
        _ => before
            .strip_suffix("=>")
            .or_else(|| before.strip_suffix(':'))?,
    }
    .trim_end();
    let before = before.strip_suffix(['"', '\'']).unwrap_or(before);
    let start = trailing_run_start(before, |c| c.is_ascii_alphanumeric() || "_.-".contains(c));
    let key = &before[start..];
    (!key.is_empty()).then_some(key)
}

/// A declaration's name without its type (`CANDIDATE_IPS: string[]`, `val
/// hosts: List<String>`), as written before its `=`.
fn without_annotation(before: &str) -> &str {
    let bytes = before.as_bytes();
    let floor = bytes.len().saturating_sub(MAX_TYPE + 1);
    let lone_colon = |at: usize| {
        bytes[at] == b':' && bytes.get(at + 1) != Some(&b':') && (at == 0 || bytes[at - 1] != b':')
    };
    match (floor..bytes.len()).rev().find(|&at| lone_colon(at)) {
        Some(at)
            if is_type_annotation(&bytes[at + 1..])
                && before[..at].trim_end().ends_with(is_name_char) =>
        {
            &before[..at]
        }
        _ => before,
    }
}

/// The variable of a loop over the list that starts at `at`, on the same
/// line: `for h in [` (Python, Ruby), `for (const h of [` (JavaScript).
fn loop_variable_before(text: &str, at: usize) -> Option<&str> {
    let line = &text[super::line_start(text.as_bytes(), 0, at)..at];
    let rest = line.trim_end();
    let rest = rest
        .strip_suffix(" in")
        .or_else(|| rest.strip_suffix(" of"))?;
    let rest = rest.trim_end();
    let start = trailing_run_start(rest, |c| c.is_ascii_alphanumeric() || c == '_');
    let name = &rest[start..];
    let head = rest[..start].trim_end();
    let head = ["const", "let", "var"]
        .iter()
        .find_map(|declaration| head.strip_suffix(declaration))
        .unwrap_or(head)
        .trim_end()
        .trim_end_matches('(')
        .trim_end();
    let declared = head == "for" || head.ends_with(" for") || head.ends_with("\tfor");
    (declared && !name.is_empty() && !name.starts_with(|c: char| c.is_ascii_digit()))
        .then_some(name)
}

/// The name of the call whose first argument starts at `at`
/// (`redis.sentinel.Sentinel(` → `Sentinel`).
fn callee_before(text: &str, at: usize) -> Option<&str> {
    let before = text[..at].trim_end().strip_suffix('(')?.trim_end();
    // A macro is called as its function is (`eprintln!(…)`).
    let before = before.strip_suffix('!').unwrap_or(before);
    let start = trailing_run_start(before, |c| c.is_ascii_alphanumeric() || c == '_');
    let name = &before[start..];
    (!name.is_empty()).then_some(name)
}

/// The line holding `offset`, extended over backslash continuations.
pub(super) fn logical_line(text: &str, offset: usize) -> Range<usize> {
    let bytes = text.as_bytes();
    let mut start = line_start(bytes, 0, offset);
    while start > 0 && continues(&bytes[..start - 1]) {
        start = line_start(bytes, 0, start - 1);
    }
    let mut end = line_end(bytes, offset);
    while end < bytes.len() && continues(&bytes[..end]) {
        end = line_end(bytes, end + 1);
    }
    start..end
}

/// Whether the line ending at the end of `before` continues on the next one
/// (blanks after its backslash allowed, a blank line not).
fn continues(before: &[u8]) -> bool {
    let end = before
        .iter()
        .rposition(|b| !matches!(b, b' ' | b'\t' | b'\r'))
        .map_or(0, |i| i + 1);
    let line = &before[..end];
    line.ends_with(b"\\") && !line.ends_with(b"\\\\")
}

/// How far before a key its map's `{` may be.
const MAX_MAP: usize = 4 * 1024;

/// How long the word of a lookup pair may be, in bytes.
const MAX_LOOKUP_WORD: usize = 64;

/// Whether `hit` is the whole quoted first half of a bracketed pair whose
/// other half is a quoted word or a symbol, neither a host nor a port
/// (`("10.0.0.120", "primary")`, Go's `{"10.0.0.121", "replica"}`, Ruby's
/// `["…", :replica]`), itself an item of a collection (a test's table of
/// cases): a lookup's entry, as a map's key is.
fn is_lookup_pair(pack: &Pack, text: &str, hit: &Hit) -> bool {
    let Some((before, quote)) =
        text[..hit.span.start].split_at_checked(hit.span.start.saturating_sub(1))
    else {
        return false;
    };
    if !matches!(quote, "\"" | "'") {
        return false;
    }
    let before = before.trim_end();
    let opener = before.chars().last();
    // An item of a collection: not a call's arguments, a struct literal of
    // a named type or a tuple assigned alone, which may be a connection's.
    let outside = before[..before.len() - opener.map_or(0, char::len_utf8)].trim_end();
    if !outside.ends_with(['[', '(', '{', ',']) {
        return false;
    }
    let closer = match opener {
        Some('(') => ')',
        Some('[') => ']',
        Some('{') => '}',
        _ => return false,
    };
    let Some(rest) = text[hit.span.end..].strip_prefix(quote) else {
        return false;
    };
    let Some(rest) = rest.trim_start().strip_prefix(',') else {
        return false;
    };
    let rest = rest.trim_start();
    let (word, rest) = if let Some(symbol) = rest.strip_prefix(':') {
        let end = symbol
            .bytes()
            .take(MAX_LOOKUP_WORD)
            .position(|b| !(b.is_ascii_alphanumeric() || b == b'_'))
            .unwrap_or(symbol.len().min(MAX_LOOKUP_WORD));
        symbol.split_at(end)
    } else {
        let Some(word_quote) = rest.chars().next().filter(|c| matches!(c, '"' | '\'')) else {
            return false;
        };
        // A lookup's word is short: a longer text is no word, and looking
        // further would cost the line once per address.
        let close = rest
            .bytes()
            .skip(1)
            .take(MAX_LOOKUP_WORD)
            .position(|b| b == word_quote as u8);
        let Some(close) = close.map(|at| at + 1) else {
            return false;
        };
        (&rest[1..close], &rest[close + 1..])
    };
    is_lookup_word(pack, word) && rest.trim_start().starts_with(closer)
}

/// Whether `hit` is the whole quoted key of an entry whose value is one
/// scalar (`"10.0.0.120": "primary"`, `'10.0.0.121' => 'replica'`): a lookup
/// of the address, as a `case` pattern is. A key whose value is a block
/// (`"10.0.0.120": {`) may describe a connection, and is read as it is.
fn is_lookup_key(text: &str, hit: &Hit) -> bool {
    let bytes = text.as_bytes();
    let Some(&quote @ (b'"' | b'\'')) = hit.span.start.checked_sub(1).map(|at| &bytes[at]) else {
        return false;
    };
    let after = &text[hit.span.end..];
    let after = after.strip_prefix(':').map_or(after, |rest| {
        rest.trim_start_matches(|c: char| c.is_ascii_digit())
    });
    let Some(after) = after.strip_prefix(char::from(quote)) else {
        return false;
    };
    let after = after.trim_start();
    let Some(value) = after.strip_prefix("=>").or_else(|| after.strip_prefix(':')) else {
        return false;
    };
    // A string, a number, a name or a Ruby symbol (`:replica`).
    let value = value.trim_start();
    let value = value.strip_prefix(':').unwrap_or(value);
    value.starts_with(|c: char| c == '"' || c == '\'' || c.is_ascii_alphanumeric())
}

/// Whether `hit` is a quoted key (`"10.0.0.123:6379": …`) of a map whose own
/// key is a `translation_keys` key (`natMap: {`).
fn is_translated_key(pack: &Pack, text: &str, hit: &Hit) -> bool {
    let after = &text[hit.span.end..];
    let after = after.strip_prefix(':').map_or(after, |rest| {
        rest.trim_start_matches(|c: char| c.is_ascii_digit())
    });
    let Some(after) = after.strip_prefix(['"', '\'']) else {
        return false;
    };
    if !after.trim_start().starts_with(':') {
        return false;
    }
    let bytes = text.as_bytes();
    let floor = hit.span.start.saturating_sub(MAX_MAP);
    let mut depth = 0usize;
    let open = (floor..hit.span.start).rev().find(|&at| match bytes[at] {
        b'}' => {
            depth += 1;
            false
        }
        b'{' if depth == 0 => true,
        b'{' => {
            depth -= 1;
            false
        }
        _ => false,
    });
    open.and_then(|open| key_before(text, open))
        .is_some_and(|key| pack.key_facts(key).translation)
}

/// The blocks of a whole text of `dialect` (sections, brace-delimited
/// blocks), with what the mappings that `hits` sit in say of them; none
/// in a dialect whose lines are commands.
fn blocks_of(
    pack: &Pack,
    text: &str,
    dialect: Dialect,
    sections: Sections,
    comments: &[Range<usize>],
    hits: &[Hit],
) -> BlockContexts {
    match dialect {
        Dialect::Plain | Dialect::Python | Dialect::Ruby | Dialect::Hcl if !hits.is_empty() => {
            let sections = dialect == Dialect::Plain && sections == Sections::Read;
            BlockContexts::of(pack, text, sections, comments, hits)
        }
        _ => BlockContexts::default(),
    }
}

/// Whether each of `hits` sits in a mapping whose own entries give it a
/// port (`{host: …,` then `port: 6379` on a line of its own), as the text
/// scanner reads a whole file of `kind` (YAML or JSON as it reads them
/// when they do not parse): the triage asks this of the addresses that are
/// right unless a port disagrees. `port_keys_at`: where the literals of
/// the port keys are (`None`: anywhere).
pub fn hits_with_block_port(
    pack: &Pack,
    text: &str,
    kind: FileKind,
    hits: &[Hit],
    port_keys_at: Option<impl Iterator<Item = usize>>,
) -> Vec<bool> {
    let (dialect, sections) = match kind {
        FileKind::Text(dialect) => (dialect, Sections::Read),
        // Without sections, a mapping is a bracket's.
        FileKind::Yaml | FileKind::Json
            if memchr::memchr3(b'{', b'[', b'(', text.as_bytes()).is_some() =>
        {
            (Dialect::Plain, Sections::Ignored)
        }
        FileKind::Yaml | FileKind::Json | FileKind::Dotenv | FileKind::Shell => {
            return vec![false; hits.len()];
        }
    };
    if port_keys_at.is_some_and(|found| !may_hold_port_entry(pack, text, found)) {
        return vec![false; hits.len()];
    }
    let comments = block_comments(text, dialect);
    let blocks = blocks_of(pack, text, dialect, sections, &comments, hits);
    hits.iter()
        .map(|hit| {
            blocks
                .siblings_at(hit.span.start)
                .is_some_and(|siblings| siblings.port.is_some())
        })
        .collect()
}

/// The block comments of `text`: C-style ones (JSDoc and license headers
/// in JS, TS, Go, Java, HCL, SQL), each opened by a line that starts with
/// `/*`, up to its `*/` (or the end), and XML/HTML `<!-- … -->` opened at a
/// line's start or after a tag. A `/*` inside a line (`path: /var/lib/*`),
/// or a `<!--` inside an attribute's value, opens nothing.
fn block_comments(text: &str, dialect: Dialect) -> Vec<Range<usize>> {
    // At a line's start, or a Go template's comment (`{{/* … */}}`, `{{- /*`).
    let opens_block = |before: &str| matches!(before.trim(), "" | "{{" | "{{-");
    let mut comments = delimited(text, "/*", "*/", opens_block);
    if memchr::memmem::find(text.as_bytes(), b"<!--").is_some() {
        comments.extend(delimited(text, "<!--", "-->", opens_xml_comment));
    }
    match dialect {
        Dialect::Sql => {
            // `-- …` to the line's end, outside a string (`'a--b'`).
            let outside_string = |before: &str| before.matches('\'').count().is_multiple_of(2);
            comments.extend(delimited(text, "--", "\n", outside_string));
        }
        Dialect::Lua => {
            let outside_string = |before: &str| {
                before.matches('\'').count().is_multiple_of(2)
                    && before.matches('"').count().is_multiple_of(2)
            };
            comments.extend(delimited(text, "--[[", "]]", outside_string));
            comments.extend(delimited(text, "--", "\n", outside_string));
        }
        Dialect::Plain => comments.extend(template_comments(text)),
        Dialect::Batch => comments.extend(batch_remarks(text)),
        Dialect::PowerShell => {
            comments.extend(delimited(text, "<#", "#>", |before| {
                before.trim().is_empty()
            }));
        }
        _ => {}
    }
    comments.sort_by_key(|c| c.start);
    // One range per stretch of comment (a `--` inside `/* */`), so a
    // binary search finds the comment around any offset.
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(comments.len());
    for comment in comments {
        match merged.last_mut() {
            Some(last) if comment.start <= last.end => last.end = last.end.max(comment.end),
            _ => merged.push(comment),
        }
    }
    merged
}

/// The remark lines of a batch file: `REM …` (any case, `@REM` too) and
/// `:: …`, a label no `goto` can reach.
fn batch_remarks(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    parts_of_lines(text, |line| is_batch_remark(line).then_some(0..line.len()))
}

/// The prompts of a batch file's `set /p NAME=PROMPT` lines (any case,
/// `@set` too): text shown to whoever runs it, as `read -p`'s is.
fn batch_prompts(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    parts_of_lines(text, batch_prompt)
}

/// The part `part_of` picks of each line of `text` that has one, as ranges
/// of `text`.
fn parts_of_lines<'t>(
    text: &'t str,
    part_of: impl Fn(&str) -> Option<Range<usize>> + 't,
) -> impl Iterator<Item = Range<usize>> + 't {
    let bytes = text.as_bytes();
    let mut start = 0;
    std::iter::from_fn(move || {
        while start < bytes.len() {
            let line = start;
            let end = line_end(bytes, line);
            start = end + 1;
            if let Some(part) = part_of(&text[line..end]) {
                return Some(line + part.start..line + part.end);
            }
        }
        None
    })
}

/// Where the prompt of a `set /p NAME=PROMPT` line is, within the line.
fn batch_prompt(line: &str) -> Option<Range<usize>> {
    let command = line.trim_start();
    let command = command.strip_prefix('@').unwrap_or(command);
    let mut words = command.split_ascii_whitespace();
    let (set, switch) = (words.next()?, words.next()?);
    if !set.eq_ignore_ascii_case("set") || !switch.eq_ignore_ascii_case("/p") {
        return None;
    }
    let after_switch = line.len() - command.len() + command.find(switch)? + switch.len();
    let equals = after_switch + line[after_switch..].find('=')?;
    Some(equals + 1..line.len())
}

/// A template's comments (Jinja, Twig, Django: `{# … #}`), which its
/// engine drops when it renders it; `${#x}` is a length in shell. An
/// unclosed one runs to the end.
pub(crate) fn template_comments(text: &str) -> Vec<Range<usize>> {
    if memchr::memmem::find(text.as_bytes(), b"{#").is_none() {
        return Vec::new();
    }
    delimited(text, "{#", "#}", |before| !before.ends_with('$'))
}

/// Whether `line` (without its newline) is a batch file's remark: `REM`
/// in any case, `@REM`, or `::`, as its first word.
pub(crate) fn is_batch_remark(line: &str) -> bool {
    let command = line.trim_start().trim_start_matches('@').trim_start();
    command.starts_with("::")
        || command
            .get(..3)
            .is_some_and(|word| word.eq_ignore_ascii_case("rem"))
            && command[3..].chars().next().is_none_or(char::is_whitespace)
}

/// Whether a `<!--` after `before` (its line so far) opens a comment: at
/// the line's start or after a tag, not inside an attribute's value.
fn opens_xml_comment(before: &str) -> bool {
    let before = before.trim_end();
    before.is_empty() || before.ends_with('>')
}

/// Each range from `open` to its `close` (or the end), where what precedes
/// `open` on its line is `opens` (then the comment starts at the line's start
/// if only indentation precedes it).
fn delimited(
    text: &str,
    open: &str,
    close: &str,
    opens: impl Fn(&str) -> bool,
) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut comments = Vec::new();
    let mut from = 0;
    // The start of the line last found in, and how far it was searched: the
    // openings come in order, so a long line is searched back once.
    let (mut line, mut searched) = (0, 0);
    while let Some(found) = memchr::memmem::find(&bytes[from..], open.as_bytes()) {
        let at = from + found;
        line = memchr::memrchr(b'\n', &bytes[searched..at]).map_or(line, |i| searched + i + 1);
        searched = at;
        let before = &text[line..at];
        if !opens(before) {
            from = at + open.len();
            continue;
        }
        let start = if before.trim().is_empty() { line } else { at };
        let body = at + open.len();
        let end = memchr::memmem::find(&bytes[body..], close.as_bytes())
            .map_or(text.len(), |close_at| body + close_at + close.len());
        comments.push(start..end);
        from = end;
    }
    comments
}

/// Whether a line starting at `at` starts inside one of `comments` (in
/// order, apart).
fn in_block_comment(comments: &[Range<usize>], at: usize) -> bool {
    let after = comments.partition_point(|c| c.start <= at);
    after > 0 && at < comments[after - 1].end
}

/// Where the first of `comments` (in order, apart) that opens inside `line`
/// starts, if one does.
fn comment_opening_in(comments: &[Range<usize>], line: &Range<usize>) -> Option<usize> {
    let first = comments.partition_point(|c| c.start < line.start);
    comments
        .get(first)
        .map(|c| c.start)
        .filter(|start| *start < line.end)
}

/// Where the comment of a line starts: a full-line `#`, `//` or `;` comment
/// (or `! …`, as Java properties write one), or a `#` or `//` after
/// whitespace or an XML `<!--` outside quotes.
fn comment_start(line: &str) -> Option<usize> {
    let trimmed = line.trim_start();
    let indent = line.len() - trimmed.len();
    let bang = trimmed
        .strip_prefix('!')
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(char::is_whitespace));
    let hash = trimmed.starts_with('#') && !is_attribute(trimmed);
    if hash || trimmed.starts_with("//") || trimmed.starts_with(';') || bang {
        return Some(indent);
    }
    let bytes = line.as_bytes();
    let mut quote = None;
    for (index, &byte) in bytes.iter().enumerate() {
        match (quote, byte) {
            (None, b'"' | b'\'') => quote = Some(byte),
            (Some(open), _) if byte == open => quote = None,
            // The line's first `#` is a comment's only where it is no attribute's.
            (None, b'#')
                if index > indent && (bytes[index - 1] == b' ' || bytes[index - 1] == b'\t') =>
            {
                return Some(index);
            }
            // `host = "10.0.0.10"; // was 10.0.0.120`: a trailing `//`
            // comment of code, after a blank (a URL's `//` follows `:`).
            (None, b'/')
                if index > 0
                    && bytes[index..].starts_with(b"//")
                    && (bytes[index - 1] == b' ' || bytes[index - 1] == b'\t') =>
            {
                return Some(index);
            }
            (None, b'<')
                if bytes[index..].starts_with(b"<!--") && opens_xml_comment(&line[..index]) =>
            {
                return Some(index);
            }
            _ => {}
        }
    }
    None
}

/// Whether `line` opens with a Rust attribute that takes arguments
/// (`#[arg(long, default_value = "…")]`, `#![doc = "…"]`): code, not a
/// comment. A commented section header (`#[mysqld]`) takes none.
fn is_attribute(line: &str) -> bool {
    let Some(inner) = line.strip_prefix("#[").or_else(|| line.strip_prefix("#![")) else {
        return false;
    };
    let path_end = inner
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
        .unwrap_or(inner.len());
    path_end > 0 && inner[path_end..].trim_start().starts_with(['(', '='])
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_batch_remark_is_rem_or_double_colon_as_the_first_word() {
        use super::is_batch_remark;
        for remark in ["REM 10.0.0.121", "@rem", "  @ REM\tx", ":: label", "Rem"] {
            assert!(is_batch_remark(remark), "{remark}");
        }
        for command in [
            "REMOTE_CACHE=10.0.0.121",
            "remark",
            "set X=1 REM",
            "echo ::",
        ] {
            assert!(!is_batch_remark(command), "{command}");
        }
    }

    #[test]
    fn a_batch_prompt_is_what_set_p_shows() {
        use super::batch_prompt;
        let prompt = |line: &'static str| batch_prompt(line).map(|range| &line[range]);
        assert_eq!(prompt(r#"set /p HOST="Host: ""#), Some(r#""Host: ""#));
        assert_eq!(
            prompt(r#"  @SET /P "H=Host [a]: ""#),
            Some(r#"Host [a]: ""#)
        );
        assert_eq!(prompt("set	/p H=x=y"), Some("x=y"));
        for command in [
            "set HOST=10.0.0.121",
            "set /a N=1",
            "set /p",
            "setx /p H=x",
            "echo set /p H=x",
        ] {
            assert_eq!(prompt(command), None, "{command}");
        }
    }

    #[test]
    fn a_numbered_name_has_a_shape_its_siblings_share() {
        use super::numbered_shape;
        assert_eq!(numbered_shape("node1").as_deref(), Some("node#"));
        assert_eq!(numbered_shape("Node12"), numbered_shape("node3"));
        assert_eq!(numbered_shape("pg-2").as_deref(), Some("pg-#"));
        assert_eq!(
            numbered_shape("db1.replica2").as_deref(),
            Some("db#.replica#")
        );
        for plain in ["databases", "42", ""] {
            assert_eq!(numbered_shape(plain), None, "{plain}");
        }
    }

    #[test]
    fn an_hcl_block_is_an_item_when_its_last_label_names_one() {
        let pack = crate::pack::Pack::builtin().expect("the built-in pack is valid");
        let item = |header: &str| super::hcl_item_name(&pack, header);
        assert_eq!(item("service {").as_deref(), Some("service"));
        assert_eq!(item("task \"redis-01\" {").as_deref(), Some("task"));
        assert_eq!(
            item("resource \"aws_instance\" \"pg2\" {").as_deref(),
            Some("resource \"aws_instance\"")
        );
        for other in [
            "variable \"pg_host\" {",
            "locals {}",
            "hosts = {",
            "task redis-01 {",
            "service",
            "} else {",
        ] {
            assert_eq!(item(other), None, "{other}");
        }
    }

    #[test]
    fn one_search_finds_each_names_uses_as_a_search_per_name_does() {
        use super::{FEW_NAMES, uses_of, uses_of_each};
        use std::ops::Range;
        let text = "db = 1\ndb_host = db\nhost(db_host, xdb, db)\n$host ${db}\n";
        let names = ["db", "db_host", "host", "absent", "db"];
        // Few names are looked for one by one, many by one automaton.
        let many: Vec<String> = (0..2 * FEW_NAMES).map(|i| format!("n{i}")).collect();
        for asked in [
            names.to_vec(),
            names
                .into_iter()
                .chain(many.iter().map(String::as_str))
                .collect(),
        ] {
            let each = uses_of_each(text, 3, asked.iter().copied());
            for name in names {
                let alone: Vec<Range<usize>> = uses_of(text, 3, name).collect();
                assert_eq!(each.get(name).cloned().unwrap_or_default(), alone, "{name}");
            }
        }
    }

    #[test]
    fn a_loop_names_the_variable_its_list_is_assigned_to() {
        fn variable(line: &str) -> Option<&str> {
            super::loop_variable_before(line, line.len())
        }
        assert_eq!(variable("for h in "), Some("h"));
        assert_eq!(variable("    for replica in"), Some("replica"));
        assert_eq!(variable("for (const host of "), Some("host"));
        assert_eq!(variable("for (let n in "), Some("n"));
        assert_eq!(variable("x = [y for y in "), Some("y"));
        assert_eq!(variable("if ip in "), None);
        assert_eq!(variable("platform in "), None);
        assert_eq!(variable("for 1 in "), None);
        assert_eq!(variable("hosts = "), None);
    }

    #[test]
    fn a_pair_of_an_address_and_a_word_in_a_collection_is_a_lookup() {
        let pack = crate::pack::Pack::builtin().expect("the built-in pack is valid");
        let pair = |text: &str| {
            let hits = crate::address::AddressMatcher::new(&pack).find(&pack, text);
            super::is_lookup_pair(&pack, text, &hits[0])
        };
        assert!(pair(r#"[("10.0.0.120", "primary")]"#));
        assert!(pair(r#"cases = [ ['10.0.0.121', :replica] ]"#));
        assert!(pair("{\n\t{\"10.0.0.121\", \"sync standby\"},"));
        assert!(!pair(r#"[("10.0.0.121", 5432)]"#));
        assert!(!pair(r#"[("10.0.0.121", "5432")]"#));
        assert!(!pair(r#"[("10.0.0.121", "redis-01")]"#));
        assert!(!pair(r#"db = ("10.0.0.121", "app")"#));
        assert!(!pair(r#"connect("10.0.0.121", "app")"#));
        assert!(!pair(r#"[Config{"10.0.0.121", "app"}]"#));
        assert!(!pair(r#"[("10.0.0.121", "app", "x")]"#));
        // A name first binds the name to the address: no lookup.
        assert!(!pair(r#"[("primary", "10.0.0.120")]"#));
    }
}
