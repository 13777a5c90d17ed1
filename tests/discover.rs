//! `topolint init --discover` on a repository of definitions in every form
//! it reads (`testdata/discover/platform/`): the pack it writes is compared
//! with `testdata/discover/platform.expected.toml` (regenerate with
//! `TOPOLINT_BLESS=1` and review the diff), loads, and judges the
//! repository's own client config with the topology it describes.

mod common;

use std::path::{Path, PathBuf};

use common::{Repo, listed};

/// Every file under `dir`, relative to it, with its text.
fn files(dir: &Path, prefix: &str, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("readable")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let relative = format!("{prefix}{name}");
        if path.is_dir() {
            files(&path, &format!("{relative}/"), out);
        } else {
            out.push((relative, std::fs::read_to_string(&path).expect("text")));
        }
    }
}

#[test]
fn discovery_writes_the_platforms_pack() {
    let testdata = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/discover");
    let mut contents = Vec::new();
    files(&testdata.join("platform"), "", &mut contents);
    let borrowed: Vec<(&str, &str)> = contents
        .iter()
        .map(|(path, text)| (path.as_str(), text.as_str()))
        .collect();
    let repo = Repo::new(&borrowed);
    let output = repo
        .topolint(&["init", "--discover"])
        .output()
        .expect("runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let summary = String::from_utf8_lossy(&output.stderr);
    assert!(summary.starts_with("wrote .topolint.toml: "), "{summary}");
    let written = std::fs::read_to_string(repo.path().join(".topolint.toml")).expect("written");
    let expected_path = testdata.join("platform.expected.toml");
    if std::env::var_os("TOPOLINT_BLESS").is_some() {
        std::fs::write(&expected_path, &written).expect("bless");
    }
    let expected = std::fs::read_to_string(&expected_path).expect("expected pack");
    assert_eq!(written, expected, "the discovered pack changed");

    // The pack judges the repository's client config by its own topology.
    let report = repo.json(&["app/.env"], 1);
    assert_eq!(
        listed(&report, "findings"),
        ["node-address app/.env:1"],
        "{report}"
    );
    assert_eq!(
        report["findings"][0]["help"], "use endpoint haproxy 172.30.0.5:5000",
        "{report}"
    );

    // It never overwrites a pack.
    let again = repo
        .topolint(&["init", "--discover"])
        .output()
        .expect("runs");
    assert_eq!(again.status.code(), Some(2));
}
