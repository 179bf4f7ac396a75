//! The objects in front of Services: Ingresses and IngressClasses
//! (`networking.k8s.io/v1`), Gateways, HTTPRoutes and GRPCRoutes
//! (`gateway.networking.k8s.io/v1`) and ReferenceGrants (`v1beta1`), as written.

use super::ObjectMeta;
use crate::engine::base::source::{Shift, Span};
use crate::engine::labels::LabelSelector;
use serde::Serialize;

/// One object that routes requests to Services.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Routing {
    /// An Ingress.
    Ingress(Ingress),
    /// An IngressClass.
    IngressClass(IngressClass),
    /// A Gateway.
    Gateway(Gateway),
    /// An HTTPRoute or a GRPCRoute.
    Route(Route),
    /// A ReferenceGrant.
    ReferenceGrant(ReferenceGrant),
}

impl Routing {
    /// The kind name.
    pub fn kind(&self) -> &str {
        match self {
            Routing::Ingress(_) => "Ingress",
            Routing::IngressClass(_) => "IngressClass",
            Routing::Gateway(_) => "Gateway",
            Routing::Route(r) => r.kind.as_str(),
            Routing::ReferenceGrant(_) => "ReferenceGrant",
        }
    }

    /// The metadata.
    pub fn meta(&self) -> &ObjectMeta {
        match self {
            Routing::Ingress(o) => &o.meta,
            Routing::IngressClass(o) => &o.meta,
            Routing::Gateway(o) => &o.meta,
            Routing::Route(o) => &o.meta,
            Routing::ReferenceGrant(o) => &o.meta,
        }
    }
}

/// The port of an Ingress Service backend: a number or a name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum BackendPort {
    /// `port.number`.
    Number(i64),
    /// `port.name`.
    Name(String),
}

/// An Ingress backend (`defaultBackend`, or a path's `backend`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct IngressBackend {
    /// `service.name`, when a Service backend.
    pub service: Option<String>,
    /// `service.port`.
    pub port: Option<BackendPort>,
    /// `resource` (kind/name), when a resource backend.
    pub resource: Option<String>,
    /// Where the backend is written.
    pub span: Span,
    /// Where the value of `service.port.number` (or `.name`) is written.
    pub port_span: Option<Span>,
}

/// An Ingress path.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct IngressPath {
    /// `path` ("" when not written).
    pub path: String,
    /// `pathType`: Exact, Prefix or ImplementationSpecific.
    pub path_type: String,
    /// `backend`.
    pub backend: IngressBackend,
}

/// An Ingress rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct IngressRule {
    /// `host` ("" for every host).
    pub host: String,
    /// `http.paths`.
    pub paths: Vec<IngressPath>,
}

/// An Ingress.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Ingress {
    /// Metadata.
    pub meta: ObjectMeta,
    /// `spec.ingressClassName`.
    pub class_name: Option<String>,
    /// `spec.defaultBackend`.
    pub default_backend: Option<IngressBackend>,
    /// `spec.rules`.
    pub rules: Vec<IngressRule>,
    /// The hosts of `spec.tls[].hosts`.
    pub tls_hosts: Vec<String>,
    /// Where the object is.
    pub span: Span,
}

/// An IngressClass.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct IngressClass {
    /// Metadata.
    pub meta: ObjectMeta,
    /// `spec.controller`.
    pub controller: String,
}

/// Which namespaces a listener accepts routes from (`allowedRoutes.namespaces.from`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub enum FromNamespaces {
    /// `Same` (the default): the Gateway's namespace.
    #[default]
    Same,
    /// `All`.
    All,
    /// `Selector`: namespaces whose labels match.
    Selector(LabelSelector),
}

/// A Gateway listener.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Listener {
    /// `name`.
    pub name: String,
    /// `protocol`: HTTP, HTTPS, TLS, TCP, UDP.
    pub protocol: String,
    /// `port`.
    pub port: i64,
    /// `hostname`, when written.
    pub hostname: Option<String>,
    /// `allowedRoutes.namespaces`.
    pub from: FromNamespaces,
    /// `allowedRoutes.kinds[].kind` (empty: the kinds of the protocol).
    pub kinds: Vec<String>,
    /// Where the listener is.
    pub span: Span,
}

/// A Gateway.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Gateway {
    /// Metadata.
    pub meta: ObjectMeta,
    /// `spec.gatewayClassName`.
    pub class_name: String,
    /// `spec.listeners`.
    pub listeners: Vec<Listener>,
    /// Where the object is.
    pub span: Span,
}

/// A route's `parentRefs` entry.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ParentRef {
    /// `group` (default `gateway.networking.k8s.io`).
    pub group: String,
    /// `kind` (default `Gateway`).
    pub kind: String,
    /// `namespace` (default: the route's).
    pub namespace: String,
    /// `name`.
    pub name: String,
    /// `sectionName`: a listener's name.
    pub section_name: Option<String>,
    /// `port`.
    pub port: Option<i64>,
    /// Where it is written.
    pub span: Span,
}

/// How a value is compared (`type` of path, header, query matches).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub enum MatchKind {
    /// `Exact`.
    #[default]
    Exact,
    /// `PathPrefix` (paths only).
    PathPrefix,
    /// `RegularExpression`: implementation-specific.
    RegularExpression,
}

/// One `matches` entry of an HTTPRoute (or GRPCRoute) rule.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RouteMatch {
    /// `path` (type, value); an HTTPRoute defaults to `PathPrefix /`.
    pub path: Option<(MatchKind, String)>,
    /// `headers` (type, name, value).
    pub headers: Vec<(MatchKind, String, String)>,
    /// `queryParams` (type, name, value).
    pub query: Vec<(MatchKind, String, String)>,
    /// `method`.
    pub method: Option<String>,
    /// A GRPCRoute's `method` (service, method), either may be absent.
    pub grpc: Option<(Option<String>, Option<String>)>,
}

/// A route's `backendRefs` entry.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct BackendRef {
    /// `group` ("" for core).
    pub group: String,
    /// `kind` (default `Service`).
    pub kind: String,
    /// `name`.
    pub name: String,
    /// `namespace`, when written.
    pub namespace: Option<String>,
    /// `port`.
    pub port: Option<i64>,
    /// `weight` (default 1).
    pub weight: i64,
    /// Where it is written.
    pub span: Span,
    /// Where `port` is written.
    pub port_span: Option<Span>,
}

/// A route rule.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RouteRule {
    /// `matches`.
    pub matches: Vec<RouteMatch>,
    /// `backendRefs`.
    pub backends: Vec<BackendRef>,
}

/// Whether a route is an HTTPRoute or a GRPCRoute.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub enum RouteKind {
    /// `HTTPRoute`.
    #[default]
    Http,
    /// `GRPCRoute`.
    Grpc,
}

impl RouteKind {
    /// The kind name.
    pub fn as_str(self) -> &'static str {
        match self {
            RouteKind::Http => "HTTPRoute",
            RouteKind::Grpc => "GRPCRoute",
        }
    }
}

/// An HTTPRoute or GRPCRoute.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Route {
    /// Which kind.
    pub kind: RouteKind,
    /// Metadata.
    pub meta: ObjectMeta,
    /// `spec.parentRefs`.
    pub parent_refs: Vec<ParentRef>,
    /// `spec.hostnames`.
    pub hostnames: Vec<String>,
    /// `spec.rules`.
    pub rules: Vec<RouteRule>,
    /// Where the object is.
    pub span: Span,
}

/// A ReferenceGrant's `from` entry.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct GrantFrom {
    /// `group`.
    pub group: String,
    /// `kind`.
    pub kind: String,
    /// `namespace`.
    pub namespace: String,
}

/// A ReferenceGrant's `to` entry.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct GrantTo {
    /// `group` ("" for core).
    pub group: String,
    /// `kind`.
    pub kind: String,
    /// `name`, when only one object is granted.
    pub name: Option<String>,
}

/// A ReferenceGrant.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ReferenceGrant {
    /// Metadata.
    pub meta: ObjectMeta,
    /// `spec.from`.
    pub from: Vec<GrantFrom>,
    /// `spec.to`.
    pub to: Vec<GrantTo>,
}

impl Shift for IngressBackend {
    fn shift(&mut self, lines: usize, bytes: usize) {
        self.span.shift(lines, bytes);
        self.port_span.shift(lines, bytes);
    }
}

impl Shift for BackendRef {
    fn shift(&mut self, lines: usize, bytes: usize) {
        self.span.shift(lines, bytes);
        self.port_span.shift(lines, bytes);
    }
}

impl Shift for Routing {
    fn shift(&mut self, lines: usize, bytes: usize) {
        match self {
            Routing::Ingress(i) => {
                i.meta.shift(lines, bytes);
                i.span.shift(lines, bytes);
                i.default_backend.shift(lines, bytes);
                for r in &mut i.rules {
                    for p in &mut r.paths {
                        p.backend.shift(lines, bytes);
                    }
                }
            }
            Routing::IngressClass(c) => c.meta.shift(lines, bytes),
            Routing::Gateway(g) => {
                g.meta.shift(lines, bytes);
                g.span.shift(lines, bytes);
                for l in &mut g.listeners {
                    l.span.shift(lines, bytes);
                }
            }
            Routing::Route(r) => {
                r.meta.shift(lines, bytes);
                r.span.shift(lines, bytes);
                for p in &mut r.parent_refs {
                    p.span.shift(lines, bytes);
                }
                for rule in &mut r.rules {
                    rule.backends.shift(lines, bytes);
                }
            }
            Routing::ReferenceGrant(g) => g.meta.shift(lines, bytes),
        }
    }
}
