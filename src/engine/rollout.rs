//! Rollouts: how a Deployment replaces its pods when its template changes
//! (or on `kubectl rollout restart`), step by step, and what each Service's
//! endpoints look like at every step.
//!
//! The controller's arithmetic is Kubernetes' own (`pkg/controller/deployment`):
//!
//! - R1. `maxSurge` (default 25%) is scaled against the desired replicas
//!   rounding up, `maxUnavailable` (default 25%) rounding down; when both come
//!   out 0, `maxUnavailable` is 1 (`ResolveFenceposts`), and it is never more
//!   than the replicas (`MaxUnavailable`).
//! - R2. RollingUpdate, scale up (`NewRSNewReplicas`): the new ReplicaSet
//!   grows by `replicas + maxSurge − all pods`, at most to `replicas`.
//! - R3. RollingUpdate, scale down (`reconcileOldReplicaSets`): at most
//!   `all − (replicas − maxUnavailable) − unavailable new pods` old pods go;
//!   unhealthy old pods first, then available ones while more than
//!   `replicas − maxUnavailable` pods stay available.
//! - R4. Recreate: every old pod is deleted, and the new ReplicaSet is scaled
//!   up only once none of them is running any more.
//! - R5. The controller syncs again after each change, so one step holds every
//!   change it makes before a pod changes state; pods then *settle*: new pods
//!   become ready and terminating pods are gone (svcmap's simplification:
//!   readiness probes and grace periods take one step, `minReadySeconds` none).
//!   A terminating pod is out of the ReplicaSet's count at once.
//!
//! Old pods are the Deployment's pods before the change, new ones those after
//! (names with the new `pod-template-hash`). [`apply`] turns a step into an
//! [`Analysis`], so the graph and every panel show that step exactly as they
//! show the text; the last step's pods are the text's own pods.

use super::diagnostics::Diagnostic;
use super::model::{IntOrPercent, Object, ObjectRef, Pod, Workload, WorkloadKind};
use super::resolve::EndpointState;
use super::workloads::{self, SimPod, WHAT_IF_NOT_READY};
use super::Analysis;
use std::sync::Arc;

/// The annotation `kubectl rollout restart` sets on the pod template.
pub const RESTARTED_AT: &str = "kubectl.kubernetes.io/restartedAt";
/// The time written for a simulated restart (any value changes the template).
pub const RESTART_TIME: &str = "2026-01-01T00:00:00Z";
/// Most steps simulated (a 1 000-replica Deployment replacing one pod at a
/// time would otherwise take 2 000).
pub const MAX_STEPS: usize = 400;

/// Where one pod stands at a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Created, not ready yet.
    Starting,
    /// Ready (available).
    Ready,
    /// Running but not ready (an old pod that was not ready before the rollout).
    NotReady,
    /// Being deleted: out of v1 Endpoints, `terminating` in EndpointSlices.
    Terminating,
    /// Deleted, or not created yet.
    Gone,
}

impl Phase {
    /// Counted by its ReplicaSet (created and not being deleted).
    fn active(self) -> bool {
        matches!(self, Phase::Starting | Phase::Ready | Phase::NotReady)
    }
}

/// One moment of the rollout.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// What happened to get here, in a sentence.
    pub title: String,
    /// The phase of each old pod (index into [`Rollout::old_pods`]).
    pub old: Vec<Phase>,
    /// The phase of each new pod (index into [`Rollout::new_pods`]).
    pub new: Vec<Phase>,
}

impl Step {
    /// (old pods counted by the old ReplicaSet, new pods counted by the new one).
    pub fn replicas(&self) -> (usize, usize) {
        let n = |v: &[Phase]| v.iter().filter(|p| p.active()).count();
        (n(&self.old), n(&self.new))
    }
}

/// A simulated rollout of one Deployment.
#[derive(Clone, Debug, PartialEq)]
pub struct Rollout {
    /// The Deployment.
    pub deployment: ObjectRef,
    /// The old ReplicaSet's name (`<deployment>-<old pod-template-hash>`).
    pub old_rs: String,
    /// The new ReplicaSet's name.
    pub new_rs: String,
    /// `kubectl rollout restart` (same template) rather than a template change.
    pub restart: bool,
    /// `Recreate` rather than `RollingUpdate`.
    pub recreate: bool,
    /// The desired replicas.
    pub replicas: usize,
    /// `maxSurge` as a number of pods (R1).
    pub max_surge: usize,
    /// `maxUnavailable` as a number of pods (R1).
    pub max_unavailable: usize,
    /// The pods before the rollout.
    pub old_pods: Vec<Pod>,
    /// The pods after it.
    pub new_pods: Vec<Pod>,
    /// Every step, the first being the state before the rollout.
    pub steps: Vec<Step>,
    /// The rollout stopped at [`MAX_STEPS`] before completing.
    pub truncated: bool,
}

/// Why no rollout can be simulated.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RolloutError {
    /// Only Deployments roll out this way.
    #[error("{0} is not a Deployment; only Deployments roll out with maxSurge and maxUnavailable")]
    NotADeployment(String),
    /// `spec.paused: true`.
    #[error("Deployment {0} is paused: nothing rolls out until `kubectl rollout resume`")]
    Paused(String),
}

/// (maxSurge, maxUnavailable) as pod counts for `replicas` desired pods (R1).
pub fn fenceposts(w: &Workload, replicas: i64) -> (i64, i64) {
    let quarter = IntOrPercent::Percent(25);
    let surge = w
        .strategy
        .max_surge
        .unwrap_or(quarter)
        .scaled(replicas, true);
    let mut unavailable = w
        .strategy
        .max_unavailable
        .unwrap_or(quarter)
        .scaled(replicas, false);
    if surge == 0 && unavailable == 0 {
        unavailable = 1;
    }
    (surge.max(0), unavailable.clamp(0, replicas.max(0)))
}

/// The Deployment as `kubectl rollout restart` leaves it: the same, with the
/// template annotated, so its pods are replaced.
pub fn restarted(w: &Workload) -> Workload {
    let mut w = w.clone();
    w.template
        .meta
        .annotations
        .insert(RESTARTED_AT.into(), RESTART_TIME.into());
    w
}

/// The workload with svcmap's what-if annotations emptied (an empty list
/// names no pod; emptying avoids removing, which costs WebAssembly size).
fn without_what_ifs(w: &Workload) -> Workload {
    let mut w = w.clone();
    for k in [
        super::whatif::NOT_READY,
        super::whatif::TERMINATING,
        super::whatif::DELETED,
    ] {
        if w.meta.annotations.contains_key(k) {
            w.meta.annotations.insert(k.into(), String::new());
        }
    }
    w
}

/// Simulates the rollout from Deployment `from` to Deployment `to` (the same
/// Deployment before and after an edit). An unchanged template is a restart.
pub fn plan(from: &Workload, to: &Workload) -> Result<Rollout, RolloutError> {
    let name = format!("{}/{}", to.meta.namespace, to.meta.name);
    if to.kind != WorkloadKind::Deployment {
        return Err(RolloutError::NotADeployment(format!(
            "{} {name}",
            to.kind.as_str()
        )));
    }
    if to.paused {
        return Err(RolloutError::Paused(name));
    }
    let restart =
        workloads::pod_template_hash(&from.template) == workloads::pod_template_hash(&to.template);
    let target = if restart { restarted(to) } else { to.clone() };
    let mut ignored: Vec<Diagnostic> = Vec::new();
    // Old pods without their what-if state: their phase says it.
    let listed = |key| super::whatif::listed(&from.meta.annotations, key);
    let (not_ready, terminating, deleted) = (
        listed(super::whatif::NOT_READY),
        listed(super::whatif::TERMINATING),
        listed(super::whatif::DELETED),
    );
    let mut old_pods = workloads::expand_workload(&without_what_ifs(from), &mut ignored);
    old_pods.retain(|p| !deleted.contains(&p.meta.name));
    let new_pods = workloads::expand_workload(&without_what_ifs(&target), &mut ignored);
    let replicas = new_pods.len();
    let (surge, unavailable) = fenceposts(to, replicas as i64);
    let old: Vec<Phase> = old_pods
        .iter()
        .map(|p| {
            if terminating.contains(&p.meta.name) {
                Phase::Terminating
            } else if not_ready.contains(&p.meta.name) {
                Phase::NotReady
            } else {
                Phase::Ready
            }
        })
        .collect();
    let rs = |w: &Workload| {
        format!(
            "{}-{}",
            w.meta.name,
            workloads::pod_template_hash(&w.template)
        )
    };
    let mut sim = Controller {
        recreate: to.strategy.recreate,
        replicas,
        max_surge: surge as usize,
        max_unavailable: unavailable as usize,
        old,
        new: vec![Phase::Gone; replicas],
        steps: Vec::new(),
    };
    let before = count(&sim.old, Phase::Ready);
    sim.record(format!(
        "Before: {} pod{} of ReplicaSet {}, {before} ready",
        sim.old.len(),
        plural(sim.old.len()),
        rs(from)
    ));
    let truncated = sim.run(&rs(from), &rs(&target));
    Ok(Rollout {
        deployment: ObjectRef::new("Deployment", &to.meta.namespace, &to.meta.name),
        old_rs: rs(from),
        new_rs: rs(&target),
        restart,
        recreate: to.strategy.recreate,
        replicas,
        max_surge: sim.max_surge,
        max_unavailable: sim.max_unavailable,
        old_pods,
        new_pods,
        steps: sim.steps,
        truncated,
    })
}

fn count(v: &[Phase], phase: Phase) -> usize {
    v.iter().filter(|p| **p == phase).count()
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The Deployment controller and the pods it drives.
struct Controller {
    recreate: bool,
    replicas: usize,
    max_surge: usize,
    max_unavailable: usize,
    old: Vec<Phase>,
    new: Vec<Phase>,
    steps: Vec<Step>,
}

impl Controller {
    fn record(&mut self, title: String) {
        self.steps.push(Step {
            title,
            old: self.old.clone(),
            new: self.new.clone(),
        });
    }

    fn active(v: &[Phase]) -> usize {
        v.iter().filter(|p| p.active()).count()
    }

    /// Done: the new ReplicaSet has every pod ready and no old pod is left.
    fn complete(&self) -> bool {
        count(&self.new, Phase::Ready) == self.replicas
            && self.old.iter().all(|p| *p == Phase::Gone)
    }

    /// Steps until complete; true when cut at [`MAX_STEPS`].
    fn run(&mut self, old_rs: &str, new_rs: &str) -> bool {
        while !self.complete() {
            if self.steps.len() >= MAX_STEPS {
                return true;
            }
            let (old_before, new_before) = (Self::active(&self.old), Self::active(&self.new));
            let mut changed = false;
            // The controller syncs until it has nothing more to do (R5).
            for _ in 0..=2 * (self.old.len() + self.replicas) {
                let did = if self.recreate {
                    self.sync_recreate()
                } else {
                    self.sync_rolling()
                };
                if !did {
                    break;
                }
                changed = true;
            }
            if changed {
                let (old_now, new_now) = (Self::active(&self.old), Self::active(&self.new));
                let mut parts = Vec::new();
                if new_now != new_before {
                    parts.push(format!(
                        "scales ReplicaSet {new_rs} up to {new_now} ({} pod{} starting)",
                        new_now - new_before,
                        plural(new_now - new_before)
                    ));
                }
                if old_now != old_before {
                    parts.push(format!(
                        "scales ReplicaSet {old_rs} down to {old_now} ({} pod{} terminating)",
                        old_before - old_now,
                        plural(old_before - old_now)
                    ));
                }
                self.record(format!("The controller {}", parts.join(" and ")));
                continue;
            }
            // Pods settle (R5).
            let started = count(&self.new, Phase::Starting);
            let gone = count(&self.old, Phase::Terminating) + count(&self.new, Phase::Terminating);
            if started + gone == 0 {
                // Nothing can move: the controller waits for pods that never
                // become ready (old not-ready pods it may not remove).
                self.record("The rollout is stuck: no pod can change".into());
                return false;
            }
            for p in self.old.iter_mut().chain(self.new.iter_mut()) {
                *p = match *p {
                    Phase::Starting => Phase::Ready,
                    Phase::Terminating => Phase::Gone,
                    other => other,
                };
            }
            let mut parts = Vec::new();
            if started > 0 {
                parts.push(format!(
                    "{started} new pod{} become{} ready",
                    plural(started),
                    if started == 1 { "s" } else { "" }
                ));
            }
            if gone > 0 {
                parts.push(format!("{gone} old pod{} terminated", plural(gone)));
            }
            let mut title = parts.join("; ");
            if self.complete() {
                title.push_str(": the rollout is complete");
            }
            self.record(title);
        }
        false
    }

    /// Deletes `n` active pods of `pods`, unhealthy ones first, then the
    /// newest (the ReplicaSet controller's ranking, by index here).
    fn delete(pods: &mut [Phase], mut n: usize) {
        for healthy in [false, true] {
            for p in pods.iter_mut().rev() {
                if n == 0 {
                    return;
                }
                if p.active() && (*p == Phase::Ready) == healthy {
                    *p = Phase::Terminating;
                    n -= 1;
                }
            }
        }
    }

    /// One sync of `rolloutRolling`: scale up (R2), else scale down (R3).
    fn sync_rolling(&mut self) -> bool {
        self.reconcile_new() || self.reconcile_old()
    }

    /// `reconcileNewReplicaSet` with `NewRSNewReplicas` (R2).
    fn reconcile_new(&mut self) -> bool {
        let new_rs = Self::active(&self.new);
        if new_rs == self.replicas {
            return false;
        }
        if new_rs > self.replicas {
            Self::delete(&mut self.new, new_rs - self.replicas);
            return true;
        }
        let all = new_rs + Self::active(&self.old);
        let max_total = self.replicas + self.max_surge;
        if all >= max_total {
            return false;
        }
        let up = (max_total - all).min(self.replicas - new_rs);
        let mut created = 0;
        for p in self.new.iter_mut().filter(|p| **p == Phase::Gone).take(up) {
            *p = Phase::Starting;
            created += 1;
        }
        created > 0
    }

    /// `reconcileOldReplicaSets` (R3).
    fn reconcile_old(&mut self) -> bool {
        let old_rs = Self::active(&self.old);
        if old_rs == 0 {
            return false;
        }
        let new_rs = Self::active(&self.new);
        let all = (new_rs + old_rs) as i64;
        let min_available = self.replicas.saturating_sub(self.max_unavailable) as i64;
        let new_unavailable = (new_rs - count(&self.new, Phase::Ready)) as i64;
        let max_scaled_down = all - min_available - new_unavailable;
        if max_scaled_down <= 0 {
            return false;
        }
        let cleaned = self.cleanup_unhealthy(max_scaled_down as usize);
        let scaled = self.scale_down_old();
        cleaned + scaled > 0
    }

    /// `cleanupUnhealthyReplicas`: removes up to `max` old pods that are not
    /// available (removing them costs no availability).
    fn cleanup_unhealthy(&mut self, max: usize) -> usize {
        let unhealthy = Self::active(&self.old) - count(&self.old, Phase::Ready);
        let n = unhealthy.min(max);
        Self::delete(&mut self.old, n);
        n
    }

    /// `scaleDownOldReplicaSetsForRollingUpdate`: removes old pods while more
    /// than `replicas − maxUnavailable` pods stay available.
    fn scale_down_old(&mut self) -> usize {
        let min_available = self.replicas.saturating_sub(self.max_unavailable);
        let available = count(&self.old, Phase::Ready) + count(&self.new, Phase::Ready);
        if available <= min_available {
            return 0;
        }
        let n = (available - min_available).min(Self::active(&self.old));
        Self::delete(&mut self.old, n);
        n
    }

    /// One sync of `rolloutRecreate` (R4).
    fn sync_recreate(&mut self) -> bool {
        let old_rs = Self::active(&self.old);
        if old_rs > 0 {
            Self::delete(&mut self.old, old_rs);
            return true;
        }
        if self.old.contains(&Phase::Terminating) {
            return false; // wait until no old pod runs
        }
        let mut up = false;
        for p in self.new.iter_mut().filter(|p| **p == Phase::Gone) {
            *p = Phase::Starting;
            up = true;
        }
        up
    }
}

/// The pods of a step, in the order old then new, with their phase written
/// as pod state (not ready, or a deletion timestamp).
pub fn step_pods(r: &Rollout, step: usize) -> Vec<Pod> {
    let Some(s) = r.steps.get(step) else {
        return Vec::new();
    };
    let pair = |pods: &[Pod], phases: &[Phase]| -> Vec<Pod> {
        pods.iter()
            .zip(phases)
            .filter(|(_, ph)| **ph != Phase::Gone)
            .map(|(p, ph)| with_phase(p.clone(), *ph))
            .collect()
    };
    let mut out = pair(&r.old_pods, &s.old);
    out.extend(pair(&r.new_pods, &s.new));
    out
}

/// The analysis of the text at step `step` of the rollout: `base` (the
/// text's analysis) with the Deployment's pods replaced by the step's pods,
/// resolved again. Its diagnostics are those of the resolution only.
pub fn apply(base: &Analysis, r: &Rollout, step: usize) -> Analysis {
    let mut replaced = step_pods(r, step).into_iter().map(|p| SimPod::new(p, true));
    let mut pods = Vec::with_capacity(base.pods.len() + r.new_pods.len());
    let mut placed = false;
    for p in &base.pods {
        if owned_by(r, p) {
            if !placed {
                pods.extend(replaced.by_ref());
                placed = true;
            }
        } else {
            pods.push(p.clone());
        }
    }
    pods.extend(replaced);
    super::with_pods(base.objects.clone(), pods)
}

/// The endpoints of one Service through the rollout.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceTimeline {
    /// `namespace/name`.
    pub service: String,
    /// Per step: (ready, not ready, terminating) endpoints.
    pub counts: Vec<(usize, usize, usize)>,
}

impl ServiceTimeline {
    /// The steps at which the Service, ready before, has no ready endpoint.
    pub fn outage(&self) -> Vec<usize> {
        if self.counts.first().is_none_or(|c| c.0 == 0) {
            return Vec::new();
        }
        (0..self.counts.len())
            .filter(|&i| self.counts[i].0 == 0)
            .collect()
    }

    /// The fewest ready endpoints at any step.
    pub fn min_ready(&self) -> usize {
        self.counts.iter().map(|c| c.0).min().unwrap_or(0)
    }
}

/// A pod with its phase written as pod state: not ready, or being deleted.
fn with_phase(mut p: Pod, phase: Phase) -> Pod {
    match phase {
        Phase::Starting | Phase::NotReady => {
            p.meta
                .annotations
                .insert(WHAT_IF_NOT_READY.0.into(), WHAT_IF_NOT_READY.1.into());
        }
        Phase::Terminating => {
            p.meta.deletion_timestamp = Some(super::whatif::DELETION_TIMESTAMP.into());
        }
        Phase::Ready | Phase::Gone => {}
    }
    p
}

/// Whether a pod belongs to the rollout's Deployment.
fn owned_by(r: &Rollout, p: &SimPod) -> bool {
    p.from_workload
        && p.pod.meta.namespace == r.deployment.namespace
        && p.pod
            .owner
            .as_ref()
            .is_some_and(|o| o.kind == "Deployment" && o.name == r.deployment.name)
}

/// For every Service that selects a pod of the Deployment at some step, its
/// endpoint counts at each step — what [`apply`] would give at every step,
/// without resolving every step: the pods of one revision share labels,
/// spec and simulated status, so a Service treats them alike in each phase,
/// and the other pods do not change.
pub fn timeline(base: &Analysis, r: &Rollout) -> Vec<ServiceTimeline> {
    let dual_stack = base.objects.iter().any(|o| match o {
        Object::Service(s) => s.families().iter().any(|f| f == "IPv6"),
        _ => false,
    });
    // Per phase, how many old and new pods are in it at each step.
    let tally = |v: &[Phase]| {
        let mut n = [0usize; 5];
        for p in v {
            n[*p as usize] += 1;
        }
        n
    };
    let tallies: Vec<([usize; 5], [usize; 5])> = r
        .steps
        .iter()
        .map(|s| (tally(&s.old), tally(&s.new)))
        .collect();
    const PHASES: [Phase; 5] = [
        Phase::Starting,
        Phase::Ready,
        Phase::NotReady,
        Phase::Terminating,
        Phase::Gone,
    ];
    let mut out = Vec::new();
    for s in &base.services {
        let svc = &s.service;
        if !super::resolve::has_managed_endpoints(svc) {
            continue;
        }
        // The state of a revision's pod behind this Service in each phase
        // (None: not a backend), from one representative pod.
        let states = |pods: &[Pod]| -> [Option<EndpointState>; 5] {
            let mut st = [None; 5];
            let Some(pod) = pods.first() else { return st };
            for ph in PHASES.into_iter().filter(|p| *p != Phase::Gone) {
                let mut sim = vec![SimPod::new(with_phase(pod.clone(), ph), true)];
                super::workloads::settle_ip_collisions(&mut sim, dual_stack);
                if !super::resolve::selected_pods(svc, &sim).is_empty() {
                    st[ph as usize] = Some(super::resolve::classify(svc, &sim[0], 0).state);
                }
            }
            st
        };
        let (old, new) = (states(&r.old_pods), states(&r.new_pods));
        if old.iter().chain(&new).all(Option::is_none) {
            continue;
        }
        let mut others = (0, 0, 0);
        for b in &s.backends {
            if owned_by(r, &base.pods[b.pod]) {
                continue;
            }
            match b.state {
                EndpointState::Ready => others.0 += 1,
                EndpointState::NotReady => others.1 += 1,
                EndpointState::Terminating => others.2 += 1,
                _ => {}
            }
        }
        let counts = tallies
            .iter()
            .map(|(o, n)| {
                let mut c = others;
                for (states, tally) in [(&old, o), (&new, n)] {
                    for (ph, st) in states.iter().enumerate() {
                        match st {
                            Some(EndpointState::Ready) => c.0 += tally[ph],
                            Some(EndpointState::NotReady) => c.1 += tally[ph],
                            Some(EndpointState::Terminating) => c.2 += tally[ph],
                            _ => {}
                        }
                    }
                }
                c
            })
            .collect();
        out.push(ServiceTimeline {
            service: format!("{}/{}", svc.meta.namespace, svc.meta.name),
            counts,
        });
    }
    out
}

/// The Deployment `name` (`namespace/name`) of an analysis.
pub fn find_deployment<'a>(a: &'a Analysis, key: &str) -> Option<&'a Arc<Workload>> {
    a.objects.iter().find_map(|o| match o {
        Object::Workload(w)
            if w.kind == WorkloadKind::Deployment
                && format!("{}/{}", w.meta.namespace, w.meta.name) == key =>
        {
            Some(w)
        }
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A controller with `old` old pods of which `old_ready` are ready, and
    /// `new` new pods of which `new_ready` are ready.
    fn controller(
        replicas: usize,
        (surge, unavailable): (usize, usize),
        (old, old_ready): (usize, usize),
        (new, new_ready): (usize, usize),
    ) -> Controller {
        // As ResolveFenceposts does for the tables' Deployments.
        let unavailable = if surge == 0 && unavailable == 0 {
            1
        } else {
            unavailable
        };
        let mut o = vec![Phase::Ready; old_ready];
        o.resize(old, Phase::NotReady);
        let mut n = vec![Phase::Ready; new_ready];
        n.resize(new, Phase::Starting);
        n.resize(replicas.max(new) + surge, Phase::Gone);
        Controller {
            recreate: false,
            replicas,
            max_surge: surge,
            max_unavailable: unavailable,
            old: o,
            new: n,
            steps: Vec::new(),
        }
    }

    // Ported from pkg/controller/deployment/rolling_test.go.

    #[test]
    fn reconcile_new_replica_set() {
        // (replicas, maxSurge, old, new, expected new replicas or None)
        for (replicas, surge, old, new, want) in [
            (10, 0, 10, 0, None),
            (10, 2, 10, 0, Some(2)),
            (10, 2, 5, 0, Some(7)),
            (10, 2, 10, 2, None),
            (10, 2, 2, 11, Some(10)),
        ] {
            let mut c = controller(replicas, (surge, 0), (old, old), (new, new));
            let scaled = c.reconcile_new();
            assert_eq!(scaled, want.is_some(), "{replicas} {surge} {old} {new}");
            if let Some(w) = want {
                assert_eq!(Controller::active(&c.new), w);
            }
        }
    }

    #[test]
    fn reconcile_old_replica_sets() {
        // (replicas, maxUnavailable, old, new, old ready, new ready, expected old replicas or None)
        for (replicas, unavailable, old, new, old_ready, new_ready, want) in [
            (10, 0, 10, 0, 10, 0, Some(9)),
            (10, 2, 10, 0, 10, 0, Some(8)),
            (10, 2, 10, 0, 8, 0, Some(8)),
            (10, 2, 10, 0, 9, 0, Some(8)),
            (10, 2, 8, 2, 8, 0, None),
        ] {
            let mut c = controller(
                replicas,
                (0, unavailable),
                (old, old_ready),
                (new, new_ready),
            );
            let scaled = c.reconcile_old();
            assert_eq!(
                scaled,
                want.is_some(),
                "{replicas} {unavailable} {old} {new}"
            );
            if let Some(w) = want {
                assert_eq!(Controller::active(&c.old), w);
            }
        }
    }

    #[test]
    fn cleanup_unhealthy_replicas() {
        // (old, ready, max cleanup, expected cleaned)
        for (old, ready, max, want) in [(10, 8, 1, 1), (10, 8, 3, 2), (10, 8, 0, 0), (10, 10, 3, 0)]
        {
            let mut c = controller(10, (2, 2), (old, ready), (0, 0));
            assert_eq!(c.cleanup_unhealthy(max), want, "{old} {ready} {max}");
        }
    }

    #[test]
    fn scale_down_old_replica_sets_for_rolling_update() {
        // (replicas, maxUnavailable, ready, old, expected old replicas or None)
        for (replicas, unavailable, ready, old, want) in [
            (10, 0, 10, 10, Some(9)),
            (10, 2, 10, 10, Some(8)),
            (10, 2, 8, 10, None),
            (10, 2, 10, 0, None),
            (10, 2, 1, 10, None),
        ] {
            let mut c = controller(replicas, (0, unavailable), (old, ready.min(old)), (0, 0));
            let n = c.scale_down_old();
            assert_eq!(
                n > 0,
                want.is_some(),
                "{replicas} {unavailable} {ready} {old}"
            );
            if let Some(w) = want {
                assert_eq!(Controller::active(&c.old), w);
            }
        }
    }

    #[test]
    fn fenceposts_round_surge_up_and_unavailable_down() {
        use crate::engine::model::DeploymentStrategy;
        let mut w = Workload {
            kind: WorkloadKind::Deployment,
            meta: Default::default(),
            replicas: Some(10),
            selector: None,
            service_name: None,
            template: Default::default(),
            strategy: DeploymentStrategy::default(),
            paused: false,
            span: Default::default(),
        };
        // Defaults 25%/25%: 10 → surge ceil(2.5) = 3, unavailable floor(2.5) = 2.
        assert_eq!(fenceposts(&w, 10), (3, 2));
        assert_eq!(fenceposts(&w, 1), (1, 0));
        // Both zero after scaling: maxUnavailable becomes 1.
        w.strategy.max_surge = Some(IntOrPercent::Percent(0));
        w.strategy.max_unavailable = Some(IntOrPercent::Percent(10));
        assert_eq!(fenceposts(&w, 3), (0, 1));
        // Never more unavailable than replicas.
        w.strategy.max_unavailable = Some(IntOrPercent::Int(5));
        assert_eq!(fenceposts(&w, 3), (0, 3));
    }
}
