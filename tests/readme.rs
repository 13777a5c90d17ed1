//! The README stays true: its rule table is the rules' own summaries, and it
//! documents every flag of `topolint check`.

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README.md")
}

#[test]
fn rule_table_matches_the_rules() {
    let readme = readme();
    for rule in topolint::rules::ALL {
        let row = format!(
            "| `{}` | {} | {} |",
            rule.id,
            rule.severity.as_str(),
            rule.summary
        );
        assert!(readme.contains(&row), "README lacks the row:\n{row}");
    }
}

#[test]
fn every_check_flag_is_documented() {
    let readme = readme();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_topolint"))
        .args(["check", "--help"])
        .output()
        .expect("topolint runs");
    let help = String::from_utf8_lossy(&output.stdout);
    let flags: Vec<&str> = help
        .split_whitespace()
        .filter_map(|word| word.strip_prefix("--"))
        .map(|flag| flag.trim_end_matches(|c: char| !(c.is_ascii_alphanumeric() || c == '-')))
        .filter(|flag| !flag.is_empty() && *flag != "help")
        .collect();
    assert!(flags.len() >= 10, "no flags read from --help:\n{help}");
    for long in flags {
        assert!(
            readme.contains(&format!("`--{long}")),
            "README does not document --{long}"
        );
    }
}
