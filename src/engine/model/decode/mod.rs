//! Typed decoding of YAML nodes into the object model, with a diagnostic for
//! every wrong type, unknown field and invalid label, at its line and column.
//!
//! The decoder and metadata are here; each kind (family) has its own file.

mod endpoints;
mod node;
mod pod;
pub mod routing;
mod service;
mod workload;

pub use endpoints::{decode_endpoint_slice, decode_endpoints};
pub use node::decode_node;
pub use pod::{decode_pod, decode_pod_spec};
pub use routing::{decode_routing, is_routing_kind};
pub use service::{decode_service, TOLERATE_UNREADY_ANNOTATION};
pub use workload::decode_workload;

use crate::engine::base::diagnostics::{Diagnostic, DiagnosticCode, Severity};
use crate::engine::base::object_ref::ObjectRef;
use crate::engine::base::text::did_you_mean;
use crate::engine::labels::validate::{validate_key, validate_value};
use crate::engine::labels::{LabelSelector, LabelSelectorRequirement, Labels};
use crate::engine::model::*;
use crate::engine::yaml::{Node, ScalarKind, Value};

/// Collects diagnostics while decoding one object.
pub struct Decoder<'d> {
    /// Where diagnostics go.
    pub diags: &'d mut Vec<Diagnostic>,
    /// The object being decoded, once its identity is known.
    pub object: Option<ObjectRef>,
}

impl Decoder<'_> {
    fn push(
        &mut self,
        severity: Severity,
        code: DiagnosticCode,
        msg: String,
        node: &Node,
    ) -> &mut Diagnostic {
        self.diags.push(
            Diagnostic::new(severity, code, msg, Some(node.span)).with_object(self.object.clone()),
        );
        self.diags.last_mut().expect("just pushed")
    }

    /// Reports an error at `node`.
    pub fn error(&mut self, code: DiagnosticCode, msg: String, node: &Node) -> &mut Diagnostic {
        self.push(Severity::Error, code, msg, node)
    }

    /// Reports a warning at `node`.
    pub fn warn(&mut self, code: DiagnosticCode, msg: String, node: &Node) -> &mut Diagnostic {
        self.push(Severity::Warning, code, msg, node)
    }

    fn wrong_type(&mut self, node: &Node, path: &str, want: &str) {
        let got = node.type_name();
        let d = self.error(
            DiagnosticCode::WrongType,
            format!("`{path}` must be {want}, not {got}"),
            node,
        );
        if want == "a string" {
            if let Value::Scalar { text, kind } = &node.value {
                d.help = Some(match kind {
                    // sigs.k8s.io/yaml reads YAML 1.1: `yes`, `on`, `y` are booleans.
                    ScalarKind::Bool(b) if !text.eq_ignore_ascii_case(&b.to_string()) => format!(
                        "quote it: \"{text}\" (unquoted, YAML 1.1 reads `{text}` as the boolean {b}, as Kubernetes does, and the API server refuses the object)"
                    ),
                    _ => format!("quote it: \"{text}\""),
                });
            }
        }
    }

    /// The entries of a mapping at `path`, reporting fields not in `known`.
    /// A null node reads as an empty mapping.
    pub fn fields<'n>(&mut self, node: &'n Node, path: &str, known: &[&str]) -> &'n [(Node, Node)] {
        if node.is_null() {
            return &[];
        }
        let Some(entries) = node.as_map() else {
            self.wrong_type(node, path, "a mapping");
            return &[];
        };
        for (k, _) in entries {
            let name = k.scalar_text().unwrap_or("");
            if !known.contains(&name) {
                let field = if path.is_empty() {
                    name.to_string()
                } else {
                    format!("{path}.{name}")
                };
                let hint = did_you_mean(name, known);
                let d = self.warn(
                    DiagnosticCode::UnknownField,
                    format!("unknown field `{field}`"),
                    k,
                );
                if let Some(h) = hint {
                    d.help = Some(format!("did you mean `{h}`?"));
                }
            }
        }
        entries
    }

    /// A string field; wrong types are reported and read as `None`.
    pub fn string(&mut self, node: Option<&Node>, path: &str) -> Option<String> {
        let node = node?;
        if node.is_null() {
            return None;
        }
        match node.as_str() {
            Some(s) => Some(s.to_string()),
            None => {
                self.wrong_type(node, path, "a string");
                None
            }
        }
    }

    /// An integer field; wrong types are reported and read as `None`.
    pub fn int(&mut self, node: Option<&Node>, path: &str) -> Option<i64> {
        let node = node?;
        match &node.value {
            Value::Scalar {
                kind: ScalarKind::Int(i),
                ..
            } => Some(*i),
            Value::Scalar {
                kind: ScalarKind::Null,
                ..
            } => None,
            _ => {
                self.wrong_type(node, path, "an integer");
                None
            }
        }
    }

    /// A boolean field.
    pub fn boolean(&mut self, node: Option<&Node>, path: &str) -> Option<bool> {
        let node = node?;
        match &node.value {
            Value::Scalar {
                kind: ScalarKind::Bool(b),
                ..
            } => Some(*b),
            Value::Scalar {
                kind: ScalarKind::Null,
                ..
            } => None,
            _ => {
                self.wrong_type(node, path, "a boolean");
                None
            }
        }
    }

    /// An int-or-string field (`targetPort`).
    pub fn int_or_string(&mut self, node: Option<&Node>, path: &str) -> Option<IntOrString> {
        let node = node?;
        match &node.value {
            Value::Scalar {
                kind: ScalarKind::Int(i),
                ..
            } => Some(IntOrString::Int(*i)),
            Value::Scalar {
                kind: ScalarKind::Str,
                text,
            } => Some(IntOrString::Str(text.clone())),
            Value::Scalar {
                kind: ScalarKind::Null,
                ..
            } => None,
            _ => {
                self.wrong_type(node, path, "an integer or a string");
                None
            }
        }
    }

    /// The items of a list field (null reads as empty).
    pub fn list<'n>(&mut self, node: Option<&'n Node>, path: &str) -> &'n [Node] {
        let Some(node) = node else { return &[] };
        if node.is_null() {
            return &[];
        }
        match node.as_seq() {
            Some(items) => items,
            None => {
                self.wrong_type(node, path, "a list");
                &[]
            }
        }
    }

    /// A list of strings.
    pub fn strings(&mut self, node: Option<&Node>, path: &str) -> Vec<String> {
        let items = self.list(node, path);
        items
            .iter()
            .enumerate()
            .filter_map(|(i, n)| self.string(Some(n), &format!("{path}[{i}]")))
            .collect()
    }

    /// A map of strings; with `labels`, keys and values are validated as labels.
    pub fn string_map(&mut self, node: Option<&Node>, path: &str, labels: bool) -> Labels {
        let mut out = Labels::new();
        let Some(node) = node else { return out };
        if node.is_null() {
            return out;
        }
        let Some(entries) = node.as_map() else {
            self.wrong_type(node, path, "a mapping of strings");
            return out;
        };
        for (k, v) in entries {
            let Some(key) = k.scalar_text() else {
                self.wrong_type(k, path, "a mapping with string keys");
                continue;
            };
            let field = format!("{path}.{key}");
            // Kubernetes reads a null value as "".
            let value = if v.is_null() {
                Some(String::new())
            } else {
                self.string(Some(v), &field)
            };
            let Some(value) = value else { continue };
            if labels {
                if let Err(e) = validate_key(key) {
                    self.error(
                        DiagnosticCode::InvalidLabelKey,
                        format!("invalid label key `{key}`: {e}"),
                        k,
                    );
                }
                if let Err(e) = validate_value(&value) {
                    self.error(
                        DiagnosticCode::InvalidLabelValue,
                        format!("invalid label value `{value}` for `{key}`: {e}"),
                        v,
                    );
                }
            }
            out.insert(key.to_string(), value);
        }
        out
    }
}

/// Decodes `metadata`. `namespaced` objects get `default` when no namespace is written.
pub fn decode_meta(
    d: &mut Decoder<'_>,
    node: Option<&Node>,
    namespaced: bool,
    path: &str,
) -> ObjectMeta {
    let mut meta = ObjectMeta::default();
    if let Some(node) = node {
        let f = d.fields(node, path, schema::OBJECT_META.names);
        let get = |name: &str| {
            f.iter()
                .find(|(k, _)| k.scalar_text() == Some(name))
                .map(|(_, v)| v)
        };
        meta.name = d
            .string(get("name"), &format!("{path}.name"))
            .unwrap_or_default();
        meta.name_span = get("name").map(|n| n.span);
        meta.namespace = d
            .string(get("namespace"), &format!("{path}.namespace"))
            .unwrap_or_default();
        meta.labels = d.string_map(get("labels"), &format!("{path}.labels"), true);
        meta.labels_span = get("labels").map(|n| n.span);
        meta.annotations = d.string_map(get("annotations"), &format!("{path}.annotations"), false);
        meta.uid = d.string(get("uid"), &format!("{path}.uid"));
        meta.controller = decode_controller(d, get("ownerReferences"), path);
        meta.deletion_timestamp = get("deletionTimestamp")
            .filter(|n| !n.is_null())
            .map(|n| n.scalar_text().unwrap_or("set").to_string());
    }
    if namespaced && meta.namespace.is_empty() {
        meta.namespace = "default".into();
    }
    if !namespaced {
        meta.namespace.clear();
    }
    meta
}

/// The controller among `ownerReferences`: the first reference with
/// `controller: true`. Mirrors `GetControllerOfNoCopy` in
/// `staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/controller_ref.go`.
fn decode_controller(
    d: &mut Decoder<'_>,
    node: Option<&Node>,
    path: &str,
) -> Option<ControllerRef> {
    let mut found = None;
    for (i, r) in d
        .list(node, &format!("{path}.ownerReferences"))
        .iter()
        .enumerate()
    {
        let p = format!("{path}.ownerReferences[{i}]");
        let f = d.fields(r, &p, schema::OWNER_REFERENCE.names);
        let controller = d.boolean(get(f, "controller"), &format!("{p}.controller"));
        let kind = d.string(get(f, "kind"), &format!("{p}.kind"));
        let name = d.string(get(f, "name"), &format!("{p}.name"));
        let uid = d.string(get(f, "uid"), &format!("{p}.uid"));
        if found.is_none() && controller == Some(true) {
            if let (Some(kind), Some(name)) = (kind, name) {
                found = Some(ControllerRef { kind, name, uid });
            }
        }
    }
    found
}

pub(super) fn get<'n>(f: &'n [(Node, Node)], name: &str) -> Option<&'n Node> {
    f.iter()
        .find(|(k, _)| k.scalar_text() == Some(name))
        .map(|(_, v)| v)
}

/// Decodes a LabelSelector object (`matchLabels` / `matchExpressions`).
pub fn decode_label_selector(d: &mut Decoder<'_>, node: &Node, path: &str) -> LabelSelector {
    let f = d.fields(node, path, schema::LABEL_SELECTOR.names);
    let mut ls = LabelSelector {
        match_labels: d.string_map(get(f, "matchLabels"), &format!("{path}.matchLabels"), true),
        match_expressions: Vec::new(),
    };
    for (i, e) in d
        .list(
            get(f, "matchExpressions"),
            &format!("{path}.matchExpressions"),
        )
        .iter()
        .enumerate()
    {
        let p = format!("{path}.matchExpressions[{i}]");
        let ef = d.fields(e, &p, schema::LABEL_SELECTOR_REQUIREMENT.names);
        ls.match_expressions.push(LabelSelectorRequirement {
            key: d
                .string(get(ef, "key"), &format!("{p}.key"))
                .unwrap_or_default(),
            operator: d
                .string(get(ef, "operator"), &format!("{p}.operator"))
                .unwrap_or_default(),
            values: d.strings(get(ef, "values"), &format!("{p}.values")),
        });
    }
    ls
}
