//! One list, many syntaxes: a leader-discovery list or a list of addresses
//! gives the same findings however it is written — a shell array or string,
//! a parameter default, `read -a`, `readarray`/`mapfile`, a dotenv, properties or INI value, a YAML
//! block or flow sequence, a JSON, TOML, Python, HCL, PHP or Ruby array, a
//! Go, C# or Java typed array, a collection built by a call (`List.of`,
//! `listOf`, `vec!`, a tuple, PowerShell's `@(…)`), a declaration with its
//! type, a word list (`%w[…]`, `qw(…)`), comments between items, a list of
//! mappings or of tuples.

use std::path::Path;

use topolint::pack::Pack;

/// Members to draw from: every node, the load balancer, an unknown private
/// address, hostnames and `host:port` forms (on the Sentinel port too: a list
/// of only those is a Sentinel list).
const POOL: &[&str] = &[
    "10.0.0.120",
    "10.0.0.121",
    "10.0.0.122",
    "10.0.0.123",
    "10.0.0.124",
    "10.0.0.125",
    "10.0.0.10",
    "10.0.0.77",
    "db-slave-01",
    "10.0.0.122:5432",
    "10.0.0.124:26379",
    "redis-03:26379",
];

/// `(file name, text)` of the list `name` holding `members`, in each syntax.
fn renderings(name: &str, members: &[&str]) -> Vec<(&'static str, String)> {
    let quoted: Vec<String> = members.iter().map(|m| format!("\"{m}\"")).collect();
    let spaced = members.join(" ");
    let mut renderings = vec![
        ("list.sh", format!("{name}=({spaced})\n")),
        ("list.sh", format!("{name}=\"{spaced}\"\n")),
        ("list.sh", format!("{name}=\"${{{name}:-{spaced}}}\"\n")),
        ("list.sh", format!("read -r -a {name} <<< \"{spaced}\"\n")),
        (
            "list.sh",
            format!(
                "readarray -t {name} <<'EOF'\n{}EOF\n",
                each(members, |m| format!("{m}\n"))
            ),
        ),
        (
            "list.sh",
            format!("mapfile -t -d ',' {name} <<< \"{}\"\n", members.join(",")),
        ),
        (
            "list.sh",
            members
                .iter()
                .enumerate()
                .map(|(i, m)| format!("{name}[{i}]={m}\n"))
                .collect(),
        ),
        ("list.env", format!("{name}={}\n", members.join(","))),
        // Spring's indexed keys, one element per key.
        (
            "list.properties",
            members
                .iter()
                .enumerate()
                .map(|(i, m)| format!("{name}[{i}]={m}\n"))
                .collect(),
        ),
        ("list.properties", format!("{name}={}\n", members.join(","))),
        // Items that each bind a name to a member (etcd's `initial-cluster`
        // shape), in a text file: pairs nested in the list's value.
        (
            "list.conf",
            format!(
                "{name}=\"{}\"\n",
                members
                    .iter()
                    .enumerate()
                    .map(|(i, m)| format!("member{i}={m}"))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
        ),
        (
            "list.ini",
            format!("[app]\n{name} = {}\n", members.join(", ")),
        ),
        // A value continued on indented lines (Python's configparser).
        (
            "list.cfg",
            format!(
                "[app]\n{name} =\n{}",
                each(members, |m| format!("    {m}\n"))
            ),
        ),
        (
            "list.yaml",
            format!("{name}:\n{}", each(members, |m| format!("  - {m}\n"))),
        ),
        ("list.yaml", format!("{name}: [{}]\n", members.join(", "))),
        (
            "list.json",
            format!("{{\"{name}\": [{}]}}\n", quoted.join(", ")),
        ),
        (
            "list.toml",
            format!("{name} = [\n{}]\n", each(&quoted, |m| format!("  {m},\n"))),
        ),
        ("list.py", format!("{name} = [{}]\n", quoted.join(", "))),
        // Declared with a type.
        (
            "list.py",
            format!("{name}: list[str] = [{}]\n", quoted.join(", ")),
        ),
        (
            "list.ts",
            format!("export const {name}: string[] = [{}];\n", quoted.join(", ")),
        ),
        // Words between blanks.
        ("list.rb", format!("{name} = %w[{spaced}]\n")),
        (
            "list.rb",
            format!("{name} = %w(\n{})\n", each(members, |m| format!("  {m}\n"))),
        ),
        ("list.pl", format!("my @{name} = qw({spaced});\n")),
        // Comments between the items.
        (
            "list.jsonc",
            format!(
                "{{\n  // discovery\n  \"{name}\": [\n{}\n  ]\n}}\n",
                joined(&quoted, |m| format!("    /* a node */ {m} // it"), ",\n")
            ),
        ),
        ("list.tf", format!("{name} = [{}]\n", quoted.join(", "))),
        // Arrays after a hash rocket: PHP over lines, Ruby on one.
        (
            "list.php",
            format!(
                "<?php\nreturn [\n    '{name}' => [\n{}    ],\n];\n",
                each(&quoted, |m| format!("        {m},\n"))
            ),
        ),
        (
            "list.rb",
            format!(
                "CONFIG = {{\n  \"{name}\" => [{}],\n}}\n",
                quoted.join(", ")
            ),
        ),
        // Typed arrays and initialisers: Go, C#, Java.
        (
            "list.go",
            format!(
                "func f() {{\n\t{name} := []string{{{}}}\n}}\n",
                quoted.join(", ")
            ),
        ),
        (
            "list.go",
            format!(
                "var cfg = Config{{\n\t{name}: []string{{\n{}\t}},\n}}\n",
                each(&quoted, |m| format!("\t\t{m},\n"))
            ),
        ),
        (
            "List.cs",
            format!("var {name} = new[] {{ {} }};\n", quoted.join(", ")),
        ),
        (
            "List.java",
            format!(
                "static final String[] {name} = {{{}}};\n",
                quoted.join(", ")
            ),
        ),
        (
            "List.java",
            format!(
                "static final String[] {name} = new String[] {{{}}};\n",
                quoted.join(", ")
            ),
        ),
        // Lists of mappings, each item naming one member (by a key that is
        // no host key: `host: db-slave-01` is a host wherever it is).
        (
            "list.yaml",
            format!(
                "{name}:\n{}",
                each(members, |m| format!("  - peer: {m}\n    weight: 1\n"))
            ),
        ),
        (
            "list.json",
            format!(
                "{{\"{name}\": [{}]}}\n",
                each(&quoted, |m| format!("{{\"peer\": {m}, \"weight\": 1}}, "))
                    .trim_end_matches(", ")
            ),
        ),
        (
            "list.ts",
            format!(
                "export const {name} = [\n{}];\n",
                each(&quoted, |m| format!("  {{ peer: {m}, weight: 1 }},\n"))
            ),
        ),
        // A TOML array of tables, one table per member.
        (
            "list.toml",
            format!(
                "[app]\nname = \"x\"\n\n{}",
                each(&quoted, |m| format!(
                    "[[{name}]]\nweight = 1\npeer = {m}\n\n"
                ))
            ),
        ),
        // Repeated HCL blocks, one block per member.
        (
            "list.hcl",
            each(&quoted, |m| {
                format!("{name} {{\n  weight = 1\n  peer = {m}\n}}\n")
            }),
        ),
        // The same mappings over several lines each: Python dicts, HCL
        // objects (entries with `=`), and JavaScript's `}, {` between items.
        (
            "list.py",
            format!(
                "{name} = [\n{}]\n",
                each(&quoted, |m| format!(
                    "    {{\n        \"weight\": 1,\n        \"peer\": {m},\n    }},\n"
                ))
            ),
        ),
        (
            "list.tf",
            format!(
                "locals {{\n  {name} = [\n{}  ]\n}}\n",
                each(&quoted, |m| format!(
                    "    {{\n      weight = 1\n      peer   = {m}\n    }},\n"
                ))
            ),
        ),
        (
            "list.js",
            format!(
                "const {name} = [{{\n{}}}];\n",
                joined(
                    &quoted,
                    |m| format!("  weight: 1,\n  peer: {m},\n"),
                    "}, {\n"
                )
            ),
        ),
        // The same items in a mapping keyed by bare numbers, a list written
        // as a mapping (pgAdmin's `Servers: {"1": {…}, "2": {…}}`).
        (
            "list.yaml",
            format!(
                "{name}:\n{}",
                members
                    .iter()
                    .enumerate()
                    .map(|(i, m)| format!("  {}:\n    peer: {m}\n    weight: 1\n", i + 1))
                    .collect::<String>()
            ),
        ),
        (
            "list.json",
            format!(
                "{{\"{name}\": {{{}}}}}\n",
                quoted
                    .iter()
                    .enumerate()
                    .map(|(i, m)| format!("\"{}\": {{\"peer\": {m}, \"weight\": 1}}", i + 1))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
        // Lists of tuples, each naming one member beside other values (a
        // pooler's `[host, port, role]`).
        (
            "list.toml",
            format!(
                "{name} = [\n{}]\n",
                each(&quoted, |m| format!("  [{m}, 5432, \"replica\"],\n"))
            ),
        ),
        (
            "list.yaml",
            format!("{name}:\n{}", each(&quoted, |m| format!("  - [{m}, 1]\n"))),
        ),
        (
            "list.json",
            format!(
                "{{\"{name}\": [{}]}}\n",
                each(&quoted, |m| format!("[{m}, 1], ")).trim_end_matches(", ")
            ),
        ),
        (
            "list.py",
            format!(
                "{name} = [\n{}]\n",
                each(&quoted, |m| format!("    ({m}, 1),\n"))
            ),
        ),
        // Mappings whose one-item list names the member, as an
        // EndpointSlice's `- addresses: ["10.0.0.123"]` does (under a key that
        // says nothing of hosts: `addresses` makes a hostname a host).
        (
            "list.yaml",
            format!(
                "{name}:\n{}",
                each(&quoted, |m| format!("  - peers: [{m}]\n    ready: true\n"))
            ),
        ),
    ];
    // Collections filled one call per line.
    renderings.extend([
        (
            "List.java",
            format!(
                "List<String> {name} = new ArrayList<>();\n{}",
                each(&quoted, |m| format!("{name}.add({m});\n"))
            ),
        ),
        (
            "list.py",
            format!(
                "{name} = []\n{}",
                each(&quoted, |m| format!("{name}.append({m})\n"))
            ),
        ),
        (
            "list.js",
            format!(
                "const {name} = [];\n{}",
                each(&quoted, |m| format!("{name}.push({m});\n"))
            ),
        ),
    ]);
    // Collections built by a call or a macro (a call with one argument is a
    // call, not a collection).
    if members.len() >= 2 {
        renderings.extend([
            (
                "List.java",
                format!(
                    "static final List<String> {name} = List.of({});\n",
                    quoted.join(", ")
                ),
            ),
            (
                "list.kt",
                format!(
                    "val {name} = listOf(\n{})\n",
                    each(&quoted, |m| format!("    {m},\n"))
                ),
            ),
            (
                "list.rs",
                format!("let {name} = vec![{}];\n", quoted.join(", ")),
            ),
            (
                "list.rs",
                format!(
                    "static {name}: &[&'static str] = &[{}];\n",
                    quoted.join(", ")
                ),
            ),
            (
                "list.rs",
                format!(
                    "const {name}: [&'static str; {}] = [{}];\n",
                    members.len(),
                    quoted.join(", ")
                ),
            ),
            ("list.py", format!("{name} = ({},)\n", quoted.join(", "))),
            ("list.ps1", format!("${name} = @({})\n", quoted.join(", "))),
        ]);
    }
    renderings
}

/// Each of `items` written by `line`, one after the other.
fn each<T>(items: &[T], line: impl Fn(&T) -> String) -> String {
    items.iter().map(line).collect()
}

/// Each of `items` written by `item`, joined by `separator`.
fn joined<T>(items: &[T], item: impl Fn(&T) -> String, separator: &str) -> String {
    items.iter().map(item).collect::<Vec<_>>().join(separator)
}

/// Each finding as `rule message`, sorted: positions differ between syntaxes.
fn findings(pack: &Pack, file: &str, text: &str) -> Vec<String> {
    let mut found: Vec<String> = topolint::check_source(pack, Path::new(file), text)
        .iter()
        .map(|f| format!("{} {}", f.rule.id, f.message))
        .collect();
    found.sort();
    found
}

#[test]
fn any_syntax_of_the_same_list_gives_the_same_findings() {
    let pack = Pack::builtin().expect("the built-in pack is valid");
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |bound: usize| {
        // xorshift64: deterministic, no dependency
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        usize::try_from(state % bound as u64).unwrap_or_default()
    };
    let mut compared = 0;
    for case in 0..300 {
        let count = 1 + next(5);
        let members: Vec<&str> = (0..count).map(|_| POOL[next(POOL.len())]).collect();
        // A leader-discovery list, and a list that is no connection (a node
        // set when it names every node of a cluster, pins otherwise).
        let name = ["PG_CANDIDATE_IPS", "PEERS"][case % 2];
        let mut expected: Option<(String, Vec<String>)> = None;
        for (file, text) in renderings(name, &members) {
            let found = findings(&pack, file, &text);
            match &expected {
                None => expected = Some((text, found)),
                Some((first, want)) => {
                    assert_eq!(&found, want, "\n{file}:\n{text}\ndiffers from:\n{first}");
                    compared += 1;
                }
            }
        }
    }
    assert!(
        compared > 2_000,
        "the generator must compare renderings ({compared})"
    );
}

#[test]
fn a_complete_list_is_clean_in_every_syntax() {
    let pack = Pack::builtin().expect("the built-in pack is valid");
    let nodes = ["10.0.0.120", "10.0.0.121", "10.0.0.122"];
    for name in ["PG_CANDIDATE_IPS", "PEERS"] {
        for (file, text) in renderings(name, &nodes) {
            assert_eq!(
                findings(&pack, file, &text),
                Vec::<String>::new(),
                "{file}:\n{text}"
            );
        }
    }
    // The same list with one node missing pins the others (or lacks one).
    for (file, text) in renderings("PEERS", &nodes[..2]) {
        assert_eq!(findings(&pack, file, &text).len(), 2, "{file}:\n{text}");
    }
}

#[test]
fn hosts_that_all_carry_the_sentinel_port_are_a_sentinel_list_in_every_syntax() {
    let pack = Pack::builtin().expect("the built-in pack is valid");
    let sentinels = ["10.0.0.123:26379", "redis-02:26379", "10.0.0.125:26379"];
    // The list is named by its key where the syntax has one.
    let lacks = "lacks redis Sentinel host redis-03 (10.0.0.125): \
                 a client would not follow a failover it announces";
    for (file, text) in renderings("PEERS", &sentinels) {
        assert_eq!(
            findings(&pack, file, &text),
            Vec::<String>::new(),
            "{file}:\n{text}"
        );
    }
    for (file, text) in renderings("PEERS", &sentinels[..2]) {
        let found = findings(&pack, file, &text);
        assert!(
            matches!(found.as_slice(), [one] if one.starts_with("candidate-set Sentinel list ")
                && one.ends_with(lacks)),
            "{file}:\n{text}\n{found:?}"
        );
    }
}

#[test]
fn connections_one_per_node_are_a_node_set_in_every_syntax() {
    let pack = Pack::builtin().expect("the built-in pack is valid");
    // A monitor's connection to each node: the list is judged, not each
    // string in it; a libpq string is one item however many pairs it holds.
    let url = |m: &str| format!("postgresql://monitor@{m}:5432/app");
    let libpq = |m: &str| format!("host={m} port=5432 dbname=app");
    for (item, form) in [(&url as &dyn Fn(&str) -> String, "url"), (&libpq, "libpq")] {
        let items: Vec<String> = ["10.0.0.120", "10.0.0.121", "10.0.0.122"]
            .iter()
            .map(|m| item(m))
            .collect();
        let items: Vec<&str> = items.iter().map(String::as_str).collect();
        let mut compared = 0;
        for (count, expected) in [(3, 0), (2, 2)] {
            for (file, text) in renderings("MONITOR_TARGETS", &items[..count]) {
                // A continued value's item is one token: a libpq string with
                // blanks on an indented line is a line of its own.
                if form == "libpq" && file == "list.cfg" {
                    continue;
                }
                let found = findings(&pack, file, &text);
                assert_eq!(found.len(), expected, "{file}:\n{text}\n{found:?}");
                compared += 1;
            }
        }
        assert!(compared > 40, "{form}: {compared} renderings compared");
    }
}

#[test]
fn a_sentinel_aware_clients_hosts_are_one_sentinel_list_in_every_syntax() {
    let pack = Pack::builtin().expect("the built-in pack is valid");
    // The list's name differs by syntax (its key, its client, its method).
    let unnamed = |found: Vec<String>| -> Vec<String> {
        found
            .into_iter()
            .map(|f| match f.strip_prefix("candidate-set Sentinel list ") {
                Some(rest) => format!("lacks{}", rest.split_once(" lacks").map_or("", |r| r.1)),
                None => f,
            })
            .collect()
    };
    let renderings = |hosts: &[&str]| -> Vec<(&'static str, String)> {
        let quoted: Vec<String> = hosts.iter().map(|h| format!("\"{h}\"")).collect();
        vec![
            ("app.env", format!("REDIS_SENTINELS={}\n", hosts.join(","))),
            (
                "client.py",
                format!(
                    "s = Sentinel([{}], socket_timeout=0.1)\n",
                    each(hosts, |h| format!("(\"{h}\", 26379), "))
                ),
            ),
            (
                "Config.java",
                format!(
                    "RedisSentinelConfiguration c = new RedisSentinelConfiguration()\n    .master(\"mymaster\")\n{};\n",
                    each(hosts, |h| format!("    .sentinel(\"{h}\", 26379)\n")).trim_end()
                ),
            ),
            (
                "Client.java",
                format!(
                    "RedisURI u = RedisURI.Builder.sentinel({}, \"mymaster\"){}.build();\n",
                    quoted[0],
                    each(&quoted[1..], |h| format!(".withSentinel({h})"))
                ),
            ),
            (
                "celeryconfig.py",
                format!(
                    "broker_url = '{}'\n",
                    joined(hosts, |h| format!("sentinel://{h}:26379"), ";")
                ),
            ),
            (
                "celery_results.py",
                format!(
                    "result_backend = '{}'\n",
                    joined(hosts, |h| format!("sentinel://:pw@{h}:26379/0"), ";")
                ),
            ),
        ]
    };
    let sets: [&[&str]; 3] = [
        &["10.0.0.123", "10.0.0.124", "10.0.0.125"],
        &["10.0.0.123", "redis-02"],
        &["10.0.0.123", "10.0.0.124", "10.0.0.125", "10.0.0.120"],
    ];
    for (hosts, expected) in sets.iter().zip([0, 1, 1]) {
        let mut first: Option<(String, Vec<String>)> = None;
        for (file, text) in renderings(hosts) {
            let found = unnamed(findings(&pack, file, &text));
            assert_eq!(found.len(), expected, "{file}:\n{text}\n{found:?}");
            match &first {
                None => first = Some((text, found)),
                Some((first, want)) => {
                    assert_eq!(&found, want, "\n{file}:\n{text}\ndiffers from:\n{first}")
                }
            }
        }
    }
}
