//! The readiness policy: whether a selected pod is an endpoint of a Service, and with which conditions.

use super::resolve::EndpointState;
use crate::engine::model::endpoints::EndpointConditions;
use crate::engine::model::{Pod, Service};

/// Why a selected pod is not an endpoint at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotAnEndpoint {
    /// The pod has finished (phase Succeeded or Failed).
    Terminal,
    /// The pod has no IP yet.
    NoIp,
}

/// Whether the pod is terminal: phase Succeeded or Failed. Mirrors
/// `IsPodTerminal` in `pkg/api/v1/pod/util.go` (`isPodTerminal` in
/// `staging/src/k8s.io/endpointslice/util/controller_utils.go`).
pub fn is_pod_terminal(pod: &Pod) -> bool {
    let phase = pod.status.as_ref().and_then(|s| s.phase.as_deref());
    matches!(phase, Some("Succeeded" | "Failed"))
}

/// Whether the pod is Ready: its `Ready` condition is `True`. Mirrors
/// `IsPodReady` in `pkg/api/v1/pod/util.go`.
pub fn is_pod_ready(pod: &Pod) -> bool {
    pod.status.as_ref().and_then(|s| s.ready) == Some(true)
}

/// The conditions a selected pod has as an endpoint of `svc`, or why it is no
/// endpoint at all. A terminal pod or one without an IP is none (mirrors
/// `ShouldPodBeInEndpoints(pod, true)` in
/// `staging/src/k8s.io/endpointslice/util/controller_utils.go`); otherwise
/// the conditions are those `podToEndpoint` in
/// `staging/src/k8s.io/endpointslice/utils.go` writes: serving = `IsPodReady`,
/// terminating = `deletionTimestamp` set, ready = `publishNotReadyAddresses`
/// || (serving && !terminating). Both endpoints controllers start from it;
/// [`in_v1_endpoints`] and [`endpoint_state`] read it.
pub fn endpoint_conditions(svc: &Service, pod: &Pod) -> Result<EndpointConditions, NotAnEndpoint> {
    if is_pod_terminal(pod) {
        return Err(NotAnEndpoint::Terminal);
    }
    if pod.status.as_ref().is_none_or(|s| s.pod_ips.is_empty()) {
        return Err(NotAnEndpoint::NoIp);
    }
    let serving = is_pod_ready(pod);
    let terminating = pod.meta.deletion_timestamp.is_some();
    Ok(EndpointConditions {
        ready: svc.publish_not_ready_addresses || (serving && !terminating),
        serving,
        terminating,
    })
}

/// Where an endpoint goes in v1 Endpoints: `None` when it is left out (a
/// terminating pod of a Service that does not publish not-ready addresses),
/// `Some(true)` in `addresses`, `Some(false)` in `notReadyAddresses`.
/// Mirrors `ShouldPodBeInEndpoints(pod, service.Spec.PublishNotReadyAddresses)`
/// and the `tolerateUnreadyEndpoints || IsPodReady` choice of
/// `addEndpointSubset` in `pkg/controller/endpoint/endpoints_controller.go`.
pub fn in_v1_endpoints(c: EndpointConditions) -> Option<bool> {
    if c.terminating && !c.ready {
        None
    } else {
        Some(c.ready)
    }
}

/// The state svcmap shows for a controller-made endpoint: ready → Ready,
/// else terminating → Terminating, else NotReady. A terminating pod is
/// `Terminating` whether or not it is still serving (kube-proxy's own reading
/// of slice conditions is [`super::unmanaged::proxy_endpoint_state`]).
pub fn endpoint_state(c: EndpointConditions) -> EndpointState {
    if c.ready {
        EndpointState::Ready
    } else if c.terminating {
        EndpointState::Terminating
    } else {
        EndpointState::NotReady
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::model::PodStatus;

    fn pod(phase: &str, ips: &[&str], ready: Option<bool>, deleting: bool) -> Pod {
        let mut p = Pod {
            status: Some(PodStatus {
                phase: Some(phase.into()),
                pod_ips: ips.iter().map(|s| s.to_string()).collect(),
                ready,
                ..PodStatus::default()
            }),
            ..Pod::default()
        };
        if deleting {
            p.meta.deletion_timestamp = Some("2026-01-01T00:00:00Z".into());
        }
        p
    }

    fn svc(publish_not_ready: bool) -> Service {
        Service {
            publish_not_ready_addresses: publish_not_ready,
            ..Service::default()
        }
    }

    // `TestShouldPodBeInEndpoints` (controller_utils_test.go), row by row;
    // `includeTerminating` is `publishNotReadyAddresses` for v1 Endpoints and
    // always true for slices. The restart policy of its rows plays no part.
    #[test]
    fn should_pod_be_in_endpoints_table() {
        let ip = &["1.2.3.4"][..];
        let rows: Vec<(Pod, bool, bool, &str)> = vec![
            (
                pod("Failed", ip, None, false),
                false,
                false,
                "Failed pod with Never RestartPolicy",
            ),
            (
                pod("Succeeded", ip, None, false),
                false,
                false,
                "Succeeded pod with Never RestartPolicy",
            ),
            (
                pod("Succeeded", ip, None, false),
                false,
                false,
                "Succeeded pod with OnFailure RestartPolicy",
            ),
            (
                pod("Running", &[], None, false),
                false,
                false,
                "Empty Pod IPs, Running pod",
            ),
            (
                pod("Running", ip, None, true),
                false,
                false,
                "Terminating Pod with includeTerminating=false",
            ),
            (
                pod("Failed", ip, None, false),
                false,
                false,
                "Failed pod with Always RestartPolicy",
            ),
            (
                pod("Pending", ip, None, false),
                false,
                true,
                "Pending pod with Never RestartPolicy",
            ),
            (
                pod("Unknown", ip, None, false),
                false,
                true,
                "Unknown pod with OnFailure RestartPolicy",
            ),
            (
                pod("Running", ip, None, false),
                false,
                true,
                "Running pod with Never RestartPolicy",
            ),
            (
                pod(
                    "Running",
                    &["1.2.3.4", "1234::5678:0000:0000:9abc:def0"],
                    None,
                    false,
                ),
                false,
                true,
                "Multiple Pod IPs, Running pod",
            ),
            (
                pod("Running", ip, None, true),
                true,
                true,
                "Terminating Pod with includeTerminating=true",
            ),
        ];
        for (p, include_terminating, want, label) in rows {
            let got = endpoint_conditions(&svc(include_terminating), &p)
                .ok()
                .and_then(in_v1_endpoints)
                .is_some();
            assert_eq!(got, want, "{label}");
            // Slices include terminating pods: only terminal and IP-less pods are out.
            let in_slices = endpoint_conditions(&svc(false), &p).is_ok();
            let want_in_slices = want || label.starts_with("Terminating");
            assert_eq!(in_slices, want_in_slices, "{label} (slices)");
        }
        assert_eq!(
            endpoint_conditions(&svc(false), &pod("Failed", &[], None, false)),
            Err(NotAnEndpoint::Terminal),
            "terminal is said before IP-less"
        );
        assert_eq!(
            endpoint_conditions(&svc(false), &pod("Running", &[], None, false)),
            Err(NotAnEndpoint::NoIp)
        );
    }

    // The conditions of `TestPodToEndpoint` (staging endpointslice
    // utils_test.go), then where `addEndpointSubset` puts the pod in v1
    // Endpoints and the state shown.
    #[test]
    fn pod_to_endpoint_conditions_table() {
        use EndpointState::*;
        let ip = &["1.2.3.5"][..];
        // (ready condition, terminating, publishNotReadyAddresses,
        //  (ready, serving, terminating), v1 Endpoints list, state, label)
        type Row = (
            bool,
            bool,
            bool,
            (bool, bool, bool),
            Option<bool>,
            EndpointState,
            &'static str,
        );
        let rows: Vec<Row> = vec![
            (
                true,
                false,
                false,
                (true, true, false),
                Some(true),
                Ready,
                "Ready pod",
            ),
            (
                true,
                false,
                true,
                (true, true, false),
                Some(true),
                Ready,
                "Ready pod + publishNotReadyAddresses",
            ),
            (
                false,
                false,
                false,
                (false, false, false),
                Some(false),
                NotReady,
                "Unready pod",
            ),
            (
                false,
                false,
                true,
                (true, false, false),
                Some(true),
                Ready,
                "Unready pod + publishNotReadyAddresses",
            ),
            (
                true,
                true,
                false,
                (false, true, true),
                None,
                Terminating,
                "Ready terminating pod",
            ),
            (
                false,
                true,
                false,
                (false, false, true),
                None,
                Terminating,
                "Not ready terminating pod",
            ),
            // Not in TestPodToEndpoint: a terminating pod of a Service that
            // publishes not-ready addresses stays in `addresses`.
            (
                true,
                true,
                true,
                (true, true, true),
                Some(true),
                Ready,
                "Ready terminating pod + publishNotReadyAddresses",
            ),
            (
                false,
                true,
                true,
                (true, false, true),
                Some(true),
                Ready,
                "Not ready terminating pod + publishNotReadyAddresses",
            ),
        ];
        for (ready, deleting, pnra, (r, s, t), v1, state, label) in rows {
            let c = endpoint_conditions(&svc(pnra), &pod("Running", ip, Some(ready), deleting));
            let want = EndpointConditions {
                ready: r,
                serving: s,
                terminating: t,
            };
            assert_eq!(c, Ok(want), "{label}");
            assert_eq!(in_v1_endpoints(want), v1, "{label}: v1 Endpoints");
            assert_eq!(endpoint_state(want), state, "{label}: state");
        }
        // No Ready condition at all reads as not ready (`IsPodReady`).
        let c = endpoint_conditions(&svc(false), &pod("Pending", ip, None, false));
        assert_eq!(c.map(|c| c.serving), Ok(false));
    }
}
