//! Route and Ingress backends resolved to Service ports: the `ResolvedRefs`
//! a controller would report for each.

use super::reference_grant::reference_permitted;
use super::service_port::{certain_port, ingress_service_port, route_service_port};
use crate::engine::base::source::Span;
use crate::engine::controllers::resolved::ResolvedService;
use crate::engine::model::routing::{
    BackendPort, BackendRef, IngressBackend, ReferenceGrant, Route,
};
use std::collections::HashMap;

/// Why a backend leads nowhere: a `ResolvedRefs: False` reason
/// (`RouteConditionReason`, apis/v1/shared_types.go), or an Ingress backend's
/// equivalent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BackendProblem {
    /// `BackendNotFound`: no such Service in the input.
    ServiceNotFound,
    /// `BackendNotFound`: the Service has no such port; the port surely meant, if any.
    PortNotFound {
        /// The port as written.
        written: String,
        /// The Service port surely meant (number, name).
        certain: Option<(i64, String)>,
        /// The Service's ports, as `name:number`.
        have: Vec<String>,
    },
    /// No port written for a Service backend.
    NoPort,
    /// `RefNotPermitted`: another namespace, and no ReferenceGrant allows it.
    RefNotPermitted,
    /// `InvalidKind`: not a core Service.
    InvalidKind(String),
    /// An Ingress `resource` backend: not a Service, served by the controller.
    Resource(String),
}

impl BackendProblem {
    /// The `ResolvedRefs` reason.
    pub fn reason(&self) -> &'static str {
        match self {
            BackendProblem::ServiceNotFound
            | BackendProblem::PortNotFound { .. }
            | BackendProblem::NoPort => "BackendNotFound",
            BackendProblem::RefNotPermitted => "RefNotPermitted",
            BackendProblem::InvalidKind(_) | BackendProblem::Resource(_) => "InvalidKind",
        }
    }
}

/// A backend with the Service port it reaches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResolvedBackend {
    /// The Service's namespace.
    pub namespace: String,
    /// The Service's name.
    pub name: String,
    /// Index into the analysis' Services, when found.
    pub service: Option<usize>,
    /// The Service port (number), when found.
    pub port: Option<i64>,
    /// The Service port's name.
    pub port_name: String,
    /// The weight (1 for Ingress backends).
    pub weight: i64,
    /// What is wrong, if anything.
    pub problem: Option<BackendProblem>,
    /// Where the backend is written.
    pub span: Span,
    /// Where its port is written.
    pub port_span: Option<Span>,
}

/// Services by (namespace, name).
pub type ServiceIndex<'a> = HashMap<(&'a str, &'a str), usize, rustc_hash::FxBuildHasher>;

/// The index of `services`.
pub fn service_index(services: &[ResolvedService]) -> ServiceIndex<'_> {
    services
        .iter()
        .enumerate()
        .map(|(i, s)| {
            (
                (
                    s.service.meta.namespace.as_str(),
                    s.service.meta.name.as_str(),
                ),
                i,
            )
        })
        .collect()
}

fn port_names(svc: &crate::engine::model::Service) -> Vec<String> {
    svc.ports
        .iter()
        .map(|p| {
            if p.name.is_empty() {
                p.port.to_string()
            } else {
                format!("{}:{}", p.name, p.port)
            }
        })
        .collect()
}

/// An Ingress backend in namespace `ns` resolved against `services`: the
/// Service of `service.name` in the Ingress' namespace (an Ingress cannot
/// reach another namespace) and its port ([`ingress_service_port`]);
/// `resource` backends are noted, not followed.
pub fn resolve_ingress_backend(
    ns: &str,
    b: &IngressBackend,
    services: &[ResolvedService],
    index: &ServiceIndex<'_>,
) -> ResolvedBackend {
    let mut out = ResolvedBackend {
        namespace: ns.to_string(),
        name: b.service.clone().unwrap_or_default(),
        service: None,
        port: match b.port {
            Some(BackendPort::Number(n)) => Some(n),
            _ => None,
        },
        port_name: String::new(),
        weight: 1,
        problem: None,
        span: b.span,
        port_span: b.port_span,
    };
    if let Some(r) = &b.resource {
        out.problem = Some(BackendProblem::Resource(r.clone()));
        return out;
    }
    let Some(&i) = index.get(&(ns, out.name.as_str())) else {
        out.problem = Some(BackendProblem::ServiceNotFound);
        return out;
    };
    out.service = Some(i);
    let svc = &services[i].service;
    let Some(port) = &b.port else {
        out.problem = Some(BackendProblem::NoPort);
        return out;
    };
    match ingress_service_port(svc, port) {
        Some(p) => {
            out.port = Some(p.port);
            out.port_name = p.name.clone();
        }
        None => {
            out.problem = Some(BackendProblem::PortNotFound {
                written: match port {
                    BackendPort::Number(n) => n.to_string(),
                    BackendPort::Name(n) => n.clone(),
                },
                certain: certain_port(svc, port).map(|p| (p.port, p.name.clone())),
                have: port_names(svc),
            })
        }
    }
    out
}

/// A route's backendRef resolved against `services`. Gateway API,
/// `HTTPBackendRef` / `BackendRef` (apis/v1/httproute_types.go,
/// shared_types.go) and the `ResolvedRefs` condition: a kind other than a
/// core `Service` is `InvalidKind`; another namespace needs a ReferenceGrant
/// ([`reference_permitted`], else `RefNotPermitted`); a Service or port not
/// found is `BackendNotFound`.
pub fn resolve_route_backend(
    route: &Route,
    b: &BackendRef,
    services: &[ResolvedService],
    index: &ServiceIndex<'_>,
    grants: &[&ReferenceGrant],
) -> ResolvedBackend {
    let ns = b
        .namespace
        .clone()
        .unwrap_or_else(|| route.meta.namespace.clone());
    let mut out = ResolvedBackend {
        namespace: ns.clone(),
        name: b.name.clone(),
        service: None,
        port: b.port,
        port_name: String::new(),
        weight: b.weight,
        problem: None,
        span: b.span,
        port_span: b.port_span,
    };
    if !(b.group.is_empty() || b.group == "core") || b.kind != "Service" {
        let g = if b.group.is_empty() {
            String::new()
        } else {
            format!("{}/", b.group)
        };
        out.problem = Some(BackendProblem::InvalidKind(format!("{g}{}", b.kind)));
        return out;
    }
    if !reference_permitted(
        "gateway.networking.k8s.io",
        route.kind.as_str(),
        &route.meta.namespace,
        "",
        "Service",
        &ns,
        &b.name,
        grants,
    ) {
        out.problem = Some(BackendProblem::RefNotPermitted);
        return out;
    }
    let Some(&i) = index.get(&(ns.as_str(), b.name.as_str())) else {
        out.problem = Some(BackendProblem::ServiceNotFound);
        return out;
    };
    out.service = Some(i);
    let svc = &services[i].service;
    let Some(port) = b.port else {
        out.problem = Some(BackendProblem::NoPort);
        return out;
    };
    match route_service_port(svc, port) {
        Some(p) => out.port_name = p.name.clone(),
        None => {
            out.problem = Some(BackendProblem::PortNotFound {
                written: port.to_string(),
                certain: certain_port(svc, &BackendPort::Number(port))
                    .map(|p| (p.port, p.name.clone())),
                have: port_names(svc),
            });
        }
    }
    out
}
