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

mod apply;
mod plan;

pub use apply::{apply, step_pods, timeline, ServiceTimeline};
pub use plan::plan;

use crate::engine::analysis::Analysis;
use crate::engine::base::object_ref::ObjectRef;
use crate::engine::labels::LabelSelector;
use crate::engine::model::{IntOrPercent, Object, Pod, Workload, WorkloadKind};
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

/// The key a rollout is asked for by: `namespace/name` for a Deployment,
/// `statefulset/namespace/name` or `daemonset/namespace/name` for the others.
pub fn key_of(kind: &str, namespace: &str, name: &str) -> String {
    let key = crate::engine::base::object_ref::namespaced_key(namespace, name);
    if kind == "Deployment" {
        key
    } else {
        format!("{}/{key}", kind.to_ascii_lowercase())
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
mod tests;
