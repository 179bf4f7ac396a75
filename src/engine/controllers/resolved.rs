//! A Service with what the controllers make of it: backends, endpoints, addresses and DNS.

use super::resolve::{Backend, ExternalBackend};
use super::{dns, services};
use crate::engine::model::endpoints::{EndpointSlice, Endpoints};
use crate::engine::model::Service;
use std::sync::Arc;

/// A Service with the pods it selects, its endpoints and how it is reached.
#[derive(Clone, Debug, PartialEq)]
pub struct ResolvedService {
    /// The Service as written.
    pub service: Arc<Service>,
    /// The selected pods (or, without a selector, the pods its hand-written
    /// endpoints point at), with their endpoint states.
    pub backends: Vec<Backend>,
    /// Without a selector: the addresses of its EndpointSlices that are not
    /// pods of the input, with their endpoint states.
    pub external: Vec<ExternalBackend>,
    /// Whether the controllers manage its endpoints (`has_managed_endpoints`).
    pub managed: bool,
    /// Its v1 Endpoints: computed when managed, else the one in the input.
    pub endpoints: Option<Arc<Endpoints>>,
    /// Its EndpointSlices: computed when managed, else those in the input.
    pub slices: Arc<Vec<EndpointSlice>>,
    /// Cluster IPs, node ports, load balancer and every address it is reached on.
    pub network: services::ServiceNetwork,
    /// Its DNS records.
    pub dns: Vec<dns::DnsRecord>,
}
