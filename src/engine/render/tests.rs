//! Tests of rendering.

use super::*;
use crate::engine::yaml::parse_documents;
use crate::engine::yaml::quote::json_string;
use serde_json::json;

/// A test value from JSON text.
fn doc(v: serde_json::Value) -> Doc {
    match v {
        serde_json::Value::Null => Doc::Null,
        serde_json::Value::Bool(b) => Doc::Bool(b),
        serde_json::Value::Number(n) => Doc::Int(n.as_i64().unwrap()),
        serde_json::Value::String(s) => Doc::Str(s),
        serde_json::Value::Array(a) => Doc::List(a.into_iter().map(doc).collect()),
        serde_json::Value::Object(o) => Doc::Map(o.into_iter().map(|(k, v)| (k, doc(v))).collect()),
    }
}

#[test]
fn yaml_round_trips_through_our_reader() {
    let v = doc(json!({
        "apiVersion": "v1",
        "kind": "List",
        "items": [
            {"a": "yes", "b": "80", "c": 80, "d": "", "e": null, "f": [], "g": {}, "h": [1, "two", {"x": "- y"}]},
            {"nested": {"deep": ["a: b", "#c", "ok", "tab\tnl\n\u{1}\u{85}\u{2028}"]}, "weird key: x": true}
        ],
    }));
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
    assert_eq!(deep[3].as_str(), Some("tab\tnl\n\u{1}\u{85}\u{2028}"));
    // The quoted form is valid JSON too.
    let mut q = String::new();
    json_string(&mut q, "tab\tnl\n\u{1}\u{85}\u{2028}\"\\");
    assert_eq!(
        serde_json::from_str::<String>(&q).unwrap(),
        "tab\tnl\n\u{1}\u{85}\u{2028}\"\\"
    );
    assert_eq!(
        items[1].get("weird key: x").unwrap().scalar_text(),
        Some("true")
    );
}

#[test]
fn kubectl_endpoints_column() {
    use crate::engine::model::endpoints::*;
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
