//! Finding a syntax tree's nodes by byte range, and a node's ancestors, at a
//! cost that does not grow with a node's width. tree-sitter walks a node's
//! children one by one to descend (`descendant_for_byte_range`) and to
//! climb (`Node::parent` descends again from the root), and a script the
//! parser lost its way in is one error node of tens of thousands of
//! children: each address then cost a walk through all of them (1.2 MB of
//! unclosed brackets and quotes took half a minute). Here a wide node's
//! children are listed once and searched by halves.

use std::cell::RefCell;
use std::collections::HashMap;

use tree_sitter::{Node as SyntaxNode, Tree};

/// How many children a node has before they are listed for searching by
/// halves: below it, a walk through them is cheaper than a list.
const WIDE: u32 = 32;

/// How deep a path goes: one deeper is cut there. No script people write
/// nests so deep, and a path costs its depth, per address (20 000 nested
/// `$(…)` with an address at each level took minutes).
pub(super) const MAX_DEPTH: usize = 256;

pub(super) struct Locator<'t> {
    root: SyntaxNode<'t>,
    /// The children of each wide node, by node id, listed on first descent.
    wide: RefCell<HashMap<usize, Vec<SyntaxNode<'t>>>>,
}

impl<'t> Locator<'t> {
    pub(super) fn new(tree: &'t Tree) -> Self {
        Locator {
            root: tree.root_node(),
            wide: RefCell::default(),
        }
    }

    /// The smallest node that holds `start..end`, as
    /// `Node::descendant_for_byte_range` finds it for a range that is not
    /// empty; none deeper than [`MAX_DEPTH`].
    pub(super) fn descendant(&self, start: usize, end: usize) -> Option<SyntaxNode<'t>> {
        let path = self.descend(start, end, None);
        (start <= end && path.len() <= MAX_DEPTH).then(|| *path.last().unwrap_or(&self.root))
    }

    /// The nodes from the root down to the smallest node that holds
    /// `start..end`, both included; longer than [`MAX_DEPTH`] where the
    /// path was cut.
    pub(super) fn path_to_range(&self, start: usize, end: usize) -> Vec<SyntaxNode<'t>> {
        self.descend(start, end, None)
    }

    /// The nodes from the root down to `node`, both included (down to the
    /// node nearest it, should it not be found).
    pub(super) fn path_to<'n>(&self, node: SyntaxNode<'n>) -> Vec<SyntaxNode<'n>>
    where
        't: 'n,
    {
        self.descend(node.start_byte(), node.end_byte(), Some(node.id()))
    }

    /// The node `node` is a child of.
    pub(super) fn parent<'n>(&self, node: SyntaxNode<'n>) -> Option<SyntaxNode<'n>>
    where
        't: 'n,
    {
        let mut path = self.path_to(node);
        match path.pop() {
            Some(last) if last.id() == node.id() => path.pop(),
            _ => node.parent(),
        }
    }

    /// The nearest ancestor of `node` of `kind`.
    pub(super) fn ancestor<'n>(&self, node: SyntaxNode<'n>, kind: &str) -> Option<SyntaxNode<'n>>
    where
        't: 'n,
    {
        self.ancestors(node)
            .find(|ancestor| ancestor.kind() == kind)
    }

    /// The ancestors of `node`, nearest first.
    pub(super) fn ancestors<'n>(&self, node: SyntaxNode<'n>) -> impl Iterator<Item = SyntaxNode<'n>>
    where
        't: 'n,
    {
        let mut path = self.path_to(node);
        if path.last().is_some_and(|last| last.id() == node.id()) {
            path.pop();
        }
        path.into_iter().rev()
    }

    /// The child of `node` that holds byte `offset`.
    pub(super) fn child_at(&self, node: SyntaxNode<'t>, offset: usize) -> Option<SyntaxNode<'t>> {
        let holds = |child: &SyntaxNode| child.start_byte() <= offset && offset < child.end_byte();
        if node.child_count() > WIDE {
            let mut wide = self.wide.borrow_mut();
            let children = children_of(&mut wide, node);
            let first = children.partition_point(|child| child.end_byte() <= offset);
            return children.get(first).filter(|child| holds(child)).copied();
        }
        let mut cursor = node.walk();
        node.children(&mut cursor).find(holds)
    }

    /// The path from the root down to the smallest node that holds
    /// `start..end`, or down to the node `target` if given, cut one node
    /// past [`MAX_DEPTH`]. A child is
    /// chosen as tree-sitter chooses it: the first that reaches the range's
    /// end and goes past its start (or, empty, touches it), starting no
    /// later than the range.
    fn descend(&self, start: usize, end: usize, target: Option<usize>) -> Vec<SyntaxNode<'t>> {
        let mut path = vec![self.root];
        let mut node = self.root;
        while Some(node.id()) != target && path.len() <= MAX_DEPTH {
            let Some(child) = self.child_holding(node, start, end, target) else {
                break;
            };
            path.push(child);
            node = child;
        }
        path
    }

    fn child_holding(
        &self,
        node: SyntaxNode<'t>,
        start: usize,
        end: usize,
        target: Option<usize>,
    ) -> Option<SyntaxNode<'t>> {
        if node.child_count() > WIDE {
            let mut wide = self.wide.borrow_mut();
            let children = children_of(&mut wide, node);
            // Siblings end in order: those before this one end short of the range.
            let first = children.partition_point(|child| child.end_byte() < end);
            return first_holding(children[first..].iter().copied(), start, end, target);
        }
        let mut cursor = node.walk();
        first_holding(node.children(&mut cursor), start, end, target)
    }
}

/// Among `children`, the one tree-sitter descends into for `start..end`,
/// or `target` itself.
fn first_holding<'t>(
    children: impl IntoIterator<Item = SyntaxNode<'t>>,
    start: usize,
    end: usize,
    target: Option<usize>,
) -> Option<SyntaxNode<'t>> {
    for child in children {
        if Some(child.id()) == target {
            return Some(child);
        }
        let is_empty = child.start_byte() == child.end_byte();
        let reaches = child.end_byte() >= end
            && if is_empty {
                child.end_byte() >= start
            } else {
                child.end_byte() > start
            };
        // Looking for one node, an empty one at its place is another.
        if !reaches || (target.is_some() && is_empty) {
            continue;
        }
        return (child.start_byte() <= start).then_some(child);
    }
    None
}

/// `node`'s children, listed on first use.
fn children_of<'m, 't>(
    wide: &'m mut HashMap<usize, Vec<SyntaxNode<'t>>>,
    node: SyntaxNode<'t>,
) -> &'m [SyntaxNode<'t>] {
    wide.entry(node.id()).or_insert_with(|| {
        let mut cursor = node.walk();
        node.children(&mut cursor).collect()
    })
}

#[cfg(test)]
mod tests {
    use tree_sitter::{Parser, Tree};

    use super::{Locator, MAX_DEPTH, WIDE};

    fn parse(script: &str) -> Tree {
        let mut parser = Parser::new();
        parser
            .set_language(&tree_sitter_bash::LANGUAGE.into())
            .expect("the bash grammar loads");
        parser
            .parse(script, None)
            .expect("a parse without budget ends")
    }

    /// Scripts with narrow and wide nodes, well formed and not: a long
    /// list of statements, an array of many words, and lines the parser
    /// loses its way in (an error node of many children).
    fn scripts() -> Vec<String> {
        let statements: String = (0..2 * WIDE)
            .map(|i| format!("psql -h db-{i} -c 'select {i}'\n"))
            .collect();
        let words: String = (0..2 * WIDE).map(|i| format!(" 10.0.0.{i}")).collect();
        let unclosed: String = (0..WIDE)
            .map(|i| format!("x = call(\"10.0.0.{i}\", \n$(echo 10.0.0.{i} $(\nif [ \"$a\" == \"b\" ]; then (\n"))
            .collect();
        vec![
            format!("cat <<EOF > f\nhost=10.0.0.1\nEOF\n: \"${{A:-}}\" ''\n{statements}"),
            format!("NODES=({words})\nfor n in{words}; do ssh \"$n\"; done\n"),
            unclosed,
        ]
    }

    #[test]
    fn it_finds_what_tree_sitter_finds_for_every_non_empty_range() {
        for script in scripts() {
            let tree = parse(&script);
            let root = tree.root_node();
            let locator = Locator::new(&tree);
            let step = (script.len() / 400).max(1);
            for start in (0..=script.len()).step_by(step) {
                for end in (start + 1..=script.len()).step_by(step).take(60) {
                    assert_eq!(
                        locator.descendant(start, end),
                        root.descendant_for_byte_range(start, end),
                        "{start}..{end} of {script:?}"
                    );
                }
            }
        }
    }

    /// Every node of `tree`, parents before children.
    fn nodes(tree: &Tree) -> Vec<tree_sitter::Node<'_>> {
        let mut nodes = Vec::new();
        let mut stack = vec![tree.root_node()];
        while let Some(node) = stack.pop() {
            nodes.push(node);
            let mut cursor = node.walk();
            stack.extend(node.children(&mut cursor));
        }
        nodes
    }

    #[test]
    fn it_climbs_from_every_node_as_tree_sitter_does() {
        for script in scripts() {
            let tree = parse(&script);
            let locator = Locator::new(&tree);
            let nodes = nodes(&tree);
            assert!(
                nodes.iter().any(|node| node.child_count() > WIDE),
                "a wide node in {script:?}"
            );
            for node in nodes {
                assert_eq!(locator.parent(node), node.parent(), "{node:?}");
                assert_eq!(locator.path_to(node).last(), Some(&node), "{node:?}");
                let ancestor = std::iter::successors(node.parent(), |n| n.parent())
                    .find(|n| n.kind() == "command");
                assert_eq!(locator.ancestor(node, "command"), ancestor, "{node:?}");
            }
        }
    }

    #[test]
    fn the_child_at_an_offset_is_the_first_that_holds_it() {
        for script in scripts() {
            let tree = parse(&script);
            let locator = Locator::new(&tree);
            for node in nodes(&tree) {
                let mut cursor = node.walk();
                let children: Vec<_> = node.children(&mut cursor).collect();
                for offset in node.start_byte()..node.end_byte() {
                    let expected = children
                        .iter()
                        .find(|c| c.start_byte() <= offset && offset < c.end_byte());
                    assert_eq!(locator.child_at(node, offset).as_ref(), expected);
                }
            }
        }
    }

    #[test]
    fn a_path_is_cut_past_the_deepest_a_script_nests() {
        let levels = 2 * MAX_DEPTH;
        let script = "$(echo 10.0.0.120 ".repeat(levels) + &")".repeat(levels);
        let tree = parse(&script);
        let locator = Locator::new(&tree);
        let last = script.rfind("10.0.0.120").expect("an address");
        let path = locator.path_to_range(last, last + "10.0.0.120".len());
        assert_eq!(path.len(), MAX_DEPTH + 1);
        assert_eq!(locator.descendant(last, last + 1), None);
        let first = script.find("10.0.0.120").expect("an address");
        assert!(locator.descendant(first, first + 1).is_some());
    }
}
