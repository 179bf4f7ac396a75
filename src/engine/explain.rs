//! Why a pod is, or is not, behind a Service: key-by-key selector verdicts,
//! near misses ranked, typo hints, namespace mismatches, labels written on a
//! workload instead of its pod template, and Services whose pods come from
//! more than one workload. Computed on demand from an [`Analysis`].

use super::decode::edit_distance;
use super::model::{Object, ServiceType};
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
    let mut owners: Vec<String> = rs
        .backends
        .iter()
        .map(|b| match &a.pods[b.pod].pod.owner {
            Some(o) => format!("{}/{}", o.kind.to_ascii_lowercase(), o.name),
            None => format!("pod/{}", a.pods[b.pod].pod.meta.name),
        })
        .collect();
    super::order::sort(&mut owners);
    owners.dedup();
    let workloads = owners.iter().filter(|o| !o.starts_with("pod/")).count();
    if workloads > 1 {
        out.mixed_owners = owners;
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
        let ext = a
            .services
            .iter()
            .find(|s| s.service.meta.name == "ext")
            .unwrap();
        assert!(explain(&a, ext).unmanaged.unwrap().contains("ExternalName"));
    }
}
