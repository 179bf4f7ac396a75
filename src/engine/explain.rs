//! Why a pod is, or is not, behind a Service: key-by-key selector verdicts,
//! near misses ranked, typo hints, namespace mismatches, labels written on a
//! workload instead of its pod template, and Services whose pods come from
//! more than one workload. Computed on demand from an [`Analysis`].

use super::decode::edit_distance;
use super::diagnostics::Diagnostic;
use super::edit::{self, NewValue, Step, TextEdit};
use super::model::{IntOrString, Object, ServiceType, Workload, WorkloadKind};
use super::{Analysis, ResolvedService};
use serde::Serialize;

/// One key of a Service selector checked against one pod.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KeyVerdict {
    /// The selector key.
    pub key: String,
    /// The value the Service wants.
    pub wanted: String,
    /// The pod's value, if it has the key.
    pub actual: Option<String>,
    /// Whether this key matches.
    pub ok: bool,
    /// A likely typo: the pod label (key or value) within a small edit distance.
    pub hint: Option<String>,
}

/// A pod that a Service does not select, and how close it came.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NearMiss {
    /// Index into [`Analysis::pods`].
    pub pod: usize,
    /// The verdict for every selector key.
    pub keys: Vec<KeyVerdict>,
    /// How many keys fail.
    pub failing: usize,
    /// Sum of the edit distances of the failing values (for ranking).
    pub distance: usize,
    /// Set when every key matches but the pod lives in another namespace.
    pub other_namespace: Option<String>,
}

impl NearMiss {
    /// The failing keys in one line: "app wants `web`, pod has `wbe`; tier …".
    pub fn failing_keys(&self) -> String {
        self.keys
            .iter()
            .filter(|k| !k.ok)
            .map(|k| match &k.actual {
                Some(v) => format!("{} wants `{}`, pod has `{v}`", k.key, k.wanted),
                None => format!("{} wants `{}`, pod has no such label", k.key, k.wanted),
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// Everything that explains one Service's endpoints.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ServiceExplanation {
    /// `namespace/name`.
    pub service: String,
    /// A plain sentence when the Service gets no managed endpoints at all.
    pub unmanaged: Option<String>,
    /// Pods not selected, nearest first.
    pub near_misses: Vec<NearMiss>,
    /// Workloads whose own `metadata.labels` match the selector while their
    /// pod template's labels do not: `kind/name`.
    pub workload_label_hints: Vec<String>,
    /// The workloads (`kind/name`) the selected pods come from, when more than one.
    pub mixed_owners: Vec<String>,
    /// The `pod-template-hash` values of the selected pods, when more than
    /// one: pods of several revisions (ReplicaSets) of a Deployment.
    pub revisions: Vec<String>,
    /// How each Service port resolves on the selected pods.
    pub ports: Vec<PortVerdict>,
    /// The verdict on pods from several workloads or revisions: the same
    /// diagnostic (SVC006) `check` reports.
    pub shared: Option<Diagnostic>,
}

/// How one Service port resolves on the pods the Service selects.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PortVerdict {
    /// The port as written: `80/TCP → http`.
    pub port: String,
    /// Where it resolves: (target port number, how many pods).
    pub resolved: Vec<(i64, usize)>,
    /// Where it does not: (index into [`Analysis::pods`], why), at most
    /// [`MAX_PORT_FAILURES`] listed.
    pub unresolved: Vec<(usize, String)>,
    /// How many pods it does not resolve on, in all.
    pub unresolved_count: usize,
}

/// Failing pods listed per Service port.
pub const MAX_PORT_FAILURES: usize = 10;

/// Why a named `targetPort` is not found on a pod (rules G1–G2): a port of
/// that name with another protocol, one only on an init container that is not
/// a sidecar, or no such name at all (listing the pod's ports).
pub fn why_port_unresolved(pod: &super::model::Pod, name: &str, protocol: &str) -> String {
    let named =
        |c: &&super::model::Container| c.ports.iter().any(|p| p.name.as_deref() == Some(name));
    if let Some(p) = pod
        .spec
        .containers
        .iter()
        .flat_map(|c| &c.ports)
        .find(|p| p.name.as_deref() == Some(name))
    {
        return format!(
            "the pod's port `{name}` is {}/{}, but the Service port is {protocol}: the protocols must match",
            p.container_port, p.protocol
        );
    }
    if let Some(c) = pod.spec.init_containers.iter().find(named) {
        return format!(
            "`{name}` is declared on init container `{}`, which is not a sidecar (restartPolicy: Always), so its ports do not count",
            c.name
        );
    }
    let ports: Vec<String> = pod
        .spec
        .containers
        .iter()
        .chain(
            pod.spec
                .init_containers
                .iter()
                .filter(|c| c.restart_policy.as_deref() == Some("Always")),
        )
        .flat_map(|c| &c.ports)
        .map(|p| match &p.name {
            Some(n) => format!("{n}={}/{}", p.container_port, p.protocol),
            None => format!("{}/{}", p.container_port, p.protocol),
        })
        .collect();
    if ports.is_empty() {
        format!("no container port is named `{name}`: the pod declares no ports")
    } else {
        format!(
            "no container port is named `{name}`; the pod's ports: {}",
            ports.join(", ")
        )
    }
}

/// Each Service port against each selected pod.
pub fn port_verdicts(a: &Analysis, rs: &ResolvedService) -> Vec<PortVerdict> {
    rs.service
        .ports
        .iter()
        .map(|sp| {
            let mut resolved: Vec<(i64, usize)> = Vec::new();
            let mut unresolved = Vec::new();
            let mut unresolved_count = 0;
            for b in &rs.backends {
                let pod = &a.pods[b.pod].pod;
                match super::resolve::find_port(pod, sp) {
                    Some(n) => match resolved.iter_mut().find(|(t, _)| *t == n) {
                        Some(r) => r.1 += 1,
                        None => resolved.push((n, 1)),
                    },
                    None => {
                        unresolved_count += 1;
                        if unresolved.len() < MAX_PORT_FAILURES {
                            let why = match &sp.target_port {
                                IntOrString::Str(name) => {
                                    why_port_unresolved(pod, name, &sp.protocol)
                                }
                                IntOrString::Int(_) => String::new(),
                            };
                            unresolved.push((b.pod, why));
                        }
                    }
                }
            }
            PortVerdict {
                port: format!("{}/{} → {}", sp.port, sp.protocol, sp.target_port),
                resolved,
                unresolved,
                unresolved_count,
            }
        })
        .collect()
}

/// How many failing keys still make a near miss: half the keys, at least one
/// (and the pod must share a key or a likely typo with the selector).
fn near_enough(keys: usize) -> usize {
    (keys / 2).max(1)
}

/// Explains a resolved Service of `a`.
pub fn explain(a: &Analysis, rs: &ResolvedService) -> ServiceExplanation {
    let svc = &rs.service;
    let name = format!("{}/{}", svc.meta.namespace, svc.meta.name);
    let mut out = ServiceExplanation {
        service: name,
        unmanaged: None,
        near_misses: Vec::new(),
        workload_label_hints: Vec::new(),
        mixed_owners: Vec::new(),
        revisions: Vec::new(),
        ports: Vec::new(),
        shared: None,
    };
    if svc.service_type == ServiceType::ExternalName {
        out.unmanaged =
            Some("an ExternalName Service is a DNS alias: it never has endpoints".into());
        return out;
    }
    let Some(selector) = &svc.selector else {
        out.unmanaged = Some(if svc.selector_span.is_some() {
            "the selector is empty, which the API server stores as no selector: endpoints must be written by hand".into()
        } else {
            "the Service has no selector: its endpoints come from hand-written Endpoints or EndpointSlices".into()
        });
        return out;
    };
    let selected: std::collections::HashSet<usize> = rs.backends.iter().map(|b| b.pod).collect();
    for (i, sim) in a.pods.iter().enumerate() {
        if selected.contains(&i) {
            continue;
        }
        let labels = &sim.pod.meta.labels;
        let mut keys = Vec::new();
        let mut distance = 0;
        for (k, want) in selector {
            let actual = labels.get(k).cloned();
            let ok = actual.as_deref() == Some(want.as_str());
            let mut hint = None;
            if !ok {
                match &actual {
                    Some(v) => {
                        let d = edit_distance(v, want);
                        distance += d;
                        if d <= 2 {
                            hint = Some(format!(
                                "did you mean `{v}`? (the pod's value; the Service wants `{want}`)"
                            ));
                        }
                    }
                    None => {
                        distance += want.len().max(1);
                        if let Some((pk, pv)) = labels
                            .iter()
                            .find(|(pk, pv)| *pv == want && edit_distance(pk, k) <= 2)
                        {
                            hint = Some(format!("the pod has `{pk}: {pv}`: a typo in the key?"));
                        }
                    }
                }
            }
            keys.push(KeyVerdict {
                key: k.clone(),
                wanted: want.clone(),
                actual,
                ok,
                hint,
            });
        }
        let failing = keys.iter().filter(|k| !k.ok).count();
        let other_ns = sim.pod.meta.namespace != svc.meta.namespace;
        if other_ns {
            if failing == 0 {
                out.near_misses.push(NearMiss {
                    pod: i,
                    keys,
                    failing,
                    distance: 0,
                    other_namespace: Some(sim.pod.meta.namespace.clone()),
                });
            }
            continue;
        }
        // Near: few keys differ, and the pod shares something with the selector
        // (a matching key, or a likely typo).
        let related = keys.iter().any(|k| k.ok || k.hint.is_some());
        if failing <= near_enough(selector.len()) && related {
            out.near_misses.push(NearMiss {
                pod: i,
                keys,
                failing,
                distance,
                other_namespace: None,
            });
        }
    }
    super::order::sort_by_key(&mut out.near_misses, |m| {
        (m.other_namespace.is_some(), m.failing, m.distance, m.pod)
    });
    let sel = super::labels::Selector::from_map(selector);
    for o in &a.objects {
        if let Object::Workload(w) = o {
            if w.meta.namespace == svc.meta.namespace
                && !w.meta.labels.is_empty()
                && sel.matches(&w.meta.labels)
                && !sel.matches(&w.template.meta.labels)
            {
                out.workload_label_hints.push(format!(
                    "{}/{}",
                    w.kind.as_str().to_ascii_lowercase(),
                    w.meta.name
                ));
            }
        }
    }
    if let Some(shared) = super::shared_selector::shared_selector(&rs.backends, &a.pods) {
        if shared.workloads.len() > 1 {
            out.mixed_owners = shared.workloads;
        }
        out.revisions = shared.revisions;
    }
    out.shared = super::shared_selector::shared_selector_diagnostic(svc, &rs.backends, &a.pods);
    out.ports = port_verdicts(a, rs);
    out
}

/// A one-click fix: what it does, and the text edit that does it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// A short imperative sentence naming the change.
    pub title: String,
    /// The edit of the input text.
    pub edit: TextEdit,
}

/// The text path of a workload's pod template labels.
fn template_labels_path(w: &Workload) -> Vec<Step<'static>> {
    let mut path = vec![Step::Key("spec")];
    if w.kind == WorkloadKind::CronJob {
        path.extend([Step::Key("jobTemplate"), Step::Key("spec")]);
    }
    path.extend([
        Step::Key("template"),
        Step::Key("metadata"),
        Step::Key("labels"),
    ]);
    path
}

/// Fixes that make the Service select a near-missing pod: per failing key,
/// change the Service's selector to the pod's value, or give the pod (its
/// workload's template) the label the Service wants — unless that label is
/// also the workload's own selector, which must keep matching its template.
pub fn near_miss_fixes(text: &str, a: &Analysis, rs: &ResolvedService, m: &NearMiss) -> Vec<Fix> {
    let mut out = Vec::new();
    if m.other_namespace.is_some() {
        return out;
    }
    let svc = &rs.service;
    let Some(sim) = a.pods.get(m.pod) else {
        return out;
    };
    let pod = &sim.pod;
    let workload = super::whatif::owner_of(a, pod);
    for k in m.keys.iter().filter(|k| !k.ok) {
        if let Some(actual) = &k.actual {
            let edit = edit::set_value(
                text,
                svc.span.start.offset,
                &[Step::Key("spec"), Step::Key("selector"), Step::Key(&k.key)],
                &NewValue::Str(actual.clone()),
            );
            if let Some(edit) = edit {
                out.push(Fix {
                    title: format!("Change the Service's selector `{}` to `{actual}`", k.key),
                    edit,
                });
            }
        }
        let label = NewValue::Str(k.wanted.clone());
        let (edit, whose) = match workload {
            Some(w) => {
                let guards_selector = w.selector.as_ref().is_some_and(|sel| {
                    sel.match_labels.contains_key(&k.key)
                        || sel.match_expressions.iter().any(|e| e.key == k.key)
                });
                if guards_selector && k.actual.is_some() {
                    continue;
                }
                let mut path = template_labels_path(w);
                path.push(Step::Key(&k.key));
                (
                    edit::set_value(text, w.span.start.offset, &path, &label),
                    format!(
                        "the pod template of {}/{}",
                        w.kind.as_str().to_ascii_lowercase(),
                        w.meta.name
                    ),
                )
            }
            None => (
                edit::set_value(
                    text,
                    pod.span.start.offset,
                    &[
                        Step::Key("metadata"),
                        Step::Key("labels"),
                        Step::Key(&k.key),
                    ],
                    &label,
                ),
                format!("pod {}", pod.meta.name),
            ),
        };
        if let Some(edit) = edit {
            let verb = if k.actual.is_some() { "Set" } else { "Add" };
            out.push(Fix {
                title: format!("{verb} label `{}: {}` on {whose}", k.key, k.wanted),
                edit,
            });
        }
    }
    out
}

/// Fixes for Service ports whose named `targetPort` no selected pod has:
/// point it at the port the pods do have (the only one of the protocol, or
/// the name within a small edit distance).
pub fn port_fixes(text: &str, a: &Analysis, rs: &ResolvedService) -> Vec<Fix> {
    let svc = &rs.service;
    let mut out = Vec::new();
    for (i, sp) in svc.ports.iter().enumerate() {
        let IntOrString::Str(wanted) = &sp.target_port else {
            continue;
        };
        let unresolved = rs.backends.iter().find(|b| {
            b.ports
                .iter()
                .any(|p| p.port == sp.port && p.protocol == sp.protocol && p.target.is_none())
        });
        let Some(b) = unresolved else { continue };
        let pod = &a.pods[b.pod].pod;
        let candidates: Vec<&super::model::ContainerPort> = pod
            .spec
            .containers
            .iter()
            .flat_map(|c| &c.ports)
            .filter(|p| p.protocol == sp.protocol)
            .collect();
        let pick = match candidates.as_slice() {
            [only] => Some(*only),
            many => many
                .iter()
                .filter_map(|p| Some((edit_distance(p.name.as_deref()?, wanted), *p)))
                .filter(|(d, _)| *d <= 2)
                .min_by_key(|(d, _)| *d)
                .map(|(_, p)| p),
        };
        let Some(p) = pick else { continue };
        let (value, shown) = match &p.name {
            Some(n) => (NewValue::Str(n.clone()), n.clone()),
            None => (
                NewValue::Raw(p.container_port.to_string()),
                p.container_port.to_string(),
            ),
        };
        let path = [
            Step::Key("spec"),
            Step::Key("ports"),
            Step::Index(i),
            Step::Key("targetPort"),
        ];
        if let Some(edit) = edit::set_value(text, svc.span.start.offset, &path, &value) {
            out.push(Fix {
                title: format!(
                    "Point port {} at the pods' port `{shown}` (targetPort `{wanted}` is not a port of theirs)",
                    sp.port
                ),
                edit,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::analyze;

    fn explanation(text: &str, svc: &str) -> (Analysis, ServiceExplanation) {
        let a = analyze(text);
        let rs = a
            .services
            .iter()
            .find(|s| s.service.meta.name == svc)
            .expect("service")
            .clone();
        let e = explain(&a, &rs);
        (a, e)
    }

    const PODS: &str = "---\napiVersion: v1\nkind: Pod\nmetadata: {name: typo, labels: {app: checkout-api, tier: web}}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: far, labels: {app: other, tier: db}}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: keytypo, labels: {ap: chekout-api, tier: web}}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: elsewhere, namespace: prod, labels: {app: chekout-api, tier: web}}\n";

    #[test]
    fn near_misses_are_ranked_with_key_by_key_verdicts_and_typo_hints() {
        let text = format!("apiVersion: v1\nkind: Service\nmetadata: {{name: api}}\nspec: {{selector: {{app: chekout-api, tier: web}}, ports: [{{port: 80}}]}}\n{PODS}");
        let (a, e) = explanation(&text, "api");
        let names: Vec<&str> = e
            .near_misses
            .iter()
            .map(|m| a.pods[m.pod].pod.meta.name.as_str())
            .collect();
        assert_eq!(names, vec!["typo", "keytypo", "elsewhere"]);
        let typo = &e.near_misses[0];
        assert_eq!(typo.failing, 1);
        let app = typo.keys.iter().find(|k| k.key == "app").unwrap();
        assert_eq!(
            (app.ok, app.actual.as_deref()),
            (false, Some("checkout-api"))
        );
        assert!(app
            .hint
            .as_deref()
            .unwrap()
            .contains("did you mean `checkout-api`?"));
        assert!(typo.keys.iter().find(|k| k.key == "tier").unwrap().ok);
        let keytypo = &e.near_misses[1];
        assert!(keytypo.keys[0]
            .hint
            .as_deref()
            .unwrap()
            .contains("`ap: chekout-api`"));
        assert_eq!(e.near_misses[2].other_namespace.as_deref(), Some("prod"));
    }

    #[test]
    fn fixes_of_the_broken_routing_example_make_the_pods_endpoints() {
        let text = include_str!("../ui/examples/broken-routing.yaml");
        let a = analyze(text);
        let checkout = a
            .services
            .iter()
            .find(|s| s.service.meta.name == "checkout")
            .unwrap();
        assert!(checkout.backends.is_empty());
        let e = explain(&a, checkout);
        let fixes = near_miss_fixes(text, &a, checkout, &e.near_misses[0]);
        // The template label is the Deployment's selector too: only the
        // Service's selector may change.
        assert_eq!(fixes.len(), 1, "{fixes:?}");
        assert_eq!(
            fixes[0].title,
            "Change the Service's selector `app` to `checkout`"
        );
        let fixed = analyze(&fixes[0].edit.apply(text));
        let checkout = fixed
            .services
            .iter()
            .find(|s| s.service.meta.name == "checkout")
            .unwrap();
        assert_eq!(checkout.backends.len(), 2);
        // The cart Service's named target port `web` is not on its pods.
        let cart = a
            .services
            .iter()
            .find(|s| s.service.meta.name == "cart")
            .unwrap();
        assert!(!cart.backends.is_empty());
        let pf = port_fixes(text, &a, cart);
        assert_eq!(pf.len(), 1, "{pf:?}");
        assert!(
            pf[0]
                .title
                .starts_with("Point port 80 at the pods' port `http`"),
            "{}",
            pf[0].title
        );
        let a3 = analyze(&pf[0].edit.apply(text));
        let cart3 = a3
            .services
            .iter()
            .find(|s| s.service.meta.name == "cart")
            .unwrap();
        assert!(cart3
            .backends
            .iter()
            .all(|b| b.ports.iter().all(|p| p.target == Some(8080))));
    }

    #[test]
    fn port_verdicts_say_why_a_named_port_does_not_resolve() {
        let pod = |name: &str, spec: &str| {
            format!("---\napiVersion: v1\nkind: Pod\nmetadata: {{name: {name}, labels: {{app: web}}}}\nspec: {spec}\n")
        };
        let text = format!(
            "apiVersion: v1\nkind: Service\nmetadata: {{name: web}}\nspec: {{selector: {{app: web}}, ports: [{{port: 80, targetPort: http}}]}}\n{}{}{}{}{}",
            pod("ok", "{containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]}"),
            pod("udp", "{containers: [{name: c, ports: [{name: http, containerPort: 8080, protocol: UDP}]}]}"),
            pod("init", "{initContainers: [{name: setup, ports: [{name: http, containerPort: 8080}]}], containers: [{name: c}]}"),
            pod("sidecar", "{initContainers: [{name: proxy, restartPolicy: Always, ports: [{name: http, containerPort: 15001}]}], containers: [{name: c}]}"),
            pod("other", "{containers: [{name: c, ports: [{name: web, containerPort: 9000}, {containerPort: 9090}]}]}"),
        );
        let (a, e) = explanation(&text, "web");
        let v = &e.ports[0];
        assert_eq!(v.port, "80/TCP → http");
        assert_eq!(v.resolved, vec![(8080, 1), (15001, 1)]);
        assert_eq!(v.unresolved_count, 3);
        let why = |name: &str| {
            v.unresolved
                .iter()
                .find(|(p, _)| a.pods[*p].pod.meta.name == name)
                .map(|(_, w)| w.as_str())
                .unwrap()
        };
        assert!(
            why("udp").contains("8080/UDP, but the Service port is TCP"),
            "{}",
            why("udp")
        );
        assert!(
            why("init").contains("init container `setup`, which is not a sidecar"),
            "{}",
            why("init")
        );
        assert_eq!(
            why("other"),
            "no container port is named `http`; the pod's ports: web=9000/TCP, 9090/TCP"
        );
    }

    #[test]
    fn pods_of_several_revisions_are_named() {
        let rs = |hash: &str| {
            format!("---\napiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {{name: web-{hash}}}\nspec:\n  selector: {{matchLabels: {{app: web, pod-template-hash: {hash}}}}}\n  template:\n    metadata: {{labels: {{app: web, pod-template-hash: {hash}}}}}\n    spec: {{containers: [{{name: c}}]}}\n")
        };
        let text = format!("apiVersion: v1\nkind: Service\nmetadata: {{name: web}}\nspec: {{selector: {{app: web}}, ports: [{{port: 80}}]}}\n{}{}", rs("aaaa"), rs("bbbb"));
        let (_, e) = explanation(&text, "web");
        assert_eq!(e.revisions, vec!["aaaa", "bbbb"]);
        // ReplicaSets `web-<pod-template-hash>` are revisions of one
        // Deployment `web`: one workload, a rollout in progress.
        assert!(e.mixed_owners.is_empty(), "{:?}", e.mixed_owners);
        let shared = e.shared.unwrap();
        assert_eq!(shared.severity, crate::engine::Severity::Info);
        assert!(
            shared.message.contains("a rollout in progress"),
            "{}",
            shared.message
        );
    }

    #[test]
    fn a_missing_label_is_added_to_the_pod_template() {
        let text = "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {selector: {app: web, tier: front}, ports: [{port: 80}]}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata:\n      labels:\n        app: web\n    spec: {containers: [{name: c}]}\n";
        let a = analyze(text);
        let e = explain(&a, &a.services[0]);
        let fixes = near_miss_fixes(text, &a, &a.services[0], &e.near_misses[0]);
        let add = fixes
            .iter()
            .find(|f| f.title.starts_with("Add label"))
            .unwrap();
        assert_eq!(
            add.title,
            "Add label `tier: front` on the pod template of deployment/web"
        );
        let fixed = analyze(&add.edit.apply(text));
        assert_eq!(fixed.services[0].backends.len(), 1);
    }

    #[test]
    fn labels_on_the_workload_instead_of_the_template() {
        let text = "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {selector: {app: web}, ports: [{port: 80}]}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, labels: {app: web}}\nspec:\n  selector: {matchLabels: {run: web}}\n  template:\n    metadata: {labels: {run: web}}\n    spec: {containers: [{name: c}]}\n";
        let (_, e) = explanation(text, "web");
        assert_eq!(e.workload_label_hints, vec!["deployment/web"]);
    }

    #[test]
    fn services_spanning_several_workloads_and_unmanaged_ones() {
        let deploy = |n: &str| {
            format!("---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: {n}}}\nspec:\n  selector: {{matchLabels: {{app: web, v: {n}}}}}\n  template:\n    metadata: {{labels: {{app: web, v: {n}}}}}\n    spec: {{containers: [{{name: c}}]}}\n")
        };
        let text = format!("apiVersion: v1\nkind: Service\nmetadata: {{name: web}}\nspec: {{selector: {{app: web}}, ports: [{{port: 80}}]}}\n{}{}---\napiVersion: v1\nkind: Service\nmetadata: {{name: ext}}\nspec: {{type: ExternalName, externalName: x.example}}\n", deploy("v1"), deploy("v2"));
        let (a, e) = explanation(&text, "web");
        assert_eq!(e.mixed_owners, vec!["deployment/v1", "deployment/v2"]);
        // Two Deployments of one `app`: the canary pattern, a note; and no
        // "several revisions", which is about the ReplicaSets of one Deployment.
        assert!(e.revisions.is_empty(), "{:?}", e.revisions);
        assert_eq!(
            e.shared.map(|d| d.severity),
            Some(crate::engine::Severity::Info)
        );
        let ext = a
            .services
            .iter()
            .find(|s| s.service.meta.name == "ext")
            .unwrap();
        assert!(explain(&a, ext).unmanaged.unwrap().contains("ExternalName"));
    }
}
