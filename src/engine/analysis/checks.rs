//! Checks over the objects read: objects defined twice, one note per ignored
//! kind, and each Service's own problems (no pods, a named port not found).

use super::shared_selector;
use crate::engine::base::diagnostics::{Diagnostic, DiagnosticCode, Severity};
use crate::engine::base::object_ref::ObjectRef;
use crate::engine::base::source::Span;
use crate::engine::controllers::resolve::{has_managed_endpoints, Backend};
use crate::engine::model::{self, operators, validation, Object};
use crate::engine::sim::workloads::SimPod;
use std::collections::HashMap;

/// One note per ignored kind instead of one per object: the first object's
/// note says how many of its kind there are ("ignored: 36 ConfigMap …"),
/// the others are dropped. Workload kinds' notes (a CronJob's) stay.
pub(super) fn summarise_ignored_kinds(diags: &mut Vec<Diagnostic>) {
    let ignored_kind = |d: &Diagnostic| -> Option<String> {
        let o = d.object.as_ref()?;
        (d.code == DiagnosticCode::IgnoredKind && model::WorkloadKind::from_kind(&o.kind).is_none())
            .then(|| o.kind.clone())
    };
    let mut counts: HashMap<String, usize> = HashMap::new();
    for kind in diags.iter().filter_map(ignored_kind) {
        *counts.entry(kind).or_default() += 1;
    }
    if counts.values().all(|&n| n == 1) {
        return;
    }
    diags.retain_mut(|d| {
        let Some(kind) = ignored_kind(d) else {
            return true;
        };
        match counts.get_mut(&kind) {
            Some(n) if *n > 1 => {
                d.message = format!(
                    "ignored: {n} {kind} — kind `{kind}` does not affect Service routing; these {n} objects (the first is here) are listed and otherwise ignored"
                );
                *n = 0; // the first one keeps the note
                true
            }
            Some(0) => false,
            _ => true,
        }
    });
}

/// Reports every object defined again (same kind, namespace and name);
/// returns the indices of those later definitions.
pub(super) fn check_duplicates(
    objects: &[Object],
    diags: &mut Vec<Diagnostic>,
) -> std::collections::HashSet<usize> {
    let mut dups = std::collections::HashSet::new();
    let mut seen: HashMap<(&str, &str, &str), Option<Span>, rustc_hash::FxBuildHasher> =
        HashMap::with_capacity_and_hasher(objects.len(), Default::default());
    for (i, o) in objects.iter().enumerate() {
        let m = o.meta();
        if m.name.is_empty() {
            continue;
        }
        let key = (o.kind(), m.namespace.as_str(), m.name.as_str());
        let here = m.name_span;
        if let Some(first) = seen.get(&key) {
            let r = o.object_ref();
            let line = first.map(|s| s.start.line).unwrap_or(0);
            let mut d = Diagnostic::new(
                Severity::Error,
                DiagnosticCode::DuplicateObject,
                format!("{r} is defined twice (first at line {line})"),
                here,
            )
            .with_object(Some(r));
            if let Some(first) = first {
                d = d.with_related(*first, "first defined here");
            }
            diags.push(d);
            dups.insert(i);
        } else {
            seen.insert(key, here);
        }
    }
    dups
}

pub(super) fn service_diagnostics(
    svc: &model::Service,
    backends: &[Backend],
    pods: &[SimPod],
    objects: &[Object],
    diags: &mut Vec<Diagnostic>,
) {
    let r = ObjectRef::new("Service", &svc.meta.namespace, &svc.meta.name);
    let no_pods = has_managed_endpoints(svc) && backends.is_empty();
    // Pods an operator creates from a custom resource of the input: a note.
    let from_operator = no_pods
        .then(|| operators::pods_from_operator(svc, objects))
        .flatten();
    if let Some(cr) = from_operator {
        diags.push(
            Diagnostic::new(
                Severity::Info,
                DiagnosticCode::NoMatchingPods,
                format!(
                    "Service `{}` selects no pod of the input: its pods come from {} {}, created by its operator, not in the input",
                    svc.meta.name, cr.kind, cr.key()
                ),
                svc.selector_span,
            )
            .with_object(Some(r.clone())),
        );
    } else if no_pods {
        diags.push(
            Diagnostic::new(
                Severity::Warning,
                DiagnosticCode::NoMatchingPods,
                format!(
                    "Service `{}` selects no pod in namespace `{}`",
                    svc.meta.name, svc.meta.namespace
                ),
                svc.selector_span,
            )
            .with_object(Some(r.clone()))
            .with_help("compare the selector with the pods' labels (and namespaces)"),
        );
    }
    diags.extend(shared_selector::shared_selector_diagnostic(
        svc, backends, pods,
    ));
    for p in &svc.ports {
        if let model::IntOrString::Str(name) = &p.target_port {
            // A name the API server rejects is reported as such, not looked up.
            if !validation::port_name_errors(name).is_empty() {
                continue;
            }
            let missing: Vec<&str> = backends
                .iter()
                .filter(|b| {
                    b.ports
                        .iter()
                        .any(|rp| rp.name == p.name && rp.target.is_none())
                })
                .map(|b| pods[b.pod].pod.meta.name.as_str())
                .collect();
            if !missing.is_empty() {
                diags.push(
                    Diagnostic::new(
                        Severity::Warning,
                        DiagnosticCode::PortNotFound,
                        format!(
                            "target port `{name}` ({}) is not a named container port of {} selected pod(s): {}",
                            p.protocol,
                            missing.len(),
                            missing.iter().take(3).copied().collect::<Vec<_>>().join(", ")
                        ),
                        Some(p.span),
                    )
                    .with_object(Some(r.clone())),
                );
            }
        }
    }
}
