//! Namespaces of objects: which kinds are cluster-scoped, and the namespace a namespace-less object gets when applied.

/// The built-in cluster-scoped kinds, by API group (`""` is the core group):
/// what `kubectl api-resources --namespaced=false` lists on a cluster with no
/// custom resources. Every registry strategy of these kinds answers `false`
/// to `NamespaceScoped()` (e.g. `pkg/registry/core/namespace/strategy.go`,
/// `pkg/registry/rbac/clusterrole/strategy.go`). Objects of these kinds have
/// no namespace: their ids are `kind/name`.
pub const CLUSTER_SCOPED_KINDS: &[(&str, &str)] = &[
    ("", "ComponentStatus"),
    ("", "Namespace"),
    ("", "Node"),
    ("", "PersistentVolume"),
    ("admissionregistration.k8s.io", "MutatingAdmissionPolicy"),
    (
        "admissionregistration.k8s.io",
        "MutatingAdmissionPolicyBinding",
    ),
    (
        "admissionregistration.k8s.io",
        "MutatingWebhookConfiguration",
    ),
    ("admissionregistration.k8s.io", "ValidatingAdmissionPolicy"),
    (
        "admissionregistration.k8s.io",
        "ValidatingAdmissionPolicyBinding",
    ),
    (
        "admissionregistration.k8s.io",
        "ValidatingWebhookConfiguration",
    ),
    ("apiextensions.k8s.io", "CustomResourceDefinition"),
    ("apiregistration.k8s.io", "APIService"),
    ("authentication.k8s.io", "SelfSubjectReview"),
    ("authentication.k8s.io", "TokenReview"),
    ("authorization.k8s.io", "SelfSubjectAccessReview"),
    ("authorization.k8s.io", "SelfSubjectRulesReview"),
    ("authorization.k8s.io", "SubjectAccessReview"),
    ("certificates.k8s.io", "CertificateSigningRequest"),
    ("certificates.k8s.io", "ClusterTrustBundle"),
    ("flowcontrol.apiserver.k8s.io", "FlowSchema"),
    ("flowcontrol.apiserver.k8s.io", "PriorityLevelConfiguration"),
    ("internal.apiserver.k8s.io", "StorageVersion"),
    ("networking.k8s.io", "IPAddress"),
    ("networking.k8s.io", "IngressClass"),
    ("networking.k8s.io", "ServiceCIDR"),
    ("node.k8s.io", "RuntimeClass"),
    ("policy", "PodSecurityPolicy"),
    ("extensions", "PodSecurityPolicy"),
    ("rbac.authorization.k8s.io", "ClusterRole"),
    ("rbac.authorization.k8s.io", "ClusterRoleBinding"),
    ("resource.k8s.io", "DeviceClass"),
    ("resource.k8s.io", "ResourceSlice"),
    ("scheduling.k8s.io", "PriorityClass"),
    ("storage.k8s.io", "CSIDriver"),
    ("storage.k8s.io", "CSINode"),
    ("storage.k8s.io", "StorageClass"),
    ("storage.k8s.io", "VolumeAttachment"),
    ("storage.k8s.io", "VolumeAttributesClass"),
    ("storagemigration.k8s.io", "StorageVersionMigration"),
];

/// The API group of an `apiVersion` (`apps/v1` → `apps`, `v1` → the core group `""`).
pub fn api_group(api_version: &str) -> &str {
    api_version.rsplit_once('/').map_or("", |(group, _)| group)
}

/// Whether objects of `kind` (with this `apiVersion`) are cluster-scoped:
/// one of [`CLUSTER_SCOPED_KINDS`]. A custom kind is namespaced unless it is
/// listed there, as most are.
pub fn is_cluster_scoped(api_version: &str, kind: &str) -> bool {
    let group = api_group(api_version);
    CLUSTER_SCOPED_KINDS
        .iter()
        .any(|(g, k)| *k == kind && *g == group)
}

/// The namespace `kubectl apply` gives an object, or why it refuses it.
/// Mirrors `SetNamespace` and `RequireNamespace` in
/// `staging/src/k8s.io/cli-runtime/pkg/resource/visitor.go` (with
/// `FilterNamespace`): a cluster-scoped object has none; a namespace-less
/// one gets `applied` (`-n`), else `default`; with `-n`, an object that
/// names another namespace is refused.
pub fn applied_namespace(
    written: &str,
    cluster_scoped: bool,
    applied: Option<&str>,
) -> Result<String, NamespaceMismatch> {
    if cluster_scoped {
        return Ok(String::new());
    }
    match applied {
        _ if written.is_empty() => Ok(applied.unwrap_or(DEFAULT_NAMESPACE).to_string()),
        Some(ns) if ns != written => Err(NamespaceMismatch {
            written: written.to_string(),
            applied: ns.to_string(),
        }),
        _ => Ok(written.to_string()),
    }
}

/// Why `namespace` cannot be the namespace applied (`-n`), if it cannot: a
/// namespace name is a DNS label.
///
/// Mirrors `ValidateNamespaceName` (`NameIsDNSLabel`) in apimachinery
/// `pkg/api/validation/generic.go`, which the API server applies to
/// `metadata.namespace` and to the namespace in a request's path.
pub fn namespace_error(namespace: &str) -> Option<String> {
    let errors = crate::engine::model::validation::dns_label_errors(namespace);
    (!errors.is_empty()).then(|| {
        format!(
            "\"{namespace}\" is not a valid namespace name: {}",
            errors.join("; ")
        )
    })
}

/// The namespace objects without one are put in when none is given.
pub const DEFAULT_NAMESPACE: &str = "default";

/// An object naming another namespace than the one it is applied in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NamespaceMismatch {
    /// `metadata.namespace` as written.
    pub written: String,
    /// The namespace applied (`kubectl apply -n`).
    pub applied: String,
}

impl NamespaceMismatch {
    /// kubectl's words for it.
    pub fn message(&self) -> String {
        format!(
            "the namespace from the provided object \"{}\" does not match the namespace \"{}\": `kubectl apply -n {}` refuses this object, so it is left out",
            self.written, self.applied, self.applied
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cluster_scoped_kinds_by_group() {
        let rows = [
            ("v1", "Namespace", true, "core Namespace"),
            ("v1", "Node", true, "core Node"),
            ("v1", "PersistentVolume", true, "PersistentVolume"),
            (
                "v1",
                "PersistentVolumeClaim",
                false,
                "a claim is namespaced",
            ),
            ("v1", "Service", false, "Service"),
            ("v1", "ConfigMap", false, "ConfigMap"),
            (
                "rbac.authorization.k8s.io/v1",
                "ClusterRole",
                true,
                "ClusterRole",
            ),
            (
                "rbac.authorization.k8s.io/v1beta1",
                "ClusterRoleBinding",
                true,
                "any version",
            ),
            ("rbac.authorization.k8s.io/v1", "Role", false, "Role"),
            (
                "apiextensions.k8s.io/v1",
                "CustomResourceDefinition",
                true,
                "CRD",
            ),
            ("networking.k8s.io/v1", "IngressClass", true, "IngressClass"),
            ("networking.k8s.io/v1", "Ingress", false, "Ingress"),
            (
                "admissionregistration.k8s.io/v1",
                "ValidatingWebhookConfiguration",
                true,
                "webhook",
            ),
            ("storage.k8s.io/v1", "StorageClass", true, "StorageClass"),
            (
                "scheduling.k8s.io/v1",
                "PriorityClass",
                true,
                "PriorityClass",
            ),
            (
                "example.com/v1",
                "Node",
                false,
                "a custom kind named like a core one",
            ),
            (
                "monitoring.coreos.com/v1",
                "Prometheus",
                false,
                "a custom resource",
            ),
            ("", "Namespace", true, "no apiVersion: the core group"),
        ];
        for (api_version, kind, want, label) in rows {
            assert_eq!(is_cluster_scoped(api_version, kind), want, "{label}");
        }
    }

    #[test]
    fn namespace_names_are_dns_labels() {
        for ok in [
            "default",
            "kube-system",
            "a",
            "0",
            "team-1",
            &"a".repeat(63),
        ] {
            assert_eq!(namespace_error(ok), None, "{ok}");
        }
        for bad in ["", "Prod", "my_ns", "-a", "a-", "a.b", "ü", &"a".repeat(64)] {
            assert!(namespace_error(bad).is_some(), "{bad:?}");
        }
    }

    /// The cases of `SetNamespace` (no `-n`) and `RequireNamespace` (`-n`).
    #[test]
    fn applied_namespace_as_kubectl_apply() {
        let mismatch = |w: &str, a: &str| {
            Err(NamespaceMismatch {
                written: w.into(),
                applied: a.into(),
            })
        };
        type Row<'a> = (
            &'a str,
            bool,
            Option<&'a str>,
            Result<String, NamespaceMismatch>,
            &'a str,
        );
        let rows: [Row; 8] = [
            ("", false, None, Ok("default".into()), "no -n: default"),
            ("shop", false, None, Ok("shop".into()), "no -n: as written"),
            (
                "",
                false,
                Some("argocd"),
                Ok("argocd".into()),
                "-n fills it",
            ),
            (
                "argocd",
                false,
                Some("argocd"),
                Ok("argocd".into()),
                "-n agrees",
            ),
            (
                "shop",
                false,
                Some("argocd"),
                mismatch("shop", "argocd"),
                "-n refuses another",
            ),
            (
                "default",
                false,
                Some("argocd"),
                mismatch("default", "argocd"),
                "explicit default too",
            ),
            (
                "",
                true,
                Some("argocd"),
                Ok(String::new()),
                "cluster-scoped: none",
            ),
            (
                "shop",
                true,
                Some("argocd"),
                Ok(String::new()),
                "cluster-scoped: dropped, no error",
            ),
        ];
        for (written, cluster, applied, want, label) in rows {
            assert_eq!(
                applied_namespace(written, cluster, applied),
                want,
                "{label}"
            );
        }
    }
}
