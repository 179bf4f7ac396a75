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
}
