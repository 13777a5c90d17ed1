//! The blocks that enclose a text file's lines — INI and TOML sections,
//! brace-delimited blocks (HCL, nginx, code objects) — read as a YAML key
//! path is: a value below `[redis]`, `provider "postgresql" {` or
//! `cache: {` takes the service its header names, when nothing stronger says.
//! The walk over a text's brackets outside strings, comments and heredocs
//! (`walk_structure`) also finds the HCL blocks that define a member.

use std::collections::HashMap;
use std::ops::Range;

use crate::address::Hit;
use crate::pack::Pack;

use super::ports::{is_key_byte, key_start};
use super::{Because, ServiceContext, adapter_context, service_of_path};

/// The contexts that blocks give their lines.
#[derive(Default)]
pub(super) struct BlockContexts {
    /// Each block whose context differs from the block around it (a `None`
    /// is a network's block, where an outer service no longer holds), and
    /// each named block at the top level, where a key's words count.
    blocks: Vec<Block>,
    /// The block around each block of `blocks`, once sorted by start.
    parents: Vec<Option<usize>>,
    /// Each hit (by its start) that sits directly in a mapping whose own
    /// entries say something of it, with the index of what they say.
    placed: Vec<(usize, usize)>,
    siblings: Vec<Siblings>,
}

/// What a mapping's own entries say of its other values, as a YAML
/// mapping's siblings do: the port of its host key (`port = 5432`) and
/// the service its adapter names (`adapter = "postgresql"`).
#[derive(Default)]
pub(super) struct Siblings {
    pub port: Option<u16>,
    pub adapter: Option<ServiceContext>,
}

struct Block {
    range: Range<usize>,
    /// Its headers and those around it (`provider.postgresql`).
    path: String,
    context: Option<ServiceContext>,
}

/// A block still open: where it starts, its header (none for a function's
/// or a condition's body) and the context it gives.
struct Open {
    start: usize,
    /// `}` or `]`: what ends it.
    closer: u8,
    header: Option<String>,
    path: String,
    context: Option<ServiceContext>,
}

impl BlockContexts {
    /// The blocks of `text`, whose C-style block `comments` are skipped;
    /// `sections`: whether `[name]` lines at the top level head sections.
    /// The mappings that `hits` sit directly in are read too.
    pub fn of(
        pack: &Pack,
        text: &str,
        sections: bool,
        comments: &[Range<usize>],
        hits: &[Hit],
    ) -> Self {
        let mut contexts = BlockContexts::default();
        let mut mappings = Mappings::new(pack, hits, sections);
        let mut section: Option<Open> = None;
        let mut open: Vec<Open> = Vec::new();
        // Blocks nested deeper than `MAX_DEPTH`, counted only: their lines
        // take the context of the deepest block followed.
        let mut untracked = 0usize;
        // Where the header of the next block starts on its line.
        let mut header_start = 0;
        walk_structure(&text[..horizon(text, hits)], comments, |event| {
            mappings.visit(&event);
            match event {
                Structure::Line { start, line } => {
                    header_start = 0;
                    let content = line.trim();
                    if sections
                        && open.iter().all(|o| o.closer == b']')
                        && let Some(name) = section_name(content)
                    {
                        // A list left open (`pattern = [a-z`) ends at a section.
                        while let Some(ended) = open.pop() {
                            let top = open.is_empty() && section.is_none();
                            contexts.close(ended, start, None, top);
                        }
                        if let Some(ended) = section.take() {
                            contexts.close(ended, start, None, true);
                        }
                        let header = Some(name.to_string());
                        let (path, context) = context_of(pack, std::iter::once(&header));
                        section = Some(Open {
                            start,
                            closer: b']',
                            header,
                            path,
                            context,
                        });
                        return false;
                    }
                    true
                }
                Structure::Mark {
                    line_start,
                    line,
                    at,
                    byte,
                } => {
                    match byte {
                        b'{' | b'[' if open.len() >= MAX_DEPTH => untracked += 1,
                        b'{' | b'[' => {
                            let before = &line[header_start..at];
                            // A list is a block only as a value inside another
                            // (`'redis' => [` in PHP's `return [`, `redis: [` in
                            // `config = {`): a list at the top level is a bare
                            // key's value, and one without a key (`a[0]`) is
                            // anonymous.
                            let header = match byte {
                                b'{' => block_header(before),
                                _ if (!open.is_empty() || section.is_some())
                                    && names_a_value(before) =>
                                {
                                    block_header(before)
                                }
                                _ => None,
                            };
                            let parent = open.last().or(section.as_ref());
                            let (path, context) = match header {
                                Some(_) => context_of(
                                    pack,
                                    section
                                        .iter()
                                        .chain(&open)
                                        .map(|o| &o.header)
                                        .chain(std::iter::once(&header)),
                                ),
                                // Kept only if its context differs, which it does not.
                                None => (String::new(), parent.and_then(|p| p.context.clone())),
                            };
                            open.push(Open {
                                start: line_start + at,
                                closer: if byte == b'{' { b'}' } else { b']' },
                                header,
                                path,
                                context,
                            });
                        }
                        b'}' | b']' if untracked > 0 => untracked -= 1,
                        b'}' | b']' => {
                            // A `}` also ends the lists left open inside its
                            // block; a stray `]` ends nothing.
                            while let Some(ended) =
                                open.pop_if(|o| byte == b'}' || o.closer == b']')
                            {
                                let closer = ended.closer;
                                let parent = open.last().or(section.as_ref());
                                let around =
                                    parent.and_then(|p| p.context.as_ref().map(|c| c.service));
                                let top = parent.is_none() && ended.header.is_some();
                                contexts.close(ended, line_start + at + 1, around, top);
                                if closer == byte {
                                    break;
                                }
                            }
                        }
                        _ => {}
                    }
                    header_start = at + 1;
                    true
                }
            }
        });
        while let Some(ended) = open.pop() {
            let parent = open.last().or(section.as_ref());
            let around = parent.and_then(|p| p.context.as_ref().map(|c| c.service));
            let top = parent.is_none() && ended.header.is_some();
            contexts.close(ended, text.len(), around, top);
        }
        if let Some(ended) = section.take() {
            contexts.close(ended, text.len(), None, true);
        }
        contexts.nest();
        (contexts.placed, contexts.siblings) = mappings.finish();
        contexts
    }

    /// What the entries of the mapping that the hit starting at `offset`
    /// sits directly in say of it, if anything.
    pub fn siblings_at(&self, offset: usize) -> Option<&Siblings> {
        let at = self.placed.binary_search_by_key(&offset, |p| p.0).ok()?;
        self.siblings.get(self.placed[at].1)
    }

    /// Sorts the blocks by start and links each to the block around it:
    /// a lookup is then a binary search and a climb as deep as the nesting.
    fn nest(&mut self) {
        self.blocks
            .sort_by_key(|b| (b.range.start, std::cmp::Reverse(b.range.end)));
        let mut around: Vec<usize> = Vec::new();
        self.parents = self
            .blocks
            .iter()
            .enumerate()
            .map(|(index, block)| {
                while around
                    .last()
                    .is_some_and(|&open| self.blocks[open].range.end <= block.range.start)
                {
                    around.pop();
                }
                let parent = around.last().copied();
                around.push(index);
                parent
            })
            .collect();
    }

    /// Keeps the block that ended at `end` if its context is not the one
    /// around it (`around`), or if it is a named block at the `top` level.
    fn close(&mut self, block: Open, end: usize, around: Option<usize>, top: bool) {
        if top || block.context.as_ref().map(|c| c.service) != around {
            self.blocks.push(Block {
                range: block.start..end,
                path: block.path,
                context: block.context,
            });
        }
    }

    /// The context of a value at `offset` assigned to `key` inside a block:
    /// as in a key path, the key's own words first (`primary_db`), then the
    /// innermost block's. Outside every named block, none: a bare key's
    /// words (`CACHE = …`) say no more than a dotenv line's do.
    pub fn at(&self, pack: &Pack, offset: usize, key: Option<&str>) -> Option<ServiceContext> {
        let last_started = self.blocks.partition_point(|b| b.range.start <= offset);
        let mut candidate = last_started.checked_sub(1);
        let block = loop {
            let block = &self.blocks[candidate?];
            if offset < block.range.end {
                break block;
            }
            candidate = self.parents[candidate?];
        };
        if let Some(key) = key
            && let Some(service) = service_of_path(pack, &[key])
        {
            // A list's items have its key, the block's own name.
            let path = match block.path.rsplit('.').next() {
                Some(last) if last == key => block.path.clone(),
                _ => format!("{}.{key}", block.path),
            };
            return Some(ServiceContext {
                service,
                because: Because::KeyPath(path),
            });
        }
        block.context.clone()
    }
}

/// The mappings of a text — INI/TOML sections and `{…}`, `[…]`, `(…)`
/// (an object, a PHP array, a call's keyword arguments) — read for the
/// hits that sit directly in them and for what their own entries say.
struct Mappings<'a> {
    pack: &'a Pack,
    hits: &'a [Hit],
    /// The first hit not yet placed.
    next_hit: usize,
    sections: bool,
    /// The open brackets: each one's mapping id and closer.
    open: Vec<(usize, u8)>,
    /// Brackets nested deeper than `MAX_DEPTH`, counted only: nothing in
    /// them is placed.
    untracked: usize,
    section: Option<usize>,
    /// The mapping around each mapping, by id (ids count from 1; 0: none).
    parents: Vec<usize>,
    /// What each mapping with something to say says, by id.
    said: HashMap<usize, Siblings>,
    /// Each placed hit's start and mapping id.
    placed: Vec<(usize, usize)>,
}

impl<'a> Mappings<'a> {
    fn new(pack: &'a Pack, hits: &'a [Hit], sections: bool) -> Self {
        Mappings {
            pack,
            hits,
            next_hit: 0,
            sections,
            open: Vec::new(),
            untracked: 0,
            section: None,
            parents: vec![0],
            said: HashMap::new(),
            placed: Vec::new(),
        }
    }

    fn visit(&mut self, event: &Structure) {
        match *event {
            Structure::Line { start, line } => {
                self.place_hits_before(start);
                if self.sections
                    && self.open.iter().all(|&(_, closer)| closer == b']')
                    && section_name(line.trim()).is_some()
                {
                    self.open.clear();
                    self.untracked = 0;
                    // A section stands at the top level: no mapping is around it.
                    self.section = Some(self.new_mapping(None));
                    return;
                }
                self.read_entry(start, line);
            }
            Structure::Mark {
                line_start,
                line,
                at,
                byte,
            } => {
                self.place_hits_before(line_start + at);
                let closer = match byte {
                    b'{' => Some(b'}'),
                    b'[' => Some(b']'),
                    b'(' => Some(b')'),
                    _ => None,
                };
                match (byte, closer) {
                    (_, Some(_)) if self.open.len() >= MAX_DEPTH => self.untracked += 1,
                    (_, Some(closer)) => {
                        let id = self.new_mapping(self.innermost());
                        self.open.push((id, closer));
                    }
                    (b'}' | b']' | b')', _) if self.untracked > 0 => self.untracked -= 1,
                    // A closer also ends what was left open inside its
                    // mapping; a stray one ends nothing.
                    (b'}' | b']' | b')', _) => {
                        if let Some(at) = self.open.iter().rposition(|&(_, c)| c == byte) {
                            self.open.truncate(at);
                        }
                    }
                    _ => {}
                }
                if matches!(byte, b'{' | b'[' | b'(' | b',' | b';') {
                    self.read_entry(line_start + at + 1, &line[at + 1..]);
                }
            }
        }
    }

    /// A new mapping inside the mapping `around`, if any: its id.
    fn new_mapping(&mut self, around: Option<usize>) -> usize {
        self.parents.push(around.unwrap_or(0));
        self.parents.len() - 1
    }

    /// The mapping that what is read now sits directly in.
    fn innermost(&self) -> Option<usize> {
        if self.untracked > 0 {
            return None;
        }
        self.open.last().map(|&(id, _)| id).or(self.section)
    }

    fn place_hits_before(&mut self, offset: usize) {
        while let Some(hit) = self.hits.get(self.next_hit)
            && hit.span.start < offset
        {
            if let Some(id) = self.innermost() {
                self.placed.push((hit.span.start, id));
            }
            self.next_hit += 1;
        }
    }

    /// Records what the entry that starts `rest`, at `offset`, says of its
    /// mapping: only near an address, where a sibling can say something of
    /// one, so a long file costs no parse per line.
    fn read_entry(&mut self, offset: usize, rest: &str) {
        let after_last = self
            .next_hit
            .checked_sub(1)
            .and_then(|last| self.hits.get(last))
            .is_some_and(|hit| offset.saturating_sub(hit.span.end) <= MAX_SIBLING_DISTANCE);
        let before_next = self
            .hits
            .get(self.next_hit)
            .is_some_and(|hit| hit.span.start.saturating_sub(offset) <= MAX_SIBLING_DISTANCE);
        if !(after_last || before_next) {
            return;
        }
        let Some(id) = self.innermost() else {
            return;
        };
        let Some((key, value)) = entry(rest) else {
            return;
        };
        let syntax = &self.pack.syntax;
        if let Ok(port) = value.parse::<u16>() {
            if syntax.port_keys.is_match(key) {
                self.said.entry(id).or_default().port.get_or_insert(port);
            }
        } else if let Some(adapter) = adapter_context(self.pack, key, value) {
            self.said
                .entry(id)
                .or_default()
                .adapter
                .get_or_insert(adapter);
        }
    }

    /// The placed hits whose mapping says something, and what each says:
    /// its own port, and its own adapter or that of the nearest mapping
    /// around it that has one (Knex's `client: 'pg'` beside `connection:
    /// {host: …}`), as a YAML mapping's adapter holds below it.
    fn finish(mut self) -> (Vec<(usize, usize)>, Vec<Siblings>) {
        self.place_hits_before(usize::MAX);
        let mut index: HashMap<usize, Option<usize>> = HashMap::new();
        let mut siblings = Vec::new();
        let placed = std::mem::take(&mut self.placed)
            .into_iter()
            .filter_map(|(start, id)| {
                let at = *index.entry(id).or_insert_with(|| {
                    let port = self.said.get(&id).and_then(|said| said.port);
                    let adapter = self.adapter_around(id);
                    (port.is_some() || adapter.is_some()).then(|| {
                        siblings.push(Siblings { port, adapter });
                        siblings.len() - 1
                    })
                });
                Some((start, at?))
            })
            .collect();
        (placed, siblings)
    }

    /// The adapter of mapping `id` or of the nearest mapping around it.
    fn adapter_around(&self, mut id: usize) -> Option<ServiceContext> {
        while id != 0 {
            if let Some(adapter) = self.said.get(&id).and_then(|said| said.adapter.as_ref()) {
                return Some(adapter.clone());
            }
            id = *self.parents.get(id)?;
        }
        None
    }
}

/// Whether one of the `found` offsets (where a port key's literal is)
/// lies in an entry that a mapping reads as its port (`port = 5432`,
/// `"port": 6379`, `:port => 6379`, `port 5432;`), as [`Mappings`] reads
/// entries: only then can a text's blocks give an address a port.
pub(super) fn may_hold_port_entry(
    pack: &Pack,
    text: &str,
    mut found: impl Iterator<Item = usize>,
) -> bool {
    let bytes = text.as_bytes();
    found.any(|at| {
        let start = key_start(bytes, at);
        // An entry may open with a quote or a symbol's `:`.
        let start = match start.checked_sub(1) {
            Some(before) if matches!(bytes[before], b'"' | b'\'' | b':') => before,
            _ => start,
        };
        // Entries are read a line at a time.
        let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |end| at + end);
        entry(&text[start..end]).is_some_and(|(key, value)| {
            value.parse::<u16>().is_ok() && pack.syntax.port_keys.is_match(key)
        })
    })
}

/// The key and the value of the entry that starts `rest`, its value one
/// word or one quoted string: `port = 5432`, `'PORT': '5432',`,
/// `:port => 6379`, `Port: 5432,`, a directive's `port 5432;`.
fn entry(rest: &str) -> Option<(&str, &str)> {
    let rest = rest.trim_start();
    let rest = rest.strip_prefix(':').unwrap_or(rest);
    let quote = rest.chars().next().filter(|c| matches!(c, '"' | '\''));
    let rest = &rest[quote.map_or(0, char::len_utf8)..];
    let key_end = rest
        .bytes()
        .position(|b| !is_key_byte(b))
        .unwrap_or(rest.len());
    let (key, rest) = rest.split_at(key_end);
    let rest = match quote {
        Some(quote) => rest.strip_prefix(quote)?,
        None => rest,
    };
    let spaced = rest.trim_start();
    let value = match spaced
        .strip_prefix("=>")
        .or_else(|| spaced.strip_prefix(['=', ':']))
    {
        Some(value) => value.trim_start(),
        // A directive's value follows its name after a space.
        None if spaced.len() < rest.len() => spaced,
        None => return None,
    };
    let ends = |c: char| c.is_whitespace() || matches!(c, ',' | ';' | '}' | ')' | ']' | '#');
    let (value, tail) = match value.chars().next() {
        Some(quote @ ('"' | '\'')) => {
            let inner = &value[1..];
            let end = inner.find(quote)?;
            (&inner[..end], &inner[end + 1..])
        }
        _ => value.split_at(value.find(ends).unwrap_or(value.len())),
    };
    let tail = tail.trim_start();
    (!key.is_empty()
        && !value.is_empty()
        && (tail.is_empty() || tail.starts_with(ends) || tail.starts_with("//")))
    .then_some((key, value))
}

/// The service the headers of a block and of those around it name, the
/// nearest first.
fn context_of<'h>(
    pack: &Pack,
    headers: impl Iterator<Item = &'h Option<String>>,
) -> (String, Option<ServiceContext>) {
    // Each word of a header is a segment: `resource "docker_network" "redis_net"`
    // is a network's block, as `networks: {redis_net: …}` is.
    let path: Vec<&str> = headers
        .filter_map(|h| h.as_deref())
        .flat_map(|h| h.split('.'))
        .collect();
    let joined = path.join(".");
    let context = service_of_path(pack, &path).map(|service| ServiceContext {
        service,
        because: Because::KeyPath(joined.clone()),
    });
    (joined, context)
}

/// The name of a block from the text before its `{`: `redis`, `cache:`,
/// `"postgres" =>`, `provider "postgresql"` (`provider.postgresql`). A
/// function's or a condition's body (`if (…) {`, `def f() {`), a template
/// expansion (`${…}`) and an anonymous block have none.
fn block_header(before: &str) -> Option<String> {
    let header = before.trim_end().trim_end_matches(['=', ':', '>']).trim();
    if header.is_empty()
        || header.len() > MAX_HEADER
        || header.ends_with('$')
        || header.contains([')', '{', '}'])
    {
        return None;
    }
    let mut words = header
        .split(|c: char| c.is_whitespace() || c == '"' || c == '\'')
        .filter(|w| !w.is_empty() && !DECLARATION_WORDS.contains(w));
    let mut joined = words.next()?.to_string();
    for word in words {
        joined.push('.');
        joined.push_str(word);
    }
    Some(joined)
}

/// Where the walk over `text` may stop: past the last of `hits` and the
/// entries beside it that can say something of it. What comes after opens
/// no block around a hit, and the blocks still open there stay open to the
/// end. With no hits, the whole text is read.
fn horizon(text: &str, hits: &[Hit]) -> usize {
    let Some(last) = hits.iter().map(|h| h.span.end).max() else {
        return text.len();
    };
    let reach = last.saturating_add(MAX_SIBLING_DISTANCE);
    if reach >= text.len() {
        return text.len();
    }
    memchr::memchr(b'\n', &text.as_bytes()[reach..]).map_or(text.len(), |at| reach + at + 1)
}

/// How far from an address a sibling entry (`port = 5432`) is read: a
/// mapping's port stands beside its host.
const MAX_SIBLING_DISTANCE: usize = 4 * 1024;

/// How deep blocks are followed: configs nest a few levels, and a path
/// longer than this says nothing more.
const MAX_DEPTH: usize = 64;

/// How long a block's header may be: a name, not a line of code.
const MAX_HEADER: usize = 256;

/// Words that declare a name in code (`const config = {`) or return a value
/// (PHP's `return [`): not part of it.
const DECLARATION_WORDS: &[&str] = &[
    "const", "let", "var", "export", "static", "final", "public", "private", "return",
];

/// Whether the text before a `[` assigns it to a key (`'redis' =>`,
/// `redis:`, `hosts =`), not indexes a name (`a[0]`, `list[str]`).
fn names_a_value(before: &str) -> bool {
    before.trim_end().ends_with(['=', ':', '>'])
}

/// The name of an INI or TOML section header (`[redis]`,
/// `[[database.replicas]]`, `[nodes."redis-02"]`, an Ansible inventory's
/// `[postgres:vars]`), if `line` (trimmed) is one.
pub(super) fn section_name(line: &str) -> Option<&str> {
    let inner = line.strip_prefix('[')?.strip_suffix(']')?;
    let inner = inner
        .strip_prefix('[')
        .and_then(|i| i.strip_suffix(']'))
        .unwrap_or(inner)
        .trim();
    let name_byte = |b: u8| b.is_ascii_alphanumeric() || b"_-.:\"' ".contains(&b);
    (!inner.is_empty() && inner.bytes().all(name_byte)).then_some(inner)
}

/// What [`walk_structure`] meets in a text.
pub(super) enum Structure<'t> {
    /// A line outside heredocs and block comments, from its `start`; the
    /// visitor says whether its marks are wanted.
    Line { start: usize, line: &'t str },
    /// A bracket or a separator (`{ } [ ] ; , ( )`) at `at` in its line,
    /// outside strings and comments.
    Mark {
        line_start: usize,
        line: &'t str,
        at: usize,
        byte: u8,
    },
}

/// Walks the structure of a brace-delimited text (HCL, nginx, code, INI with
/// inline tables): each line, then its brackets and separators outside
/// quoted strings, `#` and `//` comments, heredoc bodies (`<<EOT` … `EOT`)
/// and the block `comments` given. `visit` returns whether to go on into a
/// line (`true` for marks, which it is not asked of).
pub(super) fn walk_structure<'t>(
    text: &'t str,
    comments: &[Range<usize>],
    mut visit: impl FnMut(Structure<'t>) -> bool,
) {
    let mut heredoc: Option<&str> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        if let Some(tag) = heredoc {
            if line.trim() == tag {
                heredoc = None;
            }
            continue;
        }
        if comments.iter().any(|c| c.start <= start && start < c.end)
            || !visit(Structure::Line { start, line })
        {
            continue;
        }
        let bytes = line.as_bytes();
        let mut quote = None;
        let mut next = 0;
        // Jumps from one byte that matters to the next: most of a line is
        // quoted text or words.
        while next < bytes.len() {
            if let Some(q) = quote {
                let Some(found) = memchr::memchr2(q, b'\\', &bytes[next..]) else {
                    break;
                };
                let at = next + found;
                if bytes[at] == q {
                    quote = None;
                    next = at + 1;
                } else {
                    next = at + 2;
                }
                continue;
            }
            let Some(found) = bytes[next..]
                .iter()
                .position(|&b| STRUCTURAL[usize::from(b)])
            else {
                break;
            };
            let at = next + found;
            next = at + 1;
            // A bracket inside a comment opened on this line (`{# … #}`,
            // `/* { */`) opens nothing: the walk goes on after it.
            if let Some(comment) = comment_around(comments, start + at) {
                if comment.end >= offset {
                    break;
                }
                next = comment.end - start;
                continue;
            }
            match bytes[at] {
                byte @ (b'"' | b'\'') => quote = Some(byte),
                b'#' => break,
                b'/' if bytes.get(next) == Some(&b'/') => break,
                b'<' if bytes.get(next) == Some(&b'<') => {
                    if let Some(tag) = heredoc_tag(&line[at + 2..]) {
                        heredoc = Some(tag);
                        break;
                    }
                }
                byte @ (b'{' | b'}' | b'[' | b']' | b';' | b',' | b'(' | b')') => {
                    visit(Structure::Mark {
                        line_start: start,
                        line,
                        at,
                        byte,
                    });
                }
                _ => {}
            }
        }
    }
}

/// The one of `comments` (in order, apart) that holds byte `at`.
fn comment_around(comments: &[Range<usize>], at: usize) -> Option<&Range<usize>> {
    let after = comments.partition_point(|c| c.start <= at);
    comments[..after].last().filter(|c| at < c.end)
}

/// The bytes [`walk_structure`] stops at outside quotes: quotes, comment
/// and heredoc openers, brackets and separators.
const STRUCTURAL: [bool; 256] = {
    let mut table = [false; 256];
    let mut index = 0;
    let bytes = b"\"'#/<{}[];,()";
    while index < bytes.len() {
        table[bytes[index] as usize] = true;
        index += 1;
    }
    table
};

/// The tag of a heredoc opened by `<<TAG` or `<<-TAG` (an upper-case word).
fn heredoc_tag(after: &str) -> Option<&str> {
    let tag = after.trim_start_matches(['-', '~']).trim_end();
    let mut bytes = tag.bytes();
    (bytes.next().is_some_and(|b| b.is_ascii_uppercase())
        && bytes.all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_'))
    .then_some(tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service_at(text: &str, needle: &str, key: Option<&str>) -> Option<String> {
        let pack = Pack::builtin().expect("the built-in pack is valid");
        let blocks = BlockContexts::of(&pack, text, true, &[], &[]);
        let at = text.find(needle).expect("needle in text");
        blocks
            .at(&pack, at, key)
            .map(|c| pack.services[c.service].name.clone())
    }

    #[test]
    fn headers_name_blocks_and_bodies_of_code_have_none() {
        assert_eq!(
            block_header("provider \"postgresql\" "),
            Some("provider.postgresql".into())
        );
        assert_eq!(block_header("  cache: "), Some("cache".into()));
        assert_eq!(block_header("'redis' =>"), Some("redis".into()));
        assert_eq!(
            block_header("export const redisConfig = "),
            Some("redisConfig".into())
        );
        assert_eq!(block_header("function connectRedis() "), None);
        assert_eq!(block_header("if (useRedis) "), None);
        assert_eq!(block_header("url = \"$"), None);
        assert_eq!(block_header("   "), None);
    }

    #[test]
    fn a_list_inside_a_block_is_named_by_its_key() {
        let php = "<?php\nreturn [\n  'redis' => [\n    'host' => 1,\n  ],\n  'b' => $a[0],\n  'pgsql' => ['c' => 1],\n];\n";
        assert_eq!(service_at(php, "'host'", None).as_deref(), Some("redis"));
        assert_eq!(service_at(php, "'b'", None), None);
        assert_eq!(service_at(php, "'c'", None).as_deref(), Some("postgres"));
        let js = "config = {\n  redis: [\n    { host: 1 },\n  ],\n  other: 1,\n};\n";
        assert_eq!(service_at(js, "host", None).as_deref(), Some("redis"));
        assert_eq!(service_at(js, "other", None), None);
        // A list at the top level is a bare key's value.
        let toml = "redis_nodes = [\n  \"a\",\n]\n";
        assert_eq!(service_at(toml, "\"a\"", None), None);
        // A list left open ends at the next section; a stray `]` ends nothing.
        let ini = "[app]\npattern = [a-z\n[redis]\nhost = 1\n";
        assert_eq!(service_at(ini, "host", None).as_deref(), Some("redis"));
        let stray = "redis {\n  a = 1]\n  host = 1\n}\n";
        assert_eq!(service_at(stray, "host", None).as_deref(), Some("redis"));
    }

    #[test]
    fn a_bracket_inside_a_comment_opens_no_block() {
        let pack = Pack::builtin().expect("the built-in pack is valid");
        let text = "redis_note = 1 /* redis: { */\nhost = 1\ncache: { host = 2 }\n";
        let comment = text.find("/*").expect("a comment")..text.find("*/").expect("its end") + 2;
        let blocks = BlockContexts::of(&pack, text, true, std::slice::from_ref(&comment), &[]);
        let service = |needle: &str| {
            blocks
                .at(&pack, text.find(needle).expect("needle in text"), None)
                .map(|c| pack.services[c.service].name.clone())
        };
        assert_eq!(service("host = 1"), None);
        assert_eq!(service("host = 2").as_deref(), Some("redis"));
    }

    #[test]
    fn an_entry_is_a_key_and_one_word_or_quoted_string() {
        assert_eq!(entry("port = 5432\n"), Some(("port", "5432")));
        assert_eq!(entry("  'PORT': '5432',"), Some(("PORT", "5432")));
        assert_eq!(entry(" :port => 6379 }"), Some(("port", "6379")));
        assert_eq!(entry("Port: 5432, // pg"), Some(("Port", "5432")));
        assert_eq!(entry("\tport 5432;"), Some(("port", "5432")));
        assert_eq!(entry("port=6379)"), Some(("port", "6379")));
        assert_eq!(entry("port: 5432 + offset"), None);
        assert_eq!(entry("port == 5432"), None);
        assert_eq!(entry("port"), None);
        assert_eq!(entry("= 5432"), None);
        assert_eq!(entry("\"port: 5432"), None);
    }

    #[test]
    fn a_hit_takes_what_its_own_mapping_says_only() {
        let pack = Pack::builtin().expect("the built-in pack is valid");
        let text = "a = {\n  port = 5432,\n  host = HIT,\n  inner = { host = HIT }\n}\nc(host=HIT,\n  port=6379)\n[s]\nhost = HIT\nport = 26379\n[t]\nhost = HIT\n";
        let hits: Vec<Hit> = text
            .match_indices("HIT")
            .map(|(at, _)| Hit {
                span: at..at + 3,
                target: crate::address::Target::UnknownPrivate(std::net::Ipv4Addr::LOCALHOST),
                form: crate::address::Form::Ip,
            })
            .collect();
        let blocks = BlockContexts::of(&pack, text, true, &[], &hits);
        let ports: Vec<Option<u16>> = hits
            .iter()
            .map(|hit| blocks.siblings_at(hit.span.start).and_then(|s| s.port))
            .collect();
        assert_eq!(ports, vec![Some(5432), None, Some(6379), Some(26379), None]);
        // A port far from every address is read as no one's.
        let far = format!("[s]\nhost = HIT\n{}port = 5432\n", "a = 1\n".repeat(1000));
        let at = far.find("HIT").expect("a hit");
        let hit = Hit {
            span: at..at + 3,
            ..hits[0].clone()
        };
        let blocks = BlockContexts::of(&pack, &far, true, &[], std::slice::from_ref(&hit));
        assert!(blocks.siblings_at(at).is_none());
    }

    #[test]
    fn what_follows_the_last_hit_changes_no_hit_s_block() {
        let pack = Pack::builtin().expect("the built-in pack is valid");
        let filler = "a = 1\n".repeat(MAX_SIBLING_DISTANCE / 4);
        // The hit's block and its port close far after it; other blocks
        // open and close after it too.
        let text = format!(
            "redis {{\n  host = HIT\n{filler}  port = 6379\n}}\npostgres {{\n  host = 1\n}}\n"
        );
        let at = text.find("HIT").expect("a hit");
        let hit = Hit {
            span: at..at + 3,
            target: crate::address::Target::UnknownPrivate(std::net::Ipv4Addr::LOCALHOST),
            form: crate::address::Form::Ip,
        };
        assert!(horizon(&text, std::slice::from_ref(&hit)) < text.len());
        assert_eq!(horizon(&text, &[]), text.len());
        let blocks = BlockContexts::of(&pack, &text, true, &[], std::slice::from_ref(&hit));
        let service = blocks
            .at(&pack, at, Some("host"))
            .map(|c| pack.services[c.service].name.clone());
        assert_eq!(service.as_deref(), Some("redis"));
        // A port within reach of the hit is still its mapping's.
        let near = text.replacen(&filler, "", 1);
        let at = near.find("HIT").expect("a hit");
        let hit = Hit {
            span: at..at + 3,
            ..hit
        };
        let blocks = BlockContexts::of(&pack, &near, true, &[], std::slice::from_ref(&hit));
        assert_eq!(blocks.siblings_at(at).and_then(|s| s.port), Some(6379));
    }

    #[test]
    fn sections_are_plain_dotted_names() {
        assert_eq!(section_name("[redis]"), Some("redis"));
        assert_eq!(
            section_name("[[database.replicas]]"),
            Some("database.replicas")
        );
        assert_eq!(section_name("[postgres:vars]"), Some("postgres:vars"));
        assert_eq!(
            section_name("[nodes.\"redis-02\"]"),
            Some("nodes.\"redis-02\"")
        );
        assert_eq!(section_name("[\"a\", \"b\"]"), None);
        assert_eq!(section_name("[]"), None);
        assert_eq!(section_name("redis]"), None);
    }

    #[test]
    fn the_innermost_block_wins_and_strings_comments_heredocs_open_none() {
        let text = "redis {\n  a = \"{\" # {\n  b = <<EOT\n  postgres {\nEOT\n  c = 1\n  postgres {\n    d = 1\n  }\n  e = 1\n}\nf = 1\n";
        assert_eq!(service_at(text, "a =", None).as_deref(), Some("redis"));
        assert_eq!(service_at(text, "c =", None).as_deref(), Some("redis"));
        assert_eq!(service_at(text, "d =", None).as_deref(), Some("postgres"));
        assert_eq!(service_at(text, "e =", None).as_deref(), Some("redis"));
        assert_eq!(service_at(text, "f =", None), None);
    }

    #[test]
    fn the_walk_meets_brackets_outside_strings_comments_and_heredocs_only() {
        let text = "a {\n  s = \"{\" # {\n  t = '}' // }\n  u = <<EOT\n  }\nEOT\n/*\n { \n*/\n}\n";
        let comment =
            text.find("/*").expect("a block comment")..text.find("*/").expect("its end") + 2;
        let mut marks = Vec::new();
        walk_structure(text, std::slice::from_ref(&comment), |event| {
            if let Structure::Mark {
                line_start,
                at,
                byte,
                ..
            } = event
            {
                marks.push((line_start + at, byte));
            }
            true
        });
        assert_eq!(marks, vec![(2, b'{'), (text.len() - 2, b'}')]);
    }

    #[test]
    fn a_key_counts_inside_a_named_block_only() {
        let text = "[app]\nprimary_db = 1\n[other]\n";
        assert_eq!(
            service_at(text, "primary_db", Some("primary_db")).as_deref(),
            Some("postgres")
        );
        let bare = "primary_db = 1\n";
        assert_eq!(service_at(bare, "primary_db", Some("primary_db")), None);
        let network = "redis_network {\n  host = 1\n}\n";
        assert_eq!(service_at(network, "host", Some("host")), None);
    }
}
