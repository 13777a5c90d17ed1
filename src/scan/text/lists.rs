//! Lists written in brackets (`hosts = ["a", "b"]`, `"hosts": [`, a call's
//! `run(["psql", …])`, a typed array `[]string{…}`), over any number of
//! lines: one list each, found once per text however many addresses it holds.

use super::*;

/// The text whose lists are looked for, from `from` on, with its C-style
/// block comments and the contexts its blocks give.
#[derive(Clone, Copy)]
pub(super) struct ListedText<'a> {
    pub text: &'a str,
    pub from: usize,
    pub comments: &'a [Range<usize>],
    pub blocks: &'a BlockContexts,
}

/// Lists written in brackets after a key (`hosts = ["a", "b"]`, `"hosts": [`,
/// over any number of lines) or as a call's argument (`run(["psql", …])`):
/// a leader-discovery list by its name, a command array when its first item
/// is a command, else a list of addresses. Returns the ranges it read.
pub(super) fn bracket_lists(
    scanner: &Scanner,
    listed: ListedText,
    hits: &[Hit],
    closings: &mut [Closings; 3],
    scan: &mut FileScan,
) -> ListsRead {
    let ListedText {
        text,
        from,
        comments,
        blocks,
    } = listed;
    let pack = scanner.pack;
    let mut finder = ListFinder::new(text, from, hits, closings);
    let mut read: Vec<Range<usize>> = Vec::new();
    let mut looped: Vec<Range<usize>> = Vec::new();
    let mut named: Vec<NamedList> = Vec::new();
    let mut subscripted: Option<HashSet<&str>> = None;
    for hit in hits {
        if read
            .last()
            .is_some_and(|r| r.start <= hit.span.start && hit.span.end <= r.end)
        {
            continue;
        }
        let mut looping = false;
        let (items, list, key, callee) = if let Some(literal) = finder.enclosing(hit.span.start) {
            if opens_in_a_comment(text, comments, literal.list.start) {
                // Commented-out code (`// hosts = ["10.0.0.121"]`) is no list.
                continue;
            }
            let items = if literal.of_words(text) {
                words_of(text, literal.list.clone())
            } else {
                items_of(text, literal.list.clone())
            };
            // A loop's list is assigned, item by item, to its variable
            // (`for h in ["db-slave-01", …]:`), as a key's value is to the key.
            let key = key_before(text, literal.key_at);
            let variable = key
                .is_none()
                .then(|| loop_variable_before(text, literal.key_at))
                .flatten();
            looping = variable.is_some();
            let callee = callee_before(text, literal.key_at);
            (items, literal.list, key.or(variable), callee)
        } else if let Some((items, key_at)) = finder.continued(hit.span.start) {
            let list = items[0].start..items[items.len() - 1].end;
            (items, list, key_before(text, key_at), None)
        } else if let Some((items, receiver)) = finder.filled(pack, hit.span.start) {
            let list = items[0].start..items[items.len() - 1].end;
            (items, list, Some(&text[receiver]), None)
        } else if let Some((items, method)) = finder.chained(pack, hit.span.start) {
            let list = items[0].start..items[items.len() - 1].end;
            (items, list, None, Some(&text[method]))
        } else {
            continue;
        };
        let list_hits = hits_in(hits, &list);
        // Pairs that map an address to a word (`("10.0.0.120", "primary")`,
        // a test's table of cases) are a lookup's entries, as the keys of
        // `{"10.0.0.120": "primary"}` are: they connect to nothing.
        let mut items = items;
        items.retain(
            |item| !matches!(hits_in(list_hits, item), [hit] if is_lookup_pair(pack, text, hit)),
        );
        if items.is_empty() {
            read.push(list);
            continue;
        }
        // A list a test asserts on (`assert leader_of(["…", "…"])`) or a
        // value is tested against (`ip in ("…", "…")`) is interpreted, not
        // used, as a compared address is.
        if interprets_list(text, from, list.clone()) {
            read.push(list);
            continue;
        }
        let first_word = strip_quotes(&text[items[0].clone()]);
        let members = || {
            items
                .iter()
                .filter_map(|item| member_of_item(pack, text, item.clone(), list_hits))
                .collect()
        };
        let span = items[0].start..items[items.len() - 1].end;
        if let Some(name) = key.filter(|k| is_list_name(pack, k)) {
            scan.lists
                .push(CandidateList::of(pack, name, span, members()));
        } else if let Some(client) = callee.filter(|c| {
            let candidates = &pack.candidates;
            candidates.sentinel_clients.iter().any(|s| s == c)
                || candidates.sentinel_adders.iter().any(|s| s == c)
        }) {
            scan.lists
                .push(CandidateList::sentinels(pack, client, span, members()));
        } else if is_command_head(pack, first_word) {
            let words: Vec<Range<usize>> =
                items.iter().map(|i| trim_quotes(text, i.clone())).collect();
            shell::scan_argv(scanner, text, &words, list_hits, scan);
        } else {
            let connection = key.is_some_and(|k| pack.is_connection_key(k));
            // The addresses a machine is given (AWS `private_ips = […]`)
            // are its own, whoever it is: no connection. A loop's variable
            // (`for ip in (…)`) is given nothing.
            let given =
                !looping && key.is_some_and(|k| pack.syntax.definition_address_keys.is_match(k));
            let group = scan.group(connection);
            let locator = key.unwrap_or("[]").to_string();
            let first_item = scan.references.len();
            for item in &items {
                let mut value = Value::new(item.clone(), key, &locator);
                value.group = Some(group);
                value.fallback = blocks.at(pack, item.start, key);
                let first = scan.references.len();
                analyze(pack, text, &value, hits_in(list_hits, item), scan);
                // An item that gives a member its own address describes it
                // (`{ name: "redis-02", ip: "10.0.0.124" }`), as a YAML one does.
                if given || defines_member(scanner, &text[item.clone()]) {
                    for reference in &mut scan.references[first..] {
                        reference.enclosure.definition = true;
                    }
                }
            }
            let references = first_item..scan.references.len();
            if looping {
                looped.push(references);
            } else if let Some(name) = key.filter(|k| is_plain_name(k))
                && subscripted
                    .get_or_insert_with(|| subscripted_names(text, from))
                    .contains(name)
            {
                named.push(NamedList {
                    name: name.to_string(),
                    list: list.clone(),
                    items,
                    references,
                });
            }
        }
        read.push(list);
    }
    ListsRead {
        read,
        looped,
        named,
    }
}

/// What [`bracket_lists`] read: the lists' ranges, the references made of
/// loops' lists (`for h in […]:`), to be traced to the loop's variable, and
/// the lists whose items the text reads one by one (`NODES[0]`).
pub(super) struct ListsRead {
    pub(super) read: Vec<Range<usize>>,
    pub(super) looped: Vec<Range<usize>>,
    pub(super) named: Vec<NamedList>,
}

/// A list of addresses assigned to a name the text subscripts
/// (`pg_nodes = [ … ]`, then `local.pg_nodes[0]`).
pub(super) struct NamedList {
    pub(super) name: String,
    pub(super) list: Range<usize>,
    pub(super) items: Vec<Range<usize>>,
    /// The references made of its items.
    pub(super) references: Range<usize>,
}

/// The names the text from `from` on subscripts with a literal index
/// (`pg_nodes` of `local.pg_nodes[0]`, `HOSTS` of `HOSTS[1]`): one pass,
/// so a file of many lists costs no search per list.
fn subscripted_names(text: &str, from: usize) -> HashSet<&str> {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'[', &bytes[from..])
        .map(|at| from + at)
        .filter_map(|open| {
            literal_subscript(bytes, open)?;
            let start = bytes[..open]
                .iter()
                .rposition(|&b| !(b.is_ascii_alphanumeric() || b == b'_'))
                .map_or(0, |i| i + 1);
            (start < open).then(|| &text[start..open])
        })
        .collect()
}

/// The member a list item names: the item, or for an inline mapping or a
/// tuple (`{ host: "10.0.0.123", port: 26379 }`, a dict, a hash, an HCL
/// object, `("10.0.0.123", 26379)`) its first address or hostname with the
/// port written after it, as for a YAML list of mappings.
fn member_of_item(pack: &Pack, text: &str, item: Range<usize>, hits: &[Hit]) -> Option<Member> {
    let written = &text[item.clone()];
    // An object built from the address (`new HostAndPort("10.0.0.123",
    // 26379)`) denotes it, as a tuple does.
    let built = written.starts_with(|c: char| c.is_ascii_alphabetic()) && written.ends_with(')');
    if !(built || written.starts_with(['{', '(', '['])) {
        return member(pack, text, item);
    }
    let hit = hits_in(hits, &item).first()?;
    let after = &text[hit.span.end..item.end];
    let port = after.strip_prefix(':').map_or(0, |rest| {
        rest.bytes().take_while(u8::is_ascii_digit).count()
    });
    let end = hit.span.end + if port > 0 { 1 + port } else { 0 };
    member(pack, text, hit.span.start..end)
}

/// How far before an address on its own line its list's `[` may be.
pub(super) const MAX_SAME_LINE: usize = 4 * 1024;

/// A list literal: its brackets, and where what is assigned to its key
/// starts (the `[`, or a typed array's type: `[]string{`).
struct ListLiteral {
    list: Range<usize>,
    key_at: usize,
}

impl ListLiteral {
    /// Whether its items are words between blanks (Ruby's `%w[…]`, Perl's
    /// `qw(…)`), not comma-separated.
    fn of_words(&self, text: &str) -> bool {
        WORD_LIST_SIGILS.contains(&&text[self.key_at..self.list.start])
    }
}

/// What opens a list of blank-separated words: Ruby's `%w[a b]` (`%W`,
/// `%i`, `%I`), Perl's `qw(a b)`.
const WORD_LIST_SIGILS: &[&str] = &["%w", "%W", "%i", "%I", "qw"];

/// Where the sigil of a word list whose bracket follows `before` starts.
fn word_list_start(before: &str) -> Option<usize> {
    let sigil = WORD_LIST_SIGILS
        .iter()
        .find(|sigil| before.ends_with(*sigil))?;
    let start = before.len() - sigil.len();
    // `qw` is a word of its own, not the end of a name (`newqw(`).
    let joined = before[..start].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_');
    (sigil.starts_with('%') || !joined).then_some(start)
}

/// The words of a word list (`%w[10.0.0.120 10.0.0.121]`), between blanks.
fn words_of(text: &str, list: Range<usize>) -> Vec<Range<usize>> {
    let inside = list.start + 1..list.end - 1;
    let mut words = Vec::new();
    let mut start = None;
    for at in inside.clone() {
        match (text.as_bytes()[at].is_ascii_whitespace(), start) {
            (true, Some(from)) => {
                words.push(from..at);
                start = None;
            }
            (false, None) => start = Some(at),
            _ => {}
        }
    }
    words.extend(start.map(|from| from..inside.end));
    words
}

/// Finds the list literals that hold addresses. Addresses come in order,
/// and the last search for each kind of bracket is remembered (what was
/// found above a line, where a bracket closes), so the addresses of one long
/// list share one search for its brackets: the cost follows the text once,
/// not once per address.
struct ListFinder<'t, 'c> {
    text: &'t str,
    from: usize,
    hits: &'t [Hit],
    /// Per kind of bracket: the line start the last look up started from,
    /// and the opening bracket it found.
    last_opener: [(usize, Option<usize>); 3],
    /// Per kind of bracket: where its brackets close, shared by every
    /// search of one text.
    closings: &'c mut [Closings; 3],
    /// Per kind of bracket: the last bracket read as a literal, and where
    /// its key's value starts if it is a list literal.
    last_literal: [(usize, Option<usize>); 3],
    /// The line start the last look up for a continued value's key started
    /// from, and the key line it found.
    last_key_line: (usize, Option<usize>),
    /// The line last read for Sentinel-adding calls, and the calls on it.
    last_adder_line: (usize, Vec<AdderCall>),
}

/// A call of one of the pack's `sentinel_adders` (`.withSentinel("…", 26379)`):
/// its method's name and the whole call, from the name to its `)`.
#[derive(Clone)]
struct AdderCall {
    method: Range<usize>,
    call: Range<usize>,
}

/// The brackets that open a list literal, with what closes each.
const LIST_BRACKETS: [(u8, u8); 3] = [(b'[', b']'), (b'{', b'}'), (b'(', b')')];

/// Where the list brackets of a text close, from `from` on: made once per
/// text, for every search of its lists.
pub(super) fn list_closings(from: usize) -> [Closings; 3] {
    LIST_BRACKETS.map(|(open, close)| Closings::new(open, close, from))
}

impl<'t, 'c> ListFinder<'t, 'c> {
    fn new(text: &'t str, from: usize, hits: &'t [Hit], closings: &'c mut [Closings; 3]) -> Self {
        Self {
            text,
            from,
            hits,
            last_opener: [(usize::MAX, None); 3],
            closings,
            last_literal: [(usize::MAX, None); 3],
            last_key_line: (usize::MAX, None),
            last_adder_line: (usize::MAX, Vec::new()),
        }
    }

    /// A builder chain that adds one Sentinel host per call (Spring's
    /// `new RedisSentinelConfiguration().master("mymaster")` then
    /// `.sentinel("10.0.0.123", 26379)` per line, Lettuce's
    /// `Builder.sentinel(…).withSentinel(…)`; the methods are the pack's
    /// `sentinel_adders`) when `offset` is in one of its calls: the calls,
    /// one Sentinel each, and the first one's method, which names the list.
    /// The chain is the address's line, the lines around it that continue
    /// it with a leading `.`, and the line they continue.
    fn chained(&mut self, pack: &Pack, offset: usize) -> Option<(Vec<Range<usize>>, Range<usize>)> {
        if pack.candidates.sentinel_adders.is_empty() {
            return None;
        }
        let (text, from) = (self.text, self.from);
        let bytes = text.as_bytes();
        let line_at = |start: usize| short_line_from(bytes, start);
        let own = line_at(short_line_start(bytes, from, offset)?)?;
        if self.last_adder_line.0 != own.start {
            self.last_adder_line = (own.start, adder_calls(pack, text, own.clone()));
        }
        let calls = &self.last_adder_line.1;
        if !calls.iter().any(|c| c.call.contains(&offset)) {
            return None;
        }
        let continues = |line: &Range<usize>| text[line.clone()].trim_start().starts_with('.');
        let floor = from.max(own.start.saturating_sub(MAX_LIST));
        let mut first = own.clone();
        while continues(&first) && first.start > floor {
            let Some(above) = line_at(line_start(bytes, floor, first.start - 1)) else {
                break;
            };
            first = above;
        }
        let ceiling = own.end.saturating_add(MAX_LIST).min(text.len());
        let mut calls: Vec<AdderCall> = Vec::new();
        let mut line = Some(first);
        while let Some(current) = line {
            calls.extend(if current.start == own.start {
                self.last_adder_line.1.clone()
            } else {
                adder_calls(pack, text, current.clone())
            });
            line = (current.end < ceiling)
                .then(|| line_at(current.end + 1))
                .flatten()
                .filter(|next| continues(next));
        }
        let method = calls.first()?.method.clone();
        Some((calls.into_iter().map(|c| c.call).collect(), method))
    }

    /// A value continued on indented lines under an empty `key =` or
    /// `key:` (Python's configparser, `.cfg` and `.ini` files), one item per
    /// line, when `offset` is on one of them: its items, and where the value
    /// starts (after the key's `=` or `:`).
    fn continued(&mut self, offset: usize) -> Option<(Vec<Range<usize>>, usize)> {
        let (text, from) = (self.text, self.from);
        let bytes = text.as_bytes();
        let line_of = |at: usize| line_start(bytes, from, at);
        let line_start = short_line_start(bytes, from, offset)?;
        continued_item(text, line_start)?;
        let floor = from.max(line_start.saturating_sub(MAX_LIST));
        let mut start = line_start;
        let key_line = loop {
            if start <= floor {
                break None;
            }
            // Looking up from here was done for an address below.
            let (searched, found) = self.last_key_line;
            if searched == start {
                break found;
            }
            let above = line_of(start - 1);
            if continued_item(text, above).is_none() {
                break Some(above);
            }
            start = above;
        };
        self.last_key_line = (line_start, key_line);
        let key_line = key_line?;
        let key_end = line_end(bytes, key_line);
        let written = text[key_line..key_end].trim_end();
        let key = written.strip_suffix(['=', ':'])?.trim_end();
        if !is_plain_name(key) {
            return None;
        }
        let mut items = Vec::new();
        let mut next = key_end + 1;
        while let Some(item) = text.get(next..).and_then(|_| continued_item(text, next)) {
            next = line_end(bytes, item.end) + 1;
            items.push(item);
        }
        Some((items, key_line + written.len()))
    }

    /// A collection filled one call per line (`sentinels.add("10.0.0.123:26379");`,
    /// `nodes.append(("10.0.0.120", 5432))`, `hosts.push(…)`; the methods are
    /// the pack's `collection_add_calls`) when `offset` is in one of the
    /// calls' arguments: the arguments, and the receiver, which names the
    /// list as a key does. The calls on the lines around, blank lines and
    /// comments between, that fill the same receiver are one list, as
    /// `V+=(…)` extends a shell array. Nothing before `from` is read.
    fn filled(&self, pack: &Pack, offset: usize) -> Option<(Vec<Range<usize>>, Range<usize>)> {
        let (text, from) = (self.text, self.from);
        let bytes = text.as_bytes();
        // A line longer than `MAX_SAME_LINE` holds no such call: looked
        // for no further, so a long line costs no scan per address on it.
        let line_at = |start: usize| short_line_from(bytes, start);
        let own = line_at(short_line_start(bytes, from, offset)?)?;
        let (receiver, argument) = add_call(pack, text, own.clone())?;
        if !(argument.start <= offset && offset <= argument.end) {
            return None;
        }
        let same = |line: Range<usize>| {
            add_call(pack, text, line).filter(|(r, _)| text[r.clone()] == text[receiver.clone()])
        };
        let skipped = |line: &str| {
            let line = line.trim();
            line.is_empty() || line.starts_with("//") || line.starts_with('#')
        };
        let floor = from.max(own.start.saturating_sub(MAX_LIST));
        let mut first = own.start;
        let mut start = own.start;
        while start > floor {
            let Some(line) = line_at(line_start(bytes, floor, start - 1)) else {
                break;
            };
            start = line.start;
            if same(line.clone()).is_some() {
                first = line.start;
            } else if !skipped(&text[line]) {
                break;
            }
        }
        let ceiling = own.end.saturating_add(MAX_LIST).min(text.len());
        let mut items = Vec::new();
        let mut next = first;
        while next <= ceiling {
            let Some(line) = line_at(next) else {
                break;
            };
            next = line.end + 1;
            match same(line.clone()) {
                Some((_, argument)) => items.push(argument),
                None if skipped(&text[line]) => {}
                None => break,
            }
        }
        Some((items, receiver))
    }

    /// The list that holds `offset`, opened after a key's `=`, `:` or `=>`
    /// or a call's `(`: on the address's own line, or on a line above that
    /// ends with its opening bracket with only list items between (`hosts =
    /// [\n  "a",\n  "b",\n]`). A list is `[ … ]`, a typed array's `{ … }`
    /// (Go `[]string{…}`, C# `new[] {…}`, Java `new String[] {…}`), or a
    /// collection built by a call (`List.of(…)`, `vec![…]`, a tuple); a tuple
    /// that is an item stands for its list. Nothing before `from` is read.
    fn enclosing(&mut self, offset: usize) -> Option<ListLiteral> {
        let literal = self.innermost(offset)?;
        if is_assigned(&self.text[..literal.key_at])
            || loop_variable_before(self.text, literal.key_at).is_some()
        {
            return Some(literal);
        }
        // A tuple that is an item of a list (`[["10.0.0.120", 5432], …]`,
        // one per line as pgcat writes them): the list is the one around it.
        let before = self.text[..literal.key_at].trim_end();
        let is_item = literal.key_at == literal.list.start && before.ends_with(['[', ',']);
        let outer = self.innermost(literal.list.start).filter(|_| is_item)?;
        (outer.list.end >= literal.list.end && is_assigned(&self.text[..outer.key_at]))
            .then_some(outer)
    }

    /// The innermost list literal around `offset`, assigned or not.
    fn innermost(&mut self, offset: usize) -> Option<ListLiteral> {
        let (text, from) = (self.text, self.from);
        let bytes = text.as_bytes();
        // A list on a long line (minified JSON) is no config list worth
        // reading as one; looking for it would cost the line per address.
        let line_start = short_line_start(bytes, from, offset)?;
        // The innermost of a `[`, a typed `{` and a collection built by a call.
        (0..LIST_BRACKETS.len())
            .filter_map(|kind| {
                let (open, close) = LIST_BRACKETS[kind];
                let at = unmatched_open(&bytes[line_start..offset], open, close)
                    .map(|i| line_start + i)
                    .or_else(|| self.opener_above(line_start, kind))?;
                let end = self.closings[kind].of(bytes, at);
                // The addresses inside one bracket share what it is: read once.
                let key_at = match self.last_literal[kind] {
                    (decided, key_at) if decided == at => key_at,
                    _ => {
                        let key_at = self.literal_start(open, at, end);
                        self.last_literal[kind] = (at, key_at);
                        key_at
                    }
                }?;
                // A list that closes before `offset` does not hold it.
                let end = end.filter(|&end| end > offset)?;
                Some(ListLiteral {
                    list: at..end,
                    key_at,
                })
            })
            .max_by_key(|literal| literal.list.start)
    }

    /// Where what is assigned to the key of the literal whose `open` bracket
    /// is at `at` (closing at `end`) starts, if it is a list literal.
    fn literal_start(&self, open: u8, at: usize, end: Option<usize>) -> Option<usize> {
        let text = self.text;
        if let Some(start) = word_list_start(&text[..at]) {
            return Some(start);
        }
        match open {
            // `vec![…]`: a macro's name is part of the literal.
            b'[' if text[..at].ends_with('!') => Some(callee_start(&text[..at])),
            // Rust's `&[…]`: a slice of the array, the literal all the same.
            b'[' if text[..at].ends_with('&') => Some(at - 1),
            b'[' => Some(at),
            b'{' => {
                typed_array_start(&text[..at]).or_else(|| all_quoted(text, at..end?).then_some(at))
            }
            // `List.of("a", "b")`, `listOf(…)`, `Seq(…)`, a tuple: quoted
            // addresses and nothing else, two at least (a lookup's fallback,
            // `getenv("PGHOST", "…")`, is none; a call with one argument is
            // a call).
            _ => {
                let items = items_of(text, at..end?);
                let collection = items.len() >= 2
                    && all_quoted(text, at..end?)
                    && items
                        .iter()
                        .all(|item| !hits_in(self.hits, item).is_empty());
                // PowerShell's `@(…)` is an array however it is called.
                collection.then(|| {
                    let start = callee_start(&text[..at]);
                    start - usize::from(text[..start].ends_with('@'))
                })
            }
        }
    }

    /// The `open` bracket that ends a line above `line_start`, when every
    /// line between is a list item, within [`MAX_LIST`] bytes.
    fn opener_above(&mut self, line_start: usize, kind: usize) -> Option<usize> {
        let open = LIST_BRACKETS[kind].0;
        let (text, from) = (self.text, self.from);
        let bytes = text.as_bytes();
        let floor = from.max(line_start.saturating_sub(MAX_LIST));
        let mut end = line_start;
        // A list's items may be objects over several lines (`{`, its
        // entries, `},`): the objects above passed over whole, and whether
        // the line searched from may sit in one whose `{` is still above.
        let mut objects = 0usize;
        let mut in_own_object = open == b'[';
        let found = loop {
            if end <= floor {
                break None;
            }
            // Looking up from here was done for an address above: its list
            // is this one's, if it still holds this one (`innermost` checks).
            let (searched, found) = self.last_opener[kind];
            if searched == end {
                break found;
            }
            let line_end = end - 1;
            let start = super::line_start(bytes, floor, line_end);
            let line = text[start..line_end].trim();
            if line.as_bytes().last() == Some(&open) && objects == 0 {
                break text[start..line_end]
                    .rfind(char::from(open))
                    .map(|at| start + at);
            }
            end = start;
            if open == b'[' {
                // `= [{`: the list opens with its first object's brace, the
                // object the search started in or the last one passed over.
                let first_object = objects == usize::from(!in_own_object);
                if first_object
                    && line
                        .strip_suffix('{')
                        .is_some_and(|l| l.trim_end().ends_with('['))
                {
                    break text[start..line_end].rfind('[').map(|at| start + at);
                }
                match object_line(line) {
                    Some(ObjectLine::Close) => {
                        objects += 1;
                        continue;
                    }
                    Some(ObjectLine::Open) => {
                        match objects.checked_sub(1) {
                            Some(fewer) => objects = fewer,
                            None if in_own_object => in_own_object = false,
                            None => break None,
                        }
                        continue;
                    }
                    Some(ObjectLine::CloseOpen) => {
                        if objects == 0 {
                            if !in_own_object {
                                break None;
                            }
                            in_own_object = false;
                            objects = 1;
                        }
                        continue;
                    }
                    None if (objects > 0 || in_own_object) && is_balanced(line) => continue,
                    None => {}
                }
            }
            if !(line.is_empty() || line.starts_with(['#', '/']) || is_item_line(line)) {
                break None;
            }
        };
        self.last_opener[kind] = (line_start, found);
        found
    }
}

/// Where the line holding `offset` starts, when that is at most
/// [`MAX_SAME_LINE`] bytes before it (nothing before `from` is read): a
/// longer line is looked into no further, so it costs no scan per address.
fn short_line_start(bytes: &[u8], from: usize, offset: usize) -> Option<usize> {
    let floor = from.max(offset.saturating_sub(MAX_SAME_LINE));
    match memchr::memrchr(b'\n', &bytes[floor..offset]) {
        Some(newline) => Some(floor + newline + 1),
        None if floor == from => Some(from),
        None => None,
    }
}

/// The line starting at `start`, when it is at most [`MAX_SAME_LINE`]
/// bytes long: a longer one is read no further than that.
fn short_line_from(bytes: &[u8], start: usize) -> Option<Range<usize>> {
    let window = &bytes[start..(start + MAX_SAME_LINE + 1).min(bytes.len())];
    let end = memchr::memchr(b'\n', window).map_or(bytes.len(), |at| start + at);
    (end - start <= MAX_SAME_LINE).then_some(start..end)
}

/// The item of a continued value on the line starting at `start`: an
/// indented line holding one token (an address, `host:port`), a trailing
/// comma aside.
fn continued_item(text: &str, start: usize) -> Option<Range<usize>> {
    let rest = text.get(start..)?;
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    // An item's line is short: a longer one is no item, and is read no
    // further, so that a huge line costs nothing per address.
    let line = &text[short_line_from(text.as_bytes(), start)?];
    let at = start + line.len() - line.trim_start().len();
    let token = line.trim().trim_end_matches(',');
    let lone = !token.is_empty()
        && !token.contains(|c: char| c.is_whitespace() || "=#;\"'[]{}()".contains(c));
    lone.then(|| at..at + token.len())
}

/// A line that is one call filling a collection (`sentinels.add("…");`):
/// the receiver (`sentinels`, `self.hosts`) and the argument, when the
/// method is one of the pack's `collection_add_calls` and the call is the
/// whole statement.
fn add_call(pack: &Pack, text: &str, line: Range<usize>) -> Option<(Range<usize>, Range<usize>)> {
    let written = &text[line.clone()];
    let statement = written.trim_start();
    let start = line.start + written.len() - statement.len();
    let open = statement.find('(')?;
    let (receiver, method) = statement[..open].rsplit_once('.')?;
    let is_receiver_char = |c: char| c.is_ascii_alphanumeric() || "_.$".contains(c);
    if receiver.is_empty()
        || !receiver.chars().all(is_receiver_char)
        || !pack.syntax.collection_add_calls.is_match(method)
    {
        return None;
    }
    // Just after the `)`.
    let end = closing(&text.as_bytes()[..line.end], start + open, b')')?;
    let after = text[end..line.end].trim();
    let after = after.strip_prefix(';').unwrap_or(after).trim_start();
    if !(after.is_empty() || after.starts_with("//") || after.starts_with('#')) {
        return None;
    }
    let argument = &text[start + open + 1..end - 1];
    let inner = start + open + 1 + (argument.len() - argument.trim_start().len());
    let argument = inner..inner + argument.trim().len();
    (!argument.is_empty()).then(|| (start..start + receiver.len(), argument))
}

/// The calls of the pack's `sentinel_adders` methods on `line`, each closed
/// on it, before any `//` or `#` comment.
fn adder_calls(pack: &Pack, text: &str, line: Range<usize>) -> Vec<AdderCall> {
    let bytes = &text.as_bytes()[..line.end];
    let mut calls = Vec::new();
    let mut quote = None;
    let mut at = line.start;
    while at < line.end {
        let byte = bytes[at];
        match (quote, byte) {
            (Some(q), b) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(byte),
            (None, b'#') => break,
            (None, b'/') if bytes.get(at + 1) == Some(&b'/') => break,
            (None, b'(') => {
                let before = &text[line.start..at];
                let name = before.trim_end_matches(|c: char| c.is_ascii_alphanumeric() || c == '_');
                let method = line.start + name.len()..at;
                if name.ends_with('.')
                    && pack
                        .candidates
                        .sentinel_adders
                        .iter()
                        .any(|adder| *adder == text[method.clone()])
                    && let Some(end) = closing(bytes, at, b')')
                {
                    calls.push(AdderCall {
                        call: method.start..end,
                        method,
                    });
                }
            }
            _ => {}
        }
        at += 1;
    }
    calls
}

/// Where the callee of a call or macro whose `(` or `[` follows `before`
/// starts (`List.of`, `Arrays.asList`, `listOf`, `vec!`, `Vec::from`):
/// `before`'s end when there is none (a tuple).
fn callee_start(before: &str) -> usize {
    let callee_char = |c: char| c.is_ascii_alphanumeric() || "_.!".contains(c);
    let mut rest = before.trim_end_matches(callee_char);
    while let Some(path) = rest.strip_suffix("::") {
        rest = path.trim_end_matches(callee_char);
    }
    rest.len()
}

/// Whether what precedes a list literal assigns it: a key's `=`, `:` or
/// `=>` (PHP, Ruby, Perl), or a call's `(`.
fn is_assigned(before: &str) -> bool {
    let before = before.trim_end();
    before.ends_with(['=', ':', '(']) || before.ends_with("=>")
}

/// Whether a line is whole list items: scalars, or tuples and inline
/// mappings closed on the line (`["10.0.0.120", 5432],`, `{ host =
/// "10.0.0.121" },`): no bracket left open or closed, no `=` of its own.
/// A line that opens or closes an object item of a list written over
/// several lines (`{`, `},`, `}, {`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum ObjectLine {
    Open,
    Close,
    CloseOpen,
}

fn object_line(line: &str) -> Option<ObjectLine> {
    let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    match compact.as_str() {
        "{" => Some(ObjectLine::Open),
        "}" | "}," => Some(ObjectLine::Close),
        "},{" | "}{" => Some(ObjectLine::CloseOpen),
        _ => None,
    }
}

/// Whether a line's brackets, outside quotes, close only what it opens (an
/// object's entry: `port = 5432`, `"host": "10.0.0.120",`).
fn is_balanced(line: &str) -> bool {
    closes_what_it_opens(line, false)
}

fn is_item_line(line: &str) -> bool {
    closes_what_it_opens(line, true)
}

/// Whether `line`'s brackets, outside quotes, close only what it opens. An
/// `item` line nests `[` and `{` and holds no `=` outside them (that is an
/// assignment); otherwise parentheses nest too and `=` is an entry's.
fn closes_what_it_opens(line: &str, item: bool) -> bool {
    let opens = |b: u8| matches!(b, b'[' | b'{') || (!item && b == b'(');
    let closes = |b: u8| matches!(b, b']' | b'}') || (!item && b == b')');
    let mut depth = 0usize;
    let mut quote = None;
    for byte in line.bytes() {
        match (quote, byte) {
            (Some(q), b) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(byte),
            (None, b) if opens(b) => depth += 1,
            (None, b) if closes(b) => match depth.checked_sub(1) {
                Some(outer) => depth = outer,
                None => return false,
            },
            (None, b'=') if item && depth == 0 => return false,
            _ => {}
        }
    }
    depth == 0
}

/// Whether every item of the list literal at `list` is a quoted string (a
/// Java array initialiser, a Python set): braces around scalars, not a map.
fn all_quoted(text: &str, list: Range<usize>) -> bool {
    let items = items_of(text, list);
    !items.is_empty()
        && items.iter().all(|item| {
            let item = &text[item.clone()];
            ['"', '\''].iter().any(|&q| {
                item.len() >= 2
                    && item.starts_with(q)
                    && item.ends_with(q)
                    && !item[1..item.len() - 1].contains(q)
            })
        })
}

/// Where the type of a typed array literal whose `{` follows `before`
/// starts (Go `[]string`; C#, Java `new[]`, `new String[]`, `String[]`),
/// if it is one.
fn typed_array_start(before: &str) -> Option<usize> {
    let type_char = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '.';
    let before = before.trim_end();
    let start = match before.strip_suffix("[]") {
        // `T[]`, `new[]`: the element type before the brackets.
        Some(rest) => rest.trim_end().trim_end_matches(type_char).len(),
        // `[]T`: the element type after them.
        None => {
            let element = before.trim_end_matches(type_char);
            (element.len() < before.len())
                .then(|| element.strip_suffix("[]"))
                .flatten()?
                .len()
        }
    };
    let rest = before[..start].trim_end();
    Some(rest.strip_suffix("new").map_or(start, str::len))
}

/// The items of a `[ … ]` list: top-level comma- or newline-separated parts,
/// without blanks and comments (`/* … */`; `//` and `#` to the line's end
/// where a blank, a separator or the list's start comes before them).
pub(super) fn items_of(text: &str, list: Range<usize>) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let (start, end) = (list.start + 1, list.end - 1);
    let mut items = Vec::new();
    // The current item, from its first written byte to its last.
    let mut item: Option<Range<usize>> = None;
    let mut depth = 0usize;
    let mut quote = None;
    let mut at = start;
    while at < end {
        let byte = bytes[at];
        let after_blank =
            at == start || matches!(bytes[at - 1], b' ' | b'\t' | b'\n' | b'\r' | b',');
        let comment_end = match (quote, byte, bytes.get(at + 1)) {
            (None, b'/', Some(b'*')) => Some(
                memchr::memmem::find(&bytes[at + 2..end], b"*/").map_or(end, |i| at + 2 + i + 2),
            ),
            (None, b'/', Some(b'/')) | (None, b'#', _) if after_blank => {
                Some(memchr::memchr(b'\n', &bytes[at..end]).map_or(end, |i| at + i))
            }
            _ => None,
        };
        if let Some(comment_end) = comment_end {
            at = comment_end;
            continue;
        }
        match (quote, byte) {
            (Some(q), b) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(byte),
            (None, b'[' | b'{' | b'(') => depth += 1,
            (None, b']' | b'}' | b')') => depth = depth.saturating_sub(1),
            (None, b',' | b'\n') if depth == 0 => {
                items.extend(item.take());
                at += 1;
                continue;
            }
            _ => {}
        }
        if !byte.is_ascii_whitespace() {
            item = Some(item.map_or(at, |written| written.start)..at + 1);
        }
        at += 1;
    }
    items.extend(item);
    items
}

#[cfg(test)]
mod tests {
    #[test]
    fn subscripted_names_are_those_indexed_by_a_literal() {
        let text = "a = NODES[0] + local.pg_nodes[12]\nb = x[i] + y[] + [0] + HOSTS[1\n";
        let mut names: Vec<&str> = super::subscripted_names(text, 0).into_iter().collect();
        names.sort_unstable();
        assert_eq!(names, ["NODES", "pg_nodes"]);
        assert!(super::subscripted_names(text, 10).contains("pg_nodes"));
        assert!(!super::subscripted_names(text, 10).contains("NODES"));
    }

    #[test]
    fn object_items_open_and_close_on_lines_of_their_own() {
        use super::{ObjectLine, is_balanced, object_line};
        assert_eq!(object_line("{"), Some(ObjectLine::Open));
        assert_eq!(object_line("}, "), Some(ObjectLine::Close));
        assert_eq!(object_line("} , {"), Some(ObjectLine::CloseOpen));
        for line in ["locals {", "{ host = 1 }", "},]", "]"] {
            assert_eq!(object_line(line), None, "{line}");
        }
        assert!(is_balanced("port = 5432") && is_balanced(r#""hosts": ["a", "b"],"#));
        assert!(is_balanced(r#"note = "a ] in quotes""#));
        for line in ["]", "checks = [", "},", "f(x"] {
            assert!(!is_balanced(line), "{line}");
        }
    }

    #[test]
    fn bracket_items_over_lines() {
        let text = "hosts = [\n  \"a\", # first\n  'b' /* it's b */,\n  [1, 2] // pair\n  # c,\n]";
        let mut closings = super::list_closings(0);
        let list = super::ListFinder::new(text, 0, &[], &mut closings)
            .enclosing(text.find('a').expect("a"))
            .expect("a list")
            .list;
        let items: Vec<&str> = super::items_of(text, list)
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(items, ["\"a\"", "'b'", "[1, 2]"]);
        assert_eq!(
            super::key_before(text, text.find('[').expect("[")),
            Some("hosts")
        );
    }
}
