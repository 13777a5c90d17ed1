//! Shell scripts (and shell-like lines of other files), parsed with
//! tree-sitter-bash. Each address is classified by the syntax around it:
//! assignments and arrays, client commands and their host flags, `vault
//! write database/config/…`, heredocs, and what is *not* configuration —
//! comments, human text (`echo` to the terminal), comparison operands and
//! `case` patterns, and container-management names (`docker exec NAME`).

use std::cell::RefCell;
use std::ops::Range;

use std::ops::ControlFlow;
use std::time::{Duration, Instant};

use tree_sitter::{Node as SyntaxNode, ParseOptions, ParseState, Parser, Point, Tree};

use crate::address::Hit;
use crate::pack::Pack;

use super::candidates::{CandidateList, is_list_name, member, service_of_name};
use super::value::{Value, analyze};
use super::{
    Because, FileScan, ParseNote, Scanner, ServiceContext, hits_in, normalized, strip_quotes,
};

/// Commands whose name argument is a container or pod, not a network host:
/// (command, subcommands). Management is not connection.
const MANAGEMENT: &[(&str, &[&str])] = &[
    (
        "docker",
        &[
            "exec", "start", "stop", "restart", "logs", "inspect", "kill", "rm", "pause",
            "unpause", "top", "attach", "port",
        ],
    ),
    (
        "podman",
        &[
            "exec", "start", "stop", "restart", "logs", "inspect", "kill", "rm",
        ],
    ),
    (
        "kubectl",
        &[
            "exec",
            "logs",
            "describe",
            "delete",
            "port-forward",
            "attach",
            "cp",
        ],
    ),
];

/// Shell builtins that compare values (`test a = b`, `[ a = b ]`).
const COMPARISONS: &[&str] = &["test", "["];

thread_local! {
    /// One parser per worker thread, built on first use.
    static PARSER: RefCell<Option<Parser>> = const { RefCell::new(None) };
}

/// The syntax tree of `source`, or `None` when the parser exceeds `budget`.
fn parse(source: &str, budget: Duration) -> Option<Tree> {
    PARSER.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            let mut parser = Parser::new();
            parser
                .set_language(&tree_sitter_bash::LANGUAGE.into())
                .ok()?;
            *slot = Some(parser);
        }
        let parser = slot.as_mut()?;
        let deadline = Instant::now() + budget;
        let mut progress = |_: &ParseState| {
            if Instant::now() > deadline {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        };
        let bytes = source.as_bytes();
        let mut read = |offset: usize, _: Point| bytes.get(offset..).unwrap_or_default();
        let tree = parser.parse_with_options(
            &mut read,
            None,
            Some(ParseOptions::new().progress_callback(&mut progress)),
        );
        if tree.is_none() {
            parser.reset(); // a cancelled parse must not leak into the next one
        }
        tree
    })
}

/// Whether a line of another file is shell for topolint: its first command
/// word is one whose arguments matter (a client, `vault`, human text,
/// management or `ssh`).
pub fn is_shell_word(pack: &Pack, word: &str) -> bool {
    word == "vault"
        || word == "ssh"
        || pack.human_text_commands.iter().any(|c| c == word)
        || pack
            .services
            .iter()
            .any(|s| s.commands.iter().any(|c| c.name == word))
        || MANAGEMENT.iter().any(|(name, _)| *name == word)
}

/// Scans `range` of `text` as shell.
pub fn scan(scanner: &Scanner, text: &str, range: Range<usize>, hits: &[Hit], scan: &mut FileScan) {
    let hits = hits_in(hits, &range);
    let source = &text[range.clone()];
    let Some(tree) = parse(source, scanner.pack.parse_budget) else {
        // Over the parse budget: read as text rather than drop it, and say so.
        scan.parse_errors.push(ParseNote {
            offset: range.start,
            message: format!(
                "shell parsing took longer than the parse budget ({} ms); read as text",
                scanner.pack.parse_budget.as_millis()
            ),
        });
        return super::text::scan_plain(scanner, text, hits, scan);
    };
    let view = View {
        pack: scanner.pack,
        text,
        base: range.start,
        tree: &tree,
    };
    // Walking the whole tree for lists is a third of a shell file's cost: only
    // when a list name can be there.
    let (lists, list_values) = if scanner.list_names.may_appear_in(source) {
        view.candidate_lists()
    } else {
        (Vec::new(), Vec::new())
    };
    for hit in hits {
        if list_values
            .iter()
            .any(|v| v.start <= hit.span.start && hit.span.end <= v.end)
        {
            continue; // judged with its list
        }
        view.classify(hit, scan);
    }
    scan.lists.extend(lists);
}

struct View<'a> {
    pack: &'a Pack,
    /// The whole file; tree offsets are relative to `base`.
    text: &'a str,
    base: usize,
    tree: &'a Tree,
}

impl<'a> View<'a> {
    fn range(&self, node: SyntaxNode) -> Range<usize> {
        self.base + node.start_byte()..self.base + node.end_byte()
    }

    fn source(&self, node: SyntaxNode) -> &'a str {
        &self.text[self.range(node)]
    }

    /// Every assignment to a leader-discovery list (`V=(…)`, `V+=(…)`,
    /// `V="a b"`, `declare -a V=(…)`), and the ranges of all their values;
    /// `+=` extends the list it appends to.
    fn candidate_lists(&self) -> (Vec<CandidateList>, Vec<Range<usize>>) {
        let mut lists: Vec<CandidateList> = Vec::new();
        let mut values = Vec::new();
        let mut cursor = self.tree.walk();
        loop {
            let node = cursor.node();
            if node.kind() == "variable_assignment"
                && let (Some(name), Some(value)) = (
                    node.child_by_field_name("name"),
                    node.child_by_field_name("value"),
                )
            {
                let name_text = self.source(name);
                if is_list_name(self.pack, name_text) {
                    let appends = self.text[self.base + name.end_byte()..].starts_with("+=");
                    let list = self.list(name_text, value);
                    values.push(list.span.clone());
                    match lists
                        .iter_mut()
                        .find(|l| l.name == name_text)
                        .filter(|_| appends)
                    {
                        Some(existing) => existing.members.extend(list.members),
                        None => lists.push(list),
                    }
                }
            }
            if cursor.goto_first_child() {
                continue;
            }
            while !cursor.goto_next_sibling() {
                if !cursor.goto_parent() {
                    return (lists, values);
                }
            }
        }
    }

    fn list(&self, name: &str, value: SyntaxNode) -> CandidateList {
        let span = self.range(value);
        if value.kind() != "array" {
            return super::candidates::from_text(self.pack, self.text, name, span);
        }
        let mut cursor = value.walk();
        let members = value
            .named_children(&mut cursor)
            .filter(|element| element.kind() != "comment")
            .filter_map(|element| member(self.pack, self.text, self.range(element)))
            .collect();
        CandidateList {
            name: name.to_string(),
            span,
            members,
            service: service_of_name(self.pack, name),
        }
    }

    /// Decides what an address is by the syntax around it, and reports it if
    /// it is configuration.
    fn classify(&self, hit: &Hit, scan: &mut FileScan) {
        let start = hit.span.start - self.base;
        let end = hit.span.end - self.base;
        let Some(mut node) = self.tree.root_node().descendant_for_byte_range(start, end) else {
            return;
        };
        loop {
            match node.kind() {
                "comment" => {
                    if self.pack.scan_comments {
                        self.value(node, None, None, hit, scan);
                    }
                    return;
                }
                "test_command" => return,
                "case_item" if self.is_case_pattern(node, start) => return,
                "heredoc_body" => return self.heredoc(node, hit, scan),
                "variable_assignment" => {
                    let key = node.child_by_field_name("name").map(|n| self.source(n));
                    let value = node.child_by_field_name("value").unwrap_or(node);
                    return self.value(value, key, None, hit, scan);
                }
                "command" => return self.command(node, hit, scan),
                _ => {}
            }
            match node.parent() {
                Some(parent) => node = parent,
                None => return self.value(node, None, None, hit, scan),
            }
        }
    }

    fn is_case_pattern(&self, item: SyntaxNode, offset: usize) -> bool {
        let mut cursor = item.walk();
        item.children_by_field_name("value", &mut cursor)
            .any(|pattern| pattern.start_byte() <= offset && offset < pattern.end_byte())
    }

    /// Reports the hit as part of the value `node` (the whole argument or
    /// assignment value), with `key` and a fallback service context.
    fn value(
        &self,
        node: SyntaxNode,
        key: Option<&str>,
        fallback: Option<ServiceContext>,
        hit: &Hit,
        scan: &mut FileScan,
    ) {
        let locator = key.map_or_else(|| normalized(self.source(node)), str::to_string);
        self.value_at(self.range(node), key, &locator, fallback, hit, scan);
    }

    /// Reports the hit as part of the value at `range` under an explicit locator.
    fn value_at(
        &self,
        range: Range<usize>,
        key: Option<&str>,
        locator: &str,
        fallback: Option<ServiceContext>,
        hit: &Hit,
        scan: &mut FileScan,
    ) {
        let mut value = Value::new(range, key, locator);
        value.fallback = fallback;
        analyze(
            self.pack,
            self.text,
            &value,
            std::slice::from_ref(hit),
            scan,
        );
    }

    /// A heredoc body is configuration unless it is printed to the terminal.
    fn heredoc(&self, body: SyntaxNode, hit: &Hit, scan: &mut FileScan) {
        let statement = ancestor(body, "redirected_statement");
        let command = statement.and_then(|s| s.child_by_field_name("body"));
        let printed = command.is_some_and(|c| {
            let name = self.command_name(c);
            (name == "cat" || self.is_human_text(&name))
                && !statement.is_some_and(|s| self.writes_file(s))
        });
        if printed {
            return;
        }
        // Each line of the body is read like a dotenv or text line.
        let bytes = self.text.as_bytes();
        let line_start = memchr::memrchr(b'\n', &bytes[..hit.span.start]).map_or(0, |i| i + 1);
        let line_end = memchr::memchr(b'\n', &bytes[hit.span.start..])
            .map_or(bytes.len(), |i| hit.span.start + i);
        let locator = normalized(&self.text[line_start..line_end]);
        self.value_at(line_start..line_end, None, &locator, None, hit, scan);
    }

    fn command_name(&self, command: SyntaxNode) -> String {
        command
            .child_by_field_name("name")
            .map(|n| {
                self.source(n)
                    .rsplit('/')
                    .next()
                    .unwrap_or_default()
                    .to_string()
            })
            .unwrap_or_default()
    }

    fn is_human_text(&self, name: &str) -> bool {
        self.pack.human_text_commands.iter().any(|c| c == name)
    }

    /// Whether the output of a statement goes to a file (`> f`, `>> f`, `| tee f`).
    fn writes_file(&self, statement: SyntaxNode) -> bool {
        let mut cursor = statement.walk();
        let to_file = statement
            .children_by_field_name("redirect", &mut cursor)
            .any(|redirect| {
                redirect.kind() == "file_redirect"
                    && redirect
                        .child_by_field_name("destination")
                        .is_some_and(|d| {
                            let target = self.source(d);
                            !(target.starts_with("/dev/")
                                || target.starts_with('&')
                                || target.bytes().all(|b| b.is_ascii_digit()))
                        })
                    && !self.source(redirect).starts_with('<')
            });
        to_file || self.pipes_into_tee(statement)
    }

    fn pipes_into_tee(&self, node: SyntaxNode) -> bool {
        let Some(pipeline) = node.parent().filter(|p| p.kind() == "pipeline") else {
            return false;
        };
        let mut cursor = pipeline.walk();
        pipeline
            .named_children(&mut cursor)
            .filter(|n| n.start_byte() > node.start_byte())
            .any(|n| {
                n.kind() == "command"
                    && self.command_name(n) == "tee"
                    && self
                        .arguments(n)
                        .iter()
                        .any(|a| !self.source(*a).starts_with('-'))
            })
    }

    fn arguments(&self, command: SyntaxNode<'a>) -> Vec<SyntaxNode<'a>> {
        let mut cursor = command.walk();
        command
            .children_by_field_name("argument", &mut cursor)
            .collect()
    }

    fn command(&self, command: SyntaxNode, hit: &Hit, scan: &mut FileScan) {
        let name = self.command_name(command);
        let arguments = self.arguments(command);
        let Some(index) = arguments.iter().position(|a| self.contains(*a, hit)) else {
            // In the command name or an env prefix (`PGHOST=… psql`): an assignment
            // was handled above, so this is the name itself.
            return self.value(command, None, None, hit, scan);
        };
        let words: Vec<&str> = arguments.iter().map(|a| self.source(*a)).collect();
        let call = Call {
            name: &name,
            command,
            arguments: &arguments,
            words: &words,
            index,
        };
        self.arguments_of(&call, hit, scan);
    }

    fn contains(&self, node: SyntaxNode, hit: &Hit) -> bool {
        let range = self.range(node);
        range.start <= hit.span.start && hit.span.end <= range.end
    }

    /// Classifies the argument of `call` that holds the address.
    fn arguments_of(&self, call: &Call, hit: &Hit, scan: &mut FileScan) {
        let Call {
            name,
            command,
            words,
            index,
            ..
        } = *call;
        let argument = call.arguments[index];
        if COMPARISONS.contains(&name) {
            return;
        }
        if self.is_human_text(name) {
            let statement = command
                .parent()
                .filter(|p| p.kind() == "redirected_statement")
                .unwrap_or(command);
            if self.writes_file(statement) {
                return self.value(argument, None, None, hit, scan);
            }
            // `echo "db-master-01"` alone is a value (a function's fallback), not text.
            let whole = words.len() == 1 && strip_quotes(words[0]) == &self.text[hit.span.clone()];
            if whole {
                return self.report_host(argument, hit, None, scan);
            }
            return;
        }
        if name == "vault" {
            return self.vault(words, argument, hit, scan);
        }
        if name == "ssh" {
            return self.ssh(words, argument, index, hit, scan);
        }
        if let Some((_, subcommands)) = MANAGEMENT.iter().find(|(command, _)| *command == name) {
            return self.management(subcommands, call, hit, scan);
        }
        if let Some(context) = self.client_context(name) {
            let after_flag = index > 0 && self.is_host_flag(name, words[index - 1]);
            let joined = self.joined_host_flag(name, words[index]);
            if after_flag || joined {
                let flag = if after_flag {
                    words[index - 1]
                } else {
                    "host flag"
                };
                let because = Because::HostFlag {
                    command: name.to_string(),
                    flag: flag.to_string(),
                };
                let context = ServiceContext { because, ..context };
                return self.report_host(argument, hit, Some(context), scan);
            }
            return self.value(argument, None, Some(context), hit, scan);
        }
        self.value(argument, None, None, hit, scan)
    }

    fn client_context(&self, name: &str) -> Option<ServiceContext> {
        self.pack.services.iter().enumerate().find_map(|(id, s)| {
            s.commands
                .iter()
                .any(|c| c.name == name)
                .then(|| ServiceContext {
                    service: id,
                    because: Because::Command(name.to_string()),
                })
        })
    }

    fn host_flags(&self, name: &str) -> impl Iterator<Item = &str> {
        self.pack
            .services
            .iter()
            .flat_map(|s| s.commands.iter())
            .filter(move |c| c.name == name)
            .flat_map(|c| c.host_flags.iter().map(String::as_str))
    }

    fn is_host_flag(&self, name: &str, word: &str) -> bool {
        self.host_flags(name)
            .any(|flag| flag == word && !flag.ends_with('='))
    }

    /// `--host=10.0.0.1`, `-h10.0.0.1`, `host=10.0.0.1`.
    fn joined_host_flag(&self, name: &str, word: &str) -> bool {
        let word = strip_quotes(word);
        self.host_flags(name).any(|flag| {
            if flag.ends_with('=') {
                word.starts_with(flag)
            } else if flag.starts_with("--") {
                word.starts_with(&format!("{flag}="))
            } else {
                word.len() > flag.len() && word.starts_with(flag)
            }
        })
    }

    /// A reference used as a host by syntax (a host flag, a returned value).
    fn report_host(
        &self,
        argument: SyntaxNode,
        hit: &Hit,
        context: Option<ServiceContext>,
        scan: &mut FileScan,
    ) {
        let before = scan.references.len();
        self.value(argument, None, context.clone(), hit, scan);
        for reference in &mut scan.references[before..] {
            reference.as_host = true;
            if let Some(context) = &context
                && reference
                    .context
                    .as_ref()
                    .is_none_or(|c| matches!(c.because, Because::Port(_)))
            {
                reference.context = Some(context.clone());
            }
        }
    }

    /// `vault write database/config/NAME plugin_name=… connection_url=…`: the
    /// plugin and the URL scheme give the context.
    fn vault(&self, words: &[&str], argument: SyntaxNode, hit: &Hit, scan: &mut FileScan) {
        let path = words
            .get(1)
            .filter(|_| words.first() == Some(&"write"))
            .map(|p| strip_quotes(p));
        let Some(path) = path.filter(|p| p.contains("/config/")) else {
            return self.value(argument, None, None, hit, scan);
        };
        let plugin = words
            .iter()
            .find_map(|w| strip_quotes(w).strip_prefix("plugin_name="));
        let context = plugin.and_then(|plugin| {
            let plugin = strip_quotes(plugin);
            self.pack
                .services
                .iter()
                .position(|s| s.vault_plugins.iter().any(|p| p == plugin))
                .map(|service| ServiceContext {
                    service,
                    because: Because::VaultPlugin(plugin.to_string()),
                })
        });
        self.value_at(
            self.range(argument),
            None,
            &format!("vault {path}"),
            context,
            hit,
            scan,
        );
    }

    /// `ssh HOST` manages a host; `ssh -L port:HOST:port` tunnels to it.
    fn ssh(
        &self,
        words: &[&str],
        argument: SyntaxNode,
        index: usize,
        hit: &Hit,
        scan: &mut FileScan,
    ) {
        let forward = index > 0 && matches!(words[index - 1], "-L" | "-R")
            || words[index].starts_with("-L")
            || words[index].starts_with("-R");
        if forward {
            self.value(argument, None, None, hit, scan);
        }
    }

    /// `docker exec NAME cmd…`: the name is not a reference; the command run
    /// inside is classified like any command.
    fn management(&self, subcommands: &[&str], call: &Call, hit: &Hit, scan: &mut FileScan) {
        let Call {
            arguments,
            words,
            index,
            ..
        } = *call;
        let Some(sub) = words.iter().position(|w| !w.starts_with('-')) else {
            return;
        };
        if !subcommands.contains(&words[sub]) && words[sub] != "compose" {
            return self.value(arguments[index], None, None, hit, scan);
        }
        if words[sub] == "compose" {
            return; // `docker compose … SERVICE`: service names
        }
        let name_at = (sub + 1..words.len()).find(|&i| !words[i].starts_with('-'));
        let Some(name_at) = name_at else { return };
        if index <= name_at {
            return;
        }
        let inner = (name_at + 1..words.len())
            .find(|&i| words[i] != "--")
            .unwrap_or(name_at + 1);
        if index < inner {
            return;
        }
        let inner_name = strip_quotes(words[inner])
            .rsplit('/')
            .next()
            .unwrap_or_default();
        if index == inner {
            return self.value(arguments[index], None, None, hit, scan);
        }
        let inside = Call {
            name: inner_name,
            command: call.command,
            arguments: &arguments[inner + 1..],
            words: &words[inner + 1..],
            index: index - inner - 1,
        };
        self.arguments_of(&inside, hit, scan);
    }
}

/// A command as the classifier sees it: its name, its node, its arguments
/// (nodes and text) and which argument holds the address.
#[derive(Clone, Copy)]
struct Call<'c> {
    name: &'c str,
    command: SyntaxNode<'c>,
    arguments: &'c [SyntaxNode<'c>],
    words: &'c [&'c str],
    index: usize,
}

fn ancestor<'t>(node: SyntaxNode<'t>, kind: &str) -> Option<SyntaxNode<'t>> {
    let mut current = node.parent();
    while let Some(node) = current {
        if node.kind() == kind {
            return Some(node);
        }
        current = node.parent();
    }
    None
}
