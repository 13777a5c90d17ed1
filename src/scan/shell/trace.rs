//! Following a name to its uses: a variable's value traced through copies,
//! arrays and their picked items, loops over literal words, functions it is
//! handed to (parameters, `"$@"` forwarding) and files it is written into,
//! to learn whether the script uses it as a host. Each use is probed once
//! per address, variable and set of functions entered.

use super::*;
use crate::pack::{ImageRuns, image_words};

/// How many words after `exec` may come before the program it runs (`exec
/// gosu redis redis-server`).
const MAX_EXEC_WORDS: usize = 3;

impl<'a> View<'a> {
    /// The first command of the function at `body` that is handed all the
    /// function's arguments (`"$@"`, `$*`), and the position of that
    /// argument among its arguments.
    pub(super) fn forwarding_command(&self, body: Range<usize>) -> Option<(SyntaxNode<'a>, usize)> {
        let function = self.locator.descendant(body.start, body.end)?;
        let mut stack = vec![function];
        while let Some(node) = stack.pop() {
            if node.kind() == "command"
                && let Some(at) = self.arguments(node).iter().position(|&a| {
                    matches!(strip_quotes(self.source(a)), "$@" | "${@}" | "$*" | "${*}")
                })
            {
                return Some((node, at));
            }
            let mut cursor = node.walk();
            let children: Vec<SyntaxNode> = node.named_children(&mut cursor).collect();
            stack.extend(children.into_iter().rev());
        }
        None
    }

    /// The tree's byte range of the function of the script called `name`,
    /// if there is one.
    pub(super) fn function_named(&self, name: &str) -> Option<Range<usize>> {
        let functions = self.functions.get_or_init(|| {
            let mut functions = HashMap::new();
            let mut stack = vec![self.tree.root_node()];
            while let Some(node) = stack.pop() {
                if node.kind() == "function_definition"
                    && let Some(name) = node.child_by_field_name("name")
                {
                    functions.insert(self.source(name).to_string(), node.byte_range());
                }
                let mut cursor = node.walk();
                stack.extend(node.named_children(&mut cursor));
            }
            functions
        });
        let found = functions.get(name).cloned();
        if found.is_none() && crate::scan::text::is_plain_name(name) {
            self.called.borrow_mut().insert(name.to_string());
        }
        found
    }

    /// Where the function at `body` uses its parameter `position` (`$1`),
    /// or a variable it copies it into (`local host="$1"`), as a host.
    pub(super) fn parameter_host_use(
        &self,
        body: Range<usize>,
        position: usize,
        target: Target,
    ) -> Option<HostUse> {
        let calls = &self.calls;
        let key = (body.start, position, target);
        let depth = calls.entered.borrow().len();
        let known = calls.parameters.borrow().get(&key).cloned();
        if let Some(verdict) = known
            && (verdict.used.is_some() || verdict.from <= depth)
        {
            return verdict.used;
        }
        if let Some(open) = calls.entered.borrow().iter().position(|s| *s == body.start) {
            // A call back into a function being read adds no use of its own.
            calls.cut_at.set(calls.cut_at.get().min(open));
            return None;
        }
        if depth >= MAX_CALLS {
            calls.cut_short.set(true);
            return None;
        }
        let outer_cut = calls.cut_at.replace(usize::MAX);
        let outer_short = calls.cut_short.replace(false);
        calls.entered.borrow_mut().push(body.start);
        let used = self.host_use(&position.to_string(), Some(&body), target);
        calls.entered.borrow_mut().pop();
        let (cut, short) = (calls.cut_at.get(), calls.cut_short.get());
        if used.is_some() || cut >= depth {
            let from = if short { depth } else { 0 };
            let verdict = ParameterVerdict {
                used: used.clone(),
                from,
            };
            calls.parameters.borrow_mut().insert(key, verdict);
        }
        calls
            .cut_at
            .set(outer_cut.min(if cut < depth { cut } else { usize::MAX }));
        calls.cut_short.set(outer_short || short);
        used
    }

    /// A value assigned to a variable that a written text then expands
    /// (`MASTER_HOST=…`, then `sentinel monitor mymaster $MASTER_HOST …` in the
    /// sentinel.conf the script writes, by heredoc or `echo`) is part of that
    /// text for content rules: a script that writes a Sentinel config defines
    /// as the config does.
    /// References since `first` are the candidates.
    pub(super) fn trace_into_written_files(&self, first: usize, scan: &mut FileScan) {
        let assigned = scan.references[first..]
            .iter()
            .any(|r| r.enclosure.key.is_some());
        if !assigned {
            return;
        }
        let mut written: HashMap<Arc<str>, Option<JudgedTexts>> = HashMap::new();
        let mut uses = HashMap::new();
        for reference in &mut scan.references[first..] {
            let Some(variable) = reference.enclosure.key.clone() else {
                continue;
            };
            let bodies = written.entry(variable).or_insert_with_key(|variable| {
                let bodies = self.written_texts_expanding(variable, &mut uses);
                (!bodies.is_empty()).then(|| bodies.into())
            });
            if bodies.is_some() {
                reference
                    .enclosure
                    .surroundings_mut()
                    .written
                    .clone_from(bodies);
            }
        }
    }

    /// A value assigned to a variable that only commands setting a service's
    /// topology use (`MASTER=10.0.0.123`, then `redis-cli -h "$REPLICA"
    /// replicaof "$MASTER" 6379`) is part of that definition, as the value
    /// would be written in the command. A use anywhere else that reads it
    /// as a value (a client's host flag, another command's argument) keeps
    /// it a reference; text for people and comparisons are no uses.
    /// References since `first` are the candidates.
    pub(super) fn trace_into_definitions(&self, first: usize, scan: &mut FileScan) {
        let assigned = scan.references[first..]
            .iter()
            .any(|r| r.enclosure.key.is_some() && !r.enclosure.definition);
        if !assigned || !self.commands.may_set_topology() {
            return;
        }
        let mut verdicts: HashMap<Arc<str>, bool> = HashMap::new();
        for index in first..scan.references.len() {
            let reference = &scan.references[index];
            let Some(variable) = reference.enclosure.key.clone() else {
                continue;
            };
            if reference.enclosure.definition {
                continue;
            }
            let assigned = reference.hit.clone();
            let defined = *verdicts
                .entry(variable.clone())
                .or_insert_with(|| self.only_defines(&variable, &assigned));
            scan.references[index].enclosure.definition = defined;
        }
    }

    /// A script that ends by starting a server of a service, or `exec`s
    /// one (`exec redis-server /etc/redis/sentinel.conf --sentinel`, a
    /// container's entrypoint ending in `patroni /etc/patroni.yml`), is a
    /// member's start-up, as a compose service running its image is: the
    /// peers it waits for (`until redis-cli -h redis-01 ping`) and
    /// configures are its definition. References since `first`.
    pub(super) fn trace_start_up(&self, first: usize, scan: &mut FileScan) {
        if scan.references.len() > first && self.starts_a_server() {
            for reference in &mut scan.references[first..] {
                reference.enclosure.definition = true;
            }
        }
    }

    /// Whether the script's last top-level command runs a server of a
    /// service (by the words of its program's name, the pack's `images`),
    /// or one of its top-level commands `exec`s one (`exec gosu redis
    /// redis-server …`: within the first words after `exec`). A command
    /// that runs a client runs no server: its `postgres` is a user's name
    /// (a crontab's `postgres /usr/bin/psql -h …`).
    fn starts_a_server(&self) -> bool {
        let runs_server = |word: SyntaxNode| {
            let program = command_name(strip_quotes(self.source(word)));
            matches!(
                self.pack().program_runs(&image_words(program)),
                Some(ImageRuns::Server(_))
            )
        };
        let root = self.tree.root_node();
        let mut cursor = root.walk();
        let commands: Vec<SyntaxNode> = root
            .named_children(&mut cursor)
            .filter_map(|statement| match statement.kind() {
                "command" => Some(statement),
                "redirected_statement" => statement
                    .child_by_field_name("body")
                    .filter(|body| body.kind() == "command"),
                _ => None,
            })
            .filter(|&command| {
                let words = self.arguments(command).into_iter();
                !words
                    .map(|w| self.source(w))
                    .any(|w| runs_client(self.pack(), w))
            })
            .collect();
        let execs = commands.iter().any(|&command| {
            self.commands_name(command) == "exec"
                && self
                    .arguments(command)
                    .into_iter()
                    .filter(|word| !self.source(*word).starts_with('-'))
                    .take(MAX_EXEC_WORDS)
                    .any(runs_server)
        });
        let ends = commands
            .last()
            .and_then(|command| command.child_by_field_name("name"))
            .is_some_and(runs_server);
        execs || ends
    }

    /// Whether `variable`, or a variable it is copied into, is used, and
    /// only ever read where a command sets a service's topology: each use
    /// is read as if the `assigned` address were written there.
    fn only_defines(&self, variable: &str, assigned: &Hit) -> bool {
        let mut names = vec![variable];
        let mut seen = 0;
        let mut defines = false;
        while let Some(&name) = names.get(seen) {
            seen += 1;
            for node in self.uses_of(name, None) {
                if let Some(copy) = self.copied_into(node) {
                    if !names.contains(&copy) {
                        names.push(copy);
                    }
                    continue;
                }
                let hit = Hit {
                    span: self.range(node),
                    ..assigned.clone()
                };
                let mut read = FileScan::default();
                self.classify(&hit, &mut read);
                for reference in &read.references {
                    if !reference.enclosure.definition {
                        return false;
                    }
                    defines = true;
                }
            }
        }
        defines
    }

    /// The written texts (heredoc bodies, `echo` arguments into a file) that
    /// expand `variable`, or a variable it is copied into. `uses` keeps what
    /// each name's own uses are (written texts, copies) across variables: a
    /// chain of copies is read once, not once per variable along it.
    fn written_texts_expanding(
        &self,
        variable: &str,
        uses: &mut HashMap<String, WrittenUses<'a>>,
    ) -> Vec<Range<usize>> {
        let mut names = vec![variable.to_string()];
        let mut named: HashSet<String> = names.iter().cloned().collect();
        let mut bodies = Vec::new();
        let mut seen = 0;
        while let Some(name) = names.get(seen).cloned() {
            seen += 1;
            let own = uses.entry(name).or_insert_with_key(|name| {
                let mut own = WrittenUses::default();
                for node in self.uses_of(name, None) {
                    if let Some(written) = self.written_text(&self.locator.path_to(node)) {
                        own.written.push(written);
                    } else if let Some(copy) = self.copied_into(node) {
                        own.copies.push(copy);
                    }
                }
                own
            });
            bodies.extend(own.written.iter().cloned());
            for copy in &own.copies {
                if named.insert(copy.to_string()) {
                    names.push(copy.to_string());
                }
            }
        }
        bodies
    }

    /// Member identity: a hostname assigned to a `member_keys` variable
    /// (`LEADER_NODE=db1`), or to one whose name says nothing of what it
    /// holds (`DB=db1`), is a reference only where the file then uses that
    /// variable, or one it is copied into, as a host (`psql -h "$LEADER_NODE"`,
    /// `postgresql://…@${LEADER_NODE}:5432`); the finding stays on the
    /// assignment. A value with no context of its own, an address too,
    /// takes the context of that use (`DB=10.0.0.123`, then `psql -h
    /// "$DB"`: a Redis node where PostgreSQL is expected). References since
    /// `first` are the candidates.
    pub(super) fn trace_identities(&self, first: usize, scan: &mut FileScan) {
        let pack = self.pack();
        let mut identities: HashMap<String, Vec<usize>> = HashMap::new();
        for (index, reference) in scan.references.iter().enumerate().skip(first) {
            if !HostUse::may_give(reference) {
                continue;
            }
            if let Some(key) = &reference.enclosure.key
                && pack.key_facts(key).traced()
            {
                identities.entry(key.to_string()).or_default().push(index);
            }
        }
        if identities.is_empty() {
            return;
        }
        for (variable, references) in identities {
            let target = scan.references[references[0]].hit.target;
            if let Some(used) = self.host_use(&variable, None, target) {
                for index in references {
                    used.give(&mut scan.references[index]);
                }
            }
        }
    }

    /// Remembers `references`, made of words of the `for` loop `node`.
    pub(super) fn record_loop_words(&self, node: SyntaxNode<'a>, references: Range<usize>) {
        let variable = node.child_by_field_name("variable");
        let body = node.child_by_field_name("body");
        if let (Some(variable), Some(body)) = (variable, body)
            && !references.is_empty()
        {
            self.loop_words.borrow_mut().push(LoopWords {
                references,
                variable: self.source(variable).to_string(),
                body: body.start_byte()..body.end_byte(),
            });
        }
    }

    /// A `for` loop assigns each of its words to its variable in turn: a
    /// hostname word is a host where the body uses the variable as one
    /// (`for h in db-slave-01 db-slave-02; do pg_isready -h "$h"`), and the
    /// words are one list, judged as a node set.
    pub(super) fn trace_loop_words(&self, first: usize, scan: &mut FileScan) {
        let loops = std::mem::take(&mut *self.loop_words.borrow_mut());
        for words in loops.iter().filter(|w| w.references.start >= first) {
            let traced = || {
                scan.references[words.references.clone()]
                    .iter()
                    .any(HostUse::may_give)
            };
            if !traced() {
                continue;
            }
            let target = scan.references[words.references.start].hit.target;
            if let Some(used) = self.host_use(&words.variable, Some(&words.body), target) {
                for reference in &mut scan.references[words.references.clone()] {
                    if HostUse::may_give(reference) {
                        used.give(reference);
                    }
                }
            }
        }
    }

    /// An array's element read on its own as a host (`psql -h
    /// "${NODES[0]}"`, `LEADER=${NODES[1]}` then `psql -h "$LEADER"`) is a
    /// connection to that one member, whatever set the array is: the
    /// references since `before` in such an element are also judged alone.
    pub(super) fn pick_elements(
        &self,
        array: SyntaxNode<'a>,
        name: &str,
        before: usize,
        scan: &mut FileScan,
    ) {
        let Some(first) = scan.references.get(before) else {
            return;
        };
        let target = first.hit.target;
        // The uses of one element each (`${NODES[0]}`), found once; none
        // inside the array itself (unclosed, it runs on over the script).
        let within = |use_: &SyntaxNode| {
            array.start_byte() <= use_.start_byte() && use_.end_byte() <= array.end_byte()
        };
        let indexed: Vec<(usize, SyntaxNode<'a>)> = self
            .uses_of(name, None)
            .into_iter()
            .filter(|use_| !within(use_))
            .filter_map(|use_| Some((self.subscript_of(use_)?.parse().ok()?, use_)))
            .collect();
        if indexed.is_empty() {
            return;
        }
        let mut cursor = array.walk();
        let words: Vec<SyntaxNode<'a>> = array.named_children(&mut cursor).collect();
        for (index, word) in words.into_iter().enumerate() {
            let uses = indexed.iter().filter(|(i, _)| *i == index).map(|(_, u)| *u);
            let Some(used) = self.element_host_use(name, uses, target) else {
                continue;
            };
            let span = self.range(word);
            let picked: Vec<Reference> = scan.references[before..]
                .iter()
                .filter(|r| span.start <= r.hit.span.start && r.hit.span.end <= span.end)
                .map(|reference| used.alone(reference))
                .collect();
            scan.references.extend(picked);
        }
    }

    /// The first of an element's `uses` of `array` that reads it as a host,
    /// directly or through a variable it is copied into.
    fn element_host_use(
        &self,
        array: &str,
        uses: impl Iterator<Item = SyntaxNode<'a>>,
        target: Target,
    ) -> Option<HostUse> {
        for node in uses {
            if let Some(copy) = self.copied_into(node)
                && self.is_whole_value(node)
            {
                if let Some(used) = self.host_use(copy, None, target) {
                    return Some(used);
                }
                continue;
            }
            if let Some(used) = self.probe_use(node, array, target) {
                return Some(used);
            }
        }
        None
    }

    /// The literal index of a subscripted expansion (`0` of `${NODES[0]}`).
    fn subscript_of(&self, expansion: SyntaxNode<'a>) -> Option<&'a str> {
        let mut cursor = expansion.walk();
        let subscript = expansion
            .children(&mut cursor)
            .find(|child| child.kind() == "subscript")?;
        let index = subscript.child_by_field_name("index")?;
        let text = self.source(index);
        text.bytes().all(|b| b.is_ascii_digit()).then_some(text)
    }

    /// Every `$NAME` and `${NAME…}` expansion of `name` in the script: found
    /// by its text, kept where the tree reads an expansion (not in single
    /// quotes or comments).
    fn uses_of(&self, name: &str, within: Option<&Range<usize>>) -> Vec<SyntaxNode<'a>> {
        if !self.traced.borrow().contains(name) {
            self.traced.borrow_mut().insert(name.to_string());
        }
        let root = self.tree.root_node();
        let expanded = self.expanded.get_or_init(|| {
            super::expanded_names(&self.text()[self.base..self.base + root.end_byte()])
        });
        let plain = name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
        if plain && !expanded.contains(name) {
            return Vec::new();
        }
        let scope = within.map_or(0..root.end_byte(), |w| w.start..w.end.min(root.end_byte()));
        let script = &self.text().as_bytes()[self.base..self.base + scope.end];
        expansions_of(script, scope.start, name)
            .filter_map(|at| {
                let mut path = self.locator.path_to_range(at, at + name.len());
                path.pop().filter(|node| node.kind() == "variable_name")?;
                let parent = path.pop()?;
                // `${NAMES[@]}`: the array's name is in a subscript.
                match parent.kind() {
                    "subscript" => path.pop(),
                    _ => Some(parent),
                }
            })
            .filter(|use_| matches!(use_.kind(), "simple_expansion" | "expansion"))
            .collect()
    }

    /// Whether `variable`, or a variable it is copied into (`B="$A"`,
    /// `B=("$A")`, `for b in "$A"`), is used as a host somewhere (in the
    /// tree's byte range `within`, if given). A copy is read where it is
    /// used: its own name (`host` in `local host="$1"`) says nothing of
    /// that, unless it is a service key; a value that holds more
    /// (`url="postgresql://app@$A:5432/app"`) is read where it is written
    /// too. The first such use is where it is a host.
    fn host_use(
        &self,
        variable: &str,
        within: Option<&Range<usize>>,
        target: Target,
    ) -> Option<HostUse> {
        // Each name with where it is read: a loop's variable in its body.
        let mut names = vec![(variable.to_string(), within.cloned())];
        let mut seen = 0;
        while seen < names.len() {
            let (name, scope) = names[seen].clone();
            seen += 1;
            // An identity put in an array is one member of a list of members
            // (`NODES=("$LEADER")`, where other branches fill it with every
            // node): a loop over it is per-node tooling, not a connection.
            // An array of the words themselves is a list judged as a node
            // set (`REPLICAS=(db-slave-01 db-slave-02)`, looped over).
            let copy = seen > 1;
            for node in self
                .uses_of(&name, scope.as_ref())
                .into_iter()
                .filter(|u| !(copy && is_subscripted(*u)))
            {
                if let Some(copy) = self.copied_into(node) {
                    let copied = (copy.to_string(), self.loop_body_of(node).or(scope.clone()));
                    if !names.contains(&copied) {
                        names.push(copied);
                    }
                    // A service key's clients read it from the environment
                    // (`export PGHOST="$LEADER_NODE"`): a copy there is a use.
                    if self.is_whole_value(node) && self.pack().key_facts(copy).service.is_none() {
                        continue;
                    }
                }
                if let Some(used) = self.probe_use(node, &name, target) {
                    return Some(used);
                }
            }
        }
        None
    }

    /// The use of `variable` at `node` read as if it held the address
    /// (`target`): its host use, if it is one.
    fn probe_use(&self, node: SyntaxNode<'a>, variable: &str, target: Target) -> Option<HostUse> {
        if self.probes.get() >= MAX_PROBE_DEPTH {
            return None;
        }
        let key = (
            node.start_byte()..node.end_byte(),
            target,
            variable.to_string(),
            self.calls.entered.borrow().clone(),
        );
        if let Some(verdict) = self.probed.borrow().get(&key) {
            return verdict.clone();
        }
        self.probed.borrow_mut().insert(key.clone(), None);
        let hit = Hit {
            span: self.range(node),
            target,
            form: Form::Hostname,
        };
        let mut probe = FileScan::default();
        self.probes.set(self.probes.get() + 1);
        self.classify(&hit, &mut probe);
        self.probes.set(self.probes.get() - 1);
        let verdict = HostUse::among(variable, probe.references);
        self.probed.borrow_mut().insert(key, verdict.clone());
        verdict
    }

    /// The body of the `for` loop whose word list `node` is in (tree offsets):
    /// where the loop's variable holds it.
    fn loop_body_of(&self, node: SyntaxNode<'a>) -> Option<Range<usize>> {
        for parent in self.locator.ancestors(node) {
            match parent.kind() {
                "for_statement" => {
                    return parent
                        .child_by_field_name("body")
                        .map(|body| body.start_byte()..body.end_byte());
                }
                "command" | "program" | "redirected_statement" | "variable_assignment" => {
                    return None;
                }
                _ => {}
            }
        }
        None
    }

    /// Whether `use_` is the whole value of the assignment it is in
    /// (`host=$1`, `host="${1}"`).
    fn is_whole_value(&self, use_: SyntaxNode<'a>) -> bool {
        let mut ancestors = self.locator.ancestors(use_);
        ancestors
            .next()
            .and_then(|parent| match parent.kind() {
                "variable_assignment" => Some(parent),
                "string" if parent.named_child_count() == 1 => ancestors.next(),
                _ => None,
            })
            .and_then(|assignment| assignment.child_by_field_name("value"))
            .is_some_and(|value| strip_quotes(self.source(value)) == self.source(use_))
    }

    /// The variable a use of another is assigned to or iterated as, if any.
    fn copied_into(&self, node: SyntaxNode<'a>) -> Option<&'a str> {
        for parent in self.locator.ancestors(node) {
            match parent.kind() {
                "variable_assignment" => {
                    return parent.child_by_field_name("name").map(|n| self.source(n));
                }
                "for_statement" => {
                    return parent
                        .child_by_field_name("variable")
                        .map(|n| self.source(n));
                }
                "command" | "program" | "redirected_statement" => return None,
                _ => {}
            }
        }
        None
    }
}
