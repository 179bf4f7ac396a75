//! Selector-less Services: hand-written Endpoints (mirrored to EndpointSlices) and EndpointSlices as kube-proxy reads them.

use svcmap::engine::{analyze, render, Analysis, DiagnosticCode, EndpointState, Severity};

fn repro(name: &str) -> String {
    let path = format!(
        "{}/../shared/realworld/repro/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn service<'a>(a: &'a Analysis, name: &str) -> &'a svcmap::engine::ResolvedService {
    a.services
        .iter()
        .find(|s| s.service.meta.name == name)
        .unwrap_or_else(|| panic!("no service {name}"))
}

/// Every address behind a Service (pods by name, others by IP) with its state.
fn states(a: &Analysis, name: &str) -> Vec<(String, EndpointState)> {
    let s = service(a, name);
    let pods = s
        .backends
        .iter()
        .map(|b| (a.pods[b.pod].pod.meta.name.clone(), b.state));
    let external = s.external.iter().map(|b| (b.address.clone(), b.state));
    pods.chain(external).collect()
}

fn warnings(a: &Analysis) -> Vec<String> {
    a.diagnostics
        .iter()
        .filter(|d| d.severity != Severity::Info)
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect()
}

/// The repros of selector-less Services: (file, Service, addresses with
/// their states, the ENDPOINTS column, slices kube-proxy reads). Expected
/// values from the Kubernetes rules: an endpoint without `conditions` is
/// ready (`newEndpointSliceInfo` in `pkg/proxy/endpointslicecache.go`); an
/// Endpoints of a Service without selector is mirrored to one slice per
/// address type and port list (`reconcile` in
/// `pkg/controller/endpointslicemirroring/reconciler.go`), and `selector: {}`
/// is stored as no selector.
#[test]
fn repros() {
    let ready = EndpointState::Ready;
    type Row<'a> = (
        &'a str,
        &'a str,
        &'a [(&'a str, EndpointState)],
        &'a str,
        usize,
    );
    let rows: &[Row] = &[
        (
            "eps-manual.yaml",
            "my-service",
            &[("10.4.5.6", ready), ("10.1.2.3", ready)],
            "10.4.5.6:9376,10.1.2.3:9376",
            1,
        ),
        (
            "eps-manual-ready.yaml",
            "my-service",
            &[("10.4.5.6", ready), ("10.1.2.3", ready)],
            "10.4.5.6:9376,10.1.2.3:9376",
            1,
        ),
        (
            "ep-manual.yaml",
            "my-service",
            &[("10.1.2.3", ready), ("10.4.5.6", ready)],
            "10.1.2.3:9376,10.4.5.6:9376",
            1,
        ),
        (
            "emptysel.yaml",
            "ext",
            &[("192.0.2.10", ready)],
            "192.0.2.10:5432",
            1,
        ),
    ];
    for (file, name, want, column, slices) in rows {
        let a = analyze(&repro(file));
        let got = states(&a, name);
        let want: Vec<(String, EndpointState)> =
            want.iter().map(|(n, s)| (n.to_string(), *s)).collect();
        assert_eq!(got, want, "{file}");
        let s = service(&a, name);
        assert_eq!(render::format_backends(s), *column, "{file}");
        assert_eq!(s.slices.len(), *slices, "{file}");
        assert!(warnings(&a).is_empty(), "{file}: {:?}", warnings(&a));
        // The graph draws each address, with an edge from its Service.
        let g = svcmap::engine::render::graph::layout(&a);
        for (ip, _) in &want {
            let node = format!("default/address:{ip}");
            assert!(g.nodes.iter().any(|n| n.name == node), "{file}: {node}");
            assert!(g.edges.iter().any(|e| e.to == node), "{file}: edge {node}");
        }
    }
}

/// The mirrored slice of `ep-manual.yaml` as the controller writes it:
/// managed-by and service-name labels, owned by the Endpoints, only `ready`
/// among the conditions, the subset's port.
#[test]
fn mirrored_slice_of_ep_manual() {
    let a = analyze(&repro("ep-manual.yaml"));
    let s = service(&a, "my-service");
    let slice = &s.slices[0];
    assert_eq!(
        slice.labels.get("endpointslice.kubernetes.io/managed-by"),
        Some(&"endpointslicemirroring-controller.k8s.io".to_string())
    );
    assert_eq!(
        slice.labels.get("kubernetes.io/service-name"),
        Some(&"my-service".to_string())
    );
    assert!(slice.name.starts_with("my-service-"), "{}", slice.name);
    let yaml = render::to_yaml(&render::slice_object(slice, s));
    assert!(yaml.contains("kind: Endpoints"), "{yaml}");
    assert!(!yaml.contains("serving"), "{yaml}");
    assert_eq!(
        (slice.ports[0].port, slice.ports[0].protocol.as_str()),
        (9376, "TCP")
    );
}

const DB: &str = "apiVersion: v1\nkind: Service\nmetadata: {name: db}\nspec:\n  ports: [{name: pg, port: 5432}]\n";

/// (objects after the Service, addresses and states, EPS001/OBJ007
/// diagnostics expected, name): the mirroring controller's skip rules and
/// kube-proxy's reading of hand-written slices.
#[test]
fn selectorless_rules() {
    let ready = EndpointState::Ready;
    let not_ready = EndpointState::NotReady;
    type Row<'a> = (
        &'a str,
        &'a [(&'a str, EndpointState)],
        &'a [&'a str],
        &'a str,
    );
    let rows: &[Row] = &[
        (
            "kind: Endpoints\napiVersion: v1\nmetadata: {name: db}\nsubsets: [{addresses: [{ip: 192.0.2.1}], notReadyAddresses: [{ip: 192.0.2.2}], ports: [{name: pg, port: 5432}]}]\n",
            &[("192.0.2.1", ready), ("192.0.2.2", not_ready)],
            &[],
            "not-ready addresses are mirrored with ready: false",
        ),
        (
            "kind: Endpoints\napiVersion: v1\nmetadata: {name: db, labels: {endpointslice.kubernetes.io/skip-mirror: \"true\"}}\nsubsets: [{addresses: [{ip: 192.0.2.1}], ports: [{name: pg, port: 5432}]}]\n",
            &[],
            &["EPS001"],
            "skip-mirror: kube-proxy sees nothing",
        ),
        (
            "kind: Endpoints\napiVersion: v1\nmetadata: {name: db, annotations: {control-plane.alpha.kubernetes.io/leader: \"{}\"}}\nsubsets: [{addresses: [{ip: 192.0.2.1}], ports: [{name: pg, port: 5432}]}]\n",
            &[],
            &["EPS001"],
            "a leader-election record is not mirrored",
        ),
        (
            "kind: Endpoints\napiVersion: v1\nmetadata: {name: db}\nsubsets: [{addresses: [{ip: 192.0.2.1}, {ip: db.example.com}], ports: [{name: pg, port: 5432}]}]\n",
            &[("192.0.2.1", ready)],
            &["OBJ007"],
            "an address that is not an IP is skipped",
        ),
        (
            "kind: Endpoints\napiVersion: v1\nmetadata: {name: db}\nsubsets: [{addresses: [{ip: 192.0.2.1}], ports: [{name: postgres, port: 5432}]}]\n",
            &[("192.0.2.1", EndpointState::Excluded)],
            &[],
            "no slice port has the Service port's name",
        ),
        (
            "kind: Endpoints\napiVersion: v1\nmetadata: {name: db}\nsubsets: [{addresses: [{ip: 192.0.2.1}], ports: [{name: pg, port: 5432, protocol: UDP}]}]\n",
            &[("192.0.2.1", EndpointState::Excluded)],
            &[],
            "nor its protocol",
        ),
        (
            "kind: Endpoints\napiVersion: v1\nmetadata: {name: db}\nsubsets: [{addresses: [{ip: \"2001:db8::1\"}], ports: [{name: pg, port: 5432}]}]\n",
            &[("2001:db8::1", EndpointState::Excluded)],
            &[],
            "an IPv6 address behind an IPv4-only Service",
        ),
        (
            "apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: db-a, labels: {kubernetes.io/service-name: db}}\naddressType: IPv4\nports: [{name: pg, port: 5432}]\nendpoints:\n- addresses: [192.0.2.1]\n  conditions: {ready: false, serving: true, terminating: true}\n- addresses: [192.0.2.2]\n  conditions: {ready: false}\n- addresses: [192.0.2.3]\n  conditions: {}\n- addresses: [192.0.2.4]\n  conditions: {ready: false, terminating: true}\n",
            &[
                ("192.0.2.1", EndpointState::Terminating),
                ("192.0.2.2", not_ready),
                ("192.0.2.3", ready),
                ("192.0.2.4", EndpointState::Terminating),
            ],
            &[],
            "conditions as kube-proxy reads them",
        ),
        (
            "apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: db-a, labels: {kubernetes.io/service-name: db}}\naddressType: FQDN\nports: [{name: pg, port: 5432}]\nendpoints: [{addresses: [db.example.com]}]\n",
            &[],
            &[],
            "FQDN slices are not proxied",
        ),
        (
            "apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: db-a, labels: {kubernetes.io/service-name: db}}\naddressType: IPv4\nports: [{name: pg, port: 5432}]\nendpoints: [{addresses: [192.0.2.1]}]\n---\napiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: db-b, labels: {kubernetes.io/service-name: db}}\naddressType: IPv4\nports: [{name: pg, port: 5432}]\nendpoints: [{addresses: [192.0.2.1]}, {addresses: [192.0.2.9]}]\n",
            &[("192.0.2.1", ready), ("192.0.2.9", ready)],
            &[],
            "an address in two slices counts once",
        ),
        (
            "apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: db-x, labels: {kubernetes.io/service-name: db, endpointslice.kubernetes.io/managed-by: endpointslicemirroring-controller.k8s.io}}\naddressType: IPv4\nports: [{name: pg, port: 5432}]\nendpoints: [{addresses: [192.0.2.7]}]\n---\nkind: Endpoints\napiVersion: v1\nmetadata: {name: db}\nsubsets: [{addresses: [{ip: 192.0.2.1}], ports: [{name: pg, port: 5432}]}]\n",
            &[("192.0.2.1", ready)],
            &[],
            "a slice the mirroring controller manages is rewritten from the Endpoints",
        ),
        (
            "apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: db-a, labels: {kubernetes.io/service-name: web}}\naddressType: IPv4\nports: [{name: pg, port: 5432}]\nendpoints: [{addresses: [192.0.2.1]}]\n",
            &[],
            &["SVC005"],
            "a slice of another Service",
        ),
    ];
    for (objects, want, codes, name) in rows {
        let a = analyze(&format!("{DB}---\n{objects}"));
        let want: Vec<(String, EndpointState)> =
            want.iter().map(|(n, s)| (n.to_string(), *s)).collect();
        assert_eq!(states(&a, "db"), want, "{name}");
        let got: Vec<&str> = a
            .diagnostics
            .iter()
            .filter(|d| d.severity != Severity::Info)
            .map(|d| d.code.as_str())
            .collect();
        assert_eq!(got, *codes, "{name}: {:?}", warnings(&a));
    }
}

/// A hand-written address that is a pod of the input is that pod's backend:
/// by targetRef name, else by pod IP; any other address stays external.
#[test]
fn pods_behind_hand_written_addresses() {
    let text = format!(
        "{DB}---\napiVersion: v1\nkind: Pod\nmetadata: {{name: pg-0}}\nspec: {{containers: [{{name: c}}]}}\nstatus: {{phase: Running, podIP: 10.244.0.5}}\n---\napiVersion: v1\nkind: Pod\nmetadata: {{name: pg-1}}\nspec: {{containers: [{{name: c}}]}}\nstatus: {{phase: Running, podIP: 10.244.0.6}}\n---\nkind: Endpoints\napiVersion: v1\nmetadata: {{name: db}}\nsubsets: [{{addresses: [{{ip: 10.244.0.9, targetRef: {{kind: Pod, name: pg-0}}}}, {{ip: 10.244.0.6}}, {{ip: 192.0.2.1}}], ports: [{{name: pg, port: 5432}}]}}]\n"
    );
    let a = analyze(&text);
    let got = states(&a, "db");
    let ready = EndpointState::Ready;
    assert_eq!(
        got,
        vec![
            ("pg-1".to_string(), ready),
            ("pg-0".to_string(), ready),
            ("192.0.2.1".to_string(), ready)
        ]
    );
    assert!(warnings(&a).is_empty(), "{:?}", warnings(&a));
}

/// More than 1000 addresses in one subset: the first 1000 are mirrored,
/// the rest said (`maxEndpointsPerSubset`).
#[test]
fn at_most_1000_addresses_per_subset() {
    let addresses: Vec<String> = (0..1005)
        .map(|i| format!("{{ip: 10.1.{}.{}}}", i / 250, i % 250 + 1))
        .collect();
    let text = format!(
        "{DB}---\nkind: Endpoints\napiVersion: v1\nmetadata: {{name: db}}\nsubsets: [{{addresses: [{}], ports: [{{name: pg, port: 5432}}]}}]\n",
        addresses.join(", ")
    );
    let a = analyze(&text);
    let s = service(&a, "db");
    assert_eq!(s.external.len(), 1000);
    let d: Vec<_> = a
        .diagnostics
        .iter()
        .filter(|d| d.code == DiagnosticCode::NotMirrored)
        .collect();
    assert_eq!(d.len(), 1);
    assert!(d[0].message.starts_with("5 addresses"), "{}", d[0].message);
}
