//! Namespaces as `kubectl apply [-n]` gives them: `analyze_in_namespace`,
//! `Analyzer::set_namespace`, and cluster-scoped kinds without a namespace.

use svcmap::engine::{analyze, analyze_in_namespace, Analysis, Analyzer, DiagnosticCode, Severity};

const MIXED: &str = "apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80}]
---
apiVersion: v1
kind: Pod
metadata: {name: web-1, labels: {app: web}}
---
apiVersion: v1
kind: Pod
metadata: {name: other, namespace: shop, labels: {app: web}}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: reader, namespace: shop}
---
apiVersion: v1
kind: Namespace
metadata: {name: shop}
";

/// `kind/namespace/name` ids of every object read.
fn ids(a: &Analysis) -> Vec<String> {
    a.objects
        .iter()
        .map(|o| o.object_ref().to_string())
        .collect()
}

fn errors(a: &Analysis) -> Vec<(DiagnosticCode, usize)> {
    a.diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| (d.code, d.span.map_or(0, |s| s.start.line)))
        .collect()
}

/// (namespace applied, ids read, errors (code, line), label)
#[test]
fn objects_are_placed_as_kubectl_apply_places_them() {
    let rows: [(Option<&str>, &[&str], &[(DiagnosticCode, usize)], &str); 3] = [
        (
            None,
            &[
                "service/default/web",
                "pod/default/web-1",
                "pod/shop/other",
                "clusterrole/reader",
                "namespace/shop",
            ],
            &[],
            "no -n: default for namespace-less objects; the others stay",
        ),
        (
            Some("shop"),
            &[
                "service/shop/web",
                "pod/shop/web-1",
                "pod/shop/other",
                "clusterrole/reader",
                "namespace/shop",
            ],
            &[],
            "-n shop: every namespaced object in shop",
        ),
        (
            Some("prod"),
            &[
                "service/prod/web",
                "pod/prod/web-1",
                "clusterrole/reader",
                "namespace/shop",
            ],
            &[(DiagnosticCode::NamespaceMismatch, 14)],
            "-n prod: the pod naming shop is refused, at its namespace",
        ),
    ];
    for (namespace, want_ids, want_errors, label) in rows {
        let a = match namespace {
            Some(ns) => analyze_in_namespace(MIXED, ns),
            None => analyze(MIXED),
        };
        assert_eq!(ids(&a), want_ids, "{label}");
        assert_eq!(errors(&a), want_errors, "{label}");
    }
}

#[test]
fn a_refused_object_is_said_in_kubectl_words() {
    let a = analyze_in_namespace(MIXED, "prod");
    let d = a
        .diagnostics
        .iter()
        .find(|d| d.code == DiagnosticCode::NamespaceMismatch)
        .expect("NS001");
    assert!(
        d.message.contains(
            "the namespace from the provided object \"shop\" does not match the namespace \"prod\""
        ),
        "{}",
        d.message
    );
    assert_eq!(
        d.object.as_ref().map(|o| o.to_string()).as_deref(),
        Some("pod/shop/other")
    );
    // Column of `shop` in `metadata: {name: other, namespace: shop, …}`.
    assert_eq!(
        d.span.map(|s| (s.start.line, s.start.column)),
        Some((14, 36))
    );
    // The Service in prod selects only the pod placed in prod.
    let web = &a.services[0];
    assert_eq!(web.backends.len(), 1);
    assert_eq!(a.pods[web.backends[0].pod].pod.meta.name, "web-1");
}

/// The analyzer reuses parses between calls; changing the namespace must not.
#[test]
fn set_namespace_equals_analyze_in_namespace_at_every_change() {
    let mut analyzer = Analyzer::default();
    let steps: [(Option<&str>, &str); 4] = [
        (None, "default"),
        (Some("shop"), "shop"),
        (Some("prod"), "prod"),
        (None, "default"),
    ];
    for (namespace, service_ns) in steps {
        analyzer.set_namespace(namespace.map(String::from));
        assert_eq!(analyzer.namespace(), namespace);
        let got = analyzer.analyze(MIXED);
        let want = match namespace {
            Some(ns) => analyze_in_namespace(MIXED, ns),
            None => analyze(MIXED),
        };
        assert_eq!(got, want, "{namespace:?}");
        assert_eq!(got.services[0].service.meta.namespace, service_ns);
    }
}

/// Argo CD's install.yaml has no namespace in its objects: it is meant for
/// `kubectl apply -n argocd`.
#[test]
fn argocd_install_under_n_argocd() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/realworld/argocd-install.yaml"
    );
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("skipped: {path} is not here");
        return;
    };
    let a = analyze_in_namespace(&text, "argocd");
    let server = a
        .services
        .iter()
        .find(|s| s.service.meta.name == "argocd-server")
        .expect("argocd-server");
    assert_eq!(server.service.meta.namespace, "argocd");
    assert_eq!(
        server.backends.len(),
        1,
        "its Deployment's pod, in argocd too"
    );
    assert!(!a.has_errors(), "{:?}", errors(&a));
    // Cluster-scoped objects have no namespace, namespaced ones are in argocd.
    let all = ids(&a);
    assert!(
        all.contains(&"clusterrole/argocd-server".to_string()),
        "{all:?}"
    );
    assert!(all.contains(&"customresourcedefinition/applications.argoproj.io".to_string()));
    assert!(
        all.iter()
            .filter(
                |id| !id.starts_with("clusterrole") && !id.starts_with("customresourcedefinition")
            )
            .all(|id| id.split('/').nth(1) == Some("argocd")),
        "{all:?}"
    );
}
