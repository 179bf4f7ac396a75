//! Renders computed objects as complete Kubernetes objects (JSON values) and
//! as YAML text, and formats endpoints the way `kubectl get endpoints` does.

use super::endpoints::{EndpointSlice, Endpoints};
use super::workloads::SimPod;
use super::ResolvedService;
use serde_json::{json, Map, Value};

/// A v1 Endpoints object.
pub fn endpoints_object(ep: &Endpoints) -> Value {
    let mut meta = Map::new();
    meta.insert("name".into(), json!(ep.name));
    meta.insert("namespace".into(), json!(ep.namespace));
    if !ep.labels.is_empty() {
        meta.insert("labels".into(), json!(ep.labels));
    }
    if !ep.annotations.is_empty() {
        meta.insert("annotations".into(), json!(ep.annotations));
    }
    let mut obj = json!({"apiVersion": "v1", "kind": "Endpoints", "metadata": meta});
    if !ep.subsets.is_empty() {
        obj["subsets"] = json!(ep.subsets);
    }
    obj
}

/// A discovery.k8s.io/v1 EndpointSlice object owned by its Service.
pub fn slice_object(slice: &EndpointSlice, service: &ResolvedService) -> Value {
    let svc = &service.service;
    let mut meta = json!({
        "name": slice.name,
        "namespace": slice.namespace,
        "labels": slice.labels,
    });
    if !slice.from_input {
        meta["generateName"] = json!(super::endpoints::slice_name_prefix(&svc.meta.name));
        meta["ownerReferences"] = json!([{
            "apiVersion": "v1",
            "kind": "Service",
            "name": svc.meta.name,
            "uid": svc.meta.uid.clone().unwrap_or_else(|| {
                super::workloads::simulated_uid(&format!("Service/{}/{}", svc.meta.namespace, svc.meta.name))
            }),
            "controller": true,
            "blockOwnerDeletion": true,
        }]);
    }
    let mut ports = Vec::new();
    for p in &slice.ports {
        let mut v = json!({"name": p.name, "port": p.port, "protocol": p.protocol});
        if let Some(a) = &p.app_protocol {
            v["appProtocol"] = json!(a);
        }
        ports.push(v);
    }
    json!({
        "apiVersion": "discovery.k8s.io/v1",
        "kind": "EndpointSlice",
        "metadata": meta,
        "addressType": slice.address_type,
        "endpoints": slice.endpoints,
        "ports": if slice.ports.is_empty() && slice.endpoints.is_empty() { Value::Null } else { json!(ports) },
    })
}

/// A Pod object as `kubectl get pod -o yaml` would show its routing-relevant parts.
pub fn pod_object(sim: &SimPod) -> Value {
    let pod = &sim.pod;
    let mut meta = json!({"name": pod.meta.name, "namespace": pod.meta.namespace});
    if !pod.meta.labels.is_empty() {
        meta["labels"] = json!(pod.meta.labels);
    }
    if let Some(uid) = &pod.meta.uid {
        meta["uid"] = json!(uid);
    }
    if let Some(ts) = &pod.meta.deletion_timestamp {
        meta["deletionTimestamp"] = json!(ts);
    }
    if let Some(owner) = &pod.owner {
        meta["ownerReferences"] =
            json!([{"kind": owner.kind, "name": owner.name, "controller": true}]);
    }
    let status = pod.status.clone().unwrap_or_default();
    let mut st = Map::new();
    if let Some(phase) = &status.phase {
        st.insert("phase".into(), json!(phase));
    }
    if let Some(ip) = status.pod_ips.first() {
        st.insert("podIP".into(), json!(ip));
        let ips: Vec<Value> = status.pod_ips.iter().map(|ip| json!({"ip": ip})).collect();
        st.insert("podIPs".into(), Value::Array(ips));
    }
    if let Some(ready) = status.ready {
        st.insert(
            "conditions".into(),
            json!([{"type": "Ready", "status": if ready { "True" } else { "False" }}]),
        );
    }
    let mut spec = Map::new();
    if let Some(n) = &pod.spec.node_name {
        spec.insert("nodeName".into(), json!(n));
    }
    if let Some(h) = &pod.spec.hostname {
        spec.insert("hostname".into(), json!(h));
    }
    if let Some(s) = &pod.spec.subdomain {
        spec.insert("subdomain".into(), json!(s));
    }
    json!({"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": spec, "status": st})
}

/// A `v1 List` holding `items`, as `kubectl get -o yaml` prints several objects.
pub fn list_object(items: Vec<Value>) -> Value {
    json!({"apiVersion": "v1", "kind": "List", "items": items, "metadata": {"resourceVersion": ""}})
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
            Some(p) if ip.contains(':') => format!("[{ip}]:{p}"),
            Some(p) => format!("{ip}:{p}"),
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

/// Serialises a JSON value as block-style YAML, keys in the value's order,
/// strings quoted whenever a plain scalar would read back as something else.
pub fn to_yaml(v: &Value) -> String {
    let mut out = String::new();
    write_yaml(v, 0, &mut out);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

fn scalar(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => quote(s),
        Value::Array(a) if a.is_empty() => "[]".into(),
        Value::Object(o) if o.is_empty() => "{}".into(),
        _ => String::new(),
    }
}

/// A YAML scalar for `s`: plain when it reads back as the same string, else double-quoted.
pub fn quote(s: &str) -> String {
    let plain_ok = !s.is_empty()
        && super::yaml::resolve_plain(s) == super::yaml::ScalarKind::Str
        && !s.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@` ".contains(c))
        && !s.ends_with([' ', ':'])
        && !s.contains(": ")
        && !s.contains(" #")
        && s.chars()
            .all(|c| !c.is_control() && c != '\u{feff}' && c != '\u{85}');
    if plain_ok {
        s.to_string()
    } else {
        serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
    }
}

fn is_block(v: &Value) -> bool {
    matches!(v, Value::Array(a) if !a.is_empty()) || matches!(v, Value::Object(o) if !o.is_empty())
}

fn write_yaml(v: &Value, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match v {
        Value::Object(o) if !o.is_empty() => {
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
                    let child = if matches!(val, Value::Array(_)) {
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
        Value::Array(a) if !a.is_empty() => {
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
mod tests {
    use super::*;
    use crate::engine::yaml::parse_documents;

    #[test]
    fn yaml_round_trips_through_our_reader() {
        let v = json!({
            "apiVersion": "v1",
            "kind": "List",
            "items": [
                {"a": "yes", "b": "80", "c": 80, "d": "", "e": null, "f": [], "g": {}, "h": [1, "two", {"x": "- y"}]},
                {"nested": {"deep": ["a: b", "#c", "ok"]}, "weird key: x": true}
            ],
        });
        let text = to_yaml(&v);
        let docs = parse_documents(&text);
        assert!(
            docs[0].diagnostics.is_empty(),
            "{text}\n{:?}",
            docs[0].diagnostics
        );
        let root = docs[0].root.as_ref().unwrap();
        let items = root.get("items").unwrap().as_seq().unwrap();
        assert_eq!(items[0].get("a").unwrap().as_str(), Some("yes"));
        assert_eq!(items[0].get("b").unwrap().as_str(), Some("80"));
        assert_eq!(items[0].get("c").unwrap().type_name(), "integer");
        assert_eq!(items[0].get("d").unwrap().as_str(), Some(""));
        assert!(items[0].get("e").unwrap().is_null());
        let h = items[0].get("h").unwrap().as_seq().unwrap();
        assert_eq!(h[2].get("x").unwrap().as_str(), Some("- y"));
        let deep = items[1]
            .get("nested")
            .unwrap()
            .get("deep")
            .unwrap()
            .as_seq()
            .unwrap();
        assert_eq!(deep[0].as_str(), Some("a: b"));
        assert_eq!(deep[1].as_str(), Some("#c"));
        assert_eq!(
            items[1].get("weird key: x").unwrap().scalar_text(),
            Some("true")
        );
    }

    #[test]
    fn kubectl_endpoints_column() {
        use crate::engine::endpoints::*;
        let addr = |ip: &str| EndpointAddress {
            ip: ip.into(),
            hostname: None,
            node_name: None,
            target_ref: None,
        };
        let port = |p: i64| EndpointPort {
            name: String::new(),
            port: p,
            protocol: "TCP".into(),
            app_protocol: None,
        };
        let mut ep = Endpoints::default();
        assert_eq!(format_endpoints(&ep), "<none>");
        ep.subsets.push(EndpointSubset {
            addresses: vec![addr("10.0.0.1"), addr("10.0.0.2")],
            not_ready_addresses: vec![addr("10.0.0.9")],
            ports: vec![port(80), port(443)],
        });
        assert_eq!(
            format_endpoints(&ep),
            "10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more..."
        );
        ep.subsets[0].ports.pop();
        assert_eq!(format_endpoints(&ep), "10.0.0.1:80,10.0.0.2:80");
    }
}
