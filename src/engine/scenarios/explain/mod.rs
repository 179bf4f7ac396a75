//! Why a pod is, or is not, behind a Service: key-by-key selector verdicts,
//! near misses ranked, typo hints, namespace mismatches, labels written on a
//! workload instead of its pod template, and Services whose pods come from
//! more than one workload. Computed on demand from an [`Analysis`].
//!
//! Advice never harms a working Service: near misses and one-click fixes are
//! only given to a Service without a ready endpoint (and port fixes to a port
//! that does not resolve); a Service with ready endpoints gets at most one
//! neutral note.

use crate::engine::base::diagnostics::Diagnostic;
use crate::engine::controllers::resolve::EndpointState;
use crate::engine::labels::{Labels, Selector};
use crate::engine::model::{IntOrString, Object, Pod, ServiceType, Workload, WorkloadKind};
use crate::engine::scenarios::fix_side::{self, LabelDisagreement, Side};
use crate::engine::scenarios::typo::{likely_typo, typo_distance};
use crate::engine::yaml::edit::{self, NewValue, Step, TextEdit};
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
pub fn why_port_unresolved(pod: &crate::engine::model::Pod, name: &str, protocol: &str) -> String {
    let named = |c: &&crate::engine::model::Container| {
        c.ports.iter().any(|p| p.name.as_deref() == Some(name))
    };
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
                match crate::engine::controllers::resolve::find_port(pod, sp) {
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
    let name = format!("{}/{}", svc.meta.namespace, svc.meta.name);
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

/// A one-click fix: what it does, and the text edit that does it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// A short imperative sentence naming the change.
    pub title: String,
    /// The edit of the input text.
    pub edit: TextEdit,
}

/// The text path of a workload's pod template (`spec.template`, or
/// `spec.jobTemplate.spec.template` for a CronJob).
fn template_path(w: &Workload) -> Vec<Step<'static>> {
    let mut path = vec![Step::Key("spec")];
    if w.kind == WorkloadKind::CronJob {
        path.extend([Step::Key("jobTemplate"), Step::Key("spec")]);
    }
    path.push(Step::Key("template"));
    path
}

/// The text path of a workload's pod template labels.
fn template_labels_path(w: &Workload) -> Vec<Step<'static>> {
    let mut path = template_path(w);
    path.extend([Step::Key("metadata"), Step::Key("labels")]);
    path
}

/// Who a pod-side fix edits: the pod template of its workload, or the pod.
fn whose(pod: &Pod, workload: Option<&Workload>) -> String {
    match workload {
        Some(w) => format!(
            "the pod template of {}/{}",
            w.kind.as_str().to_ascii_lowercase(),
            w.meta.name
        ),
        None => format!("pod {}", pod.meta.name),
    }
}

/// A flow mapping of labels, as YAML text: `{app: web, tier: front}`.
fn flow_map<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let items: Vec<String> = pairs
        .into_iter()
        .map(|(k, v)| {
            format!(
                "{}: {}",
                crate::engine::yaml::quote::quote(k),
                crate::engine::yaml::quote::quote(v)
            )
        })
        .collect();
    format!("{{{}}}", items.join(", "))
}

/// The Service-side fix of a near miss: the selector changed so that it
/// selects the pod — one value when one key's value differs, else the
/// whole selector rewritten with the pod's labels for the failing keys.
/// `None` when the pod lacks a key altogether (dropping it from the
/// selector would select more than the near-missing pod).
fn service_selector_fix(text: &str, rs: &ResolvedService, m: &NearMiss) -> Option<Fix> {
    let svc = &rs.service;
    let failing: Vec<&KeyVerdict> = m.keys.iter().filter(|k| !k.ok).collect();
    if let [k] = failing.as_slice() {
        if let Some(actual) = &k.actual {
            let edit = edit::set_value(
                text,
                svc.span.start.offset,
                &[Step::Key("spec"), Step::Key("selector"), Step::Key(&k.key)],
                &NewValue::Str(actual.clone()),
            )?;
            return Some(Fix {
                title: format!("Change the Service's selector `{}` to `{actual}`", k.key),
                edit,
            });
        }
    }
    let mut pairs: Vec<(&str, &str)> = m
        .keys
        .iter()
        .map(|k| {
            if k.ok {
                Some((k.key.as_str(), k.wanted.as_str()))
            } else {
                k.pod_label()
            }
        })
        .collect::<Option<_>>()?;
    crate::engine::base::order::sort(&mut pairs);
    let map = flow_map(pairs);
    let edit = edit::set_value(
        text,
        svc.span.start.offset,
        &[Step::Key("spec"), Step::Key("selector")],
        &NewValue::Raw(map.clone()),
    )?;
    Some(Fix {
        title: format!("Change the Service's selector to `{map}`"),
        edit,
    })
}

/// Whether giving pod `pod` the labels `labels` keeps it in every other
/// Service that selects it now: a fix must not take pods from a Service.
fn keeps_other_services(a: &Analysis, rs: &ResolvedService, pod: usize, labels: &Labels) -> bool {
    a.services.iter().all(|s| {
        s.service.meta.namespace != rs.service.meta.namespace
            || s.service.meta.name == rs.service.meta.name
            || !s.backends.iter().any(|b| b.pod == pod)
            || s.service
                .selector
                .as_ref()
                .is_none_or(|sel| Selector::from_map(sel).matches(labels))
    })
}

/// The pod-side fix of a near miss: the labels the Service wants written
/// on the pod's workload template (or on the pod). `None` when a label to
/// change is also in the workload's selector (which must keep selecting its
/// template, and is immutable for Deployments, StatefulSets and DaemonSets),
/// or when another Service selecting the pod would lose it.
fn pod_label_fix(text: &str, a: &Analysis, rs: &ResolvedService, m: &NearMiss) -> Option<Fix> {
    let sim = a.pods.get(m.pod)?;
    let pod = &sim.pod;
    let workload = crate::engine::scenarios::whatif::owner_of(a, pod);
    let failing: Vec<&KeyVerdict> = m.keys.iter().filter(|k| !k.ok).collect();
    if let Some(sel) = workload.and_then(|w| w.selector.as_ref()) {
        let guarded = failing.iter().any(|k| {
            (sel.match_labels.contains_key(&k.key) && k.actual.is_some())
                || sel.match_expressions.iter().any(|e| e.key == k.key)
        });
        if guarded {
            return None;
        }
    }
    let mut after = pod.meta.labels.clone();
    for k in &failing {
        after.insert(k.key.clone(), k.wanted.clone());
    }
    if !keeps_other_services(a, rs, m.pod, &after) {
        return None;
    }
    let (start, mut path) = match workload {
        Some(w) => (w.span.start.offset, template_labels_path(w)),
        None => (
            pod.span.start.offset,
            vec![Step::Key("metadata"), Step::Key("labels")],
        ),
    };
    let whose = whose(pod, workload);
    if let [k] = failing.as_slice() {
        path.push(Step::Key(&k.key));
        let edit = edit::set_value(text, start, &path, &NewValue::Str(k.wanted.clone()))?;
        let title = match (&k.actual, &k.similar) {
            (Some(_), _) => format!("Set label `{}: {}` on {whose}", k.key, k.wanted),
            (None, Some((pk, pv))) => format!(
                "Add label `{}: {}` on {whose} (it has `{pk}: {pv}`)",
                k.key, k.wanted
            ),
            (None, None) => format!("Add label `{}: {}` on {whose}", k.key, k.wanted),
        };
        return Some(Fix { title, edit });
    }
    // Several labels: the whole labels mapping, as written plus the wanted ones.
    let mut written = match workload {
        Some(w) => w.template.meta.labels.clone(),
        None => pod.meta.labels.clone(),
    };
    for k in &failing {
        written.insert(k.key.clone(), k.wanted.clone());
    }
    let map = flow_map(written.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let edit = edit::set_value(text, start, &path, &NewValue::Raw(map))?;
    let wanted: Vec<String> = failing
        .iter()
        .map(|k| format!("{}: {}", k.key, k.wanted))
        .collect();
    Some(Fix {
        title: format!("Set labels `{}` on {whose}", wanted.join(", ")),
        edit,
    })
}

/// Fixes that make a Service without ready endpoints select a near-missing
/// pod, each complete on its own: change the Service's selector to the pod's
/// labels, or give the pod (its workload's template) the labels the Service
/// wants. The side the evidence says holds the typo comes first
/// ([`fix_side::label_side`]). None for a Service with ready endpoints, nor
/// for a pod of another namespace.
pub fn near_miss_fixes(text: &str, a: &Analysis, rs: &ResolvedService, m: &NearMiss) -> Vec<Fix> {
    if m.other_namespace.is_some() || has_ready_endpoints(rs) {
        return Vec::new();
    }
    let Some(sim) = a.pods.get(m.pod) else {
        return Vec::new();
    };
    let disagreements: Vec<LabelDisagreement<'_>> = m
        .keys
        .iter()
        .filter(|k| !k.ok)
        .map(|k| LabelDisagreement {
            wanted: (k.key.as_str(), k.wanted.as_str()),
            pod: k.pod_label(),
        })
        .collect();
    let service = service_selector_fix(text, rs, m);
    let pod = pod_label_fix(text, a, rs, m);
    let fixes = match fix_side::label_side(a, rs, &sim.pod, &disagreements) {
        Side::Service => [service, pod],
        Side::Pod => [pod, service],
    };
    fixes.into_iter().flatten().collect()
}

/// The pod-side fix of a named `targetPort` that is a likely typo of one of
/// the pod's container ports: that port renamed (in its workload's template,
/// or on the pod) — unless another Service selecting the pod targets the
/// port by its present name.
fn port_rename_fix(
    text: &str,
    a: &Analysis,
    rs: &ResolvedService,
    pod_index: usize,
    (container, port): (usize, usize),
    from: &str,
    to: &str,
) -> Option<Fix> {
    let pod = &a.pods.get(pod_index)?.pod;
    let used_elsewhere = a.services.iter().any(|s| {
        s.service.meta.name != rs.service.meta.name
            && s.service.meta.namespace == rs.service.meta.namespace
            && s.backends.iter().any(|b| b.pod == pod_index)
            && s.service
                .ports
                .iter()
                .any(|p| p.target_port == IntOrString::Str(from.to_string()))
    });
    if used_elsewhere {
        return None;
    }
    let workload = crate::engine::scenarios::whatif::owner_of(a, pod);
    let (start, mut path) = match workload {
        Some(w) => {
            let mut path = template_path(w);
            path.push(Step::Key("spec"));
            (w.span.start.offset, path)
        }
        None => (pod.span.start.offset, vec![Step::Key("spec")]),
    };
    path.extend([
        Step::Key("containers"),
        Step::Index(container),
        Step::Key("ports"),
        Step::Index(port),
        Step::Key("name"),
    ]);
    let edit = edit::set_value(text, start, &path, &NewValue::Str(to.to_string()))?;
    Some(Fix {
        title: format!("Rename port `{from}` to `{to}` in {}", whose(pod, workload)),
        edit,
    })
}

/// Fixes for Service ports whose named `targetPort` some selected pod lacks.
/// On the Service side — only when the port resolves on no selected pod, as
/// it would stop resolving on the others — point it at the port the pods do
/// have (the only one of the protocol, or the name that is a likely typo of
/// it). On the pod side, rename a container port whose name is a likely typo
/// of the `targetPort`. The side the evidence says holds the typo comes
/// first ([`fix_side::port_side`]).
pub fn port_fixes(text: &str, a: &Analysis, rs: &ResolvedService) -> Vec<Fix> {
    let svc = &rs.service;
    let mut out = Vec::new();
    for (i, sp) in svc.ports.iter().enumerate() {
        let IntOrString::Str(wanted) = &sp.target_port else {
            continue;
        };
        let resolves = |b: &&crate::engine::controllers::resolve::Backend, yes: bool| {
            b.ports.iter().any(|p| {
                p.port == sp.port && p.protocol == sp.protocol && p.target.is_some() == yes
            })
        };
        let Some(b) = rs.backends.iter().find(|b| resolves(b, false)) else {
            continue;
        };
        let resolves_somewhere = rs.backends.iter().any(|b| resolves(&b, true));
        let pod = &a.pods[b.pod].pod;
        // (container index, port index, port) of the pod's ports of the protocol.
        let candidates: Vec<(usize, usize, &crate::engine::model::ContainerPort)> = pod
            .spec
            .containers
            .iter()
            .enumerate()
            .flat_map(|(ci, c)| c.ports.iter().enumerate().map(move |(pi, p)| (ci, pi, p)))
            .filter(|(_, _, p)| p.protocol == sp.protocol)
            .collect();
        let typo = candidates
            .iter()
            .filter_map(|&(ci, pi, p)| {
                let name = p.name.as_deref()?;
                likely_typo(name, wanted).then(|| (typo_distance(name, wanted), ci, pi, p))
            })
            .min_by_key(|(d, ..)| *d)
            .map(|(_, ci, pi, p)| (ci, pi, p));
        let pick = match (candidates.as_slice(), typo) {
            (_, Some((_, _, p))) => Some(p),
            ([(_, _, only)], None) => Some(*only),
            _ => None,
        };
        let service_fix = pick.filter(|_| !resolves_somewhere).and_then(|p| {
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
            let edit = edit::set_value(text, svc.span.start.offset, &path, &value)?;
            Some(Fix {
                title: format!(
                    "Point port {} at the pods' port `{shown}` (targetPort `{wanted}` is not a port of theirs)",
                    sp.port
                ),
                edit,
            })
        });
        let (pod_fix, side) = match typo {
            Some((ci, pi, p)) => {
                let theirs = p.name.as_deref().unwrap_or_default();
                (
                    port_rename_fix(text, a, rs, b.pod, (ci, pi), theirs, wanted),
                    fix_side::port_side(a, rs, pod, &sp.name, wanted, theirs),
                )
            }
            None => (None, Side::Service),
        };
        let fixes = match side {
            Side::Service => [service_fix, pod_fix],
            Side::Pod => [pod_fix, service_fix],
        };
        out.extend(fixes.into_iter().flatten());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::analysis::analyze;

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
        let text = include_str!("../../ui/examples/broken-routing.yaml");
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
        let said = explain(&a, ext).unmanaged.unwrap();
        assert!(said.contains("ExternalName"), "{said}");
        assert!(
            said.contains("ext.default.svc.cluster.local is a CNAME to x.example"),
            "{said}"
        );
    }

    /// The first Service named `s`, the fixes of its nearest miss (or of its
    /// ports), and the analysis of the text each fix makes.
    fn fixes_of(text: &str) -> Vec<(String, Analysis)> {
        let a = analyze(text);
        let rs = a
            .services
            .iter()
            .find(|s| s.service.meta.name == "s")
            .expect("service s");
        let e = explain(&a, rs);
        let mut fixes = port_fixes(text, &a, rs);
        if let Some(m) = e.near_misses.first() {
            fixes.extend(near_miss_fixes(text, &a, rs, m));
        }
        fixes
            .into_iter()
            .map(|f| (f.title.clone(), analyze(&f.edit.apply(text))))
            .collect()
    }

    /// Ready endpoints of Service `name`, and whether every port resolves on each.
    fn ready(a: &Analysis, name: &str) -> (usize, bool) {
        let s = a
            .services
            .iter()
            .find(|s| s.service.meta.name == name)
            .expect("service");
        let ready = s
            .backends
            .iter()
            .filter(|b| b.state == EndpointState::Ready)
            .count();
        let resolved = s
            .backends
            .iter()
            .all(|b| b.ports.iter().all(|p| p.target.is_some()));
        (ready, resolved)
    }

    fn deploy(name: &str, selector: &str, labels: &str, ports: &str) -> String {
        format!("---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: {name}}}\nspec:\n  selector: {{matchLabels: {selector}}}\n  template:\n    metadata:\n      labels: {labels}\n    spec:\n      containers:\n        - name: c\n          ports: {ports}\n")
    }

    fn service(name: &str, selector: &str, ports: &str) -> String {
        format!("apiVersion: v1\nkind: Service\nmetadata: {{name: {name}}}\nspec:\n  selector: {selector}\n  ports: {ports}\n")
    }

    const P80: &str = "[{containerPort: 80}]";
    const SP80: &str = "[{port: 80}]";

    #[test]
    fn the_first_fix_edits_the_side_that_holds_the_typo() {
        // (input, the first fix's title, label). Every fix offered must make
        // the Service reach the pod with every port resolved.
        let rows: Vec<(String, &str, &str)> = vec![
            (
                format!(
                    "{}{}{}",
                    service("s", "{app: shop, tier: backend}", SP80),
                    deploy("api", "{app: shop}", "{app: shop, tier: bakcend}", P80),
                    deploy("worker", "{app: worker}", "{app: worker, tier: backend}", P80),
                ),
                "Set label `tier: backend` on the pod template of deployment/api",
                "the pod's value is the typo: another workload has tier: backend",
            ),
            (
                format!(
                    "{}{}",
                    service("s", "{app: shop, tier: bakcend}", SP80),
                    deploy("api", "{app: shop}", "{app: shop, tier: backend}", P80),
                ),
                "Change the Service's selector `tier` to `backend`",
                "the Service's value is the typo",
            ),
            (
                format!(
                    "{}{}",
                    service("s", "{app: web}", SP80),
                    deploy("web", "{ap: web}", "{ap: web}", P80),
                ),
                "Add label `app: web` on the pod template of deployment/web (it has `ap: web`)",
                "the pod's key is the typo: `app` is a documented key",
            ),
            (
                format!(
                    "{}{}",
                    service("s", "{ap: web, Tier: Frontend}", SP80),
                    deploy("web", "{app: web}", "{app: web, tier: frontend}", P80),
                ),
                "Change the Service's selector to `{app: web, tier: frontend}`",
                "every key of the Service differs by a typo or by case",
            ),
            (
                format!(
                    "{}{}",
                    service("s", "{app: web}", "[{name: http, port: 80, targetPort: http}]"),
                    deploy("web", "{app: web}", "{app: web}", "[{name: htpp, containerPort: 8080}]"),
                ),
                "Rename port `htpp` to `http` in the pod template of deployment/web",
                "the pod's port name is the typo: the Service port is named http too",
            ),
            (
                format!(
                    "{}{}",
                    service("s", "{app: web}", "[{name: web, port: 80, targetPort: htpp}]"),
                    deploy("web", "{app: web}", "{app: web}", "[{name: http, containerPort: 8080}]"),
                ),
                "Point port 80 at the pods' port `http` (targetPort `htpp` is not a port of theirs)",
                "the Service's targetPort is the typo",
            ),
        ];
        for (text, first, label) in rows {
            let fixes = fixes_of(&text);
            assert!(!fixes.is_empty(), "{label}: no fix");
            assert_eq!(fixes[0].0, first, "{label}");
            for (title, fixed) in &fixes {
                assert_eq!(
                    ready(fixed, "s"),
                    (1, true),
                    "{label}: `{title}` does not route"
                );
            }
        }
    }

    #[test]
    fn a_near_miss_across_case_and_typos_of_every_key() {
        let text = format!(
            "{}{}",
            service("s", "{ap: web, Tier: Frontend}", SP80),
            deploy("web", "{app: web}", "{app: web, tier: frontend}", P80),
        );
        let (_, e) = explanation(&text, "s");
        assert_eq!(e.near_misses.len(), 1);
        let m = &e.near_misses[0];
        assert_eq!(m.failing, 2);
        let similar: Vec<Option<(String, String)>> =
            m.keys.iter().map(|k| k.similar.clone()).collect();
        assert_eq!(
            similar,
            vec![
                Some(("tier".into(), "frontend".into())),
                Some(("app".into(), "web".into())),
            ]
        );
        // Unrelated labels are no near miss, however many keys.
        let text = format!(
            "{}{}",
            service("s", "{ap: web, Tier: Frontend}", SP80),
            deploy("db", "{app: db}", "{app: db, tier: data}", P80),
        );
        assert!(explanation(&text, "s").1.near_misses.is_empty());
    }

    #[test]
    fn a_working_service_gets_no_fix_and_at_most_one_neutral_note() {
        // (input, the Service's note: None, or words it holds; label).
        // Services other than the one named get no note.
        type Row<'a> = (String, (&'a str, Option<&'a str>), &'a str);
        let rows: Vec<Row<'_>> = vec![
            (
                include_str!("../../../tests/fixtures/shop.yaml").to_string(),
                ("", None),
                "a healthy shop",
            ),
            (
                format!(
                    "{}{}{}",
                    service("s", "{app: redis, role: master}", SP80),
                    deploy(
                        "master",
                        "{app: redis, role: master}",
                        "{app: redis, role: master}",
                        P80
                    ),
                    deploy(
                        "replica",
                        "{app: redis, role: replica}",
                        "{app: redis, role: replica}",
                        P80
                    ),
                ),
                ("s", None),
                "the replicas of another role: no near miss, no fix, no note",
            ),
            (
                include_str!("../../ui/examples/namespaces.yaml").to_string(),
                (
                    "checkout",
                    Some("2 pods in namespace staging carry the selector's labels but are not selected"),
                ),
                "pods of another namespace with the same labels",
            ),
            (
                format!(
                    "{}{}{}",
                    service("s", "{app: web, tier: backend}", SP80),
                    deploy("web", "{app: web}", "{app: web, tier: backend}", P80),
                    deploy("web2", "{app: web}", "{app: web, tier: bakcend}", P80),
                ),
                ("s", Some("tier wants `backend`, pod has `bakcend` (a likely typo")),
                "another workload with a likely typo",
            ),
        ];
        for (text, (name, note), label) in rows {
            let a = analyze(&text);
            for rs in &a.services {
                if !has_ready_endpoints(rs) {
                    continue;
                }
                let e = explain(&a, rs);
                assert!(e.near_misses.is_empty(), "{label}: near misses");
                assert!(port_fixes(&text, &a, rs).is_empty(), "{label}: port fixes");
                let want = note.filter(|_| rs.service.meta.name == name);
                match (&e.note, want) {
                    (None, None) => {}
                    (Some(got), Some(want)) => assert!(got.contains(want), "{label}: {got}"),
                    (got, want) => panic!("{label}: note {got:?}, expected {want:?}"),
                }
            }
        }
    }

    #[test]
    fn a_port_fix_never_breaks_the_pods_where_the_port_resolves() {
        // web-a names its port http, web-b does not: pointing the Service at
        // web-b's port would break web-a; only web-b's typo is fixed.
        let text = format!(
            "{}{}{}",
            service(
                "s",
                "{app: web}",
                "[{name: http, port: 80, targetPort: http}]"
            ),
            deploy(
                "web-a",
                "{app: web, v: a}",
                "{app: web, v: a}",
                "[{name: http, containerPort: 8080}]"
            ),
            deploy(
                "web-b",
                "{app: web, v: b}",
                "{app: web, v: b}",
                "[{name: htpp, containerPort: 8080}]"
            ),
        );
        let fixes = fixes_of(&text);
        let titles: Vec<&str> = fixes.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(
            titles,
            vec!["Rename port `htpp` to `http` in the pod template of deployment/web-b"]
        );
        assert_eq!(ready(&fixes[0].1, "s"), (2, true));
    }

    #[test]
    fn a_pod_side_fix_never_takes_a_pod_from_another_service() {
        // `s` has no pod; the replica's pods are `replica`'s. Setting
        // `role: master` on them would take them from `replica`.
        let text = format!(
            "{}---\n{}{}",
            service("s", "{app: redis, role: master}", SP80),
            service("replica", "{app: redis, role: replica}", SP80),
            deploy(
                "redis-replica",
                "{app: redis}",
                "{app: redis, role: replica}",
                P80
            ),
        );
        let a = analyze(&text);
        let rs = &a.services[0];
        let e = explain(&a, rs);
        let fixes = near_miss_fixes(&text, &a, rs, &e.near_misses[0]);
        let titles: Vec<&str> = fixes.iter().map(|f| f.title.as_str()).collect();
        assert_eq!(
            titles,
            vec!["Change the Service's selector `role` to `replica`"]
        );
    }
}
