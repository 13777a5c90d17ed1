//! Every file under `testdata/` is a fixture with its expected findings beside
//! it (`NAME.expected`), judged with the built-in pack or, in a folder that
//! holds a `pack.toml`, with that pack. Regenerate with `TOPOLINT_BLESS=1`
//! and review the diff. A fixture reads the same whatever its line endings
//! and whether a byte order mark opens it.

use std::path::{Path, PathBuf};

use topolint::pack::Pack;
use topolint::{CheckOptions, check};

fn fixtures(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("testdata is readable")
        .map(|e| e.expect("testdata entry").path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if path.is_dir() {
            // regressions/ holds inputs that once crashed: they must give a
            // result (tests/regressions.rs), whatever it is; vendor/ holds
            // data the tests use (the SARIF schema); discover/ holds
            // repositories for `init --discover` (tests/discover.rs), fix/
            // the inputs of `topolint fix` (tests/fix.rs).
            if !["regressions", "vendor", "discover", "fix"].contains(&name.as_str()) {
                fixtures(&path, out);
            }
        } else if !name.ends_with(".expected") && name != "README.md" && name != PACK {
            out.push(path);
        }
    }
}

/// The pack of the fixtures in a folder, when it has its own.
const PACK: &str = "pack.toml";

/// The pack of `fixture`'s folder, if it has one.
fn pack_of(fixture: &Path) -> Option<Pack> {
    let own = fixture.with_file_name(PACK);
    let text = std::fs::read_to_string(&own).ok()?;
    let pack = Pack::from_toml(&own.display().to_string(), &text)
        .unwrap_or_else(|error| panic!("{}: {error}", own.display()));
    Some(pack)
}

/// One line per finding: `RULE LINE:COL-END_LINE:END_COL MESSAGE`.
fn render(fixture: &Path, pack: &Pack) -> String {
    let root = fixture.parent().expect("fixture has a directory");
    let mut options = CheckOptions::new(vec![fixture.to_path_buf()], root.to_path_buf());
    options.today = jiff::civil::date(2026, 1, 1);
    let report = check(pack, &options);
    report
        .findings
        .iter()
        .map(|f| {
            format!(
                "{} {}:{}-{}:{} {}\n",
                f.rule.id, f.start.line, f.start.column, f.end.line, f.end.column, f.message
            )
        })
        .collect()
}

#[test]
fn every_fixture_matches_its_expected_findings() {
    let testdata = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata");
    let mut all = Vec::new();
    fixtures(&testdata, &mut all);
    assert!(all.len() >= 10, "fixtures went missing: {all:?}");
    let pack = Pack::builtin().expect("the built-in pack is valid");
    let bless = std::env::var_os("TOPOLINT_BLESS").is_some();
    let mut mismatches = Vec::new();
    for fixture in &all {
        let own = pack_of(fixture);
        let actual = render(fixture, own.as_ref().unwrap_or(&pack));
        // A scanner that panicked is a bug, never an expected finding to bless.
        assert!(
            !actual.contains("internal error while checking"),
            "{} crashed a scanner:\n{actual}",
            fixture.display()
        );
        let expected_path = PathBuf::from(format!("{}.expected", fixture.display()));
        if bless {
            std::fs::write(&expected_path, &actual).expect("write .expected");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|_| format!("<missing {}>", expected_path.display()));
        if actual != expected {
            mismatches.push(format!(
                "--- {}\nexpected:\n{expected}actual:\n{actual}",
                fixture.display()
            ));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} fixture(s) differ:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

/// What a check of `text` as the file at `path` finds, position by line.
fn read_alone(pack: &Pack, path: &Path, text: &str) -> Vec<String> {
    let mut found: Vec<String> = topolint::check_source(pack, path, text)
        .into_iter()
        .map(|f| format!("{} {} {}", f.rule.id, f.start.line, f.message))
        .collect();
    found.sort();
    found
}

#[test]
fn crlf_line_endings_and_a_byte_order_mark_change_no_finding() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata");
    let pack = Pack::builtin().expect("the built-in pack is valid");
    let mut paths = Vec::new();
    fixtures(&root, &mut paths);
    let mut compared = 0;
    let mut with_findings = 0;
    for path in paths {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue; // not text
        };
        let relative = path.strip_prefix(&root).unwrap_or(&path);
        let plain = read_alone(&pack, relative, &text);
        let crlf = text.replace("\r\n", "\n").replace('\n', "\r\n");
        let name = relative.display();
        assert_eq!(
            read_alone(&pack, relative, &crlf),
            plain,
            "{name} with CRLF"
        );
        let marked = format!("\u{feff}{text}");
        assert_eq!(
            read_alone(&pack, relative, &marked),
            plain,
            "{name} with a BOM"
        );
        compared += 1;
        with_findings += usize::from(!plain.is_empty());
    }
    // The comparison means something: many fixtures, many with findings.
    assert!(
        compared > 300 && with_findings > 150,
        "{compared} files, {with_findings} with findings"
    );
}
