//! Pods: containers, ports, spec and status.

use super::ObjectMeta;
use crate::engine::base::object_ref::ObjectRef;
use crate::engine::base::source::Span;
use serde::Serialize;

/// A container port.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct ContainerPort {
    /// `name`, if any.
    pub name: Option<String>,
    /// `containerPort`.
    pub container_port: i64,
    /// `protocol`, TCP by default (`SetDefaults_ContainerPort`).
    pub protocol: String,
}

impl std::fmt::Display for ContainerPort {
    /// `name=port/PROTOCOL`, or `port/PROTOCOL` for an unnamed port.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.name {
            Some(n) => write!(f, "{n}={}/{}", self.container_port, self.protocol),
            None => write!(f, "{}/{}", self.container_port, self.protocol),
        }
    }
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

impl Container {
    /// Whether this init container is a sidecar: its `restartPolicy` is
    /// `Always` (`podutil.IsRestartableInitContainer` in
    /// `pkg/api/v1/pod/util.go`). Meaningless on a regular container.
    pub fn is_sidecar(&self) -> bool {
        self.restart_policy.as_deref() == Some("Always")
    }
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

/// The parts of a pod status that routing and display depend on.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct PodStatus {
    /// `phase`: Pending, Running, Succeeded, Failed, Unknown.
    pub phase: Option<String>,
    /// `podIPs`, defaulted from `podIP` (as the API server's pod status conversion does).
    pub pod_ips: Vec<String>,
    /// Status of the `Ready` condition (`None` when the condition is absent).
    pub ready: Option<bool>,
    /// `reason` (e.g. `Evicted`, `NodeLost`).
    pub reason: Option<String>,
    /// Status of the `Initialized` condition (`None` when absent).
    pub initialized: Option<bool>,
    /// Whether the `PodScheduled` condition has the reason `SchedulingGated`.
    pub scheduling_gated: bool,
    /// `containerStatuses`, in order.
    pub container_statuses: Vec<ContainerStatus>,
    /// `initContainerStatuses`, in order.
    pub init_container_statuses: Vec<ContainerStatus>,
}

/// A container's status, as the kubelet reports it (`containerStatuses[]`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct ContainerStatus {
    /// `name`.
    pub name: String,
    /// `ready`.
    pub ready: bool,
    /// `started` (`None` when absent).
    pub started: Option<bool>,
    /// `restartCount`.
    pub restart_count: i64,
    /// `state`.
    pub state: ContainerState,
}

/// A container's `state`: at most one of `running`, `waiting`, `terminated`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub enum ContainerState {
    /// None of the three is set.
    #[default]
    Unknown,
    /// `running`.
    Running,
    /// `waiting`, with its `reason` (possibly empty).
    Waiting {
        /// `reason`.
        reason: String,
    },
    /// `terminated`, with its `reason`, `exitCode` and `signal`.
    Terminated {
        /// `reason`.
        reason: String,
        /// `exitCode`.
        exit_code: i64,
        /// `signal`.
        signal: i64,
    },
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
