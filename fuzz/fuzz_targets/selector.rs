//! Fuzz target: see `svcmap::invariants::selector`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| svcmap::invariants::selector(data));
