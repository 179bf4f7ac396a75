//! Simulation (spec section K): what a running cluster would add to the input —
//! the pods that workloads create, pod status, pod IPs and cluster IPs.
//! Every invented value is deterministic and marked as simulated.

use super::diagnostics::{Diagnostic, DiagnosticCode, Severity};
use super::model::*;
use super::source::Span;
use std::collections::HashSet;
use std::net::Ipv4Addr;
use std::sync::Arc;

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

/// A fast non-cryptographic [`std::hash::Hasher`] that mixes eight bytes at
/// a time (the FxHash construction), much faster than the default SipHash for
/// the pod index, the fingerprints and the document cache. Collisions only
/// cost a slower lookup (fingerprints add a length and are 64 bits wide).
#[derive(Clone, Copy, Debug, Default)]
pub struct FastHasher(u64);

const FX_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FastHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(FX_SEED);
    }
}

impl std::hash::Hasher for FastHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            if let Ok(w) = <[u8; 8]>::try_from(c) {
                self.add(u64::from_le_bytes(w));
            }
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let w = rest
                .iter()
                .rev()
                .fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
            self.add(w);
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
}

/// A `HashMap` hasher builder using [`FastHasher`].
pub type FastBuildHasher = std::hash::BuildHasherDefault<FastHasher>;

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
///
/// The pod is shared (`Arc`): the pods of an unchanged workload are reused
/// from one analysis to the next without copying.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimPod {
    /// The pod (status, uid and node always present).
    pub pod: Arc<Pod>,
    /// Whether the pod itself came from a workload's template.
    pub from_workload: bool,
    /// Whether status (phase, readiness, IP) was simulated.
    pub simulated_status: bool,
    /// The simulated IP's offset in the pod CIDR, for collision checks.
    pub ip_offset: Option<u32>,
    /// A hash of everything about the pod that endpoints depend on (identity,
    /// deletion, spec and status), for endpoint fingerprints.
    pub spec_hash: u64,
    /// A hash of the pod's containers: pods with equal ones resolve ports alike.
    pub ports_hash: u64,
}

/// The pod CIDR simulated IPs come from (10.244.0.0/16).
const POD_CIDR: (Ipv4Addr, u32) = (Ipv4Addr::new(10, 244, 0, 0), 1 << 16);

/// Whether an offset in a /16 is usable (not ending in .0 or .255).
fn usable(offset: u32) -> bool {
    !matches!(offset & 0xff, 0 | 255)
}

impl SimPod {
    /// Simulates what the input leaves out (rule K1): a pod without status is
    /// Running and Ready with an IP from the pod CIDR (its preferred address:
    /// collisions are settled by [`settle_ip_collisions`]) and a node; a pod
    /// without uid gets a stable one.
    pub fn new(mut pod: Pod, from_workload: bool) -> SimPod {
        use std::hash::{Hash, Hasher};
        let key = format!("{}/{}", pod.meta.namespace, pod.meta.name);
        if pod.meta.uid.is_none() {
            pod.meta.uid = Some(simulated_uid(&key));
        }
        let simulated_status = pod.status.is_none();
        let mut ip_offset = None;
        if simulated_status {
            let mut off = (fnv1a(key.as_bytes()) % u64::from(POD_CIDR.1)) as u32;
            while !usable(off) {
                off = (off + 1) % POD_CIDR.1;
            }
            ip_offset = Some(off);
            let not_ready = pod
                .meta
                .annotations
                .get(WHAT_IF_NOT_READY.0)
                .map(String::as_str)
                == Some(WHAT_IF_NOT_READY.1);
            pod.status = Some(PodStatus {
                phase: Some("Running".into()),
                pod_ips: vec![Ipv4Addr::from(u32::from(POD_CIDR.0) + off).to_string()],
                ready: Some(!not_ready),
            });
            if pod.spec.node_name.is_none() {
                let n = (fnv1a(key.as_bytes()) % SIMULATED_NODES.len() as u64) as usize;
                pod.spec.node_name = Some(SIMULATED_NODES[n].into());
            }
        }
        let mut h = FastHasher::default();
        (&pod.spec.containers, &pod.spec.init_containers).hash(&mut h);
        let ports_hash = h.finish();
        let spec_hash = pod_hash(&pod);
        SimPod {
            pod: Arc::new(pod),
            from_workload,
            simulated_status,
            ip_offset,
            spec_hash,
            ports_hash,
        }
    }
}

/// Hashes what a pod's endpoints depend on: name, namespace, uid, deletion,
/// spec and status.
fn pod_hash(pod: &Pod) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = FastHasher::default();
    let m = &pod.meta;
    (&m.name, &m.namespace, &m.uid, &m.deletion_timestamp).hash(&mut h);
    (&pod.spec, &pod.status).hash(&mut h);
    h.finish()
}

/// Gives every simulated pod a distinct IP that no written pod uses (rule K3):
/// in input order, a pod whose preferred address is taken moves to the next
/// free one. Only the moved pods are copied. Returns false when the pod CIDR
/// ran out of addresses (later pods then keep their preferred ones).
pub fn settle_ip_collisions(pods: &mut [SimPod], dual_stack: bool) -> bool {
    let base = u32::from(POD_CIDR.0);
    let mut used: HashSet<u32, FastBuildHasher> = pods
        .iter()
        .filter(|p| !p.simulated_status)
        .flat_map(|p| p.pod.status.iter().flat_map(|s| s.pod_ips.iter()))
        .filter_map(|ip| ip.parse::<Ipv4Addr>().ok())
        .map(|ip| u32::from(ip).wrapping_sub(base))
        .filter(|off| *off < POD_CIDR.1)
        .collect();
    let mut full = false;
    for p in pods.iter_mut() {
        let Some(mut off) = p.ip_offset else { continue };
        if used.insert(off) {
            if dual_stack {
                add_ipv6(p, off);
                p.spec_hash = pod_hash(&p.pod);
            }
            continue;
        }
        let start = off;
        while !full {
            off = (off + 1) % POD_CIDR.1;
            if off == start {
                // The range is full: keep this and every later collision
                // (probing again for each pod would be quadratic).
                full = true;
                break;
            }
            if usable(off) && used.insert(off) {
                break;
            }
        }
        if full {
            // Every address is taken: the pod keeps its preferred one.
            if dual_stack {
                add_ipv6(p, start);
                p.spec_hash = pod_hash(&p.pod);
            }
            continue;
        }
        p.ip_offset = Some(off);
        let ip = Ipv4Addr::from(base + off).to_string();
        if let Some(st) = Arc::make_mut(&mut p.pod).status.as_mut() {
            st.pod_ips = vec![ip];
        }
        if dual_stack {
            add_ipv6(p, off);
        }
        p.spec_hash = pod_hash(&p.pod);
    }
    !full
}

/// The prefix of simulated IPv6 pod IPs (fd00:10:244::/56, rule K3).
pub const POD_IPV6_PREFIX: &str = "fd00:10:244::";

/// Gives a simulated pod its IPv6 address, from the same offset as its IPv4 one.
fn add_ipv6(p: &mut SimPod, off: u32) {
    let ip = super::services::simulated_ipv6(POD_IPV6_PREFIX, u64::from(off));
    if let Some(st) = Arc::make_mut(&mut p.pod).status.as_mut() {
        st.pod_ips.push(ip);
    }
}

/// The `pod-template-hash` of a template: a stable 10-character name part that
/// changes when anything in the template changes (and only then).
pub fn pod_template_hash(t: &PodTemplate) -> String {
    use std::hash::{Hash, Hasher};
    let mut h = FastHasher::default();
    (&t.meta.labels, &t.meta.annotations, &t.spec, t.source_hash).hash(&mut h);
    suffix(&format!("{:016x}", h.finish()), 10)
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
    let template_hash = pod_template_hash(&w.template);
    let not_ready = super::whatif::listed(&w.meta.annotations, super::whatif::NOT_READY);
    let terminating = super::whatif::listed(&w.meta.annotations, super::whatif::TERMINATING);
    let deleted = super::whatif::listed(&w.meta.annotations, super::whatif::DELETED);
    let pods: Vec<Pod> = (0..count)
        .map(|i| {
            let seed = format!("{}/{}/{i}", w.meta.namespace, w.meta.name);
            let mut meta = w.template.meta.clone();
            meta.namespace = w.meta.namespace.clone();
            // Spans stay on the workload object, so these pods can be reused
            // when the workload's lines move.
            meta.name_span = None;
            meta.labels_span = None;
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
            if not_ready.contains(&meta.name) {
                meta.annotations
                    .insert(WHAT_IF_NOT_READY.0.into(), WHAT_IF_NOT_READY.1.into());
            }
            if terminating.contains(&meta.name) {
                meta.deletion_timestamp = Some(super::whatif::DELETION_TIMESTAMP.into());
            }
            Pod {
                meta,
                spec,
                status: None,
                owner: Some(owner.clone()),
                span: Span::default(),
            }
        })
        .collect();
    // Names in the what-if annotations that match no pod: say so, once each.
    for (key, names) in [
        (super::whatif::NOT_READY, &not_ready),
        (super::whatif::TERMINATING, &terminating),
        (super::whatif::DELETED, &deleted),
    ] {
        for n in names
            .iter()
            .filter(|n| !pods.iter().any(|p| &p.meta.name == *n))
        {
            diags.push(
                Diagnostic::new(
                    Severity::Info,
                    DiagnosticCode::InvalidValue,
                    format!(
                        "annotation `{key}` names `{n}`, which is not a pod of {} `{}` (its pod names change with its template)",
                        w.kind.as_str(),
                        w.meta.name
                    ),
                    w.meta.name_span,
                )
                .with_object(Some(owner.clone())),
            );
        }
    }
    pods.into_iter()
        .filter(|p| !deleted.contains(&p.meta.name))
        .collect()
}

/// The annotation a simulated pod carries when a what-if marks it not ready
/// (see [`super::whatif`]): its simulated status then says Ready False.
pub const WHAT_IF_NOT_READY: (&str, &str) = ("svcmap.dev/what-if", "not-ready");

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

#[cfg(test)]
mod sim_tests {
    use super::*;

    fn pod(name: &str) -> Pod {
        let mut p = Pod::default();
        p.meta.name = name.into();
        p.meta.namespace = "default".into();
        p
    }

    #[test]
    fn simulated_ips_never_collide_with_each_other_or_written_ones() {
        let mut written = pod("written");
        let preferred = SimPod::new(pod("a"), false)
            .pod
            .status
            .clone()
            .unwrap()
            .pod_ips[0]
            .clone();
        written.status = Some(PodStatus {
            phase: Some("Running".into()),
            pod_ips: vec![preferred.clone()],
            ready: Some(true),
        });
        let mut pods = vec![SimPod::new(written, false)];
        pods.extend((0..3000).map(|i| SimPod::new(pod(&format!("p{i}")), true)));
        pods.push(SimPod::new(pod("a"), false));
        settle_ip_collisions(&mut pods, false);
        let mut ips: Vec<String> = pods
            .iter()
            .map(|p| p.pod.status.clone().unwrap().pod_ips[0].clone())
            .collect();
        assert_ne!(ips.last(), Some(&preferred), "moved off the written IP");
        ips.sort();
        let n = ips.len();
        ips.dedup();
        assert_eq!(ips.len(), n, "all distinct");
        assert!(ips
            .iter()
            .all(|ip| !ip.ends_with(".0") && !ip.ends_with(".255")));
    }
}
