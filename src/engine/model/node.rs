//! Nodes: the topology labels, addresses, allocatable CPU, readiness and
//! taints that routing depends on.

use super::ObjectMeta;
use crate::engine::base::source::Span;
use serde::Serialize;

/// The well-known label holding a node's zone (`v1.LabelTopologyZone`).
pub const ZONE_LABEL: &str = "topology.kubernetes.io/zone";
/// The well-known label holding a node's hostname (`v1.LabelHostname`).
pub const HOSTNAME_LABEL: &str = "kubernetes.io/hostname";

/// A node address (`status.addresses[]`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct NodeAddress {
    /// `type`: InternalIP, ExternalIP, Hostname...
    pub address_type: String,
    /// `address`.
    pub address: String,
}

/// A taint (`spec.taints[]`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Taint {
    /// `key`.
    pub key: String,
    /// `value`.
    pub value: String,
    /// `effect`: NoSchedule, PreferNoSchedule or NoExecute.
    pub effect: String,
}

/// A Node.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Node {
    /// Metadata (labels carry the zone and hostname).
    pub meta: ObjectMeta,
    /// `status.addresses`.
    pub addresses: Vec<NodeAddress>,
    /// `status.allocatable.cpu` in millicores, when written and readable.
    pub allocatable_cpu_millis: Option<i64>,
    /// Status of the `Ready` condition (`None` when absent).
    pub ready: Option<bool>,
    /// `spec.taints`.
    pub taints: Vec<Taint>,
    /// `spec.unschedulable` (a cordoned node).
    pub unschedulable: bool,
    /// Where the object is in the text.
    pub span: Span,
}

impl Node {
    /// The node's zone: its `topology.kubernetes.io/zone` label.
    pub fn zone(&self) -> Option<&str> {
        self.meta.labels.get(ZONE_LABEL).map(String::as_str)
    }

    /// The node's `kubernetes.io/hostname` label.
    pub fn hostname(&self) -> Option<&str> {
        self.meta.labels.get(HOSTNAME_LABEL).map(String::as_str)
    }

    /// The first address of `address_type` (e.g. `InternalIP`).
    pub fn address(&self, address_type: &str) -> Option<&str> {
        self.addresses
            .iter()
            .find(|a| a.address_type == address_type)
            .map(|a| a.address.as_str())
    }
}

/// A CPU quantity in millicores: `2`, `1.5`, `500m` (`resource.Quantity`'s
/// `MilliValue`, for the forms a CPU amount takes); `None` when it is not one.
pub fn cpu_millis(q: &str) -> Option<i64> {
    let q = q.trim();
    if let Some(m) = q.strip_suffix('m') {
        return m.parse::<i64>().ok().filter(|v| *v >= 0);
    }
    let v: f64 = q.parse().ok()?;
    (v.is_finite() && v >= 0.0).then(|| (v * 1000.0).ceil() as i64)
}

#[cfg(test)]
mod tests {
    use super::cpu_millis;

    #[test]
    fn cpu_quantities() {
        assert_eq!(cpu_millis("2"), Some(2000));
        assert_eq!(cpu_millis("1.5"), Some(1500));
        assert_eq!(cpu_millis("500m"), Some(500));
        assert_eq!(cpu_millis("lots"), None);
        assert_eq!(cpu_millis("-1"), None);
    }
}
