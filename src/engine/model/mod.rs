//! The object model: the small subset of Kubernetes types svcmap reasons about.
//!
//! The model layer, above YAML and label selectors: the typed objects, the
//! endpoint value types ([`endpoints`]), decoding each kind from YAML
//! ([`decode`]), the API server's validation, scope and removed APIs, and the
//! pods operators declare.

pub mod decode;
pub mod endpoints;
pub mod operators;
pub mod removed_apis;
pub mod scope;
pub mod validation;

use crate::engine::base::object_ref::ObjectRef;
use crate::engine::base::source::{Shift, Span};
use crate::engine::labels::{LabelSelector, Labels};
use serde::Serialize;
use std::fmt;
use std::sync::Arc;

/// `metadata` of an object.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ObjectMeta {
    /// `metadata.name`.
    pub name: String,
    /// `metadata.namespace`, `default` when absent (rule K5).
    pub namespace: String,
    /// `metadata.labels`.
    pub labels: Labels,
    /// `metadata.annotations`.
    pub annotations: Labels,
    /// `metadata.uid`, if written.
    pub uid: Option<String>,
    /// `metadata.deletionTimestamp`, if written: the object is terminating.
    pub deletion_timestamp: Option<String>,
    /// Where `metadata.name` is written.
    pub name_span: Option<Span>,
    /// Where `metadata.labels` is written.
    pub labels_span: Option<Span>,
}

/// `intOrString` values such as `targetPort`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(untagged)]
pub enum IntOrString {
    /// A number.
    Int(i64),
    /// A name.
    Str(String),
}

impl fmt::Display for IntOrString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IntOrString::Int(i) => write!(f, "{i}"),
            IntOrString::Str(s) => f.write_str(s),
        }
    }
}

/// A container port.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct ContainerPort {
    /// `name`, if any.
    pub name: Option<String>,
    /// `containerPort`.
    pub container_port: i64,
    /// `protocol`, TCP by default (rule D1).
    pub protocol: String,
}

/// A container (or init container).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Container {
    /// `name`.
    pub name: String,
    /// `ports`.
    pub ports: Vec<ContainerPort>,
    /// `restartPolicy` (only `Always` on an init container: a sidecar).
    pub restart_policy: Option<String>,
}

/// The parts of a pod spec that routing depends on.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PodSpec {
    /// `containers`.
    pub containers: Vec<Container>,
    /// `initContainers`.
    pub init_containers: Vec<Container>,
    /// `hostname`.
    pub hostname: Option<String>,
    /// `subdomain`.
    pub subdomain: Option<String>,
    /// `nodeName`.
    pub node_name: Option<String>,
    /// `hostNetwork`: the pod uses its node's network and address.
    pub host_network: bool,
}

impl std::hash::Hash for PodSpec {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        let PodSpec {
            containers,
            init_containers,
            hostname,
            subdomain,
            node_name,
            host_network,
        } = self;
        (containers, init_containers, hostname, subdomain, node_name).hash(h);
        // Hashed only when set, so that the hashes of specs without it (and
        // the simulated pod names built on them) stay as they were.
        if *host_network {
            host_network.hash(h);
        }
    }
}

/// The parts of a pod status that routing depends on.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct PodStatus {
    /// `phase`: Pending, Running, Succeeded, Failed, Unknown.
    pub phase: Option<String>,
    /// `podIPs`, defaulted from `podIP` (rule K1).
    pub pod_ips: Vec<String>,
    /// Status of the `Ready` condition (`None` when the condition is absent).
    pub ready: Option<bool>,
}

/// A Pod, written in the input or simulated from a workload.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Pod {
    /// Metadata.
    pub meta: ObjectMeta,
    /// Spec.
    pub spec: PodSpec,
    /// Status as written; `None` when the input has none.
    pub status: Option<PodStatus>,
    /// The workload that created it, for simulated pods.
    pub owner: Option<ObjectRef>,
    /// Where the object is in the text (its document, or its workload's).
    pub span: Span,
}

/// Service types.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub enum ServiceType {
    /// The default: a virtual IP inside the cluster.
    #[default]
    ClusterIP,
    /// A cluster IP plus a port on every node.
    NodePort,
    /// A node port plus an external load balancer.
    LoadBalancer,
    /// A DNS CNAME; no endpoints.
    ExternalName,
}

impl ServiceType {
    /// The name as written in YAML.
    pub fn as_str(self) -> &'static str {
        match self {
            ServiceType::ClusterIP => "ClusterIP",
            ServiceType::NodePort => "NodePort",
            ServiceType::LoadBalancer => "LoadBalancer",
            ServiceType::ExternalName => "ExternalName",
        }
    }
}

/// A Service port.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ServicePort {
    /// `name` ("" when unnamed).
    pub name: String,
    /// `protocol`, TCP by default.
    pub protocol: String,
    /// `port`.
    pub port: i64,
    /// `targetPort`, defaulted to `port` (rule D1).
    pub target_port: IntOrString,
    /// `nodePort`, if written.
    pub node_port: Option<i64>,
    /// `appProtocol`, if written.
    pub app_protocol: Option<String>,
    /// Where the port entry is.
    pub span: Span,
}

/// A Service.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Service {
    /// Metadata.
    pub meta: ObjectMeta,
    /// `spec.type`.
    pub service_type: ServiceType,
    /// `spec.selector`; `None` when absent or empty (rule E4a).
    pub selector: Option<Labels>,
    /// Where `spec.selector` is written.
    pub selector_span: Option<Span>,
    /// `spec.ports`.
    pub ports: Vec<ServicePort>,
    /// `spec.clusterIP` as written (`None` when absent).
    pub cluster_ip: Option<String>,
    /// `spec.clusterIPs` as written.
    pub cluster_ips: Vec<String>,
    /// `spec.ipFamilies`.
    pub ip_families: Vec<String>,
    /// `spec.ipFamilyPolicy`: SingleStack, PreferDualStack or RequireDualStack.
    pub ip_family_policy: Option<String>,
    /// `spec.publishNotReadyAddresses`.
    pub publish_not_ready_addresses: bool,
    /// `spec.externalName`.
    pub external_name: Option<String>,
    /// Where the object is in the text.
    pub span: Span,
}

impl Service {
    /// Whether `clusterIP: None` makes this Service headless.
    pub fn is_headless(&self) -> bool {
        self.cluster_ip.as_deref() == Some("None")
            || self.cluster_ips.first().map(String::as_str) == Some("None")
    }

    /// The IP families the Service's addresses and endpoints use, as the API
    /// server defaults them (rule D3): `ipFamilies`, else the families of the
    /// written cluster IPs, else IPv4 — plus the other family when
    /// `ipFamilyPolicy` asks for dual-stack.
    pub fn families(&self) -> Vec<String> {
        let fam = |ip: &str| if ip.contains(':') { "IPv6" } else { "IPv4" }.to_string();
        let mut out: Vec<String> = if !self.ip_families.is_empty() {
            self.ip_families.clone()
        } else {
            let written: Vec<String> = self
                .cluster_ips
                .iter()
                .chain(self.cluster_ip.iter())
                .filter(|ip| !ip.is_empty() && ip.as_str() != "None")
                .map(|ip| fam(ip))
                .collect();
            if written.is_empty() {
                vec!["IPv4".into()]
            } else {
                written
            }
        };
        out.dedup();
        let dual = matches!(
            self.ip_family_policy.as_deref(),
            Some("PreferDualStack" | "RequireDualStack")
        );
        if dual && out.len() == 1 {
            let other = if out[0] == "IPv4" { "IPv6" } else { "IPv4" };
            out.push(other.into());
        }
        out.truncate(2);
        out
    }
}

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

/// Any object read from the input.
#[allow(clippy::large_enum_variant)] // few objects; boxing would only add noise
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Object {
    /// A Pod (shared: unchanged objects are reused between analyses).
    Pod(Arc<Pod>),
    /// A Service.
    Service(Arc<Service>),
    /// A workload.
    Workload(Arc<Workload>),
    /// A Namespace.
    Namespace(ObjectMeta),
    /// A v1 Endpoints object written in the input.
    Endpoints {
        /// Metadata.
        meta: ObjectMeta,
        /// Its subsets.
        value: crate::engine::model::endpoints::Endpoints,
        /// Where it is in the text.
        span: Span,
    },
    /// An EndpointSlice written in the input.
    EndpointSlice {
        /// Metadata.
        meta: ObjectMeta,
        /// Its endpoints and ports.
        value: crate::engine::model::endpoints::EndpointSlice,
        /// Where it is in the text.
        span: Span,
    },
    /// A kind svcmap reads but does not model yet, or ignores.
    Other {
        /// `apiVersion`.
        api_version: String,
        /// `kind`.
        kind: String,
        /// Metadata.
        meta: ObjectMeta,
        /// For a custom resource whose operator creates pods (see
        /// [`crate::engine::model::operators`]), the labels those pods will carry.
        operator_pods: Option<crate::engine::labels::Labels>,
    },
}

impl Object {
    /// The object's kind name.
    pub fn kind(&self) -> &str {
        match self {
            Object::Pod(_) => "Pod",
            Object::Service(_) => "Service",
            Object::Workload(w) => w.kind.as_str(),
            Object::Namespace(_) => "Namespace",
            Object::Endpoints { .. } => "Endpoints",
            Object::EndpointSlice { .. } => "EndpointSlice",
            Object::Other { kind, .. } => kind,
        }
    }

    /// The object's metadata.
    pub fn meta(&self) -> &ObjectMeta {
        match self {
            Object::Pod(p) => &p.meta,
            Object::Service(s) => &s.meta,
            Object::Workload(w) => &w.meta,
            Object::Namespace(m) => m,
            Object::Endpoints { meta, .. } | Object::EndpointSlice { meta, .. } => meta,
            Object::Other { meta, .. } => meta,
        }
    }

    /// The object's identity.
    pub fn object_ref(&self) -> ObjectRef {
        let m = self.meta();
        ObjectRef::new(self.kind(), &m.namespace, &m.name)
    }
}

impl Shift for ObjectMeta {
    fn shift(&mut self, lines: usize, bytes: usize) {
        self.name_span.shift(lines, bytes);
        self.labels_span.shift(lines, bytes);
    }
}

impl Shift for ServicePort {
    fn shift(&mut self, lines: usize, bytes: usize) {
        self.span.shift(lines, bytes);
    }
}

impl Shift for Object {
    fn shift(&mut self, lines: usize, bytes: usize) {
        if lines == 0 && bytes == 0 {
            return;
        }
        match self {
            Object::Pod(p) => {
                let p = Arc::make_mut(p);
                p.meta.shift(lines, bytes);
                p.span.shift(lines, bytes);
            }
            Object::Service(s) => {
                let s = Arc::make_mut(s);
                s.meta.shift(lines, bytes);
                s.span.shift(lines, bytes);
                s.selector_span.shift(lines, bytes);
                s.ports.shift(lines, bytes);
            }
            Object::Workload(w) => {
                let w = Arc::make_mut(w);
                w.meta.shift(lines, bytes);
                w.template.meta.shift(lines, bytes);
                w.span.shift(lines, bytes);
            }
            Object::Namespace(m) | Object::Other { meta: m, .. } => m.shift(lines, bytes),
            Object::Endpoints { meta, span, .. } | Object::EndpointSlice { meta, span, .. } => {
                meta.shift(lines, bytes);
                span.shift(lines, bytes);
            }
        }
    }
}
