//! Object metadata, and the int-or-string values of ports.

use crate::engine::base::source::{Shift, Span};
use crate::engine::labels::Labels;
use serde::Serialize;
use std::fmt;

/// `metadata` of an object.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ObjectMeta {
    /// `metadata.name`.
    pub name: String,
    /// `metadata.namespace`, `default` when absent (`decode_meta`, as kubectl's `SetNamespace`).
    pub namespace: String,
    /// `metadata.labels`.
    pub labels: Labels,
    /// `metadata.annotations`.
    pub annotations: Labels,
    /// `metadata.uid`, if written.
    pub uid: Option<String>,
    /// `metadata.deletionTimestamp`, if written: the object is terminating.
    pub deletion_timestamp: Option<String>,
    /// The owner reference with `controller: true`, if written: the
    /// object that manages this one ([`ControllerRef`]).
    pub controller: Option<ControllerRef>,
    /// Where `metadata.name` is written.
    pub name_span: Option<Span>,
    /// Where `metadata.labels` is written.
    pub labels_span: Option<Span>,
}

/// A controller's owner reference (`metadata.ownerReferences[]` with
/// `controller: true`): the owner is in the object's namespace.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ControllerRef {
    /// `kind`: `ReplicaSet`, `Deployment`, `StatefulSet`, `Job`...
    pub kind: String,
    /// `name`.
    pub name: String,
    /// `uid`, if written.
    pub uid: Option<String>,
}

impl ObjectMeta {
    /// The object's key, `namespace/name`
    /// ([`crate::engine::base::object_ref::namespaced_key`]).
    pub fn key(&self) -> String {
        crate::engine::base::object_ref::namespaced_key(&self.namespace, &self.name)
    }
}

/// `intOrString` values such as `targetPort`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(untagged)]
pub enum IntOrString {
    /// A number.
    Int(i64),
    /// A name.
    Str(String),
}

impl fmt::Display for IntOrString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IntOrString::Int(i) => write!(f, "{i}"),
            IntOrString::Str(s) => f.write_str(s),
        }
    }
}

impl Shift for ObjectMeta {
    fn shift(&mut self, lines: usize, bytes: usize) {
        self.name_span.shift(lines, bytes);
        self.labels_span.shift(lines, bytes);
    }
}
