//! The controllers: which pods a Service selects, the Endpoints and
//! EndpointSlices written for it (or read from the input when it has no
//! selector, and mirrored), its addresses and its DNS records. Uses the
//! simulation and below.

pub mod dns;
pub mod endpoint_labels;
pub mod endpoints;
pub mod mirroring;
pub mod ports;
pub mod readiness;
pub mod resolve;
pub mod resolved;
pub mod services;
pub mod topology_hints;
pub mod traffic_distribution;
pub mod unmanaged;
