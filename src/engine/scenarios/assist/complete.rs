//! Completion at a cursor: the fields valid there, the kinds and API
//! versions svcmap reads, label keys and values of the input, namespaces,
//! and a Service's `targetPort` from the ports of the pods it selects.

use super::input::{cursor_service, labels_in_input, namespaces_in_input};
use crate::engine::analysis::Analysis;
use crate::engine::model::schema::{self, FieldType, Step};
use crate::engine::yaml::cursor::{cursor_at, Cursor, Spot};

/// One completion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Completion {
    /// What the list shows (and what typing filters on).
    pub label: String,
    /// Its sort in CodeMirror's terms: `property`, `keyword`, `enum`,
    /// `constant`, `variable`.
    pub kind: &'static str,
    /// A short note beside the label (a type, an apiVersion, a count).
    pub detail: String,
    /// One line of meaning, shown beside the list.
    pub info: String,
    /// The text inserted in place of the word being typed.
    pub apply: String,
}

/// The completions at a cursor: they replace the text from `from` (a byte
/// offset) to the cursor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Completions {
    /// Where the word being completed starts (byte offset).
    pub from: usize,
    /// The candidates, best first.
    pub items: Vec<Completion>,
    /// Whether they are values (after `key: `) rather than keys.
    pub on_value: bool,
}

/// The completions at byte `offset` of `text`, from the analysis `a` of
/// (an earlier version of) the text; `None` where nothing can be offered.
pub fn complete(text: &str, offset: usize, a: &Analysis) -> Option<Completions> {
    let c = cursor_at(text, offset)?;
    let items = match &c.spot {
        Spot::Key { .. } => keys(&c, a),
        Spot::Value { key, .. } => values(&c, key, a),
    };
    (!items.is_empty()).then_some(Completions {
        from: c.word_start,
        items,
        on_value: matches!(c.spot, Spot::Value { .. }),
    })
}

/// The kind of the object at the cursor, as the schema reads it: an object
/// with no `kind` yet, or of a kind svcmap does not model, reads as a
/// generic one (`apiVersion`, `kind`, `metadata`...).
pub(super) fn kind_of(c: &Cursor) -> &str {
    c.kind
        .as_deref()
        .filter(|k| schema::object_type(k).is_some())
        .unwrap_or("Namespace")
}

/// Whether the labels at `path` select pods: a Service's `spec.selector`, a
/// workload's `spec.selector` (its `matchLabels`).
pub(super) fn is_selector(kind: &str, path: &[Step]) -> bool {
    let key = |k: &str| Step::Key(k.into());
    match kind {
        "Service" | "ReplicationController" => path == [key("spec"), key("selector")],
        _ => {
            schema::WorkloadKinds::of(kind) != schema::WorkloadKinds::ALL
                && path == [key("spec"), key("selector"), key("matchLabels")]
        }
    }
}

/// Fields (or label keys) for a key at the cursor.
fn keys(c: &Cursor, a: &Analysis) -> Vec<Completion> {
    let kind = kind_of(c);
    let Some((_, ty)) = schema::type_at(kind, &c.path) else {
        return Vec::new();
    };
    match ty {
        FieldType::Object(t) => schema::fields_for(t, kind)
            .filter(|f| !c.siblings.iter().any(|s| s == f.name))
            .map(|f| Completion {
                label: f.name.into(),
                kind: "property",
                detail: f.ty.describe(),
                info: f.doc.into(),
                apply: key_insert(f.name, f.ty, c.column),
            })
            .collect(),
        FieldType::Labels => {
            let selector = is_selector(kind, &c.path);
            labels_in_input(a, None, selector)
                .into_iter()
                .filter(|(k, _, _)| !c.siblings.contains(k))
                .map(|(k, n, on_pods)| Completion {
                    apply: format!("{k}: "),
                    detail: count(n, on_pods),
                    info: "A label key of the input.".into(),
                    label: k,
                    kind: "property",
                })
                .collect()
        }
        _ => Vec::new(),
    }
}

/// "on 3 pods", "on 1 object".
fn count(n: usize, pods: bool) -> String {
    let what = if pods { "pod" } else { "object" };
    format!("on {n} {what}{}", if n == 1 { "" } else { "s" })
}

/// What choosing a field inserts: `name: ` for a scalar; the key and a new
/// line one step deeper for a mapping; the key and a first `- ` for a list.
fn key_insert(name: &str, ty: FieldType, column: usize) -> String {
    let pad = " ".repeat(column + 2);
    match ty {
        FieldType::Object(_) | FieldType::Opaque | FieldType::StrMap | FieldType::Labels => {
            format!("{name}:\n{pad}")
        }
        FieldType::List(_) | FieldType::OpaqueList | FieldType::Strings => {
            format!("{name}:\n{pad}- ")
        }
        _ => format!("{name}: "),
    }
}

/// Values for `key` at the cursor.
fn values(c: &Cursor, key: &str, a: &Analysis) -> Vec<Completion> {
    let kind = kind_of(c);
    let simple = |label: &str, kind: &'static str, detail: String, info: &str| Completion {
        label: label.into(),
        kind,
        detail,
        info: info.into(),
        apply: label.into(),
    };
    if c.path.is_empty() && key == "kind" {
        return schema::KINDS
            .iter()
            .map(|(k, v)| simple(k, "keyword", (*v).into(), "A kind svcmap reads."))
            .collect();
    }
    if c.path.is_empty() && key == "apiVersion" {
        let mut versions: Vec<&str> = Vec::new();
        // The version of the kind written first.
        let own = schema::KINDS
            .iter()
            .find(|(k, _)| Some(*k) == c.kind.as_deref());
        for (_, v) in own.into_iter().chain(schema::KINDS) {
            if !versions.contains(v) {
                versions.push(v);
            }
        }
        return versions
            .into_iter()
            .map(|v| {
                let kinds: Vec<&str> = schema::KINDS
                    .iter()
                    .filter(|(_, kv)| *kv == v)
                    .map(|(k, _)| *k)
                    .collect();
                simple(
                    v,
                    "keyword",
                    kinds.join(", "),
                    "An API version svcmap reads.",
                )
            })
            .collect();
    }
    let Some((_, parent)) = schema::type_at(kind, &c.path) else {
        return Vec::new();
    };
    let t = match parent {
        FieldType::Labels => {
            let selector = is_selector(kind, &c.path);
            return labels_in_input(a, Some(key), selector)
                .into_iter()
                .map(|(v, n, on_pods)| Completion {
                    apply: v.clone(),
                    detail: count(n, on_pods),
                    info: format!("A value of the label `{key}` in the input."),
                    label: v,
                    kind: "variable",
                })
                .collect();
        }
        FieldType::Object(t) => t,
        _ => return Vec::new(),
    };
    let Some(field) = schema::fields_for(t, kind).find(|f| f.name == key) else {
        return Vec::new();
    };
    if t.name == "ObjectMeta" && key == "namespace" {
        return namespaces_in_input(a)
            .iter()
            .map(|ns| simple(ns, "variable", String::new(), "A namespace of the input."))
            .collect();
    }
    if t.name == "ServicePort" && key == "targetPort" {
        return target_ports(c, a);
    }
    if field.ty == FieldType::Bool {
        return ["true", "false"]
            .iter()
            .map(|b| simple(b, "constant", String::new(), field.doc))
            .collect();
    }
    schema::enum_values(t, key)
        .iter()
        .map(|v| simple(v, "enum", String::new(), field.doc))
        .collect()
}

/// A Service port's `targetPort`: the named ports of the containers of the
/// pods the Service selects (a name resolves on each pod, as
/// `podutil.FindPort` does), then their numbers.
fn target_ports(c: &Cursor, a: &Analysis) -> Vec<Completion> {
    let Some(s) = cursor_service(a, c) else {
        return Vec::new();
    };
    let mut named: Vec<(String, String)> = Vec::new();
    let mut numbers: Vec<(i64, String)> = Vec::new();
    for b in &s.backends {
        let pod = &a.pods[b.pod].pod;
        for ctr in &pod.spec.containers {
            for p in &ctr.ports {
                let about = format!("{} {}/{}", ctr.name, p.container_port, p.protocol);
                if let Some(n) = p.name.as_ref().filter(|n| !n.is_empty()) {
                    if !named.iter().any(|(m, _)| m == n) {
                        named.push((n.clone(), about.clone()));
                    }
                }
                if !numbers.iter().any(|(m, _)| *m == p.container_port) {
                    numbers.push((p.container_port, about));
                }
            }
        }
    }
    let pods = s.backends.len();
    let info = format!(
        "A port of the containers of the {pods} pod{} this Service selects.",
        if pods == 1 { "" } else { "s" }
    );
    named
        .into_iter()
        .map(|(n, about)| Completion {
            apply: n.clone(),
            label: n,
            kind: "variable",
            detail: about,
            info: info.clone(),
        })
        .chain(numbers.into_iter().map(|(n, about)| Completion {
            label: n.to_string(),
            apply: n.to_string(),
            kind: "constant",
            detail: about,
            info: info.clone(),
        }))
        .collect()
}
