//! kube-proxy: which endpoints each node's proxy uses for a Service port,
//! for traffic from inside the cluster and for traffic arriving on a node
//! port, load balancer or external IP. Uses the controllers and below.

pub mod categorize;
pub mod route;
