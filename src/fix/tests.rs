//! Fixes over generated files: every file kind, every fix kind, in random
//! combinations. A fixed file parses as its kind and has fewer findings, and
//! a second run changes nothing.

use super::*;
use crate::{CheckOptions, check};

/// Lines that hold a finding with a fix, by file kind.
const LINES: &[(&str, &[&str])] = &[
    (
        "app.env",
        &[
            "DATABASE_URL=postgresql://app:pw@10.0.0.121:5432/app",
            "PGHOST=db-slave-02.internal",
            "PGBOUNCER_URL=postgresql://app@10.0.0.10:5433/app",
            "CANDIDATE_IPS=\"10.0.0.122,10.0.0.123\"",
            "REDIS_URL=redis://10.0.0.124:6379",
            "CACHE_URL=redis://10.0.0.10:6379",
            "JDBC_URL=jdbc:postgresql://10.0.0.120:5432,10.0.0.121:5432/app",
        ],
    ),
    (
        "deploy.sh",
        &[
            "psql -h 10.0.0.122 -U app",
            "CANDIDATE_IPS=(\"10.0.0.121\" \"10.0.0.125\")",
            "redis-cli -h redis-02 PING",
            "export PGHOST=10.0.0.120",
        ],
    ),
    (
        "values.yaml",
        &[
            "db_host: 10.0.0.121",
            "redis_url: redis://10.0.0.123:6379/0",
            "jdbc_url: jdbc:postgresql://db-postgres-03:5432/app",
        ],
    ),
    (
        "app.properties",
        &[
            "spring.datasource.url=jdbc:postgresql://10.0.0.120:5432/app",
            "db.host = 10.0.0.122",
            "pg.candidates = 10.0.0.120 10.0.0.121",
        ],
    ),
];

/// A small deterministic generator (xorshift), so failures reproduce.
struct Generator(u64);

impl Generator {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

fn fix_all(pack: &Pack, root: &Path) -> Vec<FileChange> {
    let options = CheckOptions::new(vec![root.to_path_buf()], root.to_path_buf());
    let report = check(pack, &options);
    let (changes, _) = plan(pack, &report, root, false);
    for change in &changes {
        write(change).expect("written");
    }
    changes
}

#[test]
fn fixed_files_check_better_and_a_second_run_changes_nothing() {
    let pack = Pack::builtin().expect("the built-in pack is valid");
    let mut generator = Generator(0x9e37_79b9_7f4a_7c15);
    for case in 0..40 {
        let root = tempfile::tempdir().expect("temp dir");
        for (file, lines) in LINES {
            let count = 1 + generator.below(5);
            let mut text = String::new();
            if file.ends_with(".sh") {
                text.push_str("#!/bin/sh\n");
            }
            for _ in 0..count {
                text.push_str(lines[generator.below(lines.len())]);
                text.push_str(if generator.below(4) == 0 {
                    "\r\n"
                } else {
                    "\n"
                });
            }
            std::fs::write(root.path().join(file), text).expect("write");
        }
        let changes = fix_all(&pack, root.path());
        assert!(!changes.is_empty(), "case {case}: nothing fixed");
        for change in &changes {
            let before = check_source(&pack, Path::new(&change.relative), &change.original);
            let after = check_source(&pack, Path::new(&change.relative), &change.fixed);
            assert!(after.len() < before.len(), "case {case}: {}", change.fixed);
            assert!(
                !after
                    .iter()
                    .any(|f| f.rule.id == rules::parse_error::RULE.id),
                "case {case}: {}",
                change.fixed
            );
            // Line endings and line count are kept.
            assert_eq!(
                change.original.lines().count(),
                change.fixed.lines().count()
            );
            assert_eq!(
                change.original.matches("\r\n").count(),
                change.fixed.matches("\r\n").count()
            );
        }
        let again = fix_all(&pack, root.path());
        assert!(
            again.is_empty(),
            "case {case}: a second run changed {:?}",
            again.iter().map(|c| &c.fixed).collect::<Vec<_>>()
        );
    }
}

#[test]
fn identical_replacements_apply_once_and_overlaps_not_at_all() {
    let pack = Pack::builtin().expect("the built-in pack is valid");
    let text = "CANDIDATE_IPS=\"10.0.0.122,10.0.0.123\"\n";
    let findings = check_source(&pack, Path::new("a.env"), text);
    assert!(findings.len() >= 2, "{findings:?}");
    let refs: Vec<&Finding> = findings.iter().collect();
    let (fixed, rules) = apply(text, &refs);
    assert_eq!(
        fixed,
        "CANDIDATE_IPS=\"10.0.0.120,10.0.0.121,10.0.0.122\"\n"
    );
    assert_eq!(rules.len(), findings.len());
}

#[test]
fn a_service_reached_through_sentinel_only_gets_advice_not_a_rewrite() {
    let pack = Pack::from_toml(
        "sentinel-only.toml",
        r#"extends = "base"
[[endpoint]]
name = "sentinels"
description = "the Sentinels"
address = "10.3.0.5"
ports = { redis = 26379 }
[[node]]
name = "redis-a"
address = "10.3.0.11"
service = "redis"
[[node]]
name = "redis-b"
address = "10.3.0.12"
service = "redis"
"#,
    )
    .expect("valid pack");
    // A plain client on the data port: a Sentinel's address would break it.
    let findings = check_source(
        &pack,
        Path::new("app.env"),
        "REDIS_URL=redis://10.3.0.11:6379/0\nREDIS_HOST=10.3.0.12\nCACHE_URL=redis://10.3.0.5:6379/1\n",
    );
    assert_eq!(findings.len(), 3, "{findings:?}");
    for finding in &findings {
        assert!(finding.fix.is_none(), "{finding:?}");
        assert!(
            finding.help.ends_with("through a Sentinel-aware client"),
            "{finding:?}"
        );
    }
    // One Sentinel asked alone is pointed at the Sentinel endpoint.
    let findings = check_source(
        &pack,
        Path::new("probe.sh"),
        "#!/bin/sh\nredis-cli -h 10.3.0.11 -p 26379 sentinel masters\n",
    );
    let fix = findings.first().and_then(|f| f.fix.as_ref());
    assert!(
        fix.is_some_and(|fix| &*fix.replacements[0].text == "10.3.0.5"),
        "{findings:?}"
    );
}
