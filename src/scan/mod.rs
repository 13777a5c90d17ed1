//! Scanners: one module per file kind. A scanner reads a file's text and
//! reports every address it sees as a [`Reference`] (span, target, context);
//! it never decides whether a reference is wrong — that is the rules' job.

mod blocks;
mod candidates;
mod comments;
mod docker;
mod dotenv;
mod formats;
mod json;
pub(crate) mod ports;
mod secrets;
mod shell;
mod text;
mod tree;
mod value;
mod variables;
mod yaml;

pub(crate) use tree::{Document, YamlNode};
pub(crate) use yaml::documents as yaml_documents;

pub use candidates::{CandidateList, Member, indexed_lists, sentinel_port_lists};
pub(crate) use comments::comment_lines;
pub use docker::DockerProjects;
pub use secrets::Secrets;
pub(crate) use text::{hits_with_block_port, is_batch_remark, template_comments};
pub(crate) use value::{positional_port, template_after, url_around};
pub use variables::TemplatedProjects;

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use crate::address::{self, AddressMatcher, Form, Hit, Target};
use crate::finding::SharedTexts;
use crate::pack::{ImageRuns, Pack, Role, ServiceId};
use crate::prefilter::NameSearch;

/// Why a reference is in the context of a service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceContext {
    pub service: ServiceId,
    /// What says so; messages print it (`key DATABASE_URL`, `scheme postgresql`).
    pub because: Because,
}

impl ServiceContext {
    /// The context a port gives, as the last signal: the service it is of.
    pub fn of_port(pack: &Pack, port: u16) -> Option<ServiceContext> {
        pack.service_of_port(port).map(|service| ServiceContext {
            service,
            because: Because::Port(port),
        })
    }
}

/// Marks `references` as a definition when `words` (a command, its program
/// first, or a config line) set a service's own topology (SPEC §2: a
/// replica's master, a Sentinel's monitored master): their addresses are
/// that service's servers unless something stronger already said.
pub(crate) fn define_topology(pack: &Pack, words: &[&str], references: &mut [Reference]) {
    let Some((service, sequence)) = pack.defined_service(words) else {
        return;
    };
    for reference in references {
        reference.enclosure.definition = true;
        reference.context.get_or_insert_with(|| ServiceContext {
            service,
            because: Because::Command(sequence.join(" ")),
        });
    }
}

/// What a block's image runs, when a server or a proxy.
#[derive(Clone)]
pub struct ServerImage {
    /// The service of a server's peers, by its image; a proxy's backends
    /// are of whatever service its settings say.
    context: Option<ServiceContext>,
}

impl ServerImage {
    pub fn new(runs: ImageRuns, image: &str) -> Self {
        let context = match runs {
            ImageRuns::Server(service) => Some(ServiceContext {
                service,
                because: Because::Image(image.to_string()),
            }),
            ImageRuns::Proxy => None,
        };
        ServerImage { context }
    }

    /// Gives the peers of `references` that nothing else gave a context
    /// the server's service: a PostgreSQL node as a Redis replica's master
    /// is `cross-service`.
    pub fn give_context(&self, references: &mut [Reference]) {
        for reference in references.iter_mut().filter(|r| r.context.is_none()) {
            reference.context.clone_from(&self.context);
        }
    }
}

/// Where a variable or parameter holding a value is used as a host: the
/// value is a host, of the service that use's context names.
#[derive(Clone)]
pub struct HostUse {
    pub variable: String,
    pub context: Option<ServiceContext>,
}

impl HostUse {
    /// The host use among a probe's references (a use of the variable
    /// judged as the value), if it is one.
    pub fn among(variable: &str, probe: Vec<Reference>) -> Option<HostUse> {
        let used = probe.into_iter().find(|r| r.as_host)?;
        Some(HostUse {
            variable: variable.to_string(),
            context: used.context,
        })
    }

    /// Whether `reference` may gain from a trace: a hostname not yet read
    /// as a host, or a value with no context.
    pub fn may_give(reference: &Reference) -> bool {
        (reference.hit.form == Form::Hostname && !reference.as_host) || reference.context.is_none()
    }

    /// A copy of `reference`, one item of a list, read alone through this
    /// use (`${NODES[0]}`, `HOSTS[1]`): a connection of its own, in no list.
    pub fn alone(&self, reference: &Reference) -> Reference {
        let mut alone = reference.clone();
        alone.group = None;
        self.give(&mut alone);
        alone
    }

    /// Makes `reference`, whose value the variable holds, a host, in the
    /// use's context unless it has one of its own.
    pub fn give(&self, reference: &mut Reference) {
        reference.as_host = true;
        if reference.context.is_none()
            && let Some(context) = &self.context
        {
            reference.context = Some(ServiceContext {
                service: context.service,
                because: Because::Through {
                    variable: self.variable.clone(),
                    because: Box::new(context.because.clone()),
                },
            });
        }
    }
}

/// What gives a reference or a list its service context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Because {
    /// A URL scheme (`postgresql`).
    Scheme(String),
    /// A key only one service's connection strings have (`dbname`).
    Dialect(String),
    /// A sibling key that names the mapping's service, as written
    /// (`adapter: postgresql`).
    Adapter(String),
    /// The key the value is assigned to (`DATABASE_URL`).
    Key(String),
    /// A service word in an enclosing YAML key path (`postgresql.primary.host`).
    KeyPath(String),
    /// The port written with the address, when nothing stronger says.
    Port(u16),
    /// A client command's argument (`psql`).
    Command(String),
    /// A client command and its host flag (`psql -h`). One string: a
    /// context is kept per reference, and two would make every one larger.
    HostFlag(String),
    /// The plugin of a Vault database config.
    VaultPlugin(String),
    /// A leader-discovery list's name (`PG_CANDIDATE_IPS`).
    ListName(String),
    /// The one service whose client commands the file uses.
    CommandInFile(String),
    /// The pack's default service for leader-discovery lists.
    PackDefault,
    /// The only service of the pack that has nodes.
    OnlyService,
    /// The server image of the container whose peer the value names
    /// (`bitnami/redis:7.2`).
    Image(String),
    /// What gives the context where a variable holding the value is used
    /// (`DB=10.0.0.123`, then `psql -h "$DB"`).
    Through {
        variable: String,
        because: Box<Because>,
    },
}

impl fmt::Display for Because {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Because::Scheme(scheme) => write!(f, "scheme {scheme}"),
            Because::Dialect(key) => write!(f, "connection-string key {key}"),
            Because::Adapter(sibling) => write!(f, "{sibling}"),
            Because::Key(key) => write!(f, "key {key}"),
            Because::KeyPath(path) => write!(f, "key path {path}"),
            Because::Port(port) => write!(f, "port {port}"),
            Because::Command(name) => write!(f, "command {name}"),
            Because::HostFlag(flag) => write!(f, "command {flag}"),
            Because::VaultPlugin(plugin) => write!(f, "vault plugin {plugin}"),
            Because::Image(image) => write!(f, "image {image}"),
            Because::Through { variable, because } => write!(f, "{because}, through {variable}"),
            Because::ListName(name) => write!(f, "its name {name}"),
            Because::CommandInFile(command) => {
                write!(f, "client command {command} in this file")
            }
            Because::PackDefault => f.write_str("the pack's default for candidate lists"),
            Because::OnlyService => f.write_str("the only service of the pack with nodes"),
        }
    }
}

/// One address seen in a file, with everything the rules need to judge it.
#[derive(Debug, Clone)]
pub struct Reference {
    pub hit: Hit,
    /// The address as written in the file (never a secret: it is the address).
    pub value: Arc<str>,
    /// The port written with the address (`:5432`, libpq `port=`), if any.
    pub port: Option<u16>,
    /// The service the surrounding configuration is for, if anything says.
    pub context: Option<ServiceContext>,
    /// Whether the address is used as a network host (URL host, host key value,
    /// `host:port`): a hostname is only a reference where this holds.
    pub as_host: bool,
    /// Structural locator for fingerprints: the dotenv key, the YAML key path,
    /// the shell variable or command, or the normalized line text for plain
    /// text. Never a line number. Shared by the references of one value.
    pub locator: Arc<str>,
    /// How the address was found when it is not written as such, e.g.
    /// `base64-decoded from Secret data key PGHOST`.
    pub decoded: Option<Box<Decoded>>,
    /// Where it sits, for the allowlist.
    pub enclosure: Enclosure,
    /// The list it is a member of (an index into [`FileScan::groups`]), if any.
    pub group: Option<usize>,
}

/// An address found in a decoded value (base64 `Secret.data`): how it was
/// found, and where it is in the decoded text.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// `base64-decoded from Secret data key PGHOST`.
    pub how: String,
    pub span: Range<usize>,
}

/// Where a reference sits beyond its span: what allowlist entries select on.
#[derive(Debug, Clone, Default)]
pub struct Enclosure {
    /// The YAML document it is in, for allowlist entries by kind or keys.
    pub document: Option<Arc<DocumentFacts>>,
    /// In a block that defines a topology member (its compose service, its
    /// inventory entry): its own address and its peers' are no references.
    pub definition: bool,
    /// The key whose value holds it (the value's key, else a pair's), if any.
    pub key: Option<Arc<str>>,
    /// What fewer references have, boxed: a file can hold hundreds of
    /// thousands of references, each carried to its finding.
    surroundings: Option<Box<Surroundings>>,
}

/// The rarer parts of an [`Enclosure`].
#[derive(Debug, Clone, Default)]
pub struct Surroundings {
    /// The outermost key holding `key`'s pair, when pairs nest in a line
    /// (`ETCD_INITIAL_CLUSTER` of `ETCD_INITIAL_CLUSTER=db-1=http://…`).
    pub outer_key: Option<Arc<str>>,
    /// The name of the innermost block around it that an `[[allow]] blocks`
    /// entry names (a compose service `postgres-exporter`, a container
    /// whose image is an exporter).
    pub block: Option<Arc<str>>,
    /// The texts a content rule judges, each on its own, when it is not the
    /// whole file (empty): the YAML value that holds the reference (a config
    /// file embedded in a ConfigMap, a `command:`), a script's line or
    /// heredoc. An HAProxy config in one value covers that value, not its
    /// neighbours.
    pub content: Vec<Range<usize>>,
    /// The texts a script writes that the variable holding it flows into
    /// (heredocs, `echo … > file`), judged like `content`: shared by every
    /// assignment to that variable.
    pub written: Option<JudgedTexts>,
    /// The embedded texts (heredoc bodies, multi-line strings) of a file
    /// whose reference lies outside them: a content rule judges the file
    /// without them. Shared by the file's references.
    pub around: Option<JudgedTexts>,
}

/// The surroundings of a reference that has none.
static NO_SURROUNDINGS: Surroundings = Surroundings {
    around: None,
    outer_key: None,
    block: None,
    content: Vec::new(),
    written: None,
};

impl Enclosure {
    pub fn surroundings(&self) -> &Surroundings {
        self.surroundings.as_deref().unwrap_or(&NO_SURROUNDINGS)
    }

    pub fn surroundings_mut(&mut self) -> &mut Surroundings {
        self.surroundings.get_or_insert_default()
    }

    /// Gives the reference the text and the block it sits in, where an
    /// embedded scanner gave it none: its narrower ones (a heredoc, a
    /// container named inside a YAML value) stay.
    pub fn surround(&mut self, content: Option<&Range<usize>>, block: Option<&Arc<str>>) {
        if let Some(content) = content
            && self.surroundings().content.is_empty()
        {
            self.surroundings_mut().content.push(content.clone());
        }
        if let Some(block) = block
            && self.surroundings().block.is_none()
        {
            self.surroundings_mut().block = Some(block.clone());
        }
    }
}

/// Byte ranges of texts a content rule judges (the texts a script writes,
/// a file's embedded texts), shared by the references they concern.
pub type JudgedTexts = Arc<[Range<usize>]>;

/// What identifies a YAML document to the allowlist.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct DocumentFacts {
    pub kind: Option<String>,
    /// Sorted, each once.
    pub top_level_keys: Vec<String>,
}

/// A file that did not parse as its kind and was read as text instead.
#[derive(Debug, Clone)]
pub struct ParseNote {
    /// Where the parser stopped.
    pub offset: usize,
    pub message: String,
}

/// What a scanner reports for one file.
#[derive(Debug, Default)]
pub struct FileScan {
    pub references: Vec<Reference>,
    /// Byte ranges of secrets (passwords, tokens) to mask before printing,
    /// except where a reported address is.
    pub secrets: Vec<Range<usize>>,
    /// Byte ranges masked whatever they hold (Kubernetes Secret data).
    pub opaque: Vec<Range<usize>>,
    /// Leader-discovery lists, judged as a whole.
    pub lists: Vec<CandidateList>,
    /// Other lists of addresses (arrays, loops, separated values): a list that
    /// names every node of a cluster is a node set, not a pin.
    pub groups: Vec<Group>,
    pub parse_errors: Vec<ParseNote>,
    /// One copy of each text many references repeat (keys, locators).
    texts: SharedTexts,
    /// The group of each list whose hits are classified one at a time (a
    /// command's argument words, a shell array, a `for` loop's words), by
    /// where the list starts.
    list_groups: HashMap<usize, usize>,
}

/// A list of addresses that is not a leader-discovery list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Group {
    /// A connection (a service key's value, a multi-host URL, a client's host
    /// flag): every node in it is a pin, whatever else it lists.
    pub connection: bool,
}

impl FileScan {
    /// Drops the references from `from` on that name a member's machine (a
    /// node or an infrastructure host, not an endpoint) on a port the pack
    /// does not know: a program that is no client of the pack's services
    /// (`curl http://10.0.0.120:8008/primary`, an Ansible `uri` task) uses
    /// another program there, per-node tooling.
    pub(super) fn drop_other_programs(&mut self, pack: &Pack, from: usize) {
        let kept: Vec<Reference> = self
            .references
            .drain(from..)
            .filter(|reference| {
                !matches!(
                    reference.hit.target,
                    Target::Known(Role::Node(_) | Role::Infrastructure(_))
                ) || reference.port.is_none_or(|port| pack.knows_port(port))
            })
            .collect();
        self.references.extend(kept);
    }

    /// Makes every reference one inside a definition: the whole file
    /// describes a member (see [`describes_node`]).
    pub fn define_all(&mut self) {
        for reference in &mut self.references {
            reference.enclosure.definition = true;
        }
    }

    /// What `base` would read in the text this scan read, where the two
    /// packs differ only in their topology (the same services): the same
    /// values, contexts and lists, each address resolved by `base` (one that
    /// `base` does not know, outside its private networks, is no reference).
    pub fn resolved_by(&self, base: &Pack) -> FileScan {
        let target = |written: &str, port: Option<u16>| -> Option<Target> {
            match address::parse_ipv4(written) {
                Some(ip) => match base.role_of_address(ip) {
                    Some(role) => base.resolve_host(written, role, port).map(Target::Known),
                    None if base.is_private(ip) => Some(Target::UnknownPrivate(ip)),
                    None => None,
                },
                None => base
                    .role_of_hostname(written)
                    .and_then(|role| base.resolve_host(written, role, port))
                    .map(Target::Known),
            }
        };
        let references = self
            .references
            .iter()
            .filter_map(|reference| {
                let mut reference = reference.clone();
                reference.hit.target = target(&reference.value, reference.port)?;
                Some(reference)
            })
            .collect();
        let lists = self
            .lists
            .iter()
            .map(|list| {
                let mut list = list.clone();
                for member in &mut list.members {
                    member.role = match target(&member.text, member.port) {
                        Some(Target::Known(role)) => Some(role),
                        _ => None,
                    };
                }
                list
            })
            .collect();
        FileScan {
            references,
            lists,
            groups: self.groups.clone(),
            parse_errors: self.parse_errors.clone(),
            ..FileScan::default()
        }
    }

    /// Moves every span `offset` bytes later (the scan of a text that
    /// starts `offset` bytes into the file).
    fn shift(&mut self, offset: usize) {
        let moved = |range: &mut Range<usize>| *range = range.start + offset..range.end + offset;
        // Written texts are shared by the references they concern: moved
        // once each, and still shared.
        let mut moved_written: HashMap<*const [Range<usize>], JudgedTexts> = HashMap::new();
        for reference in &mut self.references {
            moved(&mut reference.hit.span);
            let Some(enclosure) = reference.enclosure.surroundings.as_deref_mut() else {
                continue;
            };
            enclosure.content.iter_mut().for_each(moved);
            for shared in [&mut enclosure.written, &mut enclosure.around] {
                if let Some(texts) = shared {
                    let shifted = moved_written.entry(Arc::as_ptr(texts)).or_insert_with(|| {
                        let mut ranges = texts.to_vec();
                        ranges.iter_mut().for_each(moved);
                        ranges.into()
                    });
                    *shared = Some(shifted.clone());
                }
            }
        }
        self.secrets.iter_mut().for_each(moved);
        self.opaque.iter_mut().for_each(moved);
        for list in &mut self.lists {
            moved(&mut list.span);
            for member in &mut list.members {
                moved(&mut member.span);
            }
        }
        for note in &mut self.parse_errors {
            note.offset += offset;
        }
    }

    /// `text` as a shared string: one copy per file, however many references
    /// name it (200 000 findings on `PGHOST` hold one `PGHOST`).
    pub fn shared(&mut self, text: &str) -> Arc<str> {
        self.texts.share(text)
    }

    /// A new group; its index for [`Reference::group`].
    pub fn group(&mut self, connection: bool) -> usize {
        self.groups.push(Group { connection });
        self.groups.len() - 1
    }

    /// The group of the list that starts at byte `at` (a command's
    /// argument words, an array, a `for` loop's words), made on first use:
    /// one per scan, so a probe's scan never takes the file's groups.
    pub fn group_at(&mut self, at: usize) -> usize {
        if let Some(&group) = self.list_groups.get(&at) {
            return group;
        }
        let group = self.group(false);
        self.list_groups.insert(at, group);
        group
    }
}

/// How a file is parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Dotenv,
    Yaml,
    /// JSON, read as the YAML it is (key paths, lists, env pairs); JSON that
    /// YAML cannot read is read as text, without a note (JSON is text).
    Json,
    Shell,
    Text(Dialect),
}

/// The kinds of text file whose lines embed shell, or prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Plain,
    /// Recipe lines (after a tab) are shell, with `$$` read as `$`.
    Makefile,
    /// `RUN`, `CMD` and `ENTRYPOINT` are shell (or command arrays).
    Dockerfile,
    /// The command after the schedule is shell.
    Crontab,
    /// `Exec…=` values are shell.
    Systemd,
    /// Docstrings are prose.
    Python,
    /// Ruby (a Vagrantfile): a `define "NAME" do … end` block of a member
    /// defines it.
    Ruby,
    /// HCL (Terraform, Nomad, Packer): a block named by a member
    /// (`name = "db-master-01"`) defines it.
    Hcl,
    /// SQL: `--` starts a comment, to the line's end.
    Sql,
    /// Lua (Redis scripts, OpenResty): `--` starts a comment, to the line's
    /// end, and `--[[` one to its `]]`.
    Lua,
    /// Windows batch (`.bat`, `.cmd`): `REM` and `::` lines are comments.
    Batch,
    /// PowerShell: `<# … #>` is a comment, as `#` is.
    PowerShell,
    /// An ssh client config: its options are ssh's, so the hosts it names
    /// are managed (`HostName`, `ProxyJump`), and a forward's target is a
    /// tunnel (`LocalForward 5432 HOST:5432`), as on ssh's command line.
    SshConfig,
}

impl Dialect {
    /// Whether the language writes files inline as heredocs (`<<EOF`,
    /// `<<~EOS`, `<<<EOT`): HCL, Ruby, a Dockerfile's `COPY <<EOF`, and
    /// plain text (PHP, Perl). Python's and SQL's `<<` is an operator.
    pub fn writes_heredocs(self) -> bool {
        matches!(
            self,
            Dialect::Plain | Dialect::Hcl | Dialect::Ruby | Dialect::Dockerfile
        )
    }
}

impl FileKind {
    pub fn of(path: &Path) -> FileKind {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let directory = path
            .parent()
            .and_then(|p| p.file_name())
            .map_or(&[][..], |d| d.as_encoded_bytes());
        let in_cron_directory = || directory.starts_with(b"cron.");
        let in_directory = |name: &str| directory == name.as_bytes();
        let extension = name.rsplit_once('.').map_or("", |(_, e)| e);
        if name == ".env" || name.starts_with(".env.") || extension == "env" {
            FileKind::Dotenv
        } else if matches!(extension, "yaml" | "yml") {
            FileKind::Yaml
        } else if extension == "json" {
            FileKind::Json
        } else if matches!(extension, "sh" | "bash" | "zsh") {
            FileKind::Shell
        } else if matches!(name.as_str(), "makefile" | "gnumakefile") || extension == "mk" {
            FileKind::Text(Dialect::Makefile)
        } else if name == "dockerfile"
            || name == "containerfile"
            || name.starts_with("dockerfile.")
            || extension == "dockerfile"
        {
            FileKind::Text(Dialect::Dockerfile)
        } else if name == "crontab" || matches!(extension, "cron" | "crontab") {
            FileKind::Text(Dialect::Crontab)
        } else if matches!(extension, "service" | "socket") {
            FileKind::Text(Dialect::Systemd)
        } else if extension == "py" {
            FileKind::Text(Dialect::Python)
        } else if name == "vagrantfile" || extension == "rb" {
            FileKind::Text(Dialect::Ruby)
        } else if matches!(extension, "tf" | "tfvars" | "hcl" | "nomad") {
            FileKind::Text(Dialect::Hcl)
        } else if matches!(extension, "sql" | "psql" | "pgsql") {
            FileKind::Text(Dialect::Sql)
        } else if extension == "lua" {
            FileKind::Text(Dialect::Lua)
        } else if matches!(extension, "bat" | "cmd") {
            FileKind::Text(Dialect::Batch)
        } else if matches!(extension, "ps1" | "psm1" | "psd1") {
            FileKind::Text(Dialect::PowerShell)
        } else if in_cron_directory() {
            FileKind::Text(Dialect::Crontab)
        } else if matches!(name.as_str(), "ssh_config" | "ssh-config" | "ssh.cfg")
            || (name == "config" && in_directory(".ssh"))
        {
            FileKind::Text(Dialect::SshConfig)
        } else {
            FileKind::Text(Dialect::Plain)
        }
    }

    /// The kind of a file from its name, else from its content: a shebang,
    /// or an ssh config's first directive (`~/ssh/config` in a repository).
    pub fn detect(path: &Path, text: &str) -> FileKind {
        let text = text.strip_prefix(BOM).unwrap_or(text);
        match FileKind::of(path) {
            FileKind::Text(Dialect::Plain) if has_shell_shebang(text) => FileKind::Shell,
            FileKind::Text(Dialect::Plain) if opens_as_ssh_config(text) => {
                FileKind::Text(Dialect::SshConfig)
            }
            kind => kind,
        }
    }

    /// Whether the file is parsed as a tree (YAML or JSON): a Kubernetes
    /// Secret's base64 data can only be read there.
    pub fn is_structured(self) -> bool {
        matches!(self, FileKind::Yaml | FileKind::Json)
    }

    /// Whether the file at `path` is YAML or JSON, from its name alone (the
    /// prefilter asks this of every file).
    pub fn is_structured_path(path: &Path) -> bool {
        let name = path.file_name().map_or(&[][..], |n| n.as_encoded_bytes());
        [&b".yaml"[..], b".yml", b".json"].iter().any(|extension| {
            name.len() > extension.len()
                && name[name.len() - extension.len()..].eq_ignore_ascii_case(extension)
        })
    }
}

/// The lines `span` is on, without the final newline.
pub(crate) fn lines_of(text: &str, span: &Range<usize>) -> Range<usize> {
    let bytes = text.as_bytes();
    line_start(bytes, 0, span.start)..line_end(bytes, span.end)
}

/// Where the line holding `at` starts, looking back no further than `floor`.
pub(crate) fn line_start(bytes: &[u8], floor: usize, at: usize) -> usize {
    memchr::memrchr(b'\n', &bytes[floor..at]).map_or(floor, |i| floor + i + 1)
}

/// Where the line holding `at` ends, before its newline.
pub(crate) fn line_end(bytes: &[u8], at: usize) -> usize {
    memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i)
}

/// Whether `span` lies inside one of `ranges`.
pub(crate) fn within_any(ranges: &[Range<usize>], span: &Range<usize>) -> bool {
    ranges
        .iter()
        .any(|r| r.start <= span.start && span.end <= r.end)
}

/// Ranges asked whether one of them holds a span, for many spans: sorted
/// once, each answer is a binary search, not a pass over every range.
pub(crate) struct Covering {
    starts: Vec<usize>,
    /// The furthest end of the ranges up to each, in order of start.
    furthest_ends: Vec<usize>,
}

impl Covering {
    pub fn new(ranges: &[Range<usize>]) -> Self {
        let mut sorted: Vec<&Range<usize>> = ranges.iter().collect();
        sorted.sort_by_key(|r| r.start);
        let mut furthest = 0;
        let furthest_ends = sorted
            .iter()
            .map(|r| {
                furthest = furthest.max(r.end);
                furthest
            })
            .collect();
        Covering {
            starts: sorted.iter().map(|r| r.start).collect(),
            furthest_ends,
        }
    }

    /// Whether one of the ranges holds `span`, as [`within_any`] says.
    pub fn holds(&self, span: &Range<usize>) -> bool {
        let started = self.starts.partition_point(|&start| start <= span.start);
        started
            .checked_sub(1)
            .is_some_and(|last| self.furthest_ends[last] >= span.end)
    }
}

/// How long a bracketed list may be.
pub(crate) const MAX_LIST: usize = 64 * 1024;

/// The last `open_byte` of `bytes` that no `close_byte` after it closes
/// (quotes followed).
pub(crate) fn unmatched_open(bytes: &[u8], open_byte: u8, close_byte: u8) -> Option<usize> {
    let mut open: Vec<usize> = Vec::new();
    let mut quote = None;
    for (index, &byte) in bytes.iter().enumerate() {
        match (quote, byte) {
            (Some(q), b) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'\'') if is_lifetime(bytes, index) => {}
            (None, b'"' | b'\'') => quote = Some(byte),
            (None, b) if b == open_byte => open.push(index),
            (None, b) if b == close_byte => {
                open.pop();
            }
            _ => {}
        }
    }
    open.pop()
}

/// Whether the `'` at `at` starts a Rust lifetime (`&'static str`,
/// `Vec<'a, …>`): a name after `&` or `<` that no `'` closes, no quote.
fn is_lifetime(bytes: &[u8], at: usize) -> bool {
    let after = &bytes[at + 1..];
    let name = after
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
        .count();
    at > 0
        && matches!(bytes[at - 1], b'&' | b'<')
        && after
            .first()
            .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_')
        && after.get(name) != Some(&b'\'')
}

/// Where the bracket at `open` closes with `close`, within [`MAX_LIST`] bytes.
pub(crate) fn closing(bytes: &[u8], open: usize, close: u8) -> Option<usize> {
    let open_byte = bytes[open];
    let mut depth = 0usize;
    let mut quote = None;
    for (index, &byte) in bytes[open..].iter().enumerate().take(MAX_LIST) {
        match (quote, byte) {
            (_, b'\n') => quote = None,
            (Some(q), b) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'\'') if is_lifetime(&bytes[open..], index) => {}
            (None, b'"' | b'\'') => quote = Some(byte),
            (None, b) if b == open_byte => depth += 1,
            (None, b) if b == close => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(open + index + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// Where brackets of one kind close, as [`closing`] says: one scan from
/// the start of what is read, extended as far as each question needs,
/// serves every bracket it passes in any order of asking, so a text of
/// unclosed brackets costs its length once, not [`MAX_LIST`] per bracket.
pub(crate) struct Closings {
    open_byte: u8,
    close_byte: u8,
    /// Where the scan started and has reached, and the quote open there.
    from: usize,
    scanned: usize,
    quote: Option<u8>,
    /// The brackets still open where the scan is, in order.
    open: Vec<usize>,
    /// The brackets the scan saw close: where each closes (just after).
    closed: HashMap<usize, usize>,
}

impl Closings {
    /// For the text from `from` on.
    pub fn new(open_byte: u8, close_byte: u8, from: usize) -> Self {
        Closings {
            open_byte,
            close_byte,
            from,
            scanned: from,
            quote: None,
            open: Vec::new(),
            closed: HashMap::new(),
        }
    }

    /// Where the bracket at `open` of `bytes` (the same text at every call)
    /// closes, within [`MAX_LIST`] bytes.
    pub fn of(&mut self, bytes: &[u8], open: usize) -> Option<usize> {
        let limit = bytes.len().min(open + MAX_LIST);
        while self.scanned < limit {
            let at = self.scanned;
            match (self.quote, bytes[at]) {
                (_, b'\n') => self.quote = None,
                (Some(q), b) if b == q => self.quote = None,
                (Some(_), _) => {}
                (None, b'\'') if is_lifetime(bytes, at) => {}
                (None, quote @ (b'"' | b'\'')) => self.quote = Some(quote),
                (None, b) if b == self.open_byte => self.open.push(at),
                (None, b) if b == self.close_byte => {
                    if let Some(opened) = self.open.pop() {
                        self.closed.insert(opened, at + 1);
                    }
                }
                _ => {}
            }
            self.scanned += 1;
        }
        if let Some(&end) = self.closed.get(&open) {
            return Some(end).filter(|&end| end - open <= MAX_LIST);
        }
        let passed = open >= self.from && self.open.binary_search(&open).is_ok();
        if passed {
            // Open after all the scan has read of it.
            return None;
        }
        // A bracket the scan read inside a quote, or before its start: its
        // own scan, which starts it outside any.
        closing(bytes, open, self.close_byte)
    }
}

/// Everything a scanner needs besides the file: built once per scan.
pub struct Scanner<'a> {
    pub pack: &'a Pack,
    pub matcher: AddressMatcher<'a>,
    /// Where a leader-discovery list name may be: lists are looked for only there.
    pub list_names: NameSearch,
    /// Where a block an `[[allow]] blocks` entry names may be.
    pub block_names: NameSearch,
    /// Where a command that sets a service's topology may be.
    pub definition_commands: NameSearch,
}

impl<'a> Scanner<'a> {
    pub fn new(pack: &'a Pack) -> Self {
        Scanner {
            pack,
            matcher: AddressMatcher::new(pack),
            list_names: NameSearch::list_names(pack),
            block_names: NameSearch::block_names(pack),
            definition_commands: NameSearch::definition_commands(pack),
        }
    }

    pub fn scan(&self, kind: FileKind, text: &str) -> FileScan {
        let hits = self.matcher.find(self.pack, text);
        self.scan_hits(kind, text, &hits)
    }

    /// As [`scan`](Self::scan), with the addresses of `text` already found.
    /// A byte order mark is no content: the text after it is scanned, and
    /// every span points into the whole text.
    pub fn scan_hits(&self, kind: FileKind, text: &str, hits: &[Hit]) -> FileScan {
        if let Some(content) = text.strip_prefix(BOM) {
            let shifted: Vec<Hit> = hits
                .iter()
                .filter(|h| h.span.start >= BOM.len())
                .map(|h| Hit {
                    span: h.span.start - BOM.len()..h.span.end - BOM.len(),
                    ..h.clone()
                })
                .collect();
            let mut scan = self.scan_content(kind, content, &shifted);
            scan.shift(BOM.len());
            return scan;
        }
        self.scan_content(kind, text, hits)
    }

    fn scan_content(&self, kind: FileKind, text: &str, hits: &[Hit]) -> FileScan {
        let mut scan = FileScan::default();
        match kind {
            FileKind::Dotenv => dotenv::scan(self, text, hits, &mut scan),
            FileKind::Yaml => yaml::scan(self, text, hits, &mut scan),
            FileKind::Json => json::scan(self, text, hits, &mut scan),
            FileKind::Shell => scan = shell::scan_script(self, text, hits),
            FileKind::Text(dialect) => text::scan(self, text, dialect, hits, &mut scan),
        }
        candidates::resolve_services(self.pack, text, &mut scan);
        scan.references.sort_by_key(|r| r.hit.span.start);
        scan
    }
}

/// A byte order mark: no content (a file's text starts after it).
pub const BOM: &str = "\u{feff}";

/// Whether the file at `relative` (a path below the scan root) describes a
/// node by its name: the file or a directory above it is named after the
/// node (Ansible `host_vars/db-master-01.yml`, `nodes/redis-02/redis.env`,
/// `db-slave-01.env`). It is then that node's block, as the compose service
/// that defines it is: its own and its peers' addresses are no pins.
pub fn describes_node(pack: &Pack, relative: &str) -> bool {
    relative.split(['/', '\\']).any(|component| {
        matches!(
            address::role_of_any_name(pack, component),
            Some(Role::Node(_))
        )
    })
}

fn has_shell_shebang(text: &str) -> bool {
    let Some(first) = text.lines().next().and_then(|l| l.strip_prefix("#!")) else {
        return false;
    };
    let mut words = first.split_whitespace();
    let program = words.next().unwrap_or("");
    let program = if program.ends_with("/env") {
        words.next().unwrap_or("")
    } else {
        program
    };
    shell::is_shell(shell::program_name(program))
}

/// Whether the first directive of a text (past blank and `#` lines) is an
/// ssh config's `Host PATTERN` or `Match …`: keywords only ssh's grammar
/// opens a file with (an HTTP header `Host:` has its colon, an application's
/// setting `host = 10.0.0.121` its `=`, which ssh configs do without).
fn opens_as_ssh_config(text: &str) -> bool {
    let Some(first) = text
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty() && !line.starts_with('#'))
    else {
        return false;
    };
    let Some((keyword, rest)) = first.split_once([' ', '\t']) else {
        return false;
    };
    (keyword.eq_ignore_ascii_case("host") || keyword.eq_ignore_ascii_case("match"))
        && !rest.trim().is_empty()
        && !rest.contains([':', ';', '{', '(', '='])
}

/// Hits whose span lies inside `range`.
fn hits_in<'h>(hits: &'h [Hit], range: &Range<usize>) -> &'h [Hit] {
    let first = hits.partition_point(|h| h.span.start < range.start);
    let last = hits.partition_point(|h| h.span.start < range.end);
    let slice = &hits[first..last.max(first)];
    let inside = slice.partition_point(|h| h.span.end <= range.end);
    &slice[..inside]
}

/// Whether an alias entry (`db-master-01:10.0.0.120`, `name=address`, or a
/// name alone: the key of `{db-master-01: …}`) names a topology member by
/// its first part: it then defines that member.
fn alias_names_member(pack: &Pack, entry: &str) -> bool {
    entry
        .split([':', '='])
        .next()
        .is_some_and(|name| address::role_of_name(pack, strip_quotes(name.trim())).is_some())
}

/// A word without the quotes around it (`"10.0.0.1"` → `10.0.0.1`).
fn strip_quotes(word: &str) -> &str {
    word.trim_matches(|c| c == '"' || c == '\'')
}

/// A text with runs of whitespace folded: a locator that survives
/// re-indentation.
fn normalized(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The service a sibling entry names when its key is an `adapter_keys`
/// key (`adapter: postgresql`, Django's `ENGINE:
/// django.db.backends.postgresql`): its value, or the value's last dotted
/// segment, is a URL scheme or a service's path word.
pub(super) fn adapter_context(pack: &Pack, key: &str, value: &str) -> Option<ServiceContext> {
    let value = value.trim();
    let last = value.rsplit('.').next().unwrap_or(value);
    // The value first: few name a service, and key patterns cost more.
    let service = [value, last].into_iter().find_map(|name| {
        pack.service_of_scheme(name).or_else(|| {
            pack.services
                .iter()
                .position(|s| s.path_words.iter().any(|w| w.eq_ignore_ascii_case(name)))
        })
    })?;
    pack.syntax
        .adapter_keys
        .is_match(key)
        .then(|| ServiceContext {
            service,
            because: Because::Adapter(format!("{key}: {value}")),
        })
}

/// The service a word of an enclosing key or block names, the nearest
/// first (`postgresql.primary.host`, `provider "postgresql" {`, `[redis]`).
/// A network's name (`redis-network`) gives nothing below it a service.
pub(crate) fn service_of_path(pack: &Pack, path: &[&str]) -> Option<ServiceId> {
    let start = path
        .iter()
        .rposition(|segment| pack.key_facts(segment).network)
        .map_or(0, |at| at + 1);
    path[start..]
        .iter()
        .rev()
        .find_map(|segment| pack.key_facts(segment).path_service)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn covering_agrees_with_within_any() {
        let ranges = [5..10, 0..3, 7..20, 30..31, 2..4];
        let covering = Covering::new(&ranges);
        for start in 0..35 {
            for end in start..36 {
                let span = start..end;
                assert_eq!(
                    covering.holds(&span),
                    within_any(&ranges, &span),
                    "{span:?}"
                );
            }
        }
        assert!(!Covering::new(&[]).holds(&(0..0)));
    }

    #[test]
    fn closings_agree_with_closing_in_any_order_of_asking() {
        let mut next = crate::testing::generator(0x9e37_79b9_7f4a_7c15);
        let alphabet = b"(()x\"'\n ";
        for _ in 0..200 {
            let length = 1 + next(400);
            let text: Vec<u8> = (0..length)
                .map(|_| alphabet[next(alphabet.len())])
                .collect();
            let opens: Vec<usize> = (0..text.len()).filter(|&i| text[i] == b'(').collect();
            let mut closings = Closings::new(b'(', b')', 0);
            // In order, then a few out of order.
            let mut asked = opens.clone();
            if !opens.is_empty() {
                asked.extend((0..8).map(|_| opens[next(opens.len())]));
            }
            for open in asked {
                assert_eq!(
                    closings.of(&text, open),
                    closing(&text, open, b')'),
                    "{:?} at {open}",
                    String::from_utf8_lossy(&text)
                );
            }
        }
    }
}
