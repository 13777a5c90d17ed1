//! Reading YAML definitions: mappings with their merge keys (`<<: *base`,
//! as compose files share a service's settings) resolved.

use crate::scan::{Document, YamlNode};

/// How long one definition file may take to parse.
const BUDGET: std::time::Duration = std::time::Duration::from_millis(500);

/// The documents of `text`, or none when it is not YAML.
pub fn documents(text: &str) -> Vec<Document> {
    crate::scan::yaml_documents(text, BUDGET).unwrap_or_default()
}

/// `id` itself, or the node its alias points at.
fn resolved(document: &Document, id: usize) -> usize {
    match document.node(id) {
        YamlNode::Alias(Some(target)) => *target,
        _ => id,
    }
}

/// The value of `key` in mapping `id`, looked up through merge keys.
pub fn get(document: &Document, id: usize, key: &str) -> Option<usize> {
    get_bounded(document, id, key, 8)
}

fn get_bounded(document: &Document, id: usize, key: &str, depth: usize) -> Option<usize> {
    let id = resolved(document, id);
    if let Some(value) = document.get(id, key) {
        return Some(resolved(document, value));
    }
    if depth == 0 {
        return None;
    }
    let merged = document.get(id, "<<")?;
    match document.node(resolved(document, merged)) {
        YamlNode::Sequence(items) => items
            .iter()
            .find_map(|&item| get_bounded(document, item, key, depth - 1)),
        _ => get_bounded(document, merged, key, depth - 1),
    }
}

/// The text of scalar `id`.
pub fn text(document: &Document, id: usize) -> Option<&str> {
    document.scalar(resolved(document, id))
}

/// The scalar text at `key` of mapping `id`.
pub fn text_at<'d>(document: &'d Document, id: usize, key: &str) -> Option<&'d str> {
    text(document, get(document, id, key)?)
}

/// The entries of mapping `id` with scalar keys (merge keys left out).
pub fn entries(document: &Document, id: usize) -> Vec<(&str, usize)> {
    match document.node(resolved(document, id)) {
        YamlNode::Mapping(entries) => entries
            .iter()
            .filter_map(|&(key, value)| {
                let key = document.scalar(key)?;
                (key != "<<").then(|| (key, resolved(document, value)))
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// As [`entries`], with each key's node (for its line).
pub fn keyed_entries(document: &Document, id: usize) -> Vec<(&str, usize, usize)> {
    match document.node(resolved(document, id)) {
        YamlNode::Mapping(entries) => entries
            .iter()
            .filter_map(|&(key, value)| {
                let text = document.scalar(key)?;
                (text != "<<").then(|| (text, key, resolved(document, value)))
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The items of sequence `id`.
pub fn items(document: &Document, id: usize) -> Vec<usize> {
    match document.node(resolved(document, id)) {
        YamlNode::Sequence(items) => items.iter().map(|&i| resolved(document, i)).collect(),
        _ => Vec::new(),
    }
}

/// Every scalar text under `id` (a command written as a string or a list).
pub fn all_text(document: &Document, id: usize) -> String {
    let id = resolved(document, id);
    match document.node(id) {
        YamlNode::Scalar { value, .. } => value.clone(),
        YamlNode::Sequence(items) => items
            .iter()
            .map(|&item| all_text(document, item))
            .collect::<Vec<_>>()
            .join(" "),
        _ => String::new(),
    }
}
