//! Decoding v1 Endpoints and EndpointSlices.

use super::{get, Decoder};
use crate::engine::base::diagnostics::DiagnosticCode;
use crate::engine::model::endpoints::{
    EndpointAddress, EndpointConditions, EndpointHints, EndpointPort, EndpointSlice,
    EndpointSubset, Endpoints, SliceEndpoint, TargetRef,
};
use crate::engine::model::*;
use crate::engine::yaml::Node;

fn decode_target_ref(d: &mut Decoder<'_>, node: Option<&Node>, path: &str) -> Option<TargetRef> {
    let node = node.filter(|n| !n.is_null())?;
    let f = d.fields(node, path, schema::OBJECT_REFERENCE.names);
    Some(TargetRef {
        kind: d
            .string(get(f, "kind"), &format!("{path}.kind"))
            .unwrap_or_default(),
        namespace: d
            .string(get(f, "namespace"), &format!("{path}.namespace"))
            .unwrap_or_default(),
        name: d
            .string(get(f, "name"), &format!("{path}.name"))
            .unwrap_or_default(),
        uid: d
            .string(get(f, "uid"), &format!("{path}.uid"))
            .unwrap_or_default(),
    })
}

fn decode_endpoint_ports(
    d: &mut Decoder<'_>,
    node: Option<&Node>,
    path: &str,
) -> Vec<EndpointPort> {
    let mut out = Vec::new();
    for (i, p) in d.list(node, path).iter().enumerate() {
        let pp = format!("{path}[{i}]");
        let f = d.fields(p, &pp, schema::ENDPOINT_PORT.names);
        let Some(port) = d.int(get(f, "port"), &format!("{pp}.port")) else {
            continue;
        };
        out.push(EndpointPort {
            name: d
                .string(get(f, "name"), &format!("{pp}.name"))
                .unwrap_or_default(),
            port,
            protocol: d
                .string(get(f, "protocol"), &format!("{pp}.protocol"))
                .unwrap_or_else(|| "TCP".into()),
            app_protocol: d.string(get(f, "appProtocol"), &format!("{pp}.appProtocol")),
        });
    }
    out
}

/// Decodes a v1 Endpoints object written by hand (for selector-less Services,
/// see `unmanaged_endpoints`).
pub fn decode_endpoints(d: &mut Decoder<'_>, f: &[(Node, Node)], meta: &ObjectMeta) -> Endpoints {
    let mut ep = Endpoints {
        name: meta.name.clone(),
        namespace: meta.namespace.clone(),
        labels: meta.labels.clone(),
        annotations: meta.annotations.clone(),
        subsets: Vec::new(),
    };
    for (i, s) in d.list(get(f, "subsets"), "subsets").iter().enumerate() {
        let sp = format!("subsets[{i}]");
        let sf = d.fields(s, &sp, schema::ENDPOINT_SUBSET.names);
        let mut subset = EndpointSubset {
            ports: decode_endpoint_ports(d, get(sf, "ports"), &format!("{sp}.ports")),
            ..EndpointSubset::default()
        };
        for (field, ready) in [("addresses", true), ("notReadyAddresses", false)] {
            for (j, a) in d
                .list(get(sf, field), &format!("{sp}.{field}"))
                .iter()
                .enumerate()
            {
                let ap = format!("{sp}.{field}[{j}]");
                let af = d.fields(a, &ap, schema::ENDPOINT_ADDRESS.names);
                let Some(ip) = d.string(get(af, "ip"), &format!("{ap}.ip")) else {
                    d.error(
                        DiagnosticCode::MissingField,
                        format!("`{ap}.ip` is required"),
                        a,
                    );
                    continue;
                };
                let addr = EndpointAddress {
                    ip,
                    hostname: d.string(get(af, "hostname"), &format!("{ap}.hostname")),
                    node_name: d.string(get(af, "nodeName"), &format!("{ap}.nodeName")),
                    target_ref: decode_target_ref(
                        d,
                        get(af, "targetRef"),
                        &format!("{ap}.targetRef"),
                    ),
                };
                if ready {
                    subset.addresses.push(addr);
                } else {
                    subset.not_ready_addresses.push(addr);
                }
            }
        }
        ep.subsets.push(subset);
    }
    ep
}

/// Decodes an EndpointSlice written by hand.
pub fn decode_endpoint_slice(
    d: &mut Decoder<'_>,
    node: &Node,
    f: &[(Node, Node)],
    meta: &ObjectMeta,
) -> EndpointSlice {
    let mut slice = EndpointSlice {
        name: meta.name.clone(),
        namespace: meta.namespace.clone(),
        labels: meta.labels.clone(),
        annotations: meta.annotations.clone(),
        address_type: d
            .string(get(f, "addressType"), "addressType")
            .unwrap_or_default(),
        endpoints: Vec::new(),
        ports: decode_endpoint_ports(d, get(f, "ports"), "ports"),
        from_input: true,
    };
    if get(f, "addressType").is_none() {
        d.error(
            DiagnosticCode::MissingField,
            "an EndpointSlice needs `addressType` (IPv4, IPv6 or FQDN)".into(),
            node,
        );
    }
    for (i, e) in d.list(get(f, "endpoints"), "endpoints").iter().enumerate() {
        let ep = format!("endpoints[{i}]");
        let ef = d.fields(e, &ep, schema::SLICE_ENDPOINT.names);
        let mut cond = EndpointConditions {
            ready: true,
            serving: true,
            terminating: false,
        };
        if let Some(c) = get(ef, "conditions") {
            let cf = d.fields(
                c,
                &format!("{ep}.conditions"),
                schema::ENDPOINT_CONDITIONS.names,
            );
            // An unset condition means unknown; consumers treat ready/serving as true.
            cond.ready = d
                .boolean(get(cf, "ready"), &format!("{ep}.conditions.ready"))
                .unwrap_or(true);
            cond.serving = d
                .boolean(get(cf, "serving"), &format!("{ep}.conditions.serving"))
                .unwrap_or(true);
            cond.terminating = d
                .boolean(
                    get(cf, "terminating"),
                    &format!("{ep}.conditions.terminating"),
                )
                .unwrap_or(false);
        }
        slice.endpoints.push(SliceEndpoint {
            addresses: d.strings(get(ef, "addresses"), &format!("{ep}.addresses")),
            conditions: cond,
            hostname: d.string(get(ef, "hostname"), &format!("{ep}.hostname")),
            target_ref: decode_target_ref(d, get(ef, "targetRef"), &format!("{ep}.targetRef")),
            node_name: d.string(get(ef, "nodeName"), &format!("{ep}.nodeName")),
            zone: d.string(get(ef, "zone"), &format!("{ep}.zone")),
            hints: decode_hints(d, get(ef, "hints"), &format!("{ep}.hints")),
        });
    }
    slice
}

/// An endpoint's `hints`: the names of `forZones` and `forNodes`.
fn decode_hints(d: &mut Decoder<'_>, node: Option<&Node>, path: &str) -> Option<EndpointHints> {
    let node = node.filter(|n| !n.is_null())?;
    let f = d.fields(node, path, &["forZones", "forNodes"]);
    let names = |d: &mut Decoder<'_>, field: &str| -> Vec<String> {
        let p = format!("{path}.{field}");
        d.list(get(f, field), &p)
            .iter()
            .enumerate()
            .filter_map(|(i, n)| {
                let np = format!("{p}[{i}]");
                let nf = d.fields(n, &np, &["name"]);
                d.string(get(nf, "name"), &format!("{np}.name"))
            })
            .collect()
    };
    Some(EndpointHints {
        for_zones: names(d, "forZones"),
        for_nodes: names(d, "forNodes"),
    })
}
