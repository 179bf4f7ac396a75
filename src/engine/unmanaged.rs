//! The endpoints of a selector-less Service: the Endpoints and EndpointSlices written in the input.

use super::diagnostics::{Diagnostic, DiagnosticCode, Severity};
use super::endpoints;
use super::model::{self, Object, ObjectRef};
use super::resolve::{Backend, EndpointState};
use super::workloads::SimPod;
use std::sync::Arc;

/// The backends, Endpoints and EndpointSlices of a selector-less Service.
pub type Unmanaged = (
    Vec<Backend>,
    Option<endpoints::Endpoints>,
    Vec<endpoints::EndpointSlice>,
);

/// A selector-less Service uses the Endpoints and EndpointSlices written in
/// the input (rule K6); their addresses are matched to pods by targetRef or IP.
pub fn unmanaged_endpoints(
    svc: &model::Service,
    objects: &[Object],
    pods: &[SimPod],
    diagnostics: &mut Vec<Diagnostic>,
) -> Unmanaged {
    let r = ObjectRef::new("Service", &svc.meta.namespace, &svc.meta.name);
    if svc.service_type == model::ServiceType::ExternalName {
        return (Vec::new(), None, Vec::new());
    }
    let mut eps = None;
    let mut slices = Vec::new();
    for o in objects {
        match o {
            Object::Endpoints { meta, value, .. }
                if meta.namespace == svc.meta.namespace && meta.name == svc.meta.name =>
            {
                eps = Some(value.clone());
            }
            Object::EndpointSlice { meta, value, .. }
                if meta.namespace == svc.meta.namespace
                    && meta.labels.get(endpoints::SERVICE_NAME_LABEL) == Some(&svc.meta.name) =>
            {
                slices.push(value.clone());
            }
            _ => {}
        }
    }
    if eps.is_none() && slices.is_empty() {
        let why = if svc.selector_span.is_some() {
            "its selector is empty"
        } else {
            "it has no selector"
        };
        diagnostics.push(
            Diagnostic::new(
                Severity::Warning,
                DiagnosticCode::NoEndpointsObject,
                format!("Service `{}` gets no endpoints: {why}, and no Endpoints or EndpointSlice for it is in the input", svc.meta.name),
                svc.meta.name_span,
            )
            .with_object(Some(r))
            .with_help(format!("add an Endpoints object named `{}` or an EndpointSlice labelled `kubernetes.io/service-name: {}`", svc.meta.name, svc.meta.name)),
        );
    }
    // Hand-written addresses → pods, by targetRef name or by IP.
    let mut backends: Vec<Backend> = Vec::new();
    let add = |ip: &str,
               target: Option<&endpoints::TargetRef>,
               state: EndpointState,
               backends: &mut Vec<Backend>| {
        let found = pods.iter().position(|p| {
            p.pod.meta.namespace == svc.meta.namespace
                && match target {
                    Some(t) if !t.name.is_empty() => t.name == p.pod.meta.name,
                    _ => p
                        .pod
                        .status
                        .as_ref()
                        .is_some_and(|s| s.pod_ips.iter().any(|i| i == ip)),
                }
        });
        if let Some(i) = found {
            if !backends.iter().any(|b| b.pod == i) {
                backends.push(Backend {
                    pod: i,
                    state,
                    reason: "listed in the hand-written endpoints of this selector-less Service"
                        .into(),
                    address: Some(ip.to_string()),
                    ports: Arc::from([]),
                });
            }
        }
    };
    if let Some(e) = &eps {
        for s in &e.subsets {
            for a in &s.addresses {
                add(
                    &a.ip,
                    a.target_ref.as_ref(),
                    EndpointState::Ready,
                    &mut backends,
                );
            }
            for a in &s.not_ready_addresses {
                add(
                    &a.ip,
                    a.target_ref.as_ref(),
                    EndpointState::NotReady,
                    &mut backends,
                );
            }
        }
    }
    for s in &slices {
        for e in &s.endpoints {
            let state = if e.conditions.ready {
                EndpointState::Ready
            } else if e.conditions.terminating {
                EndpointState::Terminating
            } else {
                EndpointState::NotReady
            };
            for ip in &e.addresses {
                add(ip, e.target_ref.as_ref(), state, &mut backends);
            }
        }
    }
    (backends, eps, slices)
}
