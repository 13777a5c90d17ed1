//! `[[allow]]` entries, compiled: where a finding may legitimately name a node
//! (monitoring, cluster definitions), with the reason reviewers see.

use std::ops::Range;

use globset::GlobSet;
use regex::Regex;
use toml::Spanned;

use super::KeyPatterns;
use super::raw::RawAllow;

/// One allowlist entry. Every selector it has must match.
#[derive(Debug)]
pub struct AllowEntry {
    pub paths: Option<GlobSet>,
    /// Kubernetes kinds of the YAML document (`ServiceMonitor`).
    pub yaml_kinds: Vec<String>,
    /// Top-level keys the YAML document must all have (`restapi`, `postgresql`).
    pub yaml_keys: Vec<String>,
    /// Patterns the file must all match (`(?m)^\s*sentinel\s+monitor\s`).
    pub contains: Vec<Regex>,
    /// Keys the finding's value must be under (`*initial*cluster*`): a
    /// content rule that covers its own value only.
    pub value_keys: Option<KeyPatterns>,
    /// Names of the block the finding is in (a compose service
    /// `postgres-exporter`, a container whose `image` is an exporter): a
    /// content rule that covers that block.
    pub blocks: Option<KeyPatterns>,
    pub rules: Vec<String>,
    pub reason: String,
    pub owner: Option<String>,
    pub expires: Option<jiff::civil::Date>,
    /// File and line of a repository entry; `None` for the built-in pack's.
    pub location: Option<(String, usize)>,
}

impl AllowEntry {
    /// `.topolint.toml:12, owner team-db`, or `built-in pack` for the
    /// built-in entries.
    pub fn describe(&self) -> String {
        let place = match &self.location {
            Some((file, line)) => format!("{}:{line}", file.strip_prefix("./").unwrap_or(file)),
            None => "built-in pack".to_string(),
        };
        match &self.owner {
            Some(owner) => format!("{place}, owner {owner}"),
            None => place,
        }
    }

    pub fn covers_rule(&self, rule: &str) -> bool {
        self.rules.iter().any(|r| r == rule)
    }

    pub fn is_expired(&self, today: jiff::civil::Date) -> bool {
        self.expires.is_some_and(|expires| expires < today)
    }
}

/// Where a compiled entry's parts failed: a span in its file and a message.
pub type AllowError = (Range<usize>, String);

/// The rule ids an entry may name: part of the pack format (the rules module
/// checks that it lists every rule).
pub const KNOWN_RULES: &[&str] = &[
    "candidate-set",
    "cross-service",
    "endpoint-port",
    "node-address",
    "endpoint-bypass",
    "unused-suppression",
    "unused-allow",
    "new-exception",
    "parse-error",
    "read-error",
];

/// The rules an entry silences when it names none: an allowlist never hides
/// `cross-service` or `candidate-set` unless it says so.
const DEFAULT_RULES: &[&str] = &["node-address"];

pub fn compile(
    entry: &Spanned<RawAllow>,
    location: Option<(String, usize)>,
    build_globs: impl Fn(&[Spanned<String>]) -> Result<GlobSet, AllowError>,
) -> Result<AllowEntry, AllowError> {
    let span = entry.span();
    let raw = entry.get_ref();
    let reason = raw.reason.as_deref().map(str::trim).unwrap_or_default();
    if reason.is_empty() {
        return Err((
            span,
            "[[allow]]: missing key \"reason\" (every exception says why)".to_string(),
        ));
    }
    let rules = match &raw.rules {
        Some(rules) => {
            for rule in rules {
                if !KNOWN_RULES.contains(&rule.get_ref().as_str()) {
                    return Err((
                        rule.span(),
                        format!("[[allow]]: unknown rule {:?}", rule.get_ref()),
                    ));
                }
            }
            rules.iter().map(|r| r.get_ref().clone()).collect()
        }
        None => DEFAULT_RULES.iter().map(|r| r.to_string()).collect(),
    };
    let mut contains = Vec::new();
    for pattern in raw.contains.iter().flatten() {
        let regex = super::compiled::regex(pattern.get_ref()).map_err(|error| {
            (
                pattern.span(),
                format!(
                    "[[allow]] contains: invalid pattern {:?}: {error}",
                    pattern.get_ref()
                ),
            )
        })?;
        contains.push(regex);
    }
    let expires =
        match &raw.expires {
            Some(date) => Some(date.get_ref().text().parse::<jiff::civil::Date>().map_err(
                |_| {
                    (
                        date.span(),
                        format!(
                            "[[allow]] expires: {:?} is not a date such as 2026-12-31",
                            date.get_ref().text()
                        ),
                    )
                },
            )?),
            None => None,
        };
    let value_keys = raw
        .value_keys
        .as_deref()
        .map(KeyPatterns::new)
        .transpose()?;
    let blocks = raw.blocks.as_deref().map(KeyPatterns::new).transpose()?;
    let paths = match &raw.paths {
        Some(paths) => Some(build_globs(paths)?),
        None => None,
    };
    let compiled = AllowEntry {
        paths,
        yaml_kinds: raw.yaml_kinds.clone().unwrap_or_default(),
        yaml_keys: raw.yaml_keys.clone().unwrap_or_default(),
        contains,
        value_keys,
        blocks,
        rules,
        reason: reason.to_string(),
        owner: raw.owner.clone(),
        expires,
        location,
    };
    let selects = compiled.paths.is_some()
        || !compiled.yaml_kinds.is_empty()
        || !compiled.yaml_keys.is_empty()
        || !compiled.contains.is_empty()
        || compiled.value_keys.is_some()
        || compiled.blocks.is_some();
    if !selects {
        return Err((span, "[[allow]]: says nothing about what it allows (give paths, yaml_kinds, yaml_keys, contains, value_keys or blocks)".to_string()));
    }
    Ok(compiled)
}
