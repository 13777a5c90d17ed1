//! The README stays true: its rule table is the rules' own summaries, and it
//! documents every flag of `topolint check`.

use clap::CommandFactory;

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
    let cli = topolint::cli::Cli::command();
    let check = cli.find_subcommand("check").expect("check subcommand");
    for arg in check.get_arguments() {
        if let Some(long) = arg.get_long().filter(|l| *l != "help") {
            assert!(
                readme.contains(&format!("`--{long}")),
                "README does not document --{long}"
            );
        }
    }
}
