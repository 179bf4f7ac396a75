//! Custom resources whose operator creates pods that are not in the input, and the labels those pods will carry.
//!
//! The list is small and explicit: only kinds whose pod labels can be read
//! from the resource itself.
//!
//! | kind (group `monitoring.coreos.com`) | pod labels |
//! |---|---|
//! | `Prometheus` | `spec.podMetadata.labels`, then `app.kubernetes.io/name: prometheus`, `app.kubernetes.io/managed-by: prometheus-operator`, `app.kubernetes.io/instance`, `prometheus` and `operator.prometheus.io/name` (the resource's name), `operator.prometheus.io/shard: "0"` |
//! | `Alertmanager` | `spec.podMetadata.labels`, then `app.kubernetes.io/name: alertmanager`, `app.kubernetes.io/managed-by: prometheus-operator`, `app.kubernetes.io/instance` and `alertmanager` (the resource's name) |
//!
//! The operator's own labels win over `podMetadata.labels`, as in
//! prometheus-operator's `makeStatefulSetSpec` (`pkg/prometheus/server/statefulset.go`,
//! `pkg/alertmanager/statefulset.go`); labels that vary between operator
//! versions (`app.kubernetes.io/version`) are left out.

use super::{Object, Service};
use crate::engine::base::object_ref::ObjectRef;
use crate::engine::labels::{Labels, Selector};
use crate::engine::yaml::Node;

/// The API group of the prometheus-operator's resources.
const MONITORING_GROUP: &str = "monitoring.coreos.com";

/// The labels the pods of a custom resource will carry, when its kind is one
/// whose operator creates pods from labels it declares (see the module
/// table); `None` for every other kind.
///
/// Mirrors the pod labels of `makeStatefulSetSpec` in prometheus-operator's
/// `pkg/prometheus/server/statefulset.go` and `pkg/alertmanager/statefulset.go`.
pub fn declared_pod_labels(
    api_version: &str,
    kind: &str,
    name: &str,
    spec: Option<&Node>,
) -> Option<Labels> {
    if api_version.split('/').next() != Some(MONITORING_GROUP) {
        return None;
    }
    let own: &[(&str, &str)] = match kind {
        "Prometheus" => &[
            ("app.kubernetes.io/name", "prometheus"),
            ("app.kubernetes.io/managed-by", "prometheus-operator"),
            ("app.kubernetes.io/instance", name),
            ("prometheus", name),
            ("operator.prometheus.io/name", name),
            ("operator.prometheus.io/shard", "0"),
        ],
        "Alertmanager" => &[
            ("app.kubernetes.io/name", "alertmanager"),
            ("app.kubernetes.io/managed-by", "prometheus-operator"),
            ("app.kubernetes.io/instance", name),
            ("alertmanager", name),
        ],
        _ => return None,
    };
    let mut labels = Labels::new();
    let declared = spec
        .and_then(|s| s.get("podMetadata"))
        .and_then(|m| m.get("labels"))
        .and_then(Node::as_map)
        .unwrap_or(&[]);
    for (k, v) in declared {
        if let (Some(k), Some(v)) = (k.scalar_text(), v.scalar_text()) {
            labels.insert(k.to_string(), v.to_string());
        }
    }
    for (k, v) in own {
        labels.insert(k.to_string(), v.to_string());
    }
    Some(labels)
}

/// The custom resource of the Service's namespace whose operator creates
/// pods the Service's selector selects, if any (the first in input order).
pub fn pods_from_operator(svc: &Service, objects: &[Object]) -> Option<ObjectRef> {
    let selector = Selector::from_map(svc.selector.as_ref()?);
    objects.iter().find_map(|o| match o {
        Object::Other {
            kind,
            meta,
            operator_pods: Some(labels),
            ..
        } if meta.namespace == svc.meta.namespace && selector.matches(labels) => {
            Some(ObjectRef::new(kind, &meta.namespace, &meta.name))
        }
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(yaml: &str) -> Option<Node> {
        crate::engine::yaml::parse_document(yaml).root
    }

    /// The pod labels per kind, from the operator's `makeStatefulSetSpec`.
    #[test]
    fn declared_pod_labels_table() {
        let pm = "podMetadata: {labels: {app.kubernetes.io/component: prometheus, app.kubernetes.io/name: custom, team: a}}";
        // (apiVersion, kind, spec, expected labels, label)
        type Row<'a> = (
            &'a str,
            &'a str,
            &'a str,
            Option<Vec<(&'a str, &'a str)>>,
            &'a str,
        );
        let rows: Vec<Row> = vec![
            (
                "monitoring.coreos.com/v1",
                "Prometheus",
                pm,
                Some(vec![
                    ("app.kubernetes.io/component", "prometheus"),
                    ("app.kubernetes.io/instance", "k8s"),
                    ("app.kubernetes.io/managed-by", "prometheus-operator"),
                    ("app.kubernetes.io/name", "prometheus"),
                    ("operator.prometheus.io/name", "k8s"),
                    ("operator.prometheus.io/shard", "0"),
                    ("prometheus", "k8s"),
                    ("team", "a"),
                ]),
                "podMetadata labels plus the operator's, which win",
            ),
            (
                "monitoring.coreos.com/v1",
                "Alertmanager",
                "replicas: 3",
                Some(vec![
                    ("alertmanager", "k8s"),
                    ("app.kubernetes.io/instance", "k8s"),
                    ("app.kubernetes.io/managed-by", "prometheus-operator"),
                    ("app.kubernetes.io/name", "alertmanager"),
                ]),
                "without podMetadata: the operator's labels",
            ),
            (
                "monitoring.coreos.com/v1",
                "ServiceMonitor",
                pm,
                None,
                "a kind without pods",
            ),
            (
                "example.com/v1",
                "Prometheus",
                pm,
                None,
                "another group's Prometheus",
            ),
        ];
        for (api_version, kind, spec_text, want, label) in rows {
            let spec = spec(spec_text);
            let got = declared_pod_labels(api_version, kind, "k8s", spec.as_ref());
            let want: Option<Labels> = want.map(|pairs| {
                pairs
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect()
            });
            assert_eq!(got, want, "{label}");
        }
    }
}
