//! YAML (`*.yaml`, `*.yml`, multi-document), parsed with saphyr into the
//! tree every structured document shares (see [`super::tree`]). YAML that
//! does not parse (Helm templates) is read as text, with a parse-error note.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::time::{Duration, Instant};

use saphyr_parser::{Event, Parser, ScalarStyle};

use crate::address::{Form, Hit};

use super::text::{identities, uses_of, uses_of_each};
use super::tree::{Document, TreeBuilder, YamlNode, scan_documents};
use super::value::template_after;
use super::{FileScan, HostUse, ParseNote, Scanner, ServiceContext, line_start, text};

/// Scans YAML.
pub fn scan(scanner: &Scanner, text: &str, hits: &[Hit], scan: &mut FileScan) {
    match documents(text, scanner.pack.parse_budget) {
        Ok(documents) => {
            let first = scan.references.len();
            scan_documents(scanner, text, hits, &documents, scan);
            trace_identities(scanner, text, &documents, first, scan);
            trace_loops(scanner, text, &documents, first, scan);
            pick_items(scanner, text, &documents, first, scan);
        }
        Err(note) => {
            scan.parse_errors.push(note);
            text::scan_unparsed(scanner, text, hits, scan);
        }
    }
}

/// Member identity in YAML: a hostname under a `member_keys` key
/// (`leader_node: db-master-01` among an Ansible play's `vars`), or under
/// one whose name says nothing of what it holds (`db: db-slave-01`), is a
/// reference only where a template of the same file uses that key as a host
/// (`command: psql -h {{ leader_node }}`, `postgresql_host: "{{ leader_node
/// }}"`), read where the template stands; the finding stays on the entry.
/// References since `first` are the candidates.
fn trace_identities(
    scanner: &Scanner,
    text: &str,
    documents: &[Document],
    first: usize,
    scan: &mut FileScan,
) {
    let identities = identities(scanner.pack, scan, first);
    // Each name's templates (`{{ leader_node }}`) and expansions (a
    // container's env read by its command: `$DB`, `${DB}`, Kubernetes'
    // `$(DB)`) wherever it is used.
    let mut uses: Vec<(&str, Range<usize>)> = Vec::new();
    let written = uses_of_each(text, 0, identities.keys().map(String::as_str));
    for name in identities.keys() {
        for used in written.get(name.as_str()).into_iter().flatten().cloned() {
            let around = template_around(text, used.clone())
                .or_else(|| expansion_around(text.as_bytes(), used));
            if let Some(around) = around {
                uses.push((name, around));
            }
        }
    }
    if uses.is_empty() {
        return;
    }
    let probes: Vec<Hit> = uses
        .iter()
        .map(|(name, template)| Hit {
            span: template.clone(),
            target: scan.references[identities[*name][0]].hit.target,
            form: Form::Hostname,
        })
        .collect();
    let as_host = hosts_among(scanner, text, documents, probes);
    // The first use of a name that is a host is where it is one.
    for (name, template) in &uses {
        if let Some(context) = as_host.get(template) {
            let used = HostUse {
                variable: name.to_string(),
                context: context.clone(),
            };
            for &index in &identities[*name] {
                used.give(&mut scan.references[index]);
            }
        }
    }
}

/// An item of a list read alone by a template of the same file (`psql -h
/// {{ pg_nodes[0] }}`, `{{ pg_nodes.1 }}`, `{{ pg_nodes | first }}`) is a
/// connection to that one node where the template is read as a host,
/// whatever the list is: a reference of its own, on the item, beside the
/// list's verdict (SPEC §3: node sets, not pins). References since `first`
/// are the candidates.
fn pick_items(
    scanner: &Scanner,
    text: &str,
    documents: &[Document],
    first: usize,
    scan: &mut FileScan,
) {
    let bytes = text.as_bytes();
    if memchr::memmem::find(bytes, b"{{").is_none() {
        return; // no template: nothing picks
    }
    let names: HashSet<&str> = scan.references[first..]
        .iter()
        .filter(|r| r.group.is_some())
        .filter_map(|r| r.enclosure.key.as_deref())
        .filter(|name| super::text::is_plain_name(name))
        .collect();
    // Each pick: the list's name, the item's index, the template; found in
    // one pass over the templates, whatever the number of lists.
    let mut picks: Vec<(&str, usize, Range<usize>)> = Vec::new();
    for open in memchr::memmem::find_iter(bytes, b"{{") {
        let Some(close) = template_after(bytes, open, bytes.len()) else {
            continue;
        };
        let mut at = open + 2;
        while at < close {
            let length = bytes[at..close]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
                .count();
            if length == 0 {
                at += 1;
                continue;
            }
            let name = &text[at..at + length];
            let qualified = bytes[at - 1] == b'.';
            if !qualified
                && names.contains(name)
                && let Some(index) = picked_index(text, &(at..at + length))
            {
                picks.push((name, index, open..close));
            }
            at += length;
        }
    }
    if picks.is_empty() {
        return;
    }
    let picked_names: HashSet<&str> = picks.iter().map(|(name, _, _)| *name).collect();
    let mut sequences: HashMap<&str, Vec<Vec<Range<usize>>>> = HashMap::new();
    for document in documents {
        for (name, items) in document.sequences_under(|name| picked_names.contains(name)) {
            sequences.entry(name).or_default().push(items);
        }
    }
    // The references each pick reads alone, with its probe.
    let mut picked: Vec<(&str, Vec<usize>, Range<usize>)> = Vec::new();
    for (name, index, template) in picks {
        let items: Vec<&Range<usize>> = sequences
            .get(name)
            .into_iter()
            .flatten()
            .filter_map(|items| items.get(index))
            .collect();
        let references: Vec<usize> = (first..scan.references.len())
            .filter(|&i| {
                let span = &scan.references[i].hit.span;
                items
                    .iter()
                    .any(|item| item.start <= span.start && span.end <= item.end)
            })
            .collect();
        if !references.is_empty() {
            picked.push((name, references, template));
        }
    }
    let probes: Vec<Hit> = picked
        .iter()
        .map(|(_, references, template)| Hit {
            span: template.clone(),
            target: scan.references[references[0]].hit.target,
            form: Form::Hostname,
        })
        .collect();
    if probes.is_empty() {
        return;
    }
    let as_host = hosts_among(scanner, text, documents, probes);
    let mut alone = Vec::new();
    for (name, references, template) in picked {
        if let Some(context) = as_host.get(&template) {
            let used = HostUse {
                variable: name.to_string(),
                context: context.clone(),
            };
            alone.extend(references.iter().map(|&i| used.alone(&scan.references[i])));
        }
    }
    alone.sort_by_key(|r| r.hit.span.start);
    alone.dedup_by_key(|r| r.hit.span.clone());
    scan.references.extend(alone);
}

/// The index of the item a use of a list's name picks: `name[1]`,
/// `name.1`, `name | first` (0); `name | last` is not read (the list's
/// length is the document's).
fn picked_index(text: &str, used: &Range<usize>) -> Option<usize> {
    let bytes = text.as_bytes();
    if let Some(digits) = super::text::literal_subscript(bytes, used.end) {
        return text[digits].parse().ok();
    }
    let rest = &text[used.end..];
    if let Some(after) = rest.strip_prefix('.') {
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let ends = after[digits..].starts_with(|c: char| !(c.is_alphanumeric() || c == '_'));
        if digits > 0 && ends {
            return after[..digits].parse().ok();
        }
    }
    let filter = rest.trim_start().strip_prefix('|')?.trim_start();
    let word = filter
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .next()?;
    (word == "first").then_some(0)
}

/// Ansible's name for the item a task's loop is at, unless the task's
/// `loop_control` names another with this key.
const LOOP_VARIABLE: &str = "item";
const LOOP_VARIABLE_KEY: &str = "loop_var:";

/// A task's loop (`loop:`, `with_items:`) assigns each item in turn to its
/// variable: a hostname item is a host where the same task uses the variable
/// as one (`command: pg_isready -h {{ item }}`), read where the template
/// stands; the items stay one list, judged as a node set. References since
/// `first` are the candidates.
fn trace_loops(
    scanner: &Scanner,
    text: &str,
    documents: &[Document],
    first: usize,
    scan: &mut FileScan,
) {
    let pack = scanner.pack;
    // The items of each loop, by the task that holds it.
    let mut loops: HashMap<Range<usize>, Vec<usize>> = HashMap::new();
    for (index, reference) in scan.references.iter().enumerate().skip(first) {
        if HostUse::may_give(reference)
            && let Some(key) = reference.enclosure.key.as_deref()
            && pack.key_facts(key).loop_items
            && let Some(task) = task_around(text, reference.hit.span.start, key)
        {
            loops.entry(task).or_default().push(index);
        }
    }
    // Each loop's variable and its uses in the task, probed in one pass.
    let mut uses: Vec<LoopUses> = Vec::new();
    let mut probes: Vec<Hit> = Vec::new();
    for (task, items) in loops {
        let variable = text[task.clone()]
            .lines()
            .find_map(|line| line.trim_start().strip_prefix(LOOP_VARIABLE_KEY))
            .map_or(LOOP_VARIABLE, |name| super::strip_quotes(name.trim()));
        if !super::text::is_plain_name(variable) {
            continue;
        }
        let target = scan.references[items[0]].hit.target;
        let templates: Vec<Range<usize>> = uses_of(text, task.start, variable)
            .take_while(|used| used.end <= task.end)
            .filter_map(|used| template_around(text, used))
            .collect();
        probes.extend(templates.iter().map(|span| Hit {
            span: span.clone(),
            target,
            form: Form::Hostname,
        }));
        uses.push(LoopUses {
            variable,
            items,
            templates,
        });
    }
    if probes.is_empty() {
        return;
    }
    let as_host = hosts_among(scanner, text, documents, probes);
    for uses in uses {
        if let Some(context) = uses.templates.iter().find_map(|t| as_host.get(t)) {
            let used = HostUse {
                variable: uses.variable.to_string(),
                context: context.clone(),
            };
            for index in uses.items {
                used.give(&mut scan.references[index]);
            }
        }
    }
}

/// Which of the `probes` (uses of a traced name, each read as if its value
/// stood there) the documents read as a host, with the context each gives:
/// all in one pass over the documents.
fn hosts_among(
    scanner: &Scanner,
    text: &str,
    documents: &[Document],
    mut probes: Vec<Hit>,
) -> HashMap<Range<usize>, Option<ServiceContext>> {
    probes.sort_by_key(|probe| (probe.span.start, probe.span.end));
    probes.dedup_by_key(|probe| probe.span.clone());
    let mut probed = FileScan::default();
    scan_documents(scanner, text, &probes, documents, &mut probed);
    probed
        .references
        .into_iter()
        .filter(|r| r.as_host)
        .map(|r| (r.hit.span, r.context))
        .collect()
}

/// A loop's variable, the references of its items, and the templates of
/// its task that use the variable.
struct LoopUses<'t> {
    variable: &'t str,
    items: Vec<usize>,
    templates: Vec<Range<usize>>,
}

/// The lines of the task whose loop `key` holds the item at `at`: the
/// key's line, the lines above and below it indented as far or further, and
/// the `- ` line that opens the task.
fn task_around(text: &str, at: usize, key: &str) -> Option<Range<usize>> {
    let indent = |line: &str| line.len() - line.trim_start().len();
    let bytes = text.as_bytes();
    // Up to the loop's key (on the item's line for a flow list).
    let mut start = super::line_start(bytes, 0, at);
    let item_indent = indent(&text[start..super::line_end(bytes, start)]);
    let column = loop {
        let line = &text[start..super::line_end(bytes, start)];
        let entry = line.trim_start().trim_start_matches(['-', ' ']);
        if indent(line) <= item_indent
            && entry
                .strip_prefix(key)
                .is_some_and(|rest| rest.starts_with(':'))
        {
            break line.len() - entry.len();
        }
        start = start
            .checked_sub(1)
            .map(|end| super::line_start(bytes, 0, end))?;
    };
    // Up to the `- ` that opens the task, and down to where the task ends.
    let belongs = |line: &str| line.trim().is_empty() || indent(line) >= column;
    while let Some(previous) = start
        .checked_sub(1)
        .map(|end| super::line_start(bytes, 0, end))
    {
        let line = &text[previous..super::line_end(bytes, previous)];
        if !belongs(line) && !line.trim_start().starts_with('-') {
            break;
        }
        start = previous;
        if !belongs(line) {
            break;
        }
    }
    let mut end = super::line_end(bytes, at);
    while end < text.len() {
        let next = end + 1;
        let line = &text[next..super::line_end(bytes, next)];
        if !belongs(line) {
            break;
        }
        end = super::line_end(bytes, next);
    }
    Some(start..end)
}

/// The template expression (`{{ leader_node }}`) around `name`, closed on
/// its line, if it sits in one.
fn template_around(text: &str, name: Range<usize>) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    let line_start = super::line_start(bytes, 0, name.start);
    let open = line_start + memchr::memmem::rfind(&bytes[line_start..name.start], b"{{")?;
    let close = template_after(bytes, open, bytes.len())?;
    (close >= name.end).then_some(open..close)
}

/// The variable expansion (`$DB`, `${DB}`, `${DB:-x}`, `$(DB)`) whose name
/// is at `name`, if it is one.
fn expansion_around(bytes: &[u8], name: Range<usize>) -> Option<Range<usize>> {
    let before = |back: usize| name.start.checked_sub(back).map(|at| (at, bytes[at]));
    match (before(1)?, before(2)) {
        ((at, b'$'), _) => Some(at..name.end),
        ((_, b'{'), Some((at, b'$'))) => {
            let close = memchr::memchr(b'}', &bytes[name.end..])?;
            Some(at..name.end + close + 1)
        }
        ((_, b'('), Some((at, b'$'))) if bytes.get(name.end) == Some(&b')') => {
            Some(at..name.end + 1)
        }
        _ => None,
    }
}

/// Character offsets (saphyr's markers) to byte offsets, moving a cursor.
struct Offsets<'a> {
    text: &'a str,
    ascii: bool,
    chars: usize,
    bytes: usize,
}

impl Offsets<'_> {
    fn byte(&mut self, char_index: usize) -> usize {
        if self.ascii {
            return char_index.min(self.text.len());
        }
        if char_index < self.chars {
            self.chars = 0;
            self.bytes = 0;
        }
        for (offset, _) in self.text[self.bytes..].char_indices() {
            if self.chars == char_index {
                self.bytes += offset;
                return self.bytes;
            }
            self.chars += 1;
        }
        self.bytes = self.text.len();
        self.bytes
    }
}

/// Where a scalar's content starts: the parser's span of an anchored or
/// tagged scalar starts at its properties (`&a`, `!!str`), and blanks and
/// comment lines may stand between them and the value.
fn content_start(text: &str, start: usize, end: usize) -> usize {
    let bytes = text.as_bytes();
    if !matches!(bytes.get(start), Some(b'&' | b'!')) {
        return start;
    }
    let mut at = start;
    while at < end {
        match bytes[at] {
            b'&' | b'!' if at == start || bytes[at - 1].is_ascii_whitespace() => {
                while at < end && !bytes[at].is_ascii_whitespace() {
                    at += 1;
                }
            }
            b'#' if bytes[at - 1].is_ascii_whitespace() => {
                at = memchr::memchr(b'\n', &bytes[at..end]).map_or(end, |i| at + i);
            }
            byte if byte.is_ascii_whitespace() => at += 1,
            _ => break,
        }
    }
    at
}

/// How many lines of one text are refolded before it is read as text
/// instead.
const MAX_REFOLDS: usize = 64;

/// The documents of a YAML text, within `budget`.
///
/// A quoted scalar or a flow collection whose continuation lines stand no
/// deeper than its key (`description: "Sort by …` then a line under
/// `description`; `command: ["redis-cli",` then `"-h", …]` under `command`)
/// breaks YAML 1.2's indentation rule, yet libyaml, and so PyYAML, Ansible
/// and go-yaml, read it. It is read as they read it: those line breaks are
/// folded into spaces in a copy of the text, which keeps every offset.
pub(crate) fn documents(text: &str, budget: Duration) -> Result<Vec<Document>, ParseNote> {
    let deadline = Instant::now() + budget;
    let (note, mut misindented) = match parse(text, text, deadline, budget) {
        Ok(documents) => return Ok(documents),
        Err(failure) => failure,
    };
    let mut source = text.to_string();
    for _ in 0..MAX_REFOLDS {
        let Some(at) = misindented else { break };
        if !refold(&mut source, at) {
            break;
        }
        match parse(text, &source, deadline, budget) {
            Ok(documents) => return Ok(documents),
            Err((_, next)) => misindented = next,
        }
    }
    Err(note)
}

/// Folds into spaces the line breaks that make the token at byte `at`
/// stand too shallow: those of the multi-line quoted scalar opening there,
/// or the one before a flow collection's item that starts its line (unless
/// the line before may end in a comment, which would swallow the item). Same
/// length, same offsets; `false` when there is nothing to fold.
fn refold(source: &mut String, at: usize) -> bool {
    let bytes = source.as_bytes();
    let quoted = match bytes.get(at) {
        Some(&quote @ (b'"' | b'\'')) => closing_quote(bytes, at, quote)
            .map(|end| at..end)
            .filter(|scalar| bytes[scalar.clone()].contains(&b'\n')),
        _ => None,
    };
    let folded = match quoted {
        Some(scalar) => scalar,
        None => {
            let line = line_start(bytes, 0, at);
            if line == 0 || !bytes[line..at].iter().all(|b| b.is_ascii_whitespace()) {
                return false;
            }
            // Any `#` may open a comment (quotes are not told apart here).
            if bytes[line_start(bytes, 0, line - 1)..line].contains(&b'#') {
                return false;
            }
            let crlf = line >= 2 && bytes[line - 2] == b'\r';
            line - 1 - usize::from(crlf)..line
        }
    };
    let mut copy = bytes.to_vec();
    for byte in &mut copy[folded] {
        if matches!(byte, b'\n' | b'\r') {
            *byte = b' ';
        }
    }
    // Only ASCII bytes were replaced by ASCII bytes: still UTF-8.
    match String::from_utf8(copy) {
        Ok(copy) => {
            *source = copy;
            true
        }
        Err(_) => false,
    }
}

/// The byte of the quote closing the scalar that `quote` opens at `at`
/// (`\"` escapes a double quote, `''` a single one), if it is closed.
fn closing_quote(bytes: &[u8], at: usize, quote: u8) -> Option<usize> {
    let mut end = at + 1;
    loop {
        match (*bytes.get(end)?, bytes.get(end + 1)) {
            (b'\\', _) if quote == b'"' => end += 2,
            (b'\'', Some(b'\'')) if quote == b'\'' => end += 2,
            (b, _) if b == quote => return Some(end),
            _ => end += 1,
        }
    }
}

/// The documents of `source`, a copy of `text` with the same offsets; on an
/// error, its note and, when the error is a token standing too shallow, the
/// byte of that token.
fn parse(
    text: &str,
    source: &str,
    deadline: Instant,
    budget: Duration,
) -> Result<Vec<Document>, (ParseNote, Option<usize>)> {
    let mut offsets = Offsets {
        text,
        ascii: text.is_ascii(),
        chars: 0,
        bytes: 0,
    };
    let mut tree = TreeBuilder::new("YAML");
    for event in Parser::new_from_str(source) {
        let (event, span) = event.map_err(|error| {
            let offset = offsets.byte(error.marker().index());
            let note = ParseNote {
                offset,
                message: format!("not valid YAML ({}); read as text", error.info()),
            };
            let misindented = error.info().contains("indentation").then_some(offset);
            (note, misindented)
        })?;
        let start = offsets.byte(span.start.index());
        let node = match event {
            Event::DocumentStart(_) | Event::DocumentEnd => {
                tree.end_document();
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let end = offsets.byte(span.end.index());
                tree.close(end);
                continue;
            }
            Event::Scalar(value, style, anchor, _) => {
                let end = offsets.byte(span.end.index());
                let start = content_start(text, start, end);
                tree.anchor_next(anchor);
                let block = matches!(style, ScalarStyle::Literal | ScalarStyle::Folded);
                let node = YamlNode::Scalar {
                    span: start..end.max(start),
                    value: value.into_owned(),
                    block,
                };
                tree.add(node, start..end.max(start))
                    .map_err(|note| (note, None))?;
                continue;
            }
            Event::SequenceStart(anchor, _) => {
                tree.anchor_next(anchor);
                YamlNode::Sequence(Vec::new())
            }
            Event::MappingStart(anchor, _) => {
                tree.anchor_next(anchor);
                YamlNode::Mapping(Vec::new())
            }
            Event::Alias(anchor) => YamlNode::Alias(tree.anchored(anchor)),
            Event::StreamStart | Event::StreamEnd | Event::Nothing => continue,
        };
        if tree.len().is_multiple_of(4096) && Instant::now() > deadline {
            let message = format!(
                "YAML parsing took longer than the parse budget ({} ms); read as text",
                budget.as_millis()
            );
            return Err((
                ParseNote {
                    offset: start,
                    message,
                },
                None,
            ));
        }
        tree.add(node, start..start).map_err(|note| (note, None))?;
    }
    Ok(tree.finish())
}

#[cfg(test)]
mod tests {
    use super::refold;

    fn refolded(text: &str, token: &str) -> Option<String> {
        let mut source = text.to_string();
        refold(&mut source, text.find(token).expect("a token")).then_some(source)
    }

    #[test]
    fn a_quoted_scalar_is_refolded_up_to_its_own_closing_quote() {
        let text = "a: \"x \\\" y\n  z\"\nb: \"c\n  d\"\n";
        assert_eq!(
            refolded(text, "\"").as_deref(),
            Some("a: \"x \\\" y   z\"\nb: \"c\n  d\"\n")
        );
        let text = "a: 'it''s\r\n  here'\nb: c\n";
        assert_eq!(
            refolded(text, "'").as_deref(),
            Some("a: 'it''s    here'\nb: c\n")
        );
        // One line, or never closed, and first on no line: nothing to refold.
        assert_eq!(refolded("a: \"x\"\nb: [\n", "\""), None);
        assert_eq!(refolded("a: \"x\n  b: 1\n", "\""), None);
    }

    #[test]
    fn a_flow_item_starting_its_line_joins_the_line_before() {
        let text = "c: [\"a\",\n\"b\"]\n";
        assert_eq!(
            refolded(text, "\"b").as_deref(),
            Some("c: [\"a\", \"b\"]\n")
        );
        let text = "c: [\"a\",\r\n\"b\"]\r\n";
        assert_eq!(
            refolded(text, "\"b").as_deref(),
            Some("c: [\"a\",  \"b\"]\r\n")
        );
        // Not the first token of its line, on the first line, or after a
        // line that may end in a comment: nothing to refold.
        assert_eq!(refolded("c: [\"a\", \"b\"]\n", "\"b"), None);
        assert_eq!(refolded("b: 1\n", "b"), None);
        assert_eq!(refolded("c: [\"a\", # one\n\"b\"]\n", "\"b"), None);
    }
}
