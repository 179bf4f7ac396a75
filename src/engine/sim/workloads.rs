//! Simulation: what a running cluster would add to the input —
//! the pods that workloads create, pod status, pod IPs and cluster IPs.
//! Every invented value is deterministic and marked as simulated.

use super::addresses::{
    node_ip, simulated_ipv6, usable, POD_CIDR, POD_IPV6_PREFIX, SIMULATED_NODES,
};
use crate::engine::base::diagnostics::{Diagnostic, DiagnosticCode, Severity};
use crate::engine::base::object_ref::ObjectRef;
use crate::engine::base::source::Span;
use crate::engine::base::stable_hash::fnv1a;
use crate::engine::labels::Labels;
use crate::engine::model::*;
use rustc_hash::FxBuildHasher;
use std::collections::HashSet;
use std::net::Ipv4Addr;
use std::sync::Arc;

/// Most pods simulated for one workload.
pub const MAX_REPLICAS: i64 = 1000;
/// The alphabet Kubernetes uses for random name suffixes (no vowels, no confusable digits).
const ALPHANUMS: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

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

impl SimPod {
    /// Simulates what the input leaves out: a pod without status is
    /// Running and Ready on a node, with an IP from the pod CIDR (its preferred
    /// address: collisions are settled by [`settle_ip_collisions`]) or, with
    /// `hostNetwork: true`, its node's address, which every hostNetwork pod of
    /// that node shares (the kubelet reports the host IP as the pod IP,
    /// `generateAPIPodStatus` in `pkg/kubelet/kubelet_pods.go`: "HostNetwork Pods inherit
    /// the node IPs as PodIPs"); a pod
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
            if pod.spec.node_name.is_none() {
                let n = (fnv1a(key.as_bytes()) % SIMULATED_NODES.len() as u64) as usize;
                pod.spec.node_name = Some(SIMULATED_NODES[n].into());
            }
            let ip = match (&pod.spec.node_name, pod.spec.host_network) {
                (Some(node), true) => node_ip(node),
                _ => {
                    let mut off = (fnv1a(key.as_bytes()) % u64::from(POD_CIDR.1)) as u32;
                    while !usable(off) {
                        off = (off + 1) % POD_CIDR.1;
                    }
                    ip_offset = Some(off);
                    Ipv4Addr::from(u32::from(POD_CIDR.0) + off).to_string()
                }
            };
            let not_ready = pod
                .meta
                .annotations
                .get(WHAT_IF_NOT_READY.0)
                .map(String::as_str)
                == Some(WHAT_IF_NOT_READY.1);
            pod.status = Some(running_status(&pod.spec, ip, !not_ready));
        }
        let mut h = rustc_hash::FxHasher::default();
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

/// The status the kubelet of a running pod reports: `Running`, initialized,
/// its IP, `Ready` as asked, every container running (ready when the pod
/// is), every init container done (`Completed`) except sidecars, which run
/// as containers do.
fn running_status(spec: &PodSpec, ip: String, ready: bool) -> PodStatus {
    let running = |c: &Container| ContainerStatus {
        name: c.name.clone(),
        ready,
        started: Some(true),
        restart_count: 0,
        state: ContainerState::Running,
    };
    PodStatus {
        phase: Some("Running".into()),
        pod_ips: vec![ip],
        ready: Some(ready),
        initialized: Some(true),
        container_statuses: spec.containers.iter().map(running).collect(),
        init_container_statuses: spec
            .init_containers
            .iter()
            .map(|c| {
                if c.is_sidecar() {
                    return running(c);
                }
                ContainerStatus {
                    name: c.name.clone(),
                    ready: false,
                    started: Some(false),
                    restart_count: 0,
                    state: ContainerState::Terminated {
                        reason: "Completed".into(),
                        exit_code: 0,
                        signal: 0,
                    },
                }
            })
            .collect(),
        ..PodStatus::default()
    }
}

/// Hashes what a pod's endpoints depend on: name, namespace, uid, deletion,
/// spec and status.
fn pod_hash(pod: &Pod) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    let m = &pod.meta;
    (&m.name, &m.namespace, &m.uid, &m.deletion_timestamp).hash(&mut h);
    (&pod.spec, &pod.status).hash(&mut h);
    h.finish()
}

/// Gives every simulated pod a distinct IP that no written pod uses:
/// in input order, a pod whose preferred address is taken moves to the next
/// free one. Only the moved pods are copied. Returns false when the pod CIDR
/// ran out of addresses (later pods then keep their preferred ones).
pub fn settle_ip_collisions(pods: &mut [SimPod], dual_stack: bool) -> bool {
    let base = u32::from(POD_CIDR.0);
    let mut used: HashSet<u32, FxBuildHasher> = pods
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

/// Gives a simulated pod its IPv6 address, from the same offset as its IPv4 one.
fn add_ipv6(p: &mut SimPod, off: u32) {
    let ip = simulated_ipv6(POD_IPV6_PREFIX, u64::from(off));
    if let Some(st) = Arc::make_mut(&mut p.pod).status.as_mut() {
        st.pod_ips.push(ip);
    }
}

/// The `pod-template-hash` of a template: a stable 10-character name part that
/// changes when anything in the template changes (and only then).
pub fn pod_template_hash(t: &PodTemplate) -> String {
    use std::hash::{Hash, Hasher};
    let mut h = crate::engine::base::stable_hash::StableHasher::default();
    (&t.meta.labels, &t.meta.annotations, &t.spec, t.source_hash).hash(&mut h);
    suffix(&format!("{:016x}", h.finish()), 10)
}

/// Expands a workload into the pods its controller would create.
pub fn expand_workload(w: &Workload, diags: &mut Vec<Diagnostic>) -> Vec<Pod> {
    let owner = ObjectRef::new(w.kind.as_str(), &w.meta.namespace, &w.meta.name);
    let job = run_job(w, &owner, diags);
    let mut count = match w.kind {
        WorkloadKind::DaemonSet => SIMULATED_NODES.len() as i64,
        WorkloadKind::Job | WorkloadKind::CronJob => job.as_ref().map_or(0, |j| j.active),
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
    let not_ready = crate::engine::sim::annotations::listed(
        &w.meta.annotations,
        crate::engine::sim::annotations::NOT_READY,
    );
    let terminating = crate::engine::sim::annotations::listed(
        &w.meta.annotations,
        crate::engine::sim::annotations::TERMINATING,
    );
    let deleted = crate::engine::sim::annotations::listed(
        &w.meta.annotations,
        crate::engine::sim::annotations::DELETED,
    );
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
                    let ordinal = w.ordinals_start.saturating_add(i as i64);
                    meta.name = format!("{}-{ordinal}", w.meta.name);
                    spec.hostname = Some(meta.name.clone());
                    spec.subdomain = w.service_name.clone();
                    meta.labels.insert(
                        "statefulset.kubernetes.io/pod-name".into(),
                        meta.name.clone(),
                    );
                    meta.labels
                        .insert("apps.kubernetes.io/pod-index".into(), ordinal.to_string());
                }
                WorkloadKind::DaemonSet => {
                    meta.name = format!("{}-{}", w.meta.name, suffix(&seed, 5));
                    spec.node_name = Some(SIMULATED_NODES[i % SIMULATED_NODES.len()].into());
                }
                WorkloadKind::Job | WorkloadKind::CronJob => {
                    if let Some(job) = &job {
                        job.shape_pod(w, i as i64, &seed, &mut meta, &mut spec);
                    }
                }
                _ => meta.name = format!("{}-{}", w.meta.name, suffix(&seed, 5)),
            }
            if not_ready.contains(&meta.name) {
                meta.annotations
                    .insert(WHAT_IF_NOT_READY.0.into(), WHAT_IF_NOT_READY.1.into());
            }
            if terminating.contains(&meta.name) {
                meta.deletion_timestamp =
                    Some(crate::engine::sim::annotations::DELETION_TIMESTAMP.into());
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
        (crate::engine::sim::annotations::NOT_READY, &not_ready),
        (crate::engine::sim::annotations::TERMINATING, &terminating),
        (crate::engine::sim::annotations::DELETED, &deleted),
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

/// The Job whose pods a Job or CronJob object stands for: its name and uid,
/// and how many pods it runs at once.
struct RunningJob {
    name: String,
    uid: String,
    active: i64,
}

/// The instant from which svcmap takes a CronJob's first scheduled run
/// (2026-01-01T00:00:00Z, in Unix seconds): the Job's name derives from that
/// run, and it is said to be simulated.
pub const SIMULATED_NOW: i64 = 1_767_225_600;

/// The Job a Job object is, or the one a CronJob starts at its (simulated)
/// scheduled time (`getJobFromTemplate2` in `pkg/controller/cronjob/utils.go`),
/// with a note for a CronJob's run and for a suspended Job or CronJob.
fn run_job(w: &Workload, owner: &ObjectRef, diags: &mut Vec<Diagnostic>) -> Option<RunningJob> {
    let note = |diags: &mut Vec<Diagnostic>, code, msg: String| {
        diags.push(
            Diagnostic::new(Severity::Info, code, msg, w.meta.name_span)
                .with_object(Some(owner.clone())),
        );
    };
    let (name, uid) = match w.kind {
        WorkloadKind::Job => {
            let uid = w.meta.uid.clone().unwrap_or_else(|| {
                simulated_uid(&format!("Job/{}/{}", w.meta.namespace, w.meta.name))
            });
            (w.meta.name.clone(), uid)
        }
        WorkloadKind::CronJob => {
            if w.job.schedule_suspended {
                note(
                    diags,
                    DiagnosticCode::Simulated,
                    format!("CronJob `{}` is suspended: it starts no Job", w.meta.name),
                );
                return None;
            }
            // The first run from the simulated instant; an unreadable
            // schedule (or one in a time zone) runs at the instant itself.
            let schedule = w
                .job
                .schedule
                .as_deref()
                .and_then(crate::engine::sim::cron::Schedule::parse);
            let at = schedule
                .and_then(|s| s.next_at_or_after(SIMULATED_NOW))
                .unwrap_or(SIMULATED_NOW);
            let name = crate::engine::sim::jobs::cronjob_job_name(&w.meta.name, at);
            let zone = match w.job.time_zone.as_deref() {
                Some(tz) if !matches!(tz, "UTC" | "Etc/UTC") => {
                    format!("; the schedule is read in UTC, not {tz}")
                }
                _ => String::new(),
            };
            note(
                diags,
                DiagnosticCode::Simulated,
                format!(
                    "CronJob `{}` is shown running Job `{name}`, its run scheduled at {} (simulated{zone})",
                    w.meta.name,
                    crate::engine::sim::cron::rfc3339(at)
                ),
            );
            let uid = simulated_uid(&format!("Job/{}/{name}", w.meta.namespace));
            (name, uid)
        }
        _ => return None,
    };
    if w.job.suspend {
        note(
            diags,
            DiagnosticCode::Simulated,
            format!("Job `{name}` is suspended: it runs no pod"),
        );
    }
    let active =
        crate::engine::sim::jobs::active_pods(w.replicas, w.job.completions, w.job.suspend);
    Some(RunningJob { name, uid, active })
}

impl RunningJob {
    /// Names and labels the `i`-th pod the Job creates: the labels the API
    /// server adds to the template (unless `manualSelector`), and for an
    /// Indexed Job the completion index's name, hostname, label and
    /// annotation (`manageJob` in `pkg/controller/job/job_controller.go`).
    fn shape_pod(
        &self,
        w: &Workload,
        i: i64,
        seed: &str,
        meta: &mut ObjectMeta,
        spec: &mut PodSpec,
    ) {
        use crate::engine::sim::jobs;
        if !w.job.manual_selector {
            let mut selector = Labels::new();
            jobs::generate_selector(&self.name, &self.uid, &mut meta.labels, &mut selector);
        }
        if w.job.indexed {
            // The lowest pending indexes first (`firstPendingIndexes`): the
            // i-th pod has index i.
            meta.name = format!(
                "{}{}",
                jobs::pod_generate_name_with_index(&self.name, i),
                suffix(seed, 5)
            );
            spec.hostname = Some(jobs::indexed_hostname(&self.name, i));
            meta.labels
                .insert(jobs::COMPLETION_INDEX.into(), i.to_string());
            meta.annotations
                .insert(jobs::COMPLETION_INDEX.into(), i.to_string());
        } else {
            meta.name = format!("{}-{}", self.name, suffix(seed, 5));
        }
    }
}

/// The annotation a simulated pod carries when a what-if marks it not ready
/// (see [`crate::engine::scenarios::whatif`]): its simulated status then says Ready False.
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
    use crate::engine::sim::addresses::IpAllocator;

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
            ..PodStatus::default()
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
