//! The object model: the small subset of Kubernetes types svcmap reasons about.
//!
//! The model layer, above YAML and label selectors: the typed objects, the
//! endpoint value types ([`endpoints`]), decoding each kind from YAML
//! ([`decode`]), the API server's validation, scope and removed APIs, and the
//! pods operators declare.

mod meta;
mod pod;
mod service;
mod workload;

pub use meta::{ControllerRef, IntOrString, ObjectMeta};
pub use pod::{Container, ContainerPort, ContainerState, ContainerStatus, Pod, PodSpec, PodStatus};
pub use service::{Service, ServicePort, ServiceRouting, ServiceType};
pub use workload::{IntOrPercent, JobSpec, PodTemplate, UpdateStrategy, Workload, WorkloadKind};

pub mod decode;
pub mod endpoints;
pub mod node;
pub mod operators;
pub mod removed_apis;
pub mod routing;
pub mod schema;
pub mod scope;
pub mod validation;

use crate::engine::base::object_ref::ObjectRef;
use crate::engine::base::source::{Shift, Span};
use serde::Serialize;
use std::sync::Arc;

/// Any object read from the input.
#[allow(clippy::large_enum_variant)] // few objects; boxing would only add noise
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Object {
    /// A Pod (shared: unchanged objects are reused between analyses).
    Pod(Arc<Pod>),
    /// A Service.
    Service(Arc<Service>),
    /// A workload.
    Workload(Arc<Workload>),
    /// A Namespace.
    Namespace(ObjectMeta),
    /// A v1 Endpoints object written in the input.
    Endpoints {
        /// Metadata.
        meta: ObjectMeta,
        /// Its subsets.
        value: crate::engine::model::endpoints::Endpoints,
        /// Where it is in the text.
        span: Span,
    },
    /// An EndpointSlice written in the input.
    EndpointSlice {
        /// Metadata.
        meta: ObjectMeta,
        /// Its endpoints and ports.
        value: crate::engine::model::endpoints::EndpointSlice,
        /// Where it is in the text.
        span: Span,
    },
    /// A kind svcmap reads but does not model yet, or ignores.
    Other {
        /// `apiVersion`.
        api_version: String,
        /// `kind`.
        kind: String,
        /// Metadata.
        meta: ObjectMeta,
        /// For a custom resource whose operator creates pods (see
        /// [`crate::engine::model::operators`]), the labels those pods will carry.
        operator_pods: Option<crate::engine::labels::Labels>,
    },
    /// A Node.
    Node(Arc<node::Node>),
    /// An Ingress, IngressClass, Gateway, route or ReferenceGrant.
    Routing(Arc<routing::Routing>),
}

impl Object {
    /// The object's kind name.
    pub fn kind(&self) -> &str {
        match self {
            Object::Pod(_) => "Pod",
            Object::Service(_) => "Service",
            Object::Workload(w) => w.kind.as_str(),
            Object::Namespace(_) => "Namespace",
            Object::Endpoints { .. } => "Endpoints",
            Object::EndpointSlice { .. } => "EndpointSlice",
            Object::Other { kind, .. } => kind,
            Object::Node(_) => "Node",
            Object::Routing(r) => r.kind(),
        }
    }

    /// The object's metadata.
    pub fn meta(&self) -> &ObjectMeta {
        match self {
            Object::Pod(p) => &p.meta,
            Object::Service(s) => &s.meta,
            Object::Workload(w) => &w.meta,
            Object::Namespace(m) => m,
            Object::Endpoints { meta, .. } | Object::EndpointSlice { meta, .. } => meta,
            Object::Other { meta, .. } => meta,
            Object::Node(n) => &n.meta,
            Object::Routing(r) => r.meta(),
        }
    }

    /// The object's identity.
    pub fn object_ref(&self) -> ObjectRef {
        let m = self.meta();
        ObjectRef::new(self.kind(), &m.namespace, &m.name)
    }
}

impl Shift for Object {
    fn shift(&mut self, lines: usize, bytes: usize) {
        if lines == 0 && bytes == 0 {
            return;
        }
        match self {
            Object::Pod(p) => {
                let p = Arc::make_mut(p);
                p.meta.shift(lines, bytes);
                p.span.shift(lines, bytes);
            }
            Object::Service(s) => {
                let s = Arc::make_mut(s);
                s.meta.shift(lines, bytes);
                s.span.shift(lines, bytes);
                s.selector_span.shift(lines, bytes);
                s.ports.shift(lines, bytes);
            }
            Object::Workload(w) => {
                let w = Arc::make_mut(w);
                w.meta.shift(lines, bytes);
                w.template.meta.shift(lines, bytes);
                w.span.shift(lines, bytes);
            }
            Object::Namespace(m) | Object::Other { meta: m, .. } => m.shift(lines, bytes),
            Object::Endpoints { meta, span, .. } | Object::EndpointSlice { meta, span, .. } => {
                meta.shift(lines, bytes);
                span.shift(lines, bytes);
            }
            Object::Node(n) => {
                let n = Arc::make_mut(n);
                n.meta.shift(lines, bytes);
                n.span.shift(lines, bytes);
            }
            Object::Routing(r) => Arc::make_mut(r).shift(lines, bytes),
        }
    }
}
