//! Topology Aware Routing (`service.kubernetes.io/topology-mode: Auto`): the
//! EndpointSlice controller spreads zone hints over the endpoints in
//! proportion to each zone's allocatable CPU, or refuses to set any.
//!
//! Mirrors `staging/src/k8s.io/endpointslice/topologycache`
//! (`topologycache.go`, `utils.go`, `event.go`). Go iterates maps in random
//! order; here zones are visited in name order, so that one answer is given.

use crate::engine::labels::Labels;
use crate::engine::model::endpoints::{EndpointHints, EndpointSlice};
use crate::engine::sim::nodes::ClusterNodes;
use std::collections::BTreeMap;

/// The annotation that turns Topology Aware Routing on.
pub const TOPOLOGY_MODE_ANNOTATION: &str = "service.kubernetes.io/topology-mode";
/// Its deprecated predecessor.
pub const TOPOLOGY_AWARE_HINTS_ANNOTATION: &str = "service.kubernetes.io/topology-aware-hints";

/// How far above its CPU share a zone may be loaded (`overloadThreshold`).
pub const OVERLOAD_THRESHOLD: f64 = 0.2;

/// Why the controller sets no hints (`event.go`).
pub mod refusal {
    /// `NoZoneSpecified`.
    pub const NO_ZONE_SPECIFIED: &str = "One or more endpoints do not have a zone specified";
    /// `NoAllocatedHintsForZones`.
    pub const NO_ALLOCATED_HINTS_FOR_ZONES: &str = "No hints allocated for zones";
    /// `InsufficientNodeInfo`.
    pub const INSUFFICIENT_NODE_INFO: &str =
        "Insufficient Node information: allocatable CPU or zone not specified on one or more nodes";
    /// `NodesReadyInOneZoneOnly`.
    pub const NODES_READY_IN_ONE_ZONE_ONLY: &str = "Nodes only ready in one zone";
    /// `InsufficientNumberOfEndpoints`.
    pub const INSUFFICIENT_NUMBER_OF_ENDPOINTS: &str = "Insufficient number of endpoints";
    /// `MinAllocationExceedsOverloadThreshold`.
    pub const MIN_ALLOCATION_EXCEEDS_OVERLOAD_THRESHOLD: &str =
        "Unable to allocate minimum required endpoints to each zone without exceeding overload threshold";
}

/// Whether a Service's annotations turn Topology Aware Routing on: the
/// deprecated `topology-aware-hints` annotation when present, else
/// `topology-mode`, set to `Auto` or `auto` (`hintsEnabled` in
/// `staging/src/k8s.io/endpointslice/reconciler.go`).
pub fn hints_enabled(annotations: &Labels) -> bool {
    let v = annotations
        .get(TOPOLOGY_AWARE_HINTS_ANNOTATION)
        .or_else(|| annotations.get(TOPOLOGY_MODE_ANNOTATION));
    matches!(v.map(String::as_str), Some("Auto" | "auto"))
}

/// Each zone's share of the allocatable CPU of the ready nodes, or `None`
/// when a node lacks a zone or CPU, or fewer than two zones have ready
/// nodes. Control-plane nodes are left out. Mirrors `TopologyCache.SetNodes`
/// (`hasExcludedLabels`, `isNodeReady`).
pub fn cpu_ratios_by_zone(nodes: &ClusterNodes) -> Option<BTreeMap<String, f64>> {
    let mut by_zone: BTreeMap<String, i64> = BTreeMap::new();
    let mut total = 0i64;
    for n in &nodes.nodes {
        if n.control_plane || !n.ready {
            continue;
        }
        let cpu = n.cpu_millis.unwrap_or(0);
        let zone = n.zone.as_deref().unwrap_or("");
        if zone.is_empty() || cpu == 0 {
            return None;
        }
        total += cpu;
        *by_zone.entry(zone.to_string()).or_default() += cpu;
    }
    if total == 0 || by_zone.len() < 2 {
        return None;
    }
    Some(
        by_zone
            .into_iter()
            .map(|(z, c)| (z, c as f64 / total as f64))
            .collect(),
    )
}

/// A zone's share of the endpoints: at least `minimum`, at most `maximum`,
/// ideally `desired` (`allocation`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Allocation {
    /// The fewest endpoints the zone may get without overloading.
    pub minimum: usize,
    /// The most it may get, leaving the other zones their minimum.
    pub maximum: usize,
    /// Its CPU share of the endpoints.
    pub desired: f64,
}

/// The allocation of `endpoints` ready endpoints over the zones, or the
/// reason none is possible (`TopologyCache.getAllocations`).
pub fn get_allocations(
    ratios: Option<&BTreeMap<String, f64>>,
    endpoints: usize,
) -> Result<BTreeMap<String, Allocation>, String> {
    let Some(ratios) = ratios else {
        return Err(refusal::INSUFFICIENT_NODE_INFO.into());
    };
    if ratios.len() < 2 {
        return Err(refusal::NODES_READY_IN_ONE_ZONE_ONLY.into());
    }
    if ratios.len() > endpoints {
        return Err(format!(
            "{} ({endpoints} endpoints, {} zones)",
            refusal::INSUFFICIENT_NUMBER_OF_ENDPOINTS,
            ratios.len()
        ));
    }
    let mut remaining = endpoints as i64;
    let mut min_total = 0usize;
    let mut out = BTreeMap::new();
    for (zone, ratio) in ratios {
        let desired = ratio * endpoints as f64;
        let minimum = (desired * (1.0 / (1.0 + OVERLOAD_THRESHOLD))).ceil() as usize;
        out.insert(
            zone.clone(),
            Allocation {
                minimum,
                maximum: 0,
                desired: desired.max(minimum as f64),
            },
        );
        min_total += minimum;
        remaining -= minimum as i64;
        if remaining < 0 {
            return Err(format!(
                "{} ({endpoints} endpoints, {} zones)",
                refusal::MIN_ALLOCATION_EXCEEDS_OVERLOAD_THRESHOLD,
                ratios.len()
            ));
        }
    }
    for a in out.values_mut() {
        a.maximum = a.minimum + endpoints - min_total;
    }
    Ok(out)
}

/// The zone (and amount) with the most in `zones`; the first in name order
/// on a tie (`getMost`).
fn get_most(zones: &BTreeMap<String, f64>) -> (String, f64) {
    let mut best = (String::new(), 0.0);
    for (z, n) in zones {
        if *n > best.1 {
            best = (z.clone(), *n);
        }
    }
    best
}

/// How many endpoints each zone gives to others, and how many each
/// receives, to move from `allocated` hints towards the allocations
/// (`getGivingAndReceivingZones`).
pub fn get_giving_and_receiving_zones(
    allocations: &BTreeMap<String, Allocation>,
    allocated: &BTreeMap<String, i64>,
) -> (BTreeMap<String, i64>, BTreeMap<String, i64>) {
    let mut giving_desired = BTreeMap::new();
    let mut receiving_desired = BTreeMap::new();
    for (zone, a) in allocations {
        let have = *allocated.get(zone).unwrap_or(&0) as f64;
        if have > a.desired {
            giving_desired.insert(zone.clone(), have - a.desired);
        } else if have < a.desired {
            receiving_desired.insert(zone.clone(), a.desired - have);
        }
    }
    let mut giving = BTreeMap::new();
    let mut receiving = BTreeMap::new();
    loop {
        let (gz, g) = get_most(&giving_desired);
        let (rz, r) = get_most(&receiving_desired);
        if gz.is_empty() || rz.is_empty() || (g < 1.0 && r < 1.0) || g < 0.5 || r < 0.5 {
            break;
        }
        *giving.entry(gz.clone()).or_insert(0) += 1;
        *giving_desired.get_mut(&gz).expect("chosen") -= 1.0;
        *receiving.entry(rz.clone()).or_insert(0) += 1;
        *receiving_desired.get_mut(&rz).expect("chosen") -= 1.0;
    }
    (giving, receiving)
}

/// Moves hints from giving zones to receiving ones, endpoint by endpoint;
/// returns the change in hints per zone (`redistributeHints`).
pub fn redistribute_hints(
    slices: &mut [EndpointSlice],
    giving: &mut BTreeMap<String, i64>,
    receiving: &mut BTreeMap<String, i64>,
) -> BTreeMap<String, i64> {
    let mut out = BTreeMap::new();
    for s in slices.iter_mut() {
        for ep in &mut s.endpoints {
            if !ep.conditions.ready {
                continue;
            }
            if giving.is_empty() || receiving.is_empty() {
                return out;
            }
            let Some(zone) = ep.zone.clone().filter(|z| !z.is_empty()) else {
                continue;
            };
            if giving.get(&zone).is_some_and(|n| *n > 0) {
                let Some(to) = receiving
                    .iter()
                    .find(|(_, n)| **n > 0)
                    .map(|(z, _)| z.clone())
                else {
                    continue;
                };
                ep.hints = Some(EndpointHints {
                    for_zones: vec![to.clone()],
                    for_nodes: Vec::new(),
                });
                decrement(giving, &zone);
                decrement(receiving, &to);
                *out.entry(to).or_insert(0) += 1;
                *out.entry(zone).or_insert(0) -= 1;
            }
        }
    }
    out
}

fn decrement(m: &mut BTreeMap<String, i64>, k: &str) {
    if m.get(k) == Some(&1) {
        m.remove(k);
    } else if let Some(n) = m.get_mut(k) {
        *n -= 1;
    }
}

/// Removes every hint (`RemoveHintsFromSlices`).
pub fn remove_hints(slices: &mut [EndpointSlice]) {
    for s in slices {
        for ep in &mut s.endpoints {
            ep.hints = None;
        }
    }
}

/// The hints of a Service's slices under `topology-mode: Auto`: every ready
/// endpoint first hinted for its own zone, then endpoints moved from zones
/// with more than their CPU share to zones with less; or no hints at all,
/// and the reason (`TopologyCache.AddHints`).
pub fn add_hints(slices: &mut [EndpointSlice], nodes: &ClusterNodes) -> Result<(), String> {
    let ready = slices
        .iter()
        .flat_map(|s| &s.endpoints)
        .filter(|e| e.conditions.ready)
        .count();
    let ratios = cpu_ratios_by_zone(nodes);
    let allocations = match get_allocations(ratios.as_ref(), ready) {
        Ok(a) => a,
        Err(e) => {
            remove_hints(slices);
            return Err(e);
        }
    };
    let mut allocated: BTreeMap<String, i64> = BTreeMap::new();
    for s in slices.iter_mut() {
        for ep in &mut s.endpoints {
            if !ep.conditions.ready {
                ep.hints = None;
                continue;
            }
            let Some(zone) = ep.zone.clone().filter(|z| !z.is_empty()) else {
                remove_hints(slices);
                return Err(refusal::NO_ZONE_SPECIFIED.into());
            };
            *allocated.entry(zone.clone()).or_insert(0) += 1;
            ep.hints = Some(EndpointHints {
                for_zones: vec![zone],
                for_nodes: Vec::new(),
            });
        }
    }
    let (mut giving, mut receiving) = get_giving_and_receiving_zones(&allocations, &allocated);
    for (zone, diff) in redistribute_hints(slices, &mut giving, &mut receiving) {
        *allocated.entry(zone).or_insert(0) += diff;
    }
    if allocated.is_empty() {
        remove_hints(slices);
        return Err(refusal::NO_ALLOCATED_HINTS_FOR_ZONES.into());
    }
    Ok(())
}

#[cfg(test)]
mod tests;
