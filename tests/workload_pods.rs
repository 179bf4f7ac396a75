//! The pods workloads create, as Kubernetes makes them: Job and CronJob pods
//! (labels the API server adds, Indexed names and hostnames, how many run),
//! StatefulSet ordinals, hostNetwork addresses, and pods an operator creates.

use svcmap::engine::{analyze, Analysis, DiagnosticCode, Severity};

/// A small input of the real-world corpus that sits next to the project.
fn repro(name: &str) -> String {
    let path = format!(
        "{}/../shared/realworld/repro/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The names of the pods behind Service `svc`, each without its 5-character
/// random suffix (the API server's `generateName`), sorted.
fn backend_prefixes(a: &Analysis, svc: &str) -> Vec<String> {
    let s = a
        .services
        .iter()
        .find(|s| s.service.meta.name == svc)
        .unwrap_or_else(|| panic!("no Service {svc}"));
    let mut out: Vec<String> = s
        .backends
        .iter()
        .map(|b| {
            let name = &a.pods[b.pod].pod.meta.name;
            let (prefix, suffix) = name.split_at(name.len().saturating_sub(5));
            assert!(
                suffix
                    .bytes()
                    .all(|c| b"bcdfghjklmnpqrstvwxz2456789".contains(&c)),
                "{name}: a generated suffix uses Kubernetes' alphabet"
            );
            prefix.to_string()
        })
        .collect();
    out.sort();
    out
}

/// The pod named `prefix` + 5 characters.
fn pod_with_prefix<'a>(a: &'a Analysis, prefix: &str) -> &'a svcmap::engine::Pod {
    a.pods
        .iter()
        .map(|p| p.pod.as_ref())
        .find(|p| p.meta.name.len() == prefix.len() + 5 && p.meta.name.starts_with(prefix))
        .unwrap_or_else(|| panic!("no pod {prefix}*"))
}

fn warnings(a: &Analysis) -> Vec<String> {
    a.diagnostics
        .iter()
        .filter(|d| d.severity != Severity::Info)
        .map(|d| d.message.clone())
        .collect()
}

const INDEXED: &str =
    "apiVersion: batch/v1\nkind: Job\nmetadata: {name: ix}\nspec:\n  completionMode: Indexed\n";
const SVC_APP: &str = "---\napiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  clusterIP: None\n  selector: {app: w}\n";

/// Which pods a Job runs and how they are named, from `generateSelector`
/// (labels), `manageJob` (how many; Indexed names) and `SetDefaults_Job`.
#[test]
fn job_pods_table() {
    let job = |spec: &str| {
        format!("apiVersion: batch/v1\nkind: Job\nmetadata: {{name: pi}}\nspec:\n{spec}  template:\n    metadata: {{labels: {{app: w}}}}\n    spec: {{containers: [{{name: c}}]}}\n{SVC_APP}")
    };
    let indexed = |counts: &str| {
        format!("{INDEXED}{counts}  template:\n    metadata: {{labels: {{app: w}}}}\n    spec: {{containers: [{{name: c}}]}}\n{SVC_APP}")
    };
    let rows: Vec<(String, &str, Vec<&str>, &str)> = vec![
        (
            repro("job.yaml"),
            "pi",
            vec!["pi-", "pi-"],
            "selected by the batch.kubernetes.io/job-name label the API server adds; parallelism 2 of 4 completions",
        ),
        (job(""), "s", vec!["pi-"], "no parallelism, no completions: one pod"),
        (job("  parallelism: 5\n  completions: 2\n"), "s", vec!["pi-", "pi-"], "never more pods than completions"),
        (job("  parallelism: 3\n"), "s", vec!["pi-", "pi-", "pi-"], "a work queue runs parallelism pods"),
        (job("  suspend: true\n"), "s", vec![], "a suspended Job runs no pod"),
        (
            repro("indexed-labeled.yaml"),
            "headless-svc",
            vec!["example-job-0-", "example-job-1-", "example-job-2-"],
            "Indexed: <job>-<index>-<suffix>",
        ),
        (
            indexed("  completions: 5\n  parallelism: 2\n"),
            "s",
            vec!["ix-0-", "ix-1-"],
            "Indexed: the lowest pending indexes first",
        ),
        (
            repro("cronjob.yaml"),
            "report-metrics",
            vec!["report-29453760-"],
            "a CronJob's Job is <cronjob>-<minutes since the epoch>, its pods <job>-<suffix>",
        ),
    ];
    for (input, svc, want, label) in rows {
        let a = analyze(&input);
        assert_eq!(backend_prefixes(&a, svc), want, "{label}");
        if !want.is_empty() {
            assert_eq!(warnings(&a), Vec::<String>::new(), "{label}: no warning");
        }
    }
}

/// `generateSelector`: the four labels, with the Job's name and uid, unless
/// `manualSelector: true`.
#[test]
fn job_pod_labels_table() {
    let job = |extra_meta: &str, extra_spec: &str| {
        format!("apiVersion: batch/v1\nkind: Job\nmetadata: {{name: pi{extra_meta}}}\nspec:\n{extra_spec}  template:\n    metadata: {{labels: {{app: w}}}}\n    spec: {{containers: [{{name: c}}]}}\n")
    };
    let uid = "8ad1bc52-5b43-4e77-9b7e-b0a8b8a0b3a1";
    // (input, pod prefix, expected (label, value) pairs; None: absent, label)
    type Row<'a> = (String, &'a str, Vec<(&'a str, Option<&'a str>)>, &'a str);
    let rows: Vec<Row> = vec![
        (
            job(&format!(", uid: {uid}"), ""),
            "pi-",
            vec![
                ("app", Some("w")),
                ("job-name", Some("pi")),
                ("batch.kubernetes.io/job-name", Some("pi")),
                ("controller-uid", Some(uid)),
                ("batch.kubernetes.io/controller-uid", Some(uid)),
                ("batch.kubernetes.io/job-completion-index", None),
            ],
            "generated labels carry the Job's name and uid",
        ),
        (
            job("", "  manualSelector: true\n  selector: {matchLabels: {app: w}}\n"),
            "pi-",
            vec![
                ("app", Some("w")),
                ("job-name", None),
                ("batch.kubernetes.io/job-name", None),
                ("controller-uid", None),
                ("batch.kubernetes.io/controller-uid", None),
            ],
            "manualSelector: true adds nothing",
        ),
        (
            format!("{INDEXED}  completions: 2\n  parallelism: 2\n  template:\n    spec: {{containers: [{{name: c}}]}}\n"),
            "ix-1-",
            vec![
                ("job-name", Some("ix")),
                ("batch.kubernetes.io/job-completion-index", Some("1")),
            ],
            "Indexed: the completion index label",
        ),
        (
            repro("cronjob.yaml"),
            "report-29453760-",
            vec![
                ("app", Some("report")),
                ("job-name", Some("report-29453760")),
                ("batch.kubernetes.io/job-name", Some("report-29453760")),
            ],
            "a CronJob's pods carry its Job's name",
        ),
    ];
    for (input, prefix, want, label) in rows {
        let a = analyze(&input);
        let p = pod_with_prefix(&a, prefix);
        for (key, value) in want {
            assert_eq!(
                p.meta.labels.get(key).map(String::as_str),
                value,
                "{label}: label {key}"
            );
        }
    }
}

/// The docs' "Job with Pod-to-Pod Communication": an Indexed Job's pods get
/// hostnames `<job>-<index>` and, with `subdomain`, DNS names under the
/// headless Service (`manageJob`; the endpoints controller's hostname rule).
#[test]
fn indexed_job_hostnames_and_dns() {
    let a = analyze(&repro("indexed-labeled.yaml"));
    let s = &a.services[0];
    let mut hostnames: Vec<String> = s
        .slices
        .iter()
        .flat_map(|sl| sl.endpoints.iter())
        .filter_map(|e| e.hostname.clone())
        .collect();
    hostnames.sort();
    assert_eq!(
        hostnames,
        ["example-job-0", "example-job-1", "example-job-2"]
    );
    for i in 0..3 {
        let name = format!("example-job-{i}.headless-svc.default.svc.cluster.local");
        assert!(
            s.dns.iter().any(|r| r.name == name && r.rtype == "A"),
            "{name} in {:?}",
            s.dns
        );
        let p = pod_with_prefix(&a, &format!("example-job-{i}-"));
        assert_eq!(
            p.meta
                .annotations
                .get("batch.kubernetes.io/job-completion-index")
                .map(String::as_str),
            Some(i.to_string().as_str()),
            "the completion index annotation"
        );
    }
}

/// A CronJob's run is simulated and said so; a suspended CronJob starts none.
#[test]
fn cronjob_runs_are_said_to_be_simulated() {
    let a = analyze(&repro("cronjob.yaml"));
    let notes: Vec<&str> = a
        .diagnostics
        .iter()
        .filter(|d| d.code == DiagnosticCode::Simulated)
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0].contains("report-29453760") && notes[0].contains("simulated"));
    let suspended = repro("cronjob.yaml").replacen(
        "spec:\n  schedule",
        "spec:\n  suspend: true\n  schedule",
        1,
    );
    let a = analyze(&suspended);
    assert!(backend_prefixes(&a, "report-metrics").is_empty());
    assert!(a
        .diagnostics
        .iter()
        .any(|d| d.code == DiagnosticCode::Simulated && d.message.contains("suspended")));
}

/// `spec.ordinals.start`: pods `<set>-<start+i>`, the pod-index label and
/// hostname follow the ordinal.
#[test]
fn statefulset_ordinals_start() {
    let a = analyze(&repro("ordinals.yaml"));
    let s = &a.services[0];
    let mut names: Vec<&str> = s
        .backends
        .iter()
        .map(|b| a.pods[b.pod].pod.meta.name.as_str())
        .collect();
    names.sort();
    assert_eq!(names, ["db-5", "db-6"]);
    for b in &s.backends {
        let p = &a.pods[b.pod].pod;
        let ordinal = p.meta.name.trim_start_matches("db-");
        assert_eq!(
            p.meta
                .labels
                .get("apps.kubernetes.io/pod-index")
                .map(String::as_str),
            Some(ordinal)
        );
        assert_eq!(p.spec.hostname.as_deref(), Some(p.meta.name.as_str()));
    }
    assert!(s
        .dns
        .iter()
        .any(|r| r.name == "db-5.db.default.svc.cluster.local"));
    let bad = repro("ordinals.yaml").replace("start: 5", "start: -1");
    assert!(analyze(&bad)
        .diagnostics
        .iter()
        .any(|d| d.code == DiagnosticCode::InvalidValue && d.message.contains("ordinals.start")));
}

/// `hostNetwork: true`: a pod's IP is its node's (the kubelet's
/// `generateAPIPodStatus`), so hostNetwork pods of one node share it.
#[test]
fn host_network_pods_take_their_node_address() {
    let a = analyze(&repro("hostnet.yaml"));
    let node_ips = ["10.0.0.11", "10.0.0.12", "10.0.0.13"];
    let s = &a.services[0];
    let mut ips: Vec<String> = s
        .backends
        .iter()
        .map(|b| a.pods[b.pod].pod.status.as_ref().unwrap().pod_ips[0].clone())
        .collect();
    ips.sort();
    assert_eq!(
        ips, node_ips,
        "one node-exporter pod per node, on the node's address"
    );
    // The other DaemonSet's pods share those addresses, node by node.
    for p in &a.pods {
        let node = p.pod.spec.node_name.as_deref().unwrap();
        let i = ["node-1", "node-2", "node-3"]
            .iter()
            .position(|n| *n == node)
            .unwrap();
        assert_eq!(
            p.pod.status.as_ref().unwrap().pod_ips,
            [node_ips[i]],
            "{}",
            p.pod.meta.name
        );
    }
    assert_eq!(warnings(&a), Vec::<String>::new());
    // A pod without hostNetwork keeps a pod-network address.
    let plain = repro("hostnet.yaml").replace("hostNetwork: true", "hostNetwork: false");
    let a = analyze(&plain);
    assert!(a
        .pods
        .iter()
        .all(|p| p.pod.status.as_ref().unwrap().pod_ips[0].starts_with("10.244.")));
}

/// A Service whose pods an operator creates from a custom resource of the
/// input (kube-prometheus' `Prometheus` and `Alertmanager`) gets a note naming
/// the resource, not a warning.
#[test]
fn operator_pods_turn_the_warning_into_a_note() {
    let path = format!(
        "{}/../shared/realworld/kube-prometheus.yaml",
        env!("CARGO_MANIFEST_DIR")
    );
    let a = analyze(&std::fs::read_to_string(&path).expect("kube-prometheus.yaml"));
    let svc002: Vec<(Severity, &str)> = a
        .diagnostics
        .iter()
        .filter(|d| d.code == DiagnosticCode::NoMatchingPods)
        .map(|d| (d.severity, d.message.as_str()))
        .collect();
    let rows = [
        ("alertmanager-main", "Alertmanager monitoring/main"),
        ("prometheus-k8s", "Prometheus monitoring/k8s"),
    ];
    assert_eq!(svc002.len(), rows.len(), "{svc002:?}");
    for (svc, cr) in rows {
        assert!(
            svc002.iter().any(|(sev, m)| *sev == Severity::Info
                && m.contains(&format!("`{svc}`"))
                && m.contains(&format!("pods come from {cr}, created by its operator"))),
            "{svc}: {svc002:?}"
        );
    }
    // A selector the operator's pods do not carry stays a warning.
    let text = "apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nmetadata: {name: k8s, namespace: monitoring}\nspec:\n  podMetadata: {labels: {app: prom}}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: other, namespace: monitoring}\nspec:\n  selector: {app: grafana}\n  ports: [{port: 80}]\n---\napiVersion: v1\nkind: Service\nmetadata: {name: elsewhere}\nspec:\n  selector: {app: prom}\n  ports: [{port: 80}]\n";
    let a = analyze(text);
    let got: Vec<(Severity, bool)> = a
        .diagnostics
        .iter()
        .filter(|d| d.code == DiagnosticCode::NoMatchingPods)
        .map(|d| (d.severity, d.message.contains("operator")))
        .collect();
    assert_eq!(
        got,
        [(Severity::Warning, false), (Severity::Warning, false)],
        "another selector, and another namespace, stay warnings"
    );
}
