//! Decoding Nodes.

use super::{get, Decoder};
use crate::engine::base::diagnostics::DiagnosticCode;
use crate::engine::base::source::Span;
use crate::engine::model::node::{cpu_millis, Node, NodeAddress, Taint};
use crate::engine::model::{schema, ObjectMeta};
use crate::engine::yaml::{Node as YamlNode, ScalarKind, Value};

/// Decodes a Node: its addresses, allocatable CPU, `Ready` condition,
/// taints and `unschedulable`.
pub fn decode_node(
    d: &mut Decoder<'_>,
    f: &[(YamlNode, YamlNode)],
    meta: ObjectMeta,
    span: Span,
) -> Node {
    let mut node = Node {
        meta,
        span,
        ..Node::default()
    };
    if let Some(spec) = get(f, "spec") {
        let sf = d.fields(spec, "spec", schema::NODE_SPEC.names);
        node.unschedulable = d
            .boolean(get(sf, "unschedulable"), "spec.unschedulable")
            .unwrap_or(false);
        for (i, t) in d.list(get(sf, "taints"), "spec.taints").iter().enumerate() {
            let p = format!("spec.taints[{i}]");
            let tf = d.fields(t, &p, schema::TAINT.names);
            node.taints.push(Taint {
                key: d
                    .string(get(tf, "key"), &format!("{p}.key"))
                    .unwrap_or_default(),
                value: d
                    .string(get(tf, "value"), &format!("{p}.value"))
                    .unwrap_or_default(),
                effect: d
                    .string(get(tf, "effect"), &format!("{p}.effect"))
                    .unwrap_or_default(),
            });
        }
    }
    if let Some(status) = get(f, "status") {
        let st = d.fields(status, "status", schema::NODE_STATUS.names);
        for (i, a) in d
            .list(get(st, "addresses"), "status.addresses")
            .iter()
            .enumerate()
        {
            let p = format!("status.addresses[{i}]");
            let af = d.fields(a, &p, schema::NODE_ADDRESS.names);
            node.addresses.push(NodeAddress {
                address_type: d
                    .string(get(af, "type"), &format!("{p}.type"))
                    .unwrap_or_default(),
                address: d
                    .string(get(af, "address"), &format!("{p}.address"))
                    .unwrap_or_default(),
            });
        }
        if let Some(cpu) = get(st, "allocatable").and_then(|a| a.get("cpu")) {
            node.allocatable_cpu_millis = read_cpu(d, cpu);
        }
        for (i, c) in d
            .list(get(st, "conditions"), "status.conditions")
            .iter()
            .enumerate()
        {
            let p = format!("status.conditions[{i}]");
            let cf = d.fields(c, &p, schema::NODE_CONDITION.names);
            let ty = d.string(get(cf, "type"), &format!("{p}.type"));
            let status = d.string(get(cf, "status"), &format!("{p}.status"));
            if ty.as_deref() == Some("Ready") {
                node.ready = Some(status.as_deref() == Some("True"));
            }
        }
    }
    node
}

/// `status.allocatable.cpu`: a quantity written as a number or a string.
fn read_cpu(d: &mut Decoder<'_>, cpu: &YamlNode) -> Option<i64> {
    let text = match &cpu.value {
        Value::Scalar {
            kind: ScalarKind::Int(_) | ScalarKind::Float | ScalarKind::Str,
            text,
        } => text.as_str(),
        _ => "",
    };
    let millis = cpu_millis(text);
    if millis.is_none() {
        d.error(
            DiagnosticCode::InvalidValue,
            format!("`status.allocatable.cpu` must be a CPU quantity (`4`, `3500m`), not `{text}`"),
            cpu,
        );
    }
    millis
}
