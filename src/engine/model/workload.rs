//! Workloads: Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs and CronJobs, with their pod templates and strategies.

use super::{ObjectMeta, PodSpec};
use crate::engine::base::source::Span;
use crate::engine::labels::LabelSelector;
use serde::Serialize;
use std::fmt;

/// Kinds of workload controllers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum WorkloadKind {
    /// apps/v1 Deployment.
    Deployment,
    /// apps/v1 ReplicaSet.
    ReplicaSet,
    /// v1 ReplicationController.
    ReplicationController,
    /// apps/v1 StatefulSet.
    StatefulSet,
    /// apps/v1 DaemonSet.
    DaemonSet,
    /// batch/v1 Job.
    Job,
    /// batch/v1 CronJob.
    CronJob,
}

impl WorkloadKind {
    /// The kind from its name.
    pub fn from_kind(kind: &str) -> Option<WorkloadKind> {
        Some(match kind {
            "Deployment" => WorkloadKind::Deployment,
            "ReplicaSet" => WorkloadKind::ReplicaSet,
            "ReplicationController" => WorkloadKind::ReplicationController,
            "StatefulSet" => WorkloadKind::StatefulSet,
            "DaemonSet" => WorkloadKind::DaemonSet,
            "Job" => WorkloadKind::Job,
            "CronJob" => WorkloadKind::CronJob,
            _ => return None,
        })
    }

    /// The kind's name.
    pub fn as_str(self) -> &'static str {
        match self {
            WorkloadKind::Deployment => "Deployment",
            WorkloadKind::ReplicaSet => "ReplicaSet",
            WorkloadKind::ReplicationController => "ReplicationController",
            WorkloadKind::StatefulSet => "StatefulSet",
            WorkloadKind::DaemonSet => "DaemonSet",
            WorkloadKind::Job => "Job",
            WorkloadKind::CronJob => "CronJob",
        }
    }
}

/// A pod template.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PodTemplate {
    /// `template.metadata` (labels and annotations).
    pub meta: ObjectMeta,
    /// `template.spec`.
    pub spec: PodSpec,
    /// A hash of the whole template as written (every field, modelled or
    /// not: an image change is a new template too).
    #[serde(skip)]
    pub source_hash: u64,
}

/// A workload that creates pods from a template.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Workload {
    /// Its kind.
    pub kind: WorkloadKind,
    /// Metadata.
    pub meta: ObjectMeta,
    /// `spec.replicas` (or `parallelism` for Jobs).
    pub replicas: Option<i64>,
    /// `spec.selector`.
    pub selector: Option<LabelSelector>,
    /// `spec.serviceName` of a StatefulSet.
    pub service_name: Option<String>,
    /// The pod template.
    pub template: PodTemplate,
    /// `spec.strategy` or `spec.updateStrategy` (the defaults when absent).
    pub strategy: UpdateStrategy,
    /// `spec.paused` of a Deployment: no rollout happens while it is true.
    pub paused: bool,
    /// `spec.ordinals.start` of a StatefulSet: the first pod's ordinal (0 by default).
    pub ordinals_start: i64,
    /// What a Job's spec (or a CronJob's `jobTemplate.spec` and schedule) says
    /// about the pods it runs; the defaults for other kinds.
    pub job: JobSpec,
    /// Where the object is in the text.
    pub span: Span,
}

/// The fields of a Job's spec that decide which pods run and how they are
/// named and labelled (`batch/v1` `JobSpec`), and a CronJob's own fields.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct JobSpec {
    /// `completions`, as written (the parallelism is [`Workload::replicas`]).
    pub completions: Option<i64>,
    /// `completionMode: Indexed`.
    pub indexed: bool,
    /// `manualSelector: true`: the API server adds no labels and no selector.
    pub manual_selector: bool,
    /// `suspend: true` on the Job: it runs no pod.
    pub suspend: bool,
    /// A CronJob's `spec.schedule`.
    pub schedule: Option<String>,
    /// A CronJob's `spec.timeZone`.
    pub time_zone: Option<String>,
    /// `suspend: true` on a CronJob: it starts no Job.
    pub schedule_suspended: bool,
}

/// How a workload replaces old pods with new ones: `spec.strategy` of a
/// Deployment, `spec.updateStrategy` of a StatefulSet or a DaemonSet.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct UpdateStrategy {
    /// `type: Recreate` (Deployment): every old pod goes before any new one is created.
    pub recreate: bool,
    /// `type: OnDelete` (StatefulSet, DaemonSet): pods are replaced only when deleted by hand.
    pub on_delete: bool,
    /// `rollingUpdate.maxSurge` as written (`None`: the default, 25% for a
    /// Deployment, 0 for a DaemonSet).
    pub max_surge: Option<IntOrPercent>,
    /// `rollingUpdate.maxUnavailable` as written (`None`: the default, 25% for
    /// a Deployment, 1 for a DaemonSet).
    pub max_unavailable: Option<IntOrPercent>,
    /// `rollingUpdate.partition` of a StatefulSet: lower ordinals keep the old revision.
    pub partition: i64,
}

/// A count written as a number or as a percentage (`maxSurge: 25%`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum IntOrPercent {
    /// An absolute number.
    Int(i64),
    /// A percentage of the desired replicas.
    Percent(i64),
}

impl IntOrPercent {
    /// The number it stands for out of `total`, rounding a percentage up or
    /// down (apimachinery's `GetScaledValueFromIntOrPercent`).
    pub fn scaled(self, total: i64, round_up: bool) -> i64 {
        match self {
            IntOrPercent::Int(n) => n,
            IntOrPercent::Percent(p) => {
                let product = p.saturating_mul(total);
                if round_up {
                    (product + 99).div_euclid(100)
                } else {
                    product.div_euclid(100)
                }
            }
        }
    }
}

impl fmt::Display for IntOrPercent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IntOrPercent::Int(n) => write!(f, "{n}"),
            IntOrPercent::Percent(p) => write!(f, "{p}%"),
        }
    }
}
