//! Key-name patterns: case-insensitive globs over whole key names after the
//! key is normalised to its words (`replicaHost` → `replica_host`,
//! `db.host` → `db_host`), compiled once when a pack is loaded.

use std::ops::Range;
use std::sync::OnceLock;

use globset::GlobBuilder;
use toml::Spanned;

/// Case-insensitive globs over whole key names (`*HOST*` matches `replicaHost`).
#[derive(Debug)]
pub struct KeyPatterns {
    patterns: Vec<KeyPattern>,
    /// Each pattern as written.
    sources: Vec<String>,
    /// A search for a literal every matching key holds, per pattern (ASCII
    /// case-insensitively); `None` when some pattern has none. Compiled when
    /// first asked: most lists never are.
    literals: OnceLock<Option<regex::bytes::Regex>>,
    /// The word of each pattern that is one word anywhere in a key
    /// (`*HOST*` → `host`).
    infix_words: Vec<String>,
}

/// One key-name pattern. Packs are almost all `*`-only globs (`*_DATABASE_URL`,
/// `POSTGRES_*HOST*`); those are matched segment by segment without regex,
/// which keeps key classification off the profile. Anything else (`?`,
/// classes, alternatives) goes through globset.
#[derive(Debug)]
enum KeyPattern {
    Wildcard {
        segments: Vec<String>,
        anchored_start: bool,
        anchored_end: bool,
        specificity: usize,
    },
    Glob {
        matcher: globset::GlobMatcher,
        specificity: usize,
    },
}

impl KeyPattern {
    fn specificity(&self) -> usize {
        match self {
            KeyPattern::Wildcard { specificity, .. } | KeyPattern::Glob { specificity, .. } => {
                *specificity
            }
        }
    }

    fn is_match(&self, key: &str) -> bool {
        match self {
            KeyPattern::Glob { matcher, .. } => matcher.is_match(key),
            KeyPattern::Wildcard {
                segments,
                anchored_start,
                anchored_end,
                ..
            } => wildcard_match(key.as_bytes(), segments, *anchored_start, *anchored_end),
        }
    }
}

/// Whether `key` (lowercase words) is the `segments` (lowercase) joined by `*`s.
fn wildcard_match(
    key: &[u8],
    segments: &[String],
    anchored_start: bool,
    anchored_end: bool,
) -> bool {
    let mut rest = key;
    for (index, segment) in segments.iter().enumerate() {
        let segment = segment.as_bytes();
        let first = index == 0;
        let last = index + 1 == segments.len();
        if first && anchored_start {
            let Some(after) = rest.strip_prefix(segment) else {
                return false;
            };
            rest = after;
            if last && anchored_end {
                return rest.is_empty();
            }
            continue;
        }
        if last && anchored_end {
            return rest.ends_with(segment);
        }
        match memchr::memmem::find(rest, segment) {
            Some(at) => rest = &rest[at + segment.len()..],
            None => return false,
        }
    }
    !anchored_end || rest.is_empty() || segments.is_empty()
}

/// How long a key's words may be before they are written on the heap.
const INLINE_WORDS: usize = 96;

/// A key as its lowercase words joined by `_` (see [`normalize_key`]), kept
/// on the stack when short: keys are normalised millions of times.
pub struct Words {
    inline: [u8; INLINE_WORDS],
    length: usize,
    heap: Option<String>,
}

impl std::ops::Deref for Words {
    type Target = str;

    fn deref(&self) -> &str {
        match &self.heap {
            Some(heap) => heap,
            // Only ASCII bytes are ever written inline.
            None => std::str::from_utf8(&self.inline[..self.length]).unwrap_or_default(),
        }
    }
}

/// A key as its lowercase words joined by `_`: camelCase, kebab-case, dots
/// and other punctuation split (`replicaHost` → `replica_host`,
/// `db-host.name` → `db_host_name`). `*` and `?` are kept (for patterns).
pub fn normalize_key(key: &str) -> Words {
    let mut words = Words {
        inline: [0; INLINE_WORDS],
        length: 0,
        heap: None,
    };
    let mut out: Vec<u8> = Vec::new();
    let push = |byte: u8, words: &mut Words, out: &mut Vec<u8>| {
        if words.length < INLINE_WORDS && out.is_empty() {
            words.inline[words.length] = byte;
            words.length += 1;
        } else {
            if out.is_empty() {
                out.extend_from_slice(&words.inline[..words.length]);
            }
            out.push(byte);
        }
    };
    let mut previous: Option<u8> = None;
    let mut last = None;
    for byte in key.bytes() {
        let separator = !(byte.is_ascii_alphanumeric() || byte == b'*' || byte == b'?');
        let boundary = byte.is_ascii_uppercase()
            && previous.is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit());
        if (separator || boundary) && last.is_some_and(|l| l != b'_') {
            push(b'_', &mut words, &mut out);
            last = Some(b'_');
        }
        if !separator {
            push(byte.to_ascii_lowercase(), &mut words, &mut out);
            last = Some(byte);
        }
        previous = Some(byte);
    }
    if !out.is_empty() {
        words.heap = Some(String::from_utf8(out).unwrap_or_default());
    }
    words
}

impl KeyPatterns {
    pub fn new(patterns: &[Spanned<String>]) -> Result<Self, (Range<usize>, String)> {
        let mut compiled = Vec::with_capacity(patterns.len());
        for pattern in patterns {
            let written = pattern.get_ref();
            // Patterns are words too; globs with classes or alternatives keep
            // their punctuation.
            let simple = !written.contains(['?', '[', ']', '{', '}', '\\']);
            let normalized = if simple {
                normalize_key(written).to_string()
            } else {
                written.to_ascii_lowercase()
            };
            let text = normalized.as_str();
            let glob = GlobBuilder::new(text)
                .case_insensitive(true)
                .literal_separator(false)
                .build()
                .map_err(|error| {
                    (
                        pattern.span(),
                        format!("invalid key pattern {text:?}: {error}"),
                    )
                })?;
            let specificity = text.chars().filter(|c| *c != '*').count();
            compiled.push(if simple {
                KeyPattern::Wildcard {
                    segments: text
                        .split('*')
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                        .collect(),
                    anchored_start: !text.starts_with('*'),
                    anchored_end: !text.ends_with('*'),
                    specificity,
                }
            } else {
                KeyPattern::Glob {
                    matcher: glob.compile_matcher(),
                    specificity,
                }
            });
        }
        let infix_words = patterns
            .iter()
            .filter_map(|pattern| {
                let words = normalize_key(pattern.get_ref());
                let word = words.strip_prefix('*')?.strip_suffix('*')?;
                (!word.is_empty() && word.bytes().all(|b| b.is_ascii_alphanumeric()))
                    .then(|| word.to_string())
            })
            .collect();
        Ok(KeyPatterns {
            patterns: compiled,
            sources: patterns.iter().map(|p| p.get_ref().clone()).collect(),
            literals: OnceLock::new(),
            infix_words,
        })
    }

    /// No pattern: matches no key.
    pub fn none() -> Self {
        KeyPatterns {
            patterns: Vec::new(),
            sources: Vec::new(),
            literals: OnceLock::new(),
            infix_words: Vec::new(),
        }
    }

    /// The lines of `text` that may hold a matching key, merged where they
    /// touch: a matching key holds its pattern's longest word, so a line
    /// without any such word holds none. All of `text` when some pattern has
    /// no word to search for.
    pub fn lines_that_may_match(&self, text: &str) -> Vec<Range<usize>> {
        if self.patterns.is_empty() {
            return Vec::new();
        }
        let literals = self.literals.get_or_init(|| {
            required_literals(&self.patterns).and_then(|literals| {
                crate::literal::literal_search(&crate::literal::minimal(&literals))
            })
        });
        let Some(literals) = literals else {
            return std::iter::once(0..text.len()).collect();
        };
        let bytes = text.as_bytes();
        let mut lines: Vec<Range<usize>> = Vec::new();
        let mut from = 0;
        while let Some(found) = literals.find_at(bytes, from) {
            let start = memchr::memrchr(b'\n', &bytes[..found.start()]).map_or(0, |at| at + 1);
            let end = memchr::memchr(b'\n', &bytes[found.end()..])
                .map_or(bytes.len(), |at| found.end() + at + 1);
            match lines.last_mut() {
                Some(last) if last.end >= start => last.end = end,
                _ => lines.push(start..end),
            }
            from = end;
        }
        lines
    }

    /// The words of the patterns that match one word anywhere in a key
    /// (`*HOST*` → `host`).
    pub fn infix_words(&self) -> &[String] {
        &self.infix_words
    }

    /// Each pattern as written in the pack.
    pub fn sources(&self) -> impl Iterator<Item = &str> {
        self.sources.iter().map(String::as_str)
    }

    pub fn is_match(&self, key: &str) -> bool {
        if self.patterns.is_empty() {
            return false;
        }
        self.is_match_words(&normalize_key(key))
    }

    /// As [`is_match`](Self::is_match), for a key already normalised with
    /// [`normalize_key`] (a caller asking several lists about one key).
    pub fn is_match_words(&self, words: &str) -> bool {
        self.patterns.iter().any(|p| p.is_match(words))
    }

    /// How specific the most specific matching pattern is, if any matches.
    pub fn best_match(&self, key: &str) -> Option<usize> {
        self.best_match_words(&normalize_key(key))
    }

    /// As [`best_match`](Self::best_match), for a key already normalised.
    pub fn best_match_words(&self, key: &str) -> Option<usize> {
        self.patterns
            .iter()
            .filter(|p| p.is_match(key))
            .map(KeyPattern::specificity)
            .max()
    }
}

/// The longest word of each pattern, which every key it matches holds
/// (words of a normalised key are runs of the key's own letters and digits);
/// `None` when a pattern has no word (`*`) or is a glob with classes.
fn required_literals(patterns: &[KeyPattern]) -> Option<Vec<String>> {
    patterns
        .iter()
        .map(|pattern| match pattern {
            KeyPattern::Wildcard { segments, .. } => segments
                .iter()
                .flat_map(|segment| segment.split(|c: char| !c.is_ascii_alphanumeric()))
                .max_by_key(|word| word.len())
                .filter(|word| !word.is_empty())
                .map(str::to_string),
            KeyPattern::Glob { .. } => None,
        })
        .collect()
}

/// Declares the key-name lists of a pack that say how a value is read: the
/// TOML field of each, and the compiled [`KeyVocabulary`] the scanners use.
macro_rules! key_vocabulary {
    ($($(#[doc = $doc:literal])* $field:ident,)*) => {
        /// The key-name lists of a pack as written (each `None` when the file
        /// does not set it; a list set by a pack replaces the inherited one).
        #[derive(Debug, Default, Clone, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct RawVocabulary {
            $(pub $field: Option<Vec<Spanned<String>>>,)*
        }

        /// The key-name lists of a pack, compiled.
        #[derive(Debug)]
        pub struct KeyVocabulary {
            $($(#[doc = $doc])* pub $field: KeyPatterns,)*
        }

        /// Compiled lists, `None` where a pack file does not set them.
        #[derive(Debug, Default)]
        pub struct BuiltVocabulary {
            $(pub $field: Option<KeyPatterns>,)*
        }

        impl RawVocabulary {
            /// What `self` sets, else what `base` sets.
            pub fn over(self, base: RawVocabulary) -> RawVocabulary {
                RawVocabulary { $($field: self.$field.or(base.$field),)* }
            }

            /// Every list compiled; an error names the pattern's span.
            pub fn build(&self) -> Result<BuiltVocabulary, (Range<usize>, String)> {
                Ok(BuiltVocabulary {
                    $($field: self.$field.as_deref().map(KeyPatterns::new).transpose()?,)*
                })
            }
        }

        impl BuiltVocabulary {
            pub fn over(self, base: BuiltVocabulary) -> BuiltVocabulary {
                BuiltVocabulary { $($field: self.$field.or(base.$field),)* }
            }

            /// The vocabulary, an unset list matching no key.
            pub fn finish(self) -> KeyVocabulary {
                KeyVocabulary { $($field: self.$field.unwrap_or_else(KeyPatterns::none),)* }
            }
        }
    };
}

key_vocabulary! {
    /// Values under these keys are network plumbing (`subnet`, `gateway`,
    /// `networks`): not hosts, and their names give no service context.
    network_keys,
    /// Values of these keys are prose when they are a sentence (`description`).
    prose_keys,
    /// Calls in code whose sentence arguments are text for people, as
    /// `human_text_commands` are in shell (`logger.info`, `print`,
    /// `RuntimeError`), matched on the callee's last name.
    human_text_calls,
    /// Methods that add one item to a collection (`add`, `append`, `push`):
    /// a collection filled one call per line is one list, named by the
    /// receiver (`sentinels.add("10.0.0.123:26379")`).
    collection_add_calls,
    /// Everything under these keys is documentation (`example`, `examples`).
    documentation_keys,
    /// Everything under these keys is an assertion (Ansible `that`, `when`).
    assertion_keys,
    /// The keys of mappings under these keys translate addresses (`natMap`).
    translation_keys,
    /// Entries under these keys (and the argument of such a flag) map host
    /// names to an address (`hostAliases`, `extra_hosts`, `--add-host`): an
    /// entry naming a member defines it; one naming anything else aliases
    /// the address, which is then a reference as anywhere.
    alias_keys,
    /// A string value of these keys is a shell command, a list a command array
    /// (`run`, `script`, `command`, `entrypoint`).
    shell_keys,
    /// A mapping holding one of these keys is an Ansible play (`tasks`, `roles`).
    play_keys,
    /// The items under these keys are assigned in turn to a loop's variable
    /// (an Ansible task's `loop`, `with_items`), read where the task uses it.
    loop_keys,
    /// Values of these keys in a play name the hosts it runs on (`hosts`):
    /// where commands run, as `ssh HOST`, not a connection.
    play_target_keys,
    /// Everything under these keys places a workload on a machine
    /// (Kubernetes `nodeSelector`, `affinity`, `nodeName`): where it runs,
    /// as `ssh HOST`, not a connection.
    placement_keys,
    /// A sibling key whose value names the service of its mapping (`adapter`).
    adapter_keys,
    /// A sibling key whose value is the port of its mapping's host
    /// (`{host: …, port: 5432}`), as a connection string's `port=` is.
    port_keys,
    /// A sibling key whose value names its mapping's `value` (a Kubernetes
    /// env entry's `name`, an XML `key`, an Ansible setting's `option`): the
    /// value is read as that name's.
    value_name_keys,
    /// The keys whose value a `value_name_keys` sibling names: `value`, and
    /// a default declared beside its variable (`envDefault`, `default_value`).
    named_value_keys,
    /// Keys that name the member a block describes (`hostname`, `container_name`).
    definition_name_keys,
    /// Keys that name the member an item of a list of blocks describes (`name`
    /// of a Molecule platform); the key of a block in a mapping names it too.
    definition_item_keys,
    /// Keys that give the member a block describes its own address (`ipv4_address`).
    definition_address_keys,
    /// Keys that name what a block runs (compose and Kubernetes `image`): with
    /// the block's key and name keys, what `[[allow]] blocks` match.
    image_keys,
    /// Keys whose commands a job runs to its end (a CI job's `script`): a
    /// block holding one is a client, whatever its image (`image: redis:7`
    /// for `redis-cli`), never a server.
    job_keys,
    /// Keys a client logs in with (`username`, pgAdmin's `MaintenanceDB`),
    /// besides secrets and a connection string's own keys: a block holding
    /// one is a client's saved connection, not the definition of the member
    /// it is named after.
    login_keys,
    /// A key, attribute or flag after an address on its line whose value is
    /// a prefix length or netmask (`prefix='24'`, `netmask 255.255.255.0`):
    /// the address is an interface's own.
    mask_keys,
    /// A mapping or string under these keys is a request a tool makes
    /// (Ansible's `uri`, `get_url`): as `curl` in shell, a member's machine
    /// on a port no service serves is another program there.
    request_keys,
    /// Everything under these keys is a service's own configuration written
    /// as data (Ansible's `postgresql_pg_hba` rules): a definition, as
    /// `pg_hba.conf` is.
    own_config_keys,
}

#[cfg(test)]
mod tests {
    use toml::Spanned;

    #[test]
    fn patterns_match_the_words_of_a_key() {
        let list: Vec<Spanned<String>> = ["*HOST*", "DB_[HP]*", "externalName"]
            .iter()
            .map(|p| Spanned::new(0..0, p.to_string()))
            .collect();
        let patterns = super::KeyPatterns::new(&list).expect("valid patterns");
        for (key, expected) in [
            ("replicaHost", true),
            ("db_port", true),
            ("externalName", true),
            ("volume", false),
        ] {
            assert_eq!(patterns.is_match(key), expected, "{key}");
        }
    }
}
