//! The route of traffic from one vantage point (a node, a zone, or a pod's
//! node) to a Service port: the endpoints kube-proxy there uses, those it
//! skips and why, and whether the traffic reaches a pod or is dropped.

use super::categorize::{
    categorize_endpoints, Categorized, PortPolicy, ProxyEndpoint, TopologyMode,
};
use crate::engine::controllers::resolve::host_port;
use crate::engine::controllers::resolved::ResolvedService;
use crate::engine::model::{Service, ServiceType};
use crate::engine::sim::nodes::ClusterNodes;
use crate::engine::sim::workloads::SimPod;
use serde::Serialize;

/// The label naming the proxy that handles a Service; kube-proxy leaves
/// such Services to that proxy (`LabelServiceProxyName`).
pub const SERVICE_PROXY_NAME_LABEL: &str = "service.kubernetes.io/service-proxy-name";

/// The default `sessionAffinityConfig.clientIP.timeoutSeconds` (3 hours).
pub const DEFAULT_AFFINITY_TIMEOUT_SECONDS: i64 = 10_800;

/// Where traffic comes from: inside the cluster (a pod, to the cluster IP)
/// or outside (a node port, load balancer or external IP).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Traffic {
    /// To the cluster IP, from a pod or the node.
    Internal,
    /// To a node port, load balancer or external IP.
    External,
}

/// Where the traffic is seen from, as asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VantageSpec {
    /// A node by name.
    Node(String),
    /// A zone: its first node (in the nodes' order) stands for it.
    Zone(String),
    /// A pod (`namespace`, `name`): its node.
    Pod(String, String),
}

impl VantageSpec {
    /// Reads `node/NAME`, `zone/NAME` or `pod/NAMESPACE/NAME` (`pod/NAME` in
    /// `default`).
    pub fn parse(s: &str) -> Result<VantageSpec, String> {
        let (kind, rest) = s
            .split_once('/')
            .ok_or_else(|| format!("`{s}`: expected node/NAME, zone/NAME or pod/NAMESPACE/NAME"))?;
        match (kind, rest.split_once('/')) {
            ("node", None) if !rest.is_empty() => Ok(VantageSpec::Node(rest.into())),
            ("zone", None) if !rest.is_empty() => Ok(VantageSpec::Zone(rest.into())),
            ("pod", Some((ns, name))) if !ns.is_empty() && !name.is_empty() => {
                Ok(VantageSpec::Pod(ns.into(), name.into()))
            }
            ("pod", None) if !rest.is_empty() => {
                Ok(VantageSpec::Pod("default".into(), rest.into()))
            }
            _ => Err(format!(
                "`{s}`: expected node/NAME, zone/NAME or pod/NAMESPACE/NAME"
            )),
        }
    }
}

/// A vantage point resolved to the node whose kube-proxy handles the traffic.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Vantage {
    /// As asked: `node/NAME`, `zone/NAME` or `pod/NS/NAME`.
    pub from: String,
    /// The node.
    pub node: String,
    /// The node's zone ("" without a zone label).
    pub zone: String,
}

/// The node a vantage point stands for, or why there is none.
pub fn resolve_vantage(
    spec: &VantageSpec,
    nodes: &ClusterNodes,
    pods: &[SimPod],
) -> Result<Vantage, String> {
    let at = |from: String, node: &str| Vantage {
        from,
        node: node.to_string(),
        zone: nodes.zone_of(node).unwrap_or("").to_string(),
    };
    match spec {
        VantageSpec::Node(n) => {
            if nodes.get(n).is_none() {
                return Err(format!(
                    "no node `{n}`; the nodes are {}",
                    node_names(nodes)
                ));
            }
            Ok(at(format!("node/{n}"), n))
        }
        VantageSpec::Zone(z) => nodes
            .nodes
            .iter()
            .find(|n| n.zone.as_deref() == Some(z.as_str()))
            .map(|n| at(format!("zone/{z}"), &n.name))
            .ok_or_else(|| format!("no node in zone `{z}`")),
        VantageSpec::Pod(ns, name) => {
            let pod = pods
                .iter()
                .find(|p| p.pod.meta.namespace == *ns && p.pod.meta.name == *name)
                .ok_or_else(|| format!("no pod `{ns}/{name}`"))?;
            let node = pod
                .pod
                .spec
                .node_name
                .as_deref()
                .ok_or_else(|| format!("pod `{ns}/{name}` is on no node"))?;
            Ok(at(format!("pod/{ns}/{name}"), node))
        }
    }
}

fn node_names(nodes: &ClusterNodes) -> String {
    nodes
        .nodes
        .iter()
        .map(|n| n.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether traffic reaches a pod.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Some endpoint is used.
    Reaches,
    /// No endpoint is used: kube-proxy rejects or drops the traffic.
    Dropped,
}

/// One endpoint of a Service port as seen from the vantage point.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RouteEndpoint {
    /// `NAMESPACE/NAME` of the pod behind it, when it is a pod.
    pub pod: Option<String>,
    /// `IP:PORT`.
    pub address: String,
    /// Whether kube-proxy on the node sends traffic to it.
    pub used: bool,
    /// Why it is used or skipped.
    pub reason: String,
    /// The node it runs on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
}

/// `healthCheckNodePort`'s answer on a node (`externalTrafficPolicy: Local`
/// on a LoadBalancer): 200 while the node has a ready local endpoint, 503
/// otherwise, so that the load balancer leaves the node out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HealthCheck {
    /// The port, when written.
    pub node_port: Option<i64>,
    /// Ready endpoints on the node.
    pub local_endpoints: usize,
    /// The HTTP status: 200 or 503.
    pub status: u16,
}

/// Session affinity: a client keeps its endpoint for the timeout.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SessionAffinity {
    /// `ClientIP`.
    pub kind: String,
    /// Seconds.
    pub timeout_seconds: i64,
}

/// The route from a vantage point to one Service port.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PortRoute {
    /// `NAMESPACE/NAME`.
    pub service: String,
    /// The port's name, or its number when unnamed.
    pub port: String,
    /// The vantage point as asked.
    pub from: String,
    /// The verdict.
    pub verdict: Verdict,
    /// Every endpoint, used or skipped.
    pub endpoints: Vec<RouteEndpoint>,
    /// The node whose kube-proxy decides.
    pub node: String,
    /// Its zone.
    pub zone: String,
    /// The traffic asked about.
    pub traffic: Traffic,
    /// Why the verdict (dropped: what is missing).
    pub note: String,
    /// Session affinity, when `ClientIP`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_affinity: Option<SessionAffinity>,
    /// The health check answer, under `externalTrafficPolicy: Local` on a
    /// LoadBalancer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub health_check: Option<HealthCheck>,
}

/// Why kube-proxy ignores a Service: it names another proxy, is headless,
/// or is an ExternalName (`serviceChangeTracker` filters in
/// `pkg/proxy/servicechangetracker.go`, `newBaseServiceInfo` and the
/// proxy-name label selector of `cmd/kube-proxy/app/server.go`).
pub fn ignored_by_proxy(svc: &Service) -> Option<String> {
    if let Some(p) = svc.meta.labels.get(SERVICE_PROXY_NAME_LABEL) {
        return Some(format!(
            "the Service is handled by the proxy `{p}` (label `{SERVICE_PROXY_NAME_LABEL}`), not kube-proxy"
        ));
    }
    if svc.service_type == ServiceType::ExternalName {
        return Some("an ExternalName Service is a DNS alias: kube-proxy programs nothing".into());
    }
    if svc.is_headless() {
        return Some(
            "a headless Service has no cluster IP: clients connect to the pods' addresses directly"
                .into(),
        );
    }
    None
}

/// Whether a Service is reached from outside: a NodePort or LoadBalancer,
/// or external IPs (`ExternallyAccessible` in `pkg/api/v1/service/util.go`).
pub fn externally_accessible(svc: &Service) -> bool {
    matches!(
        svc.service_type,
        ServiceType::NodePort | ServiceType::LoadBalancer
    ) || !svc.routing.external_ips.is_empty()
}

/// The traffic policies of a Service's ports (`newBaseServiceInfo` in
/// `pkg/proxy/serviceport.go`; `ExternalPolicyLocal`, `InternalPolicyLocal`).
pub fn port_policy(svc: &Service) -> PortPolicy {
    let externally_accessible = externally_accessible(svc);
    PortPolicy {
        internal_policy_local: svc.routing.internal_local(),
        external_policy_local: externally_accessible && svc.routing.external_local(),
        externally_accessible,
    }
}

/// The endpoints of a Service port as kube-proxy reads them from the
/// Service's EndpointSlices: the first address of each endpoint with the
/// slice's port of that name, each address once; `is_local` for `node`
/// (`endpointSliceCache.addEndpoints`). Beside each, its pod and node.
pub fn proxy_endpoints(
    rs: &ResolvedService,
    port_name: &str,
    node: &str,
) -> Vec<(ProxyEndpoint, Option<String>, Option<String>)> {
    let mut out: Vec<(ProxyEndpoint, Option<String>, Option<String>)> = Vec::new();
    for slice in rs.slices.iter() {
        let Some(port) = slice.ports.iter().find(|p| p.name == port_name) else {
            continue;
        };
        for ep in &slice.endpoints {
            let Some(ip) = ep.addresses.first() else {
                continue;
            };
            let address = host_port(ip, port.port);
            if out.iter().any(|(e, _, _)| e.endpoint == address) {
                continue;
            }
            let pod = ep
                .target_ref
                .as_ref()
                .filter(|t| t.kind == "Pod")
                .map(|t| format!("{}/{}", t.namespace, t.name));
            out.push((
                ProxyEndpoint::from_slice(
                    address,
                    ep.conditions,
                    ep.hints.as_ref(),
                    ep.node_name.as_deref(),
                    node,
                ),
                pod,
                ep.node_name.clone(),
            ));
        }
    }
    out
}

/// The routes from `vantage` to every port of a Service.
pub fn route_service(rs: &ResolvedService, vantage: &Vantage, traffic: Traffic) -> Vec<PortRoute> {
    (0..rs.service.ports.len())
        .map(|i| route_port(rs, i, vantage, traffic))
        .collect()
}

/// The route from `vantage` to the Service's port number `index`: the set
/// kube-proxy uses (the local one under a Local policy for this traffic,
/// else the cluster-wide one, see [`categorize_endpoints`]), a reason for
/// every endpoint, and the verdict.
pub fn route_port(
    rs: &ResolvedService,
    index: usize,
    vantage: &Vantage,
    traffic: Traffic,
) -> PortRoute {
    let svc = &rs.service;
    let sp = &svc.ports[index];
    let port = if sp.name.is_empty() {
        sp.port.to_string()
    } else {
        sp.name.clone()
    };
    let mut route = PortRoute {
        service: format!("{}/{}", svc.meta.namespace, svc.meta.name),
        port,
        from: vantage.from.clone(),
        verdict: Verdict::Dropped,
        endpoints: Vec::new(),
        node: vantage.node.clone(),
        zone: vantage.zone.clone(),
        traffic,
        note: String::new(),
        session_affinity: (svc.routing.session_affinity.as_deref() == Some("ClientIP")).then(
            || SessionAffinity {
                kind: "ClientIP".into(),
                timeout_seconds: svc
                    .routing
                    .session_affinity_timeout
                    .unwrap_or(DEFAULT_AFFINITY_TIMEOUT_SECONDS),
            },
        ),
        health_check: None,
    };
    let eps = proxy_endpoints(rs, &sp.name, &vantage.node);
    let skip_all = |route: &mut PortRoute, why: &str| {
        route.endpoints = eps
            .iter()
            .map(|(e, pod, node)| RouteEndpoint {
                pod: pod.clone(),
                address: e.endpoint.clone(),
                used: false,
                reason: why.to_string(),
                node: node.clone(),
            })
            .collect();
        route.note = why.to_string();
    };
    if let Some(why) = ignored_by_proxy(svc) {
        skip_all(&mut route, &why);
        return route;
    }
    let policy = port_policy(svc);
    if traffic == Traffic::External && !policy.externally_accessible {
        skip_all(
            &mut route,
            "the Service has no node port, load balancer or external IP: nothing outside the cluster reaches it",
        );
        return route;
    }
    let proxy: Vec<ProxyEndpoint> = eps.iter().map(|(e, _, _)| e.clone()).collect();
    let cat = categorize_endpoints(&proxy, policy, &vantage.node, &vantage.zone);
    let (local_policy, policy_name) = match traffic {
        Traffic::Internal => (policy.internal_policy_local, "internalTrafficPolicy: Local"),
        Traffic::External => (policy.external_policy_local, "externalTrafficPolicy: Local"),
    };
    let chosen: Vec<usize> = if local_policy {
        cat.local.clone().unwrap_or_default()
    } else {
        cat.cluster.clone().unwrap_or_default()
    };
    if traffic == Traffic::External
        && policy.external_policy_local
        && svc.service_type == ServiceType::LoadBalancer
    {
        let ready_local = proxy.iter().filter(|e| e.is_local && e.ready).count();
        route.health_check = Some(HealthCheck {
            node_port: svc.routing.health_check_node_port,
            local_endpoints: ready_local,
            status: if ready_local > 0 { 200 } else { 503 },
        });
    }
    for (i, (e, pod, node)) in eps.iter().enumerate() {
        let used = chosen.contains(&i);
        let reason = endpoint_reason(
            e,
            node.as_deref(),
            used,
            local_policy,
            policy_name,
            &cat,
            vantage,
        );
        route.endpoints.push(RouteEndpoint {
            pod: pod.clone(),
            address: e.endpoint.clone(),
            used,
            reason,
            node: node.clone(),
        });
    }
    if chosen.is_empty() {
        route.verdict = Verdict::Dropped;
        route.note = if eps.is_empty() {
            "the Service port has no endpoints: kube-proxy rejects the traffic".into()
        } else if local_policy {
            format!(
                "{policy_name} and no ready or terminating endpoint on {}: the traffic is dropped",
                vantage.node
            )
        } else {
            "no endpoint is ready, nor terminating and still serving: kube-proxy rejects the traffic".into()
        };
    } else {
        route.verdict = Verdict::Reaches;
        route.note = format!("{} of {} endpoints used", chosen.len(), eps.len());
    }
    route
}

/// Why an endpoint is used or skipped from the vantage point.
fn endpoint_reason(
    e: &ProxyEndpoint,
    node: Option<&str>,
    used: bool,
    local_policy: bool,
    policy_name: &str,
    cat: &Categorized,
    vantage: &Vantage,
) -> String {
    let serving_terminating = e.serving && e.terminating;
    if used {
        if !e.ready {
            return "terminating but still serving: used because no ready endpoint is left".into();
        }
        if local_policy {
            return format!("ready, on this node ({policy_name})");
        }
        return match cat.topology {
            Some(TopologyMode::PreferSameZone) => {
                format!("ready, hinted for this zone ({})", vantage.zone)
            }
            Some(TopologyMode::PreferSameNode) => {
                format!("ready, hinted for this node ({})", vantage.node)
            }
            _ => "ready".into(),
        };
    }
    if !e.ready && !serving_terminating {
        return if e.terminating {
            "terminating and no longer serving".into()
        } else {
            "not ready".into()
        };
    }
    if local_policy && !e.is_local {
        return format!(
            "on {}, not on {} ({policy_name})",
            node.unwrap_or("no node"),
            vantage.node
        );
    }
    if serving_terminating {
        return "terminating: ready endpoints are used instead".into();
    }
    match cat.topology {
        Some(TopologyMode::PreferSameZone) => format!(
            "hinted for {}, not this zone ({}): topology hints keep traffic in its zone",
            e.zone_hints.join(", "),
            vantage.zone
        ),
        Some(TopologyMode::PreferSameNode) => format!(
            "hinted for {}, not this node ({}): topology hints keep traffic on its node",
            e.node_hints.join(", "),
            vantage.node
        ),
        _ => "not used".into(),
    }
}
