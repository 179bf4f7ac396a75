//! Fixes: the text edits that make a near miss match, or a target port resolve.

use super::{has_ready_endpoints, KeyVerdict, NearMiss};
use crate::engine::labels::{Labels, Selector};
use crate::engine::model::{IntOrString, Pod, Workload, WorkloadKind};
use crate::engine::scenarios::fix_side::{self, LabelDisagreement, Side};
use crate::engine::scenarios::typo::{likely_typo, typo_distance};
use crate::engine::yaml::edit::{self, NewValue, Step, TextEdit};
use crate::engine::{analysis::Analysis, controllers::resolved::ResolvedService};

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
pub(super) fn template_path(w: &Workload) -> Vec<Step<'static>> {
    let mut path = vec![Step::Key("spec")];
    if w.kind == WorkloadKind::CronJob {
        path.extend([Step::Key("jobTemplate"), Step::Key("spec")]);
    }
    path.push(Step::Key("template"));
    path
}

/// The text path of a workload's pod template labels.
pub(super) fn template_labels_path(w: &Workload) -> Vec<Step<'static>> {
    let mut path = template_path(w);
    path.extend([Step::Key("metadata"), Step::Key("labels")]);
    path
}

/// Who a pod-side fix edits: the pod template of its workload, or the pod.
pub(super) fn whose(pod: &Pod, workload: Option<&Workload>) -> String {
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
pub(super) fn flow_map<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
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
pub(super) fn service_selector_fix(text: &str, rs: &ResolvedService, m: &NearMiss) -> Option<Fix> {
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
pub(super) fn keeps_other_services(
    a: &Analysis,
    rs: &ResolvedService,
    pod: usize,
    labels: &Labels,
) -> bool {
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
pub(super) fn pod_label_fix(
    text: &str,
    a: &Analysis,
    rs: &ResolvedService,
    m: &NearMiss,
) -> Option<Fix> {
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
pub(super) fn port_rename_fix(
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
