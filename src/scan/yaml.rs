//! YAML (`*.yaml`, `*.yml`, multi-document): every scalar with its key path.
//! Kubernetes env entries take their context from `name`; `Secret.data` is
//! base64-decoded and scanned; block scalars (ConfigMap files) are read as
//! embedded text. Aliases are never expanded (an anchor's value is reported
//! once, at the anchor) and nesting is bounded. YAML that does not parse
//! (Helm templates) is read as text, with a parse-error note.

use std::ops::Range;

use base64::Engine;
use saphyr_parser::{Event, Parser, ScalarStyle};

use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::address::{self, Hit};
use crate::pack::{Pack, Role};

use super::candidates::{from_text, is_list_name};
use super::value::{Value, analyze};
use super::{
    Because, DocumentFacts, FileScan, ParseNote, Scanner, ServiceContext, hits_in, shell, text,
};

/// Deeper documents are not configuration anyone writes; reading them as text
/// keeps the walk bounded.
const MAX_DEPTH: usize = 256;
/// Nodes per file, to bound memory on pathological input.
const MAX_NODES: usize = 2_000_000;

pub fn scan(scanner: &Scanner, text: &str, hits: &[Hit], scan: &mut FileScan) {
    match documents(text, scanner.pack.parse_budget) {
        Ok(documents) => {
            let mut handled = vec![false; hits.len()];
            for document in &documents {
                let visitor = DocumentVisitor {
                    scanner,
                    text,
                    hits,
                    document,
                    info: DocumentInfo::of(document, scanner.pack),
                };
                let mut path = Vec::new();
                visitor.node(document.root, &mut path, None, scan, &mut handled);
            }
            if scanner.pack.scan_comments {
                let unhandled: Vec<Hit> = hits
                    .iter()
                    .zip(&handled)
                    .filter(|(_, h)| !**h)
                    .map(|(hit, _)| hit.clone())
                    .collect();
                text::scan(scanner, text, &unhandled, scan);
            }
        }
        Err(note) => {
            scan.parse_errors.push(note);
            text::scan(scanner, text, hits, scan);
        }
    }
}

#[derive(Debug)]
enum YamlNode {
    Scalar {
        span: Range<usize>,
        value: String,
        block: bool,
    },
    Mapping(Vec<(usize, usize)>),
    Sequence(Vec<usize>),
    Alias,
}

struct Document {
    nodes: Vec<YamlNode>,
    root: usize,
}

impl Document {
    fn scalar(&self, id: usize) -> Option<&str> {
        match &self.nodes[id] {
            YamlNode::Scalar { value, .. } => Some(value),
            _ => None,
        }
    }

    /// The scalar value of `key` in mapping `id`.
    fn get(&self, id: usize, key: &str) -> Option<usize> {
        match &self.nodes[id] {
            YamlNode::Mapping(entries) => entries
                .iter()
                .find(|(k, _)| self.scalar(*k) == Some(key))
                .map(|(_, v)| *v),
            _ => None,
        }
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

fn documents(text: &str, budget: Duration) -> Result<Vec<Document>, ParseNote> {
    let deadline = Instant::now() + budget;
    let mut offsets = Offsets {
        text,
        ascii: text.is_ascii(),
        chars: 0,
        bytes: 0,
    };
    let mut documents = Vec::new();
    let mut nodes: Vec<YamlNode> = Vec::new();
    let mut root = None;
    // Open containers with the key waiting for its value.
    let mut stack: Vec<(usize, Option<usize>)> = Vec::new();
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|error| ParseNote {
            offset: offsets.byte(error.marker().index()),
            message: format!("not valid YAML ({}); read as text", error.info()),
        })?;
        let start = offsets.byte(span.start.index());
        let node = match event {
            Event::DocumentStart(_) => {
                nodes.clear();
                root = None;
                continue;
            }
            Event::DocumentEnd => {
                if let Some(root) = root.take() {
                    documents.push(Document {
                        nodes: std::mem::take(&mut nodes),
                        root,
                    });
                }
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                stack.pop();
                continue;
            }
            Event::Scalar(value, style, _, _) => {
                let end = offsets.byte(span.end.index());
                let block = matches!(style, ScalarStyle::Literal | ScalarStyle::Folded);
                YamlNode::Scalar {
                    span: start..end.max(start),
                    value: value.into_owned(),
                    block,
                }
            }
            Event::SequenceStart(..) => YamlNode::Sequence(Vec::new()),
            Event::MappingStart(..) => YamlNode::Mapping(Vec::new()),
            Event::Alias(_) => YamlNode::Alias,
            Event::StreamStart | Event::StreamEnd | Event::Nothing => continue,
        };
        if nodes.len().is_multiple_of(4096) && Instant::now() > deadline {
            let message = format!(
                "YAML parsing took longer than the parse budget ({} ms); read as text",
                budget.as_millis()
            );
            return Err(ParseNote {
                offset: start,
                message,
            });
        }
        if nodes.len() >= MAX_NODES {
            return Err(ParseNote {
                offset: start,
                message: format!("more than {MAX_NODES} YAML nodes; read as text"),
            });
        }
        let opens = matches!(node, YamlNode::Sequence(_) | YamlNode::Mapping(_));
        let id = nodes.len();
        nodes.push(node);
        match stack.last_mut() {
            None => root = Some(id),
            Some((parent, pending)) => match &mut nodes[*parent] {
                YamlNode::Sequence(items) => items.push(id),
                YamlNode::Mapping(entries) => match pending.take() {
                    Some(key) => entries.push((key, id)),
                    None => *pending = Some(id),
                },
                _ => {}
            },
        }
        if opens {
            if stack.len() >= MAX_DEPTH {
                return Err(ParseNote {
                    offset: start,
                    message: format!("YAML nested deeper than {MAX_DEPTH} levels; read as text"),
                });
            }
            stack.push((id, None));
        }
    }
    if let Some(root) = root {
        // A stream that ended without DocumentEnd.
        documents.push(Document { nodes, root });
    }
    Ok(documents)
}

/// What names a Kubernetes object, for locators.
struct DocumentInfo {
    kind: Option<String>,
    /// `Kind/namespace/name`, or nothing for plain YAML.
    object: Option<String>,
    facts: Arc<DocumentFacts>,
    /// docker-compose services that are a node themselves (by service name,
    /// `hostname`, `container_name` or `ipv4_address`).
    node_services: Vec<String>,
}

impl DocumentInfo {
    fn of(document: &Document, pack: &Pack) -> Self {
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
        let top_level_keys = match &document.nodes[document.root] {
            YamlNode::Mapping(entries) => entries
                .iter()
                .filter_map(|(k, _)| document.scalar(*k))
                .map(str::to_string)
                .collect(),
            _ => Vec::new(),
        };
        let facts = Arc::new(DocumentFacts {
            kind: kind.clone(),
            top_level_keys,
        });
        DocumentInfo {
            kind,
            object,
            facts,
            node_services: node_services(document, pack),
        }
    }
}

/// The docker-compose services of `document` that are nodes themselves.
fn node_services(document: &Document, pack: &Pack) -> Vec<String> {
    let Some(YamlNode::Mapping(services)) = document
        .get(document.root, "services")
        .map(|id| &document.nodes[id])
    else {
        return Vec::new();
    };
    let is_node = |name: &str| matches!(address::role_of_name(pack, name), Some(Role::Node(_)));
    let mut found = Vec::new();
    for &(key, service) in services {
        let Some(name) = document.scalar(key) else {
            continue;
        };
        let mut names = vec![name.to_string()];
        for field in ["hostname", "container_name"] {
            names.extend(
                document
                    .get(service, field)
                    .and_then(|id| document.scalar(id))
                    .map(str::to_string),
            );
        }
        if let Some(YamlNode::Mapping(networks)) = document
            .get(service, "networks")
            .map(|id| &document.nodes[id])
        {
            for &(_, network) in networks {
                names.extend(
                    document
                        .get(network, "ipv4_address")
                        .and_then(|id| document.scalar(id))
                        .map(str::to_string),
                );
            }
        }
        if names.iter().any(|n| is_node(n)) {
            found.push(name.to_string());
        }
    }
    found
}

struct DocumentVisitor<'a> {
    scanner: &'a Scanner<'a>,
    text: &'a str,
    hits: &'a [Hit],
    document: &'a Document,
    info: DocumentInfo,
}

impl DocumentVisitor<'_> {
    fn pack(&self) -> &Pack {
        self.scanner.pack
    }

    /// Visits node `id` at `path`; `siblings` is the mapping that holds it.
    fn node(
        &self,
        id: usize,
        path: &mut Vec<String>,
        siblings: Option<usize>,
        scan: &mut FileScan,
        handled: &mut [bool],
    ) {
        match &self.document.nodes[id] {
            YamlNode::Scalar { .. } => self.scalar(id, path, siblings, scan, handled),
            YamlNode::Mapping(entries) => {
                for &(key, value) in entries {
                    let key_text = self.document.scalar(key).unwrap_or("?").to_string();
                    self.scalar(key, path, None, scan, handled);
                    path.push(key_text);
                    self.node(value, path, Some(id), scan, handled);
                    path.pop();
                }
            }
            YamlNode::Sequence(items) => {
                for (index, &item) in items.iter().enumerate() {
                    path.push(format!("[{index}]"));
                    self.node(item, path, None, scan, handled);
                    path.pop();
                }
            }
            YamlNode::Alias => {}
        }
    }

    /// Visits scalar `id` at `path`; `siblings` is the mapping that holds it.
    fn scalar(
        &self,
        id: usize,
        path: &[String],
        siblings: Option<usize>,
        scan: &mut FileScan,
        handled: &mut [bool],
    ) {
        let before = scan.references.len();
        self.scalar_references(id, path, siblings, scan, handled);
        let in_node_service =
            path.len() >= 2 && path[0] == "services" && self.info.node_services.contains(&path[1]);
        for reference in &mut scan.references[before..] {
            reference.enclosure.document = Some(self.info.facts.clone());
            reference.enclosure.in_node_service = in_node_service;
        }
    }

    fn scalar_references(
        &self,
        id: usize,
        path: &[String],
        siblings: Option<usize>,
        scan: &mut FileScan,
        handled: &mut [bool],
    ) {
        let YamlNode::Scalar { span, value, block } = &self.document.nodes[id] else {
            return;
        };
        let (span, block) = (span.clone(), *block);
        let first = self.hits.partition_point(|h| h.span.start < span.start);
        let hits = hits_in(self.hits, &span);
        let is_secret_data =
            self.info.kind.as_deref() == Some("Secret") && path.len() == 2 && path[0] == "data";
        if hits.is_empty() && !is_secret_data {
            return;
        }
        for flag in &mut handled[first..first + hits.len()] {
            *flag = true;
        }
        let key_path = key_path(path);
        let locator = match &self.info.object {
            Some(object) => format!("{object}:{key_path}"),
            None => key_path.clone(),
        };
        // The key that says what the value is: a Kubernetes env entry's `name`,
        // else the nearest mapping key.
        let env_name = siblings
            .filter(|_| path.last().is_some_and(|k| k == "value"))
            .and_then(|map| self.document.get(map, "name"))
            .and_then(|name| self.document.scalar(name));
        let key = env_name.or_else(|| {
            path.iter()
                .rev()
                .find(|s| !s.starts_with('['))
                .map(String::as_str)
        });

        if is_secret_data {
            scan.opaque.push(span.clone());
            return self.secret_data(span, value, key.unwrap_or(""), &locator, scan);
        }
        if block {
            return text::scan(self.scanner, self.text, hits, scan);
        }
        // A command line (`run: psql -h …`) is shell.
        let first_word = value.split_whitespace().next().unwrap_or("");
        if shell::is_shell_word(
            self.pack(),
            first_word.rsplit('/').next().unwrap_or(first_word),
        ) {
            let inner = super::value::trim_quotes(self.text, span);
            return shell::scan(self.scanner, self.text, inner, hits, scan);
        }
        if let Some(name) = key.filter(|k| is_list_name(self.pack(), k)) {
            scan.lists
                .push(from_text(self.pack(), self.text, name, span));
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
        located.fallback = self.path_context(path);
        analyze(self.pack(), self.text, &located, hits, scan);
    }

    /// The service named by a word of an enclosing key (`postgresql.primary.host`).
    fn path_context(&self, path: &[String]) -> Option<ServiceContext> {
        path.iter().rev().find_map(|segment| {
            words(segment).find_map(|word| {
                self.pack()
                    .services
                    .iter()
                    .position(|s| s.path_words.contains(&word))
                    .map(|service| ServiceContext {
                        service,
                        because: Because::KeyPath(key_path(path)),
                    })
            })
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
        let compact: String = encoded.split_whitespace().collect();
        let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(compact.as_bytes()) else {
            return;
        };
        let decoded = String::from_utf8_lossy(&bytes);
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
        for mut reference in inner.references {
            reference.hit.span = value_span.clone();
            reference.decoded = Some(format!("base64-decoded from Secret data key {key}"));
            scan.references.push(reference);
        }
    }
}

/// `postgresql.primary.host`: the mapping keys of a path (sequence indexes left out).
fn key_path(path: &[String]) -> String {
    path.iter()
        .filter(|s| !s.starts_with('['))
        .cloned()
        .collect::<Vec<_>>()
        .join(".")
}

/// The lowercase words of a key: split on punctuation and camelCase.
fn words(key: &str) -> impl Iterator<Item = String> + '_ {
    let mut spaced = String::with_capacity(key.len() + 4);
    let mut previous_lower = false;
    for c in key.chars() {
        if c.is_ascii_uppercase() && previous_lower {
            spaced.push(' ');
        }
        previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        spaced.push(if c.is_ascii_alphanumeric() {
            c.to_ascii_lowercase()
        } else {
            ' '
        });
    }
    spaced
        .split_whitespace()
        .map(str::to_string)
        .collect::<Vec<_>>()
        .into_iter()
}
