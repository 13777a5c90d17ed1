//! Inputs that once crashed a scanner (found by the fuzzers in fuzz/), checked
//! as every file kind: each must give a result, not a panic.

use std::path::Path;

use topolint::pack::Pack;

#[test]
fn fuzz_crashes_stay_fixed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/regressions/fuzz");
    let pack = Pack::builtin().expect("the built-in pack is valid");
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .expect("regressions dir")
        .map(|e| e.expect("entry").path())
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty());
    for input in inputs {
        let bytes = std::fs::read(&input).expect("read");
        let text = String::from_utf8_lossy(&bytes);
        for name in [".env", "values.yaml", "run.sh", "app.conf"] {
            let outcome =
                std::panic::catch_unwind(|| topolint::check_source(&pack, Path::new(name), &text));
            assert!(outcome.is_ok(), "{} read as {name} panics", input.display());
        }
    }
}

/// Found by fuzzing: an `@` after the address in a URL authority made an
/// inverted slice. The address is still a reference to the node.
#[test]
fn an_at_sign_after_the_address_is_not_a_crash() {
    let pack = Pack::builtin().expect("the built-in pack is valid");
    for (text, address) in [
        ("x=postgresql://10.0.0.121@h/db", "10.0.0.121"),
        ("postgresql://10.0.0.121:5432@@", "10.0.0.121"),
        ("redis://a,10.0.0.123@b", "10.0.0.123"),
    ] {
        let findings = topolint::check_source(&pack, Path::new("app.conf"), text);
        let found: Vec<(&str, &str)> = findings
            .iter()
            .map(|f| (f.rule.id, &text[f.span.clone()]))
            .collect();
        assert_eq!(found, [("node-address", address)], "{text}");
    }
}

/// Found by fuzzing: a call's keyword default moves its named pair last, so
/// the pairs of a line are not in key order; a `value` beside it looked for
/// its naming sibling over an inverted slice.
#[test]
fn a_value_beside_a_keyword_default_is_not_a_crash() {
    let pack = Pack::builtin().expect("the built-in pack is valid");
    let text = r#"f("A", value="10.0.0.121", default="x")"#;
    for name in ["app.conf", "app.py"] {
        let findings = topolint::check_source(&pack, Path::new(name), text);
        let found: Vec<(&str, &str)> = findings
            .iter()
            .map(|f| (f.rule.id, &text[f.span.clone()]))
            .collect();
        assert_eq!(found, [("node-address", "10.0.0.121")], "{name}");
    }
}

/// Found by the triage's property test (src/lib.rs): a `key:` pair starting
/// the file, after a `-`, looked one byte before the text.
#[test]
fn a_pair_at_the_very_start_of_a_file_is_not_a_crash() {
    let pack = Pack::builtin().expect("the built-in pack is valid");
    for name in [".env", "values.yaml", "run.sh", "app.conf"] {
        let findings = topolint::check_source(&pack, Path::new(name), "-x: 10.0.0.121\n");
        assert!(
            findings.iter().all(|f| f.rule.id != "read-error"),
            "{name}: {findings:?}"
        );
    }
    let findings = topolint::check_source(&pack, Path::new("app.conf"), "-x: 10.0.0.121\n");
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].rule.id, "node-address");
}
