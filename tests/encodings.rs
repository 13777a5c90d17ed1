//! A file reads the same whatever its line endings and whether a byte order
//! mark opens it: every fixture under `testdata/` gives the same findings
//! (rule, line, message) written with CRLF line endings and with a BOM.

use std::path::{Path, PathBuf};

use topolint::pack::Pack;

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
            // Data of other tests, and inputs that once crashed.
            if !["regressions", "vendor", "discover"].contains(&name.as_str()) {
                fixtures(&path, out);
            }
        } else if !name.ends_with(".expected") && !name.ends_with(".toml") && name != "README.md" {
            out.push(path);
        }
    }
}

/// What a check of `text` as the file at `path` finds, position by line.
fn read(pack: &Pack, path: &Path, text: &str) -> Vec<String> {
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
        let plain = read(&pack, relative, &text);
        let crlf = text.replace("\r\n", "\n").replace('\n', "\r\n");
        assert_eq!(
            read(&pack, relative, &crlf),
            plain,
            "{} with CRLF",
            relative.display()
        );
        let marked = format!("\u{feff}{text}");
        assert_eq!(
            read(&pack, relative, &marked),
            plain,
            "{} with a BOM",
            relative.display()
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
