//! JSON, read into the tree every structured document shares (key paths,
//! lists, `{"name": …, "value": …}` env pairs), with a small linear parser
//! that keeps spans. JSON that does not parse (comments, trailing commas) is
//! read as text, without a note: JSON is text to topolint.

use crate::address::Hit;
use crate::prefilter::may_hold_secret;

use super::tree::{Document, TreeBuilder, YamlNode, scan_documents};
use super::{FileScan, Scanner, hits_in, line_end, line_start, text};

/// JSON larger than this (exports, dumps: data, not configuration) is read as
/// text, line by line: its structure costs more than it tells.
const MAX_STRUCTURED: usize = 256 * 1024;

/// Scans JSON.
pub fn scan(scanner: &Scanner, text: &str, hits: &[Hit], scan: &mut FileScan) {
    let documents = (text.len() <= MAX_STRUCTURED)
        .then(|| document(text, hits))
        .flatten();
    match documents {
        Some(documents) => scan_documents(scanner, text, hits, &documents, scan),
        None => text::scan_unparsed(scanner, text, hits, scan),
    }
}

/// The documents of a JSON text (one, or one per line of JSON Lines); `None`
/// when it is not JSON. Objects and arrays with no address on their lines
/// are kept as their span only: large exports are mostly that.
fn document(text: &str, hits: &[Hit]) -> Option<Vec<Document>> {
    let mut parser = JsonParser {
        bytes: text.as_bytes(),
        text,
        position: 0,
        tree: TreeBuilder::new("JSON"),
        ends: container_ends(text.as_bytes())?,
        hits,
        // A Secret's base64 data holds addresses no search can see.
        whole: may_hold_secret(text.as_bytes()),
    };
    parser.skip_blanks();
    if parser.position == parser.bytes.len() {
        return None;
    }
    while parser.position < parser.bytes.len() {
        parser.value()?;
        parser.tree.end_document();
        parser.skip_blanks();
    }
    Some(parser.tree.finish())
}

struct JsonParser<'t> {
    bytes: &'t [u8],
    text: &'t str,
    position: usize,
    tree: TreeBuilder,
    /// Each object or array: where it opens and where it closes, in order.
    ends: Vec<(usize, usize)>,
    hits: &'t [Hit],
    /// Build every node (no container is skipped).
    whole: bool,
}

/// Where each `{`/`[` outside strings opens and closes, in the order they
/// open: one pass, no allocation per value. `None` for brackets that do not
/// balance.
fn container_ends(bytes: &[u8]) -> Option<Vec<(usize, usize)>> {
    let mut ends = Vec::new();
    let mut open = Vec::new();
    let mut position = 0;
    while position < bytes.len() {
        match bytes[position] {
            b'"' => {
                position += 1;
                loop {
                    let at = memchr::memchr2(b'"', b'\\', &bytes[position..])? + position;
                    if bytes[at] == b'\\' {
                        position = at + 2;
                        continue;
                    }
                    position = at;
                    break;
                }
            }
            b'{' | b'[' => {
                open.push(ends.len());
                ends.push((position, 0));
            }
            b'}' | b']' => ends[open.pop()?].1 = position + 1,
            _ => {}
        }
        position += 1;
    }
    open.is_empty().then_some(ends)
}

impl JsonParser<'_> {
    fn skip_blanks(&mut self) {
        while self
            .bytes
            .get(self.position)
            .is_some_and(|b| b.is_ascii_whitespace())
        {
            self.position += 1;
        }
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        self.skip_blanks();
        (self.bytes.get(self.position) == Some(&byte)).then(|| self.position += 1)
    }

    /// One value, added to the tree.
    fn value(&mut self) -> Option<()> {
        self.skip_blanks();
        let start = self.position;
        let opens = matches!(self.bytes.get(start), Some(b'{' | b'['));
        if opens && !self.whole {
            let found = self
                .ends
                .binary_search_by_key(&start, |(open, _)| *open)
                .ok()?;
            let end = self.ends[found].1;
            let lines = line_start(self.bytes, 0, start)..line_end(self.bytes, end);
            if hits_in(self.hits, &lines).is_empty() {
                self.position = end;
                return self.tree.add(YamlNode::Alias(None), start..end).ok();
            }
        }
        match *self.bytes.get(start)? {
            b'{' => {
                self.position += 1;
                self.tree
                    .add(YamlNode::Mapping(Vec::new()), start..start)
                    .ok()?;
                self.members(b'}', true)?;
                self.tree.close(self.position);
            }
            b'[' => {
                self.position += 1;
                self.tree
                    .add(YamlNode::Sequence(Vec::new()), start..start)
                    .ok()?;
                self.members(b']', false)?;
                self.tree.close(self.position);
            }
            b'"' => {
                let value = self.string()?;
                let node = YamlNode::Scalar {
                    span: start..self.position,
                    value,
                    block: false,
                };
                self.tree.add(node, start..self.position).ok()?;
            }
            _ => {
                let length = self.bytes[start..]
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric() || b"+-.".contains(b))
                    .count();
                if length == 0 {
                    return None;
                }
                self.position += length;
                let node = YamlNode::Scalar {
                    span: start..self.position,
                    value: self.text[start..self.position].to_string(),
                    block: false,
                };
                self.tree.add(node, start..self.position).ok()?;
            }
        }
        Some(())
    }

    /// The members of an object (`key: value` pairs) or an array, up to `close`.
    fn members(&mut self, close: u8, keyed: bool) -> Option<()> {
        self.skip_blanks();
        if self.bytes.get(self.position) == Some(&close) {
            self.position += 1;
            return Some(());
        }
        loop {
            if keyed {
                self.skip_blanks();
                if self.bytes.get(self.position) != Some(&b'"') {
                    return None;
                }
                self.value()?;
                self.expect(b':')?;
            }
            self.value()?;
            self.skip_blanks();
            match self.bytes.get(self.position)? {
                b',' => self.position += 1,
                b if *b == close => {
                    self.position += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// A string at the current `"`, unescaped; the position moves past it.
    fn string(&mut self) -> Option<String> {
        let start = self.position + 1;
        let mut end = start;
        let mut escaped = false;
        loop {
            let at = memchr::memchr2(b'"', b'\\', &self.bytes[end..])? + end;
            if self.bytes[at] == b'\\' {
                escaped = true;
                end = at + 2;
                if end > self.bytes.len() {
                    return None;
                }
                continue;
            }
            end = at;
            break;
        }
        self.position = end + 1;
        let raw = &self.text[start..end];
        if !escaped {
            return Some(raw.to_string());
        }
        serde_json::from_str(&self.text[start - 1..=end]).ok()
    }
}

#[cfg(test)]
mod tests {
    use std::net::Ipv4Addr;

    use crate::address::{Form, Hit, Target};

    /// A hit on the first byte: every container holds an address.
    fn everywhere() -> Vec<Hit> {
        vec![Hit {
            span: 0..1,
            target: Target::UnknownPrivate(Ipv4Addr::new(10, 0, 0, 1)),
            form: Form::Ip,
        }]
    }

    #[test]
    fn objects_arrays_and_escapes() {
        let hits = everywhere();
        let parse = |text: &str| super::document(text, &hits);
        assert_eq!(
            parse(r#"{"a": [1, "x\"y", {"b": null}], "c": true}"#).map(|d| d.len()),
            Some(1)
        );
        assert!(parse("{\"a\": 1,}").is_none(), "a trailing comma");
        assert!(parse("// comment\n{}").is_none());
        assert!(parse("{\"a\": [}").is_none());
        assert_eq!(
            parse("{\"a\": 1}\n{\"a\": 2}\n").map(|d| d.len()),
            Some(2),
            "JSON Lines"
        );
    }

    #[test]
    fn containers_without_addresses_are_kept_as_spans() {
        let text = "{\n  \"a\": {\"x\": 1},\n  \"b\": 2\n}\n";
        let documents = super::document(text, &[]).expect("valid JSON");
        assert_eq!(documents.len(), 1);
    }
}
