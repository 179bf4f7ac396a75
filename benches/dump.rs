//! Reading a kubectl-shaped cluster dump of 5 000 pods, 500 Services and
//! their EndpointSlices (`synthetic::kubectl_dump`) in-process, as YAML and
//! as JSON: `cargo bench --bench dump`; `analyze` (an analysis that keeps
//! its parses for the next keystroke) and `one-shot` (what the CLI runs). `scripts/bench-dump.sh` gives the
//! whole CLI's time and peak memory at 5 000, 20 000 and 150 000 pods.

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use svcmap::engine::{analyze, Analyzer};
use svcmap::synthetic::{kubectl_dump, DumpFormat};

fn benches(c: &mut Criterion) {
    let mut group = c.benchmark_group("dump-5000");
    group.sample_size(10);
    for (name, format) in [("yaml", DumpFormat::Yaml), ("json", DumpFormat::Json)] {
        let text = kubectl_dump(5000, format);
        let a = analyze(&text);
        assert_eq!((a.pods.len(), a.services.len()), (5000, 500));
        group.bench_function(format!("{name}/analyze"), |b| {
            b.iter(|| black_box(analyze(black_box(&text))))
        });
        group.bench_function(format!("{name}/one-shot"), |b| {
            b.iter(|| {
                black_box(Analyzer::one_shot(usize::MAX, usize::MAX).analyze(black_box(&text)))
            })
        });
    }
    group.finish();
}

criterion_group!(dump, benches);
criterion_main!(dump);
