//! The route from a vantage point to a Service's ports, and the checks on
//! it: Services that drop traffic arriving on some node, and the note that
//! routing ran on simulated nodes.

use super::Analysis;
use crate::engine::base::diagnostics::{Diagnostic, DiagnosticCode, Severity};
use crate::engine::base::object_ref::ObjectRef;
use crate::engine::controllers::resolved::ResolvedService;
use crate::engine::controllers::topology_hints::hints_enabled;
use crate::engine::model::ServiceType;
use crate::engine::proxy::categorize::categorize_endpoints;
use crate::engine::proxy::route::{
    ignored_by_proxy, port_policy, proxy_endpoints, resolve_vantage, route_port, PortRoute,
    Traffic, VantageSpec,
};
use crate::engine::sim::nodes::ClusterNodes;

impl Analysis {
    /// The index of the Service `namespace/name` in [`Analysis::services`].
    pub fn find_service(&self, namespace: &str, name: &str) -> Option<usize> {
        self.services
            .iter()
            .position(|s| s.service.meta.namespace == namespace && s.service.meta.name == name)
    }

    /// Which endpoints each port of the Service number `service` (or only
    /// the port named, or numbered, `port`) uses from a vantage point, for
    /// `traffic`; without a vantage point, from the first node. Errors name
    /// what is missing (no such node, zone, pod or port).
    pub fn route(
        &self,
        service: usize,
        port: Option<&str>,
        from: Option<&VantageSpec>,
        traffic: Traffic,
    ) -> Result<Vec<PortRoute>, String> {
        let rs = self
            .services
            .get(service)
            .ok_or_else(|| format!("no Service number {service}"))?;
        let vantage = match from {
            Some(spec) => resolve_vantage(spec, &self.nodes, &self.pods)?,
            None => {
                let first = self.nodes.nodes.first().ok_or("the cluster has no node")?;
                resolve_vantage(
                    &VantageSpec::Node(first.name.clone()),
                    &self.nodes,
                    &self.pods,
                )?
            }
        };
        let ports: Vec<usize> = (0..rs.service.ports.len())
            .filter(|&i| {
                let p = &rs.service.ports[i];
                port.is_none_or(|want| p.name == want || p.port.to_string() == want)
            })
            .collect();
        if ports.is_empty() {
            let names: Vec<String> = rs
                .service
                .ports
                .iter()
                .map(|p| {
                    if p.name.is_empty() {
                        p.port.to_string()
                    } else {
                        p.name.clone()
                    }
                })
                .collect();
            return Err(match port {
                Some(p) => format!(
                    "Service `{}` has no port `{p}`; its ports: {}",
                    rs.service.meta.name,
                    names.join(", ")
                ),
                None => format!("Service `{}` has no ports", rs.service.meta.name),
            });
        }
        Ok(ports
            .into_iter()
            .map(|i| route_port(rs, i, &vantage, traffic))
            .collect())
    }
}

/// Whether a Service's routing depends on the nodes: a Local traffic
/// policy, `trafficDistribution`, or `topology-mode: Auto`.
pub fn routing_depends_on_nodes(rs: &ResolvedService) -> bool {
    let svc = &rs.service;
    let p = port_policy(svc);
    p.internal_policy_local
        || p.external_policy_local
        || svc.routing.traffic_distribution.is_some()
        || hints_enabled(&svc.meta.annotations)
}

/// The nodes on which a Service drops `traffic` under its Local policy
/// (no usable local endpoint) while it has usable endpoints elsewhere
/// (`hasAnyEndpoints` of `CategorizeEndpoints`).
pub fn nodes_dropping(rs: &ResolvedService, nodes: &ClusterNodes, traffic: Traffic) -> Vec<String> {
    let policy = port_policy(&rs.service);
    let local = match traffic {
        Traffic::Internal => policy.internal_policy_local,
        Traffic::External => policy.external_policy_local,
    };
    if !local {
        return Vec::new();
    }
    let mut out = Vec::new();
    for n in &nodes.nodes {
        let zone = n.zone.as_deref().unwrap_or("");
        let dropped = rs.service.ports.iter().any(|p| {
            let eps: Vec<_> = proxy_endpoints(rs, &p.name, &n.name)
                .into_iter()
                .map(|(e, _, _)| e)
                .collect();
            let cat = categorize_endpoints(&eps, policy, &n.name, zone);
            cat.has_any && cat.local.as_ref().is_none_or(Vec::is_empty)
        });
        if dropped {
            out.push(n.name.clone());
        }
    }
    out
}

/// SVC008 for each Service that drops traffic on some nodes under a Local
/// policy; SIM002 once when routing depends on nodes and they are simulated.
pub(super) fn routing_diagnostics(
    services: &[ResolvedService],
    nodes: &ClusterNodes,
    diags: &mut Vec<Diagnostic>,
) {
    let mut noted = false;
    for rs in services {
        let svc = &rs.service;
        if ignored_by_proxy(svc).is_some() || !routing_depends_on_nodes(rs) {
            continue;
        }
        let r = ObjectRef::new("Service", &svc.meta.namespace, &svc.meta.name);
        if nodes.simulated && !noted {
            noted = true;
            diags.push(
                Diagnostic::new(
                    Severity::Info,
                    DiagnosticCode::SimulatedNodes,
                    format!(
                        "Service `{}` routes by node: the input has no Node, so svcmap uses its simulated nodes node-1, node-2, node-3 in zones zone-a, zone-b, zone-c",
                        svc.meta.name
                    ),
                    svc.meta.name_span,
                )
                .with_object(Some(r.clone()))
                .with_help("add the cluster's Node objects (`kubectl get nodes -o yaml`) to route on them"),
            );
        }
        let policy = port_policy(svc);
        for (traffic, local, field) in [
            (
                Traffic::Internal,
                policy.internal_policy_local,
                "internalTrafficPolicy",
            ),
            (
                Traffic::External,
                policy.external_policy_local,
                "externalTrafficPolicy",
            ),
        ] {
            if !local {
                continue;
            }
            let dropping = nodes_dropping(rs, nodes, traffic);
            if dropping.is_empty() {
                continue;
            }
            let what = match traffic {
                Traffic::Internal => "traffic from pods",
                Traffic::External => "external traffic",
            };
            // Behind a load balancer that checks `healthCheckNodePort`, the
            // nodes without endpoint are taken out of rotation: a note.
            let balanced =
                traffic == Traffic::External && svc.service_type == ServiceType::LoadBalancer;
            let (severity, tail) = if balanced {
                (
                    Severity::Info,
                    "; the load balancer's health check (healthCheckNodePort) takes them out of rotation, their node ports drop it",
                )
            } else {
                (Severity::Warning, "")
            };
            diags.push(
                Diagnostic::new(
                    severity,
                    DiagnosticCode::TrafficDropped,
                    format!(
                        "Service `{}` drops {what} arriving on {} {}: `{field}: Local` and no endpoint of it there{tail}",
                        svc.meta.name,
                        if dropping.len() == 1 { "node" } else { "nodes" },
                        dropping.join(", ")
                    ),
                    svc.meta.name_span,
                )
                .with_object(Some(r.clone()))
                .with_help(format!(
                    "run a pod of the Service on {} (a DaemonSet, or topology spread), or set `{field}: Cluster`",
                    if dropping.len() == 1 { "that node" } else { "those nodes" }
                )),
            );
        }
    }
}
