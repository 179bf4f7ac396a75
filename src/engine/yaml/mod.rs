//! YAML and JSON ingestion: split the text into documents and build a tree
//! of spanned nodes for each, turning every syntax error into a diagnostic.
//!
//! Each document is parsed on its own, so a syntax error in one never hides
//! the others. Scalars are resolved as Kubernetes' YAML reader resolves them
//! (YAML 1.1 booleans such as `yes`/`on` included), anchors and aliases are
//! expanded with a size budget, and `<<` merge keys are applied.
//!
//! The YAML layer: above the base layer, below everything else. JSON streams
//! ([`json`]), strict JSON read straight into the same tree
//! ([`parse_json_document`]) and JSON Lists split into items
//! ([`split_json_list_items`]), quoting ([`quote`]) and text edits ([`edit`])
//! live here too.

mod documents;
mod json_list;
mod json_tree;
mod list_items;
mod parse;
mod scalars;
mod tree;

pub use documents::{document_source, parse_documents, split_documents};
pub use json_list::{json_item_source, split_json_list_items};
pub use json_tree::{looks_like_json, parse_json_document};
pub use list_items::{item_source, split_list_items, ListItem, ListItems};
pub use parse::{parse_document, parse_nested, MAX_ALIAS_NODES, MAX_DEPTH};
pub use scalars::{resolve_plain, ScalarKind};
pub use tree::{Document, Node, Value};

pub mod cursor;
pub mod edit;
pub mod json;
pub mod quote;

#[cfg(test)]
mod tests;

#[cfg(test)]
mod span_tests;
