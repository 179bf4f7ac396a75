//! Decoding Services.

use super::{get, Decoder};
use crate::engine::base::diagnostics::{Diagnostic, DiagnosticCode, Severity};
use crate::engine::base::text::did_you_mean;
use crate::engine::model::*;
use crate::engine::model::{schema, validation};
use crate::engine::yaml::Node;

/// The alpha annotation that once made the endpoints controller publish
/// pods that are not ready.
pub const TOLERATE_UNREADY_ANNOTATION: &str =
    "service.alpha.kubernetes.io/tolerate-unready-endpoints";

/// Notes a Service that sets [`TOLERATE_UNREADY_ANNOTATION`] without
/// `publishNotReadyAddresses: true`: today's controllers read only the field
/// (`addEndpointSubset` in `pkg/controller/endpoint/endpoints_controller.go`
/// and `ShouldPodBeInEndpoints` in the staging `endpointslice` utils take
/// `service.Spec.PublishNotReadyAddresses` alone), so its pods that are not
/// ready stay out of the ready addresses and of DNS.
fn note_tolerate_unready_annotation(d: &mut Decoder<'_>, f: &[(Node, Node)], svc: &Service) {
    if svc.publish_not_ready_addresses {
        return;
    }
    let Some(key) = get(f, "metadata")
        .and_then(|m| m.get("annotations"))
        .and_then(Node::as_map)
        .and_then(|a| {
            a.iter()
                .find(|(k, _)| k.scalar_text() == Some(TOLERATE_UNREADY_ANNOTATION))
        })
        .map(|(k, _)| k)
    else {
        return;
    };
    d.push(
        Severity::Info,
        DiagnosticCode::IgnoredAnnotation,
        format!("`{TOLERATE_UNREADY_ANNOTATION}` is not read by the endpoints controllers: pods that are not ready are published only with `spec.publishNotReadyAddresses: true`"),
        key,
    )
    .help = Some("set `spec.publishNotReadyAddresses: true` if peers must find each other before they are ready".into());
}

/// Decodes a Service.
pub fn decode_service(
    d: &mut Decoder<'_>,
    f: &[(Node, Node)],
    meta: ObjectMeta,
    span: crate::engine::base::source::Span,
) -> Service {
    let mut svc = Service {
        meta,
        span,
        ..Service::default()
    };
    let Some(spec) = get(f, "spec") else {
        for e in validation::validate_service(&svc, 0, Some(ServiceType::ClusterIP)) {
            d.diags.push(
                Diagnostic::new(
                    Severity::Error,
                    DiagnosticCode::MissingField,
                    e.message,
                    Some(span),
                )
                .with_object(d.object.clone()),
            );
        }
        return svc;
    };
    let sf = d.fields(spec, "spec", schema::SERVICE_SPEC.names);
    let mut type_known = true;
    if let Some(t) = get(sf, "type") {
        match d.string(Some(t), "spec.type").as_deref() {
            None | Some("ClusterIP") => {}
            Some("NodePort") => svc.service_type = ServiceType::NodePort,
            Some("LoadBalancer") => svc.service_type = ServiceType::LoadBalancer,
            Some("ExternalName") => svc.service_type = ServiceType::ExternalName,
            Some(other) => {
                type_known = false;
                let hint = did_you_mean(
                    other,
                    &["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"],
                );
                let e = d.error(
                    DiagnosticCode::InvalidValue,
                    format!("`spec.type` \"{other}\" is not one of ClusterIP, NodePort, LoadBalancer, ExternalName"),
                    t,
                );
                if let Some(h) = hint {
                    e.help = Some(format!("did you mean `{h}`?"));
                }
            }
        }
    }
    if let Some(sel) = get(sf, "selector") {
        svc.selector_span = Some(sel.span);
        let looks_like_label_selector = sel.as_map().is_some_and(|m| {
            m.iter()
                .any(|(k, _)| matches!(k.scalar_text(), Some("matchLabels" | "matchExpressions")))
        });
        if looks_like_label_selector {
            d.error(
                DiagnosticCode::SelectorMatchLabels,
                "a Service `spec.selector` is a plain map of labels, not a LabelSelector with `matchLabels`/`matchExpressions`".into(),
                sel,
            )
            .help = Some("write the labels directly under `selector:` (for example `selector: {app: web}`); Services cannot use set-based expressions".into());
            // Read what was meant so the rest of the analysis still helps.
            if let Some(ml) = sel.get("matchLabels") {
                let map = d.string_map(Some(ml), "spec.selector.matchLabels", false);
                svc.selector = (!map.is_empty()).then_some(map);
            }
        } else {
            // `ValidateService` checks the selector as labels (`ValidateLabels`).
            let map = d.string_map(Some(sel), "spec.selector", true);
            if map.is_empty() {
                if !sel.is_null() {
                    d.warn(
                        DiagnosticCode::EmptySelector,
                        "`selector: {}` is dropped by the API server: this Service has no selector and gets no managed endpoints".into(),
                        sel,
                    )
                    .help = Some("add labels to select pods, or remove the selector and write Endpoints/EndpointSlices by hand".into());
                }
            } else {
                svc.selector = Some(map);
            }
        }
    }
    let port_items = d.list(get(sf, "ports"), "spec.ports");
    // The port entries read, parallel to `svc.ports`, to report where each field is.
    let mut port_fields: Vec<(&Node, &[(Node, Node)])> = Vec::new();
    for (i, p) in port_items.iter().enumerate() {
        let path = format!("spec.ports[{i}]");
        let pf = d.fields(p, &path, schema::SERVICE_PORT.names);
        let Some(port) = d.int(get(pf, "port"), &format!("{path}.port")) else {
            if get(pf, "port").is_none() {
                d.error(
                    DiagnosticCode::MissingField,
                    format!("`{path}.port` is required"),
                    p,
                );
            }
            continue;
        };
        // `SetDefaults_Service`: a targetPort of 0 or "" is the port, an empty protocol TCP.
        let target = match d.int_or_string(get(pf, "targetPort"), &format!("{path}.targetPort")) {
            None | Some(IntOrString::Int(0)) => IntOrString::Int(port),
            Some(IntOrString::Str(s)) if s.is_empty() => IntOrString::Int(port),
            Some(t) => t,
        };
        svc.ports.push(ServicePort {
            name: d
                .string(get(pf, "name"), &format!("{path}.name"))
                .unwrap_or_default(),
            protocol: d
                .string(get(pf, "protocol"), &format!("{path}.protocol"))
                .filter(|p| !p.is_empty())
                .unwrap_or_else(|| "TCP".into()),
            port,
            target_port: target,
            node_port: d.int(get(pf, "nodePort"), &format!("{path}.nodePort")),
            app_protocol: d.string(get(pf, "appProtocol"), &format!("{path}.appProtocol")),
            span: p.span,
        });
        port_fields.push((p, pf));
    }
    svc.cluster_ip = d.string(get(sf, "clusterIP"), "spec.clusterIP");
    svc.cluster_ips = d.strings(get(sf, "clusterIPs"), "spec.clusterIPs");
    svc.ip_families = d.strings(get(sf, "ipFamilies"), "spec.ipFamilies");
    for (i, f) in svc.ip_families.iter().enumerate() {
        if f != "IPv4" && f != "IPv6" {
            let node = get(sf, "ipFamilies")
                .and_then(|n| n.as_seq())
                .and_then(|s| s.get(i));
            if let Some(node) = node {
                d.error(
                    DiagnosticCode::InvalidValue,
                    format!("`spec.ipFamilies[{i}]` must be IPv4 or IPv6, not \"{f}\""),
                    node,
                );
            }
        }
    }
    svc.ip_family_policy = d.string(get(sf, "ipFamilyPolicy"), "spec.ipFamilyPolicy");
    svc.publish_not_ready_addresses = d
        .boolean(
            get(sf, "publishNotReadyAddresses"),
            "spec.publishNotReadyAddresses",
        )
        .unwrap_or(false);
    note_tolerate_unready_annotation(d, f, &svc);
    svc.external_name = d.string(get(sf, "externalName"), "spec.externalName");
    svc.routing = decode_routing(d, sf);
    let written_type = type_known.then_some(svc.service_type);
    // A `ports` that is not a list was reported as such: not "required" again.
    let ports_written = get(sf, "ports")
        .filter(|n| !n.is_null() && n.as_seq().is_none())
        .map_or(port_items.len(), |_| 1);
    for e in validation::validate_service(&svc, ports_written, written_type) {
        let node = match e.port.and_then(|i| port_fields.get(i)) {
            Some((p, pf)) => get(pf, e.field).unwrap_or(p),
            None => get(sf, e.field).unwrap_or(spec),
        };
        let code = match e.kind {
            validation::ErrorKind::Required => DiagnosticCode::MissingField,
            validation::ErrorKind::Invalid => DiagnosticCode::InvalidValue,
        };
        d.error(code, e.message, node).help = e.help;
    }
    svc
}

/// Decodes the fields that narrow kube-proxy's choice of endpoints; a
/// value outside the API's enumeration is an error at its place.
fn decode_routing(d: &mut Decoder<'_>, sf: &[(Node, Node)]) -> ServiceRouting {
    let enumerated = |d: &mut Decoder<'_>, field: &str, allowed: &[&str]| {
        let node = get(sf, field)?;
        let path = format!("spec.{field}");
        let v = d.string(Some(node), &path)?;
        if !allowed.contains(&v.as_str()) {
            let hint = did_you_mean(&v, allowed);
            let e = d.error(
                DiagnosticCode::InvalidValue,
                format!("`{path}` \"{v}\" is not one of {}", allowed.join(", ")),
                node,
            );
            if let Some(h) = hint {
                e.help = Some(format!("did you mean `{h}`?"));
            }
            return None;
        }
        Some(v)
    };
    let policies = ["Cluster", "Local"];
    let internal_traffic_policy = enumerated(d, "internalTrafficPolicy", &policies);
    let external_traffic_policy = enumerated(d, "externalTrafficPolicy", &policies);
    let traffic_distribution =
        get(sf, "trafficDistribution").and_then(|n| d.string(Some(n), "spec.trafficDistribution"));
    let session_affinity = enumerated(d, "sessionAffinity", &["None", "ClientIP"]);
    let session_affinity_timeout = get(sf, "sessionAffinityConfig")
        .and_then(|c| c.get("clientIP"))
        .and_then(|c| c.get("timeoutSeconds"))
        .and_then(|t| {
            d.int(
                Some(t),
                "spec.sessionAffinityConfig.clientIP.timeoutSeconds",
            )
        });
    ServiceRouting {
        internal_traffic_policy,
        external_traffic_policy,
        traffic_distribution,
        session_affinity,
        session_affinity_timeout,
        health_check_node_port: d.int(get(sf, "healthCheckNodePort"), "spec.healthCheckNodePort"),
        external_ips: d.strings(get(sf, "externalIPs"), "spec.externalIPs"),
    }
}
