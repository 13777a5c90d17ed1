use super::*;
use crate::redact::Redacted;
use crate::testing::generator;

fn masked_as(kind: FileKind, text: &str) -> String {
    let pack = Pack::builtin().expect("built-in pack");
    let secrets = Secrets::find(&pack, kind, text, &[]);
    Redacted::new(text, &secrets.ranges, &[], &[]).text
}

fn masked(text: &str) -> String {
    masked_as(FileKind::Text(Dialect::Plain), text)
}

fn shell(text: &str) -> String {
    masked_as(FileKind::Shell, text)
}

#[test]
fn shell_assignments_mask_the_word_only() {
    assert_eq!(
        shell("PGPASSWORD=pw01 psql -h 10.0.0.120 -U app\n"),
        "PGPASSWORD=*** psql -h 10.0.0.120 -U app\n"
    );
    assert_eq!(
        shell("export PGPASSWORD=pw23 PGHOST=10.0.0.120\n"),
        "export PGPASSWORD=*** PGHOST=10.0.0.120\n"
    );
    assert_eq!(shell("A_TOKEN='t k' run\n"), "A_TOKEN='***' run\n");
    assert_eq!(
        masked_as(
            FileKind::Text(Dialect::Dockerfile),
            "RUN PGPASSWORD=pw12 psql -h 10.0.0.120\n"
        ),
        "RUN PGPASSWORD=*** psql -h 10.0.0.120\n"
    );
    assert_eq!(
        masked_as(
            FileKind::Text(Dialect::Makefile),
            "PASSWORD = a b\n\tPGPASSWORD=pw psql\n"
        ),
        "PASSWORD = ***\n\tPGPASSWORD=*** psql\n"
    );
}

#[test]
fn flags_that_take_a_secret_mask_their_value() {
    assert_eq!(
        shell("redis-cli -a pw02 -h 10.0.0.124 PING\n"),
        "redis-cli -a *** -h 10.0.0.124 PING\n"
    );
    assert_eq!(
        shell("redis-cli --pass pw03 PING\n"),
        "redis-cli --pass *** PING\n"
    );
    assert_eq!(
        shell("/usr/bin/mysql -ppw04 -h h\n"),
        "/usr/bin/mysql -p*** -h h\n"
    );
    assert_eq!(shell("tool --password=pw05 x\n"), "tool --password=*** x\n");
    assert_eq!(
        masked(r#"command: ["redis-cli", "-a", "pw06", "-h", "10.0.0.124"]"#),
        r#"command: ["redis-cli", "-a", "***", "-h", "10.0.0.124"]"#
    );
    // Another command's -a, or -a after the redis-cli command ended, is no secret.
    assert_eq!(shell("ls -a dir\n"), "ls -a dir\n");
    assert_eq!(
        shell("redis-cli PING | grep -a x\n"),
        "redis-cli PING | grep -a x\n"
    );
    // A flag whose value is another flag has none.
    assert_eq!(shell("mysql -p -h host\n"), "mysql -p -h host\n");
    assert_eq!(
        shell("tool --password-file f\n"),
        "tool --password-file f\n"
    );
}

#[test]
fn pairs_keep_their_delimiters() {
    assert_eq!(
        masked(r#"<add connectionString="Host=h;Password=pw10;Database=a" />"#),
        r#"<add connectionString="Host=h;Password=***;Database=a" />"#
    );
    assert_eq!(
        masked("redis: 10.0.0.124:6379,password=pw11,abortConnect=false\n"),
        "redis: 10.0.0.124:6379,password=***,abortConnect=false\n"
    );
    assert_eq!(
        masked(r#"{"db": {"Password": "pw13", "host": "h"}}"#),
        r#"{"db": {"Password": "***", "host": "h"}}"#
    );
    assert_eq!(
        shell(r#"vault write db/config/x username="admin" password="pw05" url="u""#),
        r#"vault write db/config/x username="admin" password="***" url="u""#
    );
    assert_eq!(
        shell(r#"psql "host=h password=pw sslmode=require""#),
        r#"psql "host=h password=*** sslmode=require""#
    );
    assert_eq!(
        masked("url = \"postgresql://h/db?password=pw&sslmode=require\"\n"),
        "url = \"postgresql://h/db?password=***&sslmode=require\"\n"
    );
}

#[test]
fn keyword_arguments_and_hashes_mask_their_strings() {
    assert_eq!(
        masked(r#"Redis.new(host: "h", password: "pw07")"#),
        r#"Redis.new(host: "h", password: "***")"#
    );
    assert_eq!(
        masked(r#"connect(host="h", password="pw08")"#),
        r#"connect(host="h", password="***")"#
    );
    assert_eq!(
        masked(r#"{ :password => "pw" }"#),
        r#"{ :password => "***" }"#
    );
}

#[test]
fn line_values_run_to_the_comment() {
    assert_eq!(
        masked_as(FileKind::Yaml, "db:\n  password: my pass # rotated\n"),
        "db:\n  password: *** # rotated\n"
    );
    assert_eq!(
        masked_as(FileKind::Dotenv, "DB_PASSWORD=a b c\n"),
        "DB_PASSWORD=***\n"
    );
    assert_eq!(masked("password = a,b;c\n"), "password = ***\n");
    assert_eq!(
        masked_as(FileKind::Yaml, "- DB_PASSWORD=pw\n"),
        "- DB_PASSWORD=***\n"
    );
}

#[test]
fn a_block_scalar_under_a_secret_key_is_masked_line_by_line() {
    assert_eq!(
        masked_as(
            FileKind::Yaml,
            "tls:\n  private_key: |\n    line one\n    line two\n  host: h\n"
        ),
        "tls:\n  private_key: |\n    ***\n    ***\n  host: h\n"
    );
}

#[test]
fn url_passwords_pgpass_fields_and_tokens() {
    assert_eq!(
        masked("postgres://u:pw14@10.0.0.121/x"),
        "postgres://u:***@10.0.0.121/x"
    );
    assert_eq!(
        masked("10.0.0.120:5432:app:app:pw09\n*:*:*:u:pw\n"),
        "10.0.0.120:5432:app:app:***\n*:*:*:u:***\n"
    );
    assert_eq!(
        masked("echo \"10.0.0.120:5432:app:app:pw\" > ~/.pgpass\n"),
        "echo \"10.0.0.120:5432:app:app:***\" > ~/.pgpass\n"
    );
    assert_eq!(
        masked("token hvs.CAESIJlkjsdflkjTOKEN0123456789 end"),
        "token *** end"
    );
    // Times, ports and URLs are no pgpass lines.
    assert_eq!(
        masked("at 12:30:00 on 10.0.0.1:5432/db:x\n"),
        "at 12:30:00 on 10.0.0.1:5432/db:x\n"
    );
}

#[test]
fn a_value_masked_once_is_masked_everywhere_in_the_file() {
    assert_eq!(
        shell("PGPASSWORD=hunter22 psql\necho hunter22 | cmd\nnothunter22x hunter22x\n"),
        "PGPASSWORD=*** psql\necho *** | cmd\nnothunter22x hunter22x\n"
    );
    // A name in a template expression is a variable's.
    assert_eq!(
        masked_as(
            FileKind::Yaml,
            "url: \"postgresql://{{ .username }}:{{ .password }}@h/a\"\nsecretKey: username\n"
        ),
        "url: \"postgresql://{{ .username }}:{{ .password }}@h/a\"\nsecretKey: ***\n"
    );
}

#[test]
fn placeholders_topology_values_and_words_are_no_secrets() {
    assert_eq!(
        masked("DB_PASSWORD=${DB_PASSWORD}\npassword: \"{{ vault_pw }}\"\n"),
        "DB_PASSWORD=${DB_PASSWORD}\npassword: \"{{ vault_pw }}\"\n"
    );
    assert_eq!(
        masked("postgresql://{{username}}:{{password}}@10.0.0.124:5432/a"),
        "postgresql://{{username}}:{{password}}@10.0.0.124:5432/a"
    );
    assert_eq!(
        masked_as(FileKind::Yaml, "password: db-slave-01\n"),
        "password: db-slave-01\n"
    );
    // A short or literal value is masked where it is, not searched for.
    assert_eq!(
        masked_as(FileKind::Yaml, "password: true\nenabled: true\n"),
        "password: ***\nenabled: true\n"
    );
}

#[test]
fn messages_repeating_a_secret_value_are_masked() {
    let pack = Pack::builtin().expect("built-in pack");
    let text = "DB_PASSWORD=hunter22\n";
    let secrets = Secrets::find(&pack, FileKind::Dotenv, text, &[]);
    assert_eq!(
        secrets.mask("hunter22 is no known node").as_deref(),
        Some("*** is no known node")
    );
    assert_eq!(secrets.mask("nothing secret"), None);
}

#[test]
fn a_password_that_is_a_service_name_leaves_the_messages_words() {
    let pack = Pack::builtin().expect("built-in pack");
    let text = "PGPASSWORD=postgres\nPGHOST=10.0.0.121\n";
    let secrets = Secrets::find(&pack, FileKind::Dotenv, text, &[]);
    assert_eq!(
        secrets.mask("10.0.0.121 is postgres node db-slave-01"),
        None,
        "the message's own word stays"
    );
    // The file's text is masked still, as every other occurrence is.
    assert_eq!(
        masked_as(FileKind::Dotenv, text),
        "PGPASSWORD=***\nPGHOST=10.0.0.121\n"
    );
}

#[test]
fn every_flag_of_a_long_line_is_masked() {
    // One 400 KB line: a place is looked at within a bounded window of it.
    let line = "redis-cli -a pw ".repeat(20_000);
    let masked = shell(&line);
    assert!(!masked.contains(" pw "));
    assert_eq!(masked.matches("-a ***").count(), 20_000);
}

#[test]
fn an_env_entry_named_by_a_secret_key_masks_its_value() {
    assert_eq!(
        masked_as(
            FileKind::Yaml,
            "env:\n  - name: DB_PASSWORD\n    value: pw one\n  - name: DB_HOST\n    value: h\n"
        ),
        "env:\n  - name: DB_PASSWORD\n    value: ***\n  - name: DB_HOST\n    value: h\n"
    );
    assert_eq!(
        masked_as(
            FileKind::Json,
            r#"[{"name": "REDIS_PASSWORD", "value": "pw"}, {"name": "A", "value": "b"}]"#
        ),
        r#"[{"name": "REDIS_PASSWORD", "value": "***"}, {"name": "A", "value": "b"}]"#
    );
    // The next entry's value is not this one's.
    assert_eq!(
        masked_as(
            FileKind::Yaml,
            "- name: DB_PASSWORD\n  valueFrom: {secretKeyRef: {name: s, key: k}}\n- name: X\n  value: y\n"
        ),
        "- name: DB_PASSWORD\n  valueFrom: {secretKeyRef: {name: s, key: k}}\n- name: X\n  value: y\n"
    );
}

#[test]
fn a_few_values_are_found_as_the_automaton_finds_them() {
    // Values and texts over two letters, so that occurrences overlap,
    // nest and start together: a pass per value must pick the same
    // occurrences (leftmost, then longest) as the automaton.
    let mut next = generator(0x2545_f491_4f6c_dd1d);
    let word = |length: usize, next: &mut dyn FnMut(usize) -> usize| -> String {
        (0..length)
            .map(|_| if next(2) == 0 { 'a' } else { 'b' })
            .collect()
    };
    for _ in 0..2_000 {
        let mut values: Vec<String> = (0..1 + next(FEW_VALUES))
            .map(|_| word(1 + next(4), &mut next))
            .collect();
        values.sort_unstable();
        values.dedup();
        let values: Vec<&str> = values.iter().map(String::as_str).collect();
        let text = word(next(40), &mut next);
        let (Some(few), Some(many)) = (ValueSearch::new(&values), ValueSearch::many(&values))
        else {
            panic!("no search for {values:?}");
        };
        assert!(matches!(few, ValueSearch::Few(_)));
        assert_eq!(
            few.find_all(&text),
            many.find_all(&text),
            "{values:?} in {text:?}"
        );
    }
}
