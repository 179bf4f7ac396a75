//! Prints a kubectl-shaped cluster dump (`svcmap::synthetic::kubectl_dump`):
//! `cargo run --release --example dump -- 5000 yaml > dump.yaml`
//! (pods, then `yaml` or `json`; these are the defaults). `scripts/bench-dump.sh`
//! times the CLI on them.

use std::io::Write;
use svcmap::synthetic::{kubectl_dump, DumpFormat};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let pods = args.first().and_then(|a| a.parse().ok()).unwrap_or(5000);
    let format = match args.get(1).map(String::as_str) {
        Some("json") => DumpFormat::Json,
        _ => DumpFormat::Yaml,
    };
    let text = kubectl_dump(pods, format);
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .expect("stdout");
}
