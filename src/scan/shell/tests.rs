//! A script whose idle functions are blanked before parsing reads as the
//! whole script does: same references, lists, groups, secrets and notes.

use std::path::Path;

use super::{outline, scan, scan_script};
use crate::check_source;
use crate::pack::Pack;
use crate::scan::{FileKind, FileScan, Scanner};
use crate::testing::generator;

fn whole(scanner: &Scanner, text: &str) -> FileScan {
    let hits = scanner.matcher.find(scanner.pack, text);
    let mut whole = FileScan::default();
    scan(scanner, text, 0..text.len(), &hits, &mut whole);
    whole
}

/// What a scan read, as text: every part the rules judge.
fn read(scan: &FileScan) -> String {
    format!(
        "{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
        scan.references, scan.lists, scan.groups, scan.secrets, scan.opaque, scan.parse_errors
    )
}

/// Asserts that `text` reads the same outlined and whole; whether the
/// outline found a function to blank.
fn assert_same(scanner: &Scanner, text: &str) -> bool {
    let hits = scanner.matcher.find(scanner.pack, text);
    let outlined = scan_script(scanner, text, &hits);
    assert_eq!(read(&outlined), read(&whole(scanner, text)), "{text}");
    !outline::functions(text).is_empty()
}

#[test]
fn every_shell_fixture_reads_the_same_outlined() {
    let pack = Pack::builtin().expect("the built-in pack is valid");
    let scanner = Scanner::new(&pack);
    let mut pending = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata")];
    let (mut scripts, mut outlined) = (0, 0);
    while let Some(directory) = pending.pop() {
        for entry in std::fs::read_dir(&directory).expect("testdata is readable") {
            let path = entry.expect("testdata is readable").path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            if FileKind::detect(&path, &text) == FileKind::Shell {
                scripts += 1;
                outlined += usize::from(assert_same(&scanner, &text));
            }
        }
    }
    assert!(
        scripts >= 20 && outlined >= 2,
        "{scripts} scripts, {outlined} outlined"
    );
}

#[test]
fn a_function_that_matters_is_read() {
    let pack = Pack::builtin().expect("the built-in pack is valid");
    let scanner = Scanner::new(&pack);
    for (text, rules) in [
        // An identity the function uses as a host.
        (
            "LEADER_NODE=db-master-01\nconnect() {\n  psql -h \"$LEADER_NODE\" -c 'select 1'\n}\nconnect\n",
            &["node-address"][..],
        ),
        // An identity the function only manages.
        (
            "LEADER_NODE=db-master-01\nshell() {\n  docker exec -it \"$LEADER_NODE\" bash\n}\nshell\n",
            &[][..],
        ),
        // A value the function writes into a Sentinel config.
        (
            "MASTER=10.0.0.123\nwrite_conf() {\n  echo \"sentinel monitor mymaster $MASTER 6379 2\" > sentinel.conf\n}\n",
            &[][..],
        ),
        // A function inside a heredoc is text of the heredoc.
        (
            "cat > app.sh <<'EOF'\nf() {\n  echo\n}\nPGHOST=10.0.0.121\nEOF\n",
            &["node-address"][..],
        ),
        // A function that reads the list the script fills.
        (
            "CANDIDATE_IPS=(10.0.0.120 10.0.0.121)\nprobe() {\n  for ip in \"${CANDIDATE_IPS[@]}\"; do pg_isready -h \"$ip\"; done\n}\n",
            &["candidate-set"][..],
        ),
        // A name the function is given and uses as a host.
        (
            "sql() {\n  psql -h \"$1\" -c \"$2\"\n}\nsql db-slave-01 'select 1'\n",
            &["node-address"][..],
        ),
        // A name the function is given and only manages.
        (
            "function bounce {\n  local host=$1\n  docker restart \"$host\"\n}\nbounce db-slave-01\n",
            &[][..],
        ),
        // A name given to a function of another name.
        (
            "sql_all() {\n  psql -h \"$1\"\n}\nsql db-slave-01\n",
            &[][..],
        ),
    ] {
        assert!(assert_same(&scanner, text), "{text}");
        let found: Vec<&str> = check_source(&pack, Path::new("script.sh"), text)
            .iter()
            .map(|finding| finding.rule.id)
            .collect();
        assert_eq!(found, rules, "{text}");
    }
}

#[test]
fn scripts_read_the_same_outlined_whatever_their_functions_hold() {
    let pack = Pack::builtin().expect("the built-in pack is valid");
    let scanner = Scanner::new(&pack);
    let statements = [
        "DB_HOST=\"${DB_HOST:-10.0.0.10}\"\n",
        "LEADER_NODE=db-slave-01\n",
        "PRIMARY=10.0.0.120\n",
        "REDIS_HOST=10.0.0.123\n",
        "CANDIDATE_IPS=(10.0.0.120 10.0.0.121 10.0.0.123)\n",
        "psql -h 10.0.0.121 -p 5432 -c 'select 1'\n",
        "cat > app.env <<EOF\nPGHOST=$PRIMARY\nEOF\n",
        "cat <<'EOF'\nhelp() {\n  echo\n}\nEOF\n",
        "X=\"a\nb() {\n}\n\"\n",
        "if [ -n \"$X\" ]; then\nf() {\n  echo\n}\nfi\n",
        "main \"$@\"\n",
        "sql db-slave-02 'select 1'\n",
    ];
    let functions = [
        "log() {\n  echo \"[$(date -Is)] $*\" >> \"$LOG\"\n}\n",
        "connect() {\n  psql -h \"$LEADER_NODE\" -c 'select 1'\n}\n",
        "manage() {\n  docker exec \"$LEADER_NODE\" patronictl list\n}\n",
        "write() {\n  echo \"host=$PRIMARY\" >> app.conf\n}\n",
        "function check {\n  redis-cli -h \"$REDIS_HOST\" ping\n}\n",
        "probe() {\n  for ip in \"${CANDIDATE_IPS[@]}\"; do pg_isready -h \"$ip\"; done\n}\n",
        "pin() {\n  psql -h 10.0.0.122 -c 'select 1'\n}\n",
        "broken() {\n  cat <<EOF\n}\nEOF\n}\n",
        "quoted() {\n  echo \"}\" '{'\n  X=${#A[@]}\n}\n",
        "nested() {\ninner() {\n  echo\n}\n}\n",
        "unclosed() {\n  echo\n",
        "sql() {\n  local host=\"$1\"\n  psql -h \"$host\" -c \"$2\"\n}\n",
    ];
    let mut next = generator(0x5eed_5e11);
    let mut outlined = 0;
    for _ in 0..400 {
        let mut script = String::from("#!/bin/bash\n");
        for _ in 0..1 + next(6) {
            let parts: &[&str] = if next(2) == 0 {
                &statements
            } else {
                &functions
            };
            script.push_str(parts[next(parts.len())]);
        }
        outlined += usize::from(assert_same(&scanner, &script));
    }
    assert!(outlined > 100, "{outlined} of 400 scripts outlined");
}
