//! Advice on public manifests people deploy: no fix is offered to a Service
//! that works, and Services spanning several workloads get the verdict the
//! Kubernetes conventions give them.

use svcmap::engine::scenarios::explain::{self, has_ready_endpoints};
use svcmap::engine::{analyze, DiagnosticCode, Severity};

/// The public manifests and the small inputs beside them.
const REALWORLD: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/realworld/");

fn read(name: &str) -> String {
    let path = format!("{REALWORLD}{name}");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every Service with a ready endpoint of the set `name`, with the fixes
/// and near misses offered to it.
fn advice_to_working_services(name: &str) -> Vec<String> {
    let text = read(name);
    let a = analyze(&text);
    let mut out = Vec::new();
    for rs in a.services.iter().filter(|s| has_ready_endpoints(s)) {
        let e = explain::explain(&a, rs);
        let fixes = e
            .near_misses
            .iter()
            .flat_map(|m| explain::near_miss_fixes(&text, &a, rs, m))
            .chain(explain::port_fixes(&text, &a, rs));
        for f in fixes {
            out.push(format!("{}: {}", rs.service.meta.name, f.title));
        }
        for m in &e.near_misses {
            out.push(format!(
                "{}: near miss {}",
                rs.service.meta.name, a.pods[m.pod].pod.meta.name
            ));
        }
    }
    out
}

#[test]
fn no_advice_to_a_service_that_works() {
    // Every Service of these sets reaches its pods on every port (the
    // endpoint arithmetic is checked elsewhere): none may be offered a
    // near miss or a fix. Before, 25 fixes went to 10 of them — ingress-nginx's
    // controller pointed at its certificate Jobs, guestbook's redis-master at
    // the replicas, kube-prometheus' exporters at each other.
    let sets = [
        "argocd-install.yaml",
        "bookinfo.yaml",
        "cassandra.yaml",
        "emojivoto.yaml",
        "guestbook.yaml",
        "ingress-nginx.yaml",
        "k8s-docs-stateful.yaml",
        "kube-prometheus.yaml",
        "metallb-native.yaml",
        "online-boutique.yaml",
        "otel-demo.yaml",
        "sock-shop.yaml",
        "repro/nearmiss.yaml",
    ];
    for set in sets {
        let advice = advice_to_working_services(set);
        assert!(advice.is_empty(), "{set}:\n{}", advice.join("\n"));
    }
}

#[test]
fn services_spanning_workloads_get_one_verdict() {
    // (set, the SVC006 diagnostics as (severity, Service), why)
    type Row = (
        &'static str,
        &'static [(Severity, &'static str)],
        &'static str,
    );
    let rows: [Row; 5] = [
        (
            "repro/canary.yaml",
            &[(Severity::Info, "reviews")],
            "reviews-v1 and reviews-v2 share `app: reviews`: the canary pattern",
        ),
        (
            "bookinfo.yaml",
            &[(Severity::Info, "reviews")],
            "reviews-v1..v3 share `app: reviews`, the version in its own label",
        ),
        (
            "online-boutique.yaml",
            &[],
            "frontend and frontend-external share one Deployment",
        ),
        (
            "repro/nearmiss.yaml",
            &[],
            "each Service reaches one Deployment",
        ),
        ("guestbook.yaml", &[], "each Service reaches one Deployment"),
    ];
    for (set, want, why) in rows {
        let a = analyze(&read(set));
        let got: Vec<(Severity, String)> = a
            .diagnostics
            .iter()
            .filter(|d| d.code == DiagnosticCode::SharedSelector)
            .map(|d| {
                let o = d.object.as_ref().expect("the Service");
                (d.severity, o.name.clone())
            })
            .collect();
        let want: Vec<(Severity, String)> = want.iter().map(|(s, n)| (*s, n.to_string())).collect();
        assert_eq!(got, want, "{set}: {why}");
        // explain says the same.
        for rs in &a.services {
            let e = explain::explain(&a, rs);
            let mine = e.shared.map(|d| (d.severity, rs.service.meta.name.clone()));
            let listed = want
                .iter()
                .find(|(_, n)| *n == rs.service.meta.name)
                .cloned();
            assert_eq!(mine, listed, "{set}: explain of {}", rs.service.meta.name);
        }
    }
}
