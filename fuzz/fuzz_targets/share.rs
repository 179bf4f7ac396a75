//! Fuzz target: see `svcmap::invariants::share_link`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| svcmap::invariants::share_link(data));
