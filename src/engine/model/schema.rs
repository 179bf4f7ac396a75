//! The fields of every object svcmap reads: names, types and one line of meaning each.
//!
//! One table serves the decoder (the fields it accepts, in the order its
//! "did you mean" hints try them) and the editor's completion and hover. The
//! names and types are those of the Kubernetes API types
//! (`staging/src/k8s.io/api/{core,apps,batch,discovery}/v1/types.go`); each
//! line of meaning paraphrases the first sentence of the field's comment there.

/// The type of a field's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldType {
    /// A string.
    Str,
    /// An integer.
    Int,
    /// A boolean.
    Bool,
    /// An integer or a string (`IntOrString`).
    IntOrStr,
    /// A map of strings to strings (annotations, node selectors).
    StrMap,
    /// A map of labels (keys and values are label syntax).
    Labels,
    /// A list of strings.
    Strings,
    /// An object whose fields are in the table.
    Object(&'static ObjectType),
    /// A list of objects whose fields are in the table.
    List(&'static ObjectType),
    /// An object svcmap does not model (its fields are not checked).
    Opaque,
    /// A list of objects svcmap does not model.
    OpaqueList,
}

impl FieldType {
    /// How the type reads in a hover: `string`, `list of ContainerPort`...
    pub fn describe(self) -> String {
        match self {
            FieldType::Str => "string".into(),
            FieldType::Int => "integer".into(),
            FieldType::Bool => "boolean".into(),
            FieldType::IntOrStr => "integer or string".into(),
            FieldType::StrMap => "map of strings".into(),
            FieldType::Labels => "map of labels".into(),
            FieldType::Strings => "list of strings".into(),
            FieldType::Object(t) => t.name.into(),
            FieldType::List(t) => format!("list of {}", t.name),
            FieldType::Opaque => "object".into(),
            FieldType::OpaqueList => "list of objects".into(),
        }
    }
}

/// One field of an object type.
#[derive(Debug)]
pub struct Field {
    /// The field's name as written in YAML.
    pub name: &'static str,
    /// Its value's type.
    pub ty: FieldType,
    /// The workload kinds whose spec has it (a [`WorkloadKinds`] mask; all
    /// for fields outside a workload's spec).
    pub kinds: u8,
    /// One line of meaning.
    pub doc: &'static str,
}

/// An object type: its name in the API reference and its fields.
#[derive(Debug)]
pub struct ObjectType {
    /// The API type's name (`ServiceSpec`).
    pub name: &'static str,
    /// The field names, in the order of [`ObjectType::fields`] (the decoder's list).
    pub names: &'static [&'static str],
    /// The fields.
    pub fields: &'static [Field],
}

/// Types are the table's statics: equal when they are the same one.
impl PartialEq for ObjectType {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Eq for ObjectType {}

impl ObjectType {
    /// The field `name`, if the type has it.
    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.name == name)
    }
}

/// Bits of the workload kinds whose spec has a field (see [`Field::kinds`]).
#[non_exhaustive]
pub struct WorkloadKinds;

impl WorkloadKinds {
    /// apps/v1 Deployment.
    pub const DEPLOYMENT: u8 = 1;
    /// apps/v1 ReplicaSet.
    pub const REPLICA_SET: u8 = 2;
    /// v1 ReplicationController.
    pub const REPLICATION_CONTROLLER: u8 = 4;
    /// apps/v1 StatefulSet.
    pub const STATEFUL_SET: u8 = 8;
    /// apps/v1 DaemonSet.
    pub const DAEMON_SET: u8 = 16;
    /// batch/v1 Job (and a CronJob's `jobTemplate.spec`).
    pub const JOB: u8 = 32;
    /// Every kind.
    pub const ALL: u8 = u8::MAX;

    /// The bit of a kind's spec (a CronJob's job template is a Job's); `ALL` for other kinds.
    pub fn of(kind: &str) -> u8 {
        match kind {
            "Deployment" => Self::DEPLOYMENT,
            "ReplicaSet" => Self::REPLICA_SET,
            "ReplicationController" => Self::REPLICATION_CONTROLLER,
            "StatefulSet" => Self::STATEFUL_SET,
            "DaemonSet" => Self::DAEMON_SET,
            "Job" | "CronJob" => Self::JOB,
            _ => Self::ALL,
        }
    }
}

const DEP: u8 = WorkloadKinds::DEPLOYMENT;
const RS: u8 = WorkloadKinds::REPLICA_SET;
const RC: u8 = WorkloadKinds::REPLICATION_CONTROLLER;
const STS: u8 = WorkloadKinds::STATEFUL_SET;
const DS: u8 = WorkloadKinds::DAEMON_SET;
const JOB: u8 = WorkloadKinds::JOB;

macro_rules! kinds {
    () => {
        WorkloadKinds::ALL
    };
    ($k:expr) => {
        $k
    };
}

macro_rules! object_type {
    ($(#[$m:meta])* $id:ident = $name:literal {
        $($field:literal $([$kinds:expr])? : $ty:expr => $doc:literal,)*
    }) => {
        $(#[$m])*
        pub static $id: ObjectType = ObjectType {
            name: $name,
            names: &[$($field),*],
            fields: &[$(Field { name: $field, ty: $ty, kinds: kinds!($($kinds)?), doc: $doc }),*],
        };
    };
}

use FieldType::{
    Bool, Int, IntOrStr, Labels, List, Object, Opaque, OpaqueList, Str, StrMap, Strings,
};

object_type!(
    /// `ObjectMeta` (`metadata`).
    OBJECT_META = "ObjectMeta" {
        "name": Str => "Name of the object, unique within its namespace for its kind.",
        "namespace": Str => "The namespace the object is in (`default` when empty, for namespaced kinds).",
        "labels": Labels => "Labels: keys and values that organize and select objects (Service and workload selectors read them).",
        "annotations": StrMap => "Annotations: unstructured keys and values for tools, not used for selection.",
        "uid": Str => "The unique id the API server gives the object when it is created.",
        "deletionTimestamp": Str => "When the object will be deleted; set by the server on a graceful delete.",
        "generateName": Str => "A prefix the server uses to generate a unique name when `name` is empty.",
        "creationTimestamp": Str => "When the object was created; set by the server.",
        "resourceVersion": Str => "The server's version of the object, for optimistic concurrency.",
        "generation": Int => "A sequence number of the desired state's changes; set by the server.",
        "ownerReferences": List(&OWNER_REFERENCE) => "The objects this one depends on (its controller among them).",
        "finalizers": Strings => "Keys that must be removed before the object is deleted.",
        "managedFields": OpaqueList => "Which manager set which fields; internal to server-side apply.",
        "selfLink": Str => "Deprecated: the object's URL, no longer set.",
        "deletionGracePeriodSeconds": Int => "Seconds the object is allowed to terminate gracefully before removal.",
    }
);

object_type!(
    /// `OwnerReference` (`metadata.ownerReferences[]`).
    OWNER_REFERENCE = "OwnerReference" {
        "apiVersion": Str => "The API version of the owner.",
        "kind": Str => "The kind of the owner: ReplicaSet, Deployment, StatefulSet, Job...",
        "name": Str => "The name of the owner, in the same namespace as this object.",
        "uid": Str => "The uid of the owner.",
        "controller": Bool => "True for the one owner that manages this object (its controller).",
        "blockOwnerDeletion": Bool => "Whether the owner's foreground deletion waits for this object.",
    }
);

object_type!(
    /// `LabelSelectorRequirement` (`matchExpressions[]`).
    LABEL_SELECTOR_REQUIREMENT = "LabelSelectorRequirement" {
        "key": Str => "The label key the requirement applies to.",
        "operator": Str => "How the key relates to the values: In, NotIn, Exists or DoesNotExist.",
        "values": Strings => "The values: non-empty for In and NotIn, empty for Exists and DoesNotExist.",
    }
);

object_type!(
    /// `LabelSelector` (a workload's `selector`).
    LABEL_SELECTOR = "LabelSelector" {
        "matchLabels": Labels => "Labels a pod must have, each key with exactly this value (ANDed).",
        "matchExpressions": List(&LABEL_SELECTOR_REQUIREMENT) => "Set-based requirements a pod's labels must meet (ANDed).",
    }
);

object_type!(
    /// `ContainerPort` (`containers[].ports[]`).
    CONTAINER_PORT = "ContainerPort" {
        "name": Str => "A name for the port (an IANA_SVC_NAME), unique in the pod; a Service's `targetPort` can refer to it.",
        "containerPort": Int => "The port number on the pod's IP address (1-65535).",
        "protocol": Str => "UDP, TCP or SCTP; defaults to TCP.",
        "hostPort": Int => "The port number to expose on the host.",
        "hostIP": Str => "The host IP to bind the external port to.",
    }
);

object_type!(
    /// `Container` (`containers[]`, `initContainers[]`).
    CONTAINER = "Container" {
        "name": Str => "Name of the container (a DNS label), unique in the pod.",
        "image": Str => "Container image name.",
        "ports": List(&CONTAINER_PORT) => "Ports the container exposes; named ones can be a Service's `targetPort`.",
        "restartPolicy": Str => "For an init container, `Always` makes it a sidecar that keeps running.",
        "command": Strings => "The entrypoint array; the image's ENTRYPOINT when empty.",
        "args": Strings => "Arguments to the entrypoint; the image's CMD when empty.",
        "env": OpaqueList => "Environment variables to set in the container.",
        "envFrom": OpaqueList => "Sources (ConfigMaps, Secrets) to populate environment variables from.",
        "resources": Opaque => "Compute resources (CPU, memory) required by the container.",
        "readinessProbe": Opaque => "Probe of service readiness: the container is removed from Service endpoints if it fails.",
        "livenessProbe": Opaque => "Probe of container liveness: the container is restarted if it fails.",
        "startupProbe": Opaque => "Probe that the pod has initialized; other probes wait until it succeeds.",
        "volumeMounts": OpaqueList => "Pod volumes to mount into the container's filesystem.",
        "imagePullPolicy": Str => "Always, Never or IfNotPresent.",
        "securityContext": Opaque => "Security options the container should run with.",
        "workingDir": Str => "The container's working directory.",
        "lifecycle": Opaque => "Actions the system should take on container lifecycle events.",
        "stdin": Bool => "Whether the container allocates a buffer for stdin.",
        "tty": Bool => "Whether the container allocates a TTY for itself.",
        "terminationMessagePath": Str => "Where the container's termination message is written.",
        "terminationMessagePolicy": Str => "How the termination message is populated: File or FallbackToLogsOnError.",
        "volumeDevices": OpaqueList => "Block devices to be used by the container.",
        "resizePolicy": OpaqueList => "Resources resize policy for the container.",
        "restartPolicyRules": OpaqueList => "Rules deciding whether the container restarts on exit.",
        "stdinOnce": Bool => "Whether stdin is closed after the first attach session.",
    }
);

object_type!(
    /// `PodSpec` (a Pod's `spec`, a template's `spec`).
    POD_SPEC = "PodSpec" {
        "containers": List(&CONTAINER) => "The containers of the pod (at least one).",
        "initContainers": List(&CONTAINER) => "Containers run in order before the app containers start.",
        "hostname": Str => "The pod's hostname; with `subdomain`, its DNS name under a headless Service.",
        "subdomain": Str => "With a headless Service of this name, the pod gets the DNS name <hostname>.<subdomain>.<namespace>.svc.",
        "nodeName": Str => "The node the pod is scheduled onto.",
        "hostNetwork": Bool => "The pod uses the host's network namespace (and its IP).",
        "restartPolicy": Str => "Restart policy for the containers: Always, OnFailure or Never.",
        "volumes": OpaqueList => "Volumes the pod's containers can mount.",
        "serviceAccountName": Str => "Name of the ServiceAccount used to run this pod.",
        "serviceAccount": Str => "Deprecated alias of `serviceAccountName`.",
        "nodeSelector": StrMap => "Labels a node must have for the pod to fit on it.",
        "affinity": Opaque => "The pod's scheduling constraints.",
        "tolerations": OpaqueList => "Taints the pod tolerates.",
        "securityContext": Opaque => "Pod-level security attributes.",
        "imagePullSecrets": OpaqueList => "Secrets used to pull the images.",
        "dnsPolicy": Str => "DNS policy: ClusterFirst, ClusterFirstWithHostNet, Default or None.",
        "dnsConfig": Opaque => "DNS parameters added to those of `dnsPolicy`.",
        "terminationGracePeriodSeconds": Int => "Seconds the pod needs to terminate gracefully.",
        "priorityClassName": Str => "The pod's priority class.",
        "priority": Int => "The pod's priority, set from its priority class.",
        "schedulerName": Str => "The scheduler that schedules the pod.",
        "topologySpreadConstraints": OpaqueList => "How the pods spread across topology domains.",
        "automountServiceAccountToken": Bool => "Whether a service account token is mounted automatically.",
        "enableServiceLinks": Bool => "Whether Services' information is injected into environment variables.",
        "ephemeralContainers": OpaqueList => "Ephemeral containers run in the pod for debugging.",
        "hostAliases": OpaqueList => "Entries added to the pod's hosts file.",
        "hostIPC": Bool => "Use the host's IPC namespace.",
        "hostPID": Bool => "Use the host's PID namespace.",
        "shareProcessNamespace": Bool => "Share one process namespace between all containers of the pod.",
        "runtimeClassName": Str => "The RuntimeClass used to run the pod.",
        "readinessGates": OpaqueList => "Extra conditions that must be true for the pod to be ready.",
        "preemptionPolicy": Str => "Policy for preempting pods with lower priority: Never or PreemptLowerPriority.",
        "overhead": StrMap => "Resource overhead of running the pod with its RuntimeClass.",
        "os": Opaque => "The operating system of the containers.",
        "activeDeadlineSeconds": Int => "Seconds the pod may be active before the system fails it.",
        "setHostnameAsFQDN": Bool => "The pod's hostname is its fully qualified domain name.",
        "hostUsers": Bool => "Use the host's user namespace.",
        "schedulingGates": OpaqueList => "Gates that block scheduling while any remains.",
        "resourceClaims": OpaqueList => "Resource claims the pod's containers can use.",
        "resources": Opaque => "Total resources of the pod, shared by its containers.",
        "hostnameOverride": Str => "The hostname the pod's containers see, instead of the pod's name.",
    }
);

object_type!(
    /// `PodIP` (`status.podIPs[]`).
    POD_IP = "PodIP" {
        "ip": Str => "An IP address allocated to the pod.",
    }
);

object_type!(
    /// `PodCondition` (`status.conditions[]`).
    POD_CONDITION = "PodCondition" {
        "type": Str => "The condition: Ready, Initialized, ContainersReady, PodScheduled...",
        "status": Str => "True, False or Unknown.",
        "lastProbeTime": Str => "Last time the condition was probed.",
        "lastTransitionTime": Str => "Last time the condition changed status.",
        "reason": Str => "A machine-readable reason for the last transition.",
        "message": Str => "A human-readable message about the last transition.",
        "observedGeneration": Int => "The pod's generation the condition was set for.",
    }
);

object_type!(
    /// `PodStatus` (a Pod's `status`).
    POD_STATUS = "PodStatus" {
        "phase": Str => "Where the pod is in its lifecycle: Pending, Running, Succeeded, Failed or Unknown.",
        "podIP": Str => "The pod's IP address; empty until one is allocated.",
        "podIPs": List(&POD_IP) => "The pod's IP addresses (at most one per family); the first is `podIP`.",
        "conditions": List(&POD_CONDITION) => "The pod's conditions, Ready among them.",
        "hostIP": Str => "The IP address of the pod's node.",
        "hostIPs": OpaqueList => "The IP addresses of the pod's node.",
        "startTime": Str => "When the kubelet acknowledged the pod.",
        "containerStatuses": OpaqueList => "The status of each container, as the kubelet reports it.",
        "initContainerStatuses": OpaqueList => "The status of each init container.",
        "qosClass": Str => "The pod's Quality of Service class.",
        "message": Str => "A human-readable message on why the pod is in this condition.",
        "reason": Str => "A brief reason why the pod is in this state (`Evicted`...).",
        "nominatedNodeName": Str => "The node the pod is expected to go to after a preemption.",
        "ephemeralContainerStatuses": OpaqueList => "The status of each ephemeral container.",
        "resize": Str => "Deprecated: the state of a resize of the pod's resources.",
        "resourceClaimStatuses": OpaqueList => "The status of the pod's resource claims.",
        "observedGeneration": Int => "The pod's generation this status was set for.",
    }
);

object_type!(
    /// `ServicePort` (`spec.ports[]` of a Service).
    SERVICE_PORT = "ServicePort" {
        "name": Str => "The port's name (a DNS label), unique in the Service; EndpointSlice ports carry it.",
        "protocol": Str => "TCP, UDP or SCTP; defaults to TCP.",
        "port": Int => "The port the Service exposes.",
        "targetPort": IntOrStr => "The number or name of the port to reach on the selected pods; defaults to `port`.",
        "nodePort": Int => "The port on each node for a NodePort or LoadBalancer Service.",
        "appProtocol": Str => "The application protocol of the port (`http`, `kubernetes.io/h2c`...).",
    }
);

object_type!(
    /// `ServiceSpec` (a Service's `spec`).
    SERVICE_SPEC = "ServiceSpec" {
        "type": Str => "How the Service is exposed: ClusterIP (default), NodePort, LoadBalancer or ExternalName.",
        "selector": Labels => "Traffic goes to the pods whose labels match every key and value here.",
        "ports": List(&SERVICE_PORT) => "The ports the Service exposes.",
        "clusterIP": Str => "The Service's IP address; `None` makes a headless Service.",
        "clusterIPs": Strings => "The Service's IP addresses, one per family; the first is `clusterIP`.",
        "ipFamilies": Strings => "The IP families (IPv4, IPv6) of the Service.",
        "ipFamilyPolicy": Str => "SingleStack, PreferDualStack or RequireDualStack.",
        "publishNotReadyAddresses": Bool => "Publish the addresses of pods that are not ready too.",
        "externalName": Str => "The DNS name an ExternalName Service is an alias of.",
        "sessionAffinity": Str => "ClientIP keeps a client on one pod; None (default) does not.",
        "sessionAffinityConfig": Opaque => "The configuration of session affinity.",
        "externalIPs": Strings => "IP addresses for which nodes also accept traffic for this Service.",
        "loadBalancerIP": Str => "Deprecated: the IP a load balancer should use.",
        "loadBalancerSourceRanges": Strings => "Client IP ranges the cloud load balancer admits.",
        "loadBalancerClass": Str => "The class of the load balancer implementation.",
        "externalTrafficPolicy": Str => "How external traffic is routed: Cluster or Local (node-local endpoints only).",
        "internalTrafficPolicy": Str => "How traffic from inside the cluster is routed: Cluster or Local.",
        "healthCheckNodePort": Int => "The health check node port, for externalTrafficPolicy Local.",
        "allocateLoadBalancerNodePorts": Bool => "Whether a LoadBalancer Service gets node ports.",
        "trafficDistribution": Str => "How traffic is preferably distributed (`PreferClose`...).",
    }
);

object_type!(
    /// `PodTemplateSpec` (a workload's `template`).
    POD_TEMPLATE = "PodTemplateSpec" {
        "metadata": Object(&OBJECT_META) => "The metadata of the pods created: their labels must match the selector.",
        "spec": Object(&POD_SPEC) => "The spec of the pods created.",
    }
);

object_type!(
    /// `StatefulSetOrdinals` (`spec.ordinals`).
    ORDINALS = "StatefulSetOrdinals" {
        "start": Int => "The number of the first replica's ordinal (default 0).",
    }
);

object_type!(
    /// A rolling update of a Deployment or DaemonSet (`maxSurge`, `maxUnavailable`).
    ROLLING_UPDATE = "RollingUpdate" {
        "maxSurge": IntOrStr => "How many pods (or what percentage) may exist above the desired number during the update.",
        "maxUnavailable": IntOrStr => "How many pods (or what percentage) may be unavailable during the update.",
    }
);

object_type!(
    /// `RollingUpdateStatefulSetStrategy`.
    STATEFUL_SET_ROLLING_UPDATE = "RollingUpdateStatefulSetStrategy" {
        "partition": Int => "Pods with an ordinal at least this are updated; the others keep the old revision.",
        "maxUnavailable": IntOrStr => "How many pods may be unavailable during the update.",
    }
);

object_type!(
    /// A workload's `strategy` or `updateStrategy`.
    STRATEGY = "UpdateStrategy" {
        "type": Str => "RollingUpdate, or Recreate (Deployment) / OnDelete (StatefulSet, DaemonSet).",
        "rollingUpdate": Object(&ROLLING_UPDATE) => "Parameters of a rolling update.",
    }
);

object_type!(
    /// The spec of a workload: Deployment, ReplicaSet, ReplicationController,
    /// StatefulSet, DaemonSet, Job (each field says which kinds have it).
    WORKLOAD_SPEC = "WorkloadSpec" {
        "replicas" [DEP | RS | RC | STS]: Int => "Number of desired pods (default 1).",
        "selector" [DEP | RS | RC | STS | DS | JOB]: Object(&LABEL_SELECTOR) => "The label query over pods this workload owns; it must match the template's labels.",
        "template" [DEP | RS | RC | STS | DS | JOB]: Object(&POD_TEMPLATE) => "The template of the pods created.",
        "serviceName" [STS]: Str => "The headless Service that gives the pods their DNS names.",
        "strategy" [DEP]: Object(&STRATEGY) => "How existing pods are replaced by new ones.",
        "updateStrategy" [STS | DS]: Object(&STRATEGY) => "How pods are updated when the template changes.",
        "minReadySeconds" [DEP | RS | RC | STS | DS]: Int => "Seconds a new pod must be ready, without crashing, to count as available.",
        "revisionHistoryLimit" [DEP | STS | DS]: Int => "Number of old revisions kept for rollback.",
        "progressDeadlineSeconds" [DEP]: Int => "Seconds to make progress before the rollout is reported failed.",
        "paused" [DEP]: Bool => "The Deployment is paused: template changes are not rolled out.",
        "podManagementPolicy" [STS]: Str => "OrderedReady (one at a time, in order) or Parallel.",
        "volumeClaimTemplates" [STS]: OpaqueList => "Claims each pod gets, with a volume of the same name.",
        "persistentVolumeClaimRetentionPolicy" [STS]: Opaque => "Whether claims are deleted with the StatefulSet or on scale-down.",
        "ordinals" [STS]: Object(&ORDINALS) => "The numbering of the replicas' ordinals.",
        "parallelism" [JOB]: Int => "The most pods the Job runs at any time.",
        "completions" [JOB]: Int => "The number of successful pods the Job needs.",
        "backoffLimit" [JOB]: Int => "Retries before the Job is marked failed (default 6).",
        "activeDeadlineSeconds" [JOB]: Int => "Seconds the Job may be active before the system terminates it.",
        "ttlSecondsAfterFinished" [JOB]: Int => "Seconds after it finishes before the Job is deleted.",
        "completionMode" [JOB]: Str => "NonIndexed (default) or Indexed (each pod gets an index).",
        "suspend" [JOB]: Bool => "The Job is suspended: no pods are created.",
        "manualSelector" [JOB]: Bool => "Use the written selector instead of generating one.",
        "podFailurePolicy" [JOB]: Opaque => "How failed pods count toward the backoff limit.",
        "backoffLimitPerIndex" [JOB]: Int => "Retries per index of an Indexed Job.",
        "maxFailedIndexes" [JOB]: Int => "Failed indexes before an Indexed Job is marked failed.",
        "podReplacementPolicy" [JOB]: Str => "When replacement pods are created: TerminatingOrFailed or Failed.",
        "successPolicy" [JOB]: Opaque => "When the Job can be declared succeeded.",
        "managedBy" [JOB]: Str => "The controller that manages the Job.",
    }
);

object_type!(
    /// `JobTemplateSpec` (a CronJob's `jobTemplate`).
    JOB_TEMPLATE = "JobTemplateSpec" {
        "metadata": Object(&OBJECT_META) => "The metadata of the Jobs created.",
        "spec": Object(&WORKLOAD_SPEC) => "The spec of the Jobs created.",
    }
);

object_type!(
    /// `CronJobSpec` (a CronJob's `spec`).
    CRON_JOB_SPEC = "CronJobSpec" {
        "schedule": Str => "The schedule, in Cron format.",
        "jobTemplate": Object(&JOB_TEMPLATE) => "The Job created at each scheduled time.",
        "concurrencyPolicy": Str => "Allow, Forbid or Replace concurrent runs.",
        "suspend": Bool => "Suspend subsequent runs.",
        "timeZone": Str => "The time zone of the schedule.",
        "startingDeadlineSeconds": Int => "Seconds after a missed time the Job may still start.",
        "successfulJobsHistoryLimit": Int => "Successful Jobs kept (default 3).",
        "failedJobsHistoryLimit": Int => "Failed Jobs kept (default 1).",
    }
);

object_type!(
    /// `ObjectReference` (an endpoint's `targetRef`).
    OBJECT_REFERENCE = "ObjectReference" {
        "kind": Str => "Kind of the referent (usually Pod).",
        "namespace": Str => "Namespace of the referent.",
        "name": Str => "Name of the referent.",
        "uid": Str => "UID of the referent.",
        "apiVersion": Str => "API version of the referent.",
        "resourceVersion": Str => "The referent's resource version.",
        "fieldPath": Str => "A field of the referent, instead of the whole object.",
    }
);

object_type!(
    /// `EndpointPort` (Endpoints' `subsets[].ports[]`, an EndpointSlice's `ports[]`).
    ENDPOINT_PORT = "EndpointPort" {
        "name": Str => "The port's name: the name of the Service port it serves.",
        "port": Int => "The port number of the endpoint.",
        "protocol": Str => "TCP, UDP or SCTP; defaults to TCP.",
        "appProtocol": Str => "The application protocol of the port.",
    }
);

object_type!(
    /// `EndpointAddress` (Endpoints' `subsets[].addresses[]`).
    ENDPOINT_ADDRESS = "EndpointAddress" {
        "ip": Str => "The IP of this endpoint.",
        "hostname": Str => "The hostname of this endpoint.",
        "nodeName": Str => "The node hosting this endpoint.",
        "targetRef": Object(&OBJECT_REFERENCE) => "The object providing the endpoint (a pod).",
    }
);

object_type!(
    /// `EndpointSubset` (Endpoints' `subsets[]`).
    ENDPOINT_SUBSET = "EndpointSubset" {
        "addresses": List(&ENDPOINT_ADDRESS) => "Addresses of ready endpoints.",
        "notReadyAddresses": List(&ENDPOINT_ADDRESS) => "Addresses of endpoints that are not ready.",
        "ports": List(&ENDPOINT_PORT) => "Port numbers available on the addresses.",
    }
);

object_type!(
    /// `EndpointConditions` (an EndpointSlice endpoint's `conditions`).
    ENDPOINT_CONDITIONS = "EndpointConditions" {
        "ready": Bool => "The endpoint is ready to receive traffic (unset reads as ready).",
        "serving": Bool => "The endpoint can serve, terminating or not.",
        "terminating": Bool => "The endpoint is terminating.",
    }
);

object_type!(
    /// `Endpoint` (an EndpointSlice's `endpoints[]`).
    SLICE_ENDPOINT = "Endpoint" {
        "addresses": Strings => "The addresses of the endpoint (consumers use the first).",
        "conditions": Object(&ENDPOINT_CONDITIONS) => "The current state of the endpoint.",
        "hostname": Str => "The hostname of the endpoint.",
        "targetRef": Object(&OBJECT_REFERENCE) => "The object providing the endpoint (a pod).",
        "nodeName": Str => "The node hosting this endpoint.",
        "zone": Str => "The zone of this endpoint.",
        "hints": Opaque => "Hints for topology-aware routing.",
        "deprecatedTopology": StrMap => "Deprecated topology labels.",
    }
);

/// Top-level fields of any object svcmap models: their kind says what `spec` is.
macro_rules! top_type {
    ($(#[$m:meta])* $id:ident = $name:literal, $spec:expr, $status:expr) => {
        object_type!(
            $(#[$m])*
            $id = $name {
                "apiVersion": Str => "The versioned schema of this object (`v1`, `apps/v1`...).",
                "kind": Str => "The kind of object (Pod, Service, Deployment...).",
                "metadata": Object(&OBJECT_META) => "The object's metadata: name, namespace, labels, annotations.",
                "spec": $spec => "The desired state of the object.",
                "status": $status => "The most recently observed state of the object (written by the system).",
            }
        );
    };
}

object_type!(
    /// `Taint` (a Node's `spec.taints[]`).
    TAINT = "Taint" {
        "key": Str => "The taint key.",
        "value": Str => "The taint value.",
        "effect": Str => "NoSchedule, PreferNoSchedule or NoExecute: what happens to pods that do not tolerate it.",
        "timeAdded": Str => "When a NoExecute taint was added.",
    }
);

object_type!(
    /// `NodeSpec` (a Node's `spec`).
    NODE_SPEC = "NodeSpec" {
        "unschedulable": Bool => "A cordoned node: no new pods are scheduled on it.",
        "taints": List(&TAINT) => "Taints: pods that do not tolerate them stay off the node.",
        "podCIDR": Str => "The pod IP range of the node.",
        "podCIDRs": Strings => "The pod IP ranges of the node, one per family.",
        "providerID": Str => "The node's ID at its cloud provider.",
        "configSource": Opaque => "Deprecated: the source of the kubelet's configuration.",
        "externalID": Str => "Deprecated.",
    }
);

object_type!(
    /// `NodeAddress` (a Node's `status.addresses[]`).
    NODE_ADDRESS = "NodeAddress" {
        "type": Str => "InternalIP, ExternalIP, Hostname, InternalDNS or ExternalDNS.",
        "address": Str => "The address.",
    }
);

object_type!(
    /// `NodeCondition` (a Node's `status.conditions[]`).
    NODE_CONDITION = "NodeCondition" {
        "type": Str => "The condition: Ready, MemoryPressure, DiskPressure, PIDPressure, NetworkUnavailable.",
        "status": Str => "True, False or Unknown.",
        "lastHeartbeatTime": Str => "Last time the condition was reported.",
        "lastTransitionTime": Str => "Last time the condition changed status.",
        "reason": Str => "A machine-readable reason for the last transition.",
        "message": Str => "A human-readable message about the last transition.",
    }
);

object_type!(
    /// `NodeStatus` (a Node's `status`).
    NODE_STATUS = "NodeStatus" {
        "addresses": List(&NODE_ADDRESS) => "The node's addresses.",
        "allocatable": Opaque => "The resources available to pods (`cpu` weighs a zone under topology-aware routing).",
        "capacity": Opaque => "The node's total resources.",
        "conditions": List(&NODE_CONDITION) => "The node's conditions, Ready among them.",
        "daemonEndpoints": Opaque => "The ports of the kubelet.",
        "nodeInfo": Opaque => "Versions and IDs of the node's software.",
        "images": OpaqueList => "The images on the node.",
        "volumesInUse": Strings => "The volumes attached and mounted.",
        "volumesAttached": OpaqueList => "The volumes attached.",
        "phase": Str => "Deprecated.",
        "config": Opaque => "The kubelet's configuration status.",
        "runtimeHandlers": OpaqueList => "The runtime handlers available.",
        "features": Opaque => "Features the node supports.",
        "declaredFeatures": Strings => "Features the node declares.",
    }
);

top_type!(
    /// A Node.
    NODE = "Node", Object(&NODE_SPEC), Object(&NODE_STATUS)
);

top_type!(
    /// A Pod.
    POD = "Pod", Object(&POD_SPEC), Object(&POD_STATUS)
);
top_type!(
    /// A Service.
    SERVICE = "Service", Object(&SERVICE_SPEC), Opaque
);
top_type!(
    /// A Deployment, ReplicaSet, ReplicationController, StatefulSet, DaemonSet or Job.
    WORKLOAD = "Workload", Object(&WORKLOAD_SPEC), Opaque
);
top_type!(
    /// A CronJob.
    CRON_JOB = "CronJob", Object(&CRON_JOB_SPEC), Opaque
);
top_type!(
    /// Another modelled kind (a Namespace).
    OTHER = "Object", Opaque, Opaque
);

object_type!(
    /// v1 Endpoints.
    ENDPOINTS = "Endpoints" {
        "apiVersion": Str => "The versioned schema of this object (`v1`).",
        "kind": Str => "The kind of object: Endpoints.",
        "metadata": Object(&OBJECT_META) => "The object's metadata: its name is the Service's.",
        "subsets": List(&ENDPOINT_SUBSET) => "The sets of addresses and ports that make up the Service.",
    }
);

object_type!(
    /// discovery.k8s.io/v1 EndpointSlice.
    ENDPOINT_SLICE = "EndpointSlice" {
        "apiVersion": Str => "The versioned schema of this object (`discovery.k8s.io/v1`).",
        "kind": Str => "The kind of object: EndpointSlice.",
        "metadata": Object(&OBJECT_META) => "The slice's metadata: the `kubernetes.io/service-name` label names its Service.",
        "addressType": Str => "The type of the addresses: IPv4, IPv6 or FQDN.",
        "endpoints": List(&SLICE_ENDPOINT) => "The endpoints of the slice.",
        "ports": List(&ENDPOINT_PORT) => "The ports of every endpoint of the slice.",
    }
);

object_type!(
    /// A `kind: List` (as `kubectl get -o yaml` prints it).
    LIST = "List" {
        "apiVersion": Str => "The versioned schema of this object (`v1`).",
        "kind": Str => "The kind of object: List.",
        "items": OpaqueList => "The objects of the list.",
        "metadata": Opaque => "The list's metadata.",
    }
);

/// The kinds svcmap reads, with their `apiVersion`.
pub const KINDS: &[(&str, &str)] = &[
    ("Pod", "v1"),
    ("Service", "v1"),
    ("Deployment", "apps/v1"),
    ("StatefulSet", "apps/v1"),
    ("DaemonSet", "apps/v1"),
    ("ReplicaSet", "apps/v1"),
    ("Job", "batch/v1"),
    ("CronJob", "batch/v1"),
    ("ReplicationController", "v1"),
    ("Endpoints", "v1"),
    ("EndpointSlice", "discovery.k8s.io/v1"),
    ("Namespace", "v1"),
    ("List", "v1"),
];

/// The values a string field takes where the API enumerates them
/// (`ServiceType`, `Protocol`, `LabelSelectorOperator`...), for field
/// `field` of `ty`; empty for free strings.
pub fn enum_values(ty: &ObjectType, field: &str) -> &'static [&'static str] {
    match (ty.name, field) {
        ("ServiceSpec", "type") => &["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"],
        ("ServiceSpec", "externalTrafficPolicy" | "internalTrafficPolicy") => &["Cluster", "Local"],
        ("ServiceSpec", "ipFamilyPolicy") => {
            &["SingleStack", "PreferDualStack", "RequireDualStack"]
        }
        ("ServiceSpec", "sessionAffinity") => &["None", "ClientIP"],
        ("ServicePort" | "ContainerPort" | "EndpointPort", "protocol") => &["TCP", "UDP", "SCTP"],
        ("LabelSelectorRequirement", "operator") => &["In", "NotIn", "Exists", "DoesNotExist"],
        ("Container", "imagePullPolicy") => &["Always", "IfNotPresent", "Never"],
        ("PodSpec", "restartPolicy") => &["Always", "OnFailure", "Never"],
        ("PodStatus", "phase") => &["Pending", "Running", "Succeeded", "Failed", "Unknown"],
        ("PodCondition", "type") => &["Ready", "Initialized", "ContainersReady", "PodScheduled"],
        ("PodCondition", "status") => &["True", "False", "Unknown"],
        ("NodeCondition", "status") => &["True", "False", "Unknown"],
        ("Taint", "effect") => &["NoSchedule", "PreferNoSchedule", "NoExecute"],
        ("ServiceSpec", "trafficDistribution") => {
            &["PreferClose", "PreferSameZone", "PreferSameNode"]
        }
        ("EndpointSlice", "addressType") => &["IPv4", "IPv6", "FQDN"],
        _ => &[],
    }
}

/// The top-level type of an object of `kind` whose fields svcmap checks
/// (`None` for kinds it only lists).
pub fn object_type(kind: &str) -> Option<&'static ObjectType> {
    Some(match kind {
        "Pod" => &POD,
        "Service" => &SERVICE,
        "CronJob" => &CRON_JOB,
        "Deployment"
        | "ReplicaSet"
        | "ReplicationController"
        | "StatefulSet"
        | "DaemonSet"
        | "Job" => &WORKLOAD,
        "Namespace" => &OTHER,
        "Node" => &NODE,
        "Endpoints" => &ENDPOINTS,
        "EndpointSlice" => &ENDPOINT_SLICE,
        "List" => &LIST,
        _ => return None,
    })
}

/// The fields of `ty` an object of `kind` may have (a workload's spec has
/// only its kind's fields).
pub fn fields_for(ty: &'static ObjectType, kind: &str) -> impl Iterator<Item = &'static Field> {
    let bit = WorkloadKinds::of(kind);
    ty.fields.iter().filter(move |f| f.kinds & bit != 0)
}

pub use crate::engine::yaml::cursor::Step;

/// What a path leads to in an object of `kind`: the field at its end (if it
/// ends on a key) and the type of its value.
pub fn type_at(kind: &str, path: &[Step]) -> Option<(Option<&'static Field>, FieldType)> {
    let mut ty = FieldType::Object(object_type(kind)?);
    let mut field = None;
    let bit = WorkloadKinds::of(kind);
    for step in path {
        match (step, ty) {
            (Step::Key(k), FieldType::Object(t)) => {
                let f = t.field(k).filter(|f| f.kinds & bit != 0)?;
                field = Some(f);
                // A ReplicationController's selector is a plain map of labels
                // (`ReplicationControllerSpec.Selector` in core/v1).
                ty = if kind == "ReplicationController" && f.name == "selector" {
                    FieldType::Labels
                } else if kind == "StatefulSet"
                    && t.name == "UpdateStrategy"
                    && k == "rollingUpdate"
                {
                    FieldType::Object(&STATEFUL_SET_ROLLING_UPDATE)
                } else {
                    f.ty
                };
            }
            (Step::Item, FieldType::List(t)) => {
                field = None;
                ty = FieldType::Object(t);
            }
            (Step::Item, FieldType::Strings) => {
                field = None;
                ty = FieldType::Str;
            }
            _ => return None,
        }
    }
    Some((field, ty))
}

#[cfg(test)]
mod tests;
