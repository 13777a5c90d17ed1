//! Fuzzes the yaml scanner and the rules behind it: any input must give a
//! result, never a panic or a hang.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use topolint::pack::Pack;

fn pack() -> &'static Pack {
    static PACK: OnceLock<Pack> = OnceLock::new();
    PACK.get_or_init(|| Pack::builtin().expect("the built-in pack is valid"))
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = topolint::check_source(pack(), Path::new("values.yaml"), &text);
});
