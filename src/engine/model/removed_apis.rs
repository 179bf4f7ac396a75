//! API versions Kubernetes no longer serves: which release removed each, and what to use instead.

use crate::engine::yaml::quote::json_string;
use crate::engine::yaml::{resolve_plain, Node, ScalarKind};

/// A kind in an API version the API server no longer serves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RemovedApi {
    /// The API version written (`extensions/v1beta1`).
    pub api_version: &'static str,
    /// The kinds of that version removed then.
    pub kinds: &'static [&'static str],
    /// The Kubernetes release that stopped serving it (`1.16`).
    pub removed_in: &'static str,
    /// The API version to use instead, if there is one.
    pub use_instead: Option<&'static str>,
    /// What the replacement requires beyond the new `apiVersion`.
    pub changes: &'static str,
}

const APPS: &str = "`spec.selector` is required and cannot change after creation";

/// Every removed kind and version of the deprecated API migration guide
/// (kubernetes.io/docs/reference/using-api/deprecation-guide), one row per
/// (version, release).
pub const REMOVED_APIS: &[RemovedApi] = &[
    RemovedApi {
        api_version: "extensions/v1beta1",
        kinds: &["Deployment", "DaemonSet", "ReplicaSet"],
        removed_in: "1.16",
        use_instead: Some("apps/v1"),
        changes: APPS,
    },
    RemovedApi {
        api_version: "apps/v1beta1",
        kinds: &["Deployment", "StatefulSet", "ReplicaSet", "ControllerRevision"],
        removed_in: "1.16",
        use_instead: Some("apps/v1"),
        changes: APPS,
    },
    RemovedApi {
        api_version: "apps/v1beta2",
        kinds: &[
            "Deployment",
            "StatefulSet",
            "DaemonSet",
            "ReplicaSet",
            "ControllerRevision",
        ],
        removed_in: "1.16",
        use_instead: Some("apps/v1"),
        changes: APPS,
    },
    RemovedApi {
        api_version: "extensions/v1beta1",
        kinds: &["NetworkPolicy"],
        removed_in: "1.16",
        use_instead: Some("networking.k8s.io/v1"),
        changes: "",
    },
    RemovedApi {
        api_version: "extensions/v1beta1",
        kinds: &["PodSecurityPolicy"],
        removed_in: "1.16",
        use_instead: None,
        changes: "PodSecurityPolicy was removed altogether in 1.25: use Pod Security Admission",
    },
    RemovedApi {
        api_version: "extensions/v1beta1",
        kinds: &["Ingress"],
        removed_in: "1.22",
        use_instead: Some("networking.k8s.io/v1"),
        changes: "`pathType` is required on each path; backends are `service.name` and `service.port.number` or `service.port.name`",
    },
    RemovedApi {
        api_version: "networking.k8s.io/v1beta1",
        kinds: &["Ingress"],
        removed_in: "1.22",
        use_instead: Some("networking.k8s.io/v1"),
        changes: "`pathType` is required on each path; backends are `service.name` and `service.port.number` or `service.port.name`",
    },
    RemovedApi {
        api_version: "networking.k8s.io/v1beta1",
        kinds: &["IngressClass"],
        removed_in: "1.22",
        use_instead: Some("networking.k8s.io/v1"),
        changes: "",
    },
    RemovedApi {
        api_version: "admissionregistration.k8s.io/v1beta1",
        kinds: &[
            "MutatingWebhookConfiguration",
            "ValidatingWebhookConfiguration",
        ],
        removed_in: "1.22",
        use_instead: Some("admissionregistration.k8s.io/v1"),
        changes: "`sideEffects` and `admissionReviewVersions` are required on each webhook",
    },
    RemovedApi {
        api_version: "apiextensions.k8s.io/v1beta1",
        kinds: &["CustomResourceDefinition"],
        removed_in: "1.22",
        use_instead: Some("apiextensions.k8s.io/v1"),
        changes: "`spec.scope` and a structural `spec.versions[*].schema.openAPIV3Schema` are required",
    },
    RemovedApi {
        api_version: "apiregistration.k8s.io/v1beta1",
        kinds: &["APIService"],
        removed_in: "1.22",
        use_instead: Some("apiregistration.k8s.io/v1"),
        changes: "",
    },
    RemovedApi {
        api_version: "authentication.k8s.io/v1beta1",
        kinds: &["TokenReview"],
        removed_in: "1.22",
        use_instead: Some("authentication.k8s.io/v1"),
        changes: "",
    },
    RemovedApi {
        api_version: "authorization.k8s.io/v1beta1",
        kinds: &[
            "LocalSubjectAccessReview",
            "SelfSubjectAccessReview",
            "SubjectAccessReview",
        ],
        removed_in: "1.22",
        use_instead: Some("authorization.k8s.io/v1"),
        changes: "`spec.group` is renamed `spec.groups`",
    },
    RemovedApi {
        api_version: "certificates.k8s.io/v1beta1",
        kinds: &["CertificateSigningRequest"],
        removed_in: "1.22",
        use_instead: Some("certificates.k8s.io/v1"),
        changes: "`spec.signerName` and `spec.usages` are required",
    },
    RemovedApi {
        api_version: "coordination.k8s.io/v1beta1",
        kinds: &["Lease"],
        removed_in: "1.22",
        use_instead: Some("coordination.k8s.io/v1"),
        changes: "",
    },
    RemovedApi {
        api_version: "rbac.authorization.k8s.io/v1beta1",
        kinds: &["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"],
        removed_in: "1.22",
        use_instead: Some("rbac.authorization.k8s.io/v1"),
        changes: "",
    },
    RemovedApi {
        api_version: "scheduling.k8s.io/v1beta1",
        kinds: &["PriorityClass"],
        removed_in: "1.22",
        use_instead: Some("scheduling.k8s.io/v1"),
        changes: "",
    },
    RemovedApi {
        api_version: "storage.k8s.io/v1beta1",
        kinds: &["CSIDriver", "CSINode", "StorageClass", "VolumeAttachment"],
        removed_in: "1.22",
        use_instead: Some("storage.k8s.io/v1"),
        changes: "",
    },
    RemovedApi {
        api_version: "batch/v1beta1",
        kinds: &["CronJob"],
        removed_in: "1.25",
        use_instead: Some("batch/v1"),
        changes: "",
    },
    RemovedApi {
        api_version: "discovery.k8s.io/v1beta1",
        kinds: &["EndpointSlice"],
        removed_in: "1.25",
        use_instead: Some("discovery.k8s.io/v1"),
        changes: "each endpoint's `nodeName` and `zone` replace `topology`",
    },
    RemovedApi {
        api_version: "events.k8s.io/v1beta1",
        kinds: &["Event"],
        removed_in: "1.25",
        use_instead: Some("events.k8s.io/v1"),
        changes: "",
    },
    RemovedApi {
        api_version: "autoscaling/v2beta1",
        kinds: &["HorizontalPodAutoscaler"],
        removed_in: "1.25",
        use_instead: Some("autoscaling/v2"),
        changes: "",
    },
    RemovedApi {
        api_version: "policy/v1beta1",
        kinds: &["PodDisruptionBudget"],
        removed_in: "1.25",
        use_instead: Some("policy/v1"),
        changes: "an empty `spec.selector` selects every pod of the namespace",
    },
    RemovedApi {
        api_version: "policy/v1beta1",
        kinds: &["PodSecurityPolicy"],
        removed_in: "1.25",
        use_instead: None,
        changes: "PodSecurityPolicy has no replacement API: use Pod Security Admission",
    },
    RemovedApi {
        api_version: "node.k8s.io/v1beta1",
        kinds: &["RuntimeClass"],
        removed_in: "1.25",
        use_instead: Some("node.k8s.io/v1"),
        changes: "",
    },
    RemovedApi {
        api_version: "autoscaling/v2beta2",
        kinds: &["HorizontalPodAutoscaler"],
        removed_in: "1.26",
        use_instead: Some("autoscaling/v2"),
        changes: "",
    },
    RemovedApi {
        api_version: "flowcontrol.apiserver.k8s.io/v1beta1",
        kinds: &["FlowSchema", "PriorityLevelConfiguration"],
        removed_in: "1.26",
        use_instead: Some("flowcontrol.apiserver.k8s.io/v1"),
        changes: "",
    },
    RemovedApi {
        api_version: "storage.k8s.io/v1beta1",
        kinds: &["CSIStorageCapacity"],
        removed_in: "1.27",
        use_instead: Some("storage.k8s.io/v1"),
        changes: "",
    },
    RemovedApi {
        api_version: "flowcontrol.apiserver.k8s.io/v1beta2",
        kinds: &["FlowSchema", "PriorityLevelConfiguration"],
        removed_in: "1.29",
        use_instead: Some("flowcontrol.apiserver.k8s.io/v1"),
        changes: "",
    },
    RemovedApi {
        api_version: "flowcontrol.apiserver.k8s.io/v1beta3",
        kinds: &["FlowSchema", "PriorityLevelConfiguration"],
        removed_in: "1.32",
        use_instead: Some("flowcontrol.apiserver.k8s.io/v1"),
        changes: "",
    },
];

/// The removal of `kind` in `api_version`, when the API server no longer
/// serves it (`kubectl apply` then fails with "no matches for kind").
///
/// Mirrors the `APILifecycleRemoved` and `APILifecycleReplacement` methods
/// generated for each type in `staging/src/k8s.io/api/<group>/<version>/zz_generated.prerelease-lifecycle.go`,
/// as the deprecated API migration guide lists them.
pub fn removed_api(api_version: &str, kind: &str) -> Option<&'static RemovedApi> {
    REMOVED_APIS
        .iter()
        .find(|r| r.api_version == api_version && r.kinds.contains(&kind))
}

/// The message and help for an object of a removed API version. For the
/// workloads of `apps/v1`, whose `spec.selector` is required, the help
/// spells the selector out from the template's labels when none is written.
pub fn removed_api_message(r: &RemovedApi, kind: &str, object: &Node) -> (String, String) {
    let message = match r.use_instead {
        Some(v) => format!(
            "`apiVersion: {}` of {kind} was removed in Kubernetes {}: use `apiVersion: {v}`",
            r.api_version, r.removed_in
        ),
        None => format!(
            "`apiVersion: {}` of {kind} was removed in Kubernetes {}",
            r.api_version, r.removed_in
        ),
    };
    let mut help = match r.use_instead {
        Some(v) if r.changes.is_empty() => {
            format!("the cluster rejects this object; write it as {v}")
        }
        Some(v) => format!("the cluster rejects this object; in {v}, {}", r.changes),
        None => format!("the cluster rejects this object; {}", r.changes),
    };
    let spec = object.get("spec");
    if r.use_instead == Some("apps/v1") && spec.and_then(|s| s.get("selector")).is_none() {
        let labels = spec
            .and_then(|s| s.get("template"))
            .and_then(|t| t.get("metadata"))
            .and_then(|m| m.get("labels"))
            .and_then(Node::as_map)
            .map(|m| {
                m.iter()
                    .filter_map(|(k, v)| Some((k.scalar_text()?, v.scalar_text()?)))
                    .map(|(k, v)| format!("{}: {}", flow_scalar(k), flow_scalar(v)))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        if !labels.is_empty() {
            help.push_str(&format!(
                ": add `selector: {{matchLabels: {{{}}}}}` (the template's labels)",
                labels.join(", ")
            ));
        }
    }
    (message, help)
}

/// A label key or value in a YAML flow mapping: plain when it reads back as
/// the same string, else double-quoted.
fn flow_scalar(s: &str) -> String {
    let plain = !s.is_empty()
        && resolve_plain(s) == ScalarKind::Str
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'/'));
    if plain {
        s.to_string()
    } else {
        let mut out = String::with_capacity(s.len() + 2);
        json_string(&mut out, s);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The removals of the deprecated API migration guide, one row per kind
    // named there, and versions still served.
    /// (apiVersion, kind, (removed in, use instead) or None when served).
    type Row<'a> = (&'a str, &'a str, Option<(&'a str, Option<&'a str>)>);

    #[test]
    fn removed_versions() {
        let cases: &[Row] = &[
            (
                "extensions/v1beta1",
                "Deployment",
                Some(("1.16", Some("apps/v1"))),
            ),
            (
                "extensions/v1beta1",
                "DaemonSet",
                Some(("1.16", Some("apps/v1"))),
            ),
            (
                "extensions/v1beta1",
                "ReplicaSet",
                Some(("1.16", Some("apps/v1"))),
            ),
            (
                "apps/v1beta1",
                "Deployment",
                Some(("1.16", Some("apps/v1"))),
            ),
            (
                "apps/v1beta1",
                "StatefulSet",
                Some(("1.16", Some("apps/v1"))),
            ),
            ("apps/v1beta2", "DaemonSet", Some(("1.16", Some("apps/v1")))),
            (
                "apps/v1beta2",
                "StatefulSet",
                Some(("1.16", Some("apps/v1"))),
            ),
            (
                "extensions/v1beta1",
                "NetworkPolicy",
                Some(("1.16", Some("networking.k8s.io/v1"))),
            ),
            (
                "extensions/v1beta1",
                "PodSecurityPolicy",
                Some(("1.16", None)),
            ),
            (
                "extensions/v1beta1",
                "Ingress",
                Some(("1.22", Some("networking.k8s.io/v1"))),
            ),
            (
                "networking.k8s.io/v1beta1",
                "Ingress",
                Some(("1.22", Some("networking.k8s.io/v1"))),
            ),
            (
                "rbac.authorization.k8s.io/v1beta1",
                "ClusterRoleBinding",
                Some(("1.22", Some("rbac.authorization.k8s.io/v1"))),
            ),
            (
                "apiextensions.k8s.io/v1beta1",
                "CustomResourceDefinition",
                Some(("1.22", Some("apiextensions.k8s.io/v1"))),
            ),
            ("batch/v1beta1", "CronJob", Some(("1.25", Some("batch/v1")))),
            (
                "discovery.k8s.io/v1beta1",
                "EndpointSlice",
                Some(("1.25", Some("discovery.k8s.io/v1"))),
            ),
            (
                "policy/v1beta1",
                "PodDisruptionBudget",
                Some(("1.25", Some("policy/v1"))),
            ),
            (
                "autoscaling/v2beta2",
                "HorizontalPodAutoscaler",
                Some(("1.26", Some("autoscaling/v2"))),
            ),
            (
                "storage.k8s.io/v1beta1",
                "CSIStorageCapacity",
                Some(("1.27", Some("storage.k8s.io/v1"))),
            ),
            (
                "flowcontrol.apiserver.k8s.io/v1beta3",
                "FlowSchema",
                Some(("1.32", Some("flowcontrol.apiserver.k8s.io/v1"))),
            ),
            ("apps/v1", "Deployment", None),
            ("batch/v1", "CronJob", None),
            ("networking.k8s.io/v1", "Ingress", None),
            ("policy/v1", "PodDisruptionBudget", None),
            ("v1", "Service", None),
            ("monitoring.coreos.com/v1", "Prometheus", None),
        ];
        for (version, kind, want) in cases {
            let got = removed_api(version, kind).map(|r| (r.removed_in, r.use_instead));
            assert_eq!(got, *want, "{version} {kind}");
        }
    }
}
