//! Times the analysis of a kubectl-shaped cluster dump (one `kind: List`):
//! a cold analysis, a re-analysis after a one-character edit inside an item,
//! and, for comparison, a JSON round trip of what the analysis holds.
//! `cargo run --release --example bigdump -- 5000 500 3` (pods, Services, namespaces).

use std::time::Instant;
use svcmap::engine::{analyze, model::Object, Analyzer, Step};
use svcmap::synthetic;

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .map(|a| a.parse().unwrap_or(0))
        .collect();
    let arg = |i: usize, default: usize| args.get(i).copied().unwrap_or(default);
    let text = synthetic::cluster_dump(arg(0, 5000), arg(1, 500), arg(2, 3));
    let t = Instant::now();
    let a = analyze(&text);
    println!(
        "dump {} bytes: cold analyze {:?} ({} objects, {} pods, {} services, {} diagnostics)",
        text.len(),
        t.elapsed(),
        a.objects.len(),
        a.pods.len(),
        a.services.len(),
        a.diagnostics.len()
    );
    let mut analyzer = Analyzer::default();
    analyzer.analyze(&text);
    let at = text
        .find("app: app-7\n")
        .map_or(0, |i| i + "app: app-".len());
    let mut times = Vec::new();
    for i in 0..7 {
        let mut edited = text.clone();
        edited.replace_range(at..at + 1, if i % 2 == 0 { "8" } else { "7" });
        let t = Instant::now();
        let b = analyzer.analyze(&edited);
        times.push(t.elapsed());
        std::hint::black_box(b);
    }
    times.sort();
    println!(
        "re-analysis after a one-character edit: median {:?}",
        times[3]
    );
    // The same edit in steps: the reading, then the resolution and checks.
    let mut edited = text.clone();
    edited.replace_range(at..at + 1, "9");
    let mut job = std::mem::take(&mut analyzer).start(edited.as_str());
    let t = Instant::now();
    let mut reading = None;
    while let Step::Working { .. } = job.step(usize::MAX) {
        reading = Some(t.elapsed());
    }
    let reading = reading.unwrap_or_default();
    println!(
        "  of which reading {reading:?}, resolving and checking {:?}",
        t.elapsed() - reading
    );
    let objects: Vec<&Object> = a.objects.iter().collect();
    let t = Instant::now();
    let json = serde_json::to_string(&(
        &objects,
        a.pods.iter().map(|p| &p.pod).collect::<Vec<_>>(),
        &a.diagnostics,
    ))
    .unwrap_or_default();
    let ser = t.elapsed();
    let t = Instant::now();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
    let de = t.elapsed();
    std::hint::black_box(value);
    println!(
        "JSON of the objects, pods and diagnostics (not the Services' endpoints): {} bytes, serialise {ser:?}, parse back (untyped) {de:?}",
        json.len()
    );
}
