//! The whole graph seen from one vantage point: for every (Service, pod)
//! pair, whether kube-proxy on the vantage point's node sends traffic to
//! that pod, and which Services drop the traffic there. The playground
//! draws it over the graph; the rule itself is `CategorizeEndpoints`, applied
//! by [`Analysis::route`].

use super::Analysis;
use crate::engine::proxy::route::{
    externally_accessible, ignored_by_proxy, resolve_vantage, route_port, Traffic, VantageSpec,
    Verdict,
};
use rustc_hash::FxHashMap;

/// What traffic from one pod's node does towards one pod of a Service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PairRoute {
    /// Whether some port of the Service sends traffic to the pod.
    pub used: bool,
    /// Why, per port (`http: ready, hinted for this zone`).
    pub reason: String,
}

/// A Service port that drops the traffic from the vantage point.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DroppedPort {
    /// `NAMESPACE/NAME` of the Service.
    pub service: String,
    /// The port's name, or its number.
    pub port: String,
    /// Why nothing is used.
    pub note: String,
}

/// The graph's routes from one vantage point.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VantageView {
    /// The node whose kube-proxy decides.
    pub node: String,
    /// Its zone ("" without one).
    pub zone: String,
    /// `(NAMESPACE/SERVICE, NAMESPACE/POD)` → the route. Services kube-proxy
    /// ignores (headless, ExternalName, another proxy), and for external
    /// traffic those without a node port, load balancer or external IP,
    /// have no pairs.
    pub pairs: FxHashMap<(String, String), PairRoute>,
    /// The ports that drop the traffic, in Service order.
    pub dropped: Vec<DroppedPort>,
    /// How many Services were routed (those left out above are not).
    pub services: usize,
}

impl VantageView {
    /// The route of the pair, if kube-proxy routes that Service.
    pub fn pair(&self, service: &str, pod: &str) -> Option<&PairRoute> {
        self.pairs.get(&(service.to_string(), pod.to_string()))
    }
}

impl Analysis {
    /// Every Service's routes from `from` for `traffic`, folded per (Service,
    /// pod): a pod is used when some port uses it. Errors name a vantage
    /// point that is not in the cluster.
    pub fn routes_from(&self, from: &VantageSpec, traffic: Traffic) -> Result<VantageView, String> {
        let at = resolve_vantage(from, &self.nodes, &self.pods)?;
        let mut view = VantageView {
            node: at.node.clone(),
            zone: at.zone.clone(),
            ..VantageView::default()
        };
        for rs in &self.services {
            // Only what kube-proxy routes, and from outside only what is
            // reachable from there: a ClusterIP Service does not "drop"
            // external traffic, nothing sends it any.
            if rs.service.ports.is_empty()
                || ignored_by_proxy(&rs.service).is_some()
                || (traffic == Traffic::External && !externally_accessible(&rs.service))
            {
                continue;
            }
            view.services += 1;
            // The vantage point resolved once, not once per Service.
            let many = rs.service.ports.len() > 1;
            for p in 0..rs.service.ports.len() {
                let r = route_port(rs, p, &at, traffic);
                if r.verdict == Verdict::Dropped {
                    view.dropped.push(DroppedPort {
                        service: r.service.clone(),
                        port: r.port.clone(),
                        note: r.note.clone(),
                    });
                }
                for e in r.endpoints {
                    let Some(pod) = e.pod else { continue };
                    let entry = view
                        .pairs
                        .entry((r.service.clone(), pod))
                        .or_insert(PairRoute {
                            used: false,
                            reason: String::new(),
                        });
                    entry.used |= e.used;
                    if !entry.reason.is_empty() {
                        entry.reason.push('\n');
                    }
                    if many {
                        entry.reason.push_str(&r.port);
                        entry.reason.push_str(": ");
                    }
                    entry.reason.push_str(&e.reason);
                }
            }
        }
        Ok(view)
    }
}
