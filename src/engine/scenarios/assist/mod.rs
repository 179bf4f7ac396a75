//! Completion and hover for an editor, driven by the schema of the fields
//! svcmap reads and by the analysis of the text (labels, namespaces, the
//! ports of the pods a Service selects, the pods a selector matches).
//!
//! Each request places the cursor with [`crate::engine::yaml::cursor`]
//! (indentation only: fast, and tolerant of text that does not parse while
//! it is typed) and reads the analysis the caller already has: nothing is
//! analysed again per request.

mod complete;
mod hover;
mod input;

pub use complete::{complete, Completion, Completions};
pub use hover::{hover, Hover};

#[cfg(test)]
mod tests;
