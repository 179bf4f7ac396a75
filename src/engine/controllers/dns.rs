//! DNS records a cluster's DNS serves for a Service (kubernetes/dns `docs/specification.md`).

use crate::engine::model::endpoints::{EndpointConditions, EndpointSlice};
use crate::engine::model::{Service, ServiceType};
use serde::Serialize;

/// The cluster domain svcmap assumes.
pub const CLUSTER_DOMAIN: &str = "cluster.local";

/// One DNS record.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct DnsRecord {
    /// Fully qualified name (without the trailing dot).
    pub name: String,
    /// `A`, `AAAA`, `SRV` or `CNAME`.
    pub rtype: &'static str,
    /// The record data: an address, a CNAME target, or `priority weight port target` for SRV.
    pub value: String,
}

/// `<svc>.<ns>.svc.<cluster-domain>`.
pub fn service_fqdn(svc: &Service) -> String {
    format!(
        "{}.{}.svc.{CLUSTER_DOMAIN}",
        svc.meta.name, svc.meta.namespace
    )
}

fn address_record(name: String, ip: &str) -> DnsRecord {
    DnsRecord {
        name,
        rtype: if crate::engine::base::ip::ip_family(ip) == "IPv6" {
            "AAAA"
        } else {
            "A"
        },
        value: ip.to_string(),
    }
}

/// The name CoreDNS gives an endpoint without a hostname: its IP with dashes.
pub fn dashed_ip(ip: &str) -> String {
    ip.replace(['.', ':'], "-")
}

/// Whether an endpoint of a headless Service gets DNS records: when it is
/// ready, or the Service publishes not-ready addresses (DNS spec §2.4, in
/// kubernetes/dns `docs/specification.md`). For slices the controller writes,
/// `ready` already includes `publishNotReadyAddresses`
/// ([`super::readiness::endpoint_conditions`]); the second test only matters
/// for hand-written slices of a selector-less Service.
pub fn has_headless_records(svc: &Service, c: EndpointConditions) -> bool {
    c.ready || svc.publish_not_ready_addresses
}

/// The records for a Service (DNS spec §2.3 cluster IP, §2.4 headless, §2.5 ExternalName). `cluster_ips` are its
/// (possibly simulated) cluster IPs; `slices` its EndpointSlices.
pub fn service_records(
    svc: &Service,
    cluster_ips: &[String],
    slices: &[EndpointSlice],
) -> Vec<DnsRecord> {
    let fqdn = service_fqdn(svc);
    let mut out = Vec::new();
    if svc.service_type == ServiceType::ExternalName {
        if let Some(target) = &svc.external_name {
            out.push(DnsRecord {
                name: fqdn,
                rtype: "CNAME",
                value: target.clone(),
            });
        }
        return out;
    }
    let named_ports = || svc.ports.iter().filter(|p| !p.name.is_empty());
    if !svc.is_headless() {
        for ip in cluster_ips {
            out.push(address_record(fqdn.clone(), ip));
        }
        for p in named_ports() {
            out.push(DnsRecord {
                name: format!("_{}._{}.{fqdn}", p.name, p.protocol.to_ascii_lowercase()),
                rtype: "SRV",
                value: format!("0 100 {} {fqdn}", p.port),
            });
        }
        return out;
    }
    // Headless: one record per ready endpoint address (all of them with publishNotReadyAddresses).
    for slice in slices {
        for ep in &slice.endpoints {
            if !has_headless_records(svc, ep.conditions) {
                continue;
            }
            for ip in &ep.addresses {
                out.push(address_record(fqdn.clone(), ip));
                let host = ep.hostname.clone().unwrap_or_else(|| dashed_ip(ip));
                let host_fqdn = format!("{host}.{fqdn}");
                out.push(address_record(host_fqdn.clone(), ip));
                for port in &slice.ports {
                    if port.name.is_empty() {
                        continue;
                    }
                    out.push(DnsRecord {
                        name: format!(
                            "_{}._{}.{fqdn}",
                            port.name,
                            port.protocol.to_ascii_lowercase()
                        ),
                        rtype: "SRV",
                        value: format!("0 100 {} {host_fqdn}", port.port),
                    });
                }
            }
        }
    }
    crate::engine::base::order::sort(&mut out);
    out.dedup();
    out
}
