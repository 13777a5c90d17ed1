//! Structured documents (YAML, JSON) as a tree of scalars, mappings and
//! sequences with their spans, and the walk that reads each scalar by its key
//! path: Kubernetes env entries take their context from `name`, `Secret.data`
//! is base64-decoded and scanned, block scalars are embedded text, sequences
//! are lists, and the surroundings say how a value is read — documentation,
//! assertions, network plumbing, a member's own block, a shell command.
//! Aliases are never expanded (an anchor's value is reported once, at the
//! anchor) and nesting is bounded.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

use base64::Engine;

use crate::address::{Hit, Target, role_of_name};
use crate::pack::{KeyFacts, Pack, Role, normalize_key};

use super::candidates::{CandidateList, Member, from_text, is_list_name, member};
use super::ports::FlatPorts;
use super::value::{Reading, Value, analyze, is_lookup_word, reading_of, trim_quotes};
use super::{
    Because, Dialect, DocumentFacts, FileScan, ParseNote, Scanner, ServerImage, ServiceContext,
    adapter_context, alias_names_member, hits_in, lines_of, service_of_path, shell, text,
};

/// Deeper documents are not configuration anyone writes; reading them as text
/// keeps the walk bounded.
const MAX_DEPTH: usize = 256;
/// Nodes per file, to bound memory on pathological input.
const MAX_NODES: usize = 2_000_000;

/// Scans the documents of a file; the addresses outside every scalar (in
/// comments) are read as text when the pack scans comments.
pub fn scan_documents(
    scanner: &Scanner,
    text: &str,
    hits: &[Hit],
    documents: &[Document],
    scan: &mut FileScan,
) {
    let blocks_named = scanner.block_names.may_appear_in(text);
    let equalities = memchr::memmem::find(text.as_bytes(), b"==").is_some();
    for document in documents {
        let info = DocumentInfo::of(document);
        let secret_data = (info.kind.as_deref() == Some("Secret"))
            .then(|| document.get(document.root, "data"))
            .flatten();
        let visitor = DocumentVisitor {
            scanner,
            text,
            hits,
            document,
            info,
            secret_data,
            blocks_named,
            equalities,
        };
        let mut path = Vec::new();
        visitor.node(document.root, &mut path, None, &Frame::top(), scan);
    }
    if scanner.pack.scan_comments {
        let unhandled: Vec<Hit> = hits
            .iter()
            .filter(|hit| {
                !documents.iter().any(|d| {
                    d.nodes.iter().any(|node| match node {
                        YamlNode::Scalar { span, .. } => {
                            span.start <= hit.span.start && hit.span.end <= span.end
                        }
                        _ => false,
                    })
                })
            })
            .cloned()
            .collect();
        // Read as YAML that does not parse is: `[name]` heads no section.
        text::scan_unparsed(scanner, text, &unhandled, scan);
    }
}

#[derive(Debug)]
pub enum YamlNode {
    Scalar {
        span: Range<usize>,
        value: String,
        block: bool,
    },
    Mapping(Vec<(usize, usize)>),
    Sequence(Vec<usize>),
    /// An alias, with the node of its anchor when it is in the document.
    Alias(Option<usize>),
}

pub struct Document {
    nodes: Vec<YamlNode>,
    /// What each node covers: a scalar its text, a container from its start
    /// to its end.
    spans: Vec<Range<usize>>,
    root: usize,
}

impl Document {
    /// The root node's id.
    pub(crate) fn root(&self) -> usize {
        self.root
    }

    pub(crate) fn node(&self, id: usize) -> &YamlNode {
        &self.nodes[id]
    }

    /// Where node `id` starts in the text.
    pub(crate) fn start(&self, id: usize) -> usize {
        self.spans[id].start
    }

    pub(crate) fn scalar(&self, id: usize) -> Option<&str> {
        match &self.nodes[id] {
            YamlNode::Scalar { value, .. } => Some(value),
            _ => None,
        }
    }

    /// The items of the sequence at `path` of keys from the root
    /// (`["pg_nodes"]`, `["postgresql", "nodes"]`), each item's span.
    pub(crate) fn sequence_at(&self, path: &[&str]) -> Option<Vec<Range<usize>>> {
        let mut id = self.root;
        for key in path {
            id = self.get(id, key)?;
        }
        match &self.nodes[id] {
            YamlNode::Sequence(items) => {
                Some(items.iter().map(|&i| self.spans[i].clone()).collect())
            }
            _ => None,
        }
    }

    /// Each sequence that is the value of a key `named` accepts (`pg_nodes:
    /// [a, b]`, or a block sequence): the key, and each item's span.
    pub(crate) fn sequences_under(
        &self,
        named: impl Fn(&str) -> bool,
    ) -> Vec<(&str, Vec<Range<usize>>)> {
        let mut found = Vec::new();
        for node in &self.nodes {
            let YamlNode::Mapping(entries) = node else {
                continue;
            };
            for &(key, value) in entries {
                if let Some(name) = self.scalar(key).filter(|name| named(name))
                    && let YamlNode::Sequence(items) = &self.nodes[value]
                {
                    found.push((
                        name,
                        items.iter().map(|&item| self.spans[item].clone()).collect(),
                    ));
                }
            }
        }
        found
    }

    /// Whether node `id` is a scalar with nothing in it (`key:`, `key: ~`,
    /// `key: null`).
    pub(crate) fn is_empty_scalar(&self, id: usize) -> bool {
        matches!(&self.nodes[id], YamlNode::Scalar { value, .. }
            if matches!(value.as_str(), "" | "~" | "null"))
    }

    /// The value of `key` in mapping `id`.
    pub(crate) fn get(&self, id: usize, key: &str) -> Option<usize> {
        match &self.nodes[id] {
            YamlNode::Mapping(entries) => entries
                .iter()
                .find(|(k, _)| self.scalar(*k) == Some(key))
                .map(|(_, v)| *v),
            _ => None,
        }
    }
}

/// Builds documents from a parser's events: nodes are added where they
/// open, containers closed where they end; depth and size are bounded.
pub struct TreeBuilder {
    /// The format, for messages (`YAML`).
    format: &'static str,
    documents: Vec<Document>,
    nodes: Vec<YamlNode>,
    spans: Vec<Range<usize>>,
    root: Option<usize>,
    /// Open containers with the key waiting for its value.
    stack: Vec<(usize, Option<usize>)>,
    /// The node of each anchor of the current document, by the parser's id.
    anchors: std::collections::HashMap<usize, usize>,
}

impl TreeBuilder {
    pub fn new(format: &'static str) -> Self {
        TreeBuilder {
            format,
            documents: Vec::new(),
            nodes: Vec::new(),
            spans: Vec::new(),
            root: None,
            stack: Vec::new(),
            anchors: std::collections::HashMap::new(),
        }
    }

    /// Remembers that the next node added carries anchor `anchor` (the
    /// parser's id; 0 is none).
    pub fn anchor_next(&mut self, anchor: usize) {
        if anchor != 0 {
            self.anchors.insert(anchor, self.nodes.len());
        }
    }

    /// The node an alias to `anchor` denotes, if the anchor is known.
    pub fn anchored(&self, anchor: usize) -> Option<usize> {
        self.anchors.get(&anchor).copied()
    }

    /// Adds a node starting at `span.start` (a container ends at [`close`](Self::close)).
    pub fn add(&mut self, node: YamlNode, span: Range<usize>) -> Result<(), ParseNote> {
        if self.nodes.len() >= MAX_NODES {
            return Err(ParseNote {
                offset: span.start,
                message: format!("more than {MAX_NODES} {} nodes; read as text", self.format),
            });
        }
        let opens = matches!(node, YamlNode::Sequence(_) | YamlNode::Mapping(_));
        let id = self.nodes.len();
        self.nodes.push(node);
        self.spans.push(span.clone());
        match self.stack.last_mut() {
            None => self.root = Some(id),
            Some((parent, pending)) => match &mut self.nodes[*parent] {
                YamlNode::Sequence(items) => items.push(id),
                YamlNode::Mapping(entries) => match pending.take() {
                    Some(key) => entries.push((key, id)),
                    None => *pending = Some(id),
                },
                _ => {}
            },
        }
        if opens {
            if self.stack.len() >= MAX_DEPTH {
                return Err(ParseNote {
                    offset: span.start,
                    message: format!(
                        "{} nested deeper than {MAX_DEPTH} levels; read as text",
                        self.format
                    ),
                });
            }
            self.stack.push((id, None));
        }
        Ok(())
    }

    /// Closes the innermost open container at `end`.
    pub fn close(&mut self, end: usize) {
        if let Some((id, _)) = self.stack.pop() {
            self.spans[id].end = end.max(self.spans[id].start);
        }
    }

    /// Ends the current document.
    pub fn end_document(&mut self) {
        self.stack.clear();
        self.anchors.clear();
        if let Some(root) = self.root.take() {
            self.documents.push(Document {
                nodes: std::mem::take(&mut self.nodes),
                spans: std::mem::take(&mut self.spans),
                root,
            });
        }
        self.nodes.clear();
        self.spans.clear();
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn finish(mut self) -> Vec<Document> {
        self.end_document();
        self.documents
    }
}

/// What names a Kubernetes object, for locators.
struct DocumentInfo {
    kind: Option<String>,
    /// `Kind/namespace/name`, or nothing for plain YAML.
    object: Option<String>,
    facts: Arc<DocumentFacts>,
}

impl DocumentInfo {
    fn of(document: &Document) -> Self {
        let text = |id: Option<usize>| id.and_then(|id| document.scalar(id)).map(str::to_string);
        let kind = text(document.get(document.root, "kind"));
        let metadata = document.get(document.root, "metadata");
        let name = text(metadata.and_then(|m| document.get(m, "name")));
        let namespace = text(metadata.and_then(|m| document.get(m, "namespace")));
        let object = kind.as_ref().map(|kind| {
            format!(
                "{kind}/{}/{}",
                namespace.as_deref().unwrap_or("default"),
                name.as_deref().unwrap_or("")
            )
        });
        let keys = |node: usize| match &document.nodes[node] {
            YamlNode::Mapping(entries) => entries
                .iter()
                .filter_map(|(k, _)| document.scalar(*k))
                .map(str::to_string)
                .collect(),
            _ => Vec::new(),
        };
        // A document that is a list of records (a Prometheus file_sd target
        // list) is known by its records' keys.
        let mut top_level_keys = match &document.nodes[document.root] {
            YamlNode::Sequence(items) => items.iter().flat_map(|&item| keys(item)).collect(),
            _ => keys(document.root),
        };
        // Sorted: asked once per finding, by binary search.
        top_level_keys.sort_unstable();
        top_level_keys.dedup();
        let facts = Arc::new(DocumentFacts {
            kind: kind.clone(),
            top_level_keys,
        });
        DocumentInfo {
            kind,
            object,
            facts,
        }
    }
}

/// What a node's surroundings say about how to read it, handed down the tree.
#[derive(Clone)]
struct Frame {
    /// Documentation, an assertion or network plumbing below here.
    reading: Reading,
    /// Inside a block that defines a topology member.
    definition: bool,
    /// Inside a block that runs a server of a service or a proxy in front
    /// of one (its `image`): the members its member keys name are its peers
    /// or backends (`REDIS_MASTER_HOST` of a replica or a Sentinel), of the
    /// server's service.
    server: Option<ServerImage>,
    /// The member whose name an enclosing mapping's condition tests for
    /// equality (Ansible's `when: leader == "db-master-01"`): that member's
    /// own addresses here are what its name maps to, a definition.
    guard: Option<Role>,
    /// A sibling `adapter:` of an enclosing mapping named this service.
    adapter: Option<ServiceContext>,
    /// Below a network key: key names give no service context.
    plumbing: bool,
    /// A string here is a shell command, a list a command array.
    shell: bool,
    /// A request a tool makes (`uri`): see `request_keys`.
    request: bool,
    /// The keys of the mapping here translate addresses (`natMap`).
    translation: bool,
    /// The entries here map host names to an address (`hostAliases`).
    aliases: bool,
    /// The list (sequence) a scalar here is an item of.
    group: Option<usize>,
    /// Whether the mapping here was already judged a member block or not.
    block_checked: bool,
    /// The innermost block here that an `[[allow]] blocks` entry names.
    block: Option<Arc<str>>,
    /// The ports of the env entries of the sequence here (`{name: DB_PORT,
    /// value: "5000"}`, `- DB_PORT=5000`): a flat namespace, where a host
    /// entry's port is the entry named for it.
    env_ports: Option<Arc<FlatPorts>>,
}

impl Frame {
    fn top() -> Self {
        Frame {
            reading: Reading::Configuration,
            definition: false,
            server: None,
            guard: None,
            adapter: None,
            plumbing: false,
            shell: false,
            request: false,
            translation: false,
            aliases: false,
            group: None,
            block_checked: false,
            block: None,
            env_ports: None,
        }
    }

    /// The frame of what a container holds: what its key said of it (a
    /// shell command, a translation map, a list) does not reach further down.
    fn below(&self) -> Self {
        Frame {
            group: None,
            shell: false,
            translation: false,
            block_checked: false,
            ..self.clone()
        }
    }
}

/// How deep below a block its own address key may be (`networks.NAME.ipv4_address`).
const ADDRESS_DEPTH: usize = 3;

struct DocumentVisitor<'a> {
    scanner: &'a Scanner<'a>,
    text: &'a str,
    hits: &'a [Hit],
    document: &'a Document,
    info: DocumentInfo,
    /// A Secret's top-level `data` mapping, whose base64 values may hide an
    /// address no search of the raw text sees.
    secret_data: Option<usize>,
    /// Whether the file may hold a block name an `[[allow]] blocks` entry
    /// matches: blocks are named only then.
    blocks_named: bool,
    /// Whether the file holds an `==`: only then may a condition name a
    /// member.
    equalities: bool,
}

/// The path segment of a sequence item: key paths leave items out.
const INDEX: &str = "[]";

impl<'a> DocumentVisitor<'a> {
    fn pack(&self) -> &Pack {
        self.scanner.pack
    }

    /// Visits node `id` at `path`; `siblings` is the mapping that holds it.
    fn node(
        &self,
        id: usize,
        path: &mut Vec<&'a str>,
        siblings: Option<usize>,
        frame: &Frame,
        scan: &mut FileScan,
    ) {
        if !self.may_hold_something(id) {
            return;
        }
        match &self.document.nodes[id] {
            YamlNode::Scalar { .. } => self.scalar(id, path, siblings, frame, scan),
            // A mapping keyed by bare numbers is a list written as a mapping
            // (pgAdmin's `Servers: {"1": {…}, "2": {…}}`): its values are items.
            YamlNode::Mapping(entries) if self.is_indexed(entries) => {
                let items: Vec<usize> = entries.iter().map(|&(_, value)| value).collect();
                self.sequence(id, &items, path, frame, scan);
            }
            YamlNode::Mapping(entries) => self.mapping(id, entries, path, frame, scan),
            YamlNode::Sequence(items) => self.sequence(id, items, path, frame, scan),
            YamlNode::Alias(_) => {}
        }
    }

    fn mapping(
        &self,
        id: usize,
        entries: &[(usize, usize)],
        path: &mut Vec<&'a str>,
        frame: &Frame,
        scan: &mut FileScan,
    ) {
        let mut inner = frame.below();
        inner.definition = frame.definition
            || (!frame.block_checked && self.is_member_block(id, path.last(), frame));
        if let Some(server) = self.server_of(entries) {
            inner.server = Some(server);
        }
        if let Some(adapter) = self.adapter_of(entries) {
            inner.adapter = Some(adapter);
        }
        if let Some(guard) = self.guard_of(entries) {
            inner.guard = Some(guard);
        }
        if let Some(block) = self.block_name(path.last(), entries) {
            inner.block = Some(block);
        }
        let secret_data = self.secret_data == Some(id);
        for &(key, value) in entries {
            if !self.may_hold_something(key) && !self.may_hold_something(value) {
                continue;
            }
            // Most Secret data hides no address: masked, and read no further.
            if secret_data
                && !self.has_hits_on_its_lines(key)
                && let YamlNode::Scalar { span, value, .. } = &self.document.nodes[value]
                && decode_secret(value).is_none_or(|decoded| {
                    self.scanner.matcher.find(self.pack(), &decoded).is_empty()
                })
            {
                scan.opaque.push(span.clone());
                continue;
            }
            let key_text = self.document.scalar(key).unwrap_or("?");
            // Whether the value is a member's own block, decided once here.
            // An entry with no value (`hosts: {10.0.0.120: }` of an Ansible
            // inventory) is a block with no settings.
            let member_block = !inner.definition
                && (matches!(self.document.nodes[value], YamlNode::Mapping(_))
                    || self.document.is_empty_scalar(value))
                && self.is_member_block(value, Some(&key_text), &inner);
            // The key of an alias entry (`extra_hosts: {db-master-01: …}`)
            // names the member it defines, as a member block's key does.
            let alias_entry = inner.aliases && alias_names_member(self.pack(), key_text);
            // A scalar keyed by an address (`{"10.0.0.120": primary}`) looks
            // the address up, as a `case` pattern does: the key connects to
            // nothing. A block under it may describe a connection.
            let lookup = is_address(key_text)
                && matches!(self.document.nodes[value], YamlNode::Scalar { .. })
                && !self.document.is_empty_scalar(value);
            if !frame.translation && !lookup {
                // The key of a member's own block names that member.
                if member_block || alias_entry {
                    let named = Frame {
                        definition: true,
                        ..inner.clone()
                    };
                    self.node(key, path, None, &named, scan);
                } else {
                    self.node(key, path, None, &inner, scan);
                }
            }
            // A workload's key is its name (a compose service `gateway`),
            // not a setting: its words say nothing of how what it runs reads.
            let facts = if self.runs_image(value) {
                KeyFacts::default()
            } else {
                self.pack().key_facts(key_text)
            };
            let mut child = inner.clone();
            child.definition |= member_block || facts.own_config;
            child.block_checked = true;
            if child.reading == Reading::Configuration {
                child.reading = reading_of(facts);
                // A play's target (`- hosts: db-master-01` beside `tasks:`)
                // names where its commands run: management, no connection.
                if facts.play_target && self.is_play(entries) {
                    child.reading = Reading::Management;
                }
            }
            child.plumbing = inner.plumbing || facts.network;
            child.shell = facts.shell;
            child.request |= facts.request;
            child.translation = facts.translation;
            child.aliases |= facts.alias;
            path.push(key_text);
            self.node(value, path, Some(id), &child, scan);
            path.pop();
        }
    }

    /// Whether every key of the mapping of `entries` is a bare number (an
    /// index).
    fn is_indexed(&self, entries: &[(usize, usize)]) -> bool {
        !entries.is_empty()
            && entries.iter().all(|&(key, _)| {
                self.document
                    .scalar(key)
                    .is_some_and(|key| !key.is_empty() && key.bytes().all(|b| b.is_ascii_digit()))
            })
    }

    /// Whether node `id` is a workload: a mapping that runs an `image`.
    fn runs_image(&self, id: usize) -> bool {
        let YamlNode::Mapping(entries) = &self.document.nodes[id] else {
            return false;
        };
        entries.iter().any(|&(key, _)| {
            self.document
                .scalar(key)
                .is_some_and(|key| self.pack().key_facts(key).image)
        })
    }

    /// What the mapping of `entries` runs, if a server or a proxy: its
    /// `image` is one of theirs, its command runs no client (a job on a
    /// `postgres` image that runs `psql -h …` is a client) and it is no job
    /// (`script:`: a CI job's commands run to their end).
    fn server_of(&self, entries: &[(usize, usize)]) -> Option<ServerImage> {
        let entries = &self.with_merged(entries)[..];
        let pack = self.pack();
        let key_facts = |key: usize| self.document.scalar(key).map(|key| pack.key_facts(key));
        // The key first: most values are no image, and reading one costs more.
        let server = entries.iter().find_map(|&(key, value)| {
            let image = self.document.scalar(value)?;
            if !key_facts(key)?.image {
                return None;
            }
            pack.image_runs(image)
                .map(|runs| ServerImage::new(runs, image))
        })?;
        let client = entries.iter().any(|&(key, value)| {
            key_facts(key).is_some_and(|facts| {
                facts.job
                    || (facts.shell
                        && self
                            .names_of(value)
                            .any(|command| shell::runs_client(pack, command)))
            })
        });
        (!client).then_some(server)
    }

    /// The entries of a mapping, then those it merges (`<<: *redis-base`,
    /// `<<: [*a, *b]`): its own win, as they come first.
    fn with_merged<'e>(&self, entries: &'e [(usize, usize)]) -> Cow<'e, [(usize, usize)]> {
        let merged = |&(key, value): &(usize, usize)| {
            (self.document.scalar(key) == Some("<<")).then_some(value)
        };
        if !entries.iter().any(|entry| merged(entry).is_some()) {
            return Cow::Borrowed(entries);
        }
        let mut all = entries.to_vec();
        for value in entries.iter().filter_map(merged) {
            let aliases = match &self.document.nodes[value] {
                YamlNode::Sequence(items) => items.clone(),
                _ => vec![value],
            };
            for alias in aliases {
                if let YamlNode::Alias(Some(anchor)) = self.document.nodes[alias]
                    && let YamlNode::Mapping(inherited) = &self.document.nodes[anchor]
                {
                    all.extend_from_slice(inherited);
                }
            }
        }
        Cow::Owned(all)
    }

    /// Whether the mapping of `entries` is an Ansible play.
    fn is_play(&self, entries: &[(usize, usize)]) -> bool {
        entries.iter().any(|&(key, _)| {
            self.document
                .scalar(key)
                .is_some_and(|key| self.pack().key_facts(key).play)
        })
    }

    fn sequence(
        &self,
        id: usize,
        items: &[usize],
        path: &mut Vec<&'a str>,
        frame: &Frame,
        scan: &mut FileScan,
    ) {
        let key = path.iter().rev().find(|s| !s.starts_with('['));
        let pack = self.pack();
        if frame.shell && frame.reading == Reading::Configuration {
            let words: Vec<Range<usize>> = items
                .iter()
                .filter_map(|&item| match &self.document.nodes[item] {
                    YamlNode::Scalar { span, .. } => Some(trim_quotes(self.text, span.clone())),
                    _ => None,
                })
                .collect();
            if words.len() == items.len() {
                let first = words.first().map_or(0, |w| w.start);
                let last = words.last().map_or(0, |w| w.end);
                let before = (scan.references.len(), scan.lists.len());
                let hits = hits_in(self.hits, &(first..last));
                if key.is_some_and(|key| pack.key_facts(key).job) {
                    // A job's items (`script:`, `commands:`) are command
                    // lines, each a script of its own, not one command's words.
                    for line in words {
                        shell::scan(self.scanner, self.text, line, hits, scan);
                    }
                } else {
                    shell::scan_argv(self.scanner, self.text, &words, hits, scan);
                }
                self.settle(before, id, frame, scan);
                return;
            }
        }
        if frame.reading == Reading::Configuration
            && let Some(name) = self.list_name(key.copied(), path)
        {
            let members: Vec<Member> = items
                .iter()
                .filter(|&&item| !self.is_lookup_pair(item))
                .filter_map(|&item| self.member_of_item(item))
                .collect();
            if let Some(span) = self.items_span(items) {
                let mut list = CandidateList::of(pack, &name, span, members);
                list.service = list.service.or_else(|| self.path_context(path));
                scan.lists.push(list);
            }
            return;
        }
        let connection = key.is_some_and(|k| pack.is_connection_key(k));
        let group = scan.group(connection);
        let env_ports = self.env_ports(items);
        for &item in items {
            if self.is_lookup_pair(item) {
                continue;
            }
            let mut child = frame.below();
            child.env_ports = env_ports.clone();
            let scalar = matches!(self.document.nodes[item], YamlNode::Scalar { .. });
            child.group = scalar.then_some(group);
            let before = scan.references.len();
            path.push(INDEX);
            self.node(item, path, None, &child, scan);
            path.pop();
            // A mapping item (`- host: 10.0.0.120`) or a tuple (`-
            // ["10.0.0.120", 5432]`) is a member of the list by the value
            // that names it, as in a leader-discovery list. A tuple's own
            // group of one gives way to the list's. The item's other
            // mentions of the node it names (a Consul registration's health
            // check on its own address) are that member too: the entry
            // describes that node, as every other entry does its own.
            if !scalar && let Some((named, tuple)) = self.member_scalar(item) {
                let span = &self.document.spans[named];
                let within = |r: &super::Reference| {
                    span.start <= r.hit.span.start && r.hit.span.end <= span.end
                };
                let own = scan.references[before..]
                    .iter()
                    .find(|r| within(r))
                    .map(|r| r.hit.target);
                // A list nested in the item (its `checks:`) gives way too,
                // unless it is a connection.
                let groups = &scan.groups;
                let joins = |g: Option<usize>| {
                    g.is_none_or(|g| g > group && groups.get(g).is_some_and(|g| !g.connection))
                };
                for reference in &mut scan.references[before..] {
                    if within(reference) {
                        if tuple {
                            reference.group = Some(group);
                        } else {
                            reference.group.get_or_insert(group);
                        }
                    } else if own == Some(reference.hit.target) && joins(reference.group) {
                        reference.group = Some(group);
                    }
                }
            }
        }
    }

    /// The ports of a sequence's env entries, a flat namespace (`{name:
    /// DB_PORT, value: "5000"}`, compose's `- DB_PORT=5000`), if any is one.
    fn env_ports(&self, items: &[usize]) -> Option<Arc<FlatPorts>> {
        let entries = items
            .iter()
            .filter_map(|&item| match &self.document.nodes[item] {
                YamlNode::Mapping(entries) => {
                    let named_value_keys = &self.pack().syntax.named_value_keys;
                    let value = entries.iter().find_map(|&(k, v)| {
                        let key = self.document.scalar(k)?;
                        named_value_keys.is_match(key).then_some(v)
                    })?;
                    Some((self.value_name(item)?, self.document.scalar(value)?))
                }
                YamlNode::Scalar { .. } => {
                    let entry = self.document.scalar(item)?;
                    let name = assigned_name(entry)?;
                    Some((name, &entry[name.len() + 1..]))
                }
                _ => None,
            });
        let ports = FlatPorts::of(entries);
        (!ports.is_empty()).then(|| Arc::new(ports))
    }

    /// Whether a sequence's item pairs an address with a word (`-
    /// ["10.0.0.120", primary]`, a test's table of cases): a lookup's entry,
    /// as a mapping's address key is, and as such a pair is in text.
    fn is_lookup_pair(&self, item: usize) -> bool {
        let YamlNode::Sequence(parts) = &self.document.nodes[item] else {
            return false;
        };
        let [address, word] = parts.as_slice() else {
            return false;
        };
        let (YamlNode::Scalar { span, value, .. }, Some(word)) =
            (&self.document.nodes[*address], self.document.scalar(*word))
        else {
            return false;
        };
        matches!(hits_in(self.hits, span), [hit] if self.text[hit.span.clone()] == *value)
            && is_lookup_word(self.pack(), word)
    }

    /// The member a list item names: a scalar item, or the first scalar of a
    /// mapping item that names something (`- host: 10.0.0.120`).
    fn member_of_item(&self, item: usize) -> Option<Member> {
        let span = self.document.spans.get(self.member_scalar(item)?.0)?;
        member(self.pack(), self.text, span.clone())
    }

    /// The scalar that names a list item's member: the item, the first
    /// value of a mapping item that names something, or the one scalar of a
    /// tuple that does (`["10.0.0.120", 5432, "primary"]`; a sequence with
    /// more is a list of its own), also as a mapping item's value (an
    /// EndpointSlice's `- addresses: ["10.0.0.123"]`). With it, whether it
    /// stands in such a nested sequence, whose own list gives way to the item's.
    fn member_scalar(&self, item: usize) -> Option<(usize, bool)> {
        // One address: a script or a text with several names no one member.
        let names = |value: &usize| match &self.document.nodes[*value] {
            YamlNode::Scalar { span, .. } => hits_in(self.hits, span).len() == 1,
            _ => false,
        };
        let one_naming = |values: &[usize]| {
            let mut naming = values.iter().filter(|value| names(value));
            let first = naming.next()?;
            naming.next().is_none().then_some((*first, true))
        };
        match &self.document.nodes[item] {
            YamlNode::Scalar { .. } => Some((item, false)),
            YamlNode::Mapping(entries) => {
                entries
                    .iter()
                    .find_map(|&(_, value)| match &self.document.nodes[value] {
                        YamlNode::Scalar { .. } => names(&value).then_some((value, false)),
                        YamlNode::Sequence(values) => one_naming(values),
                        _ => None,
                    })
            }
            YamlNode::Sequence(values) => one_naming(values),
            _ => None,
        }
    }

    /// From the first item's start to the last item's end.
    fn items_span(&self, items: &[usize]) -> Option<Range<usize>> {
        let first = items.first()?;
        let last = items.last()?;
        Some(self.document.spans[*first].start..self.document.spans[*last].end)
    }

    /// Whether node `id` may hold a reference or a secret worth masking: an
    /// address on one of its lines, or a Secret's `data` (which hides them).
    /// Most of a large document holds none, and is not walked.
    fn may_hold_something(&self, id: usize) -> bool {
        let span = &self.document.spans[id];
        if self.secret_data.is_some_and(|data| {
            let data = &self.document.spans[data];
            span.start < data.end && data.start < span.end
        }) {
            return true;
        }
        self.has_hits_on_its_lines(id)
    }

    /// Whether an address was found on a line of node `id`.
    fn has_hits_on_its_lines(&self, id: usize) -> bool {
        let span = &self.document.spans[id];
        let len = self.text.len();
        let span = span.start.min(len)..span.end.min(len);
        // A hit inside is on its lines: its lines (on a long line, the
        // whole line) are read only when none is.
        !hits_in(self.hits, &span).is_empty()
            || !hits_in(self.hits, &lines_of(self.text, &span)).is_empty()
    }

    /// Whether mapping `id` (the value of `key`, or a list item when `key`
    /// is an index) defines a topology member: its key, a name key
    /// (`hostname`, `container_name`; `name` for a list item) or its own
    /// address (`ipv4_address`, `ansible_host`, a few levels down) names a
    /// node, an endpoint or an infrastructure host. An entry that maps
    /// names to an address (`frame.aliases`) has no address of its own: only
    /// its names tell.
    fn is_member_block(&self, id: usize, key: Option<&&str>, frame: &Frame) -> bool {
        let pack = self.pack();
        let names_member = |text: &str| role_of_name(pack, text.trim()).is_some();
        let item = key.is_some_and(|k| k.starts_with('['));
        // An alias entry written as a mapping (Ansible's `add_host: {name:
        // …}`) is named as a list item is.
        let entry = || item || key.is_some_and(|k| pack.key_facts(k).alias);
        if key.is_some_and(|k| !item && names_member(k)) {
            return true;
        }
        let YamlNode::Mapping(entries) = &self.document.nodes[id] else {
            return false;
        };
        // A list item that holds its address and nothing else describes no
        // member: it is a list's member (`addresses: [{ip: 10.0.0.120}]` of a
        // Kubernetes Endpoints routes a Service to that node).
        let syntax = &pack.syntax;
        if let [(only, _)] = entries.as_slice()
            && item
            && self
                .document
                .scalar(*only)
                .is_some_and(|k| syntax.definition_address_keys.is_match(k))
        {
            return false;
        }
        // A block that logs in (a password, a user name, a connection
        // string's own keys: `sslmode`, `dbname`) is a client's saved
        // connection to the member it is named after (a GUI's profile per
        // node), not its definition.
        let logs_in = || {
            entries.iter().any(|&(k, _)| {
                self.document
                    .scalar(k)
                    .is_some_and(|key| pack.key_facts(key).login)
            })
        };
        entries.iter().any(|&(k, v)| {
            let Some(key) = self.document.scalar(k) else {
                return false;
            };
            // The value first: most name nothing, and key patterns cost more.
            // A list item names its member by a name key, or by an identity
            // (a record's `member`/`node`: `patronictl list -f json`).
            let named = self.names_of(v).any(names_member)
                && (syntax.definition_name_keys.is_match(key)
                    || (entry()
                        && (syntax.definition_item_keys.is_match(key)
                            || pack.key_facts(key).is_identity())));
            (named && !logs_in())
                || (!frame.aliases && self.own_address_within(v, key, ADDRESS_DEPTH))
        })
    }

    /// The one member whose name a condition of the mapping of `entries`
    /// (an `assertion_keys` entry: Ansible's `when`, a string or a list of
    /// them) tests for equality.
    fn guard_of(&self, entries: &[(usize, usize)]) -> Option<Role> {
        if !self.equalities {
            return None;
        }
        let pack = self.pack();
        // The value first: few hold an equality, and key patterns cost more.
        let mut named = entries
            .iter()
            .filter(|&&(k, v)| {
                self.names_of(v).any(|condition| condition.contains("=="))
                    && self
                        .document
                        .scalar(k)
                        .is_some_and(|key| pack.key_facts(key).assertion)
            })
            .flat_map(|&(_, v)| self.names_of(v))
            .flat_map(|condition| text::named_by_equality(pack, condition));
        let first = named.next()?;
        named.all(|other| other == first).then_some(first)
    }

    /// The name a sibling gives the `value` of mapping `map` (`name`,
    /// `key`, `option`: `value_name_keys`), or its other `named_value_keys`.
    fn value_name(&self, map: usize) -> Option<&str> {
        let YamlNode::Mapping(entries) = &self.document.nodes[map] else {
            return None;
        };
        let syntax = &self.pack().syntax;
        entries.iter().find_map(|&(k, v)| {
            let key = self.document.scalar(k)?;
            (!syntax.named_value_keys.is_match(key) && syntax.value_name_keys.is_match(key))
                .then(|| self.document.scalar(v))
                .flatten()
        })
    }

    /// The name an `[[allow]] blocks` entry gives the mapping `entries`, the
    /// value of `key`: its key, the value of a name key (`name`,
    /// `container_name`) or what it runs (`image`), whichever one matches.
    fn block_name(&self, key: Option<&&str>, entries: &[(usize, usize)]) -> Option<Arc<str>> {
        if !self.blocks_named {
            return None;
        }
        let pack = self.pack();
        let key = key.filter(|k| !k.starts_with('[')).copied();
        // An env entry's `name` names its value (`{name: EXPORTER_URL,
        // value: …}`), not a block.
        let env_entry = entries.iter().any(|&(k, _)| {
            self.document
                .scalar(k)
                .is_some_and(|key| pack.syntax.named_value_keys.is_match(key))
        });
        let named = entries.iter().filter(|_| !env_entry).filter_map(|&(k, v)| {
            let name_key = self.document.scalar(k)?;
            pack.key_facts(name_key)
                .names_block
                .then(|| self.document.scalar(v))
                .flatten()
        });
        key.into_iter()
            .chain(named)
            .find(|name| pack.names_a_block(name))
            .map(Arc::from)
    }

    /// The names node `id` gives: a scalar, or the scalars of a sequence
    /// (`hostnames: [db-master-01, db-master-01.internal]`).
    fn names_of(&self, id: usize) -> impl Iterator<Item = &str> {
        let items = match &self.document.nodes[id] {
            YamlNode::Sequence(items) => items.as_slice(),
            _ => &[],
        };
        self.document
            .scalar(id)
            .into_iter()
            .chain(items.iter().filter_map(|&item| self.document.scalar(item)))
    }

    /// Whether scalar `id` at `path`, an entry that maps names to an address
    /// (`extra_hosts: ["db-master-01:10.0.0.120"]`, or `{db-master-01:
    /// 10.0.0.120}`), names a member: it then defines that member.
    fn alias_entry_names_member(&self, id: usize, path: &[&str]) -> bool {
        let entry = match path.last() {
            Some(&INDEX) => self.document.scalar(id),
            key => key.copied(),
        };
        entry.is_some_and(|entry| alias_names_member(self.pack(), entry))
    }

    /// Whether node `id` (the value of `key`) gives the block that holds it
    /// its own address: an own-address key (`ipv4_address`, `ansible_host`)
    /// naming a member, directly or inside the block's network attachments
    /// (`networks: {NAME: {ipv4_address: …}}`, a list of them), never deeper.
    fn own_address_within(&self, id: usize, key: &str, depth: usize) -> bool {
        let pack = self.pack();
        let syntax = &pack.syntax;
        match &self.document.nodes[id] {
            YamlNode::Scalar { value, .. } => {
                role_of_name(pack, value.trim()).is_some()
                    && syntax.definition_address_keys.is_match(key)
            }
            _ if depth == 0 || !(depth < ADDRESS_DEPTH || pack.key_facts(key).network) => false,
            YamlNode::Mapping(entries) => entries.iter().any(|&(k, v)| {
                self.document
                    .scalar(k)
                    .is_some_and(|key| self.own_address_within(v, key, depth - 1))
            }),
            YamlNode::Sequence(items) => items
                .iter()
                .any(|&item| self.own_address_within(item, key, depth - 1)),
            _ => false,
        }
    }

    /// The service a sibling `adapter:`/`driver:` of a mapping names.
    fn adapter_of(&self, entries: &[(usize, usize)]) -> Option<ServiceContext> {
        entries.iter().find_map(|&(k, v)| {
            let key = self.document.scalar(k)?;
            adapter_context(self.pack(), key, self.document.scalar(v)?)
        })
    }

    /// Applies `frame` to what a scalar's scan added since `before`: outside
    /// configuration nothing is a reference or a list; inside a member block
    /// every reference is part of a definition.
    /// The text of node `within` is what a content rule judges of them,
    /// unless a narrower one was found inside it.
    fn settle(&self, before: (usize, usize), within: usize, frame: &Frame, scan: &mut FileScan) {
        let (references, lists) = before;
        if frame.reading != Reading::Configuration {
            scan.references.truncate(references);
            scan.lists.truncate(lists);
            return;
        }
        let content = self.document.spans.get(within);
        for reference in &mut scan.references[references..] {
            reference.enclosure.document = Some(self.info.facts.clone());
            reference.enclosure.definition |= frame.definition
                || frame
                    .guard
                    .is_some_and(|guard| reference.hit.target == Target::Known(guard));
            reference.enclosure.surround(content, frame.block.as_ref());
        }
    }

    /// Visits scalar `id` at `path`; `siblings` is the mapping that holds it.
    fn scalar(
        &self,
        id: usize,
        path: &[&str],
        siblings: Option<usize>,
        frame: &Frame,
        scan: &mut FileScan,
    ) {
        let before = (scan.references.len(), scan.lists.len());
        self.scalar_references(id, path, siblings, frame, scan);
        if frame.request {
            // A tool's request to a member's other program: per-node tooling.
            scan.drop_other_programs(self.pack(), before.0);
        }
        if frame.definition {
            return self.settle(before, id, frame, scan);
        }
        // A member key of a server's block names its peers (a replica's
        // master, a Sentinel's), a proxy's its backends: a definition.
        let peer = frame.server.as_ref().filter(|_| {
            scan.references.len() > before.0
                && self
                    .naming_key(id, path, siblings)
                    .is_some_and(|key| self.pack().key_facts(key).member)
        });
        if let Some(server) = peer {
            server.give_context(&mut scan.references[before.0..]);
        }
        if peer.is_some() || (frame.aliases && self.alias_entry_names_member(id, path)) {
            let entry = Frame {
                definition: true,
                ..frame.clone()
            };
            return self.settle(before, id, &entry, scan);
        }
        self.settle(before, id, frame, scan);
    }

    fn scalar_references(
        &self,
        id: usize,
        path: &[&str],
        siblings: Option<usize>,
        frame: &Frame,
        scan: &mut FileScan,
    ) {
        let YamlNode::Scalar { span, value, block } = &self.document.nodes[id] else {
            return;
        };
        let (span, block) = (span.clone(), *block);
        let hits = hits_in(self.hits, &span);
        let is_secret_data =
            self.info.kind.as_deref() == Some("Secret") && path.len() == 2 && path[0] == "data";
        if hits.is_empty() && !is_secret_data {
            // A secret on a line that holds an address may be printed with it.
            if !block
                && path.last().is_some_and(|k| self.pack().key_facts(k).secret)
                && !hits_in(self.hits, &lines_of(self.text, &span)).is_empty()
            {
                scan.secrets.push(trim_quotes(self.text, span));
            }
            return;
        }
        let key_path = key_path(path);
        let locator = match &self.info.object {
            Some(object) => format!("{object}:{key_path}"),
            None => key_path.clone(),
        };
        let key = self.naming_key(id, path, siblings);

        if is_secret_data {
            scan.opaque.push(span.clone());
            return self.secret_data(span, value, key.unwrap_or(""), &locator, scan);
        }
        if block && !frame.shell {
            return text::scan_within(
                self.scanner,
                self.text,
                span.start,
                Dialect::Plain,
                hits,
                scan,
            );
        }
        // A command (`run: psql -h …`, `command: sh -c "…"`) is shell.
        let first_word = value.split_whitespace().next().unwrap_or("");
        if frame.shell || shell::is_shell_word(self.pack(), first_word) {
            let inner = trim_quotes(self.text, span);
            return shell::scan(self.scanner, self.text, inner, hits, scan);
        }
        if let Some(name) = self.list_name(key, path) {
            let mut list = from_text(self.pack(), self.text, &name, span);
            list.service = list.service.or_else(|| self.path_context(path));
            scan.lists.push(list);
            return;
        }
        // `- CANDIDATE_IPS=a,b` in a compose environment list.
        if let Some((name, _)) = value
            .split_once('=')
            .filter(|(name, _)| is_list_name(self.pack(), name))
            && let Some(equals) = self.text[span.clone()].find('=')
        {
            scan.lists.push(from_text(
                self.pack(),
                self.text,
                name,
                span.start + equals + 1..span.end,
            ));
            return;
        }
        let mut located = Value::new(span, key, &locator);
        located.fallback = if frame.plumbing {
            None
        } else {
            self.path_context(path)
        };
        located.adapter = frame.adapter.clone();
        located.group = frame.group;
        let host_key = key.filter(|key| self.pack().key_facts(key).host);
        located.sibling_port = siblings
            .zip(host_key)
            .and_then(|(map, key)| self.sibling_port(map, key, value))
            .or_else(|| {
                let ports = frame.env_ports.as_ref()?;
                ports.of_host(self.pack(), host_key?, value)
            });
        analyze(self.pack(), self.text, &located, hits, scan);
    }

    /// The port of host key `host_key` in mapping `map`: its `port`
    /// (`{host: 10.0.0.123, port: 5432}`), as a connection string's `port=`
    /// is, or the key named for it in a flat map (`DB_HOST` and `DB_PORT` of
    /// an `environment:` map; see [`FlatPorts`]) unless `value` is a URL,
    /// which carries its own.
    fn sibling_port(&self, map: usize, host_key: &str, value: &str) -> Option<u16> {
        let YamlNode::Mapping(entries) = &self.document.nodes[map] else {
            return None;
        };
        let mut named: Option<Vec<String>> = None;
        entries.iter().find_map(|&(k, v)| {
            let key = self.document.scalar(k)?;
            let is_port = self.pack().syntax.port_keys.is_match(key)
                || !value.contains("://")
                    && named
                        .get_or_insert_with(|| self.pack().port_key_names(host_key))
                        .contains(&normalize_key(key).to_string());
            if !is_port {
                return None;
            }
            let value = self.document.scalar(v)?;
            value.trim().trim_matches(['"', '\'']).parse().ok()
        })
    }

    /// The key that says what scalar `id` at `path` is: a Kubernetes env
    /// entry's `name`, a compose environment item's `NAME=`, the key of
    /// the mapping a `value` or `default` is alone in naming it (an
    /// Action's `inputs: {pg-host: {default: …}}`, a JSON Schema property's
    /// `default`), else the nearest mapping key.
    fn naming_key<'s>(
        &'s self,
        id: usize,
        path: &[&'s str],
        siblings: Option<usize>,
    ) -> Option<&'s str> {
        let named_value_keys = &self.pack().syntax.named_value_keys;
        let named_value = path.last().is_some_and(|k| named_value_keys.is_match(k));
        let env_name = siblings
            .filter(|_| named_value)
            .and_then(|map| {
                self.value_name(map)
                    .or_else(|| path.iter().rev().nth(1).copied())
            })
            .filter(|name| !name.starts_with('['))
            .or_else(|| {
                path.last()
                    .filter(|k| k.starts_with('['))
                    .and_then(|_| self.document.scalar(id))
                    .and_then(assigned_name)
            });
        env_name.or_else(|| path.iter().rev().find(|s| !s.starts_with('[')).copied())
    }

    /// The list name of a value: its key (or env entry name), or its key
    /// path (`redis.sentinel.hosts`), if either is one.
    fn list_name(&self, key: Option<&str>, path: &[&str]) -> Option<String> {
        let pack = self.pack();
        let names = &self.scanner.list_names;
        if let Some(key) = key.filter(|k| names.may_appear_in(k) && is_list_name(pack, k)) {
            return Some(key.to_string());
        }
        let joined = key_path(path);
        (names.may_appear_in(&joined) && is_list_name(pack, &joined)).then_some(joined)
    }

    /// The service named by a word of an enclosing key (`postgresql.primary.host`).
    fn path_context(&self, path: &[&str]) -> Option<ServiceContext> {
        service_of_path(self.pack(), path).map(|service| ServiceContext {
            service,
            because: Because::KeyPath(key_path(path)),
        })
    }

    /// A base64 `Secret.data` value: the decoded text is scanned, and findings
    /// point at the encoded scalar.
    fn secret_data(
        &self,
        span: Range<usize>,
        encoded: &str,
        key: &str,
        locator: &str,
        scan: &mut FileScan,
    ) {
        let Some(decoded) = decode_secret(encoded) else {
            return;
        };
        let hits = self.scanner.matcher.find(self.pack(), &decoded);
        if hits.is_empty() {
            return;
        }
        let mut inner = FileScan::default();
        if is_list_name(self.pack(), key) {
            return; // a list hidden in a Secret: not a place discovery scripts read
        }
        let value = Value::new(0..decoded.len(), Some(key), locator);
        analyze(self.pack(), &decoded, &value, &hits, &mut inner);
        let value_span = super::value::trim_quotes(self.text, span);
        // The decoded value's lists (`…@10.0.0.121:5432,…@10.0.0.122:5432`)
        // become the file's.
        let groups: Vec<usize> = inner
            .groups
            .iter()
            .map(|group| scan.group(group.connection))
            .collect();
        for mut reference in inner.references {
            reference.group = reference.group.and_then(|g| groups.get(g).copied());
            let inner_span = std::mem::replace(&mut reference.hit.span, value_span.clone());
            reference.decoded = Some(Box::new(super::Decoded {
                how: format!("base64-decoded from Secret data key {key}"),
                span: inner_span,
            }));
            scan.references.push(reference);
        }
    }
}

/// The text a base64 `Secret.data` value encodes (line breaks and blanks
/// inside it ignored); `None` if it is not base64.
fn decode_secret(encoded: &str) -> Option<String> {
    let compact: String = encoded.split_whitespace().collect();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(compact.as_bytes())
        .ok()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// `postgresql.primary.host`: the mapping keys of a path (sequence indexes left out).
fn key_path(path: &[&str]) -> String {
    path.iter()
        .filter(|s| !s.starts_with('['))
        .copied()
        .collect::<Vec<_>>()
        .join(".")
}

/// The variable a `NAME=value` list item assigns (a compose `environment:`
/// entry), if the item is one.
fn assigned_name(item: &str) -> Option<&str> {
    let (name, _) = item.split_once('=')?;
    let mut bytes = name.bytes();
    let first = bytes.next()?;
    ((first.is_ascii_alphabetic() || first == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_'))
    .then_some(name)
}

/// Whether `text` is one IP address, with or without a port.
fn is_address(text: &str) -> bool {
    text.parse::<std::net::IpAddr>().is_ok() || text.parse::<std::net::SocketAddr>().is_ok()
}
