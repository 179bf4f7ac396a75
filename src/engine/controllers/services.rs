//! How a Service is reached: its cluster IP, node ports, load balancer and
//! ExternalName, with every value the API server or a cloud
//! would invent simulated deterministically.

use crate::engine::base::stable_hash::fnv1a;
use crate::engine::model::{Service, ServiceType};
use crate::engine::sim::addresses::SIMULATED_NODES;
use crate::engine::sim::addresses::{simulated_ipv6, IpAllocator};
use serde::Serialize;
use std::collections::HashSet;
use std::net::Ipv4Addr;

/// First port of the node-port range.
pub const NODE_PORT_MIN: i64 = 30000;
/// Last port of the node-port range.
pub const NODE_PORT_MAX: i64 = 32767;

/// One way into a Service, and where it leads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ServiceAddress {
    /// `cluster-ip`, `node-port`, `load-balancer` or `external-name`.
    pub kind: &'static str,
    /// `ip:port`, `node:port` or the DNS name.
    pub address: String,
    /// The Service port's name ("" when unnamed).
    pub port_name: String,
    /// Where it leads: `targetPort` of the selected pods, or the CNAME.
    pub leads_to: String,
    /// Whether part of the address was simulated.
    pub simulated: bool,
}

/// The values the API server and the cloud provider fill in for a Service.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ServiceNetwork {
    /// The cluster IPs (empty for headless and ExternalName Services).
    pub cluster_ips: Vec<String>,
    /// Whether the cluster IP was allocated by svcmap.
    pub cluster_ip_simulated: bool,
    /// The node port of each Service port (NodePort and LoadBalancer).
    pub node_ports: Vec<Option<i64>>,
    /// The simulated load balancer ingress IP.
    pub load_balancer_ip: Option<String>,
    /// Every address the Service is reached on.
    pub addresses: Vec<ServiceAddress>,
}

/// The prefix of simulated IPv6 cluster IPs (fd00:10:96::/108).
pub const CLUSTER_IPV6_PREFIX: &str = "fd00:10:96::";

/// Allocates cluster IPs, node ports and load balancer IPs for all Services,
/// avoiding the values written in the input.
pub fn allocate(services: &[&Service]) -> Vec<ServiceNetwork> {
    let written_ips = services
        .iter()
        .filter_map(|s| s.cluster_ip.clone())
        .collect::<Vec<_>>();
    let mut cluster = IpAllocator::new(Ipv4Addr::new(10, 96, 0, 0), 1 << 20, written_ips);
    let mut lbs = IpAllocator::new(Ipv4Addr::new(203, 0, 113, 0), 256, Vec::new());
    let mut used_ports: HashSet<i64> = services
        .iter()
        .flat_map(|s| s.ports.iter().filter_map(|p| p.node_port))
        .collect();
    services
        .iter()
        .map(|svc| {
            let key = format!("{}/{}", svc.meta.namespace, svc.meta.name);
            let mut net = ServiceNetwork::default();
            if svc.service_type == ServiceType::ExternalName {
                if let Some(target) = &svc.external_name {
                    net.addresses.push(ServiceAddress {
                        kind: "external-name",
                        address: crate::engine::controllers::dns::service_fqdn(svc),
                        port_name: String::new(),
                        leads_to: format!("CNAME {target}"),
                        simulated: false,
                    });
                }
                return net;
            }
            if !svc.is_headless() {
                // Written addresses first (clusterIPs, else clusterIP), then one
                // simulated address for each family still without one.
                let written: Vec<String> = if svc.cluster_ips.is_empty() {
                    svc.cluster_ip
                        .iter()
                        .filter(|ip| !ip.is_empty())
                        .cloned()
                        .collect()
                } else {
                    svc.cluster_ips.clone()
                };
                net.cluster_ips = written;
                for family in svc.families() {
                    let has = net.cluster_ips.iter().any(|ip| {
                        (crate::engine::base::ip::ip_family(ip) == "IPv6") == (family == "IPv6")
                    });
                    if has {
                        continue;
                    }
                    let ip = if family == "IPv6" {
                        Some(simulated_ipv6(
                            CLUSTER_IPV6_PREFIX,
                            fnv1a(key.as_bytes()) & 0xffff_ffff,
                        ))
                    } else {
                        cluster.allocate(&key)
                    };
                    net.cluster_ips.extend(ip);
                    net.cluster_ip_simulated = true;
                }
            }
            let external = matches!(
                svc.service_type,
                ServiceType::NodePort | ServiceType::LoadBalancer
            );
            if svc.service_type == ServiceType::LoadBalancer {
                net.load_balancer_ip = lbs.allocate(&key);
            }
            for p in &svc.ports {
                let leads_to = format!("targetPort {}", p.target_port);
                for ip in &net.cluster_ips {
                    let address = crate::engine::controllers::resolve::host_port(ip, p.port);
                    net.addresses.push(ServiceAddress {
                        kind: "cluster-ip",
                        address,
                        port_name: p.name.clone(),
                        leads_to: leads_to.clone(),
                        simulated: net.cluster_ip_simulated,
                    });
                }
                let node_port = if external {
                    p.node_port.or_else(|| {
                        allocate_node_port(&format!("{key}/{}", p.port), &mut used_ports)
                    })
                } else {
                    None
                };
                net.node_ports.push(node_port);
                if let Some(np) = node_port {
                    for node in SIMULATED_NODES {
                        net.addresses.push(ServiceAddress {
                            kind: "node-port",
                            address: format!("{node}:{np}"),
                            port_name: p.name.clone(),
                            leads_to: leads_to.clone(),
                            simulated: p.node_port.is_none(),
                        });
                    }
                }
                if let Some(lb) = &net.load_balancer_ip {
                    net.addresses.push(ServiceAddress {
                        kind: "load-balancer",
                        address: format!("{lb}:{}", p.port),
                        port_name: p.name.clone(),
                        leads_to,
                        simulated: true,
                    });
                }
            }
            net
        })
        .collect()
}

/// A free node port for `key`, stable for the same input.
fn allocate_node_port(key: &str, used: &mut HashSet<i64>) -> Option<i64> {
    let range = NODE_PORT_MAX - NODE_PORT_MIN + 1;
    let start = (fnv1a(key.as_bytes()) % range as u64) as i64;
    (0..range)
        .map(|i| NODE_PORT_MIN + (start + i) % range)
        .find(|p| used.insert(*p))
}
