//! svcmap: a Kubernetes Service → Endpoints → Pod playground.
//!
//! [`engine`] is pure Rust and knows nothing of the browser: it reads
//! manifests and answers which pods each Service's endpoints resolve to, as
//! Kubernetes would. [`ui`] (feature `ui`) is the Leptos playground over it.

pub mod embed;
pub mod engine;
pub mod invariants;
pub mod share;
pub mod synthetic;

#[cfg(feature = "ui")]
pub mod ui;
