//! The prefilter's and the triage's promises: what they let go holds no
//! finding, and each way back into parsing is taken.

use std::path::Path;

use crate::testing::generator;

use super::{
    NameSearch, PortSearch, PortedMappings, Prefilter, Presence, Triage, base64_may_hide,
    may_hold_secret,
};
use crate::address::Target;
use crate::check_source;
use crate::pack::{Pack, Role};
use crate::scan::{FileKind, Scanner};

fn rules_in(pack: &Pack, path: &str, text: &str) -> Vec<&'static str> {
    check_source(pack, Path::new(path), text)
        .iter()
        .map(|finding| finding.rule.id)
        .collect()
}

/// The prefilter, then the triage: what a check runs before parsing.
struct Gate<'p> {
    pack: &'p Pack,
    prefilter: Prefilter,
    scanner: Scanner<'p>,
    triage: Triage,
}

impl<'p> Gate<'p> {
    fn new(pack: &'p Pack) -> Self {
        Gate {
            pack,
            prefilter: Prefilter::new(pack),
            scanner: Scanner::new(pack),
            triage: Triage::new(pack),
        }
    }

    /// Whether `text`, read as the file at `path`, gets to the parser.
    fn parses(&self, path: &str, text: &str) -> bool {
        let path = Path::new(path);
        let Some(presence) = self.prefilter.may_hold_reference(path, text.as_bytes()) else {
            return false;
        };
        let hits = self.scanner.matcher.find(self.pack, text);
        self.triage.may_hold_finding(
            &self.scanner,
            FileKind::detect(path, text),
            text,
            presence,
            &hits,
        )
    }
}

fn needs_parsing(pack: &Pack, path: &str, text: &str) -> bool {
    Gate::new(pack).parses(path, text)
}

#[test]
fn the_load_balancer_named_rightly_is_not_parsed() {
    let pack = Pack::builtin().expect("the built-in pack is valid");
    for (path, text) in [
        ("app.env", "DB_HOST=10.0.0.10\nDB_PORT=${PORT}\n"),
        // Each host key's port is one the endpoint serves for its service.
        (
            "app.env",
            "DB_HOST=10.0.0.10\nDB_PORT=5432\nREDIS_HOST=10.0.0.10\nREDIS_PORT=6379\n",
        ),
        (
            "deploy.sh",
            "DB_HOST=\"${DB_HOST:-10.0.0.10}\"\npsql -h \"$DB_HOST\" -p 5432\n",
        ),
        (
            "values.yaml",
            "db:\n  host: 10.0.0.10\n  containerPort: 8080\n",
        ),
        (
            "kustomization.yaml",
            "kind: ExternalSecret\nhost: 10.0.0.10\n",
        ),
        ("notes.cfg", "no address here: 10.0.0.1000 10.0.0.10.5\n"),
    ] {
        assert!(!needs_parsing(&pack, path, text), "{path}: {text:?}");
    }
    // Not parsed, so no parse-error note either: nothing in it to report.
    assert!(
        rules_in(
            &pack,
            "templates/db.yaml",
            "{{- if .Values.db }}\nlb: 10.0.0.10\n{{- end }}\n"
        )
        .is_empty()
    );
    assert_eq!(
        rules_in(
            &pack,
            "templates/db.yaml",
            "{{- if .Values.db }}\nlb: 10.0.0.121\n{{- end }}\n"
        ),
        ["parse-error", "node-address"]
    );
}

#[test]
fn what_can_make_the_load_balancer_wrong_gets_it_parsed() {
    let pack = Pack::builtin().expect("the built-in pack is valid");
    for (path, text, expected) in [
        (
            ".env",
            "DATABASE_URL=postgresql://app@10.0.0.10:6379/app\n",
            vec!["cross-service"],
        ),
        (
            ".env",
            "DATABASE_URL=postgresql://app@10.0.0.10:06379/app\n",
            vec!["cross-service"],
        ),
        (
            ".env",
            "DATABASE_URL=\"host=10.0.0.10 port=6379 dbname=app\"\n",
            vec!["cross-service"],
        ),
        (
            ".env",
            "DATABASE_URL=\"port = '+6379' host=10.0.0.10\"\n",
            vec!["cross-service"],
        ),
        // A mapping's port is its host's, whatever line it is on; a port
        // the endpoint does not serve is wrong in any context.
        (
            "values.yaml",
            "db:\n  host: 10.0.0.10\n  port: 80\n",
            vec!["endpoint-port"],
        ),
        (
            "values.yaml",
            "cache:\n  - host: 10.0.0.10\n    port: 5432\n",
            vec!["cross-service"],
        ),
        // A host key's port is the key named for it.
        (
            "app.env",
            "DB_HOST=10.0.0.10\nDB_PORT=5000\n",
            vec!["endpoint-port"],
        ),
        (
            "compose.yaml",
            "services:\n  app:\n    environment:\n      REDIS_HOST: 10.0.0.10\n      REDIS_PORT: \"5432\"\n",
            vec!["cross-service"],
        ),
        (
            "deployment.yaml",
            "env:\n  - name: DB_HOST\n    value: \"10.0.0.10\"\n  - name: DB_PORT\n    value: \"5000\"\n",
            vec!["endpoint-port"],
        ),
        (
            "settings.json",
            "{\"pg\": {\n  \"host\": \"10.0.0.10\",\n  \"port\": 5000\n}}\n",
            vec!["endpoint-port"],
        ),
        // Declared with their types.
        (
            "settings.py",
            "redis_host: str = \"10.0.0.10\"\nredis_port: int = 5432\n",
            vec!["cross-service"],
        ),
        (
            "probe.sh",
            "CANDIDATE_IPS=(10.0.0.10)\npsql -c 'select 1'\n",
            vec!["candidate-set"; 4],
        ),
        (
            ".env",
            "DB_HOST=10.0.0.10 # topolint: allow(node-address) legacy\n",
            vec!["unused-suppression"],
        ),
        (
            "secret.yaml",
            // DATABASE_URL: postgresql://app@10.0.0.121:5432/app
            "kind: Secret\ndata:\n  DATABASE_URL: cG9zdGdyZXNxbDovL2FwcEAxMC4wLjAuMTIxOjU0MzIvYXBw\nhost: 10.0.0.10\n",
            vec!["node-address"],
        ),
    ] {
        assert!(needs_parsing(&pack, path, text), "{path}: {text:?}");
        assert_eq!(rules_in(&pack, path, text), expected, "{path}: {text:?}");
    }
}

/// The triage's promise, checked on generated text: whatever it lets go
/// unparsed holds no finding when parsed.
#[test]
fn what_is_not_parsed_holds_no_finding() {
    const FRAGMENTS: &[&str] = &[
        "10.0.0.10",
        "10.0.0.10:6379",
        "10.0.0.10:5432",
        "10.0.0.10:06379",
        "10.0.0.10:63",
        "79",
        "port=6379",
        "port = 5432",
        "PORT=+6379",
        "\"port\": 6379",
        "'port': '5432'",
        "port: 6379",
        "port: 80",
        "\"port\": 5000",
        "DB_HOST=",
        "DB_PORT=",
        "REDIS_PORT: ",
        "5000",
        "port = 8000",
        "port:",
        " 6379",
        "{port: 6379",
        ",port: 5432",
        "listen_port = 6432",
        "port := 6379",
        "HOST := ",
        "REDIS_HOST ?= ",
        "host=",
        "DATABASE_URL=\"host=",
        "REDIS_URL=host=",
        " port=5432\"",
        "host: ",
        "REDIS_URL=",
        "DATABASE_URL=",
        "PGHOST=",
        "REDIS_HOST: ",
        "redis://",
        "jdbc:postgresql://",
        "x:redis://",
        "${X:-",
        "postgresql://app:pw@",
        "postgresql://{{ .username }}:{{ .password }}@",
        "redis://{{ .password }}@",
        "{{ ",
        " }}",
        "psql -h ",
        "psql \"",
        "redis-cli -h ",
        "vault write database/config/x plugin_name=redis-database-plugin connection_url=",
        "\"",
        "'",
        "\n",
        "\n  ",
        " ",
        "- ",
        ": ",
        "=",
        "|\n  ",
        "${DSN:-",
        "}",
        "(",
        ")",
        ",",
        ";",
        "\\\n",
        "sslmode=require ",
        " dbname=app",
        "abortConnect=false ",
        "port=6432 ",
        "db = host=",
        "cat > f <<EOF\n",
        "\nEOF\n",
        "echo ",
        "# ",
        "export ",
        "key: \"",
        "redis:\n  ",
        "database:\n  ",
        "env:\n  - name: REDIS_HOST\n    value: ",
        "kind: ConfigMap\ndata:\n  conf: |\n    ",
        "---\n",
        "[",
        "]",
    ];
    let unparsed = unparsed_hold_nothing(
        FRAGMENTS,
        &["app.env", "values.yaml", "run.sh", "app.conf"],
        0x9e37_79b9_7f4a_7c15,
    );
    assert!(
        unparsed > 500,
        "the generator must exercise the triage ({unparsed} cases)"
    );
}

#[test]
fn what_is_not_parsed_holds_no_finding_in_a_flat_namespace() {
    // A host key's port is the key named for it, in every kind of file:
    // assignments, defaults, exports, lookups' fallbacks, dotted keys.
    const FRAGMENTS: &[&str] = &[
        "10.0.0.10",
        "10.0.0.10:6379",
        "DB_HOST=",
        "DB_PORT=",
        "PGHOST=",
        "PGPORT=",
        "REDIS_HOST: ",
        "REDIS_PORT: ",
        "db.host = ",
        "db.port = ",
        "\"cache_redis_host\": \"",
        "\"cache_redis_port\": ",
        "redis_host: str = ",
        "redis_port: int = ",
        "${DB_HOST:-",
        "${PGPORT:-",
        "getenv(\"DB_HOST\", ",
        "export ",
        "- name: DB_PORT\n  value: ",
        "5432",
        "6379",
        "5000",
        "\"",
        "'",
        "}",
        ")",
        ", ",
        " ",
        "\n",
        "# ",
        "postgresql://",
    ];
    // The first seed, and seeds that once found a gap between the triage
    // and the scanners.
    let unparsed: usize = [
        0x2545_f491_4f6c_dd1d,
        0x1111_2222_3333_4444,
        0x2718_2818_2845_9045,
    ]
    .into_iter()
    .map(|seed| {
        unparsed_hold_nothing(
            FRAGMENTS,
            &[
                "app.env",
                "values.yaml",
                "run.sh",
                "app.properties",
                "settings.py",
            ],
            seed,
        )
    })
    .sum();
    assert!(
        unparsed > 500,
        "the generator must exercise the triage ({unparsed} cases)"
    );
}

#[test]
fn what_is_not_parsed_holds_no_finding_in_a_block() {
    // A mapping's port entry is its host's wherever the text scanner reads
    // it: in brackets, sections and blocks over lines, in code and in YAML
    // or JSON that does not parse, after commas, quotes or nothing.
    const FRAGMENTS: &[&str] = &[
        "10.0.0.10",
        "\"10.0.0.10\"",
        "10.0.0.10:5432",
        "host: ",
        "host = ",
        "\"host\": ",
        "DATABASE_URL=",
        "redis_host: ",
        "database ",
        "redis",
        "port: 6379",
        "port = 5432",
        "PORT: 6379",
        "port 6379;",
        ":port => 6379",
        "'port': '5432'",
        "\"port\": 6379",
        "from_port = 6379",
        "port: 80",
        "port: ",
        "port: int = 6379",
        ": str = ",
        "6379",
        "{",
        "}",
        "[",
        "]",
        "(",
        ")",
        "[redis]\n",
        "[database]\n",
        ",",
        ", ",
        ";",
        "\n",
        "\n  ",
        " ",
        "\"",
        "# ",
        "/* ",
        " */",
        "a: ",
    ];
    // The first seed, and seeds that once found a gap between the triage
    // and the scanners.
    let seeds = [
        0x51_7cc1_b727_220a,
        0x1234_5678_9abc_def1,
        0x0fed_cba9_8765_4321,
        0x7777_1111_2222_3333,
        0x3141_5926_5358_9793,
    ];
    let paths = [
        "app.conf",
        "config.js",
        "values.yaml",
        "config.json",
        "main.tf",
        "settings.py",
        "app.rb",
    ];
    let unparsed: usize = seeds
        .into_iter()
        .map(|seed| unparsed_hold_nothing(FRAGMENTS, &paths, seed))
        .sum();
    assert!(
        unparsed > 500,
        "the generator must exercise the triage ({unparsed} cases)"
    );
}

/// Checks 100 000 files made of `fragments`, read as each of `paths` in
/// turn: every file the gate lets go must hold no finding when parsed.
/// Returns how many it let go.
fn unparsed_hold_nothing(fragments: &[&str], paths: &[&str], seed: u64) -> usize {
    let pack = Pack::builtin().expect("the built-in pack is valid");
    let gate = Gate::new(&pack);
    let scanner = &gate.scanner;
    let mut next = generator(seed);
    let mut unparsed = 0;
    for case in 0..100_000 {
        let count = 3 + next(14);
        let text: String = (0..count)
            .map(|_| fragments[next(fragments.len())])
            .collect();
        let path = paths[case % paths.len()];
        let kind = FileKind::of(Path::new(path));
        if gate.parses(path, &text) {
            continue;
        }
        unparsed += 1;
        let hits = scanner.matcher.find(&pack, &text);
        let scan = scanner.scan_hits(kind, &text, &hits);
        let wrong = scan
            .references
            .iter()
            .any(|r| crate::rules::judge(&pack, r, None).is_some())
            || scan.lists.iter().any(|list| {
                let mut texts = crate::finding::SharedTexts::default();
                !crate::rules::candidate_set::judge(&pack, &text, list, &mut texts).is_empty()
            });
        assert!(
            !wrong,
            "{path} was not parsed but holds a finding: {text:?}"
        );
    }
    unparsed
}

#[test]
fn what_is_let_go_for_its_comments_holds_no_finding() {
    // Node addresses in and out of comments, with every construct that can
    // make a `#` line part of a value: quotes, heredocs, substitutions,
    // parameters, escapes, block scalars, flow collections.
    const FRAGMENTS: &[&str] = &[
        "# 10.0.0.121",
        "# db-slave-01 ",
        "#",
        " # ",
        "10.0.0.121",
        "psql -h db-slave-01",
        "PGHOST=",
        "host: ",
        "\n",
        "\n  ",
        "\n    ",
        "\\\n",
        "\"",
        "'",
        "''",
        "\\\"",
        "$'",
        "${",
        "}",
        "${V#",
        "$(",
        "$(date)",
        ")",
        "`",
        "<<EOF\n",
        "<<-EOF\n",
        "\n\tEOF\n",
        "<< \"EOF\"",
        "<<<",
        "\nEOF\n",
        "cat > f <<'EOF'\n",
        "A=",
        "export ",
        "echo ",
        ";",
        "|",
        "&",
        "key: |\n  ",
        "key: >-\n",
        "--- |\n",
        "---\n",
        "- ",
        "- &a ",
        "? ",
        ": ",
        "[",
        "]",
        "{",
        ",",
        "!!str ",
        "a",
        " ",
        "\t",
        "\r",
        "(",
        ")#",
        ";#",
        "case x in a) ",
        " ;; esac",
        "\"#\"",
        "'#'",
        "A=\"",
        "A='",
        "\"key\": ",
        "...\n",
        "|-\n",
        ">\n",
        "key: \"",
        "key: '",
        "- \"",
        "{a: ",
        "[\"x\", ",
        "? |\n",
        "  ",
        "    ",
        "*a ",
        "%YAML 1.2\n",
        "\t",
        "key:",
        "\"k\":\"",
    ];
    let unparsed = unparsed_hold_nothing(
        FRAGMENTS,
        &["app.env", "values.yaml", "run.sh"],
        0x2545_f491_4f6c_dd1d,
    );
    assert!(
        unparsed > 5_000,
        "the generator must exercise the comment reading ({unparsed} cases)"
    );
}

#[test]
fn an_endpoint_that_serves_one_service_is_parsed_wherever_it_is() {
    let pack = Pack::from_toml(
        ".topolint.toml",
        "extends = \"keybuzz\"\n[[endpoint]]\nname = \"pg\"\naddress = \"10.0.0.20\"\nports = { postgres = 5432 }\n",
    )
    .expect("the pack is valid");
    let text = "REDIS_HOST=10.0.0.20\n";
    assert!(needs_parsing(&pack, ".env", text));
    assert_eq!(rules_in(&pack, ".env", text), ["cross-service"]);
}

#[test]
fn a_service_port_may_come_with_an_address() {
    let pack = Pack::builtin().expect("the built-in pack is valid");
    let ports = PortSearch::new(&pack);
    // The address is the last `10.0.0.10` of each text.
    let may_disagree = |text: &str| {
        let start = text.rfind("10.0.0.10").expect("an address");
        let hit = crate::address::Hit {
            span: start..start + "10.0.0.10".len(),
            target: Target::Known(Role::Endpoint(0)),
            form: crate::address::Form::Ip,
        };
        ports.may_disagree(&pack, text, &hit)
    };
    for text in [
        "10.0.0.10:6379",
        "10.0.0.10:5432/db",
        "10.0.0.10:06432",
        "10.0.0.10:63790",
        "postgresql://app:pw@10.0.0.10:6379/app",
        "redis://app@x,10.0.0.10:5432",
        "x:redis://10.0.0.10:6379",
        "JDBC:postgresql://10.0.0.10:5432",
        "a=redis://x;b=10.0.0.10:6379",
        "postgresql://{{ .user }}@10.0.0.10:6379",
        // Unquoted, a shell word ends at the template's blank.
        "connection_url=postgresql://{{ .user }}@10.0.0.10:5432",
        "unknown://10.0.0.10:5432",
        // A port the endpoint does not serve: endpoint-port in a service context.
        "10.0.0.10:8080",
    ] {
        assert!(may_disagree(text), "{text}");
    }
    for text in [
        "10.0.0.10",
        "10.0.0.10:http",
        "10.0.0.10:",
        "10.0.0.10:99999999",
        "redis://10.0.0.10:6379/0",
        "postgresql://{{username}}:{{password}}@10.0.0.10:5432/app",
        "\"postgresql://{{ .username }}:{{ .password }}@10.0.0.10:5432/app\"",
        "jdbc:postgresql://10.0.0.10:6432/app",
        "url=rediss://${USER}:x@10.0.0.10:6379",
    ] {
        assert!(!may_disagree(text), "{text}");
    }
    for text in [
        "host=h port=6379",
        "{\"port\": \"5432\"}",
        "PORT = '+06432'",
        "{port: 6379}",
        "dsn: \"\n  port: 5432 host=h\"",
        "port: 6379 host=10.0.0.10",
        "10.0.0.10 port:6379",
        "port: 6379 \\\n  10.0.0.10",
        // A libpq pair settles nothing when its port is not its dialect's,
        // the dialect is unclear, a URL may set the context, or the number
        // runs on.
        "a = host=10.0.0.10 port=6379 dbname=a",
        "host=10.0.0.10 port=5432 dbname=a abortConnect=false",
        "x=redis://h/0\nhost=10.0.0.10 port=5432 dbname=a",
        "host=10.0.0.10 port=54321 dbname=a",
        "REDIS=\"host=10.0.0.10 port=5432\" other=\"dbname=a\"",
        // Make's and Go's assignments.
        "port := 6379",
        "PORT ?= 5432",
    ] {
        assert!(ports.pair_in(&pack, text), "{text}");
    }
    for text in [
        // A YAML mapping's port, on a line of its own, is no pair: see
        // `PortedMappings`.
        "port: 80",
        "containerPort: 8080",
        "port: http",
        "DB_PORT=${PORT}",
        "sport=6378",
        "listen_port = 6432",
        "- DATABASE_PORT=5432",
        // A pgbouncer entry in libpq that speaks its port's dialect.
        "a = host=10.0.0.10 port=5432 dbname=a\nlisten_port = 6432\n",
        "host=10.0.0.10 port=6432 sslmode=require",
    ] {
        assert!(!ports.pair_in(&pack, text), "{text}");
    }
}

#[test]
fn the_key_of_a_value_and_the_ports_of_keys_are_read_from_the_line() {
    use super::keys_of_value_at;
    use crate::scan::ports::ported_keys;
    fn keys(text: &str) -> Vec<&str> {
        keys_of_value_at(text, text.find("10.0.0.10").expect("a value"))
    }
    assert_eq!(keys("a=1\nexport DB_HOST=10.0.0.10"), ["DB_HOST"]);
    assert_eq!(keys("  REDIS_HOST: \"10.0.0.10\""), ["REDIS_HOST"]);
    assert_eq!(keys("{\"db.host\": '10.0.0.10'}"), ["db.host"]);
    assert!(keys("- 10.0.0.10").is_empty());
    assert_eq!(keys("\u{feff}PGHOST=10.0.0.10"), ["PGHOST"]);
    assert!(keys("é=10.0.0.10").is_empty());
    assert!(keys("psql -h 10.0.0.10").is_empty());
    // A variable's default is read as the variable's and as the key the
    // expansion is written after, however deep.
    assert_eq!(
        keys("DB_HOST=\"${DB_HOST:-10.0.0.10}\""),
        ["DB_HOST", "DB_HOST"]
    );
    assert_eq!(keys("X=${PGHOST-10.0.0.10}"), ["PGHOST", "X"]);
    assert_eq!(
        keys("X=\"${A:=${PGHOST:-10.0.0.10}}\""),
        ["PGHOST", "A", "X"]
    );
    assert!(keys("psql -h ${PGHOST:-10.0.0.10}").contains(&"PGHOST"));

    let pack = Pack::builtin().expect("the built-in pack is valid");
    let ports = ported_keys(
        &pack,
        "DB_PORT=5000\n\"redisPort\": \"6379\", port: +80\nPORT=${P}\n- name: API_PORT\n  valueFrom: {}\n  value: \"1\"\n- name: PG_PORT\n  value: \"5000\"\n",
    );
    assert_eq!(ports.get("db_port"), Some(&Some(5000)));
    assert_eq!(ports.get("redis_port"), Some(&Some(6379)));
    assert_eq!(ports.get("port"), Some(&Some(80)));
    // An env entry's port is read on its name's line or the next.
    assert_eq!(ports.get("api_port"), Some(&None));
    assert_eq!(ports.get("pg_port"), Some(&Some(5000)));
    assert_eq!(ports.len(), 5);
    // A JSON pair names its entry too; a name that goes on past `port`
    // (`ports`, `port_name`) is no port key, nor is a port word in a value.
    let ports = ported_keys(
        &pack,
        "[{\"key\": \"REDIS_PORT\", \"value\": \"6379\"}]\nports: 80\nport_name=8080\nmsg=\"report 5\"\nPORT",
    );
    assert_eq!(ports.get("redis_port"), Some(&Some(6379)));
    assert_eq!(ports.len(), 1);
    // A number is a port only when it ends there (not an address's octet).
    let ports = ported_keys(&pack, "DB_PORT=\"10.0.0.10\"\nPG_PORT=5432x\nAPI_PORT=80,");
    assert_eq!(ports.get("api_port"), Some(&Some(80)));
    assert_eq!(ports.len(), 1);
}

#[test]
fn a_yaml_mappings_port_is_its_hosts_on_any_line() {
    let ported = |text: &str| {
        let mappings = PortedMappings::of(text);
        let mut at = 0;
        let mut found = Vec::new();
        while let Some(found_at) = text[at..].find("HOST") {
            found.push(mappings.hold(at + found_at));
            at += found_at + 1;
        }
        found
    };
    // Before or after the host, with nested entries between.
    assert_eq!(
        ported("db:\n  host: HOST\n  tls:\n    on: 1\n  port: 5000\n"),
        [true]
    );
    assert_eq!(
        ported("db:\n  port: '80'\n\n  # note\n  host: HOST\n"),
        [true]
    );
    // Each sequence item is a mapping of its own.
    assert_eq!(
        ported("dbs:\n  - host: HOST\n    port: 5000\n  - host: HOST\n  - port: 1\n"),
        [true, false]
    );
    // A port of another mapping (a Service's `ports:`, a parent's) is not
    // the host's.
    assert_eq!(
        ported("env:\n  - name: DB\n    value: HOST\nports:\n  - port: 80\n"),
        [false]
    );
    assert_eq!(ported("port: 80\ndb:\n  host: HOST\n"), [false]);
    assert_eq!(
        ported("db:\n  host: HOST\n  port: http\n  sport: 1\n"),
        [false]
    );
}

/// What `pair_in` answers when it asks the pair pattern of the whole text,
/// not of the stretches around each port key.
fn pair_in_whole_text(ports: &PortSearch, pack: &Pack, text: &str) -> bool {
    let Some(Some(patterns)) = ports.compiled() else {
        panic!("the built-in pack has ports and endpoints");
    };
    let bytes = text.as_bytes();
    if memchr::memmem::find(bytes, b"://").is_some() {
        return patterns.pair.is_match(bytes);
    }
    patterns
        .pair
        .find_iter(bytes)
        .any(|pair| !ports.is_right_in_its_dialect(pack, text, pair.range()))
}

#[test]
fn the_pair_pattern_asked_around_port_keys_answers_as_over_the_whole_text() {
    let pack = Pack::builtin().expect("the built-in pack is valid");
    let ports = PortSearch::new(&pack);
    let fragments = [
        "port",
        "PORT",
        "Port",
        "port=",
        "port: ",
        "\"port\":",
        "port:=",
        "port ?= ",
        "x",
        "_",
        "listen_",
        "=",
        ":",
        "::",
        "+",
        "\"",
        "'",
        " ",
        "\t",
        "\n",
        "\r\n",
        "\\\n",
        "-",
        "{",
        ",",
        "5432",
        "6379",
        "26379",
        "6432",
        "0",
        "8080",
        "10.0.0.10",
        " 10.0.0.10 ",
        "host=",
        " dbname=a",
        " abortConnect=",
        "://",
        ";",
    ];
    // Each way a pair reaches past its own line.
    for text in [
        "\"\n\n  port: 5432",
        "x: '\r\n-\n\n port: 6379'",
        "10.0.0.10 a \\\n b \\\n port: 5432",
        "port: 5432 \\\n\n 10.0.0.10",
        "port: 5432 \\\n 10.0.0.10",
        "port:\n\n 5432 10.0.0.10",
        "abortConnect=x\nport=5432 dbname=a",
        "abortConnect=x \\\nport=5432 dbname=a",
        "port=6379 port=5432\n\"\n port: 5432",
    ] {
        assert_eq!(
            ports.pair_in(&pack, text),
            pair_in_whole_text(&ports, &pack, text),
            "{text:?}"
        );
    }
    let mut next = generator(0x5eed_0f9a_1e00);
    let mut holding = 0;
    for _ in 0..20_000 {
        let text: String = (0..next(24) + 1)
            .map(|_| fragments[next(fragments.len())])
            .collect();
        let whole = pair_in_whole_text(&ports, &pack, &text);
        holding += usize::from(whole);
        assert_eq!(ports.pair_in(&pack, &text), whole, "{text:?}");
    }
    // The texts reach both answers often.
    assert!(
        (2_000..18_000).contains(&holding),
        "{holding} of 20000 hold a pair"
    );
}

#[test]
fn the_prefilter_passes_every_literal_in_any_case_and_says_whether_a_name_is_there() {
    let pack = Pack::builtin().expect("the built-in pack is valid");
    let prefilter = Prefilter::new(&pack);
    let search = |text: &str| prefilter.search(text.as_bytes());
    assert_eq!(search("host: 10.0.0.121"), (true, false));
    assert_eq!(search("host: 10.0.0.7"), (true, false));
    assert_eq!(search("host: REDIS-01.internal"), (true, true));
    assert_eq!(search("host: Db-Postgres-03"), (true, true));
    assert_eq!(search("PG_CANDIDATE_IPS=(a b)"), (true, false));
    // A name's digits pass the first pass alone; the name search says no.
    assert_eq!(search("released 2026-01-08"), (true, false));
    assert_eq!(search("host: 10.1.0.120 db-master-1"), (false, false));
    // A suppression comment may be unused: the marker as written passes.
    assert_eq!(
        search("X=1 # topolint: allow(node-address) moved"),
        (true, false)
    );
    assert_eq!(search("X=1 # TOPOLINT: allow"), (false, false));
}

#[test]
fn prefilter_literals_cover_addresses_hostnames_and_network_prefixes() {
    let pack = Pack::builtin().expect("the built-in pack is valid");
    let literals = super::topology_literals(&pack);
    for expected in ["10.0.0.121", "db-postgres-03", "redis-02", "10.0.0."] {
        assert!(
            literals.iter().any(|l| l == expected),
            "{expected} missing from {literals:?}"
        );
    }
}

#[test]
fn a_list_name_passes_the_prefilter_in_every_spelling_a_key_reads_as_its_words() {
    let pack = Pack::builtin().expect("the built-in pack is valid");
    let prefilter = Prefilter::new(&pack);
    let passes = |text: &str| prefilter.search(text.as_bytes()).0;
    let is_list_name = |key: &str| {
        pack.candidates.names.is_match(key) || pack.candidates.sentinel_names.is_match(key)
    };
    for key in [
        "PG_CANDIDATE_IPS",
        "pg_candidate_ips",
        "pgCandidates",
        "PG_Candidates",
        "CANDIDATEs",
        "redisSentinels",
        "REDIS_SENTINEL_HOSTS",
        "sentinel-addrs",
    ] {
        assert!(is_list_name(key), "{key} is a list name");
        assert!(passes(&format!("{key}=(a b)")), "{key} passes");
    }
    // Spellings that split the word are no list name, and need not pass.
    for key in ["cANDIDATE_IPS", "canDidates"] {
        assert!(!is_list_name(key), "{key}");
        assert!(!passes(&format!("{key}=(a b)")), "{key} does not pass");
    }
}

#[test]
fn list_names_are_searched_by_their_longest_literal() {
    let pack = Pack::builtin().expect("the built-in pack is valid");
    let names = NameSearch::list_names(&pack);
    assert!(names.may_appear_in("export PG_CANDIDATE_IPS=(a b)"));
    assert!(!names.may_appear_in("DB_HOST=10.0.0.10"));
}

#[test]
fn a_secret_is_the_word_on_its_own() {
    for text in [
        "kind: Secret\n",
        "kind: \"Secret\"",
        "{\"kind\":\"Secret\"}",
        "Secret",
    ] {
        assert!(may_hold_secret(text.as_bytes()), "{text}");
    }
    for text in [
        "kind: ExternalSecret",
        "kind: SecretStore",
        "secretKeyRef:",
        "Secrets",
    ] {
        assert!(!may_hold_secret(text.as_bytes()), "{text}");
    }
}

/// `text` in base64, folded into lines of `width` characters.
fn encoded(text: &str, width: usize) -> String {
    use base64::Engine;
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    encoded
        .as_bytes()
        .chunks(width)
        .map(|line| String::from_utf8_lossy(line).into_owned())
        .collect::<Vec<_>>()
        .join("\n    ")
}

#[test]
fn base64_hides_a_literal_however_the_value_is_written() {
    let pack = Pack::builtin().expect("the built-in pack is valid");
    let prefilter = Prefilter::new(&pack);
    let search = prefilter.any.as_ref().expect("the pack has literals");
    let url = "postgresql://app:pw@10.0.0.121:5432/app";
    let hiding = [
        format!("data:\n  URL: {}\n", encoded(url, 200)),
        format!("data:\n  URL: \"{}\"\n  B: eA==\n", encoded(url, 200)),
        // Folded over lines, the address across a line break.
        format!("data:\n  URL: |\n    {}\n", encoded(url, 30)),
        format!("data:\n  URL: >-\n    {}\n", encoded(url, 7)),
        // An indentation indicator, a base64 character, before the value.
        format!("data:\n  URL: |2\n    {}\n", encoded(url, 40)),
        // After a padded value, and after a key on the next line.
        format!("data:\n  A: eA==\n  URL: {}\n", encoded(url, 200)),
        // JSON may escape each slash.
        format!(
            "{{\"kind\": \"Secret\", \"data\": {{\"URL\": \"{}\"}}}}",
            encoded("10.0.0.123", 200).replace('/', "\\/")
        ),
        format!(
            "{{\"data\": {{\"URL\": \"{}\"}}}}",
            encoded("http://x/?h=10.0.0.123&p=a/b/c", 200).replace('/', "\\/")
        ),
    ];
    for text in &hiding {
        assert!(base64_may_hide(search, text.as_bytes()), "{text}");
    }
    let opaque = [
        format!("data:\n  PASSWORD: {}\n", encoded("not-for-your-eyes", 200)),
        format!(
            "data:\n  CA: |\n    {}\n",
            encoded(&"-----BEGIN CERTIFICATE-----\nMIIB".repeat(8), 60)
        ),
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\n".to_string(),
        String::new(),
    ];
    for text in &opaque {
        assert!(!base64_may_hide(search, text.as_bytes()), "{text}");
    }
}

#[test]
fn a_secret_whose_data_hides_nothing_is_not_read() {
    let pack = Pack::builtin().expect("the built-in pack is valid");
    let prefilter = Prefilter::new(&pack);
    let secret = |data: &str| {
        format!("apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\ndata:\n  VALUE: {data}\n")
    };
    let opaque = secret(&encoded("not-for-your-eyes", 200));
    assert!(
        prefilter
            .may_hold_reference(Path::new("secret.yaml"), opaque.as_bytes())
            .is_none()
    );
    assert!(rules_in(&pack, "secret.yaml", &opaque).is_empty());
    let hiding = secret(&encoded("10.0.0.121", 200));
    let presence = prefilter
        .may_hold_reference(Path::new("secret.yaml"), hiding.as_bytes())
        .expect("read");
    assert!(presence.secret_data);
    assert!(needs_parsing(&pack, "secret.yaml", &hiding));
    assert_eq!(rules_in(&pack, "secret.yaml", &hiding), ["node-address"]);
    // Beside an address the triage lets go, opaque data needs no parsing;
    // data that hides one does.
    let beside = |data: &str| format!("{}stringData:\n  PGHOST: 10.0.0.10\n", secret(data));
    assert!(!needs_parsing(
        &pack,
        "secret.yaml",
        &beside(&encoded("opaque", 200))
    ));
    assert!(needs_parsing(
        &pack,
        "secret.yaml",
        &beside(&encoded("10.0.0.122", 200))
    ));
    // Data that names the load balancer rightly needs no parsing either;
    // with another service's port, or beside a port key, it does.
    let right = secret(&encoded("postgresql://app:pw@10.0.0.10:5432/app", 200));
    assert!(!needs_parsing(&pack, "secret.yaml", &right));
    let crossed = secret(&encoded("postgresql://app:pw@10.0.0.10:6379/app", 200));
    assert!(needs_parsing(&pack, "secret.yaml", &crossed));
    assert_eq!(rules_in(&pack, "secret.yaml", &crossed), ["cross-service"]);
    let ported = format!("{right}  PGPORT: NjM3OQ==\n");
    assert!(needs_parsing(&pack, "secret.yaml", &ported));
    let unknown = Presence::unknown(&hiding);
    assert!(unknown.hostnames && unknown.secret_data);
}

/// The Secret-data promise, checked on generated Secrets: whatever its data
/// hides and however the value is written (folded at any width, quoted, a
/// block scalar with or without an indentation indicator, beside opaque
/// values), a Secret whose check has a finding gets through the prefilter
/// and the triage.
#[test]
fn a_secret_hiding_an_address_is_always_parsed() {
    const HIDDEN: &[&str] = &[
        "10.0.0.121",
        "postgresql://app:pw@10.0.0.122:5432/app",
        "redis://:pw@10.0.0.123:6379/0",
        "host=db-slave-01 port=5432 dbname=app",
        "PGHOST=10.0.0.10\nREDIS_HOST=10.0.0.124\n",
        "10.0.0.10",
        "postgresql://app:pw@10.0.0.10:5432/app",
        "postgresql://app:pw@10.0.0.10:6379/app",
        "redis://10.0.0.10:6432",
        "host=10.0.0.10 port=6379 dbname=app",
        "10.0.0.10:16379",
        "not-for-your-eyes",
    ];
    const STYLES: &[&str] = &["", "\"", "|\n", "|2\n", ">-\n", "|-\n"];
    let pack = Pack::builtin().expect("the built-in pack is valid");
    let gate = Gate::new(&pack);
    let mut next = generator(0x2545_f491_4f6c_dd1d);
    let mut parsed = 0;
    for _ in 0..1_000 {
        let hidden = HIDDEN[next(HIDDEN.len())];
        let style = STYLES[next(STYLES.len())];
        let width = 4 + next(80);
        let value = match style {
            "" => encoded(hidden, width),
            "\"" => format!("\"{}\"", encoded(hidden, width)),
            block => format!("{block}    {}", encoded(hidden, width)),
        };
        // PGPORT: 6379, the pair of an address only the decoded data shows.
        let before = [
            "",
            "  PASSWORD: bm90LWZvci15b3VyLWV5ZXM=\n",
            "  A: eA==\n",
            "  PGPORT: NjM3OQ==\n",
        ][next(4)];
        let after = [
            "",
            "  TOKEN: dG9rZW4=\n",
            "stringData:\n  PGHOST: 10.0.0.10\n",
        ][next(3)];
        let text = format!(
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\ndata:\n{before}  VALUE: {value}\n{after}"
        );
        if rules_in(&pack, "secret.yaml", &text).is_empty() {
            continue;
        }
        parsed += 1;
        assert!(
            gate.parses("secret.yaml", &text),
            "holds a finding but was not parsed: {text}"
        );
    }
    assert!(
        parsed > 300,
        "the generator must hide addresses ({parsed} cases)"
    );
}
