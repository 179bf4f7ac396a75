//! The endpoints of a selector-less Service: its hand-written Endpoints and EndpointSlices, read as kube-proxy reads them.

use super::mirroring;
use super::resolve::{ip_family, Backend, EndpointState, ExternalBackend, ResolvedPort};
use crate::engine::base::diagnostics::{Diagnostic, DiagnosticCode, Severity};
use crate::engine::base::object_ref::ObjectRef;
use crate::engine::model::endpoints::{EndpointSlice, Endpoints};
use crate::engine::model::{self, Object, ObjectMeta};
use crate::engine::sim::workloads::SimPod;
use rustc_hash::FxBuildHasher;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// What a selector-less Service is backed by.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Unmanaged {
    /// The pods of the input its endpoints point at (by targetRef or IP).
    pub backends: Vec<Backend>,
    /// Its endpoints that are not pods of the input.
    pub external: Vec<ExternalBackend>,
    /// Its Endpoints, as written.
    pub endpoints: Option<Endpoints>,
    /// Its EndpointSlices: those written by hand, then those the mirroring
    /// controller writes for its Endpoints.
    pub slices: Vec<EndpointSlice>,
}

/// A selector-less Service uses the Endpoints and EndpointSlices written in
/// the input (the controllers skip it: `syncService`): the hand-written EndpointSlices labelled with its
/// name, and the slices the EndpointSlice mirroring controller writes for its
/// Endpoints ([`mirroring::mirror_endpoints`]); kube-proxy reads only the
/// slices ([`read_slices`]).
pub fn unmanaged_endpoints(
    svc: &model::Service,
    objects: &[Object],
    pods: &[SimPod],
    diagnostics: &mut Vec<Diagnostic>,
) -> Unmanaged {
    let r = ObjectRef::new("Service", &svc.meta.namespace, &svc.meta.name);
    if svc.service_type == model::ServiceType::ExternalName {
        return Unmanaged::default();
    }
    let mut eps: Option<(&ObjectMeta, &Endpoints)> = None;
    let mut slices = Vec::new();
    for o in objects {
        match o {
            Object::Endpoints { meta, value, .. }
                if meta.namespace == svc.meta.namespace && meta.name == svc.meta.name =>
            {
                eps = Some((meta, value));
            }
            // The mirroring controller owns the slices it manages: it
            // rewrites them from the Endpoints, or deletes them.
            Object::EndpointSlice { meta, value, .. }
                if meta.namespace == svc.meta.namespace
                    && meta
                        .labels
                        .get(crate::engine::controllers::endpoints::SERVICE_NAME_LABEL)
                        == Some(&svc.meta.name)
                    && !mirroring::is_mirrored(value) =>
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
    if let Some((meta, e)) = eps {
        if !mirroring::should_mirror(e) {
            if slices.is_empty() {
                diagnostics.push(not_mirrored(meta, e));
            }
        } else if mirroring::service_allows_mirroring(svc) {
            let m = mirroring::mirror_endpoints(e, mirroring::MAX_ENDPOINTS_PER_SUBSET);
            diagnostics.extend(mirroring_diagnostics(meta, &m));
            slices.extend(m.slices);
        }
    }
    if !slices.is_empty() {
        empty_selector_is_a_note(svc, diagnostics);
    }
    let (backends, external) = read_slices(svc, &slices, pods);
    Unmanaged {
        backends,
        external,
        endpoints: eps.map(|(_, e)| e.clone()),
        slices,
    }
}

/// `selector: {}` on a Service backed by hand-written endpoints is what it
/// looks like: the API server stores it as no selector, the controllers
/// leave the endpoints alone, and adding labels would make the endpoints
/// controller replace them. The warning about it becomes a note.
fn empty_selector_is_a_note(svc: &model::Service, diagnostics: &mut [Diagnostic]) {
    let r = ObjectRef::new("Service", &svc.meta.namespace, &svc.meta.name);
    for d in diagnostics
        .iter_mut()
        .filter(|d| d.code == DiagnosticCode::EmptySelector && d.object.as_ref() == Some(&r))
    {
        d.severity = Severity::Info;
        d.message = "`selector: {}` is stored as no selector: the Service is backed by its hand-written Endpoints or EndpointSlices".into();
        d.help = None;
    }
}

/// An Endpoints the controller does not mirror, with no slice written by
/// hand beside it: kube-proxy sees none of its addresses.
fn not_mirrored(meta: &ObjectMeta, e: &Endpoints) -> Diagnostic {
    let why = if e
        .annotations
        .contains_key(mirroring::LEADER_ELECTION_ANNOTATION)
    {
        format!(
            "it holds a leader-election record (`{}`)",
            mirroring::LEADER_ELECTION_ANNOTATION
        )
    } else {
        format!(
            "it is labelled `{}: \"true\"`",
            mirroring::SKIP_MIRROR_LABEL
        )
    };
    Diagnostic::new(
        Severity::Warning,
        DiagnosticCode::NotMirrored,
        format!("Endpoints `{}` is not mirrored to an EndpointSlice: {why}; kube-proxy reads only EndpointSlices, so Service `{}` gets none of its addresses", e.name, e.name),
        meta.name_span,
    )
    .with_object(Some(ObjectRef::new("Endpoints", &e.namespace, &e.name)))
    .with_help(format!(
        "write an EndpointSlice labelled `kubernetes.io/service-name: {}`, or remove the label",
        e.name
    ))
}

/// What the mirroring controller reports as events: addresses that are not
/// IPs (the API server rejects such an Endpoints, and the controller skips
/// them) and addresses past the per-subset maximum.
fn mirroring_diagnostics(meta: &ObjectMeta, m: &mirroring::Mirrored) -> Vec<Diagnostic> {
    let r = ObjectRef::new("Endpoints", &meta.namespace, &meta.name);
    let mut out = Vec::new();
    if !m.invalid.is_empty() {
        let shown: Vec<String> = m
            .invalid
            .iter()
            .take(3)
            .map(|ip| format!("`{ip}`"))
            .collect();
        out.push(
            Diagnostic::new(
                Severity::Error,
                DiagnosticCode::InvalidValue,
                format!(
                    "Endpoints `{}`: {} {} not a valid IP address: the API server rejects it, and the EndpointSlice mirroring controller skips such addresses",
                    meta.name,
                    shown.join(", "),
                    if m.invalid.len() == 1 { "is" } else { "are" }
                ),
                meta.name_span,
            )
            .with_object(Some(r.clone()))
            .with_help("an Endpoints address is an IP (`10.0.0.5`, `2001:db8::5`); for a DNS name use a Service of type ExternalName"),
        );
    }
    if m.over_capacity > 0 {
        out.push(
            Diagnostic::new(
                Severity::Warning,
                DiagnosticCode::NotMirrored,
                format!(
                    "{} addresses of Endpoints `{}` are not mirrored to EndpointSlices: the mirroring controller copies at most {} addresses per subset, and kube-proxy reads only EndpointSlices",
                    m.over_capacity,
                    meta.name,
                    mirroring::MAX_ENDPOINTS_PER_SUBSET
                ),
                meta.name_span,
            )
            .with_object(Some(r))
            .with_help(format!(
                "write the addresses as EndpointSlices (at most 1000 endpoints each) labelled `kubernetes.io/service-name: {}`",
                meta.name
            )),
        );
    }
    out
}

/// An endpoint as kube-proxy reads it from a slice.
struct Read<'a> {
    ip: &'a str,
    state: EndpointState,
    slice: &'a EndpointSlice,
    endpoint: &'a crate::engine::model::endpoints::SliceEndpoint,
}

/// The state kube-proxy gives a slice endpoint: ready when `ready` is unset
/// or true; else terminating when serving and terminating (a fallback while
/// no endpoint is ready); else not ready. Mirrors the conditions read by
/// `addEndpoints` in `pkg/proxy/endpointslicecache.go` (`newEndpointSliceInfo`
/// in older releases; the decoder reads an unset `ready` or `serving` as
/// true, as it does) and the terminating fallback of `CategorizeEndpoints` in
/// `pkg/proxy/topology.go`. This is kube-proxy's reading, not the
/// controllers' policy ([`super::readiness::endpoint_conditions`]).
pub fn proxy_endpoint_state(
    c: &crate::engine::model::endpoints::EndpointConditions,
) -> EndpointState {
    if c.ready {
        EndpointState::Ready
    } else if c.serving && c.terminating {
        EndpointState::Terminating
    } else {
        EndpointState::NotReady
    }
}

/// The backends of a selector-less Service from its EndpointSlices, as
/// kube-proxy reads them (`endpointInfoByServicePort` and `addEndpoints` in
/// `pkg/proxy/endpointslicecache.go`): FQDN slices are not proxied; an
/// endpoint is its first address; a Service port is served by the slice
/// ports of the same name and protocol (port 0 ignored); an address listed
/// twice counts once (the first listing gives its state). An address that is
/// a pod of the input (by targetRef name, else by pod IP) is that pod's
/// backend; any other is an [`ExternalBackend`].
pub fn read_slices(
    svc: &model::Service,
    slices: &[EndpointSlice],
    pods: &[SimPod],
) -> (Vec<Backend>, Vec<ExternalBackend>) {
    let mut read: Vec<Read<'_>> = Vec::new();
    // Each address and the slices listing it, in order.
    let mut listed: HashMap<&str, Vec<&EndpointSlice>, FxBuildHasher> = HashMap::default();
    for slice in slices
        .iter()
        .filter(|s| s.address_type == "IPv4" || s.address_type == "IPv6")
    {
        for e in &slice.endpoints {
            let Some(ip) = e.addresses.first() else {
                continue;
            };
            let in_slices = listed.entry(ip.as_str()).or_default();
            if in_slices.is_empty() {
                read.push(Read {
                    ip,
                    state: proxy_endpoint_state(&e.conditions),
                    slice,
                    endpoint: e,
                });
            }
            in_slices.push(slice);
        }
    }
    // The pods of the Service's namespace, by name and by IP (the first wins).
    let mut by_name: HashMap<&str, usize, FxBuildHasher> = HashMap::default();
    let mut by_ip: HashMap<&str, usize, FxBuildHasher> = HashMap::default();
    for (i, p) in pods.iter().enumerate() {
        if p.pod.meta.namespace != svc.meta.namespace {
            continue;
        }
        by_name.entry(p.pod.meta.name.as_str()).or_insert(i);
        for ip in p.pod.status.iter().flat_map(|s| &s.pod_ips) {
            by_ip.entry(ip.as_str()).or_insert(i);
        }
    }
    let families = svc.families();
    let mut backends: Vec<Backend> = Vec::new();
    let mut pods_found = HashSet::new();
    let mut external = Vec::new();
    for r in read {
        let ports = slice_ports(svc, listed.get(r.ip).map_or(&[], |v| v.as_slice()));
        let (state, reason) = read_state(svc, &r, &ports, &families);
        let pod = match &r.endpoint.target_ref {
            Some(t) if !t.name.is_empty() => (t.kind.is_empty() || t.kind == "Pod")
                .then(|| by_name.get(t.name.as_str()).copied())
                .flatten(),
            _ => by_ip.get(r.ip).copied(),
        };
        match pod {
            Some(i) => {
                if pods_found.insert(i) {
                    backends.push(Backend {
                        pod: i,
                        state,
                        reason,
                        address: Some(r.ip.to_string()),
                        ports: ports.into(),
                    });
                }
            }
            None => external.push(ExternalBackend {
                address: r.ip.to_string(),
                state,
                reason,
                ports: ports.into(),
                hostname: r.endpoint.hostname.clone(),
                slice: r.slice.name.clone(),
            }),
        }
    }
    (backends, external)
}

/// Each Service port with the port number the slices listing an address
/// give it (matched by name and protocol), or `None`.
fn slice_ports(svc: &model::Service, slices: &[&EndpointSlice]) -> Vec<ResolvedPort> {
    svc.ports
        .iter()
        .map(|sp| {
            let target = slices
                .iter()
                .flat_map(|s| &s.ports)
                .find(|p| p.name == sp.name && p.protocol == sp.protocol && p.port != 0)
                .map(|p| p.port);
            ResolvedPort {
                name: sp.name.clone(),
                port: sp.port,
                protocol: sp.protocol.clone(),
                target,
            }
        })
        .collect()
}

fn read_state(
    svc: &model::Service,
    r: &Read<'_>,
    ports: &[ResolvedPort],
    families: &[String],
) -> (EndpointState, Cow<'static, str>) {
    let from = if mirroring::is_mirrored(r.slice) {
        format!(
            "EndpointSlice `{}` (mirrored from Endpoints `{}`)",
            r.slice.name, svc.meta.name
        )
    } else {
        format!("EndpointSlice `{}`", r.slice.name)
    };
    if !svc.ports.is_empty() && ports.iter().all(|p| p.target.is_none()) {
        let names: Vec<String> = svc
            .ports
            .iter()
            .map(|p| format!("`{}`/{}", p.name, p.protocol))
            .collect();
        return (
            EndpointState::Excluded,
            format!("no port of {from} has the name and protocol of a Service port ({}): kube-proxy sends it nothing", names.join(", ")).into(),
        );
    }
    let family = ip_family(r.ip);
    if !svc.is_headless() && !families.iter().any(|f| f == family) {
        return (
            EndpointState::Excluded,
            format!("an {family} address, and the Service has no {family} cluster IP").into(),
        );
    }
    let reason = match r.state {
        EndpointState::Ready => format!("ready in {from}"),
        EndpointState::Terminating => {
            format!("terminating in {from}: used only while the Service has no ready endpoint")
        }
        _ => format!("not ready in {from} (`conditions.ready: false`)"),
    };
    (r.state, reason.into())
}

/// The `ip:port` of every ready endpoint of a selector-less Service for its
/// port named `port_name`: its pods', then its external addresses'.
pub fn ready_targets(
    service: &crate::engine::controllers::resolved::ResolvedService,
    port_name: &str,
) -> Vec<String> {
    let pods = service
        .backends
        .iter()
        .filter_map(|b| Some((b.state, b.address.as_deref()?, &b.ports)));
    let external = service
        .external
        .iter()
        .map(|b| (b.state, b.address.as_str(), &b.ports));
    pods.chain(external)
        .filter(|(state, _, _)| *state == EndpointState::Ready)
        .flat_map(|(_, ip, ports)| {
            ports
                .iter()
                .filter(|p| p.name == port_name)
                .filter_map(move |p| {
                    Some(crate::engine::controllers::resolve::host_port(
                        ip, p.target?,
                    ))
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::model::endpoints::EndpointConditions;

    /// `newEndpointSliceInfo` in `pkg/proxy/endpointslicecache.go` reads
    /// ready, serving and terminating; kube-proxy then uses ready endpoints,
    /// or serving terminating ones when none is ready: (ready, serving,
    /// terminating, state).
    #[test]
    fn proxy_endpoint_state_table() {
        use EndpointState::*;
        let rows = [
            (true, true, false, Ready),
            (true, false, false, Ready),
            (true, true, true, Ready),
            (false, true, true, Terminating),
            (false, false, true, NotReady),
            (false, true, false, NotReady),
            (false, false, false, NotReady),
        ];
        for (ready, serving, terminating, want) in rows {
            let c = EndpointConditions {
                ready,
                serving,
                terminating,
            };
            assert_eq!(proxy_endpoint_state(&c), want, "{c:?}");
        }
    }
}
