//! The hints the EndpointSlice controller writes for a Service's
//! `trafficDistribution` (`PreferClose`, `PreferSameZone`, `PreferSameNode`).

use crate::engine::model::endpoints::{EndpointHints, EndpointSlice, SliceEndpoint};

/// The `trafficDistribution` values that ask for same-zone (and, for
/// `PreferSameNode`, same-node) hints (`closeTrafficDistribution` in
/// `staging/src/k8s.io/endpointslice/trafficdist/trafficdist.go`).
pub const CLOSE_TRAFFIC_DISTRIBUTION: &[&str] =
    &["PreferClose", "PreferSameZone", "PreferSameNode"];

/// The hints of one endpoint under `trafficDistribution`: with a value of
/// [`CLOSE_TRAFFIC_DISTRIBUTION`], a ready endpoint gets its own zone (and
/// node, for `PreferSameNode`) as hint, and no hint without a zone or node;
/// an endpoint that is not ready keeps its hints. Any other value (or none)
/// removes every hint. Mirrors `preferCloseHeuristic.update` and
/// `defaultHeuristic.update` in
/// `staging/src/k8s.io/endpointslice/trafficdist/trafficdist.go`.
pub fn reconcile_endpoint_hints(traffic_distribution: Option<&str>, ep: &mut SliceEndpoint) {
    let close = traffic_distribution.filter(|t| CLOSE_TRAFFIC_DISTRIBUTION.contains(t));
    let Some(close) = close else {
        ep.hints = None;
        return;
    };
    if !ep.conditions.ready {
        return;
    }
    let for_zones: Vec<String> = ep.zone.iter().cloned().collect();
    let for_nodes: Vec<String> = if close == "PreferSameNode" {
        ep.node_name.iter().cloned().collect()
    } else {
        Vec::new()
    };
    ep.hints = (!for_zones.is_empty() || !for_nodes.is_empty()).then_some(EndpointHints {
        for_zones,
        for_nodes,
    });
}

/// The hints of every endpoint of `slices` for `trafficDistribution`
/// (`ReconcileHints` in `staging/src/k8s.io/endpointslice/trafficdist/trafficdist.go`,
/// applied to every slice the controller writes).
pub fn reconcile_hints(traffic_distribution: Option<&str>, slices: &mut [EndpointSlice]) {
    for s in slices {
        for ep in &mut s.endpoints {
            reconcile_endpoint_hints(traffic_distribution, ep);
        }
    }
}

/// Whether the hints of a slice are not what `trafficDistribution` asks for
/// (`preferCloseHeuristic.needsUpdate`, `defaultHeuristic.needsUpdate`).
pub fn needs_update(traffic_distribution: Option<&str>, slice: &EndpointSlice) -> bool {
    slice.endpoints.iter().any(|ep| {
        let mut want = ep.clone();
        reconcile_endpoint_hints(traffic_distribution, &mut want);
        want.hints != ep.hints
    })
}

#[cfg(test)]
mod tests;
