//! The labels the endpoints controllers write on a Service's Endpoints and EndpointSlices.

use crate::engine::labels::Labels;
use crate::engine::model::Service;

/// Label that links an EndpointSlice to its Service.
pub const SERVICE_NAME_LABEL: &str = "kubernetes.io/service-name";
/// Label naming the controller that manages a slice.
pub const MANAGED_BY_LABEL: &str = "endpointslice.kubernetes.io/managed-by";
/// The EndpointSlice controller's name.
pub const CONTROLLER_NAME: &str = "endpointslice-controller.k8s.io";
/// Label on the endpoints of headless Services.
pub const HEADLESS_LABEL: &str = "service.kubernetes.io/headless";

/// The labels of the v1 Endpoints written for `svc`: the Service's, with
/// `service.kubernetes.io/headless` added when the Service is headless and
/// removed when it is not. Mirrors `syncService` in
/// `pkg/controller/endpoint/endpoints_controller.go` (`CloneAndAddLabel` /
/// `CloneAndRemoveLabel` on `!helper.IsServiceIPSet(service)`).
pub fn endpoints_labels(svc: &Service) -> Labels {
    let mut labels = svc.meta.labels.clone();
    if svc.is_headless() {
        labels.insert(HEADLESS_LABEL.into(), String::new());
    } else {
        labels.remove(HEADLESS_LABEL);
    }
    labels
}

/// Whether a label key is one the EndpointSlice controller sets itself, so a
/// Service's label of that key is not copied. Mirrors `isReservedLabelKey`
/// in `staging/src/k8s.io/endpointslice/utils.go`.
pub fn is_reserved_slice_label(key: &str) -> bool {
    key == SERVICE_NAME_LABEL || key == MANAGED_BY_LABEL || key == HEADLESS_LABEL
}

/// The labels of the EndpointSlices written for `svc`: the Service's but the
/// reserved ones, then `kubernetes.io/service-name`,
/// `endpointslice.kubernetes.io/managed-by` and, when headless,
/// `service.kubernetes.io/headless`. Mirrors `setEndpointSliceLabels` in
/// `staging/src/k8s.io/endpointslice/utils.go`.
pub fn slice_labels(svc: &Service) -> Labels {
    let mut labels: Labels = svc
        .meta
        .labels
        .iter()
        .filter(|(k, _)| !is_reserved_slice_label(k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    if svc.is_headless() {
        labels.insert(HEADLESS_LABEL.into(), String::new());
    }
    labels.insert(SERVICE_NAME_LABEL.into(), svc.meta.name.clone());
    labels.insert(MANAGED_BY_LABEL.into(), CONTROLLER_NAME.into());
    labels
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svc(own: &[(&str, &str)], headless: bool) -> Service {
        let mut s = Service::default();
        s.meta.name = "foo".into();
        s.meta.namespace = "test".into();
        s.meta.labels = labels(own);
        s.cluster_ip = Some(if headless { "None" } else { "1.1.1.1" }.into());
        s
    }

    fn labels(pairs: &[(&str, &str)]) -> Labels {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    // The label rows of `TestNewEndpointSlice` (staging endpointslice
    // utils_test.go), then a Service that carries the headless label itself.
    #[test]
    fn slice_labels_table() {
        let own = [
            (SERVICE_NAME_LABEL, "foo"),
            (MANAGED_BY_LABEL, CONTROLLER_NAME),
        ];
        let with = |extra: &[(&'static str, &'static str)]| {
            let mut v = own.to_vec();
            v.extend_from_slice(extra);
            labels(&v)
        };
        let rows: Vec<(Service, Labels, &str)> = vec![
            (svc(&[], false), with(&[]), "Service without labels"),
            (svc(&[("foo", "bar")], false), with(&[("foo", "bar")]), "Service with labels"),
            (
                svc(&[("foo", "bar")], true),
                with(&[("foo", "bar"), (HEADLESS_LABEL, "")]),
                "Headless Service with labels",
            ),
            (
                svc(&[("foo", "bar"), ("foo2", "bar2")], false),
                with(&[("foo", "bar"), ("foo2", "bar2")]),
                "Service with multiple labels",
            ),
            (
                svc(&[(SERVICE_NAME_LABEL, "bad"), (MANAGED_BY_LABEL, "actor"), ("foo", "bar")], false),
                with(&[("foo", "bar")]),
                "Evil service hijacking endpoint slices labels",
            ),
            (
                svc(&[(HEADLESS_LABEL, ""), ("foo", "bar")], false),
                with(&[("foo", "bar")]),
                "a Service with a cluster IP that carries the headless label: isReservedLabelKey drops it",
            ),
        ];
        for (s, want, label) in rows {
            assert_eq!(slice_labels(&s), want, "{label}");
        }
    }

    // `syncService`: the Service's labels, the headless label added or removed.
    #[test]
    fn endpoints_labels_table() {
        let rows = [
            (
                svc(&[("app", "web")], false),
                labels(&[("app", "web")]),
                "a Service with a cluster IP",
            ),
            (
                svc(&[("app", "web")], true),
                labels(&[("app", "web"), (HEADLESS_LABEL, "")]),
                "headless: the label is added",
            ),
            (
                svc(&[("app", "web"), (HEADLESS_LABEL, "")], false),
                labels(&[("app", "web")]),
                "not headless: the Service's own headless label is removed",
            ),
            (
                svc(&[(SERVICE_NAME_LABEL, "other")], false),
                labels(&[(SERVICE_NAME_LABEL, "other")]),
                "v1 Endpoints have no reserved keys but this one",
            ),
        ];
        for (s, want, label) in rows {
            assert_eq!(endpoints_labels(&s), want, "{label}");
        }
    }
}
