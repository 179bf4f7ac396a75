//! Simulation (spec section K): what a running cluster would add to the input —
//! the pods that workloads create, pod status, pod IPs and cluster IPs.
//! Every invented value is deterministic and marked as simulated.

use super::diagnostics::{Diagnostic, DiagnosticCode, Severity};
use super::model::*;
use std::collections::HashSet;
use std::net::Ipv4Addr;

/// Most pods simulated for one workload.
pub const MAX_REPLICAS: i64 = 1000;
/// Nodes of the simulated cluster (DaemonSet pods, NodePort addresses).
pub const SIMULATED_NODES: &[&str] = &["node-1", "node-2", "node-3"];

/// The alphabet Kubernetes uses for random name suffixes (no vowels, no confusable digits).
const ALPHANUMS: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

/// FNV-1a, a small stable hash for deterministic names and addresses.
pub fn fnv1a(data: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in data {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A deterministic suffix of `len` characters from Kubernetes' name alphabet.
pub fn suffix(seed: &str, len: usize) -> String {
    let mut h = fnv1a(seed.as_bytes());
    (0..len)
        .map(|_| {
            let c = ALPHANUMS[(h % ALPHANUMS.len() as u64) as usize] as char;
            h /= ALPHANUMS.len() as u64;
            if h == 0 {
                h = fnv1a(&h.to_le_bytes()) ^ 0x9e37_79b9;
            }
            c
        })
        .collect()
}

/// Allocates addresses from a /N IPv4 range by hashing a key, then probing past used ones.
#[derive(Debug)]
pub struct IpAllocator {
    base: u32,
    size: u32,
    used: HashSet<u32>,
}

impl IpAllocator {
    /// A range starting at `base` with `size` addresses; `taken` are never handed out.
    pub fn new(base: Ipv4Addr, size: u32, taken: impl IntoIterator<Item = String>) -> IpAllocator {
        let base = u32::from(base);
        let used = taken
            .into_iter()
            .filter_map(|ip| ip.parse::<Ipv4Addr>().ok())
            .map(u32::from)
            .filter(|ip| ip.wrapping_sub(base) < size)
            .map(|ip| ip - base)
            .collect();
        IpAllocator { base, size, used }
    }

    /// The address for `key`: stable for the same key and the same taken set.
    pub fn allocate(&mut self, key: &str) -> Option<String> {
        // Skip the network address and .0/.255 endings for readability.
        let start = (fnv1a(key.as_bytes()) % u64::from(self.size)) as u32;
        for i in 0..self.size {
            let off = (start + i) % self.size;
            let low = off & 0xff;
            if low == 0 || low == 255 || self.used.contains(&off) {
                continue;
            }
            self.used.insert(off);
            return Some(Ipv4Addr::from(self.base + off).to_string());
        }
        None
    }
}

/// A pod as the cluster would have it: status filled in when the input has none.
#[derive(Clone, Debug, PartialEq)]
pub struct SimPod {
    /// The pod (status always present).
    pub pod: Pod,
    /// Whether the pod itself came from a workload's template.
    pub from_workload: bool,
    /// Whether status (phase, readiness, IP) was simulated.
    pub simulated_status: bool,
}

/// Expands a workload into the pods its controller would create (rule K2).
pub fn expand_workload(w: &Workload, diags: &mut Vec<Diagnostic>) -> Vec<Pod> {
    let owner = ObjectRef::new(w.kind.as_str(), &w.meta.namespace, &w.meta.name);
    let mut count = match w.kind {
        WorkloadKind::DaemonSet => SIMULATED_NODES.len() as i64,
        WorkloadKind::CronJob => {
            diags.push(
                Diagnostic::new(
                    Severity::Info,
                    DiagnosticCode::IgnoredKind,
                    format!(
                        "CronJob `{}` has no pods until its schedule runs",
                        w.meta.name
                    ),
                    w.meta.name_span,
                )
                .with_object(Some(owner.clone())),
            );
            0
        }
        _ => w.replicas.unwrap_or(1),
    };
    if count > MAX_REPLICAS {
        diags.push(
            Diagnostic::new(
                Severity::Warning,
                DiagnosticCode::InvalidValue,
                format!(
                    "{} `{}` asks for {count} pods; svcmap simulates the first {MAX_REPLICAS}",
                    w.kind.as_str(),
                    w.meta.name
                ),
                w.meta.name_span,
            )
            .with_object(Some(owner.clone())),
        );
        count = MAX_REPLICAS;
    }
    let count = count.max(0) as usize;
    let template_hash = suffix(&format!("{:?}", w.template), 10);
    (0..count)
        .map(|i| {
            let seed = format!("{}/{}/{i}", w.meta.namespace, w.meta.name);
            let mut meta = w.template.meta.clone();
            meta.namespace = w.meta.namespace.clone();
            meta.name_span = w.meta.name_span;
            let mut spec = w.template.spec.clone();
            match w.kind {
                WorkloadKind::Deployment => {
                    meta.name = format!("{}-{template_hash}-{}", w.meta.name, suffix(&seed, 5));
                    meta.labels
                        .insert("pod-template-hash".into(), template_hash.clone());
                }
                WorkloadKind::StatefulSet => {
                    meta.name = format!("{}-{i}", w.meta.name);
                    spec.hostname = Some(meta.name.clone());
                    spec.subdomain = w.service_name.clone();
                    meta.labels.insert(
                        "statefulset.kubernetes.io/pod-name".into(),
                        meta.name.clone(),
                    );
                    meta.labels
                        .insert("apps.kubernetes.io/pod-index".into(), i.to_string());
                }
                WorkloadKind::DaemonSet => {
                    meta.name = format!("{}-{}", w.meta.name, suffix(&seed, 5));
                    spec.node_name = Some(SIMULATED_NODES[i % SIMULATED_NODES.len()].into());
                }
                _ => meta.name = format!("{}-{}", w.meta.name, suffix(&seed, 5)),
            }
            Pod {
                meta,
                spec,
                status: None,
                owner: Some(owner.clone()),
                span: w.span,
            }
        })
        .collect()
}

/// A deterministic UUID-shaped uid for a pod that has none.
pub fn simulated_uid(key: &str) -> String {
    let a = fnv1a(key.as_bytes());
    let b = fnv1a(format!("{key}#uid").as_bytes());
    format!(
        "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        b >> 52,
        b & 0xffff_ffff_ffff
    )
}

/// Fills in the status of pods that have none (rule K1): Running, Ready, a pod IP
/// from 10.244.0.0/16 that no written pod uses, and a node.
pub fn simulate_status(pods: Vec<(Pod, bool)>) -> Vec<SimPod> {
    let taken = pods
        .iter()
        .filter_map(|(p, _)| p.status.as_ref())
        .flat_map(|s| s.pod_ips.clone())
        .collect::<Vec<_>>();
    let mut alloc = IpAllocator::new(Ipv4Addr::new(10, 244, 0, 0), 1 << 16, taken);
    pods.into_iter()
        .map(|(mut pod, from_workload)| {
            let simulated_status = pod.status.is_none();
            let key = format!("{}/{}", pod.meta.namespace, pod.meta.name);
            if pod.meta.uid.is_none() {
                pod.meta.uid = Some(simulated_uid(&key));
            }
            if simulated_status {
                pod.status = Some(PodStatus {
                    phase: Some("Running".into()),
                    pod_ips: alloc.allocate(&key).into_iter().collect(),
                    ready: Some(true),
                });
                if pod.spec.node_name.is_none() {
                    let n = (fnv1a(key.as_bytes()) % SIMULATED_NODES.len() as u64) as usize;
                    pod.spec.node_name = Some(SIMULATED_NODES[n].into());
                }
            }
            SimPod {
                pod,
                from_workload,
                simulated_status,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allocation_is_deterministic_and_avoids_taken_addresses() {
        let mut a = IpAllocator::new(Ipv4Addr::new(10, 244, 0, 0), 1 << 16, Vec::new());
        let first = a.allocate("default/web").unwrap();
        let mut b = IpAllocator::new(Ipv4Addr::new(10, 244, 0, 0), 1 << 16, vec![first.clone()]);
        let second = b.allocate("default/web").unwrap();
        assert_ne!(first, second);
        let mut c = IpAllocator::new(Ipv4Addr::new(10, 244, 0, 0), 1 << 16, Vec::new());
        assert_eq!(c.allocate("default/web").unwrap(), first);
        assert!(first.starts_with("10.244."));
    }

    #[test]
    fn suffixes_use_the_kubernetes_alphabet() {
        let s = suffix("x", 5);
        assert_eq!(s.len(), 5);
        assert!(s.bytes().all(|b| ALPHANUMS.contains(&b)));
        assert_eq!(s, suffix("x", 5));
        assert_ne!(s, suffix("y", 5));
    }
}
