//! The objects the endpoints controllers write: v1 Endpoints and
//! discovery.k8s.io/v1 EndpointSlices, computed from a Service and the pods it
//! selects.

use super::endpoint_labels::{endpoints_labels, slice_labels};
pub use super::endpoint_labels::{
    CONTROLLER_NAME, HEADLESS_LABEL, MANAGED_BY_LABEL, SERVICE_NAME_LABEL,
};
use super::ports::find_port;
use super::readiness::{endpoint_conditions, in_v1_endpoints};
use super::resolve::ip_family;
use crate::engine::controllers::topology_hints;
use crate::engine::controllers::traffic_distribution::reconcile_hints;
use crate::engine::labels::validate::check_dns_subdomain;
use crate::engine::model::endpoints::{
    EndpointAddress, EndpointPort, EndpointSlice, EndpointSubset, Endpoints, SliceEndpoint,
    TargetRef,
};
use crate::engine::model::{Pod, Service};
use crate::engine::sim::nodes::ClusterNodes;
use crate::engine::sim::workloads::{suffix, SimPod};
use std::collections::BTreeMap;

/// Most addresses one v1 Endpoints object holds (`maxCapacity` in
/// `pkg/controller/endpoint/endpoints_controller.go`).
pub const MAX_ENDPOINTS_CAPACITY: usize = 1000;
/// Most endpoints per EndpointSlice (the controller's default
/// `--max-endpoints-per-slice`).
pub const MAX_ENDPOINTS_PER_SLICE: usize = 100;
/// Annotation set on a truncated Endpoints object.
pub const OVER_CAPACITY_ANNOTATION: &str = "endpoints.kubernetes.io/over-capacity";
/// A fingerprint of everything the endpoints of `svc` depend on: the Service
/// (spans aside) and each selected pod. Equal fingerprints, equal endpoints.
pub fn fingerprint(svc: &Service, pods: &[&SimPod]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    let m = &svc.meta;
    (&m.name, &m.namespace, &m.labels, &m.uid).hash(&mut h);
    (svc.service_type, &svc.cluster_ip, &svc.ip_families).hash(&mut h);
    (svc.publish_not_ready_addresses, &svc.selector).hash(&mut h);
    // The hints follow these.
    (
        &svc.routing.traffic_distribution,
        topology_hints::hints_enabled(&m.annotations),
    )
        .hash(&mut h);
    for p in &svc.ports {
        (
            &p.name,
            &p.protocol,
            p.port,
            &p.target_port,
            &p.app_protocol,
        )
            .hash(&mut h);
    }
    for sim in pods {
        sim.spec_hash.hash(&mut h);
    }
    h.finish()
}

/// The pod's hostname for a Service's endpoints (`ShouldSetHostname` in
/// `staging/src/k8s.io/endpointslice/util/controller_utils.go`): `spec.hostname`
/// when non-empty and `spec.subdomain` names the Service in the same namespace.
pub fn endpoint_hostname(svc: &Service, pod: &Pod) -> Option<String> {
    let hostname = pod.spec.hostname.as_deref().filter(|h| !h.is_empty())?;
    (pod.spec.subdomain.as_deref() == Some(svc.meta.name.as_str())
        && pod.meta.namespace == svc.meta.namespace)
        .then(|| hostname.to_string())
}

/// The pod's reference, as the controllers write it.
pub fn target_ref(pod: &Pod) -> TargetRef {
    TargetRef {
        kind: "Pod".into(),
        namespace: pod.meta.namespace.clone(),
        name: pod.meta.name.clone(),
        uid: pod.meta.uid.clone().unwrap_or_default(),
    }
}

/// The endpoint ports of a Service for one pod (`getEndpointPorts` in
/// `staging/src/k8s.io/endpointslice/utils.go`, [`find_port`]):
/// ports whose target does not resolve on this pod are left out.
pub fn endpoint_ports(svc: &Service, pod: &Pod) -> Vec<EndpointPort> {
    svc.ports
        .iter()
        .filter_map(|p| {
            find_port(pod, p).ok().map(|n| EndpointPort {
                name: p.name.clone(),
                port: n,
                protocol: p.protocol.clone(),
                app_protocol: p.app_protocol.clone(),
            })
        })
        .collect()
}

/// The address families of a Service's slices (`getAddressTypesForService`
/// in `staging/src/k8s.io/endpointslice/utils.go`): its families
/// (`ipFamilies`, or as the API server defaults them), or both for a headless
/// Service that names none.
pub fn slice_families(svc: &Service) -> Vec<String> {
    if svc.is_headless() && svc.ip_families.is_empty() && svc.ip_family_policy.is_none() {
        return vec!["IPv4".into(), "IPv6".into()];
    }
    svc.families()
}

/// The v1 Endpoints the endpoints controller writes for a Service (`syncService`
/// and `addEndpointSubset` in `pkg/controller/endpoint/endpoints_controller.go`).
/// `pods` are the pods the Service selects.
pub fn build_endpoints(svc: &Service, pods: &[&SimPod]) -> Endpoints {
    let mut subsets = Vec::new();
    for sim in pods {
        let pod = &sim.pod;
        let Some(ready) = endpoint_conditions(svc, pod).ok().and_then(in_v1_endpoints) else {
            continue;
        };
        let Some(ip) = v1_address(svc, pod) else {
            continue;
        };
        let addr = EndpointAddress {
            ip,
            hostname: endpoint_hostname(svc, pod),
            node_name: Some(pod.spec.node_name.clone().unwrap_or_default()),
            target_ref: Some(target_ref(pod)),
        };
        let mut add = |ports: Vec<EndpointPort>| {
            let mut s = EndpointSubset {
                ports,
                ..EndpointSubset::default()
            };
            if ready {
                s.addresses.push(addr.clone());
            } else {
                s.not_ready_addresses.push(addr.clone());
            }
            subsets.push(s);
        };
        if svc.ports.is_empty() {
            if svc.is_headless() {
                add(Vec::new());
            }
        } else {
            for p in endpoint_ports(svc, pod) {
                add(vec![p]);
            }
        }
    }
    let labels = endpoints_labels(svc);
    let mut ep = Endpoints {
        name: svc.meta.name.clone(),
        namespace: svc.meta.namespace.clone(),
        labels,
        annotations: BTreeMap::new(),
        subsets: repack_subsets(subsets),
    };
    if truncate_endpoints(&mut ep) {
        ep.annotations
            .insert(OVER_CAPACITY_ANNOTATION.into(), "truncated".into());
    }
    ep
}

/// The address of a pod in v1 Endpoints (`podToEndpointAddressForService`): the first of its IPs of
/// the Service's family.
fn v1_address(svc: &Service, pod: &Pod) -> Option<String> {
    let family = crate::engine::controllers::resolve::service_family(svc, pod)?;
    pod.status
        .as_ref()?
        .pod_ips
        .iter()
        .find(|ip| ip_family(ip) == family)
        .cloned()
}

/// Merges subsets as `RepackSubsets` in `pkg/api/v1/endpoints/util.go` does: one subset per group
/// of ports that share the same addresses with the same readiness; an address
/// that is not ready on any copy is not ready; duplicates (same IP and uid) collapse.
pub fn repack_subsets(subsets: Vec<EndpointSubset>) -> Vec<EndpointSubset> {
    type Key = (String, String); // (ip, uid)
    let mut all: BTreeMap<Key, EndpointAddress> = BTreeMap::new();
    // port (None = the "no port" sentinel) -> address -> ready; ports in first-seen order.
    let mut port_map: Vec<(Option<EndpointPort>, BTreeMap<Key, bool>)> = Vec::new();
    for s in subsets {
        let ports: Vec<Option<EndpointPort>> = if s.ports.is_empty() {
            vec![None]
        } else {
            s.ports.into_iter().map(Some).collect()
        };
        for port in ports {
            let idx = match port_map.iter().position(|(p, _)| *p == port) {
                Some(i) => i,
                None => {
                    port_map.push((port, BTreeMap::new()));
                    port_map.len() - 1
                }
            };
            let lists = [(&s.addresses, true), (&s.not_ready_addresses, false)];
            for (addrs, ready) in lists {
                for a in addrs {
                    let key = (
                        a.ip.clone(),
                        a.target_ref
                            .as_ref()
                            .map(|t| t.uid.clone())
                            .unwrap_or_default(),
                    );
                    all.entry(key.clone()).or_insert_with(|| a.clone());
                    let e = port_map[idx].1.entry(key).or_insert(ready);
                    // Not ready wins when both are seen.
                    *e = *e && ready;
                }
            }
        }
    }
    let mut groups: Vec<(BTreeMap<Key, bool>, Vec<EndpointPort>)> = Vec::new();
    for (port, addrs) in port_map {
        let i = match groups.iter().position(|(a, _)| *a == addrs) {
            Some(i) => i,
            None => {
                groups.push((addrs, Vec::new()));
                groups.len() - 1
            }
        };
        if let Some(p) = port {
            groups[i].1.push(p);
        }
    }
    let mut out: Vec<EndpointSubset> = groups
        .into_iter()
        .map(|(addrs, mut ports)| {
            crate::engine::base::order::sort(&mut ports);
            let mut s = EndpointSubset {
                ports,
                ..EndpointSubset::default()
            };
            // BTreeMap order is (IP string, uid): the byte-wise order of `LessEndpointAddress`.
            for (key, ready) in addrs {
                let a = all[&key].clone();
                if ready {
                    s.addresses.push(a);
                } else {
                    s.not_ready_addresses.push(a);
                }
            }
            s
        })
        .collect();
    // Kubernetes orders subsets by a hash; any stable order is as good.
    crate::engine::base::order::sort_by(&mut out, |a, b| a.ports.cmp(&b.ports));
    out
}

/// Caps an Endpoints object at [`MAX_ENDPOINTS_CAPACITY`] addresses as the
/// controller does (`truncateEndpoints`); returns whether anything was cut.
pub fn truncate_endpoints(ep: &mut Endpoints) -> bool {
    let ready: usize = ep.subsets.iter().map(|s| s.addresses.len()).sum();
    let not_ready: usize = ep.subsets.iter().map(|s| s.not_ready_addresses.len()).sum();
    if ready + not_ready <= MAX_ENDPOINTS_CAPACITY {
        return false;
    }
    let truncate_ready = ready > MAX_ENDPOINTS_CAPACITY;
    let (max, total) = if truncate_ready {
        (MAX_ENDPOINTS_CAPACITY, ready)
    } else {
        (MAX_ENDPOINTS_CAPACITY - ready, not_ready)
    };
    let mut can_add = max;
    for s in &mut ep.subsets {
        let n = if truncate_ready {
            s.addresses.len()
        } else {
            s.not_ready_addresses.len()
        };
        let to_add = ((n * max).div_ceil(total)).min(can_add);
        if truncate_ready {
            s.addresses.truncate(to_add);
            s.not_ready_addresses.clear();
            can_add -= s.addresses.len();
        } else {
            s.not_ready_addresses.truncate(to_add);
            can_add -= s.not_ready_addresses.len();
        }
    }
    true
}

/// The EndpointSlices the EndpointSlice controller writes for a Service
/// (`reconcileByAddressType` in `staging/src/k8s.io/endpointslice/reconciler.go`,
/// with `podToEndpoint`, `newEndpointSlice` and `setEndpointSliceLabels` of its `utils.go`).
/// `pods` are the pods the Service selects.
/// Each endpoint names its pod's node and that node's zone (`podToEndpoint`);
/// the hints follow `trafficDistribution` ([`reconcile_hints`]), or the
/// zones' CPU under `service.kubernetes.io/topology-mode: Auto`
/// ([`topology_hints::add_hints`]).
pub fn build_slices(svc: &Service, pods: &[&SimPod], nodes: &ClusterNodes) -> Vec<EndpointSlice> {
    let labels = slice_labels(svc);
    let mut slices = Vec::new();
    for family in slice_families(svc) {
        // Group endpoints by their resolved port list.
        let mut groups: BTreeMap<Vec<EndpointPort>, Vec<SliceEndpoint>> = BTreeMap::new();
        for sim in pods {
            let pod = &sim.pod;
            let Ok(conditions) = endpoint_conditions(svc, pod) else {
                continue;
            };
            let addresses: Vec<String> = pod
                .status
                .as_ref()
                .map(|s| {
                    s.pod_ips
                        .iter()
                        .filter(|ip| ip_family(ip) == family)
                        .cloned()
                        .collect()
                })
                .unwrap_or_default();
            if addresses.is_empty() {
                continue;
            }
            let mut ports = endpoint_ports(svc, pod);
            crate::engine::base::order::sort(&mut ports);
            groups.entry(ports).or_default().push(SliceEndpoint {
                addresses,
                conditions,
                hostname: endpoint_hostname(svc, pod),
                target_ref: Some(target_ref(pod)),
                node_name: pod.spec.node_name.clone().filter(|n| !n.is_empty()),
                zone: pod
                    .spec
                    .node_name
                    .as_deref()
                    .and_then(|n| nodes.zone_of(n))
                    .filter(|z| !z.is_empty())
                    .map(str::to_string),
                hints: None,
            });
        }
        for (ports, endpoints) in groups {
            for chunk in endpoints.chunks(MAX_ENDPOINTS_PER_SLICE) {
                slices.push(EndpointSlice {
                    name: String::new(),
                    namespace: svc.meta.namespace.clone(),
                    labels: labels.clone(),
                    annotations: BTreeMap::new(),
                    address_type: family.clone(),
                    endpoints: chunk.to_vec(),
                    ports: ports.clone(),
                    from_input: false,
                });
            }
        }
    }
    if slices.is_empty() {
        // The placeholder slice the controller keeps for a Service without endpoints.
        slices.push(EndpointSlice {
            name: String::new(),
            namespace: svc.meta.namespace.clone(),
            labels,
            annotations: BTreeMap::new(),
            address_type: slice_families(svc).remove(0),
            endpoints: Vec::new(),
            ports: Vec::new(),
            from_input: false,
        });
    }
    if topology_hints::hints_enabled(&svc.meta.annotations) {
        // The refusal is reported by the Service checks.
        let _ = topology_hints::add_hints(&mut slices, nodes);
    } else {
        reconcile_hints(svc.routing.traffic_distribution.as_deref(), &mut slices);
    }
    let prefix = slice_name_prefix(&svc.meta.name);
    for (i, s) in slices.iter_mut().enumerate() {
        let seed = format!(
            "{}/{}/{}/{i}",
            svc.meta.namespace, svc.meta.name, s.address_type
        );
        s.name = format!("{prefix}{}", suffix(&seed, 5));
    }
    slices
}

/// The generateName of a Service's slices: `<service>-`, or the name alone
/// when the dash form is not a valid name prefix. Mirrors
/// `getEndpointSlicePrefix` in `staging/src/k8s.io/endpointslice/utils.go`
/// (the mirroring controller's, whose `ValidateEndpointSliceName` is the same
/// check, in `pkg/controller/endpointslicemirroring/utils.go`); the API
/// server's name generator then keeps at most 58 characters of it
/// (`simpleNameGenerator.GenerateName`).
pub fn slice_name_prefix(service: &str) -> String {
    const MAX_GENERATED_PREFIX: usize = 63 - 5;
    let dashed = format!("{service}-");
    let mut prefix = if name_is_dns_subdomain_prefix(&dashed) {
        dashed
    } else {
        service.to_string()
    };
    let mut cut = MAX_GENERATED_PREFIX.min(prefix.len());
    while !prefix.is_char_boundary(cut) {
        cut -= 1;
    }
    prefix.truncate(cut);
    prefix
}

/// Whether `name` is valid as a generateName: with a trailing dash masked,
/// a DNS subdomain. Mirrors `NameIsDNSSubdomain(name, true)` and
/// `maskTrailingDash` (which drops the last two bytes and appends `a`) in
/// `staging/src/k8s.io/apimachinery/pkg/api/validation/generic.go`.
pub fn name_is_dns_subdomain_prefix(name: &str) -> bool {
    let b = name.as_bytes();
    let masked = if b.len() > 1 && name.ends_with('-') {
        let mut m = b[..b.len() - 2].to_vec();
        m.push(b'a');
        String::from_utf8_lossy(&m).into_owned()
    } else {
        name.to_string()
    };
    check_dns_subdomain(&masked).is_ok()
}

#[cfg(test)]
#[allow(clippy::cloned_ref_to_slice_refs)] // the tables read better with clones
mod tests {
    use super::*;

    fn addr(ip: &str, uid: &str) -> EndpointAddress {
        EndpointAddress {
            ip: ip.into(),
            hostname: None,
            node_name: None,
            target_ref: Some(TargetRef {
                kind: "Pod".into(),
                namespace: "default".into(),
                name: format!("pod-{uid}"),
                uid: uid.into(),
            }),
        }
    }

    fn port(name: &str, p: i64) -> EndpointPort {
        EndpointPort {
            name: name.into(),
            port: p,
            protocol: "TCP".into(),
            app_protocol: None,
        }
    }

    fn subset(
        ready: &[EndpointAddress],
        not_ready: &[EndpointAddress],
        ports: &[EndpointPort],
    ) -> EndpointSubset {
        EndpointSubset {
            addresses: ready.to_vec(),
            not_ready_addresses: not_ready.to_vec(),
            ports: ports.to_vec(),
        }
    }

    // `RepackSubsets`, in the spirit of pkg/api/v1/endpoints util_test.go.
    #[test]
    fn repack_subsets_rules() {
        let (a, b, c) = (
            addr("1.2.3.4", "a"),
            addr("1.2.3.10", "b"),
            addr("5.6.7.8", "c"),
        );
        // Same address, same port, twice: collapses (`mapAddressByPort` keys by IP and uid).
        let out = repack_subsets(vec![
            subset(&[a.clone()], &[], &[port("p", 80)]),
            subset(&[a.clone()], &[], &[port("p", 80)]),
        ]);
        assert_eq!(out, vec![subset(&[a.clone()], &[], &[port("p", 80)])]);
        // Ready and not ready for the same port: not ready wins (`mapAddressByPort`).
        let out = repack_subsets(vec![
            subset(&[a.clone()], &[], &[port("p", 80)]),
            subset(&[], &[a.clone()], &[port("p", 80)]),
        ]);
        assert_eq!(out, vec![subset(&[], &[a.clone()], &[port("p", 80)])]);
        // Two ports with the same addresses merge into one subset; IPs sort bytewise (`LessEndpointAddress`).
        let out = repack_subsets(vec![
            subset(&[a.clone(), b.clone()], &[], &[port("http", 80)]),
            subset(&[b.clone(), a.clone()], &[], &[port("https", 443)]),
        ]);
        assert_eq!(
            out,
            vec![subset(
                &[b.clone(), a.clone()],
                &[],
                &[port("http", 80), port("https", 443)]
            )]
        );
        // Different address sets per port stay apart.
        let out = repack_subsets(vec![
            subset(&[a.clone()], &[], &[port("x", 1)]),
            subset(&[c.clone()], &[], &[port("y", 2)]),
        ]);
        assert_eq!(out.len(), 2);
        // Same IP, different uid: two addresses.
        let a2 = addr("1.2.3.4", "z");
        let out = repack_subsets(vec![subset(
            &[a.clone(), a2.clone()],
            &[],
            &[port("p", 80)],
        )]);
        assert_eq!(out[0].addresses.len(), 2);
        // No ports: kept with the no-port sentinel.
        let out = repack_subsets(vec![subset(&[c.clone()], &[], &[])]);
        assert_eq!(out, vec![subset(&[c], &[], &[])]);
    }

    // `truncateEndpoints`: truncation keeps ready addresses first, proportionally, rounding up.
    #[test]
    fn truncation_at_capacity() {
        let many = |prefix: &str, n: usize| -> Vec<EndpointAddress> {
            (0..n)
                .map(|i| {
                    addr(
                        &format!("{prefix}.{}.{}", i / 250, i % 250),
                        &format!("{prefix}{i}"),
                    )
                })
                .collect()
        };
        // 600 ready + 600 not ready in one subset: all ready kept, 400 not ready.
        let mut ep = Endpoints {
            subsets: vec![subset(&many("10", 600), &many("11", 600), &[port("p", 1)])],
            ..Endpoints::default()
        };
        assert!(truncate_endpoints(&mut ep));
        assert_eq!(
            (
                ep.subsets[0].addresses.len(),
                ep.subsets[0].not_ready_addresses.len()
            ),
            (600, 400)
        );
        // 1500 ready over two subsets (1000 + 500): ready truncated to 667 + 333, not ready dropped.
        let mut ep = Endpoints {
            subsets: vec![
                subset(&many("10", 1000), &many("12", 5), &[port("a", 1)]),
                subset(&many("11", 500), &[], &[port("b", 2)]),
            ],
            ..Endpoints::default()
        };
        assert!(truncate_endpoints(&mut ep));
        let sizes: Vec<(usize, usize)> = ep
            .subsets
            .iter()
            .map(|s| (s.addresses.len(), s.not_ready_addresses.len()))
            .collect();
        assert_eq!(sizes, vec![(667, 0), (333, 0)]);
        // Under capacity: untouched.
        let mut ep = Endpoints {
            subsets: vec![subset(&many("10", 10), &[], &[port("p", 1)])],
            ..Endpoints::default()
        };
        assert!(!truncate_endpoints(&mut ep));
    }

    // `getEndpointSlicePrefix` with `NameIsDNSSubdomain(prefix, true)`, then
    // the generator's 58-character cut.
    #[test]
    fn slice_name_prefixes() {
        let a = |n: usize| "a".repeat(n);
        let rows: Vec<(String, String, &str)> = vec![
            ("web".into(), "web-".into(), "a valid name gets the dash"),
            (
                "a.b".into(),
                "a.b-".into(),
                "a subdomain name gets the dash",
            ),
            (a(63), a(58), "cut to 58 characters"),
            (a(252), a(58), "253 with the dash: valid"),
            (a(253), a(58), "254 with the dash, 253 once masked: valid"),
            ("Web".into(), "Web".into(), "not a DNS subdomain: no dash"),
            ("web_1".into(), "web_1".into(), "an underscore: no dash"),
            ("-web".into(), "-web".into(), "a leading dash: no dash"),
            (
                "ü".repeat(40),
                "ü".repeat(29),
                "not ASCII: no dash, cut on a character",
            ),
        ];
        for (service, want, label) in rows {
            assert_eq!(slice_name_prefix(&service), want, "{label}");
        }
        let masks = [
            ("web-", true, "the trailing dash is masked"),
            ("w-", true, "two bytes become `a`"),
            ("-", false, "a lone dash is not masked"),
            ("web", true, "no dash"),
            ("web--", true, "the last two bytes become `a`: `weba`"),
            ("web.-", true, "`web.` is cut with the dash: `weba`"),
            ("Web-", false, "upper case"),
        ];
        for (name, want, label) in masks {
            assert_eq!(name_is_dns_subdomain_prefix(name), want, "{label}");
        }
    }
}
