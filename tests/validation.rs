//! Service validation as the API server does it: rows of Kubernetes'
//! `TestValidateServiceCreate`, written as the v1 YAML a user applies.

use svcmap::engine::model::IntOrString;
use svcmap::engine::{analyze, Analysis, Diagnostic, Severity};

/// `makeValidService` of `pkg/apis/core/validation/validation_test.go` in
/// v1 YAML, with `spec` replaced by the row's.
fn service(spec: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Service\nmetadata: {{name: valid, namespace: valid}}\nspec:\n{spec}"
    )
}

/// The base spec: selector `{key: val}`, one port `p` 8675/TCP → 8675.
const SELECTOR: &str = "  selector: {key: val}\n";
const PORT_P: &str = "  - {name: p, protocol: TCP, port: 8675, targetPort: 8675}\n";

fn errors(a: &Analysis) -> Vec<&Diagnostic> {
    a.diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect()
}

// TestValidateServiceCreate (pkg/apis/core/validation/validation_test.go):
// the rows about what svcmap checks (ports, names, protocols, target ports,
// node ports, the selector), with `numErrs` as there. Rows whose field the
// v1 defaulting fills in (`SetDefaults_Service`) expect what the server says
// after defaulting; they say so in their label.
#[test]
fn validate_service_create_rows() {
    let ports = |extra: &str| format!("{SELECTOR}  ports:\n{PORT_P}{extra}");
    let typed = |t: &str, extra: &str| format!("  type: {t}\n{}", ports(extra));
    let rows: Vec<(String, usize, &str)> = vec![
        (ports(""), 0, "valid 1"),
        (format!("  ports:\n{PORT_P}"), 0, "nil selector"),
        (
            format!("  selector: {{key: val, NoSpecialCharsLike=Equals: bar}}\n  ports:\n{PORT_P}"),
            1,
            "invalid selector",
        ),
        (SELECTOR.to_string(), 1, "missing ports"),
        (
            format!("{SELECTOR}  clusterIP: None\n"),
            0,
            "missing ports but headless",
        ),
        (
            format!("{SELECTOR}  ports:\n  - {{protocol: TCP, port: 8675, targetPort: 8675}}\n"),
            0,
            "empty port[0] name",
        ),
        (
            ports("  - {name: \"\", protocol: TCP, port: 12345, targetPort: 12345}\n"),
            1,
            "empty port[1] name",
        ),
        (
            format!("{SELECTOR}  ports:\n  - {{name: \"\", protocol: TCP, port: 8675, targetPort: 8675}}\n  - {{name: p, protocol: TCP, port: 12345, targetPort: 12345}}\n"),
            1,
            "empty multi-port port[0] name",
        ),
        (
            format!("{SELECTOR}  ports:\n  - {{name: INVALID, protocol: TCP, port: 8675, targetPort: 8675}}\n"),
            1,
            "invalid port name",
        ),
        (
            format!("{SELECTOR}  ports:\n  - {{name: p, protocol: \"\", port: 8675, targetPort: 8675}}\n"),
            0,
            "missing protocol (v1 defaults it to TCP)",
        ),
        (
            format!("{SELECTOR}  ports:\n  - {{name: p, protocol: INVALID, port: 8675, targetPort: 8675}}\n"),
            1,
            "invalid protocol",
        ),
        (
            format!("{SELECTOR}  ports:\n  - {{name: p, protocol: TCP, port: 0, targetPort: 8675}}\n"),
            1,
            "missing port",
        ),
        (
            format!("{SELECTOR}  ports:\n  - {{name: p, protocol: TCP, port: 65536, targetPort: 8675}}\n"),
            1,
            "invalid port",
        ),
        (
            format!("{SELECTOR}  ports:\n  - {{name: p, protocol: TCP, port: 8675, targetPort: 65536}}\n"),
            1,
            "invalid TargetPort int",
        ),
        (
            format!("{SELECTOR}  clusterIP: None\n  ports:\n  - {{name: p, protocol: TCP, port: 11722, targetPort: 11722}}\n"),
            0,
            "valid port headless",
        ),
        (
            format!("{SELECTOR}  clusterIP: None\n  ports:\n  - {{name: p, protocol: TCP, port: 11722, targetPort: 11721}}\n"),
            0,
            "invalid port headless 1 (tolerated in v1)",
        ),
        (
            format!("{SELECTOR}  clusterIP: None\n  ports:\n  - {{name: p, protocol: TCP, port: 11722, targetPort: target}}\n"),
            0,
            "invalid port headless 2 (tolerated in v1)",
        ),
        (
            ports("  - {name: p, port: 12345, protocol: TCP, targetPort: 12345}\n"),
            1,
            "dup port name",
        ),
        (
            format!("{SELECTOR}  ports:\n  - {{name: p, protocol: UDP, port: 8675, targetPort: 12345}}\n"),
            0,
            "valid 2",
        ),
        (
            format!("{SELECTOR}  ports:\n  - {{name: p, protocol: TCP, port: 8675, targetPort: http}}\n"),
            0,
            "valid 3",
        ),
        (typed("LoadBalancer", ""), 0, "valid type - loadbalancer"),
        (
            typed(
                "LoadBalancer",
                "  - {name: q, port: 12345, protocol: UDP, targetPort: 12345}\n",
            ),
            0,
            "load balancer with mix protocol",
        ),
        (
            typed("NodePort", "  - {name: q, port: 1, protocol: TCP, nodePort: 1, targetPort: 1}\n  - {name: r, port: 2, protocol: TCP, nodePort: 1, targetPort: 2}\n"),
            1,
            "duplicate nodeports",
        ),
        (
            typed("NodePort", "  - {name: q, port: 1, protocol: TCP, nodePort: 1, targetPort: 1}\n  - {name: r, port: 2, protocol: UDP, nodePort: 1, targetPort: 2}\n  - {name: s, port: 3, protocol: SCTP, nodePort: 1, targetPort: 3}\n"),
            0,
            "duplicate nodeports (different protocols)",
        ),
        (
            typed("ClusterIP", "  - {name: q, port: 12345, protocol: TCP, targetPort: 8080}\n  - {name: r, port: 12345, protocol: TCP, targetPort: 80}\n"),
            1,
            "invalid duplicate ports (with same protocol)",
        ),
        (
            typed("ClusterIP", "  - {name: q, port: 12345, protocol: TCP, targetPort: 8080}\n  - {name: r, port: 12345, protocol: UDP, targetPort: 80}\n  - {name: s, port: 12345, protocol: SCTP, targetPort: 8088}\n"),
            0,
            "valid duplicate ports (with different protocols)",
        ),
        (
            typed("NodePort", "  - {name: q, port: 12345, protocol: TCP, nodePort: 12345, targetPort: 12345}\n"),
            0,
            "valid type=NodePort service with NodePort",
        ),
        (
            typed("ClusterIP", "  - {name: q, port: 12345, protocol: TCP, targetPort: 12345}\n"),
            0,
            "valid cluster service without NodePort",
        ),
        (
            typed("ClusterIP", "  - {name: q, port: 12345, protocol: TCP, nodePort: 12345, targetPort: 12345}\n"),
            1,
            "invalid cluster service with NodePort",
        ),
        (
            typed("NodePort", "  - {name: p1, port: 1, protocol: TCP, nodePort: 1, targetPort: 1}\n  - {name: p2, port: 2, protocol: TCP, nodePort: 1, targetPort: 2}\n"),
            1,
            "invalid public service with duplicate NodePort",
        ),
        (
            typed("LoadBalancer", "  - {name: kubelet, port: 10250, protocol: TCP, targetPort: 12345}\n"),
            0,
            "valid port type=LoadBalancer",
        ),
        (
            format!("  type: ExternalName\n  externalName: foo.bar.example.com\n{}", ports("")),
            0,
            "valid ExternalName",
        ),
        (
            "  type: ExternalName\n  externalName: foo.bar.example.com\n".to_string(),
            0,
            "ExternalName without ports (ports are not required)",
        ),
        // validateServicePort's other rules, one row each.
        (
            format!("{SELECTOR}  ports:\n  - {{name: p, protocol: TCP, port: 8675, targetPort: \"8080\"}}\n"),
            1,
            "targetPort \"8080\" is a string: IsValidPortName wants a letter",
        ),
        (
            format!("{SELECTOR}  ports:\n  - {{name: p, protocol: TCP, port: 8675, targetPort: this-name-is-way-too-long}}\n"),
            1,
            "targetPort name longer than 15",
        ),
        (
            format!("{SELECTOR}  ports:\n  - {{name: p, protocol: TCP, port: 8675, targetPort: -1}}\n"),
            1,
            "targetPort -1 out of range",
        ),
        (
            format!("{SELECTOR}  ports:\n  - {{name: a, port: 80, targetPort: 0}}\n  - {{name: b, port: 81, targetPort: \"\"}}\n"),
            0,
            "targetPort 0 and \"\" are defaulted to the port",
        ),
        (
            format!("{SELECTOR}  ports:\n  - {{name: p, port: 8675, appProtocol: kubernetes.io/h2c}}\n"),
            0,
            "appProtocol qualified name",
        ),
        (
            format!("{SELECTOR}  ports:\n  - {{name: p, port: 8675, appProtocol: \"-h2c\"}}\n"),
            1,
            "appProtocol not a qualified name",
        ),
        (
            format!("  selector: {{key: -val}}\n  ports:\n{PORT_P}"),
            1,
            "invalid selector value",
        ),
    ];
    let mut failures = Vec::new();
    for (spec, want, label) in &rows {
        let a = analyze(&service(spec));
        let got = errors(&a);
        if got.len() != *want {
            failures.push(format!(
                "{label}: {} errors, want {want}:\n{spec}{got:#?}",
                got.len()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Each problem of the repro is said where it is written, once, and the
/// quoted number says why it is refused.
#[test]
fn validation_repro_errors_where_written() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/realworld/repro/validation.yaml"
    ))
    .expect("repro");
    let a = analyze(&text);
    let got: Vec<(usize, usize, &str, bool)> = errors(&a)
        .iter()
        .map(|d| {
            let s = d.span.expect("a span");
            (
                s.start.line,
                s.start.column,
                d.code.as_str(),
                d.help.is_some(),
            )
        })
        .collect();
    // (line, column, code, has help): two unnamed ports of `multi`; then
    // `badname`'s quoted number, its duplicate name and its too long name.
    let want = vec![
        (7, 5, "OBJ002", true),
        (8, 5, "OBJ002", true),
        (16, 40, "OBJ007", true),
        (17, 12, "OBJ007", true),
        (17, 40, "OBJ007", true),
    ];
    assert_eq!(got, want, "{:#?}", a.diagnostics);
    let quoted = &errors(&a)[2];
    assert!(
        quoted
            .message
            .contains("\"8080\" is a string, not the number 8080"),
        "{}",
        quoted.message
    );
    assert_eq!(
        quoted.help.as_deref(),
        Some("write the number without quotes: `targetPort: 8080`")
    );
    // The names the server refuses are not looked up among container ports.
    assert!(
        a.diagnostics.iter().all(|d| d.code.as_str() != "SVC004"),
        "{:#?}",
        a.diagnostics
    );
}

/// `targetPort: 0` and `""` stay accepted: the API server defaults them to the port.
#[test]
fn target_port_zero_and_empty_mean_the_port() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/realworld/repro/tp0.yaml"
    ))
    .expect("repro");
    let a = analyze(&text);
    assert!(!a.has_errors(), "{:#?}", a.diagnostics);
    let targets: Vec<IntOrString> = a.services[0]
        .service
        .ports
        .iter()
        .map(|p| p.target_port.clone())
        .collect();
    assert_eq!(targets, vec![IntOrString::Int(80), IntOrString::Int(81)]);
}

/// No Service of the public manifests is refused: they are what real
/// clusters accept.
#[test]
fn realworld_services_pass_validation() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/realworld");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("realworld dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    assert!(files.len() >= 12, "{files:?}");
    for f in files {
        let a = analyze(&std::fs::read_to_string(&f).expect("read"));
        let bad: Vec<_> = a
            .diagnostics
            .iter()
            .filter(|d| d.severity != Severity::Info)
            .filter(|d| {
                matches!(
                    d.code.as_str(),
                    "OBJ002" | "OBJ007" | "OBJ008" | "LBL001" | "LBL002"
                )
            })
            .collect();
        assert!(bad.is_empty(), "{}: {bad:#?}", f.display());
    }
}

/// A removed API version is said as such, where `apiVersion` is written,
/// with the version to use and what it requires; the cluster does not create
/// the object, so it has no pods.
#[test]
fn removed_api_version_is_said_and_not_created() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/realworld/repro/oldapi.yaml"
    ))
    .expect("repro");
    let a = analyze(&text);
    let errs = errors(&a);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    let e = errs[0];
    assert_eq!(e.code.as_str(), "OBJ008");
    let s = e.span.expect("a span");
    assert_eq!((s.start.line, s.start.column), (1, 13));
    assert!(
        e.message.contains("removed in Kubernetes 1.16"),
        "{}",
        e.message
    );
    assert!(e.message.contains("`apiVersion: apps/v1`"), "{}", e.message);
    let help = e.help.as_deref().unwrap_or("");
    assert!(help.contains("`spec.selector` is required"), "{help}");
    assert!(
        help.contains("`selector: {matchLabels: {app: web}}`"),
        "{help}"
    );
    assert!(a.pods.is_empty(), "{:?}", a.pods.len());
    assert!(a.services[0].backends.is_empty());
}

// (manifest, removed-API errors, help names a selector, label): each
// removal where it applies, and only there.
#[test]
fn removed_api_rows() {
    let workload = |version: &str, kind: &str, selector: &str| {
        format!("apiVersion: {version}\nkind: {kind}\nmetadata: {{name: w}}\nspec:\n{selector}  template:\n    metadata: {{labels: {{app: w, version: \"1.0\"}}}}\n    spec: {{containers: [{{name: c, image: x}}]}}\n")
    };
    let sel = "  selector: {matchLabels: {app: w, version: \"1.0\"}}\n";
    let rows: Vec<(String, usize, bool, &str)> = vec![
        (
            workload("extensions/v1beta1", "Deployment", ""),
            1,
            true,
            "extensions Deployment",
        ),
        (
            workload("extensions/v1beta1", "DaemonSet", sel),
            1,
            false,
            "extensions DaemonSet with a selector",
        ),
        (
            workload("apps/v1beta1", "StatefulSet", ""),
            1,
            true,
            "apps/v1beta1 StatefulSet",
        ),
        (
            workload("apps/v1beta2", "ReplicaSet", ""),
            1,
            true,
            "apps/v1beta2 ReplicaSet",
        ),
        (
            workload("apps/v1", "Deployment", sel),
            0,
            false,
            "apps/v1 Deployment",
        ),
        (
            "apiVersion: batch/v1beta1\nkind: CronJob\nmetadata: {name: c}\nspec: {}\n".into(),
            1,
            false,
            "batch/v1beta1 CronJob",
        ),
        (
            "apiVersion: networking.k8s.io/v1beta1\nkind: Ingress\nmetadata: {name: i}\nspec: {}\n"
                .into(),
            1,
            false,
            "networking.k8s.io/v1beta1 Ingress",
        ),
        (
            "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: p}\nspec: {}\n"
                .into(),
            0,
            false,
            "policy/v1 PodDisruptionBudget",
        ),
    ];
    for (text, want, selector_help, label) in rows {
        let a = analyze(&text);
        let removed: Vec<&Diagnostic> = a
            .diagnostics
            .iter()
            .filter(|d| d.code.as_str() == "OBJ008")
            .collect();
        assert_eq!(removed.len(), want, "{label}: {:#?}", a.diagnostics);
        if let Some(d) = removed.first() {
            let help = d.help.as_deref().unwrap_or("");
            assert_eq!(
                help.contains("`selector: {matchLabels: {app: w, version: \"1.0\"}}`"),
                selector_help,
                "{label}: {help}"
            );
            // Nothing else is said about an object the cluster does not create.
            assert_eq!(errors(&a).len(), 1, "{label}: {:#?}", a.diagnostics);
        }
    }
}
