//! Fuzzes the text scanner and the rules behind it.
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| common::check_as("app.conf", data));
