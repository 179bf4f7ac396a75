//! Rollouts: how a Deployment, StatefulSet or DaemonSet replaces its pods
//! when its template changes (or on `kubectl rollout restart`), step by step,
//! and what each Service's endpoints look like at every step.
//!
//! The controllers' arithmetic is Kubernetes' own (`pkg/controller/deployment`,
//! `statefulset`, `daemon`):
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
//! - R6. StatefulSet RollingUpdate (OrderedReady): once no pod is on its way
//!   in or out, a deleted pod is recreated from the new revision under its
//!   name, else the highest ordinal at or above `partition` still on the old
//!   revision is deleted — one pod at a time (`maxUnavailable` of the
//!   StatefulSet, a feature gate, is not simulated). `OnDelete` rolls nothing.
//! - R7. DaemonSet RollingUpdate (defaults `maxUnavailable` 1, `maxSurge` 0,
//!   percentages of the nodes rounded up): without surge, old pods are deleted
//!   while at most `maxUnavailable` nodes lack a ready pod (unhealthy ones
//!   first) and emptied nodes get a new pod; with surge, a new pod starts
//!   beside the old one on up to `maxSurge` nodes, and the old one goes once
//!   the new one is ready.
//!
//! Old pods are the workload's pods before the change, new ones those after
//! (a Deployment's with the new `pod-template-hash` in their names; a
//! StatefulSet's and a DaemonSet's take their slot — ordinal or node — in
//! turn). [`apply`] turns a step into an [`Analysis`], so the graph and every
//! panel show that step exactly as they show the text; the last step's pods
//! are the text's own pods. [`timeline`] counts each Service's endpoints at
//! every step without resolving every step.

use crate::engine::analysis::Analysis;
use crate::engine::base::diagnostics::Diagnostic;
use crate::engine::base::object_ref::ObjectRef;
use crate::engine::controllers::resolve::EndpointState;
use crate::engine::labels::LabelSelector;
use crate::engine::model::{IntOrPercent, Object, Pod, Workload, WorkloadKind};
use crate::engine::sim::workloads::{self, SimPod, WHAT_IF_NOT_READY};
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

/// A simulated rollout of one workload (Deployment, StatefulSet or DaemonSet).
#[derive(Clone, Debug, PartialEq)]
pub struct Rollout {
    /// The workload (the field keeps its first name: most rollouts are Deployments').
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
    /// Only Deployments, StatefulSets and DaemonSets roll out.
    #[error("{0} does not roll out: only Deployments, StatefulSets and DaemonSets do")]
    NotSupported(String),
    /// `updateStrategy: OnDelete`.
    #[error("{0} uses updateStrategy OnDelete: its pods are replaced only when you delete them")]
    OnDelete(String),
    /// A StatefulSet whose replicas change with its template.
    #[error("StatefulSet {0} changes its replicas too: svcmap rolls a StatefulSet out at one size (scale it, then change its template)")]
    Resized(String),
    /// `spec.paused: true`.
    #[error("Deployment {0} is paused: nothing rolls out until `kubectl rollout resume`")]
    Paused(String),
    /// `spec.selector` changed: the API server refuses the update.
    #[error("{workload}: `spec.selector` changed ({from} → {to}), and it is immutable in apps/v1: the API server refuses this update (\"field is immutable\"), so nothing rolls out; to change the selector, delete the {kind} and create it again, or create a new one under another name")]
    SelectorChanged {
        /// `Kind namespace/name`.
        workload: String,
        /// The kind, for the advice.
        kind: &'static str,
        /// The selector before, as `key=value,...`.
        from: String,
        /// The selector after.
        to: String,
    },
}

/// The refusal of an update that changes the workload's `spec.selector`, if
/// it does: apps/v1 Deployments, DaemonSets and ReplicaSets keep the
/// selector they were created with, and a StatefulSet's spec may change only
/// in its replicas, template, update strategy and a few other fields.
///
/// Mirrors the selector immutability check (`ValidateImmutableField` of
/// `spec.selector`) in `ValidateUpdate` of `pkg/registry/apps/deployment/strategy.go`,
/// `pkg/registry/apps/daemonset/strategy.go` and `pkg/registry/apps/replicaset/strategy.go`,
/// and `ValidateStatefulSetUpdate` in `pkg/apis/apps/validation/validation.go`.
pub fn selector_change(from: &Workload, to: &Workload) -> Option<RolloutError> {
    if from.selector == to.selector {
        return None;
    }
    let show = |w: &Workload| match &w.selector {
        None => "none".to_string(),
        Some(ls) => match LabelSelector::to_selector(Some(ls)) {
            Ok(s) if s.is_everything() => "everything".to_string(),
            Ok(s) => s.to_string(),
            Err(_) => "invalid".to_string(),
        },
    };
    Some(RolloutError::SelectorChanged {
        workload: format!(
            "{} {}/{}",
            to.kind.as_str(),
            to.meta.namespace,
            to.meta.name
        ),
        kind: to.kind.as_str(),
        from: show(from),
        to: show(to),
    })
}

/// (maxSurge, maxUnavailable) as pod counts for `replicas` desired pods
/// (R1; a DaemonSet's default is 0 and 1, both rounded up, R7).
pub fn fenceposts(w: &Workload, replicas: i64) -> (i64, i64) {
    let daemon = w.kind == WorkloadKind::DaemonSet;
    let (surge_default, unavailable_default) = if daemon {
        (IntOrPercent::Int(0), IntOrPercent::Int(1))
    } else {
        (IntOrPercent::Percent(25), IntOrPercent::Percent(25))
    };
    let surge = w
        .strategy
        .max_surge
        .unwrap_or(surge_default)
        .scaled(replicas, true);
    let mut unavailable = w
        .strategy
        .max_unavailable
        .unwrap_or(unavailable_default)
        .scaled(replicas, daemon);
    if surge == 0 && unavailable == 0 {
        unavailable = 1;
    }
    (surge.max(0), unavailable.clamp(0, replicas.max(0)))
}

/// The workload as `kubectl rollout restart` leaves it: the same, with the
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
        crate::engine::sim::annotations::NOT_READY,
        crate::engine::sim::annotations::TERMINATING,
        crate::engine::sim::annotations::DELETED,
    ] {
        if w.meta.annotations.contains_key(k) {
            w.meta.annotations.insert(k.into(), String::new());
        }
    }
    w
}

/// Simulates the rollout from workload `from` to workload `to` (the same
/// workload before and after an edit). An unchanged template is a restart.
pub fn plan(from: &Workload, to: &Workload) -> Result<Rollout, RolloutError> {
    let name = format!("{}/{}", to.meta.namespace, to.meta.name);
    let kind = to.kind;
    if !matches!(
        kind,
        WorkloadKind::Deployment | WorkloadKind::StatefulSet | WorkloadKind::DaemonSet
    ) {
        return Err(RolloutError::NotSupported(format!(
            "{} {name}",
            kind.as_str()
        )));
    }
    if let Some(refused) = selector_change(from, to) {
        return Err(refused);
    }
    if to.paused {
        return Err(RolloutError::Paused(name));
    }
    if to.strategy.on_delete {
        return Err(RolloutError::OnDelete(format!("{} {name}", kind.as_str())));
    }
    let restart =
        workloads::pod_template_hash(&from.template) == workloads::pod_template_hash(&to.template);
    let target = if restart { restarted(to) } else { to.clone() };
    let mut ignored: Vec<Diagnostic> = Vec::new();
    // Old pods without their what-if state: their phase says it.
    let listed = |key| crate::engine::sim::annotations::listed(&from.meta.annotations, key);
    let (not_ready, terminating, deleted) = (
        listed(crate::engine::sim::annotations::NOT_READY),
        listed(crate::engine::sim::annotations::TERMINATING),
        listed(crate::engine::sim::annotations::DELETED),
    );
    let old_pods = workloads::expand_workload(&without_what_ifs(from), &mut ignored);
    let new_pods = workloads::expand_workload(&without_what_ifs(&target), &mut ignored);
    let replicas = new_pods.len();
    if kind == WorkloadKind::StatefulSet && old_pods.len() != replicas {
        return Err(RolloutError::Resized(name));
    }
    let (surge, unavailable) = fenceposts(to, replicas as i64);
    let old: Vec<Phase> = old_pods
        .iter()
        .map(|p| {
            let is = |names: &Vec<String>| names.contains(&p.meta.name);
            if is(&deleted) {
                Phase::Gone
            } else if is(&terminating) {
                Phase::Terminating
            } else if is(&not_ready) {
                Phase::NotReady
            } else {
                Phase::Ready
            }
        })
        .collect();
    // ReplicaSets are named after the template hash; so are controller revisions.
    let rs = |w: &Workload| {
        format!(
            "{}-{}",
            w.meta.name,
            workloads::pod_template_hash(&w.template)
        )
    };
    let mut sim = Controller {
        kind,
        recreate: to.strategy.recreate,
        replicas,
        max_surge: surge as usize,
        max_unavailable: unavailable as usize,
        partition: usize::try_from(to.strategy.partition).unwrap_or(0),
        names: new_pods.iter().map(|p| p.meta.name.clone()).collect(),
        old,
        new: vec![Phase::Gone; replicas],
        steps: Vec::new(),
    };
    let before = count(&sim.old, Phase::Ready);
    let live = sim.old.len() - count(&sim.old, Phase::Gone);
    let of = if kind == WorkloadKind::Deployment {
        "ReplicaSet"
    } else {
        "revision"
    };
    sim.record(format!(
        "Before: {live} pod{} of {of} {}, {before} ready",
        plural(live),
        rs(from)
    ));
    let truncated = sim.run(&rs(from), &rs(&target));
    Ok(Rollout {
        deployment: ObjectRef::new(kind.as_str(), &to.meta.namespace, &to.meta.name),
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

/// The workload's controller and the pods it drives. Pods are slots: for a
/// StatefulSet the ordinal, for a DaemonSet the node (old and new pods of a
/// slot take turns); a Deployment's old and new pods are independent.
struct Controller {
    kind: WorkloadKind,
    recreate: bool,
    replicas: usize,
    max_surge: usize,
    max_unavailable: usize,
    /// StatefulSet ordinals below it are not updated.
    partition: usize,
    /// The pods' names, by slot (StatefulSets and DaemonSets).
    names: Vec<String>,
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

    /// Done: every new pod ready and no old pod left (below a StatefulSet's
    /// partition, the old pods stay).
    fn complete(&self) -> bool {
        if self.kind == WorkloadKind::Deployment {
            return count(&self.new, Phase::Ready) == self.replicas
                && self.old.iter().all(|p| *p == Phase::Gone);
        }
        (self.partition.min(self.new.len())..self.new.len())
            .all(|i| self.new[i] == Phase::Ready && self.old[i] == Phase::Gone)
    }

    /// Steps until complete; true when cut at [`MAX_STEPS`].
    fn run(&mut self, old_rs: &str, new_rs: &str) -> bool {
        while !self.complete() {
            if self.steps.len() >= MAX_STEPS {
                return true;
            }
            let (old_before, new_before) = (Self::active(&self.old), Self::active(&self.new));
            let before = (self.old.clone(), self.new.clone());
            let mut changed = false;
            // The controller syncs until it has nothing more to do (R5).
            for _ in 0..=2 * (self.old.len() + self.replicas) {
                let did = match self.kind {
                    WorkloadKind::StatefulSet => self.sync_stateful(),
                    WorkloadKind::DaemonSet => self.sync_daemon(),
                    _ if self.recreate => self.sync_recreate(),
                    _ => self.sync_rolling(),
                };
                if !did {
                    break;
                }
                changed = true;
            }
            if changed && self.kind != WorkloadKind::Deployment {
                let title = self.describe(&before.0, &before.1, new_rs);
                self.record(title);
                continue;
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

    /// What the controller did to the slots since `old`/`new`, in words.
    fn describe(&self, old: &[Phase], new: &[Phase], new_rev: &str) -> String {
        let mut parts = Vec::new();
        for (i, name) in self.names.iter().enumerate() {
            if old[i].active() && self.old[i] == Phase::Terminating {
                parts.push(format!("deletes {name} (terminating)"));
            }
            if new[i] == Phase::Gone && self.new[i] == Phase::Starting {
                parts.push(format!("creates {name} from revision {new_rev} (starting)"));
            }
        }
        format!("The controller {}", parts.join(", "))
    }

    /// Whether no pod of the slots is on its way in or out.
    fn settled(&self) -> bool {
        !self
            .old
            .iter()
            .chain(&self.new)
            .any(|p| matches!(p, Phase::Starting | Phase::Terminating))
    }

    /// Creates the new pod of every empty slot; true when it did.
    fn fill_empty_slots(&mut self) -> bool {
        let mut created = false;
        for (o, n) in self.old.iter().zip(self.new.iter_mut()) {
            if *o == Phase::Gone && *n == Phase::Gone {
                *n = Phase::Starting;
                created = true;
            }
        }
        created
    }

    /// One sync of the StatefulSet controller's RollingUpdate (R6): with
    /// every pod settled, recreate a deleted pod from the new revision, else
    /// delete the highest ordinal at or above the partition still on the old one.
    fn sync_stateful(&mut self) -> bool {
        if !self.settled() {
            return false; // OrderedReady: wait for the pod in flight
        }
        if self.fill_empty_slots() {
            return true;
        }
        let first = self.partition.min(self.old.len());
        match (first..self.old.len())
            .rev()
            .find(|&i| self.old[i].active())
        {
            Some(i) => {
                self.old[i] = Phase::Terminating;
                true
            }
            None => false,
        }
    }

    /// One sync of the DaemonSet controller's RollingUpdate (R7): on each
    /// node, with maxSurge, the new pod starts beside the old one, which goes
    /// once the new one is ready; without, old pods go while at most
    /// maxUnavailable nodes lack a ready pod, and emptied nodes get a new one.
    fn sync_daemon(&mut self) -> bool {
        let mut changed = false;
        if self.max_surge == 0 {
            changed |= self.fill_empty_slots();
            let unavailable = |c: &Controller| {
                (0..c.old.len())
                    .filter(|&i| c.old[i] != Phase::Ready && c.new[i] != Phase::Ready)
                    .count()
            };
            // Old pods that are not ready go first: they cost no availability.
            for healthy in [false, true] {
                for i in (0..self.old.len()).rev() {
                    let ready = self.old[i] == Phase::Ready;
                    if self.old[i].active()
                        && ready == healthy
                        && (!healthy || unavailable(self) < self.max_unavailable)
                    {
                        self.old[i] = Phase::Terminating;
                        changed = true;
                    }
                }
            }
            return changed;
        }
        for i in 0..self.old.len() {
            if self.new[i] == Phase::Ready && self.old[i].active() {
                self.old[i] = Phase::Terminating;
                changed = true;
            }
        }
        let surging = |c: &Controller| {
            (0..c.old.len())
                .filter(|&i| c.old[i] != Phase::Gone && c.new[i] != Phase::Gone)
                .count()
        };
        for i in 0..self.old.len() {
            if self.new[i] == Phase::Gone
                && (self.old[i] == Phase::Gone || surging(self) < self.max_surge)
            {
                self.new[i] = Phase::Starting;
                changed = true;
            }
        }
        changed
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
/// text's analysis) with the workload's pods replaced by the step's pods,
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
    crate::engine::analysis::with_pods(base.objects.clone(), pods)
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
            p.meta.deletion_timestamp =
                Some(crate::engine::sim::annotations::DELETION_TIMESTAMP.into());
        }
        Phase::Ready | Phase::Gone => {}
    }
    p
}

/// Whether a pod belongs to the rollout's workload.
fn owned_by(r: &Rollout, p: &SimPod) -> bool {
    p.from_workload
        && p.pod.meta.namespace == r.deployment.namespace
        && p.pod
            .owner
            .as_ref()
            .is_some_and(|o| o.kind == r.deployment.kind && o.name == r.deployment.name)
}

/// For every Service that selects a pod of the workload at some step, its
/// endpoint counts at each step — what [`apply`] would give at every step,
/// without resolving every step: the pods of one revision share labels,
/// spec and simulated status, so a Service treats them alike in each phase,
/// and the other pods do not change.
pub fn timeline(base: &Analysis, r: &Rollout) -> Vec<ServiceTimeline> {
    let dual_stack = base.objects.iter().any(|o| match o {
        Object::Service(s) => s.families().iter().any(|f| f == "IPv6"),
        _ => false,
    });
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
        if !crate::engine::controllers::resolve::has_managed_endpoints(svc) {
            continue;
        }
        // Which pods the Service selects (their labels do not change with
        // their phase), and the state of a revision's selected pod in each
        // phase (None: not a backend), from one representative pod.
        let selects = |p: &Pod| {
            p.meta.namespace == svc.meta.namespace
                && svc.service_type != crate::engine::model::ServiceType::ExternalName
                && svc.selector.as_ref().is_some_and(|m| {
                    crate::engine::labels::Selector::from_map(m).matches(&p.meta.labels)
                })
        };
        let states = |pods: &[Pod], selected: &[bool]| -> [Option<EndpointState>; 5] {
            let mut st = [None; 5];
            let Some(i) = selected.iter().position(|s| *s) else {
                return st;
            };
            for ph in PHASES.into_iter().filter(|p| *p != Phase::Gone) {
                let mut sim = vec![SimPod::new(with_phase(pods[i].clone(), ph), true)];
                crate::engine::sim::workloads::settle_ip_collisions(&mut sim, dual_stack);
                st[ph as usize] =
                    Some(crate::engine::controllers::resolve::classify(svc, &sim[0], 0).state);
            }
            st
        };
        let sel_old: Vec<bool> = r.old_pods.iter().map(selects).collect();
        let sel_new: Vec<bool> = r.new_pods.iter().map(selects).collect();
        let (old, new) = (states(&r.old_pods, &sel_old), states(&r.new_pods, &sel_new));
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
        let counts = r
            .steps
            .iter()
            .map(|step| {
                let mut c = others;
                for (states, phases, selected) in
                    [(&old, &step.old, &sel_old), (&new, &step.new, &sel_new)]
                {
                    for (ph, _) in phases.iter().zip(selected.iter()).filter(|(_, s)| **s) {
                        match states[*ph as usize] {
                            Some(EndpointState::Ready) => c.0 += 1,
                            Some(EndpointState::NotReady) => c.1 += 1,
                            Some(EndpointState::Terminating) => c.2 += 1,
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

/// The key a rollout is asked for by: `namespace/name` for a Deployment,
/// `statefulset/namespace/name` or `daemonset/namespace/name` for the others.
pub fn key_of(kind: &str, namespace: &str, name: &str) -> String {
    if kind == "Deployment" {
        format!("{namespace}/{name}")
    } else {
        format!("{}/{namespace}/{name}", kind.to_ascii_lowercase())
    }
}

impl Rollout {
    /// Its workload's key (see [`key_of`]).
    pub fn key(&self) -> String {
        let d = &self.deployment;
        key_of(&d.kind, &d.namespace, &d.name)
    }
}

/// The workload that can roll out named by `key` (see [`key_of`]).
pub fn find_workload<'a>(a: &'a Analysis, key: &str) -> Option<&'a Arc<Workload>> {
    a.objects.iter().find_map(|o| match o {
        Object::Workload(w)
            if matches!(
                w.kind,
                WorkloadKind::Deployment | WorkloadKind::StatefulSet | WorkloadKind::DaemonSet
            ) && key_of(w.kind.as_str(), &w.meta.namespace, &w.meta.name) == key =>
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
            kind: WorkloadKind::Deployment,
            recreate: false,
            replicas,
            max_surge: surge,
            max_unavailable: unavailable,
            partition: 0,
            names: Vec::new(),
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
        use crate::engine::model::UpdateStrategy;
        let mut w = Workload {
            kind: WorkloadKind::Deployment,
            meta: Default::default(),
            replicas: Some(10),
            selector: None,
            service_name: None,
            template: Default::default(),
            strategy: UpdateStrategy::default(),
            paused: false,
            ordinals_start: 0,
            job: Default::default(),
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
