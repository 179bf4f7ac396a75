//! The cluster's nodes as routing sees them: the Node objects of the input,
//! or, when it has none, the simulated nodes, each in its own zone.

use super::addresses::{node_ip, SIMULATED_NODES};
use crate::engine::model::Object;
use serde::Serialize;

/// The zones of the simulated nodes, in the order of [`SIMULATED_NODES`].
pub const SIMULATED_ZONES: &[&str] = &["zone-a", "zone-b", "zone-c"];

/// The allocatable CPU of a simulated node, in millicores.
pub const SIMULATED_NODE_CPU_MILLIS: i64 = 2000;

/// One node, as the EndpointSlice controller and kube-proxy see it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct ClusterNode {
    /// The node's name.
    pub name: String,
    /// Its `topology.kubernetes.io/zone` label.
    pub zone: Option<String>,
    /// Its allocatable CPU in millicores, when known.
    pub cpu_millis: Option<i64>,
    /// Whether its `Ready` condition is `True`.
    pub ready: bool,
    /// Whether it is cordoned (`spec.unschedulable`).
    pub unschedulable: bool,
    /// Its InternalIP (simulated when the input does not give one).
    pub address: String,
    /// Whether it carries a control-plane role label, which leaves it out
    /// of the zones' CPU (`hasExcludedLabels` in the staging `topologycache`).
    pub control_plane: bool,
}

/// The nodes of the cluster.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct ClusterNodes {
    /// The nodes, in input order (simulated: `node-1`, `node-2`, `node-3`).
    pub nodes: Vec<ClusterNode>,
    /// Whether the nodes are svcmap's simulated ones (the input has no Node).
    pub simulated: bool,
}

impl ClusterNodes {
    /// The nodes of `objects`: its Node objects, or, without any, the
    /// simulated nodes `node-1`..`node-3` in zones `zone-a`..`zone-c`, each
    /// ready with 2 CPUs (svcmap's own rule).
    pub fn from_objects(objects: &[Object]) -> ClusterNodes {
        let nodes: Vec<ClusterNode> = objects
            .iter()
            .filter_map(|o| match o {
                Object::Node(n) => Some(ClusterNode {
                    name: n.meta.name.clone(),
                    zone: n.zone().map(str::to_string),
                    cpu_millis: n.allocatable_cpu_millis,
                    ready: n.ready == Some(true),
                    unschedulable: n.unschedulable,
                    address: n
                        .address("InternalIP")
                        .map_or_else(|| node_ip(&n.meta.name), str::to_string),
                    control_plane: n
                        .meta
                        .labels
                        .contains_key("node-role.kubernetes.io/control-plane")
                        || n.meta.labels.contains_key("node-role.kubernetes.io/master"),
                }),
                _ => None,
            })
            .collect();
        if !nodes.is_empty() {
            return ClusterNodes {
                nodes,
                simulated: false,
            };
        }
        ClusterNodes::simulated()
    }

    /// svcmap's simulated nodes.
    pub fn simulated() -> ClusterNodes {
        ClusterNodes {
            nodes: SIMULATED_NODES
                .iter()
                .zip(SIMULATED_ZONES)
                .map(|(n, z)| ClusterNode {
                    name: n.to_string(),
                    zone: Some(z.to_string()),
                    cpu_millis: Some(SIMULATED_NODE_CPU_MILLIS),
                    ready: true,
                    unschedulable: false,
                    address: node_ip(n),
                    control_plane: false,
                })
                .collect(),
            simulated: true,
        }
    }

    /// The node named `name`.
    pub fn get(&self, name: &str) -> Option<&ClusterNode> {
        self.nodes.iter().find(|n| n.name == name)
    }

    /// The zone of the node named `name`.
    pub fn zone_of(&self, name: &str) -> Option<&str> {
        self.get(name).and_then(|n| n.zone.as_deref())
    }

    /// A hash of everything about the nodes that endpoints depend on.
    pub fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = rustc_hash::FxHasher::default();
        self.hash(&mut h);
        h.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simulated_nodes_have_zones() {
        let n = ClusterNodes::from_objects(&[]);
        assert!(n.simulated);
        assert_eq!(n.zone_of("node-2"), Some("zone-b"));
        assert_eq!(n.get("node-1").unwrap().address, "10.0.0.11");
    }
}
