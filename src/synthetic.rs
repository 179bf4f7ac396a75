//! Generated manifests for benchmarks and tests: many workloads and Services
//! across namespaces, every Service selecting one workload's pods.

use std::fmt::Write;

/// A manifest with `services` Services and about `pods` pods (created by
/// Deployments of `pods / services` replicas each), spread over `namespaces`
/// namespaces. Every tenth workload also has a standalone not-ready pod.
pub fn manifest(pods: usize, services: usize, namespaces: usize) -> String {
    let services = services.max(1);
    let namespaces = namespaces.max(1);
    let per = (pods / services).max(1);
    let mut out = String::with_capacity(services * 900);
    for i in 0..services {
        let ns = format!("team-{}", i % namespaces);
        let app = format!("app-{i}");
        let tier = ["web", "api", "worker"][i % 3];
        let _ = write!(
            out,
            "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {app}\n  namespace: {ns}\nspec:\n  replicas: {per}\n  selector:\n    matchLabels: {{app: {app}}}\n  template:\n    metadata:\n      labels: {{app: {app}, tier: {tier}}}\n    spec:\n      containers:\n        - name: main\n          image: registry.example/{app}:1.0\n          ports:\n            - name: http\n              containerPort: 8080\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: {app}\n  namespace: {ns}\nspec:\n  selector:\n    app: {app}\n  ports:\n    - name: http\n      port: 80\n      targetPort: http\n"
        );
        if i % 10 == 0 {
            let _ = write!(
                out,
                "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: {app}-debug\n  namespace: {ns}\n  labels: {{app: {app}, tier: {tier}}}\nspec:\n  containers: [{{name: main, ports: [{{name: http, containerPort: 8080}}]}}]\nstatus:\n  phase: Running\n  podIP: 10.250.{}.{}\n  conditions: [{{type: Ready, status: \"False\"}}]\n",
                (i / 250) % 256,
                i % 250 + 1
            );
        }
    }
    out
}

/// A cluster dump as `kubectl get pods,svc,endpointslices -A -o yaml` prints
/// it: ONE `kind: List` document whose `items:` are `pods` running pods (with
/// status, conditions and ownerReferences) of `services` ReplicaSets, one
/// Service selecting each, and each Service's EndpointSlice; about 1 KB a pod.
pub fn cluster_dump(pods: usize, services: usize, namespaces: usize) -> String {
    let services = services.max(1);
    let namespaces = namespaces.max(1);
    let per = (pods / services).max(1);
    let mut out = String::with_capacity(pods * 1_300 + services * 1_500);
    out.push_str("apiVersion: v1\nitems:\n");
    let ip = |n: usize| format!("10.244.{}.{}", n / 250 % 256, n % 250 + 1);
    for i in 0..services {
        let ns = format!("team-{}", i % namespaces);
        let app = format!("app-{i}");
        for r in 0..per {
            let n = i * per + r;
            let _ = write!(
                out,
                "- apiVersion: v1\n  kind: Pod\n  metadata:\n    creationTimestamp: \"2026-11-30T10:00:00Z\"\n    generateName: {app}-7d9f8b6c5-\n    labels:\n      app: {app}\n      pod-template-hash: 7d9f8b6c5\n    name: {app}-7d9f8b6c5-p{r}\n    namespace: {ns}\n    ownerReferences:\n    - apiVersion: apps/v1\n      blockOwnerDeletion: true\n      controller: true\n      kind: ReplicaSet\n      name: {app}-7d9f8b6c5\n      uid: 0b6f0c1e-{i:04}-4c2a-9d1e-000000000000\n    resourceVersion: \"{n}\"\n    uid: 5f0e7a9c-{n:06}-4b7e-8f43-000000000000\n  spec:\n    containers:\n    - image: registry.example/{app}:1.0\n      imagePullPolicy: IfNotPresent\n      name: main\n      ports:\n      - containerPort: 8080\n        name: http\n        protocol: TCP\n      resources: {{}}\n      terminationMessagePath: /dev/termination-log\n      terminationMessagePolicy: File\n    dnsPolicy: ClusterFirst\n    nodeName: node-{}\n    restartPolicy: Always\n    schedulerName: default-scheduler\n    terminationGracePeriodSeconds: 30\n  status:\n    conditions:\n    - lastProbeTime: null\n      lastTransitionTime: \"2026-11-30T10:00:05Z\"\n      status: \"True\"\n      type: Initialized\n    - lastProbeTime: null\n      lastTransitionTime: \"2026-11-30T10:00:09Z\"\n      status: \"True\"\n      type: Ready\n    - lastProbeTime: null\n      lastTransitionTime: \"2026-11-30T10:00:09Z\"\n      status: \"True\"\n      type: ContainersReady\n    containerStatuses:\n    - image: registry.example/{app}:1.0\n      name: main\n      ready: true\n      restartCount: 0\n      started: true\n      state:\n        running:\n          startedAt: \"2026-11-30T10:00:08Z\"\n    hostIP: 10.0.0.{}\n    phase: Running\n    podIP: {}\n    podIPs:\n    - ip: {}\n    qosClass: BestEffort\n    startTime: \"2026-11-30T10:00:05Z\"\n",
                n % 20,
                n % 20 + 1,
                ip(n),
                ip(n),
            );
        }
    }
    for i in 0..services {
        let ns = format!("team-{}", i % namespaces);
        let app = format!("app-{i}");
        let _ = write!(
            out,
            "- apiVersion: v1\n  kind: Service\n  metadata:\n    creationTimestamp: \"2026-11-30T10:00:00Z\"\n    labels:\n      app: {app}\n    name: {app}\n    namespace: {ns}\n    resourceVersion: \"{i}\"\n    uid: 7c1d2e3f-{i:06}-4a5b-8c9d-000000000000\n  spec:\n    clusterIP: 10.96.{}.{}\n    clusterIPs:\n    - 10.96.{}.{}\n    internalTrafficPolicy: Cluster\n    ipFamilies:\n    - IPv4\n    ipFamilyPolicy: SingleStack\n    ports:\n    - name: http\n      port: 80\n      protocol: TCP\n      targetPort: http\n    selector:\n      app: {app}\n    sessionAffinity: None\n    type: ClusterIP\n  status:\n    loadBalancer: {{}}\n",
            i / 250 % 256,
            i % 250 + 1,
            i / 250 % 256,
            i % 250 + 1,
        );
    }
    for i in 0..services {
        let ns = format!("team-{}", i % namespaces);
        let app = format!("app-{i}");
        let _ = write!(
            out,
            "- addressType: IPv4\n  apiVersion: discovery.k8s.io/v1\n  endpoints:\n"
        );
        for r in 0..per {
            let n = i * per + r;
            let _ = write!(
                out,
                "  - addresses:\n    - {}\n    conditions:\n      ready: true\n      serving: true\n      terminating: false\n    nodeName: node-{}\n    targetRef:\n      kind: Pod\n      name: {app}-7d9f8b6c5-p{r}\n      namespace: {ns}\n",
                ip(n),
                n % 20
            );
        }
        let _ = write!(
            out,
            "  kind: EndpointSlice\n  metadata:\n    generateName: {app}-\n    labels:\n      endpointslice.kubernetes.io/managed-by: endpointslice-controller.k8s.io\n      kubernetes.io/service-name: {app}\n    name: {app}-x7k2q\n    namespace: {ns}\n    ownerReferences:\n    - apiVersion: v1\n      blockOwnerDeletion: true\n      controller: true\n      kind: Service\n      name: {app}\n      uid: 7c1d2e3f-{i:06}-4a5b-8c9d-000000000000\n  ports:\n  - name: http\n    port: 8080\n    protocol: TCP\n"
        );
    }
    out.push_str("kind: List\nmetadata:\n  resourceVersion: \"\"\n");
    out
}

/// The format of a [`kubectl_dump`]: as `kubectl get ... -o yaml` or `-o json` prints it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DumpFormat {
    /// Block YAML, keys sorted, lists not indented under their key.
    Yaml,
    /// JSON indented by 4 spaces.
    Json,
}

/// A cluster dump as `kubectl get pods,svc,endpointslices -A -o yaml|json`
/// prints it: ONE `kind: List` of `pods` running pods (status, conditions,
/// ownerReferences, a named and an unnamed container port) of `pods / 10`
/// ReplicaSets in 5 namespaces, one Service selecting each ReplicaSet's pods
/// (by port name and by number), and each Service's EndpointSlice. About
/// 2.3 KB a pod in YAML, 5 KB in JSON (Services and slices included).
pub fn kubectl_dump(pods: usize, format: DumpFormat) -> String {
    let list = kubectl_dump_value(pods);
    match format {
        DumpFormat::Json => {
            let mut out = Vec::with_capacity(pods * 2_600);
            let fmt = serde_json::ser::PrettyFormatter::with_indent(b"    ");
            let mut ser = serde_json::Serializer::with_formatter(&mut out, fmt);
            serde::Serialize::serialize(&list, &mut ser).expect("a Value serializes");
            out.push(b'\n');
            String::from_utf8(out).expect("serde_json writes UTF-8")
        }
        DumpFormat::Yaml => to_yaml(&list),
    }
}

/// `v` as block YAML, as `kubectl -o yaml` writes it (keys in order, a
/// list's `- ` at its key's column, strings plain when they read back as strings).
pub fn to_yaml(v: &serde_json::Value) -> String {
    let mut out = String::new();
    yaml_block(v, 0, &mut out);
    out
}

/// The `kind: List` of [`kubectl_dump`] as a JSON value.
pub fn kubectl_dump_value(pods: usize) -> serde_json::Value {
    use serde_json::json;
    let services = pods.div_ceil(10).max(1);
    let ip = |n: usize| format!("10.244.{}.{}", n / 250 % 256, n % 250 + 1);
    let mut items = Vec::with_capacity(pods + 2 * services);
    for n in 0..pods {
        let i = n / 10;
        let (app, ns) = (format!("app-{i}"), format!("team-{}", i % 5));
        let rs = format!("{app}-7d9f8b6c5");
        let tier = ["web", "api", "worker"][i % 3];
        let ready = if n % 50 == 7 { "False" } else { "True" };
        items.push(json!({
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": {
                "creationTimestamp": "2026-11-30T10:00:00Z",
                "generateName": format!("{rs}-"),
                "labels": {"app": app, "pod-template-hash": "7d9f8b6c5", "tier": tier},
                "name": format!("{rs}-p{n}"),
                "namespace": ns,
                "ownerReferences": [{
                    "apiVersion": "apps/v1", "blockOwnerDeletion": true, "controller": true,
                    "kind": "ReplicaSet", "name": rs, "uid": format!("0b6f0c1e-{i:06}-4c2a-9d1e-000000000000"),
                }],
                "resourceVersion": format!("{}", 100_000 + n),
                "uid": format!("5f0e7a9c-{n:06}-4b7e-8f43-000000000000"),
            },
            "spec": {
                "containers": [{
                    "image": format!("registry.example/{app}:1.0"),
                    "imagePullPolicy": "IfNotPresent",
                    "name": "main",
                    "ports": [
                        {"containerPort": 8080, "name": "http", "protocol": "TCP"},
                        {"containerPort": 9090, "protocol": "TCP"},
                    ],
                    "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}},
                    "terminationMessagePath": "/dev/termination-log",
                    "terminationMessagePolicy": "File",
                }],
                "dnsPolicy": "ClusterFirst",
                "nodeName": format!("node-{}", n % 20),
                "restartPolicy": "Always",
                "schedulerName": "default-scheduler",
                "terminationGracePeriodSeconds": 30,
            },
            "status": {
                "conditions": [
                    {"lastProbeTime": null, "lastTransitionTime": "2026-11-30T10:00:05Z", "status": "True", "type": "Initialized"},
                    {"lastProbeTime": null, "lastTransitionTime": "2026-11-30T10:00:09Z", "status": ready, "type": "Ready"},
                    {"lastProbeTime": null, "lastTransitionTime": "2026-11-30T10:00:09Z", "status": ready, "type": "ContainersReady"},
                    {"lastProbeTime": null, "lastTransitionTime": "2026-11-30T10:00:01Z", "status": "True", "type": "PodScheduled"},
                ],
                "containerStatuses": [{
                    "image": format!("registry.example/{app}:1.0"),
                    "name": "main", "ready": ready == "True", "restartCount": 0, "started": true,
                    "state": {"running": {"startedAt": "2026-11-30T10:00:08Z"}},
                }],
                "hostIP": format!("10.0.0.{}", n % 20 + 1),
                "phase": "Running",
                "podIP": ip(n),
                "podIPs": [{"ip": ip(n)}],
                "qosClass": "Burstable",
                "startTime": "2026-11-30T10:00:05Z",
            },
        }));
    }
    for i in 0..services {
        let (app, ns) = (format!("app-{i}"), format!("team-{}", i % 5));
        let cluster_ip = format!("10.96.{}.{}", i / 250 % 256, i % 250 + 1);
        items.push(json!({
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": {
                "creationTimestamp": "2026-11-30T10:00:00Z",
                "labels": {"app": app},
                "name": app, "namespace": ns,
                "resourceVersion": format!("{i}"),
                "uid": format!("7c1d2e3f-{i:06}-4a5b-8c9d-000000000000"),
            },
            "spec": {
                "clusterIP": cluster_ip, "clusterIPs": [cluster_ip],
                "internalTrafficPolicy": "Cluster", "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack",
                "ports": [
                    {"name": "http", "port": 80, "protocol": "TCP", "targetPort": "http"},
                    {"name": "metrics", "port": 9090, "protocol": "TCP", "targetPort": 9090},
                ],
                "selector": {"app": app},
                "sessionAffinity": "None", "type": "ClusterIP",
            },
            "status": {"loadBalancer": {}},
        }));
    }
    for i in 0..services {
        let (app, ns) = (format!("app-{i}"), format!("team-{}", i % 5));
        let endpoints: Vec<_> = (i * 10..((i + 1) * 10).min(pods))
            .map(|n| {
                let ready = n % 50 != 7;
                json!({
                    "addresses": [ip(n)],
                    "conditions": {"ready": ready, "serving": ready, "terminating": false},
                    "nodeName": format!("node-{}", n % 20),
                    "targetRef": {"kind": "Pod", "name": format!("{app}-7d9f8b6c5-p{n}"), "namespace": ns},
                })
            })
            .collect();
        items.push(json!({
            "addressType": "IPv4",
            "apiVersion": "discovery.k8s.io/v1",
            "endpoints": endpoints,
            "kind": "EndpointSlice",
            "metadata": {
                "generateName": format!("{app}-"),
                "labels": {
                    "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io",
                    "kubernetes.io/service-name": app,
                },
                "name": format!("{app}-x7k2q"), "namespace": ns,
                "ownerReferences": [{
                    "apiVersion": "v1", "blockOwnerDeletion": true, "controller": true,
                    "kind": "Service", "name": app, "uid": format!("7c1d2e3f-{i:06}-4a5b-8c9d-000000000000"),
                }],
            },
            "ports": [
                {"name": "http", "port": 8080, "protocol": "TCP"},
                {"name": "metrics", "port": 9090, "protocol": "TCP"},
            ],
        }));
    }
    json!({"apiVersion": "v1", "items": items, "kind": "List", "metadata": {"resourceVersion": ""}})
}

/// Writes `v` as block YAML at `indent` spaces, as `kubectl -o yaml` does:
/// keys in order, a list's `- ` at its key's column.
fn yaml_block(v: &serde_json::Value, indent: usize, out: &mut String) {
    use serde_json::Value;
    let pad = " ".repeat(indent);
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                out.push_str(&pad);
                yaml_entry(k, v, indent, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                out.push_str(&pad);
                out.push_str("- ");
                match item {
                    Value::Object(m) if !m.is_empty() => {
                        // The first key on the `- ` line, the rest under it.
                        for (j, (k, v)) in m.iter().enumerate() {
                            if j > 0 {
                                out.push_str(&pad);
                                out.push_str("  ");
                            }
                            yaml_entry(k, v, indent + 2, out);
                        }
                    }
                    _ => {
                        yaml_scalar(item, out);
                        out.push('\n');
                    }
                }
            }
        }
        _ => {
            out.push_str(&pad);
            yaml_scalar(v, out);
            out.push('\n');
        }
    }
}

/// `key: value` (or `key:` and the value's block below) at `indent`.
fn yaml_entry(key: &str, v: &serde_json::Value, indent: usize, out: &mut String) {
    use serde_json::Value;
    yaml_string(key, out);
    out.push(':');
    match v {
        Value::Object(m) if !m.is_empty() => {
            out.push('\n');
            yaml_block(v, indent + 2, out);
        }
        Value::Array(a) if !a.is_empty() => {
            out.push('\n');
            yaml_block(v, indent, out);
        }
        _ => {
            out.push(' ');
            yaml_scalar(v, out);
            out.push('\n');
        }
    }
}

fn yaml_scalar(v: &serde_json::Value, out: &mut String) {
    use serde_json::Value;
    match v {
        Value::String(s) => yaml_string(s, out),
        Value::Object(_) => out.push_str("{}"),
        Value::Array(_) => out.push_str("[]"),
        other => out.push_str(&other.to_string()),
    }
}

/// A string plain when it reads back as the same string, else double-quoted.
fn yaml_string(s: &str, out: &mut String) {
    let plain = !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'/' | b'_' | b'-'))
        && !s.starts_with(['-', '.'])
        && crate::engine::yaml::resolve_plain(s) == crate::engine::yaml::ScalarKind::Str;
    if plain {
        out.push_str(s);
    } else {
        out.push_str(&serde_json::Value::String(s.to_string()).to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generated_manifest_resolves_cleanly() {
        let a = crate::engine::analyze(&manifest(100, 10, 3));
        assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
        assert_eq!(a.services.len(), 10);
        assert_eq!(a.pods.len(), 101);
        assert!(a.services.iter().all(|s| !s.backends.is_empty()));
    }

    #[test]
    fn the_generated_dump_is_one_list_that_resolves_cleanly() {
        let text = cluster_dump(100, 10, 3);
        assert_eq!(crate::engine::yaml::split_documents(&text).len(), 1);
        let a = crate::engine::analyze(&text);
        assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
        assert_eq!(a.services.len(), 10);
        assert_eq!(a.pods.len(), 100);
        assert!(a.services.iter().all(|s| s.backends.len() == 10));
    }

    #[test]
    fn the_kubectl_dump_reads_the_same_in_yaml_and_json() {
        let yaml = kubectl_dump(100, DumpFormat::Yaml);
        let json = kubectl_dump(100, DumpFormat::Json);
        let (a, b) = (crate::engine::analyze(&yaml), crate::engine::analyze(&json));
        assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
        assert!(b.diagnostics.is_empty(), "{:?}", b.diagnostics);
        assert_eq!((a.pods.len(), a.services.len()), (100, 10));
        assert_eq!(a.objects.len(), b.objects.len());
        let backends = |a: &crate::engine::Analysis| {
            a.services
                .iter()
                .map(|s| s.backends.len())
                .collect::<Vec<_>>()
        };
        assert_eq!(backends(&a), backends(&b));
        assert!(backends(&a).iter().all(|n| *n == 10));
    }
}
