//! Planning a rollout: the Deployment controller's steps from one template to another.

use super::{
    fenceposts, restarted, selector_change, without_what_ifs, Phase, Rollout, RolloutError, Step,
    MAX_STEPS,
};
use crate::engine::base::diagnostics::Diagnostic;
use crate::engine::base::object_ref::ObjectRef;
use crate::engine::model::{Workload, WorkloadKind};
use crate::engine::sim::workloads;

/// Simulates the rollout from workload `from` to workload `to` (the same
/// workload before and after an edit). An unchanged template is a restart.
pub fn plan(from: &Workload, to: &Workload) -> Result<Rollout, RolloutError> {
    let name = to.meta.key();
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

pub(super) fn count(v: &[Phase], phase: Phase) -> usize {
    v.iter().filter(|p| **p == phase).count()
}

pub(super) fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The workload's controller and the pods it drives. Pods are slots: for a
/// StatefulSet the ordinal, for a DaemonSet the node (old and new pods of a
/// slot take turns); a Deployment's old and new pods are independent.
pub(super) struct Controller {
    pub(super) kind: WorkloadKind,
    pub(super) recreate: bool,
    pub(super) replicas: usize,
    pub(super) max_surge: usize,
    pub(super) max_unavailable: usize,
    /// StatefulSet ordinals below it are not updated.
    pub(super) partition: usize,
    /// The pods' names, by slot (StatefulSets and DaemonSets).
    pub(super) names: Vec<String>,
    pub(super) old: Vec<Phase>,
    pub(super) new: Vec<Phase>,
    pub(super) steps: Vec<Step>,
}

impl Controller {
    pub(super) fn record(&mut self, title: String) {
        self.steps.push(Step {
            title,
            old: self.old.clone(),
            new: self.new.clone(),
        });
    }

    pub(super) fn active(v: &[Phase]) -> usize {
        v.iter().filter(|p| p.active()).count()
    }

    /// Done: every new pod ready and no old pod left (below a StatefulSet's
    /// partition, the old pods stay).
    pub(super) fn complete(&self) -> bool {
        if self.kind == WorkloadKind::Deployment {
            return count(&self.new, Phase::Ready) == self.replicas
                && self.old.iter().all(|p| *p == Phase::Gone);
        }
        (self.partition.min(self.new.len())..self.new.len())
            .all(|i| self.new[i] == Phase::Ready && self.old[i] == Phase::Gone)
    }

    /// Steps until complete; true when cut at [`MAX_STEPS`].
    pub(super) fn run(&mut self, old_rs: &str, new_rs: &str) -> bool {
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
    pub(super) fn describe(&self, old: &[Phase], new: &[Phase], new_rev: &str) -> String {
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
    pub(super) fn settled(&self) -> bool {
        !self
            .old
            .iter()
            .chain(&self.new)
            .any(|p| matches!(p, Phase::Starting | Phase::Terminating))
    }

    /// Creates the new pod of every empty slot; true when it did.
    pub(super) fn fill_empty_slots(&mut self) -> bool {
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
    pub(super) fn sync_stateful(&mut self) -> bool {
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
    pub(super) fn sync_daemon(&mut self) -> bool {
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
    pub(super) fn delete(pods: &mut [Phase], mut n: usize) {
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
    pub(super) fn sync_rolling(&mut self) -> bool {
        self.reconcile_new() || self.reconcile_old()
    }

    /// `reconcileNewReplicaSet` with `NewRSNewReplicas` (R2).
    pub(super) fn reconcile_new(&mut self) -> bool {
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
    pub(super) fn reconcile_old(&mut self) -> bool {
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
    pub(super) fn cleanup_unhealthy(&mut self, max: usize) -> usize {
        let unhealthy = Self::active(&self.old) - count(&self.old, Phase::Ready);
        let n = unhealthy.min(max);
        Self::delete(&mut self.old, n);
        n
    }

    /// `scaleDownOldReplicaSetsForRollingUpdate`: removes old pods while more
    /// than `replicas − maxUnavailable` pods stay available.
    pub(super) fn scale_down_old(&mut self) -> usize {
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
    pub(super) fn sync_recreate(&mut self) -> bool {
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
