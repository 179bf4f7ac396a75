//! The route from a node, zone or pod to a Service: kube-proxy's choice of
//! endpoints per node, through `Analysis::route`.

use svcmap::engine::analyze;
use svcmap::engine::proxy::route::{Traffic, VantageSpec, Verdict};

fn pod(name: &str, node: &str, extra: &str) -> String {
    format!(
        "---\napiVersion: v1\nkind: Pod\nmetadata: {{name: {name}, labels: {{app: web}}{extra}}}\nspec:\n  nodeName: {node}\n  containers: [{{name: web, ports: [{{containerPort: 8080}}]}}]\n"
    )
}

fn service(spec: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Service\nmetadata: {{name: web}}\nspec:\n  selector: {{app: web}}\n  ports: [{{name: http, port: 80, targetPort: 8080}}]\n{spec}"
    )
}

fn node(spec: &str) -> VantageSpec {
    VantageSpec::parse(spec).unwrap()
}

/// `(pod, used)` of a route, sorted by pod.
fn used(
    a: &svcmap::engine::Analysis,
    from: &str,
    traffic: Traffic,
) -> (Verdict, Vec<(String, bool)>) {
    let r = a
        .route(0, None, Some(&node(from)), traffic)
        .unwrap()
        .remove(0);
    let mut v: Vec<(String, bool)> = r
        .endpoints
        .iter()
        .map(|e| (e.pod.clone().unwrap(), e.used))
        .collect();
    v.sort();
    (r.verdict, v)
}

#[test]
fn routes_from_every_vantage_point() {
    // PreferClose across the three simulated zones: each zone keeps its own.
    let text = service("  trafficDistribution: PreferClose\n")
        + &pod("web-a", "node-1", "")
        + &pod("web-b", "node-2", "")
        + &pod("web-c", "node-3", "");
    let a = analyze(&text);
    let (v, eps) = used(&a, "zone/zone-b", Traffic::Internal);
    assert_eq!(v, Verdict::Reaches);
    assert_eq!(
        eps,
        [
            ("default/web-a".into(), false),
            ("default/web-b".into(), true),
            ("default/web-c".into(), false)
        ]
    );
    let r = a
        .route(
            0,
            Some("http"),
            Some(&node("pod/default/web-c")),
            Traffic::Internal,
        )
        .unwrap();
    assert_eq!(r[0].node, "node-3");
    assert!(
        r[0].endpoints
            .iter()
            .any(|e| !e.used && e.reason.contains("hinted for zone-a")),
        "{r:?}"
    );
    assert!(a.diagnostics.iter().any(|d| d.code.as_str() == "SIM002"));

    // internalTrafficPolicy: Local from a node without a pod: dropped.
    let text = service("  internalTrafficPolicy: Local\n") + &pod("web-a", "node-1", "");
    let a = analyze(&text);
    assert_eq!(
        used(&a, "node/node-2", Traffic::Internal).0,
        Verdict::Dropped
    );
    assert_eq!(
        used(&a, "node/node-1", Traffic::Internal).0,
        Verdict::Reaches
    );
    let d = a
        .diagnostics
        .iter()
        .find(|d| d.code.as_str() == "SVC008")
        .expect("SVC008");
    assert!(d.message.contains("nodes node-2, node-3"), "{}", d.message);

    // A rollout where only terminating pods are left: they are used.
    let text = service("")
        + &pod(
            "web-old",
            "node-1",
            ", deletionTimestamp: \"2026-01-01T00:00:00Z\"",
        );
    let a = analyze(&text);
    let r = a
        .route(0, None, Some(&node("node/node-2")), Traffic::Internal)
        .unwrap();
    assert_eq!(r[0].verdict, Verdict::Reaches, "{r:?}");
    assert!(r[0].endpoints[0].reason.contains("terminating"), "{r:?}");

    // External traffic to a ClusterIP Service goes nowhere.
    let a = analyze(&(service("") + &pod("web-a", "node-1", "")));
    assert_eq!(
        used(&a, "node/node-1", Traffic::External).0,
        Verdict::Dropped
    );

    // Session affinity and its default timeout.
    let a = analyze(&(service("  sessionAffinity: ClientIP\n") + &pod("web-a", "node-1", "")));
    let r = a.route(0, None, None, Traffic::Internal).unwrap();
    assert_eq!(
        r[0].session_affinity.as_ref().unwrap().timeout_seconds,
        10_800
    );
}

#[test]
fn services_kube_proxy_ignores() {
    let text = "apiVersion: v1\nkind: Service\nmetadata: {name: web, labels: {service.kubernetes.io/service-proxy-name: other}}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n".to_string()
        + &pod("web-a", "node-1", "");
    let a = analyze(&text);
    let r = a.route(0, None, None, Traffic::Internal).unwrap();
    assert_eq!(r[0].verdict, Verdict::Dropped);
    assert!(r[0].note.contains("service-proxy-name"), "{}", r[0].note);
    let a = analyze(&(service("  clusterIP: None\n") + &pod("web-a", "node-1", "")));
    let r = a.route(0, None, None, Traffic::Internal).unwrap();
    assert!(r[0].note.contains("headless"), "{}", r[0].note);
}

#[test]
fn nodes_of_the_input_replace_the_simulated_ones() {
    let nodes = "---\napiVersion: v1\nkind: Node\nmetadata: {name: n1, labels: {topology.kubernetes.io/zone: east}}\nstatus:\n  allocatable: {cpu: \"4\"}\n  conditions: [{type: Ready, status: \"True\"}]\n  addresses: [{type: InternalIP, address: 192.168.0.1}]\n---\napiVersion: v1\nkind: Node\nmetadata: {name: n2, labels: {topology.kubernetes.io/zone: west}}\nspec: {unschedulable: true, taints: [{key: k, effect: NoSchedule}]}\nstatus:\n  allocatable: {cpu: 2000m}\n  conditions: [{type: Ready, status: \"True\"}]\n";
    let text = service("  trafficDistribution: PreferClose\n")
        + &pod("web-1", "n1", "")
        + &pod("web-2", "n2", "")
        + nodes;
    let a = analyze(&text);
    assert!(!a.nodes.simulated);
    assert_eq!(a.nodes.zone_of("n2"), Some("west"));
    assert_eq!(a.nodes.get("n1").unwrap().address, "192.168.0.1");
    assert_eq!(a.nodes.get("n2").unwrap().cpu_millis, Some(2000));
    assert!(a.nodes.get("n2").unwrap().unschedulable);
    assert!(!a.diagnostics.iter().any(|d| d.code.as_str() == "SIM002"));
    let zones: Vec<Option<String>> = a.services[0].slices[0]
        .endpoints
        .iter()
        .map(|e| e.zone.clone())
        .collect();
    assert!(zones.contains(&Some("east".into())) && zones.contains(&Some("west".into())));
    let (_, eps) = used(&a, "node/n1", Traffic::Internal);
    assert_eq!(
        eps,
        [
            ("default/web-1".into(), true),
            ("default/web-2".into(), false)
        ]
    );
}

#[test]
fn bad_node_fields_are_diagnosed_not_panicked_on() {
    let text = "apiVersion: v1\nkind: Node\nmetadata: {name: n1}\nspec: {unschedulable: maybe, taints: 3}\nstatus:\n  allocatable: {cpu: lots}\n  conditions: {type: Ready}\n";
    let a = analyze(text);
    let codes: Vec<&str> = a.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert!(
        codes.iter().filter(|c| **c == "OBJ003").count() >= 3,
        "{codes:?}"
    );
    assert!(
        a.diagnostics
            .iter()
            .any(|d| d.message.contains("CPU quantity")),
        "{codes:?}"
    );
}

#[test]
fn the_graph_from_one_node_folds_ports_per_pod() {
    // Two ports: `http` Local (only node-1's pod from node-1), `metrics`
    // Cluster. A pod is used when some port uses it.
    let text = "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  internalTrafficPolicy: Local\n  ports: [{name: http, port: 80, targetPort: 8080}, {name: metrics, port: 9090}]\n---\napiVersion: v1\nkind: Service\nmetadata: {name: db}\nspec:\n  clusterIP: None\n  selector: {app: web}\n  ports: [{port: 5432}]\n".to_string()
        + &pod("web-a", "node-1", "")
        + &pod("web-b", "node-2", "");
    let a = analyze(&text);
    let v = a
        .routes_from(&node("node/node-1"), Traffic::Internal)
        .unwrap();
    assert_eq!((v.node.as_str(), v.zone.as_str()), ("node-1", "zone-a"));
    let a_pair = v.pair("default/web", "default/web-a").unwrap();
    assert!(a_pair.used);
    let b_pair = v.pair("default/web", "default/web-b").unwrap();
    // internalTrafficPolicy applies to every port of the Service: web-b is
    // on another node, so no port uses it.
    assert!(!b_pair.used, "{b_pair:?}");
    assert!(b_pair.reason.starts_with("http: "), "{}", b_pair.reason);
    assert!(b_pair.reason.contains("\nmetrics: "), "{}", b_pair.reason);
    // A headless Service is not kube-proxy's: no pairs, never dropped.
    assert!(v.pair("default/db", "default/web-a").is_none());
    assert!(v.dropped.is_empty(), "{:?}", v.dropped);

    // From node-3, no pod is local: both ports drop the traffic.
    let v = a
        .routes_from(&node("node/node-3"), Traffic::Internal)
        .unwrap();
    let dropped: Vec<(&str, &str)> = v
        .dropped
        .iter()
        .map(|d| (d.service.as_str(), d.port.as_str()))
        .collect();
    assert_eq!(
        dropped,
        [("default/web", "http"), ("default/web", "metrics")]
    );
    // From outside, a ClusterIP Service is not reached at all: no pairs,
    // nothing dropped.
    let v = a
        .routes_from(&node("node/node-3"), Traffic::External)
        .unwrap();
    assert!(v.pairs.is_empty() && v.dropped.is_empty(), "{v:?}");
    assert_eq!(v.services, 0);
    assert!(a
        .routes_from(&node("node/nowhere"), Traffic::Internal)
        .is_err());
}
