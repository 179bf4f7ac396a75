//! Fuzz target: see `svcmap::invariants::embed_input`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| svcmap::invariants::embed_input(data));
