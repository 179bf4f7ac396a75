//! `TestReconcileHints` of
//! `staging/src/k8s.io/endpointslice/trafficdist/trafficdist_test.go`, row by
//! row: each slice is given by its endpoints `(address, zone, node, ready,
//! hint zone)`; the slices the controller creates or updates are reconciled,
//! the unchanged ones are moved to the updates when their hints are wrong.

use super::*;
use crate::engine::model::endpoints::{EndpointConditions, SliceEndpoint};

type Ep = (
    &'static str,
    &'static str,
    &'static str,
    bool,
    Option<&'static str>,
);

fn ep(e: &Ep) -> SliceEndpoint {
    SliceEndpoint {
        addresses: vec![e.0.into()],
        conditions: EndpointConditions {
            ready: e.3,
            serving: e.3,
            terminating: false,
        },
        hostname: None,
        target_ref: None,
        node_name: Some(e.2.into()),
        zone: Some(e.1.into()),
        hints: e.4.map(|z| EndpointHints {
            for_zones: vec![z.into()],
            for_nodes: Vec::new(),
        }),
    }
}

fn slice(eps: &[Ep]) -> EndpointSlice {
    EndpointSlice {
        endpoints: eps.iter().map(ep).collect(),
        ..EndpointSlice::default()
    }
}

/// `ReconcileHints`: the slices to write (created or updated, in order)
/// and those left unchanged.
fn reconcile(
    td: Option<&str>,
    changed: &[&[Ep]],
    unchanged: &[&[Ep]],
) -> (Vec<EndpointSlice>, Vec<EndpointSlice>) {
    let mut write: Vec<EndpointSlice> = changed.iter().map(|s| slice(s)).collect();
    let mut keep = Vec::new();
    for s in unchanged.iter().map(|s| slice(s)) {
        if needs_update(td, &s) {
            write.push(s);
        } else {
            keep.push(s);
        }
    }
    reconcile_hints(td, &mut write);
    (write, keep)
}

#[test]
fn reconcile_hints_table() {
    let mut rows = 0;
    // "should set zone hints with PreferClose"
    let (w, k) = reconcile(
        Some("PreferClose"),
        &[
            &[
                ("10.0.0.1", "zone-a", "node-1", true, None),
                ("10.0.0.2", "zone-b", "node-2", true, None),
            ],
            &[
                ("10.0.0.3", "zone-a", "node-3", true, None),
                ("10.0.0.4", "zone-b", "node-4", true, None),
            ],
            &[
                ("10.0.0.5", "zone-a", "node-5", true, None),
                ("10.0.0.6", "zone-a", "node-6", true, None),
            ],
            &[
                ("10.0.0.7", "zone-b", "node-7", true, None),
                ("10.0.0.8", "zone-c", "node-8", true, None),
            ],
        ],
        &[],
    );
    let want: &[&[Ep]] = &[
        &[
            ("10.0.0.1", "zone-a", "node-1", true, Some("zone-a")),
            ("10.0.0.2", "zone-b", "node-2", true, Some("zone-b")),
        ],
        &[
            ("10.0.0.3", "zone-a", "node-3", true, Some("zone-a")),
            ("10.0.0.4", "zone-b", "node-4", true, Some("zone-b")),
        ],
        &[
            ("10.0.0.5", "zone-a", "node-5", true, Some("zone-a")),
            ("10.0.0.6", "zone-a", "node-6", true, Some("zone-a")),
        ],
        &[
            ("10.0.0.7", "zone-b", "node-7", true, Some("zone-b")),
            ("10.0.0.8", "zone-c", "node-8", true, Some("zone-c")),
        ],
    ];
    assert_eq!(w, want.iter().map(|s| slice(s)).collect::<Vec<_>>());
    assert!(k.is_empty());
    rows += 1;
    // "should correct incorrect hints with PreferClose"
    let (w, k) = reconcile(
        Some("PreferClose"),
        &[&[("10.0.0.1", "zone-a", "node-1", true, Some("zone-b"))]],
        &[
            &[("10.0.0.2", "zone-b", "node-2", true, Some("zone-c"))],
            &[("10.0.0.3", "zone-c", "node-3", true, None)],
        ],
    );
    let want: &[&[Ep]] = &[
        &[("10.0.0.1", "zone-a", "node-1", true, Some("zone-a"))],
        &[("10.0.0.2", "zone-b", "node-2", true, Some("zone-b"))],
        &[("10.0.0.3", "zone-c", "node-3", true, Some("zone-c"))],
    ];
    assert_eq!(w, want.iter().map(|s| slice(s)).collect::<Vec<_>>());
    assert!(k.is_empty());
    rows += 1;
    // "unready endpoints should not trigger updates"
    let (w, k) = reconcile(
        Some("PreferClose"),
        &[],
        &[&[("10.0.0.2", "zone-b", "node-2", false, None)]],
    );
    assert!(w.is_empty());
    assert_eq!(
        k,
        vec![slice(&[("10.0.0.2", "zone-b", "node-2", false, None)])]
    );
    rows += 1;
    // "should remove hints when trafficDistribution is unrecognized"
    let (w, k) = reconcile(
        Some("Unknown"),
        &[
            &[
                ("10.0.0.1", "zone-a", "node-1", true, Some("zone-a")),
                ("10.0.0.2", "zone-b", "node-2", true, Some("zone-b")),
            ],
            &[("10.0.0.3", "zone-a", "node-3", true, Some("zone-a"))],
            &[("10.0.0.5", "zone-a", "node-5", true, Some("zone-a"))],
        ],
        &[],
    );
    let want: &[&[Ep]] = &[
        &[
            ("10.0.0.1", "zone-a", "node-1", true, None),
            ("10.0.0.2", "zone-b", "node-2", true, None),
        ],
        &[("10.0.0.3", "zone-a", "node-3", true, None)],
        &[("10.0.0.5", "zone-a", "node-5", true, None)],
    ];
    assert_eq!(w, want.iter().map(|s| slice(s)).collect::<Vec<_>>());
    assert!(k.is_empty());
    rows += 1;
    // "should remove hints when trafficDistribution is unset"
    let (w, k) = reconcile(
        None,
        &[&[("10.0.0.5", "zone-a", "node-5", true, Some("zone-a"))]],
        &[&[("10.0.0.6", "zone-b", "node-6", true, Some("zone-b"))]],
    );
    let want: &[&[Ep]] = &[
        &[("10.0.0.5", "zone-a", "node-5", true, None)],
        &[("10.0.0.6", "zone-b", "node-6", true, None)],
    ];
    assert_eq!(w, want.iter().map(|s| slice(s)).collect::<Vec<_>>());
    assert!(k.is_empty());
    rows += 1;
    assert_eq!(rows, 5, "rows of TestReconcileHints");
}

/// `preferCloseHeuristic{generateNodeHints: true}`: `PreferSameNode` adds
/// the node to the zone hint.
#[test]
fn prefer_same_node_adds_node_hints() {
    let mut s = vec![slice(&[("10.0.0.1", "zone-a", "node-1", true, None)])];
    reconcile_hints(Some("PreferSameNode"), &mut s);
    assert_eq!(
        s[0].endpoints[0].hints,
        Some(EndpointHints {
            for_zones: vec!["zone-a".into()],
            for_nodes: vec!["node-1".into()],
        })
    );
}
