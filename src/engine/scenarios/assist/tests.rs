//! Completion and hover, row by row: field names from the Kubernetes API
//! types, labels, namespaces and ports from the input.

use super::*;
use crate::engine::analysis::analyze;

/// The input every row's text is added to: a Deployment whose pods have
/// ports `http` (8080) and `metrics` (9090), a Pod in another namespace.
const INPUT: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
        tier: frontend
    spec:
      containers:
      - name: main
        image: nginx
        ports:
        - name: http
          containerPort: 8080
        - name: metrics
          containerPort: 9090
---
apiVersion: v1
kind: Pod
metadata:
  name: batch-1
  namespace: jobs
  labels:
    app: batch
spec:
  containers:
  - name: c
    image: busybox
---
";

/// The completions' labels at `|` in `INPUT` followed by `doc`.
fn labels(doc: &str) -> Vec<String> {
    let text = format!("{INPUT}{doc}");
    let offset = text.find('|').expect("a cursor marker");
    let text = text.replace('|', "");
    let a = analyze(&text);
    complete(&text, offset, &a)
        .map(|c| c.items.into_iter().map(|i| i.label).collect())
        .unwrap_or_default()
}

const SERVICE: &str = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n";

#[test]
fn completions_at_a_cursor() {
    // (document with `|`, labels that must be offered (in this order), labels that must not, label)
    let rows: Vec<(String, &[&str], &[&str], &str)> = vec![
        (
            format!("{SERVICE}  |"),
            &["type", "selector", "ports", "clusterIP"],
            &["replicas", "containers"],
            "the fields of a ServiceSpec",
        ),
        (
            format!("{SERVICE}  selector:\n    app: web\n  |"),
            &["type", "ports"],
            &["selector"],
            "a field already written is not offered",
        ),
        (
            format!("{SERVICE}  ports:\n  - port: 80\n    |"),
            &["name", "protocol", "targetPort", "nodePort", "appProtocol"],
            &["port"],
            "the fields of a ServicePort",
        ),
        (
            format!("{SERVICE}  selector:\n    app: web\n  ports:\n  - port: 80\n    targetPort: |"),
            &["http", "metrics", "8080", "9090"],
            &[],
            "a targetPort: the selected pods' port names, then numbers",
        ),
        (
            format!("{SERVICE}  selector:\n    app: nothing\n  ports:\n  - port: 80\n    targetPort: |"),
            &[],
            &["http", "8080"],
            "a Service selecting no pod offers no port",
        ),
        (
            "apiVersion: v1\nkind: |".into(),
            &["Pod", "Service", "Deployment", "StatefulSet", "EndpointSlice"],
            &[],
            "the kinds svcmap reads",
        ),
        (
            "kind: Deployment\napiVersion: |".into(),
            &["apps/v1", "v1", "batch/v1", "discovery.k8s.io/v1"],
            &[],
            "the apiVersions, the kind's first",
        ),
        (
            format!("{SERVICE}  selector:\n    |"),
            &["app", "tier"],
            &[],
            "a selector's keys: the pods' label keys",
        ),
        (
            format!("{SERVICE}  selector:\n    app: |"),
            &["batch", "web"],
            &[],
            "a selector's values: the pods' values of the key",
        ),
        (
            format!("{SERVICE}  selector:\n    tier: |"),
            &["frontend"],
            &["web"],
            "only the values of that key",
        ),
        (
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  namespace: |".into(),
            &["default", "jobs"],
            &[],
            "the namespaces of the input, with default",
        ),
        (
            "apiVersion: apps/v1\nkind: StatefulSet\nspec:\n  |".into(),
            &["replicas", "selector", "template", "serviceName", "updateStrategy"],
            &["strategy", "parallelism", "paused"],
            "a StatefulSet's spec has its own fields",
        ),
        (
            "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n      - name: a\n        ports:\n        - |".into(),
            &["name", "containerPort", "protocol", "hostPort", "hostIP"],
            &[],
            "a ContainerPort, right after its dash",
        ),
        (
            format!("{SERVICE}  type: |"),
            &["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"],
            &[],
            "the Service types",
        ),
        (
            format!("{SERVICE}  publishNotReadyAddresses: |"),
            &["true", "false"],
            &[],
            "a boolean",
        ),
        (
            "|".into(),
            &["apiVersion", "kind", "metadata", "spec"],
            &[],
            "an empty document: the top-level fields",
        ),
        (
            "apiVersion: v1\nkind: Pod\nmetadata:\n  la|".into(),
            &["name", "namespace", "labels", "annotations"],
            &[],
            "half a word: every field (the editor filters)",
        ),
    ];
    for (doc, want, unwanted, label) in rows {
        let got = labels(&doc);
        let mut last = None;
        for w in want {
            let at = got.iter().position(|g| g == w);
            assert!(at.is_some(), "{label}: {w} missing from {got:?}");
            assert!(at > last, "{label}: {w} out of order in {got:?}");
            last = at;
        }
        for u in unwanted {
            assert!(
                !got.iter().any(|g| g == u),
                "{label}: {u} offered in {got:?}"
            );
        }
    }
}

#[test]
fn a_field_inserts_its_key_and_what_comes_next() {
    let text = format!("{SERVICE}  ");
    let a = analyze(&text);
    let c = complete(&text, text.len(), &a).expect("completions");
    assert_eq!(c.from, text.len());
    let apply = |l: &str| {
        c.items
            .iter()
            .find(|i| i.label == l)
            .map(|i| i.apply.clone())
    };
    // (field, insert)
    let rows = [
        ("type", "type: "),
        ("selector", "selector:\n    "),
        ("ports", "ports:\n    - "),
        ("externalIPs", "externalIPs:\n    - "),
    ];
    for (field, want) in rows {
        assert_eq!(apply(field).as_deref(), Some(want), "{field}");
    }
}

/// The hover's lines at `|` in `INPUT` followed by `doc`.
fn hover_at(doc: &str) -> Vec<String> {
    let text = format!("{INPUT}{doc}");
    let offset = text.find('|').expect("a cursor marker");
    let text = text.replace('|', "");
    let a = analyze(&text);
    hover(&text, offset, &a)
        .map(|h| h.lines)
        .unwrap_or_default()
}

#[test]
fn hovers() {
    // (document with `|`, expected lines (each a prefix), label)
    let rows: Vec<(String, &[&str], &str)> = vec![
        (
            format!("{SERVICE}  ty|pe: ClusterIP\n"),
            &["type (string): How the Service is exposed"],
            "a field: its type and meaning",
        ),
        (
            format!("{SERVICE}  ports:\n  - port: 80\n    |targetPort: http\n"),
            &["targetPort (integer or string): "],
            "a field in a list item",
        ),
        (
            format!("{SERVICE}  sel|ector:\n    app: web\n"),
            &[
                "selector (map of labels): ",
                "Matches 2 pods: web-",
            ],
            "a Service's selector: its pods",
        ),
        (
            format!("{SERVICE}  selector:\n    a|pp: web\n"),
            &["Matches 2 pods: "],
            "a key inside a selector",
        ),
        (
            format!("{SERVICE}  selector:\n    app: ba|ch\n"),
            &[],
            "not on a key: nothing",
        ),
        (
            format!("{SERVICE}  sel|ector:\n    app: wbe\n"),
            &["selector (map of labels): ", "No pod matches.", "Nearest: web-"],
            "no pod: the nearest miss",
        ),
        (
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  sel|ector:\n    matchLabels:\n      app: web\n".into(),
            &["selector (LabelSelector): ", "Matches 2 pods: "],
            "a workload's selector",
        ),
        (
            "apiVersion: v1\nkind: ConfigMap\nda|ta: {}\n".into(),
            &[],
            "a kind svcmap does not read: nothing",
        ),
    ];
    for (doc, want, label) in rows {
        let got = hover_at(&doc);
        assert_eq!(got.len(), want.len(), "{label}: {got:?}");
        for (g, w) in got.iter().zip(want) {
            assert!(g.starts_with(w), "{label}: {g:?} does not start with {w:?}");
        }
    }
}

#[test]
fn real_manifests_and_repros_never_break_completion_or_hover() {
    let dirs = [
        concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/realworld"),
        concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/realworld/repro"),
    ];
    let mut files = 0;
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        for e in entries.flatten() {
            let path = e.path();
            if !path
                .extension()
                .is_some_and(|x| x == "yaml" || x == "yml" || x == "json")
            {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            files += 1;
            let a = analyze(&text);
            // Places spread over the text (inside characters too), each at
            // its line's start and end as well: an answer or none, never a
            // panic. A request reads the cursor's whole object, so the
            // cluster dumps with CRDs of 10 000 lines get fewer (debug
            // builds take ~40 ms a request there).
            let places = if text.len() > 200_000 { 20 } else { 200 };
            let step = (text.len() / places).max(1);
            for at in (0..text.len()).step_by(step) {
                let bytes = text.as_bytes();
                let start = bytes[..at]
                    .iter()
                    .rposition(|b| *b == b'\n')
                    .map_or(0, |n| n + 1);
                let end = bytes[at..]
                    .iter()
                    .position(|b| *b == b'\n')
                    .map_or(text.len(), |n| at + n);
                for at in [at, start, end] {
                    let _ = complete(&text, at, &a);
                    let _ = hover(&text, at, &a);
                }
            }
            for at in [0, text.len()] {
                let _ = complete(&text, at, &a);
                let _ = hover(&text, at, &a);
            }
        }
    }
    assert!(files > 0, "no manifests read");
}

#[test]
fn a_real_service_hovers_with_its_pods() {
    // The frontend Service of Online Boutique: hovering its selector lists
    // the frontend Deployment's pod (replicas unset: 1).
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/realworld/online-boutique.yaml"
    ));
    let Ok(text) = text else { return };
    let a = analyze(&text);
    let Some(at) = text.find("  selector:\n    app: frontend") else {
        return;
    };
    let h = hover(&text, at + 4, &a).expect("a hover");
    assert!(
        h.lines
            .iter()
            .any(|l| l.starts_with("Matches 1 pod: frontend-")),
        "{:?}",
        h.lines
    );
}
