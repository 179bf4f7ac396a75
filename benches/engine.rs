//! Engine benchmarks on a generated manifest of 5 000 pods (mostly via
//! Deployments) and 500 Services in 3 namespaces:
//! - `analyze/cold`: a whole analysis from text;
//! - `select/index` vs `select/all-pairs`: Service → pod selection with the
//!   label index against the naive scan of every (Service, pod) pair;
//! - `analyze/edit-one-document`: re-analysis after one document changed,
//!   reusing the parse of the unchanged ones.
//!
//! Run with `cargo bench --bench engine`.

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use svcmap::engine::{analyze, model::Object, resolve, synthetic, Analyzer};

fn benches(c: &mut Criterion) {
    let text = synthetic::manifest(5000, 500, 3);
    let a = analyze(&text);
    assert_eq!(a.services.len(), 500);
    assert!(a.pods.len() >= 5000);

    c.bench_function("analyze/cold", |b| b.iter(|| analyze(black_box(&text))));

    let services: Vec<_> = a
        .objects
        .iter()
        .filter_map(|o| match o {
            Object::Service(s) => Some(s.clone()),
            _ => None,
        })
        .collect();
    c.bench_function("select/index", |b| {
        b.iter(|| {
            let index = resolve::PodIndex::new(&a.pods);
            services
                .iter()
                .map(|s| index.select(s).len())
                .sum::<usize>()
        })
    });
    c.bench_function("select/all-pairs", |b| {
        b.iter(|| {
            services
                .iter()
                .map(|s| resolve::selected_pods(s, &a.pods).len())
                .sum::<usize>()
        })
    });

    let mut analyzer = Analyzer::default();
    analyzer.analyze(&text);
    let edited = text.replacen("replicas: 10", "replicas: 11", 1);
    let mut flip = false;
    c.bench_function("analyze/edit-one-document", |b| {
        b.iter(|| {
            flip = !flip;
            analyzer
                .analyze(if flip { &edited } else { &text })
                .services
                .len()
        })
    });
}

criterion_group! {
    name = engine;
    config = Criterion::default().sample_size(20);
    targets = benches
}
criterion_main!(engine);
