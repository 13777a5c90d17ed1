//! Fuzzes the pack loader: any TOML must load or be rejected with an error,
//! never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use topolint::pack::Pack;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = Pack::from_toml("fuzz.toml", &text);
});
