//! Whole-manifest tests of `engine::analyze`: objects, endpoints, slices,
//! diagnostics and simulation, one Kubernetes rule per test where possible.

use svcmap::engine::{analyze, Analysis, DiagnosticCode, EndpointState, Object};

fn svc(a: &Analysis, name: &str) -> svcmap::engine::ResolvedService {
    a.services
        .iter()
        .find(|s| s.service.meta.name == name)
        .unwrap_or_else(|| panic!("no service {name}"))
        .clone()
}

fn codes(a: &Analysis) -> Vec<&'static str> {
    a.diagnostics.iter().map(|d| d.code.as_str()).collect()
}

/// A pod with labels `app: web` and the given extra YAML under `metadata`, `spec` and `status`.
fn pod(name: &str, extra_meta: &str, spec: &str, status: &str) -> String {
    format!(
        "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\n  labels: {{app: web}}\n{extra_meta}spec:\n  containers:\n  - name: c\n    ports: [{{name: http, containerPort: 8080}}]\n{spec}{status}"
    )
}

const SERVICE: &str = "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{name: http, port: 80, targetPort: http}]\n";

fn status(phase: &str, ip: &str, ready: &str) -> String {
    format!("status:\n  phase: {phase}\n  podIP: {ip}\n  conditions: [{{type: Ready, status: \"{ready}\"}}]\n")
}

// `ShouldPodBeInEndpoints`, `addEndpointSubset`, `podToEndpoint` (`endpoint_conditions`):
// the readiness matrix for v1 Endpoints and slices.
#[test]
fn readiness_matrix() {
    let deleting = "  deletionTimestamp: \"2026-01-01T00:00:00Z\"\n";
    // (pod meta, status, publishNotReady, state, in addresses, in notReady, slice conditions (ready, serving, terminating) or None)
    type Row<'a> = (
        &'a str,
        String,
        bool,
        EndpointState,
        bool,
        bool,
        Option<(bool, bool, bool)>,
    );
    let rows: Vec<Row> = vec![
        (
            "",
            status("Running", "10.0.0.1", "True"),
            false,
            EndpointState::Ready,
            true,
            false,
            Some((true, true, false)),
        ),
        (
            "",
            status("Running", "10.0.0.1", "False"),
            false,
            EndpointState::NotReady,
            false,
            true,
            Some((false, false, false)),
        ),
        (
            "",
            status("Pending", "10.0.0.1", "False"),
            false,
            EndpointState::NotReady,
            false,
            true,
            Some((false, false, false)),
        ),
        (
            "",
            status("Running", "10.0.0.1", "False"),
            true,
            EndpointState::Ready,
            true,
            false,
            Some((true, false, false)),
        ),
        (
            deleting,
            status("Running", "10.0.0.1", "True"),
            false,
            EndpointState::Terminating,
            false,
            false,
            Some((false, true, true)),
        ),
        (
            deleting,
            status("Running", "10.0.0.1", "True"),
            true,
            EndpointState::Ready,
            true,
            false,
            Some((true, true, true)),
        ),
        (
            "",
            status("Succeeded", "10.0.0.1", "False"),
            false,
            EndpointState::Excluded,
            false,
            false,
            None,
        ),
        (
            "",
            status("Failed", "10.0.0.1", "False"),
            true,
            EndpointState::Excluded,
            false,
            false,
            None,
        ),
        (
            "",
            "status: {phase: Pending}\n".to_string(),
            false,
            EndpointState::Excluded,
            false,
            false,
            None,
        ),
        (
            "",
            "status: {phase: Running, podIP: 10.0.0.1}\n".to_string(),
            false,
            EndpointState::NotReady,
            false,
            true,
            Some((false, false, false)),
        ),
    ];
    for (i, (meta, st, pnr, state, in_ready, in_not_ready, cond)) in rows.into_iter().enumerate() {
        let service = if pnr {
            SERVICE.replace("selector:", "publishNotReadyAddresses: true\n  selector:")
        } else {
            SERVICE.to_string()
        };
        let a = analyze(&format!("{service}{}", pod("p", meta, "", &st)));
        let s = svc(&a, "web");
        assert_eq!(s.backends.len(), 1, "row {i}");
        assert_eq!(
            s.backends[0].state, state,
            "row {i}: {}",
            s.backends[0].reason
        );
        let ep = s.endpoints.expect("managed");
        let ready: usize = ep.subsets.iter().map(|s| s.addresses.len()).sum();
        let not_ready: usize = ep.subsets.iter().map(|s| s.not_ready_addresses.len()).sum();
        assert_eq!(
            (ready > 0, not_ready > 0),
            (in_ready, in_not_ready),
            "row {i}"
        );
        let eps: Vec<_> = s.slices.iter().flat_map(|s| &s.endpoints).collect();
        match cond {
            Some((r, sv, t)) => {
                assert_eq!(eps.len(), 1, "row {i}");
                let c = eps[0].conditions;
                assert_eq!((c.ready, c.serving, c.terminating), (r, sv, t), "row {i}");
            }
            None => assert!(eps.is_empty(), "row {i}"),
        }
    }
}

// `FindPort` (`find_port`): numeric ports as is, named ports by name and protocol, sidecars;
// a port that does not resolve is left out for that pod (`getEndpointPorts`).
#[test]
fn port_resolution() {
    let service = "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports:\n  - {name: a, port: 80, targetPort: 9999}\n  - {name: b, port: 81, targetPort: http}\n  - {name: c, port: 82, targetPort: dns, protocol: UDP}\n  - {name: d, port: 83, targetPort: metrics}\n";
    let p = "---\napiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {app: web}}\nspec:\n  initContainers:\n  - name: sidecar\n    restartPolicy: Always\n    ports: [{name: metrics, containerPort: 9090}]\n  - name: init\n    ports: [{name: http, containerPort: 1}]\n  containers:\n  - name: c\n    ports:\n    - {name: dns, containerPort: 53}\n    - {name: http, containerPort: 8080}\n    - {name: dns, containerPort: 5353, protocol: UDP}\n";
    let a = analyze(&format!("{service}{p}"));
    let s = svc(&a, "web");
    let targets: Vec<Option<i64>> = s.backends[0].ports.iter().map(|p| p.target).collect();
    assert_eq!(
        targets,
        vec![Some(9999), Some(8080), Some(5353), Some(9090)]
    );
    let ep = s.endpoints.unwrap();
    assert_eq!(ep.subsets.len(), 1);
    let ports: Vec<(String, i64)> = ep.subsets[0]
        .ports
        .iter()
        .map(|p| (p.name.clone(), p.port))
        .collect();
    assert_eq!(
        ports,
        vec![
            ("a".into(), 9999),
            ("b".into(), 8080),
            ("c".into(), 5353),
            ("d".into(), 9090)
        ]
    );
}

// `getEndpointPorts`, `RepackSubsets`: a named port that resolves differently splits the pods into subsets;
// a pod where no port resolves is left out of v1 Endpoints but kept in a slice group.
#[test]
fn named_ports_split_subsets() {
    let mk = |name: &str, port: &str| {
        format!("---\napiVersion: v1\nkind: Pod\nmetadata: {{name: {name}, labels: {{app: web}}}}\nspec:\n  containers:\n  - name: c\n    ports: [{port}]\n")
    };
    let text = format!(
        "{SERVICE}{}{}{}{}",
        mk("a", "{name: http, containerPort: 8080}"),
        mk("b", "{name: http, containerPort: 8080}"),
        mk("c", "{name: http, containerPort: 9090}"),
        mk("d", "{name: web, containerPort: 8080}"),
    );
    let a = analyze(&text);
    let s = svc(&a, "web");
    let ep = s.endpoints.unwrap();
    assert_eq!(ep.subsets.len(), 2);
    let sizes: Vec<(i64, usize)> = ep
        .subsets
        .iter()
        .map(|s| (s.ports[0].port, s.addresses.len()))
        .collect();
    assert!(
        sizes.contains(&(8080, 2)) && sizes.contains(&(9090, 1)),
        "{sizes:?}"
    );
    let d = s
        .backends
        .iter()
        .find(|b| a.pods[b.pod].pod.meta.name == "d")
        .unwrap();
    assert_eq!(d.state, EndpointState::Excluded);
    // Slices: grouped by port list: [8080], [9090] and [] (pod d).
    let mut groups: Vec<(Vec<i64>, usize)> = s
        .slices
        .iter()
        .map(|s| (s.ports.iter().map(|p| p.port).collect(), s.endpoints.len()))
        .collect();
    groups.sort();
    assert_eq!(groups, vec![(vec![], 1), (vec![8080], 2), (vec![9090], 1)]);
    assert!(codes(&a).contains(&"SVC004"));
}

// `LessEndpointAddress`: addresses sorted byte-wise by IP string.
#[test]
fn addresses_sort_bytewise() {
    let text = format!(
        "{SERVICE}{}{}{}",
        pod("a", "", "", &status("Running", "10.0.0.2", "True")),
        pod("b", "", "", &status("Running", "10.0.0.10", "True")),
        pod("c", "", "", &status("Running", "10.0.0.1", "True")),
    );
    let ep = svc(&analyze(&text), "web").endpoints.unwrap();
    let ips: Vec<&str> = ep.subsets[0]
        .addresses
        .iter()
        .map(|a| a.ip.as_str())
        .collect();
    assert_eq!(ips, vec!["10.0.0.1", "10.0.0.10", "10.0.0.2"]);
}

// `syncService` (`has_managed_endpoints`), `unmanaged_endpoints`: which Services get managed endpoints.
#[test]
fn managed_or_not() {
    let text = "apiVersion: v1\nkind: Service\nmetadata: {name: ext}\nspec: {type: ExternalName, externalName: db.example.com, selector: {app: web}}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: empty}\nspec: {selector: {}, ports: [{port: 80}]}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: manual}\nspec: {ports: [{port: 5432}]}\n---\napiVersion: v1\nkind: Endpoints\nmetadata: {name: manual}\nsubsets: [{addresses: [{ip: 192.0.2.10}], ports: [{port: 5432}]}]\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {app: web}}\n";
    let a = analyze(text);
    let ext = svc(&a, "ext");
    assert!(!ext.managed && ext.backends.is_empty() && ext.endpoints.is_none());
    assert_eq!(ext.dns[0].rtype, "CNAME");
    let empty = svc(&a, "empty");
    assert!(
        !empty.managed && empty.backends.is_empty(),
        "selector: {{}} selects nothing"
    );
    assert!(codes(&a).contains(&"SVC003"));
    assert!(codes(&a).contains(&"SVC005"));
    let manual = svc(&a, "manual");
    assert_eq!(
        manual.endpoints.unwrap().subsets[0].addresses[0].ip,
        "192.0.2.10"
    );
}

// `syncService` lists the Service's namespace (`selected_pods`); absent means default (`decode_meta`).
#[test]
fn namespaces_are_respected() {
    let text = "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: prod}\nspec: {selector: {app: web}, ports: [{port: 80}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {app: web}}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: q, namespace: prod, labels: {app: web}}\n";
    let a = analyze(text);
    let s = svc(&a, "web");
    assert_eq!(s.backends.len(), 1);
    assert_eq!(a.pods[s.backends[0].pod].pod.meta.name, "q");
}

// `ShouldSetHostname`, DNS spec §2.4, `expand_workload`: StatefulSet pods get hostnames under their headless Service.
#[test]
fn statefulset_hostnames_and_dns() {
    let text = "apiVersion: v1\nkind: Service\nmetadata: {name: db}\nspec: {clusterIP: None, selector: {app: db}, ports: [{name: pg, port: 5432}]}\n---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\nspec:\n  serviceName: db\n  replicas: 2\n  selector: {matchLabels: {app: db}}\n  template:\n    metadata: {labels: {app: db}}\n    spec: {containers: [{name: pg}]}\n";
    let a = analyze(text);
    let s = svc(&a, "db");
    let ep = s.endpoints.unwrap();
    let hosts: Vec<Option<String>> = ep.subsets[0]
        .addresses
        .iter()
        .map(|a| a.hostname.clone())
        .collect();
    let mut hosts: Vec<String> = hosts.into_iter().map(Option::unwrap).collect();
    hosts.sort();
    assert_eq!(hosts, vec!["db-0", "db-1"]);
    assert_eq!(
        ep.labels
            .get("service.kubernetes.io/headless")
            .map(String::as_str),
        Some("")
    );
    assert!(s
        .dns
        .iter()
        .any(|r| r.name == "db-0.db.default.svc.cluster.local" && r.rtype == "A"));
    assert!(s
        .dns
        .iter()
        .any(|r| r.name == "_pg._tcp.db.default.svc.cluster.local" && r.rtype == "SRV"));
    assert!(s.network.cluster_ips.is_empty());
}

// `MAX_ENDPOINTS_PER_SLICE`: at most 100 endpoints per slice.
#[test]
fn slices_hold_at_most_100_endpoints() {
    let text = format!("{SERVICE}---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: web}}\nspec:\n  replicas: 250\n  selector: {{matchLabels: {{app: web}}}}\n  template:\n    metadata: {{labels: {{app: web}}}}\n    spec: {{containers: [{{name: c, ports: [{{name: http, containerPort: 80}}]}}]}}\n");
    let s = svc(&analyze(&text), "web");
    let sizes: Vec<usize> = s.slices.iter().map(|s| s.endpoints.len()).collect();
    assert_eq!(sizes, vec![100, 100, 50]);
    let mut names: Vec<&str> = s.slices.iter().map(|s| s.name.as_str()).collect();
    names.dedup();
    assert_eq!(names.len(), 3);
    assert!(names.iter().all(|n| n.starts_with("web-") && n.len() == 9));
}

// `truncateEndpoints`: v1 Endpoints are capped at 1000 addresses.
#[test]
fn endpoints_are_truncated_at_1000() {
    let text = format!("{SERVICE}---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: web}}\nspec:\n  replicas: 1000000\n  selector: {{matchLabels: {{app: web}}}}\n  template:\n    metadata: {{labels: {{app: web}}}}\n    spec: {{containers: [{{name: c, ports: [{{name: http, containerPort: 80}}]}}]}}\n");
    let a = analyze(&text);
    assert!(a.pods.len() <= 1000, "replicas are capped");
    assert!(a
        .diagnostics
        .iter()
        .any(|d| d.message.contains("simulates the first")));
}

// Service types: cluster IPs, node ports, load balancer, all deterministic.
#[test]
fn service_addresses() {
    let text = "apiVersion: v1\nkind: Service\nmetadata: {name: lb}\nspec: {type: LoadBalancer, selector: {app: x}, ports: [{port: 443, targetPort: 8443}]}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: np}\nspec: {type: NodePort, clusterIP: 10.96.0.42, selector: {app: x}, ports: [{port: 80, nodePort: 30080}]}\n";
    let a = analyze(text);
    let lb = svc(&a, "lb");
    assert!(lb.network.cluster_ip_simulated);
    assert!(lb.network.cluster_ips[0].starts_with("10."));
    let np = lb.network.node_ports[0].unwrap();
    assert!((30000..=32767).contains(&np));
    assert!(lb
        .network
        .load_balancer_ip
        .as_deref()
        .unwrap()
        .starts_with("203.0.113."));
    let kinds: Vec<&str> = lb.network.addresses.iter().map(|a| a.kind).collect();
    assert!(
        kinds.contains(&"cluster-ip")
            && kinds.contains(&"node-port")
            && kinds.contains(&"load-balancer")
    );
    let n = svc(&a, "np");
    assert_eq!(n.network.cluster_ips, vec!["10.96.0.42"]);
    assert_eq!(n.network.node_ports, vec![Some(30080)]);
    assert!(n
        .network
        .addresses
        .iter()
        .any(|x| x.address == "node-1:30080"));
    assert_eq!(analyze(text), a, "same input, same output");
}

// Ingestion: List, JSON, anchors, ignored kinds; one bad document hides nothing.
#[test]
fn ingestion_of_lists_json_and_bad_documents() {
    let text = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: a, labels: &l {app: web}}\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: b, labels: *l}\n---\n{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"cfg\"}}\n---\nkind: [broken\n---\n".to_string() + SERVICE;
    let a = analyze(&text);
    assert_eq!(
        a.objects
            .iter()
            .filter(|o| matches!(o, Object::Pod(_)))
            .count(),
        2
    );
    assert!(codes(&a).contains(&"OBJ006"));
    assert!(codes(&a).contains(&"YAML001"));
    assert_eq!(svc(&a, "web").backends.len(), 2);
}

// Diagnostics: wrong types with the field path, unknown fields with a hint,
// matchLabels in a Service selector, duplicates, invalid labels.
#[test]
fn diagnostics_point_at_the_problem() {
    let text = "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector:\n    matchLabels: {app: web}\n  ports: [{port: \"eighty\"}]\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  replicas: many\n  template:\n    metadata:\n      lables: {app: web}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {app: -bad, version: 1.0}}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\n";
    let a = analyze(text);
    let find = |code: DiagnosticCode| {
        a.diagnostics
            .iter()
            .find(|d| d.code == code)
            .unwrap_or_else(|| panic!("{code:?} in {:#?}", a.diagnostics))
    };
    let sel = find(DiagnosticCode::SelectorMatchLabels);
    assert_eq!(sel.span.unwrap().start.line, 6);
    let port = a
        .diagnostics
        .iter()
        .find(|d| d.message.contains("spec.ports[0].port"))
        .expect("port type");
    assert_eq!(
        (port.span.unwrap().start.line, port.code),
        (7, DiagnosticCode::WrongType)
    );
    let replicas = a
        .diagnostics
        .iter()
        .find(|d| d.message.contains("spec.replicas"))
        .expect("replicas type");
    assert_eq!(replicas.span.unwrap().start.line, 13);
    let unknown = find(DiagnosticCode::UnknownField);
    assert_eq!(unknown.span.unwrap().start.line, 16);
    assert_eq!(unknown.help.as_deref(), Some("did you mean `labels`?"));
    assert_eq!(
        find(DiagnosticCode::InvalidLabelValue)
            .span
            .unwrap()
            .start
            .line,
        20
    );
    let version = a
        .diagnostics
        .iter()
        .find(|d| d.message.contains("metadata.labels.version"))
        .expect("float label");
    assert_eq!(version.help.as_deref(), Some("quote it: \"1.0\""));
    assert_eq!(
        find(DiagnosticCode::DuplicateObject)
            .span
            .unwrap()
            .start
            .line,
        24
    );
    // The Service still resolves, reading what was meant.
    let selector = svc(&a, "web")
        .service
        .selector
        .clone()
        .expect("selector read from matchLabels");
    assert_eq!(selector.get("app").map(String::as_str), Some("web"));
}

// The incremental analyzer reuses unchanged documents but must give exactly
// the answer of a fresh analysis, positions included.
#[test]
fn incremental_analysis_equals_fresh_analysis() {
    let base = svcmap::synthetic::manifest(60, 6, 2);
    let edits = [
        base.clone(),
        base.replacen("replicas: 10", "replicas: 3", 1),
        format!("# a comment line moves everything down\n{base}"),
        base.replacen("app: app-1}", "app: app-x}", 1),
        base.replacen("kind: Service", "kind: [", 1),
        base.clone(),
    ];
    let mut analyzer = svcmap::engine::Analyzer::default();
    for (i, text) in edits.iter().enumerate() {
        assert_eq!(analyzer.analyze(text), analyze(text), "edit {i}");
    }
}

// Generated pod names depend on the workload, not on where it sits in the text.
#[test]
fn workload_pod_names_do_not_depend_on_position() {
    let deploy = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c}]}\n";
    let names = |text: &str| -> Vec<String> {
        analyze(text)
            .pods
            .iter()
            .map(|p| p.pod.meta.name.clone())
            .collect()
    };
    let a = names(deploy);
    assert_eq!(a, names(&format!("# moved down\n\n\n{deploy}")));
    assert_eq!(
        a,
        names(&deploy.replace("metadata: {name: web}", "metadata:\n  name: web"))
    );
    assert_ne!(
        a,
        names(&deploy.replace("name: c}", "name: d}")),
        "a template change is a new revision"
    );
    assert!(a[0].starts_with("web-") && a[0].len() == "web-".len() + 10 + 1 + 5);
}

// A workload whose selector does not match its own template is rejected by the API server.
#[test]
fn workload_selector_must_match_template() {
    let text = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: wbe}}\n    spec: {containers: [{name: c}]}\n---\napiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent}\nspec:\n  template:\n    metadata: {labels: {app: agent}}\n    spec: {containers: [{name: c}]}\n---\napiVersion: batch/v1\nkind: Job\nmetadata: {name: once}\nspec:\n  parallelism: 2\n  template:\n    metadata: {labels: {app: once}}\n    spec: {containers: [{name: c}]}\n---\napiVersion: batch/v1\nkind: CronJob\nmetadata: {name: nightly}\nspec:\n  schedule: '0 3 * * *'\n  jobTemplate:\n    spec:\n      template:\n        metadata: {labels: {app: nightly}}\n        spec: {containers: [{name: c}]}\n";
    let a = analyze(text);
    let mismatch = a
        .diagnostics
        .iter()
        .find(|d| d.code == DiagnosticCode::TemplateMismatch)
        .expect("WRK001");
    assert_eq!(mismatch.span.unwrap().start.line, 5);
    assert!(a
        .diagnostics
        .iter()
        .any(|d| d.code == DiagnosticCode::MissingField && d.message.contains("selector")));
    let count = |owner: &str| {
        a.pods
            .iter()
            .filter(|p| p.pod.owner.as_ref().is_some_and(|o| o.name == owner))
            .count()
    };
    assert_eq!(count("agent"), 3, "one pod per simulated node");
    assert_eq!(count("once"), 2, "Job parallelism");
    // A CronJob is shown with the Job of its first run from the simulated
    // instant 2026-01-01T00:00Z: 03:00, minute 29 453 940 since the epoch.
    assert_eq!(count("nightly"), 1, "a CronJob's Job runs one pod");
    assert!(a
        .diagnostics
        .iter()
        .any(|d| d.message.contains("CronJob `nightly`")
            && d.message.contains("`nightly-29453940`")
            && d.message.contains("2026-01-01T03:00:00Z")));
}

// `podToEndpointAddressForService`, `getAddressTypesForService`: dual-stack pods; v1 Endpoints use the Service's first family,
// slices exist per family.
#[test]
fn dual_stack_families() {
    let text = "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  ipFamilies: [IPv6, IPv4]\n  selector: {app: web}\n  ports: [{port: 80}]\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: a, labels: {app: web}}\nstatus:\n  phase: Running\n  podIPs: [{ip: 10.0.0.1}, {ip: 'fd00::1'}]\n  conditions: [{type: Ready, status: 'True'}]\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: b, labels: {app: web}}\nstatus:\n  phase: Running\n  podIP: 10.0.0.2\n  conditions: [{type: Ready, status: 'True'}]\n";
    let a = analyze(text);
    let s = svc(&a, "web");
    let ep = s.endpoints.unwrap();
    let ips: Vec<&str> = ep
        .subsets
        .iter()
        .flat_map(|s| &s.addresses)
        .map(|a| a.ip.as_str())
        .collect();
    assert_eq!(
        ips,
        vec!["fd00::1"],
        "IPv6 first; pod b has no IPv6 address"
    );
    let b = s
        .backends
        .iter()
        .find(|b| a.pods[b.pod].pod.meta.name == "b")
        .unwrap();
    assert_eq!(b.state, EndpointState::Excluded);
    let mut fams: Vec<(String, usize)> = s
        .slices
        .iter()
        .map(|s| (s.address_type.clone(), s.endpoints.len()))
        .collect();
    fams.sort();
    assert_eq!(fams, vec![("IPv4".to_string(), 2), ("IPv6".to_string(), 1)]);
}

// `Service::families`, `allocate`: a dual-stack Service gets a cluster IP per family, and simulated
// pods get an IPv6 address from fd00:10:244::/56 beside their IPv4 one.
#[test]
fn dual_stack_simulation() {
    let text = "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  ipFamilyPolicy: RequireDualStack\n  selector: {app: web}\n  ports: [{port: 80}]\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c}]}\n";
    let a = analyze(text);
    let s = svc(&a, "web");
    assert_eq!(s.network.cluster_ips.len(), 2);
    assert!(
        !s.network.cluster_ips[0].contains(':')
            && s.network.cluster_ips[1].starts_with("fd00:10:96::")
    );
    for p in &a.pods {
        let ips = &p.pod.status.as_ref().unwrap().pod_ips;
        assert_eq!(ips.len(), 2, "{ips:?}");
        assert!(ips[1].starts_with("fd00:10:244::"));
    }
    let mut fams: Vec<(String, usize)> = s
        .slices
        .iter()
        .map(|s| (s.address_type.clone(), s.endpoints.len()))
        .collect();
    fams.sort();
    assert_eq!(fams, vec![("IPv4".to_string(), 2), ("IPv6".to_string(), 2)]);
    // v1 Endpoints use the primary family only.
    let ep = s.endpoints.unwrap();
    assert!(ep.subsets[0].addresses.iter().all(|a| !a.ip.contains(':')));
    // Without any IPv6 Service, simulated pods are single-stack.
    let single = analyze(&text.replace("  ipFamilyPolicy: RequireDualStack\n", ""));
    assert!(single
        .pods
        .iter()
        .all(|p| p.pod.status.as_ref().unwrap().pod_ips.len() == 1));
}

// "For each Service, the addresses it is reached on and which endpoints each leads to."
#[test]
fn addresses_lead_to_endpoints() {
    let text = format!(
        "{}{}{}",
        SERVICE.replace("selector:", "type: NodePort\n  selector:"),
        pod("a", "", "", &status("Running", "10.0.0.1", "True")),
        pod("b", "", "", &status("Running", "10.0.0.2", "False")),
    );
    let a = analyze(&text);
    let s = svc(&a, "web");
    let kinds: Vec<&str> = s.network.addresses.iter().map(|x| x.kind).collect();
    assert_eq!(
        kinds,
        vec!["cluster-ip", "node-port", "node-port", "node-port"]
    );
    assert_eq!(a.endpoints_behind(&s, "http"), vec!["10.0.0.1:8080"]);
    assert!(a.endpoints_behind(&s, "nope").is_empty());
}
