//! The routing objects of an input, with each route's attachment to the
//! Gateways its `parentRefs` name.

use super::attach::{attach, Attachment, NotAccepted};
use crate::engine::labels::Labels;
use crate::engine::model::routing::{
    Gateway, Ingress, IngressClass, ReferenceGrant, Route, Routing,
};
use crate::engine::model::Object;

/// What one `parentRefs` entry of a route came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParentStatus {
    /// Index into [`RoutingTable::gateways`], when the Gateway is in the input.
    pub gateway: Option<usize>,
    /// The listeners it attached to, or the `Accepted: False` reason.
    pub result: Result<Vec<Attachment>, NotAccepted>,
}

/// The routing objects of an input.
#[derive(Clone, Debug, Default)]
pub struct RoutingTable<'a> {
    /// Gateways.
    pub gateways: Vec<&'a Gateway>,
    /// HTTPRoutes and GRPCRoutes.
    pub routes: Vec<&'a Route>,
    /// Ingresses.
    pub ingresses: Vec<&'a Ingress>,
    /// IngressClasses.
    pub classes: Vec<&'a IngressClass>,
    /// ReferenceGrants.
    pub grants: Vec<&'a ReferenceGrant>,
    /// For each route, one status per `parentRefs` entry.
    pub parents: Vec<Vec<ParentStatus>>,
}

impl<'a> RoutingTable<'a> {
    /// The routing objects of `objects`, routes attached (see [`attach`]).
    pub fn new(objects: &'a [Object]) -> RoutingTable<'a> {
        let mut t = RoutingTable::default();
        let mut namespaces: Vec<(&str, &Labels)> = Vec::new();
        for o in objects {
            match o {
                Object::Routing(r) => match r.as_ref() {
                    Routing::Gateway(g) => t.gateways.push(g),
                    Routing::Route(r) => t.routes.push(r),
                    Routing::Ingress(i) => t.ingresses.push(i),
                    Routing::IngressClass(c) => t.classes.push(c),
                    Routing::ReferenceGrant(g) => t.grants.push(g),
                },
                Object::Namespace(m) => namespaces.push((&m.name, &m.labels)),
                _ => {}
            }
        }
        let ns_labels = |ns: &str| -> Option<Labels> {
            namespaces.iter().find(|(n, _)| *n == ns).map(|(n, l)| {
                let mut l = (*l).clone();
                l.insert("kubernetes.io/metadata.name".into(), n.to_string());
                l
            })
        };
        if t.routes.is_empty() {
            return t;
        }
        let parents = t
            .routes
            .iter()
            .map(|r| {
                r.parent_refs
                    .iter()
                    .map(|p| {
                        let gateway = (p.kind == "Gateway"
                            && p.group == "gateway.networking.k8s.io")
                            .then(|| {
                                t.gateways.iter().position(|g| {
                                    g.meta.namespace == p.namespace && g.meta.name == p.name
                                })
                            })
                            .flatten();
                        let result = match gateway {
                            Some(g) => attach(r, p, t.gateways[g], &ns_labels),
                            None => Err(NotAccepted::NoMatchingParent),
                        };
                        ParentStatus { gateway, result }
                    })
                    .collect()
            })
            .collect();
        t.parents = parents;
        t
    }
}
