//! The playground's curated examples, analysed by the engine: each one must
//! show the lesson it claims.

use svcmap::engine::proxy::route::{Traffic, VantageSpec, Verdict};
use svcmap::engine::{analyze, Analysis, DiagnosticCode, EndpointState, Severity};

fn example(name: &str) -> Analysis {
    let text = match name {
        "deployment-service" => include_str!("../src/ui/examples/deployment-service.yaml"),
        "named-ports" => include_str!("../src/ui/examples/named-ports.yaml"),
        "readiness" => include_str!("../src/ui/examples/readiness.yaml"),
        "headless-statefulset" => include_str!("../src/ui/examples/headless-statefulset.yaml"),
        "namespaces" => include_str!("../src/ui/examples/namespaces.yaml"),
        "selectorless" => include_str!("../src/ui/examples/selectorless.yaml"),
        "nodeport-loadbalancer" => include_str!("../src/ui/examples/nodeport-loadbalancer.yaml"),
        "externalname" => include_str!("../src/ui/examples/externalname.yaml"),
        "dual-stack" => include_str!("../src/ui/examples/dual-stack.yaml"),
        "broken-routing" => include_str!("../src/ui/examples/broken-routing.yaml"),
        "ingress-port-typo" => include_str!("../src/ui/examples/ingress-port-typo.yaml"),
        "route-reference-grant" => include_str!("../src/ui/examples/route-reference-grant.yaml"),
        "weighted-canary" => include_str!("../src/ui/examples/weighted-canary.yaml"),
        "zone-aware" => include_str!("../src/ui/examples/zone-aware.yaml"),
        "local-loadbalancer" => include_str!("../src/ui/examples/local-loadbalancer.yaml"),
        "terminating-rollout" => include_str!("../src/ui/examples/terminating-rollout.yaml"),
        _ => panic!("no example {name}"),
    };
    analyze(text)
}

fn states(a: &Analysis, svc: &str) -> Vec<(String, EndpointState)> {
    let s = a
        .services
        .iter()
        .find(|s| s.service.meta.name == svc)
        .expect("service");
    let mut v: Vec<_> = s
        .backends
        .iter()
        .map(|b| (a.pods[b.pod].pod.meta.name.clone(), b.state))
        .collect();
    v.sort();
    v
}

fn count(a: &Analysis, svc: &str, state: EndpointState) -> usize {
    states(a, svc).iter().filter(|(_, s)| *s == state).count()
}

fn no_errors(a: &Analysis) {
    let errs: Vec<_> = a
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert!(errs.is_empty(), "{errs:#?}");
}

#[test]
fn deployment_service() {
    let a = example("deployment-service");
    no_errors(&a);
    assert_eq!(count(&a, "web", EndpointState::Ready), 3);
    assert_eq!(count(&a, "web", EndpointState::NotReady), 1);
    assert_eq!(count(&a, "web", EndpointState::Terminating), 1);
}

#[test]
fn named_ports() {
    let a = example("named-ports");
    no_errors(&a);
    let s = a
        .services
        .iter()
        .find(|s| s.service.meta.name == "api")
        .unwrap();
    let ep = s.endpoints.as_ref().unwrap();
    let mut http: Vec<i64> = ep
        .subsets
        .iter()
        .flat_map(|s| &s.ports)
        .filter(|p| p.name == "http")
        .map(|p| p.port)
        .collect();
    http.sort();
    http.dedup();
    assert_eq!(http, vec![3000, 8080]);
    // api-debug has no "http" port: it still gets the numeric metrics port.
    let debug = s
        .backends
        .iter()
        .find(|b| a.pods[b.pod].pod.meta.name == "api-debug")
        .unwrap();
    assert_eq!(debug.state, EndpointState::Ready);
    assert_eq!(
        debug.ports.iter().map(|p| p.target).collect::<Vec<_>>(),
        vec![None, Some(9090)]
    );
    assert!(a
        .diagnostics
        .iter()
        .any(|d| d.code == DiagnosticCode::PortNotFound));
}

#[test]
fn readiness() {
    let a = example("readiness");
    no_errors(&a);
    assert_eq!(
        states(&a, "cache"),
        vec![
            ("cache-0".into(), EndpointState::Ready),
            ("cache-1".into(), EndpointState::NotReady),
            ("cache-2".into(), EndpointState::Excluded)
        ]
    );
    assert_eq!(count(&a, "cache-peers", EndpointState::Ready), 2);
}

#[test]
fn headless_statefulset() {
    let a = example("headless-statefulset");
    no_errors(&a);
    let s = a
        .services
        .iter()
        .find(|s| s.service.meta.name == "db")
        .unwrap();
    assert!(s.network.cluster_ips.is_empty());
    for i in 0..3 {
        let name = format!("db-{i}.db.default.svc.cluster.local");
        assert!(s.dns.iter().any(|r| r.name == name), "{name}");
    }
}

#[test]
fn namespaces() {
    let a = example("namespaces");
    no_errors(&a);
    let st = states(&a, "checkout");
    assert_eq!(st.len(), 2);
    assert!(st.iter().all(|(_, s)| *s == EndpointState::Ready));
    assert_eq!(
        a.pods
            .iter()
            .filter(|p| p.pod.meta.namespace == "staging")
            .count(),
        2
    );
}

#[test]
fn selectorless() {
    let a = example("selectorless");
    no_errors(&a);
    let s = a
        .services
        .iter()
        .find(|s| s.service.meta.name == "legacy-db")
        .unwrap();
    assert!(!s.managed);
    assert_eq!(s.endpoints.as_ref().unwrap().subsets[0].addresses.len(), 2);
    // The Endpoints is labelled skip-mirror: the hand-written slice alone
    // says what kube-proxy does; both addresses are outside the input.
    assert_eq!(s.slices.len(), 1);
    let external: Vec<(&str, EndpointState)> = s
        .external
        .iter()
        .map(|b| (b.address.as_str(), b.state))
        .collect();
    assert_eq!(
        external,
        [
            ("192.0.2.10", EndpointState::Ready),
            ("192.0.2.11", EndpointState::NotReady)
        ]
    );
}

#[test]
fn nodeport_loadbalancer() {
    let a = example("nodeport-loadbalancer");
    no_errors(&a);
    let np = a
        .services
        .iter()
        .find(|s| s.service.meta.name == "web-nodeport")
        .unwrap();
    assert!(np
        .network
        .addresses
        .iter()
        .any(|x| x.address.ends_with(":30080")));
    let lb = a
        .services
        .iter()
        .find(|s| s.service.meta.name == "web-public")
        .unwrap();
    assert!(lb.network.load_balancer_ip.is_some());
    assert_eq!(count(&a, "web-public", EndpointState::Ready), 3);
}

#[test]
fn externalname() {
    let a = example("externalname");
    no_errors(&a);
    assert!(states(&a, "mail").is_empty());
    let p = a
        .services
        .iter()
        .find(|s| s.service.meta.name == "payments")
        .unwrap();
    assert_eq!(p.dns[0].value, "api.payments.example.com");
}

#[test]
fn dual_stack() {
    let a = example("dual-stack");
    no_errors(&a);
    let s = a
        .services
        .iter()
        .find(|s| s.service.meta.name == "frontend")
        .unwrap();
    assert_eq!(s.network.cluster_ips.len(), 2);
    let mut fams: Vec<(String, usize)> = s
        .slices
        .iter()
        .map(|x| (x.address_type.clone(), x.endpoints.len()))
        .collect();
    fams.sort();
    assert_eq!(fams, vec![("IPv4".into(), 3), ("IPv6".into(), 2)]);
}

#[test]
fn broken_routing() {
    let a = example("broken-routing");
    let codes: Vec<&str> = a.diagnostics.iter().map(|d| d.code.as_str()).collect();
    for code in ["SVC001", "SVC002", "SVC004"] {
        assert!(codes.contains(&code), "{code} in {codes:?}");
    }
    assert!(states(&a, "checkout").is_empty());
    assert_eq!(count(&a, "cart", EndpointState::Excluded), 2);
}

fn trace(a: &Analysis, url: &str) -> svcmap::engine::routes::trace::Trace {
    a.trace(
        &svcmap::engine::routes::request::Request::parse(url).unwrap(),
        None,
    )
}

#[test]
fn ingress_port_typo_leads_nowhere_with_the_port_meant() {
    let a = example("ingress-port-typo");
    let d: Vec<_> = a
        .diagnostics
        .iter()
        .filter(|d| d.code == DiagnosticCode::RoutePortNotFound)
        .collect();
    assert_eq!(d.len(), 1, "{:?}", a.diagnostics);
    assert!(d[0].help.as_deref().unwrap().contains("port 80"));
    assert_eq!(
        trace(&a, "https://shop.example.com/cart").verdict.as_str(),
        "503"
    );
    assert_eq!(
        trace(&a, "https://shop.example.com/").verdict.as_str(),
        "ok"
    );
}

#[test]
fn route_reference_grant_refuses_the_cross_namespace_backend() {
    let a = example("route-reference-grant");
    assert!(a
        .diagnostics
        .iter()
        .any(|d| d.code == DiagnosticCode::RouteRefNotPermitted && d.severity == Severity::Error));
    assert_eq!(
        trace(&a, "http://shop.example.com/api").verdict.as_str(),
        "503"
    );
    assert_eq!(trace(&a, "http://shop.example.com/").verdict.as_str(), "ok");
    // With the ReferenceGrant uncommented, /api answers.
    let text = include_str!("../src/ui/examples/route-reference-grant.yaml")
        .lines()
        .map(|l| {
            if l.starts_with("# ")
                && !l.starts_with("# An")
                && !l.starts_with("# Reference")
                && !l.starts_with("# Uncomment")
            {
                &l[2..]
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let fixed = analyze(&text);
    assert!(fixed
        .diagnostics
        .iter()
        .all(|d| d.code != DiagnosticCode::RouteRefNotPermitted));
    assert_eq!(
        trace(&fixed, "http://shop.example.com/api")
            .verdict
            .as_str(),
        "ok"
    );
}

#[test]
fn weighted_canary_splits_across_two_services() {
    let a = example("weighted-canary");
    assert!(a.diagnostics.iter().all(|d| d.severity != Severity::Error));
    let t = trace(&a, "http://shop.example.com/checkout");
    assert_eq!(t.verdict.as_str(), "ok");
    let split: Vec<(&str, i64, usize)> = t
        .backends
        .iter()
        .map(|b| (b.service.as_str(), b.weight, b.pods.len()))
        .collect();
    assert_eq!(
        split,
        [
            ("default/checkout-v1", 90, 3),
            ("default/checkout-v2", 10, 1)
        ]
    );
    assert_eq!(
        trace(&a, "http://shop.example.com/").verdict.as_str(),
        "404"
    );
}

/// `(pod name, used)` of the first port of Service `svc` from `from`.
fn route(a: &Analysis, svc: &str, from: &str, traffic: Traffic) -> (Verdict, Vec<(String, bool)>) {
    let i = a.find_service("default", svc).expect("service");
    let r = a
        .route(i, None, Some(&VantageSpec::parse(from).unwrap()), traffic)
        .unwrap()
        .remove(0);
    let mut used: Vec<(String, bool)> = r
        .endpoints
        .iter()
        .map(|e| (e.pod.clone().unwrap(), e.used))
        .collect();
    used.sort();
    (r.verdict, used)
}

fn pods(list: &[(&str, bool)]) -> Vec<(String, bool)> {
    list.iter()
        .map(|(p, u)| (format!("default/{p}"), *u))
        .collect()
}

#[test]
fn zone_aware_keeps_traffic_in_its_zone_unless_the_zone_has_no_pod() {
    let a = example("zone-aware");
    no_errors(&a);
    assert!(a.diagnostics.is_empty(), "{:#?}", a.diagnostics);
    // PreferClose hints each endpoint for its own zone (the staging
    // endpointslice reconciler's trafficdist); kube-proxy on a node keeps
    // the endpoints hinted for its zone (CategorizeEndpoints).
    let zone_a = route(&a, "catalog", "node/node-a", Traffic::Internal);
    assert_eq!(zone_a.0, Verdict::Reaches);
    assert_eq!(
        zone_a.1,
        pods(&[
            ("catalog-1", true),
            ("catalog-2", true),
            ("catalog-3", false)
        ])
    );
    let zone_b = route(&a, "catalog", "zone/us-east-1b", Traffic::Internal);
    assert_eq!(
        zone_b.1,
        pods(&[
            ("catalog-1", false),
            ("catalog-2", false),
            ("catalog-3", true)
        ])
    );
    // No endpoint is hinted for us-east-1c: topology is not used there.
    let zone_c = route(&a, "catalog", "node/node-c", Traffic::Internal);
    assert_eq!(
        zone_c.1,
        pods(&[
            ("catalog-1", true),
            ("catalog-2", true),
            ("catalog-3", true)
        ])
    );
}

#[test]
fn local_loadbalancer_drops_external_traffic_on_the_node_without_a_pod() {
    let a = example("local-loadbalancer");
    no_errors(&a);
    let dropped = route(&a, "ingress", "node/node-3", Traffic::External);
    assert_eq!(dropped.0, Verdict::Dropped);
    assert_eq!(
        dropped.1,
        pods(&[("ingress-1", false), ("ingress-2", false)])
    );
    let local = route(&a, "ingress", "node/node-1", Traffic::External);
    assert_eq!(local.1, pods(&[("ingress-1", true), ("ingress-2", false)]));
    // In-cluster traffic follows internalTrafficPolicy (Cluster).
    let inside = route(&a, "ingress", "node/node-3", Traffic::Internal);
    assert_eq!(inside.1, pods(&[("ingress-1", true), ("ingress-2", true)]));
    let i = a.find_service("default", "ingress").unwrap();
    let r = a
        .route(
            i,
            None,
            Some(&VantageSpec::parse("node/node-3").unwrap()),
            Traffic::External,
        )
        .unwrap();
    let hc = r[0]
        .health_check
        .as_ref()
        .expect("health check under Local");
    assert_eq!(hc.node_port, Some(32100));
    assert_eq!(hc.status, 503);
    assert_eq!(hc.local_endpoints, 0);
    let d = a
        .diagnostics
        .iter()
        .find(|d| d.code.as_str() == "SVC008")
        .expect("SVC008 names the node");
    assert!(d.message.contains("node-3"), "{}", d.message);
    assert!(!d.message.contains("node-1"), "{}", d.message);
}

#[test]
fn terminating_rollout_falls_back_to_serving_terminating_endpoints() {
    let a = example("terminating-rollout");
    no_errors(&a);
    assert_eq!(count(&a, "api", EndpointState::Terminating), 2);
    assert_eq!(count(&a, "api", EndpointState::NotReady), 1);
    for node in ["node/node-1", "node/node-3"] {
        let (verdict, used) = route(&a, "api", node, Traffic::Internal);
        assert_eq!(verdict, Verdict::Reaches);
        assert_eq!(
            used,
            pods(&[
                ("api-new-1", false),
                ("api-old-1", true),
                ("api-old-2", true)
            ])
        );
    }
}
