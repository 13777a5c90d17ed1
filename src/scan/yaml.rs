//! YAML (`*.yaml`, `*.yml`, multi-document), parsed with saphyr into the
//! tree every structured document shares (see [`super::tree`]). YAML that
//! does not parse (Helm templates) is read as text, with a parse-error note.

use std::time::{Duration, Instant};

use saphyr_parser::{Event, Parser, ScalarStyle};

use crate::address::Hit;

use super::tree::{Document, TreeBuilder, YamlNode, scan_documents};
use super::{Dialect, FileScan, ParseNote, Scanner, text};

/// Scans YAML.
pub fn scan(scanner: &Scanner, text: &str, hits: &[Hit], scan: &mut FileScan) {
    match documents(text, scanner.pack.parse_budget) {
        Ok(documents) => scan_documents(scanner, text, hits, &documents, scan),
        Err(note) => {
            scan.parse_errors.push(note);
            text::scan(scanner, text, Dialect::Plain, hits, scan);
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

/// The documents of a YAML text, within `budget`.
pub(crate) fn documents(text: &str, budget: Duration) -> Result<Vec<Document>, ParseNote> {
    let deadline = Instant::now() + budget;
    let mut offsets = Offsets {
        text,
        ascii: text.is_ascii(),
        chars: 0,
        bytes: 0,
    };
    let mut tree = TreeBuilder::new("YAML");
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|error| ParseNote {
            offset: offsets.byte(error.marker().index()),
            message: format!("not valid YAML ({}); read as text", error.info()),
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
                tree.anchor_next(anchor);
                let block = matches!(style, ScalarStyle::Literal | ScalarStyle::Folded);
                let node = YamlNode::Scalar {
                    span: start..end.max(start),
                    value: value.into_owned(),
                    block,
                };
                tree.add(node, start..end.max(start))?;
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
            return Err(ParseNote {
                offset: start,
                message,
            });
        }
        tree.add(node, start..start)?;
    }
    Ok(tree.finish())
}
