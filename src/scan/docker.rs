//! What Docker reads from dotenv files: a compose file's `${NAME}` takes
//! its value from the `.env` file beside it, and a service's `env_file:`
//! (a script's `docker run --env-file FILE`) is its environment. A `.env`
//! value that the compose files of its directory read only inside member
//! blocks (a replica's `--replicaof ${MASTER_HOST}`, a Sentinel's
//! `MASTER_HOST=${MASTER_HOST}`), and an env file only member blocks name
//! (a compose service's, a `docker run` of a member), are part of those
//! definitions, as if written there; one a client's block reads is that
//! client's configuration, and one nothing reads is the application's own.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use crate::address::{Form, Hit, Target};
use crate::walk::lexically_normal;

use super::text::logical_line;
use super::tree::{Document, scan_documents};
use super::{FileKind, FileScan, Scanner, line_end, line_start, yaml};

/// The compose files and container scripts of each directory, read once,
/// when a dotenv file there or below holds a member's address.
#[derive(Default)]
pub struct DockerProjects {
    loaded: Mutex<HashMap<PathBuf, Arc<[ProjectFile]>>>,
}

/// A file that runs containers: a compose file, or a shell script that
/// names an env file (`docker run --env-file FILE`).
struct ProjectFile {
    text: String,
    /// A shell script (read as shell), else a compose file (YAML).
    script: bool,
    /// Parsed when a dotenv file's key or name is first found in `text`.
    documents: OnceLock<Option<Vec<Document>>>,
    /// Each interpolated name's interpolations, found on first use.
    interpolated: OnceLock<HashMap<String, Vec<Range<usize>>>>,
    /// The words of its `env_file` entries, by their file name, found on
    /// first use.
    env_files: OnceLock<HashMap<String, Vec<Range<usize>>>>,
}

impl ProjectFile {
    fn env_files(&self) -> &HashMap<String, Vec<Range<usize>>> {
        self.env_files.get_or_init(|| {
            if self.script {
                env_file_flag_words(&self.text)
            } else {
                env_file_words(&self.text)
            }
        })
    }

    /// The path an env file word names, from `directory`, the file's own: a
    /// script's `$SCRIPT_DIR/env/a.env` (a leading variable) is read as
    /// its directory too, as a script is most often run from there.
    fn env_file_path(&self, directory: &Path, word: &str) -> PathBuf {
        let word = match word.strip_prefix('$') {
            Some(rest) if self.script => rest.split_once('/').map_or(word, |(_, path)| path),
            _ => word,
        };
        lexically_normal(&directory.join(word))
    }

    fn interpolations(&self) -> &HashMap<String, Vec<Range<usize>>> {
        self.interpolated.get_or_init(|| {
            let mut found: HashMap<String, Vec<Range<usize>>> = HashMap::new();
            for (name, span) in interpolations(&self.text) {
                found.entry(name.to_string()).or_default().push(span);
            }
            found
        })
    }

    /// What the file's scanner reads with `probes` as the hits: in a
    /// script, the shell of each probe's command (its logical line, which
    /// holds the whole `docker run`: a script naming a thousand env files is
    /// not read a thousand times whole), in a compose file its YAML (nothing
    /// when it does not parse).
    fn read(&self, scanner: &Scanner, probes: &[Hit]) -> FileScan {
        let mut read = FileScan::default();
        if self.script {
            for probe in probes {
                let command = logical_line(&self.text, probe.span.start);
                let hit = Hit {
                    span: probe.span.start - command.start..probe.span.end - command.start,
                    ..probe.clone()
                };
                let scan = scanner.scan_hits(FileKind::Shell, &self.text[command], &[hit]);
                read.references.extend(scan.references);
            }
            return read;
        }
        let documents = self
            .documents
            .get_or_init(|| yaml::documents(&self.text, scanner.pack.parse_budget).ok());
        if let Some(documents) = documents {
            scan_documents(scanner, &self.text, probes, documents, &mut read);
        }
        read
    }
}

/// How many directories above an env file a compose file or a script naming
/// it may stand (`env_file: ./config/env/sentinel.env`).
const ENV_FILE_DEPTH: usize = 3;

impl DockerProjects {
    /// Marks as definitions the references of `scan`, the dotenv file at
    /// `path`, that compose files and scripts read only inside member
    /// blocks: the whole file when only member blocks name it as their env
    /// file, else the keys of a `.env` that the compose files beside it
    /// interpolate only there.
    pub fn define_read_values(&self, scanner: &Scanner, path: &Path, scan: &mut FileScan) {
        let Some(first) = scan
            .references
            .iter()
            .find(|r| matches!(r.hit.target, Target::Known(_)) && !r.enclosure.definition)
        else {
            return;
        };
        let target = first.hit.target;
        if self.only_members_read_env_file(scanner, path, target) {
            scan.define_all();
        } else {
            self.define_interpolated(scanner, path, scan);
        }
    }

    /// Whether compose files (`env_file:`) and scripts (`--env-file`) name
    /// the env file at `path`, and only inside member blocks: each naming
    /// read as if `target` were written there.
    fn only_members_read_env_file(&self, scanner: &Scanner, path: &Path, target: Target) -> bool {
        let Some(name) = path.file_name().and_then(|name| name.to_str()) else {
            return false;
        };
        let own = lexically_normal(path);
        let (mut in_definitions, mut elsewhere) = (false, false);
        for directory in path.ancestors().skip(1).take(ENV_FILE_DEPTH) {
            for file in self.of(scanner, directory).iter() {
                let probes: Vec<Hit> = file
                    .env_files()
                    .get(name)
                    .into_iter()
                    .flatten()
                    .filter(|token| {
                        file.env_file_path(directory, &file.text[(*token).clone()]) == own
                    })
                    .map(|token| Hit {
                        span: token.clone(),
                        target,
                        form: Form::Ip,
                    })
                    .collect();
                if probes.is_empty() {
                    continue;
                }
                let read = file.read(scanner, &probes);
                for reference in &read.references {
                    in_definitions |= reference.enclosure.definition;
                    elsewhere |= !reference.enclosure.definition;
                }
            }
        }
        in_definitions && !elsewhere
    }

    /// Marks as definitions the references of `scan`, the `.env` file at
    /// `path`, whose keys the compose files beside it read, and read only
    /// inside member blocks.
    fn define_interpolated(&self, scanner: &Scanner, path: &Path, scan: &mut FileScan) {
        let is_env_file = path
            .file_name()
            .and_then(|name| name.to_str())
            .is_some_and(|name| name == ".env" || name.starts_with(".env."));
        if !is_env_file {
            return;
        }
        // Each key holding a member's address, with the references it holds.
        let mut keys: HashMap<&str, Vec<usize>> = HashMap::new();
        for (index, reference) in scan.references.iter().enumerate() {
            if let (Some(key), Target::Known(_), false) = (
                reference.enclosure.key.as_deref(),
                reference.hit.target,
                reference.enclosure.definition,
            ) {
                keys.entry(key).or_default().push(index);
            }
        }
        if keys.is_empty() {
            return;
        }
        let Some(directory) = path.parent() else {
            return;
        };
        let projects = self.of(scanner, directory);
        // Per key: read inside a member block, read elsewhere.
        let mut readings: HashMap<&str, (bool, bool)> = HashMap::new();
        for compose in projects.iter().filter(|file| !file.script) {
            let interpolated = compose.interpolations();
            let mut probes: Vec<(Hit, &str)> = Vec::new();
            for (key, references) in &keys {
                for span in interpolated.get(*key).into_iter().flatten() {
                    let hit = Hit {
                        span: span.clone(),
                        ..scan.references[references[0]].hit.clone()
                    };
                    probes.push((hit, key));
                }
            }
            if probes.is_empty() {
                continue;
            }
            probes.sort_by_key(|(hit, _)| hit.span.start);
            let hits: Vec<Hit> = probes.iter().map(|(hit, _)| hit.clone()).collect();
            for reference in &compose.read(scanner, &hits).references {
                let at = hits.partition_point(|hit| hit.span.start < reference.hit.span.start);
                let Some(&(_, key)) = probes.get(at) else {
                    continue;
                };
                let reading = readings.entry(key).or_default();
                reading.0 |= reference.enclosure.definition;
                reading.1 |= !reference.enclosure.definition;
            }
        }
        let defined: Vec<usize> = keys
            .iter()
            .filter(|(key, _)| readings.get(*key) == Some(&(true, false)))
            .flat_map(|(_, references)| references.iter().copied())
            .collect();
        for index in defined {
            scan.references[index].enclosure.definition = true;
        }
    }

    /// The compose files and container scripts of `directory`, read and
    /// parsed on first use.
    fn of(&self, scanner: &Scanner, directory: &Path) -> Arc<[ProjectFile]> {
        let mut loaded = self.loaded.lock().unwrap_or_else(PoisonError::into_inner);
        loaded
            .entry(directory.to_path_buf())
            .or_insert_with(|| read_project_files(scanner, directory))
            .clone()
    }
}

/// The compose files in `directory` (`compose.yaml`, `docker-compose.yml`,
/// `docker-compose.prod.yml`, …) and its shell scripts that pass an env
/// file (`--env-file`); one that cannot be read or parsed, or is over
/// `max_file_size`, says nothing of the dotenv files it may read.
fn read_project_files(scanner: &Scanner, directory: &Path) -> Arc<[ProjectFile]> {
    let Ok(entries) = std::fs::read_dir(directory) else {
        return Arc::from([]);
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| is_compose_file_name(name) || is_script_name(name))
        })
        .collect();
    files.sort();
    files
        .iter()
        .filter_map(|path| {
            // A file the walk would skip for its size says nothing either.
            let size = std::fs::metadata(path).ok()?.len();
            if size > scanner.pack.max_file_size {
                return None;
            }
            let text = std::fs::read_to_string(path).ok()?;
            let script = path
                .file_name()
                .and_then(|name| name.to_str())
                .is_some_and(is_script_name);
            if script && !text.contains(ENV_FILE_FLAG) {
                return None;
            }
            Some(ProjectFile {
                text,
                script,
                documents: OnceLock::new(),
                interpolated: OnceLock::new(),
                env_files: OnceLock::new(),
            })
        })
        .collect()
}

/// The words of `text`'s `env_file` entries, each a path up to a quote, a
/// space or YAML's punctuation (`env_file: ./env/sentinel.env`, or the
/// lines indented below the key: `- path: ./env/app.env`), by their last
/// component.
fn env_file_words(text: &str) -> HashMap<String, Vec<Range<usize>>> {
    let bytes = text.as_bytes();
    let indent = |line: &str| line.len() - line.trim_start().len();
    let mut found: HashMap<String, Vec<Range<usize>>> = HashMap::new();
    let mut covered = 0;
    for at in memchr::memmem::find_iter(bytes, b"env_file") {
        if at < covered {
            continue;
        }
        let start = line_start(bytes, 0, at);
        let base = indent(&text[start..at]);
        let mut end = line_end(bytes, at);
        while end < text.len() {
            let next = line_end(bytes, end + 1);
            let line = &text[end + 1..next];
            if !line.trim().is_empty() && indent(line) <= base {
                break;
            }
            end = next;
        }
        covered = end;
        let from = at + "env_file".len();
        let mut word_start = from;
        let ends = bytes[from..end]
            .iter()
            .enumerate()
            .chain([(end - from, &b' ')]);
        for (offset, byte) in ends {
            let here = from + offset;
            if !b" \t\r\n\"'[],:{}=".contains(byte) {
                continue;
            }
            if word_start < here {
                let word = &text[word_start..here];
                let name = word.rsplit(['/', '\\']).next().unwrap_or(word);
                found
                    .entry(name.to_string())
                    .or_default()
                    .push(word_start..here);
            }
            word_start = here + 1;
        }
    }
    found
}

/// The `docker run` (and `docker create`, `podman run`) flag naming an env
/// file.
const ENV_FILE_FLAG: &str = "--env-file";

/// The words after each `--env-file` flag of `text` (`--env-file FILE`,
/// `--env-file=FILE`, quoted or not), by their last component.
fn env_file_flag_words(text: &str) -> HashMap<String, Vec<Range<usize>>> {
    let bytes = text.as_bytes();
    let mut found: HashMap<String, Vec<Range<usize>>> = HashMap::new();
    for at in memchr::memmem::find_iter(bytes, ENV_FILE_FLAG.as_bytes()) {
        let mut start = at + ENV_FILE_FLAG.len();
        match bytes.get(start) {
            Some(b'=') => start += 1,
            Some(b' ' | b'\t') => {
                while matches!(bytes.get(start), Some(b' ' | b'\t')) {
                    start += 1;
                }
            }
            _ => continue, // `--env-files`, or the flag at the end
        }
        if matches!(bytes.get(start), Some(b'"' | b'\'')) {
            start += 1;
        }
        let end = start
            + bytes[start..]
                .iter()
                .position(|b| b" \t\r\n\"';|&)".contains(b))
                .unwrap_or(bytes.len() - start);
        if start < end {
            let word = &text[start..end];
            let name = word.rsplit(['/', '\\']).next().unwrap_or(word);
            found.entry(name.to_string()).or_default().push(start..end);
        }
    }
    found
}

fn is_script_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".sh") || lower.ends_with(".bash")
}

fn is_compose_file_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.contains("compose") && (lower.ends_with(".yml") || lower.ends_with(".yaml"))
}

/// The interpolations in `text`, each with the name it reads: `$NAME`,
/// `${NAME}` and `${NAME:-default}` (and Compose's other modifiers), each
/// whole; `$$` is a dollar sign.
fn interpolations(text: &str) -> Vec<(&str, Range<usize>)> {
    let bytes = text.as_bytes();
    let is_name_byte = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(offset) = memchr::memchr(b'$', &bytes[at..]) {
        let dollar = at + offset;
        at = dollar + 1;
        let braced = bytes.get(at) == Some(&b'{');
        match bytes.get(at) {
            Some(b'$') => at += 1,
            Some(_) => {
                let start = if braced { at + 1 } else { at };
                let end = start
                    + bytes[start..]
                        .iter()
                        .position(|&b| !is_name_byte(b))
                        .unwrap_or(bytes.len() - start);
                if end == start || bytes[start].is_ascii_digit() {
                    continue;
                }
                let span_end = if braced {
                    let modifier = bytes.get(end).copied();
                    if !matches!(modifier, Some(b'}' | b':' | b'-' | b'?' | b'+')) {
                        continue;
                    }
                    match memchr::memchr(b'}', &bytes[end..]) {
                        Some(close) => end + close + 1,
                        None => continue,
                    }
                } else {
                    end
                };
                found.push((&text[start..end], dollar..span_end));
                at = end;
            }
            None => {}
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::{env_file_flag_words, env_file_words, interpolations, lexically_normal};

    #[test]
    fn an_env_file_named_in_any_syntax_resolves_to_its_path() {
        let text = "env_file: [\"./env/a.env\", 'b.env']\n  - path: ../x/a.env\n";
        let words = env_file_words(text);
        let named = |name: &str| -> Vec<&str> {
            words[name].iter().map(|span| &text[span.clone()]).collect()
        };
        assert_eq!(named("a.env"), ["./env/a.env", "../x/a.env"]);
        assert_eq!(named("b.env"), ["b.env"]);
        assert_eq!(
            lexically_normal(&Path::new("repo/deploy").join("./env/../env/a.env")),
            Path::new("repo/deploy/env/a.env")
        );
    }

    #[test]
    fn a_scripts_env_file_flag_names_its_word_quoted_or_not() {
        let text = "docker run --env-file ./env/a.env x\n\
                    docker run --env-file=\"$DIR/a.env\" x\n\
                    podman run --env-file 'b.env';\n\
                    docker run --env-files c.env --env-file\n";
        let words = env_file_flag_words(text);
        let named = |name: &str| -> Vec<&str> {
            words[name].iter().map(|span| &text[span.clone()]).collect()
        };
        assert_eq!(named("a.env"), ["./env/a.env", "$DIR/a.env"]);
        assert_eq!(named("b.env"), ["b.env"]);
        assert!(!words.contains_key("c.env"));
    }

    #[test]
    fn interpolations_are_whole_and_skip_escapes_and_longer_names() {
        let text = "a: ${HOST} ${HOST:-x} $HOST $$HOST ${HOSTS} ${MY_HOST} ${HOST?err}";
        let found: Vec<&str> = interpolations(text)
            .into_iter()
            .filter(|(name, _)| *name == "HOST")
            .map(|(_, span)| &text[span])
            .collect();
        assert_eq!(found, ["${HOST}", "${HOST:-x}", "$HOST", "${HOST?err}"]);
    }
}
