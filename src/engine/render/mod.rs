//! Renders computed objects as complete Kubernetes objects (JSON values) and
//! as YAML text, and formats endpoints the way `kubectl get endpoints` does.
//!
//! The top layer, with the graph layout ([`graph`]): it may use every other.

pub mod graph;
pub mod pod_columns;

use crate::engine::controllers::resolved::ResolvedService;
use crate::engine::model::endpoints::{
    EndpointAddress, EndpointPort, EndpointSlice, EndpointSubset, Endpoints, SliceEndpoint,
    TargetRef,
};
use crate::engine::sim::workloads::SimPod;
use crate::engine::yaml::quote::quote;
use std::collections::BTreeMap;

/// A JSON-shaped value: what the rendered Kubernetes objects are made of.
/// Mapping keys are kept sorted, as `kubectl` prints them. Written by
/// [`to_yaml`], and as JSON through its `serde::Serialize` implementation
/// (the command-line tool) — the playground carries no JSON serialiser.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Doc {
    /// `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A string.
    Str(String),
    /// A list.
    List(Vec<Doc>),
    /// A mapping.
    Map(BTreeMap<String, Doc>),
}

impl Doc {
    /// A mapping from `(key, value)` pairs.
    pub fn map<const N: usize>(entries: [(&str, Doc); N]) -> Doc {
        Doc::Map(
            entries
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        )
    }

    /// Sets `key` of a mapping (no-op on anything else).
    pub fn set(&mut self, key: &str, value: impl Into<Doc>) {
        if let Doc::Map(m) = self {
            m.insert(key.to_string(), value.into());
        }
    }

    /// The value of `key`, if this is a mapping that has it.
    pub fn get(&self, key: &str) -> Option<&Doc> {
        match self {
            Doc::Map(m) => m.get(key),
            _ => None,
        }
    }
}

impl From<&str> for Doc {
    fn from(s: &str) -> Doc {
        Doc::Str(s.to_string())
    }
}

impl From<&String> for Doc {
    fn from(s: &String) -> Doc {
        Doc::Str(s.clone())
    }
}

impl From<String> for Doc {
    fn from(s: String) -> Doc {
        Doc::Str(s)
    }
}

impl From<i64> for Doc {
    fn from(i: i64) -> Doc {
        Doc::Int(i)
    }
}

impl From<bool> for Doc {
    fn from(b: bool) -> Doc {
        Doc::Bool(b)
    }
}

impl From<&BTreeMap<String, String>> for Doc {
    fn from(m: &BTreeMap<String, String>) -> Doc {
        Doc::Map(m.iter().map(|(k, v)| (k.clone(), Doc::from(v))).collect())
    }
}

impl<T: Into<Doc>> From<Vec<T>> for Doc {
    fn from(v: Vec<T>) -> Doc {
        Doc::List(v.into_iter().map(Into::into).collect())
    }
}

impl serde::Serialize for Doc {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self {
            Doc::Null => s.serialize_unit(),
            Doc::Bool(b) => s.serialize_bool(*b),
            Doc::Int(i) => s.serialize_i64(*i),
            Doc::Str(t) => s.serialize_str(t),
            Doc::List(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for i in items {
                    seq.serialize_element(i)?;
                }
                seq.end()
            }
            Doc::Map(m) => {
                let mut map = s.serialize_map(Some(m.len()))?;
                for (k, v) in m {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

fn target_ref(t: &TargetRef) -> Doc {
    Doc::map([
        ("kind", Doc::from(&t.kind)),
        ("namespace", Doc::from(&t.namespace)),
        ("name", Doc::from(&t.name)),
        ("uid", Doc::from(&t.uid)),
    ])
}

fn address(a: &EndpointAddress) -> Doc {
    let mut d = Doc::map([("ip", Doc::from(&a.ip))]);
    if let Some(h) = &a.hostname {
        d.set("hostname", h);
    }
    if let Some(n) = &a.node_name {
        d.set("nodeName", n);
    }
    if let Some(t) = &a.target_ref {
        d.set("targetRef", target_ref(t));
    }
    d
}

fn port(p: &EndpointPort) -> Doc {
    let mut d = Doc::map([
        ("name", Doc::from(&p.name)),
        ("port", Doc::from(p.port)),
        ("protocol", Doc::from(&p.protocol)),
    ]);
    if let Some(a) = &p.app_protocol {
        d.set("appProtocol", a);
    }
    d
}

fn subset(s: &EndpointSubset) -> Doc {
    let mut d = Doc::Map(BTreeMap::new());
    if !s.addresses.is_empty() {
        d.set(
            "addresses",
            Doc::List(s.addresses.iter().map(address).collect()),
        );
    }
    if !s.not_ready_addresses.is_empty() {
        d.set(
            "notReadyAddresses",
            Doc::List(s.not_ready_addresses.iter().map(address).collect()),
        );
    }
    if !s.ports.is_empty() {
        d.set("ports", Doc::List(s.ports.iter().map(port).collect()));
    }
    d
}

/// A slice endpoint; `ready_only`: the mirroring controller sets only `ready`.
fn slice_endpoint(e: &SliceEndpoint, ready_only: bool) -> Doc {
    let conditions = if ready_only {
        Doc::map([("ready", Doc::from(e.conditions.ready))])
    } else {
        Doc::map([
            ("ready", Doc::from(e.conditions.ready)),
            ("serving", Doc::from(e.conditions.serving)),
            ("terminating", Doc::from(e.conditions.terminating)),
        ])
    };
    let mut d = Doc::map([
        ("addresses", Doc::from(e.addresses.clone())),
        ("conditions", conditions),
    ]);
    if let Some(h) = &e.hostname {
        d.set("hostname", h);
    }
    if let Some(t) = &e.target_ref {
        d.set("targetRef", target_ref(t));
    }
    if let Some(n) = &e.node_name {
        d.set("nodeName", n);
    }
    if let Some(z) = &e.zone {
        d.set("zone", z);
    }
    if let Some(h) = &e.hints {
        let names = |v: &[String]| {
            Doc::from(
                v.iter()
                    .map(|n| Doc::map([("name", Doc::from(n))]))
                    .collect::<Vec<_>>(),
            )
        };
        let mut hd = Doc::map([]);
        if !h.for_zones.is_empty() {
            hd.set("forZones", names(&h.for_zones));
        }
        if !h.for_nodes.is_empty() {
            hd.set("forNodes", names(&h.for_nodes));
        }
        d.set("hints", hd);
    }
    d
}

/// A v1 Endpoints object.
pub fn endpoints_object(ep: &Endpoints) -> Doc {
    let mut meta = Doc::map([
        ("name", Doc::from(&ep.name)),
        ("namespace", Doc::from(&ep.namespace)),
    ]);
    if !ep.labels.is_empty() {
        meta.set("labels", &ep.labels);
    }
    if !ep.annotations.is_empty() {
        meta.set("annotations", &ep.annotations);
    }
    let mut obj = Doc::map([
        ("apiVersion", Doc::from("v1")),
        ("kind", Doc::from("Endpoints")),
        ("metadata", meta),
    ]);
    if !ep.subsets.is_empty() {
        obj.set(
            "subsets",
            Doc::List(ep.subsets.iter().map(subset).collect()),
        );
    }
    obj
}

/// A discovery.k8s.io/v1 EndpointSlice object owned by its Service.
pub fn slice_object(slice: &EndpointSlice, service: &ResolvedService) -> Doc {
    let svc = &service.service;
    let mut meta = Doc::map([
        ("name", Doc::from(&slice.name)),
        ("namespace", Doc::from(&slice.namespace)),
        ("labels", Doc::from(&slice.labels)),
    ]);
    if !slice.annotations.is_empty() {
        meta.set("annotations", &slice.annotations);
    }
    // A mirrored slice is owned by its Endpoints, any other by its Service.
    let mirrored = crate::engine::controllers::mirroring::is_mirrored(slice);
    let owner = if mirrored { "Endpoints" } else { "Service" };
    if !slice.from_input {
        meta.set(
            "generateName",
            crate::engine::controllers::endpoints::slice_name_prefix(&svc.meta.name),
        );
        let uid = svc
            .meta
            .uid
            .clone()
            .filter(|_| !mirrored)
            .unwrap_or_else(|| {
                crate::engine::sim::workloads::simulated_uid(&format!(
                    "{owner}/{}/{}",
                    svc.meta.namespace, svc.meta.name
                ))
            });
        meta.set(
            "ownerReferences",
            Doc::List(vec![Doc::map([
                ("apiVersion", Doc::from("v1")),
                ("kind", Doc::from(owner)),
                ("name", Doc::from(&svc.meta.name)),
                ("uid", Doc::from(uid)),
                ("controller", Doc::from(true)),
                ("blockOwnerDeletion", Doc::from(true)),
            ])]),
        );
    }
    let ports = if slice.ports.is_empty() && slice.endpoints.is_empty() {
        Doc::Null
    } else {
        Doc::List(slice.ports.iter().map(port).collect())
    };
    Doc::map([
        ("apiVersion", Doc::from("discovery.k8s.io/v1")),
        ("kind", Doc::from("EndpointSlice")),
        ("metadata", meta),
        ("addressType", Doc::from(&slice.address_type)),
        (
            "endpoints",
            Doc::List(
                slice
                    .endpoints
                    .iter()
                    .map(|e| slice_endpoint(e, mirrored && !slice.from_input))
                    .collect(),
            ),
        ),
        ("ports", ports),
    ])
}

/// A Pod object as `kubectl get pod -o yaml` would show its routing-relevant parts.
pub fn pod_object(sim: &SimPod) -> Doc {
    let pod = &sim.pod;
    let mut meta = Doc::map([
        ("name", Doc::from(&pod.meta.name)),
        ("namespace", Doc::from(&pod.meta.namespace)),
    ]);
    if !pod.meta.labels.is_empty() {
        meta.set("labels", &pod.meta.labels);
    }
    if let Some(uid) = &pod.meta.uid {
        meta.set("uid", uid);
    }
    if let Some(ts) = &pod.meta.deletion_timestamp {
        meta.set("deletionTimestamp", ts);
    }
    if let Some(owner) = &pod.owner {
        meta.set(
            "ownerReferences",
            Doc::List(vec![Doc::map([
                ("kind", Doc::from(&owner.kind)),
                ("name", Doc::from(&owner.name)),
                ("controller", Doc::from(true)),
            ])]),
        );
    }
    let status = pod.status.clone().unwrap_or_default();
    let mut st = Doc::Map(BTreeMap::new());
    if let Some(phase) = &status.phase {
        st.set("phase", phase);
    }
    if let Some(ip) = status.pod_ips.first() {
        st.set("podIP", ip);
        st.set(
            "podIPs",
            Doc::List(
                status
                    .pod_ips
                    .iter()
                    .map(|ip| Doc::map([("ip", Doc::from(ip))]))
                    .collect(),
            ),
        );
    }
    if let Some(ready) = status.ready {
        st.set(
            "conditions",
            Doc::List(vec![Doc::map([
                ("type", Doc::from("Ready")),
                ("status", Doc::from(if ready { "True" } else { "False" })),
            ])]),
        );
    }
    let mut spec = Doc::Map(BTreeMap::new());
    if let Some(n) = &pod.spec.node_name {
        spec.set("nodeName", n);
    }
    if let Some(h) = &pod.spec.hostname {
        spec.set("hostname", h);
    }
    if let Some(s) = &pod.spec.subdomain {
        spec.set("subdomain", s);
    }
    Doc::map([
        ("apiVersion", Doc::from("v1")),
        ("kind", Doc::from("Pod")),
        ("metadata", meta),
        ("spec", spec),
        ("status", st),
    ])
}

/// A `v1 List` holding `items`, as `kubectl get -o yaml` prints several objects.
pub fn list_object(items: Vec<Doc>) -> Doc {
    Doc::map([
        ("apiVersion", Doc::from("v1")),
        ("kind", Doc::from("List")),
        ("items", Doc::List(items)),
        ("metadata", Doc::map([("resourceVersion", Doc::from(""))])),
    ])
}

/// The ENDPOINTS column of `kubectl get endpoints`: up to three ready
/// `ip:port` pairs, then `+ N more...`; `<none>` without subsets.
pub fn format_endpoints(ep: &Endpoints) -> String {
    if ep.subsets.is_empty() {
        return "<none>".into();
    }
    const MAX: usize = 3;
    let mut list = Vec::new();
    let mut count = 0;
    let mut more = false;
    for s in &ep.subsets {
        let join = |ip: &str, port: Option<i64>| match port {
            None => ip.to_string(),
            Some(p) => crate::engine::controllers::resolve::host_port(ip, p),
        };
        let ports: Vec<Option<i64>> = if s.ports.is_empty() {
            vec![None]
        } else {
            s.ports.iter().map(|p| Some(p.port)).collect()
        };
        for port in ports {
            count += s.addresses.len();
            for a in &s.addresses {
                if list.len() == MAX {
                    more = true;
                    break;
                }
                list.push(join(&a.ip, port));
            }
        }
    }
    let ret = list.join(",");
    if more {
        format!("{ret} + {} more...", count - MAX)
    } else {
        ret
    }
}

/// The ENDPOINTS column for a Service without selector, from what kube-proxy
/// reads in its EndpointSlices: the ready `ip:port` pairs of its pods and
/// external addresses, like [`format_endpoints`] (at most three, then
/// `+ N more...`; `<none>` without any).
pub fn format_backends(service: &ResolvedService) -> String {
    const MAX: usize = 3;
    let ready = crate::engine::controllers::resolve::EndpointState::Ready;
    let pods = service
        .backends
        .iter()
        .filter(|b| b.state == ready)
        .filter_map(|b| Some((b.address.as_deref()?, &b.ports)));
    let external = service
        .external
        .iter()
        .filter(|b| b.state == ready)
        .map(|b| (b.address.as_str(), &b.ports));
    let pairs: Vec<String> = pods
        .chain(external)
        .flat_map(|(ip, ports)| {
            if ports.is_empty() {
                // A headless Service without ports: the bare addresses.
                return vec![ip.to_string()];
            }
            ports
                .iter()
                .filter_map(|p| {
                    Some(crate::engine::controllers::resolve::host_port(
                        ip, p.target?,
                    ))
                })
                .collect()
        })
        .collect();
    match pairs.len() {
        0 => "<none>".into(),
        n if n > MAX => format!("{} + {} more...", pairs[..MAX].join(","), n - MAX),
        _ => pairs.join(","),
    }
}

/// Serialises a JSON value as block-style YAML, keys in the value's order,
/// strings quoted whenever a plain scalar would read back as something else.
pub fn to_yaml(v: &Doc) -> String {
    let mut out = String::new();
    write_yaml(v, 0, &mut out);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

fn scalar(v: &Doc) -> String {
    match v {
        Doc::Null => "null".into(),
        Doc::Bool(b) => b.to_string(),
        Doc::Int(n) => n.to_string(),
        Doc::Str(s) => quote(s),
        Doc::List(a) if a.is_empty() => "[]".into(),
        Doc::Map(o) if o.is_empty() => "{}".into(),
        _ => String::new(),
    }
}

fn is_block(v: &Doc) -> bool {
    matches!(v, Doc::List(a) if !a.is_empty()) || matches!(v, Doc::Map(o) if !o.is_empty())
}

fn write_yaml(v: &Doc, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match v {
        Doc::Map(o) if !o.is_empty() => {
            for (i, (k, val)) in o.iter().enumerate() {
                if i > 0 || !out.ends_with("- ") {
                    if !out.is_empty() && !out.ends_with('\n') && !out.ends_with("- ") {
                        out.push('\n');
                    }
                    if !out.ends_with("- ") {
                        out.push_str(&pad);
                    }
                }
                out.push_str(&quote(k));
                out.push(':');
                if is_block(val) {
                    out.push('\n');
                    let child = if matches!(val, Doc::List(_)) {
                        indent
                    } else {
                        indent + 2
                    };
                    write_yaml(val, child, out);
                } else {
                    out.push(' ');
                    out.push_str(&scalar(val));
                    out.push('\n');
                }
            }
        }
        Doc::List(a) if !a.is_empty() => {
            for item in a {
                if !out.is_empty() && !out.ends_with('\n') {
                    out.push('\n');
                }
                out.push_str(&pad);
                out.push_str("- ");
                if is_block(item) {
                    write_yaml(item, indent + 2, out);
                } else {
                    out.push_str(&scalar(item));
                    out.push('\n');
                }
            }
        }
        _ => {
            out.push_str(&pad);
            out.push_str(&scalar(v));
            out.push('\n');
        }
    }
}

#[cfg(test)]
mod tests;
