//! Routes and Ingresses that lead nowhere: a backend Service or port that
//! does not exist, a cross-namespace backend without ReferenceGrant, a
//! backend that is not a Service, a route no Gateway accepts, an Ingress
//! whose class does not exist.

use super::backends::{
    resolve_ingress_backend, resolve_route_backend, service_index, BackendProblem, ResolvedBackend,
};
use super::ingress_class::{ingress_class_of, ClassOf};
use super::table::RoutingTable;
use crate::engine::base::diagnostics::{Diagnostic, DiagnosticCode, Severity};
use crate::engine::base::object_ref::ObjectRef;
use crate::engine::controllers::resolved::ResolvedService;
use crate::engine::model::Object;

fn backend_diagnostic(b: &ResolvedBackend, object: &ObjectRef, from: &str) -> Option<Diagnostic> {
    let p = b.problem.as_ref()?;
    let svc = format!("{}/{}", b.namespace, b.name);
    let (severity, code, message, help, span) = match p {
        BackendProblem::ServiceNotFound => (
            Severity::Error,
            DiagnosticCode::RouteBackendNotFound,
            format!("{from} leads to Service `{svc}`, which is not in the input (BackendNotFound): requests get 503"),
            Some("check the Service's name and namespace, or add the Service".to_string()),
            b.span,
        ),
        BackendProblem::PortNotFound { written, certain, have } => (
            Severity::Error,
            DiagnosticCode::RoutePortNotFound,
            format!("{from} names port `{written}` of Service `{svc}`, which has no such port (it has {}): requests get 503", have.join(", ")),
            Some(match certain {
                Some((n, name)) if !name.is_empty() => format!("use the Service port {n} (`{name}`); a backend names the Service `port`, not its `targetPort`"),
                Some((n, _)) => format!("use the Service port {n}; a backend names the Service `port`, not its `targetPort`"),
                None => "name one of the Service's ports (its `port` number or its `name`)".to_string(),
            }),
            b.port_span.unwrap_or(b.span),
        ),
        BackendProblem::NoPort => (
            Severity::Error,
            DiagnosticCode::RoutePortNotFound,
            format!("{from} leads to Service `{svc}` without a port"),
            Some("a Service backend needs its port".to_string()),
            b.span,
        ),
        BackendProblem::RefNotPermitted => (
            Severity::Error,
            DiagnosticCode::RouteRefNotPermitted,
            format!("{from} leads to Service `{svc}` in another namespace, and no ReferenceGrant in `{}` allows it (RefNotPermitted)", b.namespace),
            Some(format!("add a ReferenceGrant in namespace `{}` whose `from` names the route's kind and namespace and whose `to` names kind Service", b.namespace)),
            b.span,
        ),
        BackendProblem::InvalidKind(k) => (
            Severity::Warning,
            DiagnosticCode::RouteInvalidKind,
            format!("{from} leads to a `{k}`, not a Service (InvalidKind): svcmap follows Services only"),
            None,
            b.span,
        ),
        BackendProblem::Resource(k) => (
            Severity::Info,
            DiagnosticCode::RouteInvalidKind,
            format!("{from} leads to the resource `{k}`, not a Service: the controller serves it"),
            None,
            b.span,
        ),
    };
    let mut d =
        Diagnostic::new(severity, code, message, Some(span)).with_object(Some(object.clone()));
    d.help = help;
    Some(d)
}

/// The diagnostics of every route and Ingress of `objects`, their backends
/// resolved against `services` (see [`resolve_route_backend`],
/// [`resolve_ingress_backend`], [`super::attach::attach`],
/// [`ingress_class_of`]).
pub fn route_diagnostics(objects: &[Object], services: &[ResolvedService]) -> Vec<Diagnostic> {
    let table = RoutingTable::new(objects);
    let mut out = Vec::new();
    if table.routes.is_empty() && table.ingresses.is_empty() {
        return out;
    }
    let index = service_index(services);
    for (ri, route) in table.routes.iter().enumerate() {
        let object = ObjectRef::new(route.kind.as_str(), &route.meta.namespace, &route.meta.name);
        for (p, status) in route.parent_refs.iter().zip(&table.parents[ri]) {
            let Err(reason) = &status.result else {
                continue;
            };
            let parent = format!("{}/{}", p.namespace, p.name);
            let severity = if status.gateway.is_none() {
                Severity::Info
            } else {
                Severity::Warning
            };
            let (message, help) = match (status.gateway, reason) {
                (None, _) if p.kind != "Gateway" => (
                    format!("parent `{}` {parent} is not a Gateway: svcmap attaches routes to Gateways only", p.kind),
                    None,
                ),
                (None, _) => (
                    format!("Gateway `{parent}` is not in the input: the route is not attached (NoMatchingParent)"),
                    Some("check the parentRef's name and namespace (it defaults to the route's)".to_string()),
                ),
                (Some(_), r) => (
                    format!("Gateway `{parent}` does not accept this route (Accepted: False, {})", r.as_str()),
                    Some(match r {
                        super::attach::NotAccepted::NoMatchingParent => "no listener has that `sectionName`/`port`".to_string(),
                        super::attach::NotAccepted::NotAllowedByListeners => "the listeners' `allowedRoutes` exclude the route's namespace or kind".to_string(),
                        super::attach::NotAccepted::NoMatchingListenerHostname => "none of the route's `hostnames` intersects a listener's `hostname`".to_string(),
                    }),
                ),
            };
            let mut d = Diagnostic::new(
                severity,
                DiagnosticCode::RouteNotAccepted,
                message,
                Some(p.span),
            )
            .with_object(Some(object.clone()));
            d.help = help;
            out.push(d);
        }
        for (i, rule) in route.rules.iter().enumerate() {
            for b in &rule.backends {
                let r = resolve_route_backend(route, b, services, &index, &table.grants);
                out.extend(backend_diagnostic(
                    &r,
                    &object,
                    &format!("rule {i} of {} `{}`", route.kind.as_str(), route.meta.name),
                ));
            }
        }
    }
    for ing in &table.ingresses {
        let object = ObjectRef::new("Ingress", &ing.meta.namespace, &ing.meta.name);
        if let ClassOf::Missing(c) = ingress_class_of(ing, &table.classes) {
            let have: Vec<&str> = table.classes.iter().map(|c| c.meta.name.as_str()).collect();
            out.push(
                Diagnostic::new(
                    Severity::Warning,
                    DiagnosticCode::IngressClassNotFound,
                    format!("Ingress `{}` names IngressClass `{c}`, which is not in the input (it has {}): no controller serves it", ing.meta.name, have.join(", ")),
                    ing.meta.name_span.or(Some(ing.span)),
                )
                .with_object(Some(object.clone())),
            );
        }
        let from = format!("Ingress `{}`", ing.meta.name);
        for b in ing.default_backend.iter().chain(
            ing.rules
                .iter()
                .flat_map(|r| r.paths.iter().map(|p| &p.backend)),
        ) {
            let r = resolve_ingress_backend(&ing.meta.namespace, b, services, &index);
            out.extend(backend_diagnostic(&r, &object, &from));
        }
    }
    out
}
