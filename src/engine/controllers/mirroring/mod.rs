//! The EndpointSlice mirroring controller: the EndpointSlices it writes for hand-written Endpoints.

use super::endpoints::{repack_subsets, slice_name_prefix, MANAGED_BY_LABEL, SERVICE_NAME_LABEL};
use crate::engine::model::endpoints::{
    EndpointAddress, EndpointConditions, EndpointPort, EndpointSlice, Endpoints, SliceEndpoint,
};
use crate::engine::model::Service;
use crate::engine::sim::workloads::suffix;
use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The mirroring controller's name, in the managed-by label of its slices.
pub const MIRRORING_CONTROLLER_NAME: &str = "endpointslicemirroring-controller.k8s.io";
/// An Endpoints labelled with this set to `"true"` is not mirrored.
pub const SKIP_MIRROR_LABEL: &str = "endpointslice.kubernetes.io/skip-mirror";
/// The leader-election record some components keep in an Endpoints: never mirrored.
pub const LEADER_ELECTION_ANNOTATION: &str = "control-plane.alpha.kubernetes.io/leader";
/// An annotation of Endpoints that is not copied to the mirrored slices.
pub const LAST_CHANGE_TRIGGER_TIME_ANNOTATION: &str =
    "endpoints.kubernetes.io/last-change-trigger-time";
/// kubectl's record of the applied object: not copied to the mirrored slices.
pub const LAST_APPLIED_CONFIG_ANNOTATION: &str = "kubectl.kubernetes.io/last-applied-configuration";
/// Most addresses mirrored per Endpoints subset (the controller's default
/// `--mirroring-max-endpoints-per-subset`).
pub const MAX_ENDPOINTS_PER_SUBSET: usize = 1000;

/// Whether an Endpoints object is mirrored at all. Mirrors `shouldMirror` in
/// `pkg/controller/endpointslicemirroring/endpointslicemirroring_controller.go`
/// with `skipMirror` and `hasLeaderElection` of `utils.go`: not when labelled
/// `endpointslice.kubernetes.io/skip-mirror: "true"`, nor when it holds a
/// leader-election record.
pub fn should_mirror(endpoints: &Endpoints) -> bool {
    let skip = endpoints.labels.get(SKIP_MIRROR_LABEL).map(String::as_str) == Some("true");
    !skip
        && !endpoints
            .annotations
            .contains_key(LEADER_ELECTION_ANNOTATION)
}

/// Whether the Service of an Endpoints lets the controller mirror it: it
/// exists (the caller found it) and has no selector (`selector: {}` is
/// stored as none). Mirrors the Service checks of `syncEndpoints` in
/// `pkg/controller/endpointslicemirroring/endpointslicemirroring_controller.go`.
pub fn service_allows_mirroring(svc: &Service) -> bool {
    svc.selector.is_none()
}

/// Parses an IP as Kubernetes' `netutils.ParseIPSloppy` does (Go 1.16's
/// `net.ParseIP`: IPv4 parts may have leading zeros, read as decimal).
/// Mirrors the parsing step of `addressToEndpoint` in
/// `pkg/controller/endpointslicemirroring/utils.go`.
pub fn parse_ip_sloppy(s: &str) -> Option<IpAddr> {
    if s.contains(':') {
        if let Some(at) = s.rfind(':') {
            // An IPv6 address ending in a dotted IPv4 part: parse that part sloppily.
            let tail = &s[at + 1..];
            if tail.contains('.') {
                let v4 = parse_ipv4_sloppy(tail)?;
                let [a, b, c, d] = v4.octets();
                let head = format!(
                    "{}{:x}:{:x}",
                    &s[..at + 1],
                    u16::from_be_bytes([a, b]),
                    u16::from_be_bytes([c, d])
                );
                return head.parse::<Ipv6Addr>().ok().map(IpAddr::V6);
            }
        }
        return s.parse::<Ipv6Addr>().ok().map(IpAddr::V6);
    }
    parse_ipv4_sloppy(s).map(IpAddr::V4)
}

fn parse_ipv4_sloppy(s: &str) -> Option<Ipv4Addr> {
    let mut octets = [0u8; 4];
    let mut parts = s.split('.');
    for o in &mut octets {
        let part = parts.next()?;
        if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let digits = part.trim_start_matches('0');
        if digits.len() > 3 {
            return None;
        }
        *o = u8::try_from(digits.parse::<u32>().unwrap_or(0)).ok()?;
    }
    parts.next().is_none().then(|| Ipv4Addr::from(octets))
}

/// The address type and text of an IP as the controller writes it: an IPv4
/// (or IPv4-mapped IPv6) address is `IPv4` in dotted form, any other is
/// `IPv6` in its canonical form; `None` when it is not an IP.
pub fn canonical_ip(ip: &str) -> Option<(&'static str, String)> {
    match parse_ip_sloppy(ip)? {
        IpAddr::V4(v4) => Some(("IPv4", v4.to_string())),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => Some(("IPv4", v4.to_string())),
            None => Some(("IPv6", v6.to_string())),
        },
    }
}

/// The slice endpoint and address type for one Endpoints address, or `None`
/// when its IP is not an IP (the controller skips it). Only `ready` is set
/// among the conditions. Mirrors `addressToEndpoint` in
/// `pkg/controller/endpointslicemirroring/utils.go`.
pub fn address_to_endpoint(
    address: &EndpointAddress,
    ready: bool,
) -> Option<(SliceEndpoint, &'static str)> {
    let (family, ip) = canonical_ip(&address.ip)?;
    let endpoint = SliceEndpoint {
        addresses: vec![ip],
        conditions: EndpointConditions {
            ready,
            // Unset in the mirrored slice; consumers read an unset serving as true.
            serving: true,
            terminating: false,
        },
        hostname: address.hostname.clone().filter(|h| !h.is_empty()),
        target_ref: address.target_ref.clone(),
        node_name: address.node_name.clone(),
        zone: None,
        hints: None,
    };
    Some((endpoint, family))
}

/// A new mirrored slice for an Endpoints: its labels plus the service-name
/// and managed-by labels, its annotations but the last-change-trigger-time
/// and last-applied-configuration ones, named `<endpoints>-<suffix>`.
/// Mirrors `newEndpointSlice` in `pkg/controller/endpointslicemirroring/utils.go`.
pub fn new_endpoint_slice(
    endpoints: &Endpoints,
    ports: &[EndpointPort],
    address_type: &str,
) -> EndpointSlice {
    let mut labels = endpoints.labels.clone();
    labels.insert(SERVICE_NAME_LABEL.into(), endpoints.name.clone());
    labels.insert(MANAGED_BY_LABEL.into(), MIRRORING_CONTROLLER_NAME.into());
    let annotations = endpoints
        .annotations
        .iter()
        .filter(|(k, _)| {
            k.as_str() != LAST_CHANGE_TRIGGER_TIME_ANNOTATION
                && k.as_str() != LAST_APPLIED_CONFIG_ANNOTATION
        })
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    EndpointSlice {
        name: slice_name_prefix(&endpoints.name),
        namespace: endpoints.namespace.clone(),
        labels,
        annotations,
        address_type: address_type.into(),
        endpoints: Vec::new(),
        ports: ports.to_vec(),
        from_input: false,
    }
}

/// What the controller makes of one Endpoints object.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mirrored {
    /// The slices it writes.
    pub slices: Vec<EndpointSlice>,
    /// The addresses skipped because they are not IPs.
    pub invalid: Vec<String>,
    /// How many addresses were skipped past the per-subset maximum.
    pub over_capacity: usize,
}

/// The EndpointSlices the mirroring controller writes for an Endpoints object
/// (`max_per_subset` is [`MAX_ENDPOINTS_PER_SUBSET`] in a cluster). Mirrors
/// `reconcile` in `pkg/controller/endpointslicemirroring/reconciler.go` (with
/// `initPorts` and `addAddress` of `reconciler_helpers.go`): the subsets are
/// first repacked (`RepackSubsets`); of each, the ready then the not-ready
/// addresses are mirrored up to the maximum, those that are not IPs skipped;
/// addresses are grouped by address type and port list, one slice per group,
/// an endpoint equal in IP, hostname and target to an earlier one replacing
/// it (`EndpointSet`). The controller picks a slice's endpoints in random
/// order; here they keep the repacked order, IPv4 slices before IPv6 ones.
pub fn mirror_endpoints(endpoints: &Endpoints, max_per_subset: usize) -> Mirrored {
    let mut out = Mirrored::default();
    let mut skipped = 0;
    // (address type, ports) -> endpoints, in first-seen order.
    let mut groups: Vec<(GroupKey, EndpointSet)> = Vec::new();
    let mut index: HashMap<GroupKey, usize> = HashMap::new();
    for subset in repack_subsets(endpoints.subsets.clone()) {
        let mut ports = subset.ports.clone();
        crate::engine::base::order::sort(&mut ports);
        // The group of each address type for this subset's ports.
        let slots = ["IPv4", "IPv6"].map(|family| {
            let key = (family, ports.clone());
            *index.entry(key.clone()).or_insert_with(|| {
                groups.push((key, EndpointSet::default()));
                groups.len() - 1
            })
        });
        let total = subset.addresses.len() + subset.not_ready_addresses.len();
        let mut added = 0;
        let lists = [
            (&subset.addresses, true),
            (&subset.not_ready_addresses, false),
        ];
        for (addresses, ready) in lists {
            for address in addresses {
                if added >= max_per_subset {
                    break;
                }
                let Some((endpoint, family)) = address_to_endpoint(address, ready) else {
                    out.invalid.push(address.ip.clone());
                    continue;
                };
                added += 1;
                let slot = slots[usize::from(family == "IPv6")];
                groups[slot].1.insert(endpoint);
            }
        }
        skipped += total - added;
    }
    out.over_capacity = skipped - out.invalid.len();
    for ((family, ports), set) in groups {
        if set.endpoints.is_empty() {
            continue;
        }
        let mut slice = new_endpoint_slice(endpoints, &ports, family);
        slice.endpoints = set.endpoints.into_iter().take(max_per_subset).collect();
        out.slices.push(slice);
    }
    let prefix = slice_name_prefix(&endpoints.name);
    for (i, s) in out.slices.iter_mut().enumerate() {
        let seed = format!(
            "mirror/{}/{}/{}/{i}",
            endpoints.namespace, endpoints.name, s.address_type
        );
        s.name = format!("{prefix}{}", suffix(&seed, 5));
    }
    out
}

/// The address type and port list that make one mirrored slice.
type GroupKey = (&'static str, Vec<EndpointPort>);

/// The endpoints of one mirrored slice, in insertion order.
#[derive(Default)]
struct EndpointSet {
    endpoints: Vec<SliceEndpoint>,
    index: HashMap<EndpointKey, usize>,
}

/// What makes two endpoints the same one: addresses, hostname, target.
type EndpointKey = (Vec<String>, String, Option<(String, String)>);

impl EndpointSet {
    /// Adds an endpoint as `EndpointSet.Insert` (`k8s.io/endpointslice/util`)
    /// does: one equal in addresses, hostname and target (namespace and name,
    /// as `hashEndpoint` hashes them) is replaced.
    fn insert(&mut self, endpoint: SliceEndpoint) {
        let mut addresses = endpoint.addresses.clone();
        addresses.sort();
        let key = (
            addresses,
            endpoint.hostname.clone().unwrap_or_default(),
            endpoint
                .target_ref
                .as_ref()
                .map(|t| (t.namespace.clone(), t.name.clone())),
        );
        match self.index.get(&key) {
            Some(&i) => self.endpoints[i] = endpoint,
            None => {
                self.index.insert(key, self.endpoints.len());
                self.endpoints.push(endpoint);
            }
        }
    }
}

/// Whether the mirroring controller manages a slice (its managed-by label),
/// as `managedByController` in `pkg/controller/endpointslicemirroring/utils.go`.
pub fn is_mirrored(slice: &EndpointSlice) -> bool {
    slice.labels.get(MANAGED_BY_LABEL).map(String::as_str) == Some(MIRRORING_CONTROLLER_NAME)
}

#[cfg(test)]
#[allow(clippy::cloned_ref_to_slice_refs, clippy::type_complexity)] // tables read better inline
mod tests;
