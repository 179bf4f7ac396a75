//! Why a pod is, or is not, behind a Service: key-by-key selector verdicts,
//! near misses ranked, typo hints, namespace mismatches, labels written on a
//! workload instead of its pod template, and Services whose pods come from
//! more than one workload. Computed on demand from an [`Analysis`].
//!
//! Advice never harms a working Service: near misses and one-click fixes are
//! only given to a Service without a ready endpoint (and port fixes to a port
//! that does not resolve); a Service with ready endpoints gets at most one
//! neutral note.

mod fixes;
mod ports;

pub use fixes::{near_miss_fixes, port_fixes, Fix};
pub use ports::{port_verdicts, PortVerdict, MAX_PORT_FAILURES};

use super::typo::{likely_typo, typo_distance};
use crate::engine::base::diagnostics::Diagnostic;
use crate::engine::controllers::resolve::EndpointState;
use crate::engine::labels::{Labels, Selector};
use crate::engine::model::{Object, ServiceType};
use crate::engine::{analysis::Analysis, controllers::resolved::ResolvedService};
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
    /// For a key the pod lacks: the pod's label whose key is a likely typo
    /// of it and whose value matches or is a likely typo too (`ap: web` for
    /// `app: web`, `tier: Frontend` for `Tier: frontend`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub similar: Option<(String, String)>,
}

impl KeyVerdict {
    /// The pod's label standing for this key: the same key, or a likely typo of it.
    fn pod_label(&self) -> Option<(&str, &str)> {
        match (&self.actual, &self.similar) {
            (Some(v), _) => Some((self.key.as_str(), v.as_str())),
            (None, Some((k, v))) => Some((k.as_str(), v.as_str())),
            (None, None) => None,
        }
    }
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
            .map(|k| match (&k.actual, &k.similar) {
                (Some(v), _) => format!("{} wants `{}`, pod has `{v}`", k.key, k.wanted),
                (None, Some((pk, pv))) => {
                    format!("{} wants `{}`, pod has `{pk}: {pv}`", k.key, k.wanted)
                }
                (None, None) => format!("{} wants `{}`, pod has no such label", k.key, k.wanted),
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
    /// For a Service with ready endpoints (which gets no near misses and no
    /// fixes): at most one neutral sentence, about a pod of its namespace
    /// whose labels differ from the selector only by likely typos.
    pub note: Option<String>,
    /// The verdict on pods from several workloads or revisions: the same
    /// diagnostic (SVC006) `check` reports.
    pub shared: Option<Diagnostic>,
}

/// How many failing keys still make a near miss: half the keys, at least one
/// (and the pod must share a key or a likely typo with the selector). A pod
/// whose every failing key is a likely typo is near however many fail.
fn near_enough(keys: usize) -> usize {
    (keys / 2).max(1)
}

/// Whether a Service has a ready endpoint. Only a Service without one gets
/// near misses and label fixes: on a working Service, a "fix" that points it
/// at other pods would break it.
pub fn has_ready_endpoints(rs: &ResolvedService) -> bool {
    rs.backends.iter().any(|b| b.state == EndpointState::Ready)
}

/// The verdict on one selector key (`key: want`) against a pod's labels,
/// and how far the pod's label is from it (for ranking).
fn key_verdict(labels: &Labels, key: &str, want: &str) -> (KeyVerdict, usize) {
    let actual = labels.get(key).cloned();
    let ok = actual.as_deref() == Some(want);
    let mut hint = None;
    let mut similar = None;
    let mut distance = 0;
    if !ok {
        match &actual {
            Some(v) => {
                distance = typo_distance(v, want);
                if likely_typo(v, want) {
                    hint = Some(format!(
                        "did you mean `{v}`? (the pod's value; the Service wants `{want}`)"
                    ));
                }
            }
            None => {
                let found = labels.iter().find(|(pk, pv)| {
                    !pk.is_empty() && likely_typo(pk, key) && (*pv == want || likely_typo(pv, want))
                });
                match found {
                    Some((pk, pv)) => {
                        distance = typo_distance(pk, key) + typo_distance(pv, want);
                        hint = Some(format!("the pod has `{pk}: {pv}`: a typo in the key?"));
                        similar = Some((pk.to_string(), pv.to_string()));
                    }
                    None => distance = want.len().max(1),
                }
            }
        }
    }
    let verdict = KeyVerdict {
        key: key.to_string(),
        wanted: want.to_string(),
        actual,
        ok,
        hint,
        similar,
    };
    (verdict, distance)
}

/// The one neutral note a Service with ready endpoints may get, from the
/// pods it nearly selects (`misses`, nearest first): a pod of its namespace
/// whose labels differ only by likely typos, else the pods of other
/// namespaces carrying its labels (a Service only selects pods of its own).
fn neutral_note(a: &Analysis, namespace: &str, misses: &[NearMiss]) -> Option<String> {
    let typo = misses
        .iter()
        .find(|m| m.other_namespace.is_none() && m.keys.iter().all(|k| k.ok || k.hint.is_some()));
    if let Some(m) = typo {
        return Some(format!(
            "pod {} is not selected: {} (a likely typo; the Service has ready endpoints, so nothing is proposed)",
            a.pods[m.pod].pod.meta.name,
            m.failing_keys()
        ));
    }
    let elsewhere: Vec<&str> = misses
        .iter()
        .filter_map(|m| m.other_namespace.as_deref())
        .collect();
    let mut spaces = elsewhere.clone();
    crate::engine::base::order::sort(&mut spaces);
    spaces.dedup();
    let pods = match elsewhere.len() {
        0 => return None,
        1 => "1 pod".to_string(),
        n => format!("{n} pods"),
    };
    let verb = if elsewhere.len() == 1 {
        "carries"
    } else {
        "carry"
    };
    let place = match spaces.as_slice() {
        [one] => format!("namespace {one}"),
        many => format!("namespaces {}", many.join(", ")),
    };
    Some(format!(
        "{pods} in {place} {verb} the selector's labels but {} not selected: a Service only selects pods of its own namespace, {namespace}",
        if elsewhere.len() == 1 { "is" } else { "are" }
    ))
}

/// Explains a resolved Service of `a`.
pub fn explain(a: &Analysis, rs: &ResolvedService) -> ServiceExplanation {
    let svc = &rs.service;
    let name = svc.meta.key();
    let mut out = ServiceExplanation {
        service: name,
        unmanaged: None,
        near_misses: Vec::new(),
        workload_label_hints: Vec::new(),
        mixed_owners: Vec::new(),
        revisions: Vec::new(),
        ports: Vec::new(),
        note: None,
        shared: None,
    };
    if svc.service_type == ServiceType::ExternalName {
        let fqdn = crate::engine::controllers::dns::service_fqdn(svc);
        out.unmanaged = Some(match svc.external_name.as_deref() {
            Some(target) => format!("an ExternalName Service is a DNS alias: {fqdn} is a CNAME to {target}; it never has endpoints"),
            None => format!("an ExternalName Service is a DNS alias, but it has no `spec.externalName`: {fqdn} leads nowhere; it never has endpoints"),
        });
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
    let mut misses = Vec::new();
    for (i, sim) in a.pods.iter().enumerate() {
        if selected.contains(&i) {
            continue;
        }
        let labels = &sim.pod.meta.labels;
        let mut keys = Vec::new();
        let mut distance = 0;
        for (k, want) in selector {
            let (verdict, d) = key_verdict(labels, k, want);
            distance += d;
            keys.push(verdict);
        }
        let failing = keys.iter().filter(|k| !k.ok).count();
        let other_ns = sim.pod.meta.namespace != svc.meta.namespace;
        if other_ns {
            if failing == 0 {
                misses.push(NearMiss {
                    pod: i,
                    keys,
                    failing,
                    distance: 0,
                    other_namespace: Some(sim.pod.meta.namespace.clone()),
                });
            }
            continue;
        }
        // Near: few keys differ, or every differing key is a likely typo; and
        // the pod shares something with the selector (a matching key, or a
        // likely typo).
        let related = keys.iter().any(|k| k.ok || k.hint.is_some());
        let typos_only = keys.iter().all(|k| k.ok || k.hint.is_some());
        if related && (failing <= near_enough(selector.len()) || typos_only) {
            misses.push(NearMiss {
                pod: i,
                keys,
                failing,
                distance,
                other_namespace: None,
            });
        }
    }
    crate::engine::base::order::sort_by_key(&mut misses, |m| {
        (m.other_namespace.is_some(), m.failing, m.distance, m.pod)
    });
    if has_ready_endpoints(rs) {
        out.note = neutral_note(a, &svc.meta.namespace, &misses);
    } else {
        out.near_misses = misses;
    }
    let sel = Selector::from_map(selector);
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
    if let Some(shared) =
        crate::engine::analysis::shared_selector::shared_selector(&rs.backends, &a.pods)
    {
        if shared.workloads.len() > 1 {
            out.mixed_owners = shared.workloads;
        }
        out.revisions = shared.revisions;
    }
    out.shared = crate::engine::analysis::shared_selector::shared_selector_diagnostic(
        svc,
        &rs.backends,
        &a.pods,
    );
    out.ports = port_verdicts(a, rs);
    out
}

#[cfg(test)]
mod tests;
