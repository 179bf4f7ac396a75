//! A dump's workloads, ReplicaSets and pods: which pods stand behind the Service.

use crate::engine::analyze;

/// A Deployment `web` (uid d1, 3 replicas) and a Service selecting `app: web`.
const DEPLOYMENT: &str = "apiVersion: apps/v1
kind: Deployment
metadata: {name: web, uid: d1}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: nginx}]}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {selector: {app: web}, ports: [{port: 80}]}
";

/// A ReplicaSet `web-abc` of `replicas`, controlled by `owner` (kind, name, uid).
fn replica_set(replicas: u32, owner: &str) -> String {
    format!(
        "---
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: web-abc
  uid: r1
  labels: {{app: web, pod-template-hash: abc}}
  ownerReferences: [{owner}]
spec:
  replicas: {replicas}
  selector: {{matchLabels: {{app: web, pod-template-hash: abc}}}}
  template:
    metadata: {{labels: {{app: web, pod-template-hash: abc}}}}
    spec: {{containers: [{{name: c, image: nginx}}]}}
"
    )
}

/// A running, ready pod `name` with the owner references `owners`.
fn pod(name: &str, ip: &str, owners: &str) -> String {
    format!(
        "---
apiVersion: v1
kind: Pod
metadata:
  name: {name}
  labels: {{app: web, pod-template-hash: abc}}
  ownerReferences: [{owners}]
spec: {{nodeName: n1, containers: [{{name: c, image: nginx}}]}}
status:
  phase: Running
  podIP: {ip}
  conditions: [{{type: Ready, status: \"True\"}}]
"
    )
}

const BY_DEPLOYMENT: &str =
    "{apiVersion: apps/v1, kind: Deployment, name: web, uid: d1, controller: true}";
const BY_RS: &str =
    "{apiVersion: apps/v1, kind: ReplicaSet, name: web-abc, uid: r1, controller: true}";

/// The names of the pods behind Service `web`, sorted.
fn behind(text: &str) -> Vec<String> {
    let a = analyze(text);
    let s = a
        .services
        .iter()
        .find(|s| s.service.meta.name == "web")
        .expect("the Service");
    let mut names: Vec<String> = s
        .backends
        .iter()
        .map(|b| a.pods[b.pod].pod.meta.name.clone())
        .collect();
    names.sort();
    names
}

#[test]
fn a_dump_reads_as_the_cluster_runs() {
    let pods = |owners: &str| {
        ["web-abc-1", "web-abc-2", "web-abc-3"]
            .iter()
            .enumerate()
            .map(|(i, n)| pod(n, &format!("10.0.0.{}", i + 1), owners))
            .collect::<String>()
    };
    // (input, how many pods are behind the Service, the written pods among them, label)
    let written = ["web-abc-1", "web-abc-2", "web-abc-3"];
    let rows: Vec<(String, usize, &[&str], &str)> = vec![
        (
            format!("{DEPLOYMENT}{}{}", replica_set(3, BY_DEPLOYMENT), pods(BY_RS)),
            3,
            &written,
            "Deployment, its ReplicaSet and their pods: the written pods only",
        ),
        (
            format!("{}{}{DEPLOYMENT}", pods(BY_RS), replica_set(3, BY_DEPLOYMENT)),
            3,
            &written,
            "the same in another order",
        ),
        (
            // The ReplicaSet is not in the input: nothing names the
            // Deployment, so it still runs its own 3 simulated pods.
            format!("{DEPLOYMENT}{}", pods(BY_RS)),
            6,
            &written,
            "pods of a ReplicaSet not in the input, beside the Deployment",
        ),
        (
            // Its 2 replicas, named by the ReplicaSet's generateName (`web-abc-`).
            format!("{DEPLOYMENT}{}", replica_set(2, BY_DEPLOYMENT)),
            2,
            &[],
            "a Deployment and its ReplicaSet without pods: the ReplicaSet's replicas",
        ),
        (
            format!(
                "{DEPLOYMENT}{}",
                replica_set(
                    2,
                    "{apiVersion: apps/v1, kind: Deployment, name: web, uid: other, controller: true}"
                )
            ),
            5,
            &[],
            "a ReplicaSet naming another Deployment of that name (its uid differs): both simulate",
        ),
        (
            format!(
                "{DEPLOYMENT}{}",
                replica_set(2, "{apiVersion: apps/v1, kind: Deployment, name: web, uid: d1}")
            ),
            5,
            &[],
            "an owner reference without controller: true names no controller: both simulate",
        ),
    ];
    for (text, count, among, label) in rows {
        let got = behind(&text);
        assert_eq!(got.len(), count, "{label}: {got:?}");
        assert!(
            among.iter().all(|w| got.iter().any(|g| g == w)),
            "{label}: {got:?}"
        );
    }
    // Without the Deployment's simulation, the ReplicaSet's pods are all that runs.
    let text = format!("{DEPLOYMENT}{}", replica_set(2, BY_DEPLOYMENT));
    assert!(behind(&text).iter().all(|n| n.starts_with("web-abc-")));
}

#[test]
fn statefulsets_jobs_and_cronjobs_that_acted() {
    let sts = "apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  replicas: 3
  serviceName: db
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: pg}]}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {selector: {app: web}, ports: [{port: 80}]}
";
    let by_sts = "{apiVersion: apps/v1, kind: StatefulSet, name: db, controller: true}";
    let text = format!("{sts}{}", pod("db-0", "10.0.0.9", by_sts));
    assert_eq!(
        behind(&text),
        vec!["db-0"],
        "a StatefulSet with one written pod"
    );

    let cron = "apiVersion: batch/v1
kind: CronJob
metadata: {name: report}
spec:
  schedule: '* * * * *'
  jobTemplate:
    spec:
      template:
        metadata: {labels: {app: web}}
        spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}
---
apiVersion: batch/v1
kind: Job
metadata:
  name: report-1
  ownerReferences: [{apiVersion: batch/v1, kind: CronJob, name: report, controller: true}]
spec:
  template:
    metadata: {labels: {app: web}}
    spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {selector: {app: web}, ports: [{port: 80}]}
";
    let by_job = "{apiVersion: batch/v1, kind: Job, name: report-1, controller: true}";
    let text = format!("{cron}{}", pod("report-1-x", "10.0.0.7", by_job));
    assert_eq!(
        behind(&text),
        vec!["report-1-x"],
        "a CronJob's Job and its pod: the written pod only"
    );
}
