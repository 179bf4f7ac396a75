//! Reading objects from a parsed document: `List`s unwrapped, identity,
//! namespace applied, removed API versions refused, each kind decoded.

use crate::engine::base::diagnostics::{Diagnostic, DiagnosticCode, Severity};
use crate::engine::base::object_ref::ObjectRef;
use crate::engine::base::source::Span;
use crate::engine::model::decode::{self, Decoder};
use crate::engine::model::{self, operators, removed_apis, schema, scope, Object};
use crate::engine::yaml::Node;
use std::sync::Arc;

pub(super) fn read_root(
    root: &Node,
    namespace: Option<&str>,
    objects: &mut Vec<Object>,
    diags: &mut Vec<Diagnostic>,
) {
    let kind = root.get("kind").and_then(Node::as_str).unwrap_or("");
    if kind == "List" || (kind.ends_with("List") && root.get("items").is_some()) {
        let mut d = Decoder {
            diags,
            object: None,
        };
        let f = d.fields(root, "", schema::LIST.names);
        let items = d.list(
            f.iter()
                .find(|(k, _)| k.scalar_text() == Some("items"))
                .map(|(_, v)| v),
            "items",
        );
        for item in items {
            read_object(item, namespace, objects, diags);
        }
    } else {
        read_object(root, namespace, objects, diags);
    }
}

/// Reads one item of a List: as [`read_root`] reads each of its items.
pub(super) fn read_item(
    node: &Node,
    namespace: Option<&str>,
    objects: &mut Vec<Object>,
    diags: &mut Vec<Diagnostic>,
) {
    read_object(node, namespace, objects, diags);
}

/// Whether `frame` (a List document without its items, see
/// [`crate::engine::yaml::split_list_items`]) reads as [`read_root`] reads a
/// List, with no diagnostic: then its items can be read one by one.
pub(super) fn is_plain_list_frame(frame: &str) -> bool {
    let doc = crate::engine::yaml::parse_document(frame);
    let Some(root) = doc.root.as_ref().filter(|_| doc.diagnostics.is_empty()) else {
        return false;
    };
    let kind = root.get("kind").and_then(Node::as_str).unwrap_or("");
    if !kind.ends_with("List") || root.get("items").is_none_or(|i| !i.is_null()) {
        return false;
    }
    let (mut objects, mut diags) = (Vec::new(), Vec::new());
    read_root(root, None, &mut objects, &mut diags);
    objects.is_empty() && diags.is_empty()
}

fn read_object(
    node: &Node,
    namespace: Option<&str>,
    objects: &mut Vec<Object>,
    diags: &mut Vec<Diagnostic>,
) {
    let mut d = Decoder {
        diags,
        object: None,
    };
    if node.as_map().is_none() {
        if !node.is_null() {
            d.error(
                DiagnosticCode::NotAnObject,
                format!("a document must be a Kubernetes object (a mapping with apiVersion and kind), not a {}", node.type_name()),
                node,
            );
        }
        return;
    }
    let kind_node = node.get("kind");
    let Some(kind) = d.string(kind_node, "kind") else {
        if kind_node.is_none() {
            d.error(
                DiagnosticCode::MissingField,
                "object has no `kind`".into(),
                node,
            )
            .help = Some(
                "every object needs `apiVersion` and `kind`, e.g. `apiVersion: v1` and `kind: Pod`"
                    .into(),
            );
        }
        return;
    };
    let api_version = d
        .string(node.get("apiVersion"), "apiVersion")
        .unwrap_or_default();
    if node.get("apiVersion").is_none() {
        d.error(
            DiagnosticCode::MissingField,
            "object has no `apiVersion`".into(),
            node,
        );
    }
    let workload = model::WorkloadKind::from_kind(&kind);
    let cluster_scoped = scope::is_cluster_scoped(&api_version, &kind);
    let modelled = matches!(
        kind.as_str(),
        "Pod" | "Service" | "Namespace" | "Endpoints" | "EndpointSlice" | "Node"
    ) || workload.is_some();
    let routing = decode::is_routing_kind(&api_version, &kind);
    let mut meta = decode::decode_meta(&mut d, node.get("metadata"), !cluster_scoped, "metadata");
    let written = node.get("metadata").and_then(|m| m.get("namespace"));
    match scope::applied_namespace(
        written.and_then(Node::as_str).unwrap_or(""),
        cluster_scoped,
        namespace,
    ) {
        Ok(ns) => meta.namespace = ns,
        Err(refused) => {
            d.object = Some(ObjectRef::new(&kind, &refused.written, &meta.name));
            let at = written.unwrap_or(node);
            d.error(DiagnosticCode::NamespaceMismatch, refused.message(), at)
                .help = Some(format!(
                "apply it with `-n {}`, or remove its `metadata.namespace` so that `-n {}` places it",
                refused.written, refused.applied
            ));
            return;
        }
    }
    d.object = Some(ObjectRef::new(&kind, &meta.namespace, &meta.name));
    if meta.name.is_empty() {
        d.error(
            DiagnosticCode::MissingField,
            format!("{kind} has no `metadata.name`"),
            node.get("metadata").unwrap_or(node),
        );
    }
    let span: Span = node.span;
    if let Some(r) = removed_apis::removed_api(&api_version, &kind) {
        // The API server does not serve it: the object is not created.
        let (message, help) = removed_apis::removed_api_message(r, &kind, node);
        d.error(
            DiagnosticCode::RemovedApiVersion,
            message,
            node.get("apiVersion").unwrap_or(node),
        )
        .help = Some(help);
        objects.push(Object::Other {
            api_version,
            kind,
            meta,
            operator_pods: None,
        });
        return;
    }
    let f = if kind == "Endpoints" {
        d.fields(node, "", schema::ENDPOINTS.names)
    } else if kind == "EndpointSlice" {
        d.fields(node, "", schema::ENDPOINT_SLICE.names)
    } else if kind == "Node" {
        d.fields(node, "", schema::NODE.names)
    } else if routing {
        d.fields(node, "", decode::routing::TOP_FIELDS)
    } else if modelled {
        d.fields(node, "", schema::POD.names)
    } else {
        node.as_map().unwrap_or(&[])
    };
    let object = match (kind.as_str(), workload) {
        ("Pod", _) => Object::Pod(Arc::new(decode::decode_pod(&mut d, f, meta, span))),
        ("Service", _) => Object::Service(Arc::new(decode::decode_service(&mut d, f, meta, span))),
        ("Namespace", _) => Object::Namespace(meta),
        ("Endpoints", _) => {
            let value = decode::decode_endpoints(&mut d, f, &meta);
            Object::Endpoints { meta, value, span }
        }
        ("EndpointSlice", _) => {
            let value = decode::decode_endpoint_slice(&mut d, node, f, &meta);
            Object::EndpointSlice { meta, value, span }
        }
        ("Node", _) => Object::Node(Arc::new(decode::decode_node(&mut d, f, meta, span))),
        _ if routing => Object::Routing(Arc::new(decode::decode_routing(
            &mut d, &kind, f, meta, span,
        ))),
        (_, Some(w)) => {
            Object::Workload(Arc::new(decode::decode_workload(&mut d, w, f, meta, span)))
        }
        _ => {
            d.push_info_ignored(&kind, node);
            let operator_pods =
                operators::declared_pod_labels(&api_version, &kind, &meta.name, node.get("spec"));
            Object::Other {
                api_version,
                kind,
                meta,
                operator_pods,
            }
        }
    };
    objects.push(object);
}

impl Decoder<'_> {
    fn push_info_ignored(&mut self, kind: &str, node: &Node) {
        let span = node.get("kind").map_or(node.span, |k| k.span);
        self.diags.push(
            Diagnostic::new(
                Severity::Info,
                DiagnosticCode::IgnoredKind,
                format!("kind `{kind}` does not affect Service routing; it is listed and otherwise ignored"),
                Some(span),
            )
            .with_object(self.object.clone()),
        );
    }
}
