//! Services: type, ports, selector and addresses as written.

use super::{IntOrString, ObjectMeta};
use crate::engine::base::source::{Shift, Span};
use crate::engine::labels::Labels;
use serde::Serialize;

/// Service types.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub enum ServiceType {
    /// The default: a virtual IP inside the cluster.
    #[default]
    ClusterIP,
    /// A cluster IP plus a port on every node.
    NodePort,
    /// A node port plus an external load balancer.
    LoadBalancer,
    /// A DNS CNAME; no endpoints.
    ExternalName,
}

impl ServiceType {
    /// The name as written in YAML.
    pub fn as_str(self) -> &'static str {
        match self {
            ServiceType::ClusterIP => "ClusterIP",
            ServiceType::NodePort => "NodePort",
            ServiceType::LoadBalancer => "LoadBalancer",
            ServiceType::ExternalName => "ExternalName",
        }
    }
}

/// A Service port.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ServicePort {
    /// `name` ("" when unnamed).
    pub name: String,
    /// `protocol`, TCP by default.
    pub protocol: String,
    /// `port`.
    pub port: i64,
    /// `targetPort`, defaulted to `port` (`SetDefaults_Service`).
    pub target_port: IntOrString,
    /// `nodePort`, if written.
    pub node_port: Option<i64>,
    /// `appProtocol`, if written.
    pub app_protocol: Option<String>,
    /// Where the port entry is.
    pub span: Span,
}

/// A Service.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Service {
    /// Metadata.
    pub meta: ObjectMeta,
    /// `spec.type`.
    pub service_type: ServiceType,
    /// `spec.selector`; `None` when absent or empty (the field is `omitempty`).
    pub selector: Option<Labels>,
    /// Where `spec.selector` is written.
    pub selector_span: Option<Span>,
    /// `spec.ports`.
    pub ports: Vec<ServicePort>,
    /// `spec.clusterIP` as written (`None` when absent).
    pub cluster_ip: Option<String>,
    /// `spec.clusterIPs` as written.
    pub cluster_ips: Vec<String>,
    /// `spec.ipFamilies`.
    pub ip_families: Vec<String>,
    /// `spec.ipFamilyPolicy`: SingleStack, PreferDualStack or RequireDualStack.
    pub ip_family_policy: Option<String>,
    /// `spec.publishNotReadyAddresses`.
    pub publish_not_ready_addresses: bool,
    /// `spec.externalName`.
    pub external_name: Option<String>,
    /// Where the object is in the text.
    pub span: Span,
    /// How kube-proxy routes: traffic policies, distribution, affinity.
    pub routing: ServiceRouting,
}

/// The fields of a Service that narrow which endpoints kube-proxy uses.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ServiceRouting {
    /// `spec.internalTrafficPolicy` (`Cluster` when absent).
    pub internal_traffic_policy: Option<String>,
    /// `spec.externalTrafficPolicy` (`Cluster` when absent).
    pub external_traffic_policy: Option<String>,
    /// `spec.trafficDistribution`.
    pub traffic_distribution: Option<String>,
    /// `spec.sessionAffinity` (`None` when absent).
    pub session_affinity: Option<String>,
    /// `spec.sessionAffinityConfig.clientIP.timeoutSeconds`.
    pub session_affinity_timeout: Option<i64>,
    /// `spec.healthCheckNodePort`.
    pub health_check_node_port: Option<i64>,
    /// `spec.externalIPs`.
    pub external_ips: Vec<String>,
}

impl ServiceRouting {
    /// Whether `internalTrafficPolicy: Local`.
    pub fn internal_local(&self) -> bool {
        self.internal_traffic_policy.as_deref() == Some("Local")
    }

    /// Whether `externalTrafficPolicy: Local`.
    pub fn external_local(&self) -> bool {
        self.external_traffic_policy.as_deref() == Some("Local")
    }
}

impl Service {
    /// Whether `clusterIP: None` makes this Service headless.
    pub fn is_headless(&self) -> bool {
        self.cluster_ip.as_deref() == Some("None")
            || self.cluster_ips.first().map(String::as_str) == Some("None")
    }

    /// The IP families the Service's addresses and endpoints use, as the API
    /// server defaults them: `ipFamilies`, else the families of the
    /// written cluster IPs, else IPv4 — plus the other family when
    /// `ipFamilyPolicy` asks for dual-stack.
    pub fn families(&self) -> Vec<String> {
        let fam = |ip: &str| crate::engine::base::ip::ip_family(ip).to_string();
        let mut out: Vec<String> = if !self.ip_families.is_empty() {
            self.ip_families.clone()
        } else {
            let written: Vec<String> = self
                .cluster_ips
                .iter()
                .chain(self.cluster_ip.iter())
                .filter(|ip| !ip.is_empty() && ip.as_str() != "None")
                .map(|ip| fam(ip))
                .collect();
            if written.is_empty() {
                vec!["IPv4".into()]
            } else {
                written
            }
        };
        out.dedup();
        let dual = matches!(
            self.ip_family_policy.as_deref(),
            Some("PreferDualStack" | "RequireDualStack")
        );
        if dual && out.len() == 1 {
            let other = if out[0] == "IPv4" { "IPv6" } else { "IPv4" };
            out.push(other.into());
        }
        out.truncate(2);
        out
    }
}

impl Shift for ServicePort {
    fn shift(&mut self, lines: usize, bytes: usize) {
        self.span.shift(lines, bytes);
    }
}
