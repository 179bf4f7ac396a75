//! The values of v1 Endpoints and discovery.k8s.io/v1 EndpointSlices: read
//! from the input or written by the endpoints controllers.

use serde::Serialize;
use std::collections::BTreeMap;

/// A reference to the pod behind an address.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct TargetRef {
    /// Always `Pod`.
    pub kind: String,
    /// The pod's namespace.
    pub namespace: String,
    /// The pod's name.
    pub name: String,
    /// The pod's uid.
    pub uid: String,
}

/// An address in v1 Endpoints.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EndpointAddress {
    /// The IP.
    pub ip: String,
    /// The pod's hostname, when `ShouldSetHostname` allows it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    /// The pod's node (set even if empty, as `podToEndpointAddressForService` does).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node_name: Option<String>,
    /// The pod.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_ref: Option<TargetRef>,
}

/// A port in v1 Endpoints and EndpointSlices.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EndpointPort {
    /// The Service port's name ("" when unnamed).
    pub name: String,
    /// The resolved pod port.
    pub port: i64,
    /// The protocol.
    pub protocol: String,
    /// The Service port's appProtocol.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_protocol: Option<String>,
}

/// One subset of v1 Endpoints: addresses sharing the same ports.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EndpointSubset {
    /// Ready addresses.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<EndpointAddress>,
    /// Not-ready addresses.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_ready_addresses: Vec<EndpointAddress>,
    /// Ports.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ports: Vec<EndpointPort>,
}

/// A v1 Endpoints object.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Endpoints {
    /// Name (the Service's).
    pub name: String,
    /// Namespace.
    pub namespace: String,
    /// Labels: the Service's, plus the headless label.
    pub labels: BTreeMap<String, String>,
    /// Annotations (over-capacity).
    pub annotations: BTreeMap<String, String>,
    /// Subsets.
    pub subsets: Vec<EndpointSubset>,
}

/// Conditions of a slice endpoint.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct EndpointConditions {
    /// Should receive traffic.
    pub ready: bool,
    /// The pod is Ready, whether or not it is terminating.
    pub serving: bool,
    /// The pod is being deleted.
    pub terminating: bool,
}

/// One endpoint of an EndpointSlice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SliceEndpoint {
    /// The pod's IPs of the slice's family.
    pub addresses: Vec<String>,
    /// Conditions.
    pub conditions: EndpointConditions,
    /// Hostname (`ShouldSetHostname`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    /// The pod.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_ref: Option<TargetRef>,
    /// The node.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node_name: Option<String>,
    /// The node's zone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
    /// Topology hints for kube-proxy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hints: Option<EndpointHints>,
}

/// An endpoint's topology hints (`hints`): the zones, and the nodes, whose
/// kube-proxy should use it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EndpointHints {
    /// `forZones[].name`.
    pub for_zones: Vec<String>,
    /// `forNodes[].name`.
    pub for_nodes: Vec<String>,
}

/// A discovery.k8s.io/v1 EndpointSlice.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EndpointSlice {
    /// Name: `<service>-<5 chars>` (the API server's random suffix, simulated deterministically).
    pub name: String,
    /// Namespace.
    pub namespace: String,
    /// Labels: the Service's, service-name, managed-by, headless.
    pub labels: BTreeMap<String, String>,
    /// Annotations (a mirrored slice copies its Endpoints').
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: BTreeMap<String, String>,
    /// `IPv4` or `IPv6`.
    pub address_type: String,
    /// Endpoints (at most 100).
    pub endpoints: Vec<SliceEndpoint>,
    /// Ports shared by every endpoint of the slice.
    pub ports: Vec<EndpointPort>,
    /// Whether this slice came from the input rather than from the controller.
    #[serde(skip)]
    pub from_input: bool,
}
