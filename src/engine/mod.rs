//! The svcmap engine: YAML text in, an [`Analysis`] out — which pods each
//! Service's endpoints resolve to, and every problem found on the way.
//!
//! Pure Rust, no browser types: the playground, the CLI and the tests all call
//! [`analyze`].
//!
//! ```
//! let a = svcmap::engine::analyze(
//!     "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: web-1, labels: {app: web}}\n",
//! );
//! assert_eq!(a.services[0].backends.len(), 1);
//! assert_eq!(a.pods[a.services[0].backends[0].pod].pod.meta.name, "web-1");
//! ```
//!
//! The engine is a stack of layers along the data flow; a module uses modules
//! of its own layer or of lower ones only (`tests/layers.rs` checks it):
//!
//! 1. [`base`]: text positions, diagnostics, object identity, ordering;
//! 2. [`yaml`]: parsing, scalars and quoting, JSON streams, text edits;
//! 3. [`labels`]: label selectors;
//! 4. [`model`]: typed objects, endpoint values, decoding per kind, validation;
//! 5. [`sim`]: the pods workloads create, their names and addresses;
//! 6. [`controllers`]: selection, Endpoints and EndpointSlices, selector-less
//!    Services and mirroring, Service addresses, DNS;
//! 7. [`proxy`]: kube-proxy on each node: the endpoints a Service port uses
//!    from there, by traffic policy, topology hints and readiness;
//! 8. [`routes`]: Ingresses, Gateways and their routes in front of Services,
//!    and the trace of a request through them;
//! 9. [`analysis`]: the [`Analysis`]/[`Analyzer`] pipeline and its checks;
//! 10. [`scenarios`]: explanations and fixes, what-if edits, rollouts;
//! 11. [`render`]: objects as YAML/JSON, the graph layout.
//!
//! This module only names the layers and re-exports the types most callers use.

pub mod analysis;
pub mod base;
pub mod controllers;
pub mod labels;
pub mod model;
pub mod proxy;
pub mod render;
pub mod routes;
pub mod scenarios;
pub mod sim;
pub mod yaml;

pub use analysis::{
    analyze, analyze_in_namespace, analyze_with_limits, Analysis, Analyzer, Job, Step,
    MAX_ANALYZED_BYTES, MAX_BACKENDS,
};
pub use base::diagnostics::{Diagnostic, DiagnosticCode, Severity};
pub use base::object_ref::ObjectRef;
pub use controllers::resolve::{Backend, EndpointState};
pub use controllers::resolved::ResolvedService;
pub use model::{Object, Pod};
