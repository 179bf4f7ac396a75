//! Tracing a URL through 500 HTTPRoutes (one per Service, behind one
//! Gateway) in front of the 5 000-pod benchmark manifest of `engine.rs`:
//! - `trace/500-routes`: one request from the URL to the ready pods;
//! - `analyze/cold-with-routes`: the whole analysis with the routes and their checks.
//!
//! Run with `cargo bench --bench routes`.

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use svcmap::engine::analyze;
use svcmap::engine::routes::request::Request;
use svcmap::engine::routes::trace::Verdict;
use svcmap::synthetic;

/// The manifest with a Gateway and one HTTPRoute per Service.
fn manifest() -> String {
    let mut text = synthetic::manifest(5000, 500, 3);
    let a = analyze(&text);
    text.push_str("\n---\napiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: public, namespace: default}\nspec:\n  gatewayClassName: example\n  listeners:\n  - {name: http, protocol: HTTP, port: 80, hostname: \"*.example.com\", allowedRoutes: {namespaces: {from: All}}}\n");
    for (i, s) in a.services.iter().enumerate() {
        let m = &s.service.meta;
        let port = s.service.ports.first().map_or(80, |p| p.port);
        text.push_str(&format!(
            "---\napiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {{name: route-{i}, namespace: {}}}\nspec:\n  parentRefs: [{{name: public, namespace: default}}]\n  hostnames: [\"shop{}.example.com\"]\n  rules:\n  - matches: [{{path: {{type: PathPrefix, value: /api/{i}}}}}]\n    backendRefs: [{{name: {}, port: {port}}}]\n",
            m.namespace,
            i % 10,
            m.name
        ));
    }
    text
}

fn benches(c: &mut Criterion) {
    let text = manifest();
    let a = analyze(&text);
    assert!(a.pods.len() >= 5000);
    let req = Request::parse("http://shop9.example.com/api/499/cart").unwrap();
    let t = a.trace(&req, None);
    assert_eq!(t.verdict, Verdict::Ok, "{}", t.reason);
    c.bench_function("trace/500-routes", |b| {
        b.iter(|| black_box(a.trace(&req, None)).hops.len())
    });
    c.bench_function("analyze/cold-with-routes", |b| {
        b.iter(|| analyze(black_box(&text)).diagnostics.len())
    });
}

criterion_group! {
    name = routes;
    config = Criterion::default().sample_size(10);
    targets = benches
}
criterion_main!(routes);
