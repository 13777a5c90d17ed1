//! What a pack says of secrets besides key names: the command-line flags
//! whose value is a secret and the shapes of well-known tokens.

use std::ops::Range;

use regex::Regex;
use toml::Spanned;

/// A flag whose value is a secret (`redis-cli -a`, `--password`).
#[derive(Debug, Clone)]
pub struct SecretFlag {
    /// The command the flag belongs to (its name, without a path); `None`:
    /// the flag takes a secret whatever the command.
    pub command: Option<String>,
    /// A search for the flag as written on a command line (`-a`, `--pass`),
    /// built once: every file with findings is searched for every flag.
    finder: memchr::memmem::Finder<'static>,
}

impl SecretFlag {
    /// The flag as written on a command line.
    pub fn flag(&self) -> &[u8] {
        self.finder.needle()
    }

    /// Where the flag is written in `bytes`.
    pub fn find_in<'b>(&'b self, bytes: &'b [u8]) -> impl Iterator<Item = usize> + 'b {
        self.finder.find_iter(bytes)
    }

    /// A one-letter flag may carry its value attached (`mysql -pSECRET`).
    pub fn is_short(&self) -> bool {
        !self.flag().starts_with(b"--") && self.flag().len() == 2
    }
}

/// `"[COMMAND] FLAG"` entries of `secret_flags`.
pub fn parse_flags(list: &[Spanned<String>]) -> Result<Vec<SecretFlag>, (Range<usize>, String)> {
    list.iter()
        .map(|entry| {
            let words: Vec<&str> = entry.get_ref().split_whitespace().collect();
            let (command, flag) = match words[..] {
                [flag] => (None, flag),
                [command, flag] => (Some(command.to_string()), flag),
                _ => (None, ""),
            };
            if !flag.starts_with('-') || flag.trim_start_matches('-').is_empty() {
                return Err((
                    entry.span(),
                    format!(
                        "secret_flags: {:?} is not a flag, optionally after its command, such as \"--password\" or \"redis-cli -a\"",
                        entry.get_ref()
                    ),
                ));
            }
            Ok(SecretFlag {
                command,
                finder: memchr::memmem::Finder::new(flag.as_bytes()).into_owned(),
            })
        })
        .collect()
}

/// The `secret_tokens` regular expressions as one; `None` for an empty list.
pub fn parse_tokens(list: &[Spanned<String>]) -> Result<Option<Regex>, (Range<usize>, String)> {
    if list.is_empty() {
        return Ok(None);
    }
    let alternation = list
        .iter()
        .map(|token| format!("(?:{})", token.get_ref()))
        .collect::<Vec<_>>()
        .join("|");
    match super::compiled::regex(&alternation) {
        Ok(regex) => Ok(Some(regex)),
        // Only now each on its own, to name the one that is wrong.
        Err(error) => Err(list
            .iter()
            .find_map(|token| {
                Regex::new(token.get_ref()).err().map(|error| {
                    (
                        token.span(),
                        format!(
                            "secret_tokens: {:?} is not a regular expression: {error}",
                            token.get_ref()
                        ),
                    )
                })
            })
            .unwrap_or_else(|| (list[0].span(), format!("secret_tokens: {error}")))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spanned(items: &[&str]) -> Vec<Spanned<String>> {
        items
            .iter()
            .map(|item| Spanned::new(0..0, item.to_string()))
            .collect()
    }

    #[test]
    fn a_flag_is_scoped_to_its_command_when_one_is_named() {
        let flags = parse_flags(&spanned(&["redis-cli -a", "--password"])).expect("valid");
        assert_eq!(flags[0].command.as_deref(), Some("redis-cli"));
        assert!(flags[0].is_short());
        assert_eq!(flags[1].command, None);
        assert!(!flags[1].is_short());
    }

    #[test]
    fn an_entry_that_is_no_flag_is_an_error_naming_it() {
        for bad in ["password", "redis-cli a", "a b c", "", "--"] {
            let error = parse_flags(&spanned(&[bad])).expect_err(bad);
            assert!(error.1.contains("is not a flag"), "{bad}: {}", error.1);
        }
    }

    #[test]
    fn tokens_are_one_alternation_and_a_bad_one_is_named() {
        let tokens = parse_tokens(&spanned(&[r"hvs\.[A-Za-z0-9]{4,}", "ghp_[A-Za-z0-9]{4,}"]))
            .expect("valid")
            .expect("some");
        assert!(tokens.is_match("x hvs.abcd y"));
        assert!(tokens.is_match("ghp_abcd"));
        let error = parse_tokens(&spanned(&["(unclosed"])).expect_err("invalid");
        assert!(error.1.contains("\"(unclosed\""), "{}", error.1);
        assert!(parse_tokens(&[]).expect("empty").is_none());
    }
}
