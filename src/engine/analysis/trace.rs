//! Tracing a request through the analysis' Gateways, routes and Ingresses
//! to the pods behind their Services.

use super::pipeline::Analysis;
use crate::engine::routes::request::Request;
use crate::engine::routes::trace::{trace, Trace};

impl Analysis {
    /// Where `req` goes: each hop from a Gateway listener or an Ingress to
    /// the Service ports and their ready pods, and the verdict (see
    /// [`crate::engine::routes::trace::trace`]). `gateway` (`namespace`,
    /// `name`) traces through that Gateway only.
    pub fn trace(&self, req: &Request, gateway: Option<(&str, &str)>) -> Trace {
        trace(&self.objects, &self.services, &self.pods, req, gateway)
    }
}
