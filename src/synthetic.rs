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
}
