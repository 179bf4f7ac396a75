//! Fuzz target: see `svcmap::invariants::analysis`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| svcmap::invariants::analysis(data));
