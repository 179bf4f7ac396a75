//! Rows of `staging/src/k8s.io/endpointslice/topologycache/utils_test.go`
//! (`Test_getGivingAndReceivingZones`, `Test_redistributeHints`) and the
//! refusals of `topologycache.go` (`getAllocations`, `SetNodes`).

use super::*;
use crate::engine::model::endpoints::{EndpointConditions, SliceEndpoint};
use crate::engine::sim::nodes::ClusterNode;

fn m<T: Copy>(entries: &[(&str, T)]) -> BTreeMap<String, T> {
    entries.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

fn desired(entries: &[(&str, f64)]) -> BTreeMap<String, Allocation> {
    entries
        .iter()
        .map(|(k, d)| {
            (
                k.to_string(),
                Allocation {
                    minimum: 0,
                    maximum: 0,
                    desired: *d,
                },
            )
        })
        .collect()
}

#[test]
fn giving_and_receiving_zones() {
    // (allocations' desired, allocated hints, giving, receiving)
    type Row = (
        &'static [(&'static str, f64)],
        &'static [(&'static str, i64)],
        &'static [(&'static str, i64)],
        &'static [(&'static str, i64)],
    );
    let rows: &[Row] = &[
        // "empty"
        (&[], &[], &[], &[]),
        // "simple allocation with no need for rebalancing"
        (
            &[("zone-a", 1.2), ("zone-b", 1.1), ("zone-c", 1.0)],
            &[("zone-a", 1), ("zone-b", 1), ("zone-c", 1)],
            &[],
            &[],
        ),
        // "preference for same zone even when giving an extra endpoint would result in slightly better distribution"
        (
            &[("zone-a", 5.1), ("zone-b", 5.1), ("zone-c", 5.8)],
            &[("zone-a", 16)],
            &[("zone-a", 10)],
            &[("zone-b", 5), ("zone-c", 5)],
        ),
        // "when 2 zones need < 1 endpoint, give to zone that needs endpoint most"
        (
            &[("zone-a", 5.0), ("zone-b", 5.6), ("zone-c", 5.4)],
            &[("zone-a", 16)],
            &[("zone-a", 11)],
            &[("zone-b", 6), ("zone-c", 5)],
        ),
        // "when 2 zones have extra endpoints, give from zone with most extra"
        (
            &[("zone-a", 5.0), ("zone-b", 5.6), ("zone-c", 5.4)],
            &[("zone-b", 8), ("zone-c", 8)],
            &[("zone-b", 2), ("zone-c", 3)],
            &[("zone-a", 5)],
        ),
        // "ensure function can handle unexpected data (more allocated than allocations)"
        (
            &[("zone-a", 5.0), ("zone-b", 5.0), ("zone-c", 5.0)],
            &[("zone-a", 6), ("zone-b", 6), ("zone-c", 6)],
            &[],
            &[],
        ),
        // "ensure function can handle unexpected data (negative allocations)"
        (
            &[("zone-a", -5.0), ("zone-b", -5.0), ("zone-c", -5.0)],
            &[("zone-a", 6), ("zone-b", 6), ("zone-c", 6)],
            &[],
            &[],
        ),
        // "ensure function can handle unexpected data (negative allocated)"
        (
            &[("zone-a", 5.0), ("zone-b", 5.0), ("zone-c", 5.0)],
            &[("zone-a", -4), ("zone-b", -3), ("zone-c", -2)],
            &[],
            &[],
        ),
        // "ensure function can handle unexpected data (negative for 1 zone)"
        (
            &[("zone-a", 5.0), ("zone-b", 5.0), ("zone-c", 5.0)],
            &[("zone-a", -40), ("zone-b", 20), ("zone-c", 20)],
            &[("zone-b", 15), ("zone-c", 15)],
            &[("zone-a", 30)],
        ),
    ];
    for (i, (alloc, allocated, giving, receiving)) in rows.iter().enumerate() {
        let (g, r) = get_giving_and_receiving_zones(&desired(alloc), &m(allocated));
        assert_eq!((g, r), (m(giving), m(receiving)), "row {i}");
    }
    assert_eq!(rows.len(), 9, "rows of Test_getGivingAndReceivingZones");
}

fn ready_in(zone: &str) -> SliceEndpoint {
    SliceEndpoint {
        addresses: vec!["10.0.0.1".into()],
        conditions: EndpointConditions {
            ready: true,
            serving: true,
            terminating: false,
        },
        hostname: None,
        target_ref: None,
        node_name: None,
        zone: Some(zone.into()),
        hints: Some(EndpointHints {
            for_zones: vec![zone.into()],
            for_nodes: Vec::new(),
        }),
    }
}

#[test]
fn redistribute_hints_table() {
    // "empty"
    let out = redistribute_hints(&mut [], &mut BTreeMap::new(), &mut BTreeMap::new());
    assert!(out.is_empty());
    // "single endpoint"
    let mut slices = vec![EndpointSlice {
        endpoints: vec![ready_in("zone-a")],
        ..EndpointSlice::default()
    }];
    let out = redistribute_hints(
        &mut slices,
        &mut m(&[("zone-a", 1)]),
        &mut m(&[("zone-b", 1)]),
    );
    assert_eq!(out, m(&[("zone-a", -1), ("zone-b", 1)]));
    // "endpoints from 1 zone redistributed to 2 other zones"
    let mut slices = vec![EndpointSlice {
        endpoints: vec![ready_in("zone-a"), ready_in("zone-a"), ready_in("zone-a")],
        ..EndpointSlice::default()
    }];
    let out = redistribute_hints(
        &mut slices,
        &mut m(&[("zone-a", 2)]),
        &mut m(&[("zone-b", 1), ("zone-c", 1)]),
    );
    assert_eq!(out, m(&[("zone-a", -2), ("zone-b", 1), ("zone-c", 1)]));
}

fn node(name: &str, zone: &str, cpu: i64, ready: bool) -> ClusterNode {
    ClusterNode {
        name: name.into(),
        zone: (!zone.is_empty()).then(|| zone.into()),
        cpu_millis: Some(cpu),
        ready,
        unschedulable: false,
        address: String::new(),
        control_plane: false,
    }
}

/// `TestSetNodes`-style: ratios from ready nodes' CPU; a node without zone
/// or CPU gives none; a single zone gives none.
#[test]
fn cpu_ratios() {
    let nodes = ClusterNodes {
        nodes: vec![
            node("n1", "zone-a", 1000, true),
            node("n2", "zone-b", 3000, true),
            node("n3", "zone-c", 9000, false),
        ],
        simulated: false,
    };
    assert_eq!(
        cpu_ratios_by_zone(&nodes),
        Some(m(&[("zone-a", 0.25), ("zone-b", 0.75)]))
    );
    let one_zone = ClusterNodes {
        nodes: vec![
            node("n1", "zone-a", 1000, true),
            node("n2", "zone-a", 1000, true),
        ],
        simulated: false,
    };
    assert_eq!(cpu_ratios_by_zone(&one_zone), None);
    let no_zone = ClusterNodes {
        nodes: vec![node("n1", "zone-a", 1000, true), node("n2", "", 1000, true)],
        simulated: false,
    };
    assert_eq!(cpu_ratios_by_zone(&no_zone), None);
}

#[test]
fn allocations_and_refusals() {
    let three = m(&[
        ("zone-a", 1.0 / 3.0),
        ("zone-b", 1.0 / 3.0),
        ("zone-c", 1.0 / 3.0),
    ]);
    assert_eq!(
        get_allocations(Some(&three), 2).unwrap_err(),
        "Insufficient number of endpoints (2 endpoints, 3 zones)"
    );
    assert_eq!(
        get_allocations(None, 2).unwrap_err(),
        refusal::INSUFFICIENT_NODE_INFO
    );
    let a = get_allocations(Some(&three), 3).unwrap();
    assert_eq!(a["zone-a"].minimum, 1);
    assert_eq!(a["zone-a"].maximum, 1);
    let skewed = m(&[("zone-a", 0.9), ("zone-b", 0.1)]);
    // 0.1 * 3 / 1.2 rounds up to 1, 0.9 * 3 / 1.2 to 3: 4 > 3 endpoints.
    assert!(get_allocations(Some(&skewed), 3)
        .unwrap_err()
        .starts_with(refusal::MIN_ALLOCATION_EXCEEDS_OVERLOAD_THRESHOLD));
}

#[test]
fn add_hints_moves_endpoints_to_the_zone_lacking_them() {
    let nodes = ClusterNodes {
        nodes: vec![
            node("n1", "zone-a", 1000, true),
            node("n2", "zone-b", 1000, true),
        ],
        simulated: false,
    };
    let mut slices = vec![EndpointSlice {
        endpoints: vec![
            ready_in("zone-a"),
            ready_in("zone-a"),
            ready_in("zone-a"),
            ready_in("zone-a"),
        ],
        ..EndpointSlice::default()
    }];
    add_hints(&mut slices, &nodes).unwrap();
    let zones: Vec<&str> = slices[0]
        .endpoints
        .iter()
        .map(|e| e.hints.as_ref().unwrap().for_zones[0].as_str())
        .collect();
    assert_eq!(zones, ["zone-b", "zone-b", "zone-a", "zone-a"]);
}
