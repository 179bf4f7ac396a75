//! The routes layer: what stands in front of Services — Ingresses and
//! their classes, Gateways, HTTPRoutes and GRPCRoutes, ReferenceGrants —
//! and where a request goes through them. Above the controllers (it reads
//! resolved Services and their endpoints), below the analysis.
//!
//! One rule per file: hostnames, paths, route matching, attachment to
//! listeners, cross-namespace grants, IngressClasses, backend ports; the
//! [`table`] of an input's routing objects, the [`trace`] of one request and
//! the [`checks`] of routes that lead nowhere.

pub mod attach;
pub mod backends;
pub mod checks;
pub mod hostname;
pub mod ingress_class;
pub mod matching;
pub mod path;
pub mod reference_grant;
pub mod request;
pub mod service_port;
pub mod table;
pub mod trace;
