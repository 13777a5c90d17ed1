//! Hostile input: nothing panics, hangs or shrinks a scan silently. (Speed is
//! measured by bench/, never asserted here: a hang would time the test out.)

mod common;

use std::path::Path;
use std::process::Command;

use common::{NODE_URL, Repo, messages};
use serde_json::Value;

fn rules(report: &Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            format!(
                "{} {}",
                f["rule"].as_str().unwrap_or(""),
                f["path"].as_str().unwrap_or("")
            )
        })
        .collect()
}

#[test]
fn deeply_nested_command_substitutions() {
    let script = format!(
        "#!/bin/sh\necho {}psql -h 10.0.0.121{}\n",
        "$(".repeat(20_000),
        ")".repeat(20_000)
    );
    let repo = Repo::new(&[("nested.sh", &script)]);
    let report = repo.json(&[], 1);
    // Past 256 levels the line is read as text, and the file says so.
    assert_eq!(
        rules(&report),
        ["node-address nested.sh", "parse-error nested.sh"]
    );
    let note = report["findings"]
        .as_array()
        .and_then(|findings| findings.iter().find(|f| f["rule"] == "parse-error"))
        .and_then(|f| f["message"].as_str())
        .unwrap_or_default();
    assert!(note.contains("nested deeper than 256 levels"), "{note}");
}

/// Blocks are followed 64 deep; deeper ones take the context of the
/// deepest followed, so a line 200 000 blocks down is still read in one pass.
#[test]
fn two_hundred_thousand_nested_named_blocks() {
    let config = format!(
        "redis {{\n{}\nhost = 10.0.0.121\n{}\n}}\n",
        "postgres_x {\n".repeat(200_000),
        "}\n".repeat(200_000)
    );
    let repo = Repo::new(&[("nested.conf", &config)]);
    assert_eq!(rules(&repo.json(&[], 1)), ["node-address nested.conf"]);
}

#[test]
fn a_40_mb_single_line() {
    let mut line = "x".repeat(40 * 1024 * 1024);
    line.push_str(" postgresql://app@10.0.0.121:5432/app");
    let repo = Repo::new(&[("huge.conf", &line)]);
    let skipped = repo.json(&[], 0);
    assert_eq!(
        skipped["summary"]["files_skipped"], 1,
        "over the default max_file_size: skipped, and said"
    );
    repo.write(
        ".topolint.toml",
        "extends = \"keybuzz\"\nmax_file_size = 67108864\n",
    );
    assert_eq!(rules(&repo.json(&[], 1)), ["node-address huge.conf"]);
}

#[test]
fn two_hundred_thousand_findings_in_one_file() {
    let repo = Repo::new(&[("many.env", &"PGHOST=10.0.0.121\n".repeat(200_000))]);
    repo.topolint(&["check", "--format", "json", "--output", "report.json"])
        .assert()
        .code(1);
    let report: Value = serde_json::from_str(
        &std::fs::read_to_string(repo.path().join("report.json")).expect("report"),
    )
    .expect("JSON");
    assert_eq!(report["summary"]["errors"], 200_000);
}

/// Readings done once per address, per name or per list stay linear in the
/// file: a quadratic one would not finish here.
#[test]
fn one_address_a_hundred_thousand_times_in_a_line_and_in_a_list_a_name_and_a_command_twenty_thousand_times()
 {
    let line = format!("{}\n", ["10.0.0.120"; 100_000].join(" "));
    let identity = "LEADER_NODE = \"db-master-01\"\nprint(LEADER_NODE)\n".repeat(20_000);
    let play = "- leader_node: db-master-01\n  msg: \"{{ leader_node }}\"\n".repeat(10_000);
    // Commands written in code, each read as shell: a machine checked, no pin.
    let commands = "os.system(\"ping -c 1 10.0.0.121\")\n".repeat(20_000);
    // One bracketed list of a hundred thousand lines: its brackets are looked
    // for once, not once per address (over 64 KiB it is no list: pins).
    let list = format!("hosts = [\n{}]\n", "  \"10.0.0.121\",\n".repeat(100_000));
    // One value of twenty thousand connection strings (a list of
    // connections), and twenty thousand mappings of one numbered key each.
    let connections = format!(
        "PG_TARGETS={}\n",
        ["host=10.0.0.121 port=5432"; 20_000].join(",")
    );
    let mappings: String = (0..20_000)
        .map(|i| format!("m{i}:\n  pg1: 10.0.0.121\n"))
        .collect();
    // Twenty thousand `.env` keys that a member's compose block interpolates,
    // each once: definitions, looked up once per compose file, not per key.
    let env: String = (0..20_000).map(|i| format!("K{i}=10.0.0.121\n")).collect();
    let compose: String =
        std::iter::once("services:\n  db-slave-01:\n    environment:\n".to_string())
            .chain((0..20_000).map(|i| format!("      K{i}: ${{K{i}}}\n")))
            .collect();
    let repo = Repo::new(&[
        ("one-line.conf", line.as_str()),
        ("identity.py", identity.as_str()),
        ("play.yml", play.as_str()),
        ("checks.py", commands.as_str()),
        ("list.toml", list.as_str()),
        ("targets.env", connections.as_str()),
        ("mappings.yml", mappings.as_str()),
        (".env", env.as_str()),
        ("docker-compose.yml", compose.as_str()),
    ]);
    let report = repo.json(&[], 1);
    assert_eq!(report["summary"]["errors"], 240_000);
    assert_eq!(report["summary"]["files_checked"], 9);
}

/// A script that starts a member's container with each of two thousand env
/// files: each file is judged by reading its own `docker run`, not the
/// whole script once per file.
#[test]
fn two_thousand_env_files_named_by_one_script_are_read_once_each() {
    let script: String = (0..2_000)
        .map(|i| format!("docker run -d --name db-slave-01 --env-file envs/e{i}.env postgres:16\n"))
        .collect();
    let files: Vec<(String, &str)> = (0..2_000)
        .map(|i| (format!("envs/e{i}.env"), "PRIMARY_HOST=10.0.0.120\n"))
        .collect();
    let mut entries: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), *t)).collect();
    entries.push(("start.sh", script.as_str()));
    entries.push(("app.env", "PGHOST=10.0.0.121\n"));
    let repo = Repo::new(&entries);
    let report = repo.json(&[], 1);
    assert_eq!(rules(&report), ["node-address app.env"]);
    assert_eq!(report["summary"]["files_checked"], 2_002);
}

/// An Ansible project of a thousand variables files and a thousand
/// templates: the project is read once, each variable's uses judged once.
#[test]
fn a_thousand_ansible_variables_each_read_by_its_own_template() {
    let files: Vec<(String, String)> = (0..1_000)
        .flat_map(|i| {
            [
                (
                    format!("group_vars/g{i}.yml"),
                    format!("master_{i}: 10.0.0.123\n"),
                ),
                (
                    format!("roles/redis/templates/r{i}.conf.j2"),
                    format!("replicaof {{{{ master_{i} }}}} 6379\n"),
                ),
            ]
        })
        .collect();
    let mut entries: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    entries.push((
        "roles/api/templates/api.env.j2",
        "REDIS_HOST={{ master_7 }}\n",
    ));
    let repo = Repo::new(&entries);
    let report = repo.json(&[], 1);
    assert_eq!(rules(&report), ["node-address group_vars/g7.yml"]);
    assert_eq!(report["summary"]["files_checked"], 2_001);
}

/// A script of two thousand functions, each handing its parameter to the
/// next two (a call graph that branches at every step), every twentieth
/// giving it to `psql -h`; each called with a node's name. Each function's
/// parameter is judged once, not once per path through the graph, and a
/// cycle or a chain longer than any script's ends.
#[test]
fn two_thousand_functions_passing_a_host_down_a_branching_call_graph() {
    let functions = 2_000;
    let mut script = String::from("#!/bin/bash\n");
    for (prefix, uses) in [("f", "psql -h"), ("g", "docker logs")] {
        for i in 0..functions {
            let (next, after) = (i + 1, i + 2);
            let host_use = if i % 20 == 19 { uses } else { "docker exec" };
            script.push_str(&format!(
                "{prefix}{i}() {{\n  local h=\"$1\"\n  {prefix}{next} \"$h\"\n  \
                 {prefix}{after} \"$h\"\n  {host_use} \"$h\"\n}}\n"
            ));
        }
    }
    script.push_str("c0() {\n  c1 \"$1\"\n}\nc1() {\n  c0 \"$1\"\n  docker logs \"$1\"\n}\n");
    for i in 0..functions {
        script.push_str(&format!(
            "f{i} db-slave-01\ng{i} db-slave-02\nc{} db-slave-02\n",
            i % 2
        ));
    }
    let repo = Repo::new(&[("graph.sh", &script)]);
    let report = repo.json(&[], 1);
    assert_eq!(
        rules(&report),
        vec!["node-address graph.sh"; functions],
        "every call into f reaches psql -h; none into g or the cycle c"
    );
}

/// A variable assigned three thousand times is traced once: its uses as a
/// host, and the texts it is written into (a Sentinel config written line by
/// line, which the allowlist's content rule recognises in every one of them).
#[test]
fn three_thousand_assignments_of_one_variable_are_traced_once() {
    let mut script = String::from("#!/bin/bash\n");
    for _ in 0..3_000 {
        script.push_str("LEADER_NODE=\"db-slave-01\"\ndocker exec \"$LEADER_NODE\" true\n");
        script
            .push_str("MASTER=10.0.0.123\necho \"sentinel monitor m $MASTER 6379 2\" >> s.conf\n");
    }
    script.push_str("REPLICA=10.0.0.124\nredis-cli -h \"$REPLICA\" ping\n");
    let repo = Repo::new(&[("ops.sh", &script)]);
    let report = repo.json(&["--show-suppressed"], 1);
    assert_eq!(rules(&report), ["node-address ops.sh"]);
    assert_eq!(report["suppressed"].as_array().map(Vec::len), Some(3_000));
}

/// A name is followed through at most 16 nested calls: the stack holds
/// that, and no script hands a host further.
#[test]
fn a_host_is_followed_sixteen_calls_deep_and_no_deeper() {
    let chain = |calls: usize, node: &str| {
        let mut script = String::from("#!/bin/bash\n");
        for i in 0..calls {
            let next = i + 1;
            script.push_str(&format!("f{i}() {{\n  f{next} \"$1\"\n}}\n"));
        }
        script.push_str(&format!("f{calls}() {{\n  psql -h \"$1\"\n}}\nf0 {node}\n"));
        script
    };
    let deep = chain(15, "db-slave-01");
    let deeper = chain(16, "db-slave-02");
    let repo = Repo::new(&[("deep.sh", &deep), ("deeper.sh", &deeper)]);
    assert_eq!(rules(&repo.json(&[], 1)), ["node-address deep.sh"]);
}

#[test]
fn nul_bytes_and_invalid_utf8() {
    let repo = Repo::new(&[]);
    std::fs::write(repo.path().join("binary.env"), b"PGHOST=10.0.0.121\n\0\0\0").expect("write");
    std::fs::write(
        repo.path().join("latin1.env"),
        b"COMMENT=caf\xe9\nPGHOST=10.0.0.122 \xff\n",
    )
    .expect("write");
    let report = repo.json(&[], 1);
    assert_eq!(rules(&report), ["node-address latin1.env"]);
    assert_eq!(report["summary"]["files_skipped"], 1);
}

#[test]
fn fifos_sockets_and_devices_are_never_opened() {
    let repo = Repo::new(&[("app.env", NODE_URL)]);
    let status = Command::new("mkfifo")
        .arg(repo.path().join("pipe.env"))
        .status()
        .expect("mkfifo");
    assert!(status.success());
    let _socket =
        std::os::unix::net::UnixListener::bind(repo.path().join("sock.env")).expect("socket");
    // Reading any of these would block or never end: a walk passes them by,
    // a named one is a file that could not be read (the scan is incomplete).
    assert_eq!(rules(&repo.json(&[], 1)), ["node-address app.env"]);
    let named = repo.json(&["pipe.env", "sock.env", "/dev/zero", "app.env"], 2);
    assert_eq!(
        rules(&named),
        [
            "read-error /dev/zero",
            "node-address app.env",
            "read-error pipe.env",
            "read-error sock.env"
        ]
    );
    assert!(
        messages(&named)
            .iter()
            .filter(|m| m.starts_with("cannot read"))
            .all(|m| m.ends_with("not a regular file (a FIFO, socket or device); it was not read")),
        "{named}"
    );
}

#[test]
fn a_named_dangling_symlink_is_a_read_error() {
    let repo = Repo::new(&[("app.env", NODE_URL)]);
    std::os::unix::fs::symlink("missing.env", repo.path().join("dangling.env")).expect("symlink");
    let report = repo.json(&["dangling.env", "app.env"], 2);
    assert_eq!(
        rules(&report),
        ["node-address app.env", "read-error dangling.env"]
    );
    assert_eq!(
        messages(&report)[1],
        "cannot read dangling.env: a symbolic link whose target does not exist"
    );
}

#[test]
fn a_skipped_binary_file_is_named() {
    let repo = Repo::new(&[("app.env", NODE_URL), ("logo.png", "\u{0}PNG 10.0.0.121")]);
    let human = repo.run(&["check", ".", "--color", "never"], 1);
    assert!(
        human.contains("note: skipped 1 binary file (a NUL byte in the first 8 KiB): logo.png\n"),
        "{human}"
    );
    assert!(
        human.contains("; 1 file checked (1 skipped) in "),
        "{human}"
    );
}

#[test]
fn symlink_loops_and_dangling_symlinks() {
    let repo = Repo::new(&[("real/app.env", NODE_URL)]);
    let link = |target: &str, name: &str| {
        std::os::unix::fs::symlink(target, repo.path().join(name)).expect("symlink")
    };
    link("loop-a", "loop-b");
    link("loop-b", "loop-a");
    link("missing.env", "dangling.env");
    link("..", "real/parent");
    link("real/app.env", "alias.env");
    // Links are not followed: the one real file is checked once.
    assert_eq!(rules(&repo.json(&[], 1)), ["node-address real/app.env"]);
}

#[test]
fn a_file_that_vanishes_during_the_walk_is_a_read_error() {
    let repo = Repo::new(&[("a.env", NODE_URL), ("b.env", NODE_URL)]);
    let pack = topolint::pack::Pack::builtin().expect("pack");
    let walker = topolint::walk::Walker::new(&pack, repo.path(), 1, &[], false);
    let summary = walker.run(&[repo.path().to_path_buf()], &|candidate| {
        // Whichever file comes first removes the other before it is read.
        let other = if candidate.relative == "a.env" {
            "b.env"
        } else {
            "a.env"
        };
        let _ = std::fs::remove_file(repo.path().join(other));
    });
    assert_eq!(summary.unreadable.len(), 1, "{:?}", summary.unreadable);
    assert!(
        summary.unreadable[0].message.contains("No such file"),
        "{:?}",
        summary.unreadable
    );
}

#[test]
fn unreadable_files_and_directories_make_the_scan_incomplete() {
    use std::os::unix::fs::PermissionsExt;
    let repo = Repo::new(&[
        ("app.env", "A=1\n"),
        ("secret/db.env", NODE_URL),
        ("locked.env", NODE_URL),
    ]);
    let set_mode = |path: &Path, mode: u32| {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod")
    };
    set_mode(repo.path(), 0o755);
    set_mode(&repo.path().join("locked.env"), 0o000);
    set_mode(&repo.path().join("secret"), 0o000);
    // Root reads everything: run as nobody when the tests run as root.
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false);
    let binary = assert_cmd::cargo::cargo_bin("topolint");
    let mut command = if is_root {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(&binary);
        c
    } else {
        Command::new(&binary)
    };
    let output = command
        .current_dir(repo.path())
        .args(["check", "--format", "json"])
        .output()
        .expect("run");
    set_mode(&repo.path().join("secret"), 0o755);
    set_mode(&repo.path().join("locked.env"), 0o644);
    assert_eq!(
        output.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let mut found = rules(&report);
    found.sort();
    assert_eq!(found, ["read-error locked.env", "read-error secret"]);
}

#[test]
fn a_parser_over_its_budget_falls_back_to_text_and_says_so() {
    let yaml = (0..10_000)
        .map(|i| format!("k{i}: v\n"))
        .collect::<String>()
        + "db:\n  host: 10.0.0.121\n";
    let shell = format!(
        "#!/bin/sh\n{}PGHOST=10.0.0.122\n",
        "echo hello world\n".repeat(50_000)
    );
    let repo = Repo::new(&[
        (
            ".topolint.toml",
            "extends = \"keybuzz\"\nparse_budget_ms = 0\n",
        ),
        ("big.yaml", &yaml),
        ("big.sh", &shell),
    ]);
    let report = repo.json(&[], 1);
    let mut found = rules(&report);
    found.sort();
    assert_eq!(
        found,
        [
            "node-address big.sh",
            "node-address big.yaml",
            "parse-error big.sh",
            "parse-error big.yaml"
        ]
    );
    let messages: Vec<&str> = messages(&report);
    assert!(
        messages
            .iter()
            .any(|m| m.contains("longer than the parse budget (0 ms)")),
        "{messages:?}"
    );
}
