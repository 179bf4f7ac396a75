//! The tree of spanned nodes a document parses into.

use super::ScalarKind;
use crate::engine::base::diagnostics::Diagnostic;
use crate::engine::base::source::{Shift, Span};

/// A YAML value with its children.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A scalar: its text as written (unescaped) and what it resolved to.
    Scalar {
        /// The scalar's text.
        text: String,
        /// Its resolved type.
        kind: ScalarKind,
    },
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in source order.
    Map(Vec<(Node, Node)>),
}

/// A value and where it is in the text.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Its span in the whole text.
    pub span: Span,
}

impl Node {
    /// A hash of the value alone — not where it is, not its comments or
    /// style, not the order of mapping keys: what the API server would store.
    pub fn content_hash(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = crate::engine::base::stable_hash::StableHasher::default();
        match &self.value {
            Value::Scalar { text, kind } => {
                (0u8, text, std::mem::discriminant(kind)).hash(&mut h);
            }
            Value::Seq(items) => {
                (1u8, items.len()).hash(&mut h);
                for i in items {
                    h.write_u64(i.content_hash());
                }
            }
            Value::Map(entries) => {
                // Key order does not matter: entries combine by a sum.
                let sum = entries.iter().fold(0u64, |acc, (k, v)| {
                    let mut e = crate::engine::base::stable_hash::StableHasher::default();
                    e.write_u64(k.content_hash());
                    e.write_u64(v.content_hash());
                    acc.wrapping_add(e.finish())
                });
                (2u8, entries.len(), sum).hash(&mut h);
            }
        }
        h.finish()
    }

    /// The string value, if this is a string scalar.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar {
                text,
                kind: ScalarKind::Str,
            } => Some(text),
            _ => None,
        }
    }

    /// Whether this is a null scalar.
    pub fn is_null(&self) -> bool {
        matches!(
            self.value,
            Value::Scalar {
                kind: ScalarKind::Null,
                ..
            }
        )
    }

    /// The entries, if this is a mapping.
    pub fn as_map(&self) -> Option<&[(Node, Node)]> {
        match &self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    /// The items, if this is a sequence.
    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(s) => Some(s),
            _ => None,
        }
    }

    /// The value of string key `key`, if this is a mapping holding it.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_map()?
            .iter()
            .find(|(k, _)| k.scalar_text() == Some(key))
            .map(|(_, v)| v)
    }

    /// The text of any scalar.
    pub fn scalar_text(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// A short name of the node's type for messages: `string`, `integer`, `mapping`, ...
    pub fn type_name(&self) -> &'static str {
        match &self.value {
            Value::Scalar { kind, .. } => match kind {
                ScalarKind::Null => "null",
                ScalarKind::Bool(_) => "boolean",
                ScalarKind::Int(_) => "integer",
                ScalarKind::Float => "number",
                ScalarKind::Str => "string",
            },
            Value::Seq(_) => "list",
            Value::Map(_) => "mapping",
        }
    }

    pub(super) fn count(&self) -> usize {
        match &self.value {
            Value::Scalar { .. } => 1,
            Value::Seq(s) => 1 + s.iter().map(Node::count).sum::<usize>(),
            Value::Map(m) => 1 + m.iter().map(|(k, v)| k.count() + v.count()).sum::<usize>(),
        }
    }
}

impl Shift for Node {
    fn shift(&mut self, lines: usize, bytes: usize) {
        self.span.shift(lines, bytes);
        match &mut self.value {
            Value::Scalar { .. } => {}
            Value::Seq(items) => items.shift(lines, bytes),
            Value::Map(entries) => {
                for (k, v) in entries {
                    k.shift(lines, bytes);
                    v.shift(lines, bytes);
                }
            }
        }
    }
}

impl Shift for Document {
    fn shift(&mut self, lines: usize, bytes: usize) {
        self.root.shift(lines, bytes);
        self.span.shift(lines, bytes);
        self.diagnostics.shift(lines, bytes);
    }
}

/// One YAML document of the input.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// The root node; `None` for an empty document or one that failed to parse.
    pub root: Option<Node>,
    /// The lines of the text this document came from.
    pub span: Span,
    /// Syntax and limit problems of this document.
    pub diagnostics: Vec<Diagnostic>,
}
