//! Prints a generated manifest (`svcmap::engine::synthetic::manifest`) for
//! timing the CLI on a large input:
//! `cargo run --example manifest -- 5000 500 3 > big.yaml`
//! (pods, Services, namespaces; these are the defaults).

use std::io::Write;

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .map(|a| a.parse().unwrap_or(0))
        .collect();
    let arg = |i: usize, default: usize| args.get(i).copied().unwrap_or(default);
    let text = svcmap::engine::synthetic::manifest(arg(0, 5000), arg(1, 500), arg(2, 3));
    let _ = std::io::stdout().write_all(text.as_bytes());
}
