//! Inputs as kubectl reads them (`NewYAMLOrJSONDecoder`, sigs.k8s.io/yaml):
//! JSON streams and YAML 1.1 scalars, whole texts through `engine::analyze`.

use svcmap::engine::{analyze, Analysis, Severity};

/// `code@line:column` of every error.
fn errors(a: &Analysis) -> Vec<String> {
    a.diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| {
            let (l, c) = d.span.map_or((0, 0), |s| (s.start.line, s.start.column));
            format!("{}@{l}:{c}", d.code)
        })
        .collect()
}

/// `namespace/name=backends` of every Service.
fn services(a: &Analysis) -> Vec<String> {
    a.services
        .iter()
        .map(|s| {
            format!(
                "{}/{}={}",
                s.service.meta.namespace,
                s.service.meta.name,
                s.backends.len()
            )
        })
        .collect()
}

const SVC: &str = r#"{"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},"spec":{"selector":{"app":"web"},"ports":[{"port":80}]}}"#;
const POD: &str = r#"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}"#;
/// A Pod whose `metadata.labels.app` is a number: refused by the API server.
const BAD_POD: &str = r#"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"bad","labels":{"app":1}},"spec":{"containers":[{"name":"c"}]}}"#;

/// (text, Services with their backends, errors, label)
#[test]
fn json_streams_are_read_object_by_object() {
    let rows: [(String, &[&str], &[&str], &str); 6] = [
        (format!("{SVC}\n{POD}\n"), &["default/web=1"], &[], "jq -c: one per line"),
        (format!("{SVC}{POD}"), &["default/web=1"], &[], "back to back"),
        (format!("{SVC} {POD}\n{BAD_POD}\n"), &["default/web=1"], &["OBJ003@2:74"], "the third object's error at its own line and column"),
        (format!("{POD}{BAD_POD}{SVC}"), &["default/web=1"], &["OBJ003@1:208"], "three on one line: columns count from the line's start"),
        (
            format!("kind: List\napiVersion: v1\nitems: []\n---\n{SVC}\n{POD}\n"),
            &["default/web=1"],
            &[],
            "a JSON stream after a YAML document",
        ),
        (
            format!("{{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"Pod\",\n  \"metadata\": {{\"name\": \"web\", \"labels\": {{\"app\": \"web\"}}}}\n}}\n{SVC}\n"),
            &["default/web=1"],
            &[],
            "cat pretty.json compact.json",
        ),
    ];
    for (text, want_services, want_errors, label) in rows {
        let a = analyze(&text);
        assert_eq!(services(&a), want_services, "{label}");
        assert_eq!(errors(&a), want_errors, "{label}");
    }
}

/// The repro: `kubectl get -o json | jq -c '.items[]'` output.
#[test]
fn the_stream_repro_reads_as_kubectl_reads_it() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/realworld/repro/stream.json"
    );
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("skipped: {path} is not here");
        return;
    };
    let a = analyze(&text);
    assert_eq!(services(&a), ["default/web=1"]);
    assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
}

/// sigs.k8s.io/yaml reads YAML 1.1 (go-yaml v2): `1_000` is a number, `yes`
/// a boolean, `1.10` a float. (text, errors, Services, label)
#[test]
fn yaml_1_1_scalars_as_kubernetes_reads_them() {
    let svc = |port: &str| {
        format!("apiVersion: v1\nkind: Service\nmetadata: {{name: web}}\nspec:\n  selector: {{app: web}}\n  ports: [{{port: {port}}}]\n---\napiVersion: v1\nkind: Pod\nmetadata: {{name: web, labels: {{app: web}}}}\n")
    };
    let rows: [(String, &[&str], &str); 5] = [
        (svc("8_080"), &[], "1_000 style: the number 8080"),
        (svc("0x1F90"), &[], "hex 8080"),
        (svc("\"8_080\""), &["OBJ003@6:18"], "quoted: a string, not a port number"),
        (svc("80_000"), &["OBJ007@6:18"], "80000 is out of range"),
        (
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: {app: web, canary: yes, version: 1.10}\n".to_string(),
            &["OBJ003@5:30", "OBJ003@5:44"],
            "yes is a boolean and 1.10 a number: the API server refuses non-string labels",
        ),
    ];
    for (text, want_errors, label) in rows {
        let a = analyze(&text);
        assert_eq!(errors(&a), want_errors, "{label}");
    }
}

#[test]
fn an_unquoted_yes_label_says_why() {
    let a =
        analyze("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    canary: yes\n");
    let d = &a.diagnostics[0];
    assert_eq!(d.severity, Severity::Error);
    assert_eq!(d.span.map(|s| s.start.line), Some(6));
    let help = d.help.as_deref().unwrap_or("");
    assert!(help.contains("quote it: \"yes\""), "{help}");
    assert!(help.contains("YAML 1.1"), "{help}");
}
