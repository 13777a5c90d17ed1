//! One command's arguments, classified: client commands and their host and
//! port flags, management (`docker exec NAME`), human text, `vault write`,
//! commands that define a member, remote and nested commands (`ssh HOST
//! "…"`, `sh -c "…"`), the same for a parsed command line and an array.

use super::*;

impl<'a> Commands<'a> {
    /// Commands written at `script` of `text` classifying `hits`, `depth`
    /// `sh -c` strings deep.
    pub(super) fn new(
        scanner: &'a Scanner<'a>,
        text: &'a str,
        script: Range<usize>,
        hits: &'a [Hit],
        depth: usize,
    ) -> Self {
        Commands {
            scanner,
            text,
            hits,
            read: RefCell::new(HashSet::new()),
            depth,
            script,
            may_set_topology: OnceCell::new(),
            flat_ports: OnceCell::new(),
        }
    }

    fn pack(&self) -> &Pack {
        self.scanner.pack
    }

    /// Reports the hit as part of the value at `range` (the whole argument
    /// or assignment value), with `key` and a fallback service context.
    pub(super) fn value(
        &self,
        range: Range<usize>,
        key: Option<&str>,
        fallback: Option<ServiceContext>,
        hit: &Hit,
        scan: &mut FileScan,
    ) {
        // The locator is made only for a value not read yet: a long line
        // holding many addresses is normalized once, not once per address.
        let Some(hits) = self.hits_to_read(&range, hit) else {
            return;
        };
        let locator = key.map_or_else(|| normalized(&self.text[range.clone()]), str::to_string);
        self.read_value(range, key, &locator, fallback, hits, scan);
    }

    /// Reports the hit as part of the value at `range` under an explicit locator.
    pub(super) fn value_at(
        &self,
        range: Range<usize>,
        key: Option<&str>,
        locator: &str,
        fallback: Option<ServiceContext>,
        hit: &Hit,
        scan: &mut FileScan,
    ) {
        if let Some(hits) = self.hits_to_read(&range, hit) {
            self.read_value(range, key, locator, fallback, hits, scan);
        }
    }

    /// The hits to read with `hit` as the value at `range`: all of the
    /// script's hits in it, read with the first of them (none for the
    /// others), or `hit` alone when it is no hit of the script (a probe).
    fn hits_to_read<'h>(&'h self, range: &Range<usize>, hit: &'h Hit) -> Option<&'h [Hit]> {
        let real = hits_in(self.hits, &hit.span)
            .iter()
            .any(|h| h.span == hit.span);
        let together = hits_in(self.hits, range);
        if real && together.len() > 1 {
            // Read with the first address of the value.
            return self
                .read
                .borrow_mut()
                .insert((range.start, range.end))
                .then_some(together);
        }
        Some(std::slice::from_ref(hit))
    }

    fn read_value(
        &self,
        range: Range<usize>,
        key: Option<&str>,
        locator: &str,
        fallback: Option<ServiceContext>,
        hits: &[Hit],
        scan: &mut FileScan,
    ) {
        let pack = self.pack();
        let mut value = Value::new(range.clone(), key, locator);
        value.fallback = fallback;
        // A script's variables are one namespace: `PGHOST`'s port is `PGPORT`.
        let host_key = key.filter(|key| pack.key_facts(key).host);
        value.sibling_port = host_key.and_then(|key| {
            self.flat_ports
                .get_or_init(|| {
                    let script = self.text.get(self.script.clone()).unwrap_or(self.text);
                    FlatPorts::of_text(pack, script)
                })
                .of_host(pack, key, &self.text[range])
        });
        analyze(pack, self.text, &value, hits, scan);
    }

    pub(super) fn is_human_text(&self, name: &str) -> bool {
        self.pack().human_text_commands.iter().any(|c| c == name)
    }

    /// Classifies the argument of `call` that holds the address. A command
    /// that sets a service's own topology (`redis-cli -h A replicaof B
    /// 6379`, `pg_basebackup -h A`) defines members, as the service's config
    /// files do: its addresses are no pins (`cross-service` still shows).
    pub(super) fn call(&self, call: &Call, hit: &Hit, scan: &mut FileScan) {
        let before = scan.references.len();
        self.classify(call, hit, scan);
        if scan.references.len() > before && self.may_set_topology() {
            let words: Vec<&str> = std::iter::once(call.name)
                .chain(call.words.iter().map(|word| strip_quotes(word.text)))
                .collect();
            define_topology(self.pack(), &words, &mut scan.references[before..]);
        }
    }

    /// Whether the script may hold a command that sets a service's
    /// topology: one search of its own text (not the whole file an embedded
    /// script is in), before any command's words are matched.
    pub(super) fn may_set_topology(&self) -> bool {
        *self.may_set_topology.get_or_init(|| {
            let script = self.text.get(self.script.clone()).unwrap_or(self.text);
            self.scanner.definition_commands.may_appear_in(script)
        })
    }

    fn classify(&self, call: &Call, hit: &Hit, scan: &mut FileScan) {
        let Call {
            name, words, index, ..
        } = *call;
        let argument = words[index].range.clone();
        if COMPARISONS.contains(&name) {
            return;
        }
        if self.is_human_text(name) {
            if call.writes_file {
                return self.value(argument, None, None, hit, scan);
            }
            // `echo "db-master-01"` alone is a value (a function's fallback), not
            // text; a variable's or a template's (`echo "{{ leader }}"`) is printed.
            let word = strip_quotes(words[index].text);
            let whole = words.len() == 1
                && !word.starts_with(['$', '{'])
                && word == &self.text[hit.span.clone()];
            if whole {
                return self.report_host(argument, hit, None, None, scan);
            }
            return;
        }
        if self.defines_member_by_alias(words, index) {
            return;
        }
        if self.defines_member_by_flag(words) {
            return self.definition(argument, hit, scan);
        }
        if let Some(server) = self.server_peer(words, index) {
            let before = scan.references.len();
            self.definition(argument, hit, scan);
            return server.give_context(&mut scan.references[before..]);
        }
        if name == "vault" {
            return self.vault(words, argument, hit, scan);
        }
        if name == "ssh" || self.pack().remote_commands.iter().any(|c| c == name) {
            return self.remote(call, hit, scan);
        }
        if self.pack().reachability_commands.iter().any(|c| c == name) {
            return; // `ping 10.0.0.120`: a machine checked, not its service used
        }
        if self.pack().search_commands.iter().any(|c| c == name) {
            return; // `grep -q 10.0.0.121 app.env`: looked for, not used
        }
        if name == "sed"
            && let Some((part, kind)) = sed_part_at(
                words[index].text,
                hit.span.start.saturating_sub(argument.start),
            )
        {
            // `sed "s/10.0.0.121/10.0.0.10/"`: the address replaced is looked
            // for; what replaces it is what the file gets, read alone.
            if kind == SedPart::Pattern {
                return;
            }
            let part = argument.start + part.start..argument.start + part.end;
            return self.value(part, None, None, hit, scan);
        }
        if self.pack().network_commands.iter().any(|c| c == name) {
            return self.network(words, index, hit, scan);
        }
        if is_shell(name) {
            return self.shell_string(call, hit, scan);
        }
        if let Some(subcommands) = self.pack().management_commands.get(name) {
            return self.management(subcommands, call, hit, scan);
        }
        if let Some(context) = self.client_context(name) {
            let after_flag = index > 0 && self.is_host_flag(name, words[index - 1].text);
            let joined = self.joined_host_flag(name, words[index].text);
            if after_flag || joined {
                let flag = if after_flag {
                    words[index - 1].text
                } else {
                    "host flag"
                };
                let because = Because::HostFlag(format!("{name} {flag}"));
                let context = ServiceContext { because, ..context };
                let port = self.port_flag_value(name, words);
                return self.report_host(argument, hit, Some(context), port, scan);
            }
            return self.argument(call, None, Some(context), hit, scan);
        }
        // A command run by another (`sudo -u postgres psql -h …`, `timeout 5
        // redis-cli -h …`, a crontab's user field): the host flag counts
        // wherever the command stands.
        if self.run_by_another(call, hit, scan) {
            return;
        }
        // `--db-host db-master-01`: a long flag names the value after it, as
        // `--db-host=db-master-01` does.
        let flag = index
            .checked_sub(1)
            .and_then(|before| strip_quotes(words[before].text).strip_prefix("--"))
            .filter(|flag| !flag.is_empty() && !flag.contains('='));
        let before = scan.references.len();
        self.argument(call, flag, None, hit, scan);
        // A program that is no client of the pack's services, given a
        // member's machine on a port the pack does not know (`curl
        // http://10.0.0.120:8008/primary`, `etcdctl --endpoints
        // http://10.0.0.120:2379`), uses another program there: per-node
        // tooling, as `ping` is, not a reference.
        scan.drop_other_programs(self.pack(), before);
    }

    /// Reads the argument of `call` that holds the hit as a value. The
    /// addresses of one command's arguments are one list, as a loop's words
    /// are (`redis-cli --cluster create A:6379 B:6379 C:6379` names every
    /// node: a set); a value that is a list of its own stays one.
    fn argument(
        &self,
        call: &Call,
        key: Option<&str>,
        fallback: Option<ServiceContext>,
        hit: &Hit,
        scan: &mut FileScan,
    ) {
        let argument = call.words[call.index].range.clone();
        let before = scan.references.len();
        self.value(argument, key, fallback, hit, scan);
        if scan.references.len() == before {
            return;
        }
        let group = scan.group_at(call.site);
        for reference in &mut scan.references[before..] {
            if reference.group.is_none() && !has_prefix_length(self.text, reference.hit.span.end) {
                reference.group = Some(group);
            }
        }
    }

    /// Whether argument `index` of `words` is the value of an alias flag
    /// (`--add-host db-master-01:10.0.0.120`, `--add-host=…`) that maps a
    /// member's own name: it defines that member. An entry mapping another
    /// name (`--add-host pg:10.0.0.122`) aliases the address, read as any value.
    fn defines_member_by_alias(&self, words: &[Word], index: usize) -> bool {
        let is_alias_flag = |flag: &str| {
            flag.starts_with('-') && self.pack().key_facts(flag.trim_start_matches('-')).alias
        };
        let word = strip_quotes(words[index].text);
        let entry = match word.split_once('=') {
            Some((flag, entry)) if is_alias_flag(flag) => entry,
            _ if index > 0 && is_alias_flag(words[index - 1].text) => word,
            _ => return false,
        };
        alias_names_member(self.pack(), entry)
    }

    /// Whether a flag of the command gives what it starts a member's own
    /// name or address, as a block's name and own-address keys do (`docker
    /// run --name db-master-01 --hostname=db-master-01 …`, `docker network
    /// connect --ip 10.0.0.121 …`): the command defines that member, and its
    /// own and its peers' addresses in it are no pins.
    fn defines_member_by_flag(&self, words: &[Word]) -> bool {
        let pack = self.pack();
        let words: Vec<&str> = words.iter().map(|word| strip_quotes(word.text)).collect();
        name_flag_values(pack, &words)
            .chain(own_address_flag_values(pack, &words))
            .any(|n| role_of_name(pack, n).is_some())
    }

    /// What container argument `index` of `words` configures, when it sets
    /// a member key in the environment of a container that runs a server or
    /// a proxy (`docker run -e REDIS_MASTER_HOST=… bitnami/redis`): it names
    /// the server's peers or backends, as the member keys of a compose
    /// service with that image do.
    fn server_peer(&self, words: &[Word], index: usize) -> Option<ServerImage> {
        let word = strip_quotes(words[index].text);
        let after_env_flag =
            index > 0 && matches!(strip_quotes(words[index - 1].text), "-e" | "--env");
        let assignment = match word.strip_prefix("--env=") {
            Some(assignment) => assignment,
            None if after_env_flag => word,
            None => return None,
        };
        let (name, _) = assignment.split_once('=')?;
        let pack = self.pack();
        let after = &words[index + 1..];
        if !pack.key_facts(name).member || after.iter().any(|word| runs_client(pack, word.text)) {
            return None;
        }
        // The image: a later word that names one (`redis:7`, `bitnami/redis`),
        // not a flag, a setting or a name flag's value.
        after.iter().enumerate().find_map(|(at, image)| {
            let image = strip_quotes(image.text);
            let named = at > 0 && {
                let flag = strip_quotes(words[index + at].text);
                name_flag_values(pack, &[flag, image]).next().is_some()
            };
            if named || image.starts_with('-') || image.contains('=') {
                return None;
            }
            pack.image_runs(image)
                .map(|runs| ServerImage::new(runs, image))
        })
    }

    /// The hit in `argument`, read as a value of a member's definition.
    fn definition(&self, argument: Range<usize>, hit: &Hit, scan: &mut FileScan) {
        for reference in self.value_marked(argument, None, hit, scan) {
            reference.enclosure.definition = true;
        }
    }

    /// A command whose arguments topolint reads: a client, `vault`, `ssh`,
    /// human text, management or a shell.
    fn is_significant(&self, name: &str) -> bool {
        is_shell_word(self.pack(), name) || is_shell(name)
    }

    /// Whether `text` (a word, unquoted) is a whole command line: a command
    /// topolint reads with its arguments (`pg_dump -h … | gzip`), or one that
    /// runs a client further on (`cd /srv && psql -h …`).
    pub(super) fn is_command_line(&self, text: &str) -> bool {
        let mut tokens = text.split_whitespace();
        let first = tokens.next().unwrap_or_default();
        tokens.next().is_some()
            && (self.is_significant(command_name(first)) || runs_client(self.pack(), text))
    }

    /// `sh -c "psql -h …"`: the string after `-c` is a command line.
    fn shell_string(&self, call: &Call, hit: &Hit, scan: &mut FileScan) {
        let Call { words, index, .. } = *call;
        let after_c = index > 0
            && words[index - 1].text.starts_with('-')
            && words[index - 1].text.contains('c');
        if !after_c || self.depth >= MAX_NESTING {
            return self.value(words[index].range.clone(), None, None, hit, scan);
        }
        let inner = trim_quotes(self.text, words[index].range.clone());
        scan_nested(self.scanner, self.text, inner, hit, self.depth + 1, scan);
    }

    fn client_context(&self, name: &str) -> Option<ServiceContext> {
        self.pack().services.iter().enumerate().find_map(|(id, s)| {
            s.commands
                .iter()
                .any(|c| c.name == name)
                .then(|| ServiceContext {
                    service: id,
                    because: Because::Command(name.to_string()),
                })
        })
    }

    /// The flags of command `name` that `pick` takes from its pack entry.
    fn command_flags<'p>(
        &'p self,
        name: &'p str,
        pick: fn(&ClientCommand) -> &[String],
    ) -> impl Iterator<Item = &'p str> {
        self.pack()
            .services
            .iter()
            .flat_map(|s| s.commands.iter())
            .filter(move |c| c.name == name)
            .flat_map(move |c| pick(c).iter().map(String::as_str))
    }

    /// The port command `name`'s port flag gives among `words` (`-p 26379`,
    /// `-p26379`, `--port=26379`), if one does.
    fn port_flag_value(&self, name: &str, words: &[Word]) -> Option<u16> {
        let flags: Vec<&str> = self.command_flags(name, |c| &c.port_flags).collect();
        words.iter().enumerate().find_map(|(index, word)| {
            let word = strip_quotes(word.text);
            flags.iter().find_map(|&flag| {
                let value = if word == flag {
                    strip_quotes(words.get(index + 1)?.text)
                } else {
                    joined_flag_value(flag, word)?
                };
                value.parse().ok()
            })
        })
    }

    fn is_host_flag(&self, name: &str, word: &str) -> bool {
        let word = strip_quotes(word);
        self.command_flags(name, |c| &c.host_flags)
            .any(|flag| flag == word && !flag.ends_with('='))
    }

    /// `--host=10.0.0.1`, `-h10.0.0.1`, `host=10.0.0.1`.
    fn joined_host_flag(&self, name: &str, word: &str) -> bool {
        let word = strip_quotes(word);
        self.command_flags(name, |c| &c.host_flags)
            .any(|flag| joined_flag_value(flag, word).is_some())
    }

    /// A reference used as a host by syntax (a host flag, a returned value),
    /// reached on `port` when the command gives one (`-p 26379`).
    pub(super) fn report_host(
        &self,
        argument: Range<usize>,
        hit: &Hit,
        context: Option<ServiceContext>,
        port: Option<u16>,
        scan: &mut FileScan,
    ) {
        let read = self.value_marked(argument, context.clone(), hit, scan);
        for reference in read {
            reference.as_host = true;
            reference.port = reference.port.or(port);
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

    /// The references the value at `argument` gives, for the caller to say
    /// more of them than the value does.
    fn value_marked<'s>(
        &self,
        argument: Range<usize>,
        context: Option<ServiceContext>,
        hit: &Hit,
        scan: &'s mut FileScan,
    ) -> &'s mut [Reference] {
        let before = scan.references.len();
        self.value(argument, None, context, hit, scan);
        &mut scan.references[before..]
    }

    /// `vault write database/config/NAME plugin_name=… connection_url=…`: the
    /// plugin and the URL scheme give the context.
    fn vault(&self, words: &[Word], argument: Range<usize>, hit: &Hit, scan: &mut FileScan) {
        let path = words
            .get(1)
            .filter(|_| words.first().is_some_and(|w| w.text == "write"))
            .map(|p| strip_quotes(p.text));
        let Some(path) = path.filter(|p| p.contains("/config/")) else {
            return self.value(argument, None, None, hit, scan);
        };
        let plugin = words
            .iter()
            .find_map(|w| strip_quotes(w.text).strip_prefix("plugin_name="));
        let context = plugin.and_then(|plugin| {
            let plugin = strip_quotes(plugin);
            self.pack()
                .services
                .iter()
                .position(|s| s.vault_plugins.iter().any(|p| p == plugin))
                .map(|service| ServiceContext {
                    service,
                    because: Because::VaultPlugin(plugin.to_string()),
                })
        });
        self.value_at(argument, None, &format!("vault {path}"), context, hit, scan);
    }

    /// `ssh HOST cmd…`, `scp f HOST:/tmp/`, `ansible HOSTS -a "cmd"`,
    /// `pdsh -w HOSTS cmd`: the machines named are managed, as `ssh HOST`'s
    /// is; what runs on them is read as any command (`ssh HOST "psql -h …"`),
    /// a variable given to it (`-e pg_host=…`, `ssh HOST PGHOST=… ./run`) as
    /// any value, and an `ssh -L`/`-R` forward's target as a tunnel.
    fn remote(&self, call: &Call, hit: &Hit, scan: &mut FileScan) {
        let Call {
            name, words, index, ..
        } = *call;
        let word = &words[index];
        let forward = name == "ssh"
            && (index > 0 && matches!(words[index - 1].text, "-L" | "-R")
                || word.text.starts_with("-L")
                || word.text.starts_with("-R"));
        if forward {
            return self.value(word.range.clone(), None, None, hit, scan);
        }
        if self.is_command_line(strip_quotes(word.text)) && self.depth < MAX_NESTING {
            let inner = trim_quotes(self.text, word.range.clone());
            return scan_nested(self.scanner, self.text, inner, hit, self.depth + 1, scan);
        }
        // `-o HostName=…` is the remote command's own option, not a variable.
        let option = index > 0 && words[index - 1].text == "-o";
        if let Some(entry) = entry_around(self.text, word.range.clone(), hit).filter(|_| !option) {
            return self.value(entry, None, None, hit, scan);
        }
        self.run_by_another(call, hit, scan);
    }

    /// Classifies the hit as an argument of the command `call` runs, the
    /// first significant word before the hit's (`sudo -u postgres psql -h
    /// …`, `ssh HOST psql -h …`). False when `call` runs none.
    fn run_by_another(&self, call: &Call, hit: &Hit, scan: &mut FileScan) -> bool {
        let Call { words, index, .. } = *call;
        let Some(at) = words[..index]
            .iter()
            .position(|w| self.is_significant(command_name(w.text)))
        else {
            return false;
        };
        self.call(&call.inner(at), hit, scan);
        true
    }

    /// `iptables -s 10.0.0.121 …`, `ufw allow from …`, `ip route add …`: the
    /// addresses a firewall filters or a route reaches are plumbing. A
    /// forward's target is a reference (`-j DNAT --to-destination
    /// 10.0.0.121:5432` sends the port's traffic to that node).
    fn network(&self, words: &[Word], index: usize, hit: &Hit, scan: &mut FileScan) {
        let word = &words[index];
        let flags = &self.pack().network_forward_flags;
        let after_flag = index > 0 && flags.iter().any(|f| f == words[index - 1].text);
        // The word up to the address: `--to-destination=`, `…:toaddr=`.
        let before = word
            .text
            .get(..hit.span.start.saturating_sub(word.range.start))
            .unwrap_or(word.text);
        let joined = flags.iter().any(|flag| {
            let flag = flag.trim_end_matches('=');
            before
                .rfind(flag)
                .is_some_and(|at| before[at + flag.len()..].starts_with('='))
        });
        if after_flag || joined {
            self.value(word.range.clone(), None, None, hit, scan);
        }
    }

    /// `docker exec NAME cmd…`: the name is not a reference; the command run
    /// inside is classified like any command.
    fn management(&self, subcommands: &[String], call: &Call, hit: &Hit, scan: &mut FileScan) {
        let Call { words, index, .. } = *call;
        let Some(sub) = words.iter().position(|w| !w.text.starts_with('-')) else {
            return;
        };
        if words[sub].text == "compose" {
            // `docker compose exec SERVICE psql …` is `docker-compose`'s
            // command line; without its subcommands in the pack, what
            // follows is read as service names.
            let Some(compose) = self
                .pack()
                .management_commands
                .get(COMPOSE)
                .filter(|_| index > sub)
            else {
                return;
            };
            let inside = Call {
                name: COMPOSE,
                words: &words[sub + 1..],
                index: index - sub - 1,
                site: call.site,
                writes_file: call.writes_file,
            };
            return self.management(compose, &inside, hit, scan);
        }
        if !subcommands.iter().any(|s| s == words[sub].text) {
            return self.value(words[index].range.clone(), None, None, hit, scan);
        }
        // An environment entry (`-e PGHOST=10.0.0.121`) is no name: it is
        // what the command runs with, read as `docker run`'s arguments are.
        let assigns = |i: usize| {
            let word = strip_quotes(words[i].text);
            is_environment_entry(word)
                || (word.starts_with('-')
                    && word
                        .split_once('=')
                        .is_some_and(|(_, entry)| is_environment_entry(entry)))
        };
        if index > sub && assigns(index) {
            return self.value(words[index].range.clone(), None, None, hit, scan);
        }
        let name_at =
            (sub + 1..words.len()).find(|&i| !words[i].text.starts_with('-') && !assigns(i));
        let Some(name_at) = name_at else { return };
        if index <= name_at {
            return;
        }
        let inner = (name_at + 1..words.len())
            .find(|&i| words[i].text != "--")
            .unwrap_or(name_at + 1);
        if index < inner {
            return;
        }
        if index == inner {
            return self.value(words[index].range.clone(), None, None, hit, scan);
        }
        self.call(&call.inner(inner), hit, scan);
    }
}
