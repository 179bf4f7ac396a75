//! Engine benchmarks on a generated manifest of 5 000 pods (mostly via
//! Deployments) and 500 Services in 3 namespaces:
//! - `analyze/cold`: a whole analysis from text;
//! - `select/index` vs `select/all-pairs`: Service → pod selection with the
//!   label index against the naive scan of every (Service, pod) pair;
//! - `analyze/edit-one-document`: re-analysis after one document changed,
//!   reusing the parse of the unchanged ones;
//! - `route/every-node`: kube-proxy's choice of endpoints for every port of
//!   every Service from every node (in-cluster and external traffic).
//!
//! Run with `cargo bench --bench engine`.

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use svcmap::engine::controllers::resolve;
use svcmap::engine::proxy::route::{Traffic, VantageSpec, Verdict};
use svcmap::engine::{analyze, model::Object, Analysis, Analyzer};
use svcmap::synthetic;

/// Median wall time of `runs` calls of `f`.
fn median(runs: usize, mut f: impl FnMut() -> usize) -> std::time::Duration {
    let mut times: Vec<_> = (0..runs)
        .map(|_| {
            let t = std::time::Instant::now();
            black_box(f());
            t.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

/// Routes of every Service port from every node, for both kinds of
/// traffic; returns how many reach a pod.
fn route_from_every_node(a: &Analysis) -> usize {
    let mut reaches = 0;
    for node in &a.nodes.nodes {
        let from = VantageSpec::Node(node.name.clone());
        for i in 0..a.services.len() {
            for traffic in [Traffic::Internal, Traffic::External] {
                let routes = a.route(i, None, Some(&from), traffic).unwrap();
                reaches += routes
                    .iter()
                    .filter(|r| r.verdict == Verdict::Reaches)
                    .count();
            }
        }
    }
    reaches
}

fn benches(c: &mut Criterion) {
    let text = synthetic::manifest(5000, 500, 3);
    let a = analyze(&text);
    assert_eq!(a.services.len(), 500);
    assert!(a.pods.len() >= 5000);
    let services: Vec<_> = a
        .objects
        .iter()
        .filter_map(|o| match o {
            Object::Service(s) => Some(s.clone()),
            _ => None,
        })
        .collect();

    // The floors of the engine issue, checked in this same run: selection through
    // the label index at least 20x faster than the all-pairs scan, and
    // re-analysis after editing one document at most 10 ms (medians).
    let indexed = median(31, || {
        let index = resolve::PodIndex::new(&a.pods);
        services.iter().map(|s| index.select(s).len()).sum()
    });
    let naive = median(31, || {
        services
            .iter()
            .map(|s| resolve::selected_pods(s, &a.pods).len())
            .sum()
    });
    let ratio = naive.as_secs_f64() / indexed.as_secs_f64();
    println!(
        "floor check: select index {indexed:?}, all-pairs {naive:?}, ratio {ratio:.1}x (floor 20x)"
    );
    assert!(
        ratio >= 20.0,
        "the label index is only {ratio:.1}x faster than all-pairs"
    );
    let edited = text.replacen("replicas: 10", "replicas: 11", 1);
    let mut analyzer = Analyzer::default();
    analyzer.analyze(&text);
    let mut flip = false;
    let edit = median(41, || {
        flip = !flip;
        analyzer
            .analyze(if flip { &edited } else { &text })
            .services
            .len()
    });
    println!("floor check: edit one document and re-analyse {edit:?} (floor 10 ms)");
    assert!(
        edit.as_secs_f64() <= 0.010,
        "re-analysis after one edit takes {edit:?}"
    );

    c.bench_function("analyze/cold", |b| b.iter(|| analyze(black_box(&text))));
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

    assert!(route_from_every_node(&a) > 0);
    c.bench_function("route/every-node", |b| {
        b.iter(|| route_from_every_node(black_box(&a)))
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
