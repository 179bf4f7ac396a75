//! One verdict on a Service whose pods come from several workloads or revisions.

use crate::engine::base::diagnostics::{Diagnostic, DiagnosticCode, Severity};
use crate::engine::base::object_ref::ObjectRef;
use crate::engine::controllers::resolve::Backend;
use crate::engine::model::{Pod, Service};
use crate::engine::sim::workloads::SimPod;
use std::collections::BTreeMap;

/// The label the Deployment controller adds to the pods of each of its
/// ReplicaSets (`apps.DefaultDeploymentUniqueLabelKey`).
pub const POD_TEMPLATE_HASH: &str = "pod-template-hash";

/// The labels that name an application, most specific first: the
/// recommended `app.kubernetes.io/name` ("the name of the application",
/// Kubernetes' Recommended Labels), then `app` and `k8s-app`, the keys the
/// Kubernetes documentation and addons use for it.
pub const APPLICATION_KEYS: &[&str] = &["app.kubernetes.io/name", "app", "k8s-app"];

/// The labels that name a part of an application: the recommended
/// `app.kubernetes.io/component` ("the component within the architecture",
/// e.g. `database`) and `tier` (`frontend`, `backend`, `cache` in the
/// Kubernetes documentation's label examples).
pub const COMPONENT_KEYS: &[&str] = &["app.kubernetes.io/component", "tier"];

/// The workload a pod comes from, with the ReplicaSets of one Deployment
/// folded into that Deployment.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct PodWorkload {
    /// The workload's kind, lowercase: `deployment`, `statefulset`, …
    pub kind: String,
    /// The workload's name.
    pub name: String,
    /// For a Deployment's pod: its ReplicaSet's `pod-template-hash`.
    pub revision: Option<String>,
}

/// The name of the Deployment that owns the ReplicaSet `rs`, when the pod's
/// `pod-template-hash` is the ReplicaSet's name suffix. Mirrors
/// `getNewReplicaSet` in `pkg/controller/deployment/sync.go`, which names a
/// Deployment's ReplicaSet `d.Name + "-" + podTemplateSpecHash`.
fn deployment_of_replica_set<'a>(rs: &'a str, hash: &str) -> Option<&'a str> {
    rs.strip_suffix(hash)?
        .strip_suffix('-')
        .filter(|d| !d.is_empty())
}

/// The workload `pod` comes from. A simulated pod names its workload; a
/// ReplicaSet named `<deployment>-<pod-template-hash>` stands for that
/// Deployment; a written pod with a `pod-template-hash` label and a name
/// `<deployment>-<hash>-<suffix>` (as `kubectl get pods -o yaml` shows a
/// Deployment's pod: `getPodsPrefix` in `pkg/controller/controller_utils.go`
/// names pods `<replicaset>-<random>`) belongs to that Deployment. A written
/// pod that names its controller (`ownerReferences[].controller`, as every
/// pod of a cluster dump does) belongs to it, a ReplicaSet standing for its
/// Deployment as above. Any other written pod: `None`.
pub fn pod_workload(pod: &Pod) -> Option<PodWorkload> {
    let hash = pod.meta.labels.get(POD_TEMPLATE_HASH);
    let deployment = |name: &str, hash: &String| PodWorkload {
        kind: "deployment".into(),
        name: name.into(),
        revision: Some(hash.clone()),
    };
    if let (None, Some(c)) = (&pod.owner, &pod.meta.controller) {
        return Some(
            match hash.and_then(|h| {
                (c.kind == "ReplicaSet")
                    .then(|| deployment_of_replica_set(&c.name, h))
                    .flatten()
                    .map(|d| deployment(d, h))
            }) {
                Some(d) => d,
                None => PodWorkload {
                    kind: c.kind.to_ascii_lowercase(),
                    name: c.name.clone(),
                    revision: None,
                },
            },
        );
    }
    match (&pod.owner, hash) {
        (Some(o), Some(h)) if o.kind == "ReplicaSet" => {
            match deployment_of_replica_set(&o.name, h) {
                Some(d) => Some(deployment(d, h)),
                None => Some(PodWorkload {
                    kind: "replicaset".into(),
                    name: o.name.clone(),
                    revision: None,
                }),
            }
        }
        (Some(o), _) => Some(PodWorkload {
            kind: o.kind.to_ascii_lowercase(),
            name: o.name.clone(),
            revision: hash.filter(|_| o.kind == "Deployment").cloned(),
        }),
        (None, Some(h)) => {
            let (rs, _) = pod.meta.name.rsplit_once('-')?;
            deployment_of_replica_set(rs, h).map(|d| deployment(d, h))
        }
        (None, None) => None,
    }
}

/// What a Service whose pods come from several workloads or revisions is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SharedVerdict {
    /// Pods of several ReplicaSets of one Deployment: a rollout in progress.
    Rollout,
    /// Several workloads of one application: versions or tracks side by side
    /// (the canary pattern). Traffic is shared on purpose.
    OneApplication,
    /// Workloads of different applications (or different components of one):
    /// one selector catches pods that were not meant to serve together.
    DifferentApplications,
}

/// The workloads behind one Service, and what they are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SharedSelector {
    /// `kind/name` of each workload, sorted (ReplicaSets of one Deployment
    /// counted as the Deployment).
    pub workloads: Vec<String>,
    /// The `pod-template-hash` values of a Deployment whose pods of several
    /// revisions are selected, sorted.
    pub revisions: Vec<String>,
    /// The verdict.
    pub verdict: SharedVerdict,
    /// Why the workloads are, or are not, one application, in a few words:
    /// `app: reviews`, `app: api, app: db`, or the kinds.
    pub evidence: String,
}

/// The value every labels map of `all` has for the first key of `keys` that
/// any of them carries: `Some(Ok((key, value)))` when they agree,
/// `Some(Err(key))` when they differ or some lack it, `None` when none carries any.
fn common_label<'a>(
    all: &[&'a BTreeMap<String, String>],
    keys: &[&'a str],
) -> Option<Result<(&'a str, &'a str), &'a str>> {
    let key: &'a str = keys
        .iter()
        .copied()
        .find(|k| all.iter().any(|l| l.contains_key(*k)))?;
    let first: &'a BTreeMap<String, String> = all.first().copied()?;
    match first.get(key) {
        Some(v) if all.iter().all(|l| l.get(key) == Some(v)) => Some(Ok((key, v.as_str()))),
        _ => Some(Err(key)),
    }
}

/// The name of a workload without its last `-` part (`reviews-v1` →
/// `reviews`, `web-canary` → `web`, `web` → `web`).
fn name_stem(name: &str) -> &str {
    name.rsplit_once('-').map_or(name, |(stem, _)| stem)
}

/// The verdict on the pods a Service selects, when they come from more
/// than one workload, or from more than one revision of a Deployment.
///
/// The rule, from documented evidence:
/// 1. Pods of one Deployment with several `pod-template-hash` values are
///    the ReplicaSets of a rollout (`getNewReplicaSet`,
///    `pkg/controller/deployment/sync.go`): [`SharedVerdict::Rollout`].
/// 2. Several workloads are one application when they are of one kind, and
///    agree on the first application label any of them carries
///    ([`APPLICATION_KEYS`]: `app: reviews` on reviews-v1, -v2 and -v3, the
///    version in another label, as Istio's bookinfo does) and on every
///    component label any carries ([`COMPONENT_KEYS`]); without an
///    application label, when their names differ only in the last `-` part
///    (`web-stable`, `web-canary`). That is the canary pattern of the
///    Kubernetes documentation ("Canary deployments": `track: stable` and
///    `track: canary` behind one Service selecting `app` and `tier`):
///    [`SharedVerdict::OneApplication`].
/// 3. Otherwise — different kinds (a Deployment and a database
///    StatefulSet), different application or component labels, unrelated
///    names — one selector catches different applications:
///    [`SharedVerdict::DifferentApplications`].
///
/// Pods written without an owning workload are not counted.
pub fn shared_selector(backends: &[Backend], pods: &[SimPod]) -> Option<SharedSelector> {
    // kind/name -> (kind, name, revisions, the pod labels of one pod)
    type Entry<'a> = (String, Vec<String>, &'a BTreeMap<String, String>);
    let mut found: BTreeMap<(String, String), Entry<'_>> = BTreeMap::new();
    for b in backends {
        let Some(sim) = pods.get(b.pod) else { continue };
        let Some(w) = pod_workload(&sim.pod) else {
            continue;
        };
        let entry = found
            .entry((w.kind.clone(), w.name.clone()))
            .or_insert_with(|| (w.kind.clone(), Vec::new(), &sim.pod.meta.labels));
        if let Some(r) = w.revision {
            if !entry.1.contains(&r) {
                entry.1.push(r);
            }
        }
    }
    let mut revisions: Vec<String> = found
        .values()
        .filter(|(_, r, _)| r.len() > 1)
        .flat_map(|(_, r, _)| r.iter().cloned())
        .collect();
    crate::engine::base::order::sort(&mut revisions);
    let workloads: Vec<String> = found.keys().map(|(k, n)| format!("{k}/{n}")).collect();
    if workloads.len() < 2 {
        return (!revisions.is_empty()).then(|| SharedSelector {
            workloads,
            revisions,
            verdict: SharedVerdict::Rollout,
            evidence: String::new(),
        });
    }
    let labels: Vec<&BTreeMap<String, String>> = found.values().map(|(_, _, l)| *l).collect();
    let mut kinds: Vec<&str> = found.values().map(|(k, _, _)| k.as_str()).collect();
    kinds.dedup();
    let differing = |key: &str| {
        let mut values: Vec<String> = found
            .values()
            .map(|(_, _, l)| format!("{key}: {}", l.get(key).map_or("(none)", String::as_str)))
            .collect();
        crate::engine::base::order::sort(&mut values);
        values.dedup();
        values.join(", ")
    };
    let (verdict, evidence) = if kinds.len() > 1 {
        (
            SharedVerdict::DifferentApplications,
            format!("different kinds of workload: {}", kinds.join(", ")),
        )
    } else if let Some(Err(key)) = COMPONENT_KEYS
        .iter()
        .find_map(|k| common_label(&labels, &[*k]).filter(Result::is_err))
    {
        (SharedVerdict::DifferentApplications, differing(key))
    } else {
        match common_label(&labels, APPLICATION_KEYS) {
            Some(Ok((k, v))) => (SharedVerdict::OneApplication, format!("{k}: {v}")),
            Some(Err(key)) => (SharedVerdict::DifferentApplications, differing(key)),
            None => {
                let stems: Vec<&str> = found.keys().map(|(_, n)| name_stem(n)).collect();
                if stems.iter().all(|s| *s == stems[0]) {
                    (
                        SharedVerdict::OneApplication,
                        format!("names {}-…", stems[0]),
                    )
                } else {
                    (
                        SharedVerdict::DifferentApplications,
                        "no application label in common, unrelated names".into(),
                    )
                }
            }
        }
    };
    Some(SharedSelector {
        workloads,
        revisions,
        verdict,
        evidence,
    })
}

/// The diagnostic (SVC006) that `check`, SARIF, `explain` and the
/// playground all show for a Service whose pods come from several workloads
/// or revisions: a note for a rollout in progress or for one application's
/// versions side by side, a warning for different applications behind one
/// selector. `None` when the pods come from one workload and one revision.
pub fn shared_selector_diagnostic(
    svc: &Service,
    backends: &[Backend],
    pods: &[SimPod],
) -> Option<Diagnostic> {
    let shared = shared_selector(backends, pods)?;
    let name = &svc.meta.name;
    let list = shared.workloads.join(", ");
    let (severity, message, help) = match shared.verdict {
        SharedVerdict::Rollout => (
            Severity::Info,
            format!(
                "Service `{name}` selects pods of {} revisions of {list} (pod-template-hash {}): a rollout in progress",
                shared.revisions.len(),
                shared.revisions.join(", ")
            ),
            None,
        ),
        SharedVerdict::OneApplication => (
            Severity::Info,
            format!(
                "Service `{name}` sends traffic to {} workloads of one application ({}): {list}",
                shared.workloads.len(),
                shared.evidence
            ),
            Some("several versions behind one Service is the canary pattern; to send traffic to one of them only, add a label only its pods carry (such as `version` or `track`) to the selector"),
        ),
        SharedVerdict::DifferentApplications => (
            Severity::Warning,
            format!(
                "Service `{name}` selects pods of different applications ({}): {list}",
                shared.evidence
            ),
            Some("add a label that only the intended pods carry (such as `app` or `app.kubernetes.io/component`) to the selector"),
        ),
    };
    let mut d = Diagnostic::new(
        severity,
        DiagnosticCode::SharedSelector,
        message,
        svc.selector_span,
    )
    .with_object(Some(ObjectRef::new(
        "Service",
        &svc.meta.namespace,
        &svc.meta.name,
    )));
    if let Some(h) = help {
        d = d.with_help(h);
    }
    Some(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::analysis::analyze;
    use crate::engine::model::ControllerRef;

    /// A Deployment (or another kind) `name` with template labels `labels`.
    fn workload(kind: &str, name: &str, labels: &str) -> String {
        format!("---\napiVersion: apps/v1\nkind: {kind}\nmetadata: {{name: {name}}}\nspec:\n  selector: {{matchLabels: {labels}}}\n  template:\n    metadata: {{labels: {labels}}}\n    spec: {{containers: [{{name: c, ports: [{{containerPort: 80}}]}}]}}\n")
    }

    fn verdict(selector: &str, objects: &[String]) -> Option<(SharedVerdict, Vec<String>)> {
        let text = format!(
            "apiVersion: v1\nkind: Service\nmetadata: {{name: s}}\nspec: {{selector: {selector}, ports: [{{port: 80}}]}}\n{}",
            objects.concat()
        );
        let a = analyze(&text);
        let s = &a.services[0];
        shared_selector(&s.backends, &a.pods).map(|v| (v.verdict, v.workloads))
    }

    #[test]
    fn the_verdict_on_services_spanning_workloads() {
        use SharedVerdict::*;
        let d = |n: &str, l: &str| workload("Deployment", n, l);
        let rows: Vec<(&str, Vec<String>, Option<SharedVerdict>, &str)> = vec![
            (
                "{app: web}",
                vec![d("web", "{app: web}")],
                None,
                "one workload",
            ),
            (
                "{app: reviews}",
                vec![
                    d("reviews-v1", "{app: reviews, version: v1}"),
                    d("reviews-v2", "{app: reviews, version: v2}"),
                    d("reviews-v3", "{app: reviews, version: v3}"),
                ],
                Some(OneApplication),
                "bookinfo: versions of one app label",
            ),
            (
                "{app: guestbook, tier: frontend}",
                vec![
                    d(
                        "frontend-stable",
                        "{app: guestbook, tier: frontend, track: stable}",
                    ),
                    d(
                        "frontend-canary",
                        "{app: guestbook, tier: frontend, track: canary}",
                    ),
                ],
                Some(OneApplication),
                "the documented canary: tracks behind app and tier",
            ),
            (
                "{track: stable}",
                vec![d("web-a", "{track: stable}"), d("web-b", "{track: stable}")],
                Some(OneApplication),
                "no application label: names differing in the last part",
            ),
            (
                "{part-of: shop}",
                vec![
                    d("api", "{app: api, part-of: shop}"),
                    workload("StatefulSet", "db", "{app: db, part-of: shop}"),
                ],
                Some(DifferentApplications),
                "a Deployment and a database StatefulSet",
            ),
            (
                "{app: shop}",
                vec![
                    d("shop", "{app: shop}"),
                    workload("StatefulSet", "shop-db", "{app: shop}"),
                ],
                Some(DifferentApplications),
                "one app label, but a Deployment and a StatefulSet",
            ),
            (
                "{part-of: shop}",
                vec![
                    d("api", "{app.kubernetes.io/name: api, part-of: shop}"),
                    d("web", "{app.kubernetes.io/name: web, part-of: shop}"),
                ],
                Some(DifferentApplications),
                "two Deployments of different recommended names",
            ),
            (
                "{app: shop}",
                vec![
                    d("shop-web", "{app: shop, tier: frontend}"),
                    d("shop-cache", "{app: shop, tier: cache}"),
                ],
                Some(DifferentApplications),
                "one app, different tiers",
            ),
            (
                "{team: a}",
                vec![d("api", "{team: a}"), d("billing", "{team: a}")],
                Some(DifferentApplications),
                "no application label, unrelated names",
            ),
        ];
        for (selector, objects, want, label) in rows {
            let got = verdict(selector, &objects).map(|(v, _)| v);
            assert_eq!(got, want, "{label}");
        }
    }

    #[test]
    fn replica_sets_of_one_deployment_are_a_rollout() {
        let rs = |hash: &str| {
            format!("---\napiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {{name: web-{hash}}}\nspec:\n  selector: {{matchLabels: {{app: web, pod-template-hash: {hash}}}}}\n  template:\n    metadata: {{labels: {{app: web, pod-template-hash: {hash}}}}}\n    spec: {{containers: [{{name: c}}]}}\n")
        };
        let (v, w) = verdict("{app: web}", &[rs("aaaa"), rs("bbbb")]).unwrap();
        assert_eq!(v, SharedVerdict::Rollout);
        assert_eq!(w, vec!["deployment/web"]);
        // Written pods as `kubectl get pods -o yaml` shows them.
        let pod = |name: &str, hash: &str| {
            format!("---\napiVersion: v1\nkind: Pod\nmetadata: {{name: {name}, labels: {{app: web, pod-template-hash: {hash}}}}}\n")
        };
        let (v, w) = verdict(
            "{app: web}",
            &[pod("web-aaaa-x1", "aaaa"), pod("web-bbbb-y2", "bbbb")],
        )
        .unwrap();
        assert_eq!(
            (v, w),
            (SharedVerdict::Rollout, vec!["deployment/web".to_string()])
        );
        // One revision: nothing to say.
        assert_eq!(
            verdict(
                "{app: web}",
                &[pod("web-aaaa-x1", "aaaa"), pod("web-aaaa-y2", "aaaa")]
            ),
            None
        );
    }

    #[test]
    fn pod_workloads_fold_replica_sets_into_their_deployment() {
        let pod = |owner: Option<(&str, &str)>, name: &str, hash: Option<&str>| {
            let mut p = Pod::default();
            p.meta.name = name.into();
            if let Some(h) = hash {
                p.meta.labels.insert(POD_TEMPLATE_HASH.into(), h.into());
            }
            p.owner = owner.map(|(k, n)| ObjectRef::new(k, "default", n));
            p
        };
        let controlled = |mut p: Pod, kind: &str, name: &str| {
            p.meta.controller = Some(ControllerRef {
                kind: kind.into(),
                name: name.into(),
                uid: None,
            });
            p
        };
        let w = |kind: &str, name: &str, rev: Option<&str>| {
            Some(PodWorkload {
                kind: kind.into(),
                name: name.into(),
                revision: rev.map(String::from),
            })
        };
        let rows = [
            (
                pod(Some(("Deployment", "web")), "web-abc-x", Some("abc")),
                w("deployment", "web", Some("abc")),
                "simulated Deployment pod",
            ),
            (
                pod(Some(("ReplicaSet", "web-abc")), "web-abc-x", Some("abc")),
                w("deployment", "web", Some("abc")),
                "ReplicaSet named after its Deployment",
            ),
            (
                pod(Some(("ReplicaSet", "frontend")), "frontend-x", Some("abc")),
                w("replicaset", "frontend", None),
                "a ReplicaSet of its own",
            ),
            (
                pod(Some(("StatefulSet", "db")), "db-0", None),
                w("statefulset", "db", None),
                "StatefulSet pod",
            ),
            (
                pod(None, "web-abc-x", Some("abc")),
                w("deployment", "web", Some("abc")),
                "written pod of a Deployment",
            ),
            (
                pod(None, "web-x", Some("abc")),
                None,
                "written pod, name not of the hash",
            ),
            (pod(None, "web", None), None, "a written pod"),
            (
                controlled(pod(None, "web-abc-x", Some("abc")), "ReplicaSet", "web-abc"),
                w("deployment", "web", Some("abc")),
                "a dump's pod, controlled by its Deployment's ReplicaSet",
            ),
            (
                controlled(
                    pod(None, "frontend-x", Some("abc")),
                    "ReplicaSet",
                    "frontend",
                ),
                w("replicaset", "frontend", None),
                "a dump's pod of a ReplicaSet of its own",
            ),
            (
                controlled(pod(None, "db-0", None), "StatefulSet", "db"),
                w("statefulset", "db", None),
                "a dump's StatefulSet pod",
            ),
            (
                controlled(pod(None, "nightly-28900-x", None), "Job", "nightly-28900"),
                w("job", "nightly-28900", None),
                "a dump's Job pod",
            ),
        ];
        for (p, want, label) in rows {
            assert_eq!(pod_workload(&p), want, "{label}");
        }
    }

    #[test]
    fn one_diagnostic_with_the_verdicts_severity() {
        let text = |objects: &[String]| {
            format!(
                "apiVersion: v1\nkind: Service\nmetadata: {{name: s}}\nspec: {{selector: {{tier: backend}}, ports: [{{port: 80}}]}}\n{}",
                objects.concat()
            )
        };
        let canary = analyze(&text(&[
            workload(
                "Deployment",
                "api-v1",
                "{app: api, tier: backend, version: v1}",
            ),
            workload(
                "Deployment",
                "api-v2",
                "{app: api, tier: backend, version: v2}",
            ),
        ]));
        let found: Vec<&Diagnostic> = canary
            .diagnostics
            .iter()
            .filter(|d| d.code == DiagnosticCode::SharedSelector)
            .collect();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Info);
        assert!(
            found[0]
                .message
                .contains("deployment/api-v1, deployment/api-v2"),
            "{}",
            found[0].message
        );
        let mixed = analyze(&text(&[
            workload("Deployment", "api", "{app: api, tier: backend}"),
            workload("StatefulSet", "db", "{app: db, tier: backend}"),
        ]));
        let found: Vec<&Diagnostic> = mixed
            .diagnostics
            .iter()
            .filter(|d| d.code == DiagnosticCode::SharedSelector)
            .collect();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Warning);
        assert!(
            found[0].message.contains("deployment/api, statefulset/db"),
            "{}",
            found[0].message
        );
    }
}
