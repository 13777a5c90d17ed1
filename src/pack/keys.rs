//! Key-name patterns: case-insensitive globs over whole key names
//! (`*HOST*` matches `replicaHost`), compiled once when a pack is loaded.

use std::ops::Range;

use globset::GlobBuilder;
use toml::Spanned;

/// Case-insensitive globs over whole key names (`*HOST*` matches `replicaHost`).
#[derive(Debug)]
pub struct KeyPatterns {
    patterns: Vec<KeyPattern>,
    /// Each pattern as written.
    sources: Vec<String>,
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

/// Whether `key` is the `segments` joined by `*`s (ASCII case-insensitive).
fn wildcard_match(
    key: &[u8],
    segments: &[String],
    anchored_start: bool,
    anchored_end: bool,
) -> bool {
    let find = |haystack: &[u8], needle: &[u8]| {
        haystack
            .windows(needle.len())
            .position(|w| w.eq_ignore_ascii_case(needle))
    };
    let mut rest = key;
    for (index, segment) in segments.iter().enumerate() {
        let segment = segment.as_bytes();
        let first = index == 0;
        let last = index + 1 == segments.len();
        if first && anchored_start {
            if rest.len() < segment.len() || !rest[..segment.len()].eq_ignore_ascii_case(segment) {
                return false;
            }
            rest = &rest[segment.len()..];
            if last && anchored_end {
                return rest.is_empty();
            }
            continue;
        }
        if last && anchored_end {
            return rest.len() >= segment.len()
                && rest[rest.len() - segment.len()..].eq_ignore_ascii_case(segment);
        }
        match find(rest, segment) {
            Some(at) => rest = &rest[at + segment.len()..],
            None => return false,
        }
    }
    !anchored_end || rest.is_empty() || segments.is_empty()
}

impl KeyPatterns {
    pub fn new(patterns: &[Spanned<String>]) -> Result<Self, (Range<usize>, String)> {
        let mut compiled = Vec::with_capacity(patterns.len());
        for pattern in patterns {
            let text = pattern.get_ref();
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
            let simple = !text.contains(['?', '[', ']', '{', '}', '\\']);
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
        Ok(KeyPatterns {
            patterns: compiled,
            sources: patterns.iter().map(|p| p.get_ref().clone()).collect(),
        })
    }

    /// No pattern: matches no key.
    pub fn none() -> Self {
        KeyPatterns {
            patterns: Vec::new(),
            sources: Vec::new(),
        }
    }

    /// Each pattern as written in the pack.
    pub fn sources(&self) -> impl Iterator<Item = &str> {
        self.sources.iter().map(String::as_str)
    }

    pub fn is_match(&self, key: &str) -> bool {
        self.patterns.iter().any(|p| p.is_match(key))
    }

    /// How specific the most specific matching pattern is, if any matches.
    pub fn best_match(&self, key: &str) -> Option<usize> {
        self.patterns
            .iter()
            .filter(|p| p.is_match(key))
            .map(KeyPattern::specificity)
            .max()
    }
}
