//! Shared by the scanner fuzz targets: the built-in pack, built once, and the
//! whole judgement of one file. Any input must give a result, never a panic
//! or a hang.

use std::path::Path;
use std::sync::OnceLock;

use topolint::pack::Pack;

/// Checks `data` read as the file named `name` (its kind comes from the name).
pub fn check_as(name: &str, data: &[u8]) {
    static PACK: OnceLock<Pack> = OnceLock::new();
    let pack = PACK.get_or_init(|| Pack::builtin().expect("the built-in pack is valid"));
    let text = String::from_utf8_lossy(data);
    let _ = topolint::check_source(pack, Path::new(name), &text);
}
