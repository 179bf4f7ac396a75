//! Which endpoints kube-proxy on one node programs for a Service port: the
//! cluster-wide set (narrowed by topology hints) and the node-local set,
//! each falling back to serving-and-terminating endpoints.

use crate::engine::model::endpoints::{EndpointConditions, EndpointHints};

/// An endpoint as kube-proxy reads it from an EndpointSlice
/// (`BaseEndpointInfo` in `pkg/proxy/endpoint.go`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProxyEndpoint {
    /// `ip:port`.
    pub endpoint: String,
    /// Whether it should receive traffic.
    pub ready: bool,
    /// Whether it can serve, terminating or not.
    pub serving: bool,
    /// Whether it is terminating.
    pub terminating: bool,
    /// Whether it is on the node kube-proxy runs on.
    pub is_local: bool,
    /// `hints.forZones`.
    pub zone_hints: Vec<String>,
    /// `hints.forNodes`.
    pub node_hints: Vec<String>,
}

impl ProxyEndpoint {
    /// The endpoint as read from a slice: conditions, hints and whether its
    /// `nodeName` is `node` (`newBaseEndpointInfo` via
    /// `endpointSliceCache.addEndpoints` in `pkg/proxy/endpointslicecache.go`).
    pub fn from_slice(
        endpoint: String,
        conditions: EndpointConditions,
        hints: Option<&EndpointHints>,
        node_name: Option<&str>,
        node: &str,
    ) -> ProxyEndpoint {
        ProxyEndpoint {
            endpoint,
            ready: conditions.ready,
            serving: conditions.serving,
            terminating: conditions.terminating,
            is_local: node_name.is_some_and(|n| !n.is_empty() && n == node),
            zone_hints: hints.map(|h| h.for_zones.clone()).unwrap_or_default(),
            node_hints: hints.map(|h| h.for_nodes.clone()).unwrap_or_default(),
        }
    }
}

/// The traffic policies of a Service port as kube-proxy sees them
/// (`BaseServicePortInfo` in `pkg/proxy/serviceport.go`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PortPolicy {
    /// `internalTrafficPolicy: Local`.
    pub internal_policy_local: bool,
    /// `externalTrafficPolicy: Local` (on an externally reachable port).
    pub external_policy_local: bool,
    /// Reached from outside: a node port, a load balancer or external IPs.
    pub externally_accessible: bool,
}

impl PortPolicy {
    /// Whether any traffic uses the cluster-wide endpoints: internal traffic
    /// under the Cluster policy, and any externally reachable port (even
    /// under `externalTrafficPolicy: Local`, traffic from pods to the node
    /// port is short-circuited to them) (`BaseServicePortInfo.UsesClusterEndpoints`).
    pub fn uses_cluster_endpoints(&self) -> bool {
        !self.internal_policy_local || self.externally_accessible
    }

    /// Whether any traffic uses the node-local endpoints
    /// (`BaseServicePortInfo.UsesLocalEndpoints`).
    pub fn uses_local_endpoints(&self) -> bool {
        self.internal_policy_local || (self.externally_accessible && self.external_policy_local)
    }
}

/// How topology hints narrow the cluster-wide endpoints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TopologyMode {
    /// No narrowing.
    None,
    /// Only endpoints hinted for this node's zone.
    PreferSameZone,
    /// Only endpoints hinted for this node.
    PreferSameNode,
}

/// What [`categorize_endpoints`] returns: indexes into its endpoints.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Categorized {
    /// The usable cluster-wide endpoints; `None` when the port never uses them.
    pub cluster: Option<Vec<usize>>,
    /// The usable local endpoints; `None` when the port never uses them.
    pub local: Option<Vec<usize>>,
    /// Every endpoint reachable from the node (the union of both).
    pub all_reachable: Vec<usize>,
    /// Whether any endpoint anywhere in the cluster is usable.
    pub has_any: bool,
    /// The topology mode the hints select on this node.
    pub topology: Option<TopologyMode>,
    /// Whether the local set fell back to serving-and-terminating endpoints.
    pub local_uses_terminating: bool,
    /// Whether the cluster set fell back to serving-and-terminating endpoints.
    pub cluster_uses_terminating: bool,
}

/// The topology mode the hints give on a node: `PreferSameNode` when every
/// ready endpoint has a node hint and one names this node, else
/// `PreferSameZone` when every ready endpoint has a zone hint and one names
/// this node's zone, else none (`topologyModeFromHints` in
/// `pkg/proxy/topology.go`).
pub fn topology_mode_from_hints(
    endpoints: &[ProxyEndpoint],
    node: &str,
    zone: &str,
) -> TopologyMode {
    let ready: Vec<&ProxyEndpoint> = endpoints.iter().filter(|e| e.ready).collect();
    if ready.is_empty() {
        return TopologyMode::None;
    }
    let all_node = ready.iter().all(|e| !e.node_hints.is_empty());
    if all_node && ready.iter().any(|e| e.node_hints.iter().any(|n| n == node)) {
        return TopologyMode::PreferSameNode;
    }
    let all_zone = ready.iter().all(|e| !e.zone_hints.is_empty());
    if all_zone && ready.iter().any(|e| e.zone_hints.iter().any(|z| z == zone)) {
        return TopologyMode::PreferSameZone;
    }
    TopologyMode::None
}

/// Whether an endpoint may be used on this node under `mode`
/// (`availableForTopology` in `pkg/proxy/topology.go`).
pub fn available_for_topology(
    ep: &ProxyEndpoint,
    mode: TopologyMode,
    node: &str,
    zone: &str,
) -> bool {
    match mode {
        TopologyMode::None => true,
        TopologyMode::PreferSameNode => ep.node_hints.iter().any(|n| n == node),
        TopologyMode::PreferSameZone => ep.zone_hints.iter().any(|z| z == zone),
    }
}

/// The endpoints kube-proxy on node `node` (in zone `zone`, "" when the node
/// has no zone label) uses for a Service port: ready endpoints available for
/// the topology the hints select, else serving-and-terminating ones, for
/// the cluster-wide set; ready local endpoints, else serving-and-terminating
/// local ones, for the local set (`CategorizeEndpoints` in
/// `pkg/proxy/topology.go`).
pub fn categorize_endpoints(
    endpoints: &[ProxyEndpoint],
    policy: PortPolicy,
    node: &str,
    zone: &str,
) -> Categorized {
    let mut out = Categorized::default();
    let filter = |pred: &dyn Fn(&ProxyEndpoint) -> bool| -> Vec<usize> {
        (0..endpoints.len())
            .filter(|&i| pred(&endpoints[i]))
            .collect()
    };
    if endpoints.is_empty() {
        // Go returns nil lists here: no set is used.
        return out;
    }
    let mut mode = TopologyMode::None;
    if policy.uses_cluster_endpoints() {
        mode = topology_mode_from_hints(endpoints, node, zone);
        out.topology = Some(mode);
        let mut cluster = filter(&|e| e.ready && available_for_topology(e, mode, node, zone));
        if cluster.is_empty() {
            cluster = filter(&|e| e.serving && e.terminating);
            out.cluster_uses_terminating = !cluster.is_empty();
        }
        out.has_any = !cluster.is_empty();
        out.cluster = Some(cluster);
    }
    if !policy.uses_local_endpoints() {
        out.all_reachable = out.cluster.clone().unwrap_or_default();
        return out;
    }
    let (mut local_ready, mut local_terminating) = (false, false);
    for e in endpoints {
        if e.ready {
            out.has_any = true;
            local_ready |= e.is_local;
        } else if e.serving && e.terminating {
            out.has_any = true;
            local_terminating |= e.is_local;
        }
    }
    let local = if local_ready {
        filter(&|e| e.is_local && e.ready)
    } else if local_terminating {
        out.local_uses_terminating = true;
        filter(&|e| e.is_local && e.serving && e.terminating)
    } else {
        Vec::new()
    };
    out.local = Some(local.clone());
    let Some(cluster) = &out.cluster else {
        out.all_reachable = local;
        return out;
    };
    if mode == TopologyMode::None && !out.local_uses_terminating {
        out.all_reachable = cluster.clone();
        return out;
    }
    let mut all: Vec<usize> = cluster.iter().chain(&local).copied().collect();
    all.sort_unstable();
    all.dedup();
    out.all_reachable = all;
    out
}

#[cfg(test)]
mod tests;
