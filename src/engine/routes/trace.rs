//! Tracing a request from its URL through a Gateway listener and route, or
//! an Ingress rule, to Service ports and the pods behind them.

use super::backends::{
    resolve_ingress_backend, resolve_route_backend, service_index, ResolvedBackend, ServiceIndex,
};
use super::hostname::{gateway_host_matches, ingress_host_matches, specificity};
use super::ingress_class::{ingress_class_of, ClassOf};
use super::matching::{match_precedence, request_matches};
use super::path::{ingress_path_matches, PathMatch};
use super::request::Request;
use super::table::RoutingTable;
use crate::engine::controllers::resolve::EndpointState;
use crate::engine::controllers::resolved::ResolvedService;
use crate::engine::model::routing::{IngressBackend, RouteMatch};
use crate::engine::model::Object;
use crate::engine::sim::workloads::SimPod;
use serde::Serialize;

/// How a traced request ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Verdict {
    /// A backend with ready endpoints answers.
    #[serde(rename = "ok")]
    Ok,
    /// No Gateway listener and no Ingress takes the host.
    #[serde(rename = "no-route")]
    NoRoute,
    /// The host is taken, but no rule matches the request.
    #[serde(rename = "404")]
    NotFound,
    /// A rule matches, but its backends lead nowhere or have no ready endpoint.
    #[serde(rename = "503")]
    Unavailable,
}

impl Verdict {
    /// The verdict as printed.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Ok => "ok",
            Verdict::NoRoute => "no-route",
            Verdict::NotFound => "404",
            Verdict::Unavailable => "503",
        }
    }
}

/// One step of a trace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Hop {
    /// Gateway, Listener, HTTPRoute, GRPCRoute, Ingress, IngressClass, Service.
    pub kind: String,
    /// `namespace/name` (a listener: `namespace/gateway/listener`).
    pub name: String,
    /// What happened there.
    pub detail: String,
}

/// A Service port a traced request may reach.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TraceBackend {
    /// `namespace/name`.
    pub service: String,
    /// The Service port (0 when unknown).
    pub port: i64,
    /// Its weight.
    pub weight: i64,
    /// The ready pods behind it (`namespace/name`).
    pub pods: Vec<String>,
}

/// Where a request goes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Trace {
    /// The request's URL.
    pub url: String,
    /// The verdict.
    pub verdict: Verdict,
    /// Why, in a sentence.
    pub reason: String,
    /// Each step.
    pub hops: Vec<Hop>,
    /// The backends of the rule that matched.
    pub backends: Vec<TraceBackend>,
}

fn hop(kind: &str, name: String, detail: String) -> Hop {
    Hop {
        kind: kind.into(),
        name,
        detail,
    }
}

/// The ready pods behind port `port_name` of a Service.
fn ready_pods(svc: &ResolvedService, port_name: &str, pods: &[SimPod]) -> Vec<String> {
    svc.backends
        .iter()
        .filter(|b| b.state == EndpointState::Ready)
        .filter(|b| {
            b.ports
                .iter()
                .any(|p| p.name == port_name && p.target.is_some())
        })
        .filter_map(|b| pods.get(b.pod))
        .map(|p| format!("{}/{}", p.pod.meta.namespace, p.pod.meta.name))
        .collect()
}

/// The backends' hops, their trace entries and the verdict they give.
fn finish_backends(
    url: String,
    mut hops: Vec<Hop>,
    resolved: Vec<ResolvedBackend>,
    services: &[ResolvedService],
    pods: &[SimPod],
    what: &str,
) -> Trace {
    let mut backends = Vec::new();
    let mut serving = 0i64;
    let mut total = 0i64;
    let mut broken = Vec::new();
    for b in &resolved {
        let name = format!("{}/{}", b.namespace, b.name);
        total += b.weight.max(0);
        let mut ready = Vec::new();
        match (&b.problem, b.service) {
            (Some(p), _) => {
                let detail = match p {
                    super::backends::BackendProblem::PortNotFound { written, have, .. } => {
                        format!(
                            "{}: no port {written} (it has {})",
                            p.reason(),
                            have.join(", ")
                        )
                    }
                    super::backends::BackendProblem::InvalidKind(k)
                    | super::backends::BackendProblem::Resource(k) => {
                        format!("{}: {k} is not a Service", p.reason())
                    }
                    super::backends::BackendProblem::ServiceNotFound => {
                        format!("{}: no Service {name} in the input", p.reason())
                    }
                    super::backends::BackendProblem::NoPort => {
                        format!("{}: no port given", p.reason())
                    }
                    super::backends::BackendProblem::RefNotPermitted => {
                        format!(
                            "{}: no ReferenceGrant in {} allows it",
                            p.reason(),
                            b.namespace
                        )
                    }
                };
                broken.push(format!("{name} ({detail})"));
                hops.push(hop("Service", name.clone(), detail));
            }
            (None, Some(i)) => {
                ready = ready_pods(&services[i], &b.port_name, pods);
                let external = services[i]
                    .external
                    .iter()
                    .filter(|e| e.state == EndpointState::Ready)
                    .count();
                let detail = format!(
                    "port {}{}: {} ready endpoint{}",
                    b.port.unwrap_or(0),
                    if b.port_name.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", b.port_name)
                    },
                    ready.len() + external,
                    if ready.len() + external == 1 { "" } else { "s" }
                );
                if ready.is_empty() && external == 0 {
                    broken.push(format!("{name} (no ready endpoints)"));
                } else if b.weight > 0 {
                    serving += b.weight;
                }
                hops.push(hop(
                    "Service",
                    name.clone(),
                    format!("weight {}, {detail}", b.weight),
                ));
            }
            (None, None) => {}
        }
        backends.push(TraceBackend {
            service: name,
            port: b.port.unwrap_or(0),
            weight: b.weight,
            pods: ready,
        });
    }
    let (verdict, reason) = if resolved.is_empty() {
        (Verdict::Unavailable, format!("{what} has no backends"))
    } else if total == 0 {
        (
            Verdict::Unavailable,
            format!("every backend of {what} has weight 0"),
        )
    } else if serving == 0 {
        (
            Verdict::Unavailable,
            format!("no backend of {what} answers: {}", broken.join("; ")),
        )
    } else if serving < total {
        (
            Verdict::Ok,
            format!(
                "{serving} of {total} parts of the traffic reach ready endpoints; the rest fails: {}",
                broken.join("; ")
            ),
        )
    } else {
        (Verdict::Ok, format!("{what} reaches ready endpoints"))
    };
    Trace {
        url,
        verdict,
        reason,
        hops,
        backends,
    }
}

/// Where `req` goes. Through a Gateway first: the listeners taking the
/// request's scheme (HTTP or HTTPS) and host, those on the URL's port first,
/// then the most specific hostname (Gateway API, `Listener.Hostname`; the
/// port of a `Host` header is not matched), then among the routes attached
/// there and serving the host, the matching rule of highest precedence
/// across all those routes ([`match_precedence`], then the route
/// hostname's specificity, then `{namespace}/{name}`, then rule order —
/// `HTTPRouteRule.Matches` and `HTTPRouteSpec.Hostnames`,
/// apis/v1/httproute_types.go; the conformance test
/// `HTTPRouteMatchingAcrossRoutes` puts the match before the hostname). Without a listener
/// for the host (and no `gateway` chosen): the Ingresses, whose rules match
/// the host ([`ingress_host_matches`], exact hosts before wildcards) and
/// the path (Exact, then the longest prefix), else a `defaultBackend`.
/// `gateway` (`namespace`, `name`) restricts the trace to one Gateway.
pub fn trace(
    objects: &[Object],
    services: &[ResolvedService],
    pods: &[SimPod],
    req: &Request,
    gateway: Option<(&str, &str)>,
) -> Trace {
    let table = RoutingTable::new(objects);
    let index = service_index(services);
    if let Some(t) = trace_gateway(&table, services, &index, pods, req, gateway) {
        return t;
    }
    if gateway.is_none() {
        if let Some(t) = trace_ingress(&table, services, &index, pods, req) {
            return t;
        }
    }
    let reason = match gateway {
        Some((ns, name)) => format!("no listener of Gateway {ns}/{name} takes {}://{}:{}", req.scheme, req.host, req.port),
        None => format!(
            "no Gateway listener and no Ingress rule takes the host {} ({} Gateways, {} Ingresses read)",
            req.host,
            table.gateways.len(),
            table.ingresses.len()
        ),
    };
    Trace {
        url: req.url(),
        verdict: Verdict::NoRoute,
        reason,
        hops: Vec::new(),
        backends: Vec::new(),
    }
}

fn trace_gateway(
    table: &RoutingTable<'_>,
    services: &[ResolvedService],
    index: &ServiceIndex<'_>,
    pods: &[SimPod],
    req: &Request,
    only: Option<(&str, &str)>,
) -> Option<Trace> {
    let protocol = if req.scheme == "https" {
        "HTTPS"
    } else {
        "HTTP"
    };
    // The most specific listener taking the request.
    let (gi, li) = table
        .gateways
        .iter()
        .enumerate()
        .filter(|(_, g)| only.is_none_or(|(ns, n)| g.meta.namespace == ns && g.meta.name == n))
        .flat_map(|(gi, g)| {
            g.listeners
                .iter()
                .enumerate()
                .map(move |(li, l)| (gi, li, l))
        })
        .filter(|(_, _, l)| l.protocol == protocol)
        .filter(|(_, _, l)| {
            l.hostname
                .as_deref()
                .is_none_or(|h| gateway_host_matches(h, &req.host))
        })
        .max_by_key(|(gi, li, l)| {
            (
                l.port == req.port,
                specificity(l.hostname.as_deref()),
                usize::MAX - gi,
                usize::MAX - li,
            )
        })
        .map(|(gi, li, _)| (gi, li))?;
    let gw = table.gateways[gi];
    let listener = &gw.listeners[li];
    let gw_name = format!("{}/{}", gw.meta.namespace, gw.meta.name);
    let mut hops = vec![
        hop(
            "Gateway",
            gw_name.clone(),
            format!(
                "class {}",
                if gw.class_name.is_empty() {
                    "(none)"
                } else {
                    &gw.class_name
                }
            ),
        ),
        hop(
            "Listener",
            format!("{gw_name}/{}", listener.name),
            format!(
                "{} port {}, hostname {}",
                listener.protocol,
                listener.port,
                listener.hostname.as_deref().unwrap_or("(any)")
            ),
        ),
    ];
    // (rank, route index, rule index) of every matching rule.
    type Rank = ((u8, usize, bool, usize, usize), (u8, usize));
    let mut best: Option<(Rank, usize, usize, String)> = None;
    let mut attached = 0usize;
    for (ri, route) in table.routes.iter().enumerate() {
        let Some(att) = table.parents[ri]
            .iter()
            .filter(|p| p.gateway == Some(gi))
            .filter_map(|p| p.result.as_ref().ok())
            .flatten()
            .find(|a| a.listener == li)
        else {
            continue;
        };
        attached += 1;
        let host_rank = match &att.hostnames {
            None => Some((0, 0)),
            Some(hs) => hs
                .iter()
                .filter(|h| gateway_host_matches(h, &req.host))
                .map(|h| specificity(Some(h)))
                .max(),
        };
        let Some(host_rank) = host_rank else { continue };
        let default_match = [RouteMatch {
            path: Some((
                crate::engine::model::routing::MatchKind::PathPrefix,
                "/".into(),
            )),
            ..RouteMatch::default()
        }];
        for (rule_i, rule) in route.rules.iter().enumerate() {
            let matches: &[RouteMatch] = if rule.matches.is_empty() {
                &default_match
            } else {
                &rule.matches
            };
            for m in matches.iter().filter(|m| request_matches(m, req)) {
                let rank = (match_precedence(m), host_rank);
                let better = match &best {
                    None => true,
                    // Equal ranks: the first route in name order, then the first rule.
                    Some((r, bri, brule, _)) => {
                        rank > *r
                            || (rank == *r && {
                                let key = |i: usize| {
                                    (
                                        table.routes[i].meta.namespace.as_str(),
                                        table.routes[i].meta.name.as_str(),
                                    )
                                };
                                (key(ri), rule_i) < (key(*bri), *brule)
                            })
                    }
                };
                if better {
                    best = Some((rank, ri, rule_i, describe_match(m)));
                }
            }
        }
    }
    let Some((_, ri, rule_i, how)) = best else {
        return Some(Trace {
            url: req.url(),
            verdict: Verdict::NotFound,
            reason: format!(
                "no rule of the {attached} route{} attached to listener {} matches {} {}",
                if attached == 1 { "" } else { "s" },
                listener.name,
                req.method,
                req.path
            ),
            hops,
            backends: Vec::new(),
        });
    };
    let route = table.routes[ri];
    let route_name = format!("{}/{}", route.meta.namespace, route.meta.name);
    hops.push(hop(
        route.kind.as_str(),
        route_name.clone(),
        format!("rule {rule_i}: {how}"),
    ));
    let resolved: Vec<ResolvedBackend> = route.rules[rule_i]
        .backends
        .iter()
        .map(|b| resolve_route_backend(route, b, services, index, &table.grants))
        .collect();
    Some(finish_backends(
        req.url(),
        hops,
        resolved,
        services,
        pods,
        &format!("{} {route_name} rule {rule_i}", route.kind.as_str()),
    ))
}

fn describe_match(m: &RouteMatch) -> String {
    let mut parts = Vec::new();
    if let Some((k, v)) = &m.path {
        parts.push(format!("path {k:?} {v}"));
    }
    if let Some((s, me)) = &m.grpc {
        parts.push(format!(
            "method {}/{}",
            s.as_deref().unwrap_or("*"),
            me.as_deref().unwrap_or("*")
        ));
    }
    if let Some(me) = &m.method {
        parts.push(format!("method {me}"));
    }
    for (_, n, v) in &m.headers {
        parts.push(format!("header {n}: {v}"));
    }
    for (_, n, v) in &m.query {
        parts.push(format!("query {n}={v}"));
    }
    if parts.is_empty() {
        "matches every request".into()
    } else {
        format!("matches {}", parts.join(", "))
    }
}

fn trace_ingress(
    table: &RoutingTable<'_>,
    services: &[ResolvedService],
    index: &ServiceIndex<'_>,
    pods: &[SimPod],
    req: &Request,
) -> Option<Trace> {
    // (host rank, path rank, ingress, rule, path) of the best matching path.
    type Best = ((u8, usize), (u8, usize), usize, usize, usize, PathMatch);
    let mut best: Option<Best> = None;
    let mut host_taken: Option<usize> = None;
    for (ii, ing) in table.ingresses.iter().enumerate() {
        for (ri, rule) in ing.rules.iter().enumerate() {
            if !ingress_host_matches(&rule.host, &req.host) {
                continue;
            }
            let host_rank = specificity(Some(&rule.host));
            host_taken.get_or_insert(ii);
            for (pi, p) in rule.paths.iter().enumerate() {
                let Some(m) = ingress_path_matches(&p.path_type, &p.path, &req.path) else {
                    continue;
                };
                let cand = (host_rank, m.rank(), ii, ri, pi, m);
                if best.as_ref().is_none_or(|b| (cand.0, cand.1) > (b.0, b.1)) {
                    best = Some(cand);
                }
            }
        }
    }
    let class_hop = |ii: usize| {
        let ing = table.ingresses[ii];
        let name = format!("{}/{}", ing.meta.namespace, ing.meta.name);
        let detail = match ingress_class_of(ing, &table.classes) {
            ClassOf::Named(c) => format!("class {c}"),
            ClassOf::Default(c) => format!("class {c} (the default IngressClass)"),
            ClassOf::Missing(c) => format!(
                "class {c}: no IngressClass of that name in the input, no controller serves it"
            ),
            ClassOf::Unknown(c) => format!("class {c} (its IngressClass is not in the input)"),
            ClassOf::None => {
                "no class and no default IngressClass: a controller may ignore it".into()
            }
        };
        hop("Ingress", name, detail)
    };
    let tls_note = |ii: usize| {
        let ing = table.ingresses[ii];
        if req.scheme == "https"
            && !ing
                .tls_hosts
                .iter()
                .any(|h| ingress_host_matches(h, &req.host))
        {
            "; no `spec.tls` entry covers this host: the controller's default certificate answers"
        } else {
            ""
        }
    };
    if let Some((_, _, ii, ri, pi, m)) = best {
        let ing = table.ingresses[ii];
        let p = &ing.rules[ri].paths[pi];
        let mut h = class_hop(ii);
        let how = match m {
            PathMatch::ImplementationSpecific(_) => format!(
                "rule {ri} path {}: ImplementationSpecific, read as Prefix (the controller decides)",
                p.path
            ),
            _ => format!("rule {ri} host {} path {} {}", if ing.rules[ri].host.is_empty() { "*" } else { &ing.rules[ri].host }, p.path_type, p.path),
        };
        h.detail = format!("{}; {how}{}", h.detail, tls_note(ii));
        let resolved = vec![resolve_ingress_backend(
            &ing.meta.namespace,
            &p.backend,
            services,
            index,
        )];
        let name = format!("Ingress {}/{}", ing.meta.namespace, ing.meta.name);
        return Some(finish_backends(
            req.url(),
            vec![h],
            resolved,
            services,
            pods,
            &name,
        ));
    }
    // No path: the defaultBackend of the Ingress that took the host, else of any Ingress.
    let with_default = |ii: usize| {
        table.ingresses[ii]
            .default_backend
            .as_ref()
            .map(|b| (ii, b))
    };
    let default: Option<(usize, &IngressBackend)> = match host_taken {
        Some(ii) => with_default(ii).or_else(|| (0..table.ingresses.len()).find_map(with_default)),
        None => (0..table.ingresses.len()).find_map(with_default),
    };
    if let Some((ii, b)) = default {
        let ing = table.ingresses[ii];
        let mut h = class_hop(ii);
        h.detail = format!("{}; no rule matches: defaultBackend", h.detail);
        let resolved = vec![resolve_ingress_backend(
            &ing.meta.namespace,
            b,
            services,
            index,
        )];
        let name = format!(
            "the defaultBackend of Ingress {}/{}",
            ing.meta.namespace, ing.meta.name
        );
        return Some(finish_backends(
            req.url(),
            vec![h],
            resolved,
            services,
            pods,
            &name,
        ));
    }
    let ii = host_taken?;
    Some(Trace {
        url: req.url(),
        verdict: Verdict::NotFound,
        reason: format!(
            "an Ingress rule takes the host {}, but no path matches {}",
            req.host, req.path
        ),
        hops: vec![class_hop(ii)],
        backends: Vec::new(),
    })
}
