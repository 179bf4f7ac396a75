//! Tests of the EndpointSlice mirroring controller.

use super::*;
use crate::engine::model::endpoints::EndpointSubset;

/// An address as the Kubernetes tables write them: hostname and node set.
fn a(ip: &str, host: &str) -> EndpointAddress {
    EndpointAddress {
        ip: ip.into(),
        hostname: Some(host.into()),
        node_name: Some("node-1".into()),
        target_ref: None,
    }
}

fn p(name: &str, port: i64, protocol: &str) -> EndpointPort {
    EndpointPort {
        name: name.into(),
        port,
        protocol: protocol.into(),
        app_protocol: None,
    }
}

fn subset(
    ports: &[EndpointPort],
    ready: &[EndpointAddress],
    not_ready: &[EndpointAddress],
) -> EndpointSubset {
    EndpointSubset {
        addresses: ready.to_vec(),
        not_ready_addresses: not_ready.to_vec(),
        ports: ports.to_vec(),
    }
}

fn endpoints(subsets: Vec<EndpointSubset>) -> Endpoints {
    Endpoints {
        name: "test-ep".into(),
        namespace: "test".into(),
        subsets,
        ..Endpoints::default()
    }
}

/// A slice as `IPv4 http:80/TCP https:443/UDP | 10.0.0.1+ 10.0.0.2-`
/// (`+` ready, `-` not ready), endpoints sorted: the controller writes
/// them in random order.
fn summary(s: &EndpointSlice) -> String {
    let ports: Vec<String> = s
        .ports
        .iter()
        .map(|p| format!("{}:{}/{}", p.name, p.port, p.protocol))
        .collect();
    let mut eps: Vec<String> = s
        .endpoints
        .iter()
        .map(|e| {
            let mark = if e.conditions.ready { '+' } else { '-' };
            format!("{}{mark}", e.addresses.join(","))
        })
        .collect();
    eps.sort();
    format!("{} {} | {}", s.address_type, ports.join(" "), eps.join(" "))
}

/// `TestReconcile` in `pkg/controller/endpointslicemirroring/reconciler_test.go`,
/// the rows without pre-existing slices: (subsets, max per subset,
/// expected slices, addresses skipped, name). The expected slices follow
/// the rows' expectedNumSlices, desiredEndpoints and skippedPerSync, and
/// `expectEndpointSlices`, which checks every address against the
/// repacked subsets with its readiness.
#[test]
fn reconcile_table() {
    let http = p("http", 80, "TCP");
    let https = p("https", 443, "TCP");
    let h3000 = p("http", 3000, "TCP");
    let h3001 = p("https", 3001, "UDP");
    let https_udp = p("https", 443, "UDP");
    type Row = (
        Vec<EndpointSubset>,
        usize,
        Vec<&'static str>,
        usize,
        &'static str,
    );
    let rows: Vec<Row> = vec![
            (vec![], 1000, vec![], 0, "Endpoints with no subsets"),
            (
                vec![subset(&[http.clone()], &[], &[])],
                1000,
                vec![],
                0,
                "Endpoints with no addresses",
            ),
            (
                vec![subset(&[http.clone()], &[a("10.0.0.1", "pod-1")], &[])],
                1000,
                vec!["IPv4 http:80/TCP | 10.0.0.1+"],
                0,
                "Endpoints with 1 subset, port, and address",
            ),
            (
                vec![
                    subset(&[http.clone()], &[a("10.0.0.1", "pod-1")], &[]),
                    subset(&[https.clone()], &[a("10.0.0.2", "pod-2")], &[]),
                ],
                1000,
                vec![
                    "IPv4 http:80/TCP | 10.0.0.1+",
                    "IPv4 https:443/TCP | 10.0.0.2+",
                ],
                0,
                "Endpoints with 2 subset, different port and address",
            ),
            (
                vec![
                    subset(&[http.clone()], &[a("10.0.0.1", "pod-1")], &[]),
                    subset(&[https.clone()], &[a("10.0.0.1", "pod-1")], &[]),
                ],
                1000,
                vec!["IPv4 http:80/TCP https:443/TCP | 10.0.0.1+"],
                0,
                "Endpoints with 2 subset, different port and same address",
            ),
            (
                vec![
                    subset(&[http.clone()], &[a("10.0.0.1", "pod-1")], &[]),
                    subset(&[http.clone()], &[a("10.0.0.2", "pod-2")], &[]),
                ],
                1000,
                vec!["IPv4 http:80/TCP | 10.0.0.1+ 10.0.0.2+"],
                0,
                "Endpoints with 2 subset, different address and same port",
            ),
            (
                vec![subset(
                    &[http.clone(), https_udp.clone()],
                    &[a("10.0.0.1", "pod-1"), a("10.0.0.2", "pod-2")],
                    &[],
                )],
                1000,
                vec!["IPv4 http:80/TCP https:443/UDP | 10.0.0.1+ 10.0.0.2+"],
                0,
                "Endpoints with 1 subset, 2 ports, and 2 addresses",
            ),
            (
                vec![subset(
                    &[http.clone(), https_udp.clone()],
                    &[],
                    &[a("10.0.0.1", "pod-1"), a("10.0.0.2", "pod-2")],
                )],
                1000,
                vec!["IPv4 http:80/TCP https:443/UDP | 10.0.0.1- 10.0.0.2-"],
                0,
                "Endpoints with 1 subset, 2 ports, and 2 not ready addresses",
            ),
            (
                vec![subset(
                    &[http.clone(), https_udp.clone()],
                    &[a("10.1.1.1", "pod-11"), a("10.1.1.2", "pod-12")],
                    &[a("10.0.0.1", "pod-1"), a("10.0.0.2", "pod-2")],
                )],
                1000,
                vec!["IPv4 http:80/TCP https:443/UDP | 10.0.0.1- 10.0.0.2- 10.1.1.1+ 10.1.1.2+"],
                0,
                "Endpoints with 1 subset, 2 ports, and 2 ready and 2 not ready addresses",
            ),
            (
                vec![
                    subset(
                        &[http.clone(), https_udp.clone()],
                        &[a("10.0.0.1", "pod-1"), a("10.0.0.2", "pod-2")],
                        &[],
                    ),
                    subset(
                        &[h3000.clone(), h3001.clone()],
                        &[
                            a("10.0.1.1", "pod-11"),
                            a("10.0.1.2", "pod-12"),
                            a("10.0.1.3", "pod-13"),
                        ],
                        &[],
                    ),
                ],
                1000,
                vec![
                    "IPv4 http:3000/TCP https:3001/UDP | 10.0.1.1+ 10.0.1.2+ 10.0.1.3+",
                    "IPv4 http:80/TCP https:443/UDP | 10.0.0.1+ 10.0.0.2+",
                ],
                0,
                "Endpoints with 2 subsets, multiple ports and addresses",
            ),
            (
                vec![
                    subset(
                        &[http.clone(), https_udp.clone()],
                        &[
                            a("2001:db8:2222:3333:4444:5555:6666:7777", "pod-1"),
                            a("10.0.0.2", "pod-2"),
                        ],
                        &[],
                    ),
                    subset(
                        &[h3000.clone(), h3001.clone()],
                        &[
                            a("10.0.1.1", "pod-11"),
                            a("10.0.1.2", "pod-12"),
                            a("2001:db8:3333:4444:5555:6666:7777:8888", "pod-13"),
                        ],
                        &[],
                    ),
                ],
                1000,
                vec![
                    "IPv4 http:3000/TCP https:3001/UDP | 10.0.1.1+ 10.0.1.2+",
                    "IPv4 http:80/TCP https:443/UDP | 10.0.0.2+",
                    "IPv6 http:3000/TCP https:3001/UDP | 2001:db8:3333:4444:5555:6666:7777:8888+",
                    "IPv6 http:80/TCP https:443/UDP | 2001:db8:2222:3333:4444:5555:6666:7777+",
                ],
                0,
                "Endpoints with 2 subsets, multiple ports, and dual stack addresses",
            ),
            (
                vec![
                    subset(
                        &[http.clone(), https_udp.clone()],
                        &[
                            a("2001:db8:1111:3333:4444:5555:6666:7777", "pod-1"),
                            a("this-is-not-an-ip", "pod-2"),
                        ],
                        &[],
                    ),
                    subset(
                        &[h3000.clone(), h3001.clone()],
                        &[
                            a("this-is-also-not-an-ip", "pod-11"),
                            a("2001:db8:4444:3333:4444:5555:6666:7777", "pod-12"),
                            a("2001:db8:5555:3333:4444:5555:6666:7777", "pod-13"),
                        ],
                        &[],
                    ),
                ],
                1000,
                vec![
                    "IPv6 http:3000/TCP https:3001/UDP | 2001:db8:4444:3333:4444:5555:6666:7777+ 2001:db8:5555:3333:4444:5555:6666:7777+",
                    "IPv6 http:80/TCP https:443/UDP | 2001:db8:1111:3333:4444:5555:6666:7777+",
                ],
                2,
                "Endpoints with 2 subsets, multiple ports, some invalid addresses",
            ),
            (
                vec![
                    subset(
                        &[http.clone(), https_udp.clone()],
                        &[a("this-is-not-an-ip1", "pod-1"), a("this-is-not-an-ip12", "pod-2")],
                        &[],
                    ),
                    subset(
                        &[h3000.clone(), h3001.clone()],
                        &[
                            a("this-is-not-an-ip11", "pod-11"),
                            a("this-is-not-an-ip12", "pod-12"),
                            a("this-is-not-an-ip3", "pod-13"),
                        ],
                        &[],
                    ),
                ],
                1000,
                vec![],
                5,
                "Endpoints with 2 subsets, multiple ports, all invalid addresses",
            ),
            (
                vec![
                    subset(
                        &[http.clone(), https_udp.clone()],
                        &[a("10.0.0.1", "pod-1"), a("10.0.0.2", "pod-2")],
                        &[],
                    ),
                    subset(
                        &[h3000.clone(), h3001.clone()],
                        &[
                            a("10.0.1.1", "pod-11"),
                            a("10.0.1.2", "pod-12"),
                            a("10.0.1.3", "pod-13"),
                        ],
                        &[],
                    ),
                ],
                2,
                vec![
                    "IPv4 http:3000/TCP https:3001/UDP | 10.0.1.1+ 10.0.1.2+",
                    "IPv4 http:80/TCP https:443/UDP | 10.0.0.1+ 10.0.0.2+",
                ],
                1,
                "Endpoints with 2 subsets, 1 exceeding maxEndpointsPerSubset",
            ),
        ];
    for (subsets, max, want, skipped, name) in rows {
        let m = mirror_endpoints(&endpoints(subsets), max);
        let mut got: Vec<String> = m.slices.iter().map(summary).collect();
        got.sort();
        assert_eq!(got, want, "{name}");
        assert_eq!(m.invalid.len() + m.over_capacity, skipped, "{name}");
        for s in &m.slices {
            assert!(s.name.starts_with("test-ep-"), "{name}: {}", s.name);
            assert_eq!(s.labels[SERVICE_NAME_LABEL], "test-ep", "{name}");
            assert_eq!(s.labels[MANAGED_BY_LABEL], MIRRORING_CONTROLLER_NAME);
            for e in &s.endpoints {
                assert!(e.hostname.as_deref().is_some_and(|h| h.starts_with("pod-")));
                assert_eq!(e.node_name.as_deref(), Some("node-1"), "{name}");
            }
        }
    }
}

/// The last-applied-configuration rows of `TestReconcile`, and
/// `TestNewEndpointSlice` in `utils_test.go`: (labels, annotations,
/// expected labels, expected annotations, name).
#[test]
fn new_endpoint_slice_table() {
    let map = |kv: &[(&str, &str)]| -> std::collections::BTreeMap<String, String> {
        kv.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    let svc = (SERVICE_NAME_LABEL, "foo");
    let by = (MANAGED_BY_LABEL, MIRRORING_CONTROLLER_NAME);
    let applied = (
        LAST_APPLIED_CONFIG_ANNOTATION,
        "{\"apiVersion\":\"v1\",\"kind\":\"Endpoints\",\"subsets\":[]}",
    );
    type Row<'a> = (
        Vec<(&'a str, &'a str)>,
        Vec<(&'a str, &'a str)>,
        Vec<(&'a str, &'a str)>,
        Vec<(&'a str, &'a str)>,
        &'a str,
    );
    let rows: Vec<Row> = vec![
        (
            vec![],
            vec![],
            vec![svc, by],
            vec![],
            "create slice from endpoints",
        ),
        (
            vec![],
            vec![("foo", "bar")],
            vec![svc, by],
            vec![("foo", "bar")],
            "create slice from endpoints with annotations",
        ),
        (
            vec![("foo", "bar")],
            vec![],
            vec![("foo", "bar"), svc, by],
            vec![],
            "create slice from endpoints with labels",
        ),
        (
            vec![("foo", "bar")],
            vec![("foo2", "bar2")],
            vec![("foo", "bar"), svc, by],
            vec![("foo2", "bar2")],
            "create slice from endpoints with labels and annotations",
        ),
        (
            vec![("foo", "bar")],
            vec![
                ("foo2", "bar2"),
                (LAST_CHANGE_TRIGGER_TIME_ANNOTATION, "date"),
            ],
            vec![("foo", "bar"), svc, by],
            vec![("foo2", "bar2")],
            "create slice from endpoints with labels and annotations triggertime",
        ),
        (
            vec![],
            vec![applied],
            vec![svc, by],
            vec![],
            "The last-applied-configuration annotation should not get mirrored",
        ),
        (
            vec![],
            vec![(LAST_APPLIED_CONFIG_ANNOTATION, "")],
            vec![svc, by],
            vec![],
            "The last-applied-configuration shouldn't get mirrored when its value is empty",
        ),
        (
            vec![],
            vec![applied, ("foo", "bar")],
            vec![svc, by],
            vec![("foo", "bar")],
            "Annotations other than last-applied-configuration should get correctly mirrored",
        ),
        (
            vec![(SERVICE_NAME_LABEL, "other"), (MANAGED_BY_LABEL, "someone")],
            vec![],
            vec![svc, by],
            vec![],
            "service-name and managed-by are overwritten",
        ),
    ];
    let ports = [p("foo", 80, "TCP")];
    for (labels, annotations, want_labels, want_annotations, name) in rows {
        let ep = Endpoints {
            name: "foo".into(),
            namespace: "test".into(),
            labels: map(&labels),
            annotations: map(&annotations),
            subsets: Vec::new(),
        };
        let s = new_endpoint_slice(&ep, &ports, "IPv4");
        assert_eq!(s.labels, map(&want_labels), "{name}");
        assert_eq!(s.annotations, map(&want_annotations), "{name}");
        assert_eq!(
            (s.name.as_str(), s.namespace.as_str()),
            ("foo-", "test"),
            "{name}"
        );
        assert_eq!((s.address_type.as_str(), s.ports.len()), ("IPv4", 1));
        assert!(s.endpoints.is_empty(), "{name}");
    }
}

/// `TestAddressToEndpoint` in `utils_test.go`, and a not-ready address.
#[test]
fn address_to_endpoint_table() {
    let mut address = a("10.1.2.3", "foo");
    address.node_name = Some("node-abc".into());
    address.target_ref = Some(crate::engine::model::endpoints::TargetRef {
        kind: "Pod".into(),
        namespace: "default".into(),
        name: "foo".into(),
        uid: String::new(),
    });
    for (ready, name) in [(true, "simple"), (false, "not ready")] {
        let (e, family) = address_to_endpoint(&address, ready).expect(name);
        assert_eq!(family, "IPv4", "{name}");
        assert_eq!(e.addresses, vec!["10.1.2.3".to_string()], "{name}");
        assert_eq!(e.hostname.as_deref(), Some("foo"), "{name}");
        assert_eq!(e.node_name.as_deref(), Some("node-abc"), "{name}");
        assert_eq!(e.target_ref, address.target_ref, "{name}");
        assert_eq!(e.conditions.ready, ready, "{name}");
    }
    // An empty hostname is left unset.
    let mut bare = a("10.1.2.3", "");
    bare.hostname = Some(String::new());
    assert_eq!(
        address_to_endpoint(&bare, true).map(|e| e.0.hostname),
        Some(None)
    );
}

/// `netutils.ParseIPSloppy` and `ip.String()` as `addressToEndpoint`
/// uses them (Go's `net.ParseIP` as of Go 1.16: leading zeros allowed in
/// IPv4, IPv4-mapped IPv6 is IPv4; RFC 5952 text): (input, expected, name).
#[test]
fn canonical_ip_table() {
    let rows: &[(&str, Option<(&str, &str)>, &str)] = &[
        ("10.0.0.1", Some(("IPv4", "10.0.0.1")), "plain IPv4"),
        (
            "010.000.000.001",
            Some(("IPv4", "10.0.0.1")),
            "leading zeros read as decimal",
        ),
        (
            "255.255.255.255",
            Some(("IPv4", "255.255.255.255")),
            "broadcast",
        ),
        ("256.0.0.1", None, "octet over 255"),
        ("1.2.3", None, "three octets"),
        ("1.2.3.4.5", None, "five octets"),
        ("1.2.3.", None, "empty octet"),
        ("+1.2.3.4", None, "sign"),
        (
            "2001:DB8::1",
            Some(("IPv6", "2001:db8::1")),
            "IPv6 lowercased",
        ),
        (
            "2001:db8:0:0:0:0:0:1",
            Some(("IPv6", "2001:db8::1")),
            "zeros compressed",
        ),
        (
            "::ffff:10.0.0.1",
            Some(("IPv4", "10.0.0.1")),
            "IPv4-mapped is IPv4",
        ),
        (
            "::ffff:010.0.0.1",
            Some(("IPv4", "10.0.0.1")),
            "mapped, leading zero",
        ),
        ("fe80::1%eth0", None, "zone"),
        ("this-is-not-an-ip", None, "a name"),
        ("", None, "empty"),
        ("10.0.0.1:80", None, "with a port"),
    ];
    for (input, want, name) in rows {
        let got = canonical_ip(input);
        let got = got.as_ref().map(|(f, ip)| (*f, ip.as_str()));
        assert_eq!(got, *want, "{name}: {input}");
    }
}

/// `shouldMirror` with `skipMirror` and `hasLeaderElection` (`utils.go`):
/// (labels, annotations, mirrored, name).
#[test]
fn should_mirror_table() {
    let rows: &[(&[(&str, &str)], &[(&str, &str)], bool, &str)] = &[
        (&[], &[], true, "plain"),
        (
            &[(SKIP_MIRROR_LABEL, "true")],
            &[],
            false,
            "skip-mirror true",
        ),
        (
            &[(SKIP_MIRROR_LABEL, "false")],
            &[],
            true,
            "skip-mirror false",
        ),
        (
            &[(SKIP_MIRROR_LABEL, "True")],
            &[],
            true,
            "only the exact string true",
        ),
        (
            &[],
            &[(LEADER_ELECTION_ANNOTATION, "{}")],
            false,
            "leader election",
        ),
        (
            &[("app", "db")],
            &[("note", "x")],
            true,
            "other labels and annotations",
        ),
    ];
    for (labels, annotations, want, name) in rows {
        let ep = Endpoints {
            labels: labels
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            annotations: annotations
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ..Endpoints::default()
        };
        assert_eq!(should_mirror(&ep), *want, "{name}");
    }
}

/// An endpoint equal in IP, hostname and target replaces the earlier one
/// (`EndpointSet.Insert`): the same address twice in one subset, ready
/// and not ready, repacks to not ready (`RepackSubsets`), and is one endpoint.
#[test]
fn duplicates_collapse() {
    let ep = endpoints(vec![
        subset(&[p("", 80, "TCP")], &[a("10.0.0.1", "x")], &[]),
        subset(&[p("", 80, "TCP")], &[], &[a("10.0.0.1", "x")]),
    ]);
    let m = mirror_endpoints(&ep, MAX_ENDPOINTS_PER_SUBSET);
    let got: Vec<String> = m.slices.iter().map(summary).collect();
    assert_eq!(got, vec!["IPv4 :80/TCP | 10.0.0.1-"]);
}
