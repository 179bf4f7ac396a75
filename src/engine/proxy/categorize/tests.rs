//! `TestCategorizeEndpoints` of `pkg/proxy/topology_test.go`, row by row
//! (the expected sets are the upstream table's; the checks are its loop's:
//! an expected `nil` set must come back unset, `allEndpoints` defaults to
//! the one set used, `hasAnyEndpoints` is "some endpoint reachable, or
//! `onlyRemoteEndpoints`").

use super::*;

/// `(endpoint, zone hints, ready, serving, terminating, isLocal)`.
type E = (
    &'static str,
    &'static [&'static str],
    bool,
    bool,
    bool,
    bool,
);

struct Row {
    name: &'static str,
    zone: Option<&'static str>,
    /// `(internalPolicyLocal, externalPolicyLocal, nodePort != 0)`.
    svc: (bool, bool, bool),
    endpoints: &'static [E],
    cluster: Option<&'static [&'static str]>,
    local: Option<&'static [&'static str]>,
    all: Option<&'static [&'static str]>,
    only_remote: bool,
}

const R: bool = true;
const F: bool = false;

fn ready(e: &'static str, hints: &'static [&'static str]) -> E {
    (e, hints, R, F, F, F)
}

fn rows() -> Vec<Row> {
    let four_hinted: &'static [E] = &[
        ("10.1.2.3:80", &["zone-a"], R, F, F, F),
        ("10.1.2.4:80", &["zone-b"], R, F, F, F),
        ("10.1.2.5:80", &["zone-c"], R, F, F, F),
        ("10.1.2.6:80", &["zone-a"], R, F, F, F),
    ];
    let local_hinted: &'static [E] = &[
        ("10.1.2.3:80", &["zone-a"], R, F, F, R),
        ("10.1.2.4:80", &["zone-b"], R, F, F, R),
        ("10.1.2.5:80", &["zone-c"], R, F, F, F),
        ("10.1.2.6:80", &["zone-a"], R, F, F, F),
    ];
    let one_hinted: &'static [E] = Box::leak(Box::new([ready("10.1.2.3:80", &["zone-a"])]));
    let some_local: &'static [E] = &[
        ("10.0.0.0:80", &[], R, F, F, R),
        ("10.0.0.1:80", &[], R, F, F, F),
    ];
    let all_remote: &'static [E] = &[
        ("10.0.0.0:80", &[], R, F, F, F),
        ("10.0.0.1:80", &[], R, F, F, F),
    ];
    vec![
        Row { name: "should use topology since all endpoints have hints, node has a zone label and and there are endpoints for the node's zone", zone: Some("zone-a"), svc: (F, F, F), endpoints: four_hinted, cluster: Some(&["10.1.2.3:80", "10.1.2.6:80"]), local: None, all: None, only_remote: F },
        Row { name: "externalTrafficPolicy: Local, topology ignored for Local endpoints", zone: Some("zone-a"), svc: (F, R, R), endpoints: local_hinted, cluster: Some(&["10.1.2.3:80", "10.1.2.6:80"]), local: Some(&["10.1.2.3:80", "10.1.2.4:80"]), all: Some(&["10.1.2.3:80", "10.1.2.4:80", "10.1.2.6:80"]), only_remote: F },
        Row { name: "internalTrafficPolicy: Local, topology ignored for Local endpoints", zone: Some("zone-a"), svc: (R, F, R), endpoints: local_hinted, cluster: Some(&["10.1.2.3:80", "10.1.2.6:80"]), local: Some(&["10.1.2.3:80", "10.1.2.4:80"]), all: Some(&["10.1.2.3:80", "10.1.2.4:80", "10.1.2.6:80"]), only_remote: F },
        Row { name: "empty node labels", zone: None, svc: (F, F, F), endpoints: one_hinted, cluster: Some(&["10.1.2.3:80"]), local: None, all: None, only_remote: F },
        Row { name: "empty zone label", zone: Some(""), svc: (F, F, F), endpoints: one_hinted, cluster: Some(&["10.1.2.3:80"]), local: None, all: None, only_remote: F },
        Row { name: "node in different zone, no endpoint filtering", zone: Some("zone-b"), svc: (F, F, F), endpoints: one_hinted, cluster: Some(&["10.1.2.3:80"]), local: None, all: None, only_remote: F },
        Row { name: "unready endpoint", zone: Some("zone-a"), svc: (F, F, F), endpoints: &[("10.1.2.3:80", &["zone-a"], R, F, F, F), ("10.1.2.4:80", &["zone-b"], R, F, F, F), ("10.1.2.5:80", &["zone-c"], R, F, F, F), ("10.1.2.6:80", &["zone-a"], F, F, F, F)], cluster: Some(&["10.1.2.3:80"]), local: None, all: None, only_remote: F },
        Row { name: "only unready endpoints in same zone (should not filter)", zone: Some("zone-a"), svc: (F, F, F), endpoints: &[("10.1.2.3:80", &["zone-a"], F, F, F, F), ("10.1.2.4:80", &["zone-b"], R, F, F, F), ("10.1.2.5:80", &["zone-c"], R, F, F, F), ("10.1.2.6:80", &["zone-a"], F, F, F, F)], cluster: Some(&["10.1.2.4:80", "10.1.2.5:80"]), local: None, all: None, only_remote: F },
        Row { name: "missing hints, no filtering applied", zone: Some("zone-a"), svc: (F, F, F), endpoints: &[("10.1.2.3:80", &["zone-a"], R, F, F, F), ("10.1.2.4:80", &["zone-b"], R, F, F, F), ("10.1.2.5:80", &[], R, F, F, F), ("10.1.2.6:80", &["zone-a"], R, F, F, F)], cluster: Some(&["10.1.2.3:80", "10.1.2.4:80", "10.1.2.5:80", "10.1.2.6:80"]), local: None, all: None, only_remote: F },
        Row { name: "multiple hints per endpoint, filtering includes any endpoint with zone included", zone: Some("zone-c"), svc: (F, F, F), endpoints: &[("10.1.2.3:80", &["zone-a", "zone-b", "zone-c"], R, F, F, F), ("10.1.2.4:80", &["zone-b", "zone-c"], R, F, F, F), ("10.1.2.5:80", &["zone-b", "zone-d"], R, F, F, F), ("10.1.2.6:80", &["zone-c"], R, F, F, F)], cluster: Some(&["10.1.2.3:80", "10.1.2.4:80", "10.1.2.6:80"]), local: None, all: None, only_remote: F },
        Row { name: "conflicting topology and localness require merging allEndpoints", zone: Some("zone-a"), svc: (F, R, R), endpoints: &[("10.0.0.0:80", &["zone-a"], R, F, F, R), ("10.0.0.1:80", &["zone-b"], R, F, F, R), ("10.0.0.2:80", &["zone-a"], R, F, F, F), ("10.0.0.3:80", &["zone-b"], R, F, F, F)], cluster: Some(&["10.0.0.0:80", "10.0.0.2:80"]), local: Some(&["10.0.0.0:80", "10.0.0.1:80"]), all: Some(&["10.0.0.0:80", "10.0.0.1:80", "10.0.0.2:80"]), only_remote: F },
        Row { name: "internalTrafficPolicy: Local, with empty endpoints", zone: None, svc: (R, F, F), endpoints: &[], cluster: None, local: Some(&[]), all: None, only_remote: F },
        Row { name: "internalTrafficPolicy: Local, but all endpoints are remote", zone: None, svc: (R, F, F), endpoints: all_remote, cluster: None, local: Some(&[]), all: None, only_remote: R },
        Row { name: "internalTrafficPolicy: Local, all endpoints are local", zone: None, svc: (R, F, F), endpoints: &[("10.0.0.0:80", &[], R, F, F, R), ("10.0.0.1:80", &[], R, F, F, R)], cluster: None, local: Some(&["10.0.0.0:80", "10.0.0.1:80"]), all: None, only_remote: F },
        Row { name: "internalTrafficPolicy: Local, some endpoints are local", zone: None, svc: (R, F, F), endpoints: some_local, cluster: None, local: Some(&["10.0.0.0:80"]), all: None, only_remote: F },
        Row { name: "Cluster traffic policy, endpoints not Ready", zone: None, svc: (F, F, F), endpoints: &[("10.0.0.0:80", &[], F, F, F, F), ("10.0.0.1:80", &[], F, F, F, F)], cluster: Some(&[]), local: None, all: None, only_remote: F },
        Row { name: "Cluster traffic policy, some endpoints are Ready", zone: None, svc: (F, F, F), endpoints: &[("10.0.0.0:80", &[], F, F, F, F), ("10.0.0.1:80", &[], R, F, F, F)], cluster: Some(&["10.0.0.1:80"]), local: None, all: None, only_remote: F },
        Row { name: "Cluster traffic policy, all endpoints are terminating", zone: None, svc: (F, F, F), endpoints: &[("10.0.0.0:80", &[], F, R, R, R), ("10.0.0.1:80", &[], F, R, R, F)], cluster: Some(&["10.0.0.0:80", "10.0.0.1:80"]), local: None, all: None, only_remote: F },
        Row { name: "iTP: Local, eTP: Cluster, some endpoints local", zone: None, svc: (R, F, R), endpoints: some_local, cluster: Some(&["10.0.0.0:80", "10.0.0.1:80"]), local: Some(&["10.0.0.0:80"]), all: Some(&["10.0.0.0:80", "10.0.0.1:80"]), only_remote: F },
        Row { name: "iTP: Cluster, eTP: Local, some endpoints local", zone: None, svc: (F, R, R), endpoints: some_local, cluster: Some(&["10.0.0.0:80", "10.0.0.1:80"]), local: Some(&["10.0.0.0:80"]), all: Some(&["10.0.0.0:80", "10.0.0.1:80"]), only_remote: F },
        Row { name: "iTP: Local, eTP: Local, some endpoints local", zone: None, svc: (R, R, R), endpoints: some_local, cluster: Some(&["10.0.0.0:80", "10.0.0.1:80"]), local: Some(&["10.0.0.0:80"]), all: Some(&["10.0.0.0:80", "10.0.0.1:80"]), only_remote: F },
        Row { name: "iTP: Local, eTP: Local, all endpoints remote", zone: None, svc: (R, R, R), endpoints: all_remote, cluster: Some(&["10.0.0.0:80", "10.0.0.1:80"]), local: Some(&[]), all: Some(&["10.0.0.0:80", "10.0.0.1:80"]), only_remote: F },
        Row { name: "iTP: Local, eTP: Local, all endpoints remote and terminating", zone: None, svc: (R, R, R), endpoints: &[("10.0.0.0:80", &[], F, R, R, F), ("10.0.0.1:80", &[], F, R, R, F)], cluster: Some(&["10.0.0.0:80", "10.0.0.1:80"]), local: Some(&[]), all: Some(&["10.0.0.0:80", "10.0.0.1:80"]), only_remote: R },
        Row { name: "iTP: Cluster, eTP: Local, with terminating endpoints", zone: None, svc: (F, R, R), endpoints: &[("10.0.0.0:80", &[], R, F, F, F), ("10.0.0.1:80", &[], F, F, F, R), ("10.0.0.2:80", &[], F, R, R, R), ("10.0.0.3:80", &[], F, R, R, F)], cluster: Some(&["10.0.0.0:80"]), local: Some(&["10.0.0.2:80"]), all: Some(&["10.0.0.0:80", "10.0.0.2:80"]), only_remote: F },
        Row { name: "externalTrafficPolicy ignored if not externally accessible", zone: None, svc: (F, R, F), endpoints: &[("10.0.0.0:80", &[], R, F, F, F), ("10.0.0.1:80", &[], R, F, F, R)], cluster: Some(&["10.0.0.0:80", "10.0.0.1:80"]), local: None, all: Some(&["10.0.0.0:80", "10.0.0.1:80"]), only_remote: F },
        Row { name: "no cluster endpoints for iTP:Local internal-only service", zone: None, svc: (R, F, F), endpoints: &[("10.0.0.0:80", &[], R, F, F, F), ("10.0.0.1:80", &[], R, F, F, R)], cluster: None, local: Some(&["10.0.0.1:80"]), all: Some(&["10.0.0.1:80"]), only_remote: F },
    ]
}

fn names(eps: &[ProxyEndpoint], idx: &[usize]) -> Vec<String> {
    let mut v: Vec<String> = idx.iter().map(|&i| eps[i].endpoint.clone()).collect();
    v.sort();
    v
}

fn want(s: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = s.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

#[test]
fn categorize_endpoints_table() {
    let rows = rows();
    let mut passed = 0;
    for row in &rows {
        let eps: Vec<ProxyEndpoint> = row
            .endpoints
            .iter()
            .map(|e| ProxyEndpoint {
                endpoint: e.0.into(),
                zone_hints: e.1.iter().map(|z| z.to_string()).collect(),
                ready: e.2,
                serving: e.3,
                terminating: e.4,
                is_local: e.5,
                node_hints: Vec::new(),
            })
            .collect();
        // `externalPolicyLocal` is only set on an externally accessible port.
        let policy = PortPolicy {
            internal_policy_local: row.svc.0,
            external_policy_local: row.svc.1 && row.svc.2,
            externally_accessible: row.svc.2,
        };
        let got = categorize_endpoints(&eps, policy, "node-1", row.zone.unwrap_or(""));
        let name = row.name;
        match row.cluster {
            None => assert_eq!(got.cluster, None, "{name}: cluster"),
            Some(c) => assert_eq!(
                names(&eps, got.cluster.as_deref().unwrap_or(&[])),
                want(c),
                "{name}: cluster"
            ),
        }
        match row.local {
            None => assert_eq!(got.local, None, "{name}: local"),
            Some(l) => assert_eq!(
                names(&eps, got.local.as_deref().unwrap_or(&[])),
                want(l),
                "{name}: local"
            ),
        }
        let expected_all = match (row.cluster, row.local) {
            (Some(c), None) => c,
            (None, Some(l)) => l,
            _ => row.all.unwrap_or(&[]),
        };
        assert_eq!(
            names(&eps, &got.all_reachable),
            want(expected_all),
            "{name}: all"
        );
        assert_eq!(
            got.has_any,
            !expected_all.is_empty() || row.only_remote,
            "{name}: hasAny"
        );
        passed += 1;
    }
    assert_eq!(
        (passed, rows.len()),
        (26, 26),
        "rows of TestCategorizeEndpoints"
    );
}

/// `topologyModeFromHints`: node hints win when every ready endpoint has one
/// and one names this node (PreferSameNode).
#[test]
fn node_hints_select_prefer_same_node() {
    let ep = |e: &str, node: &str, zone: &str| ProxyEndpoint {
        endpoint: e.into(),
        ready: true,
        zone_hints: vec![zone.into()],
        node_hints: vec![node.into()],
        ..ProxyEndpoint::default()
    };
    let eps = [
        ep("10.0.0.1:80", "node-1", "zone-a"),
        ep("10.0.0.2:80", "node-2", "zone-a"),
    ];
    let got = categorize_endpoints(&eps, PortPolicy::default(), "node-1", "zone-a");
    assert_eq!(got.cluster, Some(vec![0]));
    let got = categorize_endpoints(&eps, PortPolicy::default(), "node-3", "zone-a");
    assert_eq!(
        got.cluster,
        Some(vec![0, 1]),
        "no hint for node-3: same zone"
    );
}
