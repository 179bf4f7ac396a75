//! Service → pod resolution: which pods a Service selects, and for each one
//! whether it is a ready, not-ready or terminating endpoint, or excluded and why.

use super::ports::find_port;
use super::readiness::{endpoint_conditions, endpoint_state, NotAnEndpoint};
use crate::engine::labels::Selector;
use crate::engine::model::{Pod, Service, ServiceType};
use crate::engine::sim::workloads::SimPod;
use rustc_hash::FxBuildHasher;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

/// The state of one (Service, selected pod) pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EndpointState {
    /// In `addresses`: traffic goes here.
    Ready,
    /// In `notReadyAddresses`: selected, but the pod is not ready.
    NotReady,
    /// Being deleted: left out of v1 Endpoints, kept in slices as terminating.
    Terminating,
    /// Selected but not an endpoint at all (finished, no IP, no port).
    Excluded,
    /// Not selected, but nearly: only in graphs and explanations, never in
    /// endpoints.
    NearMiss,
}

impl EndpointState {
    /// Kebab-case name, used in `data-state` and CSS.
    pub fn as_str(self) -> &'static str {
        match self {
            EndpointState::Ready => "ready",
            EndpointState::NotReady => "not-ready",
            EndpointState::Terminating => "terminating",
            EndpointState::Excluded => "excluded",
            EndpointState::NearMiss => "near-miss",
        }
    }
}

/// A Service port resolved for one pod.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ResolvedPort {
    /// The Service port's name ("" when unnamed).
    pub name: String,
    /// The Service port number.
    pub port: i64,
    /// The protocol.
    pub protocol: String,
    /// The pod port it leads to, or `None` when a named port was not found.
    pub target: Option<i64>,
}

/// One pod selected by a Service.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Backend {
    /// Index into [`crate::engine::analysis::Analysis::pods`].
    pub pod: usize,
    /// Its state.
    pub state: EndpointState,
    /// Why it has that state, in a sentence.
    pub reason: Cow<'static, str>,
    /// The endpoint address (the pod IP of the Service's family).
    pub address: Option<String>,
    /// Each Service port resolved for this pod (shared by pods with the same containers).
    pub ports: Arc<[ResolvedPort]>,
}

/// An address behind a selector-less Service that is not a pod of the input
/// (a database outside the cluster, say), read from its EndpointSlices as
/// kube-proxy reads them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExternalBackend {
    /// The IP.
    pub address: String,
    /// Ready, not ready, terminating; excluded when no Service port reaches it.
    pub state: EndpointState,
    /// Why it has that state, in a sentence.
    pub reason: Cow<'static, str>,
    /// Each Service port and the port of the address it leads to.
    pub ports: Arc<[ResolvedPort]>,
    /// The endpoint's hostname, if any.
    pub hostname: Option<String>,
    /// The EndpointSlice it was read from (the first, if several list it).
    pub slice: String,
}

/// Whether the endpoints controllers manage endpoints for `svc`: not an
/// ExternalName, and a selector. Mirrors the early returns of `syncService` in
/// `pkg/controller/endpoint/endpoints_controller.go` (and the EndpointSlice
/// controller's); `selector: {}` is read as none (`decode_service`).
pub fn has_managed_endpoints(svc: &Service) -> bool {
    svc.service_type != ServiceType::ExternalName && svc.selector.is_some()
}

pub use crate::engine::base::ip::ip_family;

/// `ip:port`, with an IPv6 address in brackets (`[fd00::1]:80`), as Go's
/// `net.JoinHostPort` writes it.
pub fn host_port(ip: &str, port: i64) -> String {
    if ip_family(ip) == "IPv6" {
        format!("[{ip}]:{port}")
    } else {
        format!("{ip}:{port}")
    }
}

/// The family a Service's v1 Endpoints use (`podToEndpointAddressForService`
/// in `pkg/controller/endpoint/endpoints_controller.go`): `ipFamilies[0]`, else the
/// family of the (written or simulated IPv4) cluster IP; `None` for a headless
/// Service without families, which uses each pod's first IP family.
pub fn primary_family(svc: &Service) -> Option<&'static str> {
    if let Some(f) = svc.ip_families.first() {
        return Some(if f == "IPv6" { "IPv6" } else { "IPv4" });
    }
    let written = svc.cluster_ips.first().or(svc.cluster_ip.as_ref());
    match written.map(String::as_str) {
        Some("None") => None,
        Some(ip) if !ip.is_empty() => Some(ip_family(ip)),
        _ if svc.is_headless() => None,
        _ => Some("IPv4"),
    }
}

/// The family of `pod`'s address in a Service's v1 Endpoints
/// (`podToEndpointAddressForService`): the Service's, else that of `status.podIP`.
pub fn service_family(svc: &Service, pod: &Pod) -> Option<&'static str> {
    primary_family(svc).or_else(|| {
        pod.status
            .as_ref()
            .and_then(|s| s.pod_ips.first())
            .map(|ip| ip_family(ip))
    })
}

/// Classifies one selected pod for a Service: excluded when it is no
/// endpoint ([`endpoint_conditions`]), has no address of the Service's family
/// (`podToEndpointAddressForService`), resolves no Service port (`FindPort`)
/// or the Service has no ports and is not headless (`syncService`); else the
/// state of its conditions ([`endpoint_state`]).
pub fn classify(svc: &Service, sim: &SimPod, index: usize) -> Backend {
    classify_with_ports(svc, sim, index, resolve_ports(svc, &sim.pod).into())
}

/// Each Service port resolved on `pod` ([`find_port`]).
pub fn resolve_ports(svc: &Service, pod: &Pod) -> Vec<ResolvedPort> {
    svc.ports
        .iter()
        .map(|p| ResolvedPort {
            name: p.name.clone(),
            port: p.port,
            protocol: p.protocol.clone(),
            target: find_port(pod, p).ok(),
        })
        .collect()
}

/// Classifies the selected pods (indices into `pods`) of a Service, resolving
/// the ports once per distinct pod spec (replicas of a workload share theirs).
pub fn classify_selected(svc: &Service, pods: &[SimPod], selected: &[usize]) -> Vec<Backend> {
    let mut last: Option<(u64, Arc<[ResolvedPort]>)> = None;
    selected
        .iter()
        .map(|&i| {
            let sim = &pods[i];
            let ports = match &last {
                Some((h, ports)) if *h == sim.ports_hash => Arc::clone(ports),
                _ => {
                    let ports: Arc<[ResolvedPort]> = resolve_ports(svc, &sim.pod).into();
                    last = Some((sim.ports_hash, Arc::clone(&ports)));
                    ports
                }
            };
            classify_with_ports(svc, sim, i, ports)
        })
        .collect()
}

fn classify_with_ports(
    svc: &Service,
    sim: &SimPod,
    index: usize,
    ports: Arc<[ResolvedPort]>,
) -> Backend {
    let pod = &sim.pod;
    let empty = crate::engine::model::PodStatus::default();
    let status = pod.status.as_ref().unwrap_or(&empty);
    let family = service_family(svc, pod);
    let address = status
        .pod_ips
        .iter()
        .find(|ip| family.is_none_or(|f| ip_family(ip) == f))
        .cloned();
    let excluded = |reason: Cow<'static, str>| Backend {
        pod: index,
        state: EndpointState::Excluded,
        reason,
        address: address.clone(),
        ports: Arc::clone(&ports),
    };
    let conditions = match endpoint_conditions(svc, pod) {
        Ok(c) => c,
        Err(NotAnEndpoint::Terminal) => {
            return excluded(
                format!(
                    "pod phase is {}: finished pods are never endpoints",
                    status.phase.as_deref().unwrap_or("")
                )
                .into(),
            )
        }
        Err(NotAnEndpoint::NoIp) => {
            return excluded("pod has no IP yet (status.podIP is empty)".into())
        }
    };
    if address.is_none() {
        return excluded(
            format!(
                "pod has no {} address, the Service's IP family",
                family.unwrap_or("")
            )
            .into(),
        );
    }
    if !svc.ports.is_empty() && ports.iter().all(|p| p.target.is_none()) {
        let names: Vec<String> = ports
            .iter()
            .map(|p| format!("`{}`", svc_target(svc, &p.name)))
            .collect();
        return excluded(
            format!(
                "no Service port resolves on this pod: named target port {} not found in its containers",
                names.join(", ")
            )
            .into(),
        );
    }
    if svc.ports.is_empty() && !svc.is_headless() {
        return excluded("the Service has no ports and is not headless: no endpoints".into());
    }
    let state = endpoint_state(conditions);
    let reason = match state {
        _ if svc.publish_not_ready_addresses => {
            Cow::Borrowed("publishNotReadyAddresses: every selected pod with an IP is ready")
        }
        EndpointState::Terminating => Cow::Borrowed("pod is terminating (deletionTimestamp set): removed from Endpoints, kept in EndpointSlices as terminating"),
        EndpointState::Ready if sim.simulated_status => Cow::Borrowed("pod is Ready (simulated)"),
        EndpointState::Ready => Cow::Borrowed("pod is Ready"),
        _ => match status.ready {
            Some(false) => Cow::Borrowed("pod is not ready: its Ready condition is False"),
            _ => format!(
                "pod is not ready: it has no Ready condition (phase {})",
                status.phase.as_deref().unwrap_or("unknown")
            )
            .into(),
        },
    };
    Backend {
        pod: index,
        state,
        reason,
        address,
        ports,
    }
}

fn svc_target(svc: &Service, port_name: &str) -> String {
    svc.ports
        .iter()
        .find(|p| p.name == port_name)
        .map(|p| p.target_port.to_string())
        .unwrap_or_default()
}

/// The pods (indices into `pods`) a Service selects: same namespace, labels
/// matching the selector map (`syncService` lists
/// `podLister.Pods(service.Namespace)` with `labels.Set(service.Spec.Selector)`).
/// This is the plain all-pairs scan;
/// [`PodIndex::select`] gives the same answer faster.
pub fn selected_pods(svc: &Service, pods: &[SimPod]) -> Vec<usize> {
    let Some(map) = svc.selector.as_ref().filter(|_| has_managed_endpoints(svc)) else {
        return Vec::new();
    };
    let sel = Selector::from_map(map);
    pods.iter()
        .enumerate()
        .filter(|(_, p)| {
            p.pod.meta.namespace == svc.meta.namespace && sel.matches(&p.pod.meta.labels)
        })
        .map(|(i, _)| i)
        .collect()
}

/// An index of pods by namespace and label, so a Service's selector finds
/// its pods without looking at every pod. It borrows the pods' strings.
#[derive(Debug, Default)]
pub struct PodIndex<'a> {
    /// (namespace, label key, label value) → pod indices, ascending.
    by_label: HashMap<(&'a str, &'a str, &'a str), Vec<usize>, FxBuildHasher>,
    /// namespace → every pod index, ascending.
    by_namespace: HashMap<&'a str, Vec<usize>, FxBuildHasher>,
}

impl<'a> PodIndex<'a> {
    /// Indexes `pods`. Runs of consecutive pods with the same namespace and
    /// labels (the replicas of a workload) share one lookup per label.
    pub fn new(pods: &'a [SimPod]) -> PodIndex<'a> {
        let mut idx = PodIndex::default();
        let mut start = 0;
        while start < pods.len() {
            let meta = &pods[start].pod.meta;
            let mut end = start + 1;
            while end < pods.len()
                && pods[end].pod.meta.namespace == meta.namespace
                && pods[end].pod.meta.labels == meta.labels
            {
                end += 1;
            }
            let ns = meta.namespace.as_str();
            for (k, v) in &meta.labels {
                idx.by_label
                    .entry((ns, k.as_str(), v.as_str()))
                    .or_default()
                    .extend(start..end);
            }
            idx.by_namespace.entry(ns).or_default().extend(start..end);
            start = end;
        }
        idx
    }

    /// The pods a Service selects (same result as [`selected_pods`]): the
    /// intersection of the posting lists of its `key=value` pairs.
    pub fn select(&self, svc: &Service) -> Vec<usize> {
        let Some(map) = svc.selector.as_ref().filter(|_| has_managed_endpoints(svc)) else {
            return Vec::new();
        };
        let ns = svc.meta.namespace.as_str();
        if map.is_empty() {
            return self.by_namespace.get(ns).cloned().unwrap_or_default();
        }
        let mut lists = Vec::with_capacity(map.len());
        for (k, v) in map {
            match self.by_label.get(&(ns, k.as_str(), v.as_str())) {
                Some(l) => lists.push(l),
                None => return Vec::new(),
            }
        }
        crate::engine::base::order::sort_by_key(&mut lists, |l| l.len());
        let mut out = lists[0].clone();
        for l in &lists[1..] {
            out.retain(|i| l.binary_search(i).is_ok());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // `syncService`'s early returns: ExternalName, then no selector. Every
    // pod-selecting function reads them through `has_managed_endpoints`.
    #[test]
    fn which_services_get_managed_endpoints() {
        let mut pod = Pod::default();
        pod.meta.name = "web-0".into();
        pod.meta.namespace = "default".into();
        pod.meta.labels.insert("app".into(), "web".into());
        let pods = vec![SimPod::new(pod, false)];
        let selector = || Some([("app".to_string(), "web".to_string())].into());
        let rows = [
            (ServiceType::ClusterIP, selector(), true, "a selector"),
            (
                ServiceType::NodePort,
                selector(),
                true,
                "a NodePort with a selector",
            ),
            (ServiceType::ClusterIP, None, false, "no selector"),
            (
                ServiceType::ExternalName,
                selector(),
                false,
                "ExternalName, even with a selector",
            ),
        ];
        let index = PodIndex::new(&pods);
        for (service_type, selector, want, label) in rows {
            let mut svc = Service {
                service_type,
                selector,
                ..Service::default()
            };
            svc.meta.namespace = "default".into();
            assert_eq!(has_managed_endpoints(&svc), want, "{label}");
            let selected = if want { vec![0] } else { vec![] };
            assert_eq!(
                selected_pods(&svc, &pods),
                selected,
                "{label}: selected_pods"
            );
            assert_eq!(index.select(&svc), selected, "{label}: PodIndex::select");
        }
    }
}
