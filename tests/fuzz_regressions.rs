//! Every fuzz seed and every input that once made a fuzz target fail
//! (`fuzz/seeds/<target>/`, `fuzz/regressions/<target>/`), through the same
//! checks as the fuzz targets (`svcmap::invariants`), natively.

use std::path::Path;

fn each_input(target: &str, check: fn(&[u8])) -> usize {
    let mut n = 0;
    for dir in ["seeds", "regressions"] {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fuzz")
            .join(dir)
            .join(target);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let data = std::fs::read(e.path()).expect("readable input");
            check(&data);
            n += 1;
        }
    }
    n
}

#[test]
fn analysis_inputs() {
    assert!(each_input("analyze", svcmap::invariants::analysis) >= 10);
}

#[test]
fn selector_inputs() {
    assert!(each_input("selector", svcmap::invariants::selector) >= 10);
}

#[test]
fn share_inputs() {
    assert!(each_input("share", svcmap::invariants::share_link) >= 4);
}

#[test]
fn embed_inputs() {
    assert!(each_input("embed", svcmap::invariants::embed_input) >= 3);
}
