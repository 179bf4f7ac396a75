//! Decoding Ingresses, IngressClasses, Gateways, HTTPRoutes, GRPCRoutes and
//! ReferenceGrants; a wrong type is reported at its field and read as absent.

use super::{decode_label_selector, get, Decoder};
use crate::engine::base::diagnostics::DiagnosticCode;
use crate::engine::base::source::Span;
use crate::engine::model::routing::*;
use crate::engine::model::ObjectMeta;
use crate::engine::yaml::Node;

/// The top-level fields of every routing kind.
pub const TOP_FIELDS: &[&str] = &["apiVersion", "kind", "metadata", "spec", "status"];

/// The routing kind `kind` of `api_version` decodes as, if it is one svcmap
/// models (`Ingress`, `IngressClass` of `networking.k8s.io`; `Gateway`,
/// `HTTPRoute`, `GRPCRoute`, `ReferenceGrant` of `gateway.networking.k8s.io`).
pub fn is_routing_kind(api_version: &str, kind: &str) -> bool {
    let group = api_version.split('/').next().unwrap_or("");
    match kind {
        "Ingress" | "IngressClass" => group == "networking.k8s.io",
        "Gateway" | "HTTPRoute" | "GRPCRoute" | "ReferenceGrant" => {
            group == "gateway.networking.k8s.io"
        }
        _ => false,
    }
}

/// Decodes one routing object of `kind` (see [`is_routing_kind`]).
pub fn decode_routing(
    d: &mut Decoder<'_>,
    kind: &str,
    f: &[(Node, Node)],
    meta: ObjectMeta,
    span: Span,
) -> Routing {
    let spec = get(f, "spec");
    match kind {
        "Ingress" => Routing::Ingress(decode_ingress(d, spec, meta, span)),
        "IngressClass" => {
            let sf = spec.map_or(&[][..], |s| {
                d.fields(s, "spec", &["controller", "parameters"])
            });
            Routing::IngressClass(IngressClass {
                controller: d
                    .string(get(sf, "controller"), "spec.controller")
                    .unwrap_or_default(),
                meta,
            })
        }
        "Gateway" => Routing::Gateway(decode_gateway(d, spec, meta, span)),
        "ReferenceGrant" => Routing::ReferenceGrant(decode_grant(d, spec, meta)),
        _ => Routing::Route(decode_route(d, kind, spec, meta, span)),
    }
}

fn decode_ingress_backend(d: &mut Decoder<'_>, node: &Node, path: &str) -> IngressBackend {
    let f = d.fields(node, path, &["service", "resource"]);
    let mut b = IngressBackend {
        span: node.span,
        ..IngressBackend::default()
    };
    if let Some(s) = get(f, "service") {
        let sp = format!("{path}.service");
        let sf = d.fields(s, &sp, &["name", "port"]);
        b.service = d.string(get(sf, "name"), &format!("{sp}.name"));
        if let Some(p) = get(sf, "port") {
            let pf = d.fields(p, &format!("{sp}.port"), &["name", "number"]);
            // The value written, where a fix edits it.
            b.port_span = Some(get(pf, "number").or(get(pf, "name")).unwrap_or(p).span);
            let number = d.int(get(pf, "number"), &format!("{sp}.port.number"));
            let name = d.string(get(pf, "name"), &format!("{sp}.port.name"));
            b.port = match (number, name) {
                (Some(n), _) => Some(BackendPort::Number(n)),
                (None, Some(n)) => Some(BackendPort::Name(n)),
                _ => None,
            };
        }
        if b.service.is_none() {
            d.error(
                DiagnosticCode::MissingField,
                format!("`{sp}.name` is required"),
                s,
            );
        }
    }
    if let Some(r) = get(f, "resource") {
        let rp = format!("{path}.resource");
        let rf = d.fields(r, &rp, &["apiGroup", "kind", "name"]);
        let kind = d
            .string(get(rf, "kind"), &format!("{rp}.kind"))
            .unwrap_or_default();
        let name = d
            .string(get(rf, "name"), &format!("{rp}.name"))
            .unwrap_or_default();
        b.resource = Some(format!("{kind}/{name}"));
    }
    b
}

fn decode_ingress(
    d: &mut Decoder<'_>,
    spec: Option<&Node>,
    meta: ObjectMeta,
    span: Span,
) -> Ingress {
    let mut ing = Ingress {
        meta,
        span,
        ..Ingress::default()
    };
    let Some(spec) = spec else { return ing };
    let sf = d.fields(
        spec,
        "spec",
        &["ingressClassName", "defaultBackend", "rules", "tls"],
    );
    ing.class_name = d.string(get(sf, "ingressClassName"), "spec.ingressClassName");
    ing.default_backend = get(sf, "defaultBackend")
        .filter(|n| !n.is_null())
        .map(|n| decode_ingress_backend(d, n, "spec.defaultBackend"));
    for (i, t) in d.list(get(sf, "tls"), "spec.tls").iter().enumerate() {
        let tp = format!("spec.tls[{i}]");
        let tf = d.fields(t, &tp, &["hosts", "secretName"]);
        let hosts = d.strings(get(tf, "hosts"), &format!("{tp}.hosts"));
        ing.tls_hosts.extend(hosts);
    }
    for (i, r) in d.list(get(sf, "rules"), "spec.rules").iter().enumerate() {
        let rp = format!("spec.rules[{i}]");
        let rf = d.fields(r, &rp, &["host", "http"]);
        let host = d
            .string(get(rf, "host"), &format!("{rp}.host"))
            .unwrap_or_default();
        let mut paths = Vec::new();
        if let Some(http) = get(rf, "http") {
            let hf = d.fields(http, &format!("{rp}.http"), &["paths"]);
            for (j, p) in d
                .list(get(hf, "paths"), &format!("{rp}.http.paths"))
                .iter()
                .enumerate()
            {
                let pp = format!("{rp}.http.paths[{j}]");
                let pf = d.fields(p, &pp, &["path", "pathType", "backend"]);
                let path = d
                    .string(get(pf, "path"), &format!("{pp}.path"))
                    .unwrap_or_default();
                let path_type = match get(pf, "pathType") {
                    Some(t) => match d.string(Some(t), &format!("{pp}.pathType")) {
                        Some(s)
                            if matches!(
                                s.as_str(),
                                "Exact" | "Prefix" | "ImplementationSpecific"
                            ) =>
                        {
                            s
                        }
                        Some(s) => {
                            d.error(
                                DiagnosticCode::InvalidValue,
                                format!("`{pp}.pathType` \"{s}\" is not one of Exact, Prefix, ImplementationSpecific"),
                                t,
                            );
                            continue;
                        }
                        None => continue,
                    },
                    None => {
                        d.error(
                            DiagnosticCode::MissingField,
                            format!("`{pp}.pathType` is required"),
                            p,
                        );
                        continue;
                    }
                };
                let Some(b) = get(pf, "backend") else {
                    d.error(
                        DiagnosticCode::MissingField,
                        format!("`{pp}.backend` is required"),
                        p,
                    );
                    continue;
                };
                let backend = decode_ingress_backend(d, b, &format!("{pp}.backend"));
                paths.push(IngressPath {
                    path,
                    path_type,
                    backend,
                });
            }
        }
        ing.rules.push(IngressRule { host, paths });
    }
    ing
}

fn decode_gateway(
    d: &mut Decoder<'_>,
    spec: Option<&Node>,
    meta: ObjectMeta,
    span: Span,
) -> Gateway {
    let mut gw = Gateway {
        meta,
        span,
        ..Gateway::default()
    };
    let Some(spec) = spec else { return gw };
    let sf = d.fields(
        spec,
        "spec",
        &[
            "gatewayClassName",
            "listeners",
            "addresses",
            "infrastructure",
            "backendTLS",
            "allowedListeners",
            "tls",
            "defaultScope",
        ],
    );
    gw.class_name = d
        .string(get(sf, "gatewayClassName"), "spec.gatewayClassName")
        .unwrap_or_default();
    for (i, l) in d
        .list(get(sf, "listeners"), "spec.listeners")
        .iter()
        .enumerate()
    {
        let lp = format!("spec.listeners[{i}]");
        let lf = d.fields(
            l,
            &lp,
            &[
                "name",
                "hostname",
                "port",
                "protocol",
                "tls",
                "allowedRoutes",
            ],
        );
        let mut listener = Listener {
            name: d
                .string(get(lf, "name"), &format!("{lp}.name"))
                .unwrap_or_default(),
            protocol: d
                .string(get(lf, "protocol"), &format!("{lp}.protocol"))
                .unwrap_or_default(),
            port: d.int(get(lf, "port"), &format!("{lp}.port")).unwrap_or(0),
            hostname: d.string(get(lf, "hostname"), &format!("{lp}.hostname")),
            span: l.span,
            ..Listener::default()
        };
        if let Some(ar) = get(lf, "allowedRoutes") {
            let ap = format!("{lp}.allowedRoutes");
            let af = d.fields(ar, &ap, &["namespaces", "kinds"]);
            if let Some(ns) = get(af, "namespaces") {
                let np = format!("{ap}.namespaces");
                let nf = d.fields(ns, &np, &["from", "selector"]);
                listener.from = match d.string(get(nf, "from"), &format!("{np}.from")).as_deref() {
                    Some("All") => FromNamespaces::All,
                    Some("Selector") => FromNamespaces::Selector(
                        get(nf, "selector")
                            .map(|s| decode_label_selector(d, s, &format!("{np}.selector")))
                            .unwrap_or_default(),
                    ),
                    None | Some("Same") => FromNamespaces::Same,
                    Some(other) => {
                        if let Some(n) = get(nf, "from") {
                            d.error(
                                DiagnosticCode::InvalidValue,
                                format!(
                                    "`{np}.from` \"{other}\" is not one of All, Same, Selector"
                                ),
                                n,
                            );
                        }
                        FromNamespaces::Same
                    }
                };
            }
            for (j, k) in d
                .list(get(af, "kinds"), &format!("{ap}.kinds"))
                .iter()
                .enumerate()
            {
                let kp = format!("{ap}.kinds[{j}]");
                let kf = d.fields(k, &kp, &["group", "kind"]);
                if let Some(kind) = d.string(get(kf, "kind"), &format!("{kp}.kind")) {
                    listener.kinds.push(kind);
                }
            }
        }
        gw.listeners.push(listener);
    }
    gw
}

fn match_kind(
    d: &mut Decoder<'_>,
    node: Option<&Node>,
    path: &str,
    default: MatchKind,
) -> MatchKind {
    match d.string(node, path).as_deref() {
        None => default,
        Some("Exact") => MatchKind::Exact,
        Some("PathPrefix") => MatchKind::PathPrefix,
        Some("RegularExpression") => MatchKind::RegularExpression,
        Some(other) => {
            if let Some(n) = node {
                d.error(
                    DiagnosticCode::InvalidValue,
                    format!(
                        "`{path}` \"{other}\" is not one of Exact, PathPrefix, RegularExpression"
                    ),
                    n,
                );
            }
            default
        }
    }
}

fn name_value_matches(
    d: &mut Decoder<'_>,
    node: Option<&Node>,
    path: &str,
) -> Vec<(MatchKind, String, String)> {
    let mut out = Vec::new();
    for (i, h) in d.list(node, path).iter().enumerate() {
        let hp = format!("{path}[{i}]");
        let hf = d.fields(h, &hp, &["type", "name", "value"]);
        let kind = match_kind(d, get(hf, "type"), &format!("{hp}.type"), MatchKind::Exact);
        let name = d
            .string(get(hf, "name"), &format!("{hp}.name"))
            .unwrap_or_default();
        let value = d
            .string(get(hf, "value"), &format!("{hp}.value"))
            .unwrap_or_default();
        out.push((kind, name, value));
    }
    out
}

fn decode_route(
    d: &mut Decoder<'_>,
    kind: &str,
    spec: Option<&Node>,
    meta: ObjectMeta,
    span: Span,
) -> Route {
    let grpc = kind == "GRPCRoute";
    let mut route = Route {
        kind: if grpc {
            RouteKind::Grpc
        } else {
            RouteKind::Http
        },
        meta,
        span,
        ..Route::default()
    };
    let Some(spec) = spec else { return route };
    let sf = d.fields(
        spec,
        "spec",
        &["parentRefs", "hostnames", "rules", "useDefaultGateways"],
    );
    for (i, p) in d
        .list(get(sf, "parentRefs"), "spec.parentRefs")
        .iter()
        .enumerate()
    {
        let pp = format!("spec.parentRefs[{i}]");
        let pf = d.fields(
            p,
            &pp,
            &["group", "kind", "namespace", "name", "sectionName", "port"],
        );
        route.parent_refs.push(ParentRef {
            group: d
                .string(get(pf, "group"), &format!("{pp}.group"))
                .unwrap_or_else(|| "gateway.networking.k8s.io".into()),
            kind: d
                .string(get(pf, "kind"), &format!("{pp}.kind"))
                .unwrap_or_else(|| "Gateway".into()),
            namespace: d
                .string(get(pf, "namespace"), &format!("{pp}.namespace"))
                .unwrap_or_else(|| route.meta.namespace.clone()),
            name: d
                .string(get(pf, "name"), &format!("{pp}.name"))
                .unwrap_or_default(),
            section_name: d.string(get(pf, "sectionName"), &format!("{pp}.sectionName")),
            port: d.int(get(pf, "port"), &format!("{pp}.port")),
            span: p.span,
        });
    }
    route.hostnames = d.strings(get(sf, "hostnames"), "spec.hostnames");
    for (i, r) in d.list(get(sf, "rules"), "spec.rules").iter().enumerate() {
        let rp = format!("spec.rules[{i}]");
        let rf = d.fields(
            r,
            &rp,
            &[
                "name",
                "matches",
                "filters",
                "backendRefs",
                "timeouts",
                "retry",
                "sessionPersistence",
            ],
        );
        let mut rule = RouteRule::default();
        for (j, m) in d
            .list(get(rf, "matches"), &format!("{rp}.matches"))
            .iter()
            .enumerate()
        {
            let mp = format!("{rp}.matches[{j}]");
            let mf = d.fields(m, &mp, &["path", "headers", "queryParams", "method"]);
            let mut rm = RouteMatch {
                headers: name_value_matches(d, get(mf, "headers"), &format!("{mp}.headers")),
                query: name_value_matches(d, get(mf, "queryParams"), &format!("{mp}.queryParams")),
                ..RouteMatch::default()
            };
            if grpc {
                if let Some(mm) = get(mf, "method") {
                    let mmp = format!("{mp}.method");
                    let mmf = d.fields(mm, &mmp, &["type", "service", "method"]);
                    let service = d.string(get(mmf, "service"), &format!("{mmp}.service"));
                    let method = d.string(get(mmf, "method"), &format!("{mmp}.method"));
                    rm.grpc = Some((service, method));
                }
            } else {
                rm.method = d.string(get(mf, "method"), &format!("{mp}.method"));
                if let Some(p) = get(mf, "path") {
                    let pp = format!("{mp}.path");
                    let pf = d.fields(p, &pp, &["type", "value"]);
                    let kind = match_kind(
                        d,
                        get(pf, "type"),
                        &format!("{pp}.type"),
                        MatchKind::PathPrefix,
                    );
                    let value = d
                        .string(get(pf, "value"), &format!("{pp}.value"))
                        .unwrap_or_else(|| "/".into());
                    rm.path = Some((kind, value));
                }
            }
            rule.matches.push(rm);
        }
        for (j, b) in d
            .list(get(rf, "backendRefs"), &format!("{rp}.backendRefs"))
            .iter()
            .enumerate()
        {
            let bp = format!("{rp}.backendRefs[{j}]");
            let bf = d.fields(
                b,
                &bp,
                &[
                    "group",
                    "kind",
                    "name",
                    "namespace",
                    "port",
                    "weight",
                    "filters",
                ],
            );
            rule.backends.push(BackendRef {
                group: d
                    .string(get(bf, "group"), &format!("{bp}.group"))
                    .unwrap_or_default(),
                kind: d
                    .string(get(bf, "kind"), &format!("{bp}.kind"))
                    .unwrap_or_else(|| "Service".into()),
                name: d
                    .string(get(bf, "name"), &format!("{bp}.name"))
                    .unwrap_or_default(),
                namespace: d.string(get(bf, "namespace"), &format!("{bp}.namespace")),
                port: d.int(get(bf, "port"), &format!("{bp}.port")),
                weight: d
                    .int(get(bf, "weight"), &format!("{bp}.weight"))
                    .unwrap_or(1),
                span: b.span,
                port_span: get(bf, "port").map(|n| n.span),
            });
        }
        route.rules.push(rule);
    }
    route
}

fn decode_grant(d: &mut Decoder<'_>, spec: Option<&Node>, meta: ObjectMeta) -> ReferenceGrant {
    let mut g = ReferenceGrant {
        meta,
        ..ReferenceGrant::default()
    };
    let Some(spec) = spec else { return g };
    let sf = d.fields(spec, "spec", &["from", "to"]);
    for (i, f) in d.list(get(sf, "from"), "spec.from").iter().enumerate() {
        let p = format!("spec.from[{i}]");
        let ff = d.fields(f, &p, &["group", "kind", "namespace"]);
        g.from.push(GrantFrom {
            group: d
                .string(get(ff, "group"), &format!("{p}.group"))
                .unwrap_or_default(),
            kind: d
                .string(get(ff, "kind"), &format!("{p}.kind"))
                .unwrap_or_default(),
            namespace: d
                .string(get(ff, "namespace"), &format!("{p}.namespace"))
                .unwrap_or_default(),
        });
    }
    for (i, t) in d.list(get(sf, "to"), "spec.to").iter().enumerate() {
        let p = format!("spec.to[{i}]");
        let tf = d.fields(t, &p, &["group", "kind", "name"]);
        g.to.push(GrantTo {
            group: d
                .string(get(tf, "group"), &format!("{p}.group"))
                .unwrap_or_default(),
            kind: d
                .string(get(tf, "kind"), &format!("{p}.kind"))
                .unwrap_or_default(),
            name: d.string(get(tf, "name"), &format!("{p}.name")),
        });
    }
    g
}
