//! What `kubectl get pods` prints for a pod in its READY and STATUS columns.

use crate::engine::model::{ContainerState, Pod, PodStatus};

/// A pod's READY (`ready`/`total`) and STATUS columns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodColumns {
    /// Containers ready (and started sidecars ready).
    pub ready: usize,
    /// Containers, sidecars included.
    pub total: usize,
    /// The STATUS column: `Running`, `NotReady`, `Terminating`,
    /// `CrashLoopBackOff`, `Init:0/2`, `Completed`…
    pub status: String,
}

/// READY and STATUS as `kubectl get pods` prints them. Mirrors `printPod`
/// in `pkg/printers/internalversion/printers.go`: the reason starts as the
/// phase (or `status.reason`; `SchedulingGated` when the `PodScheduled`
/// condition says so); the first init container that is neither done (exit
/// 0) nor a started sidecar names it (`Init:<reason>`, `Init:ExitCode:N`,
/// `Init:i/n`); once initialised, the containers' waiting or terminated
/// reasons override it, last container first, and each ready running
/// container counts; `Completed` with a container still running reads
/// `Running` or `NotReady` by the `Ready` condition; a pod being deleted
/// reads `Terminating` (`Unknown` when its node is lost) unless its phase
/// is terminal. Sidecars (`restartPolicy: Always` init containers) count in
/// the total.
pub fn pod_columns(pod: &Pod) -> PodColumns {
    let none = PodStatus::default();
    let st = pod.status.as_ref().unwrap_or(&none);
    let init = &pod.spec.init_containers;
    let sidecar = |name: &str| init.iter().any(|c| c.name == name && c.is_sidecar());
    let total = pod.spec.containers.len() + init.iter().filter(|c| c.is_sidecar()).count();
    let mut ready = 0;
    let phase = st.phase.clone().unwrap_or_default();
    let mut reason = st.reason.clone().unwrap_or_else(|| phase.clone());
    if st.scheduling_gated {
        reason = "SchedulingGated".into();
    }
    let mut initializing = false;
    for (i, c) in st.init_container_statuses.iter().enumerate() {
        match &c.state {
            ContainerState::Terminated { exit_code: 0, .. } => continue,
            _ if sidecar(&c.name) && c.started == Some(true) => {
                ready += usize::from(c.ready);
                continue;
            }
            ContainerState::Terminated {
                reason: r,
                exit_code,
                signal,
            } => {
                reason = match (r.is_empty(), *signal) {
                    (false, _) => format!("Init:{r}"),
                    (true, 0) => format!("Init:ExitCode:{exit_code}"),
                    (true, s) => format!("Init:Signal:{s}"),
                };
            }
            ContainerState::Waiting { reason: r } if !r.is_empty() && r != "PodInitializing" => {
                reason = format!("Init:{r}");
            }
            _ => reason = format!("Init:{i}/{}", init.len()),
        }
        initializing = true;
        break;
    }
    if !initializing || st.initialized == Some(true) {
        let mut running = false;
        for c in st.container_statuses.iter().rev() {
            match &c.state {
                ContainerState::Waiting { reason: r }
                | ContainerState::Terminated { reason: r, .. }
                    if !r.is_empty() =>
                {
                    reason = r.clone();
                }
                ContainerState::Terminated {
                    exit_code, signal, ..
                } => {
                    reason = match signal {
                        0 => format!("ExitCode:{exit_code}"),
                        s => format!("Signal:{s}"),
                    };
                }
                ContainerState::Running if c.ready => {
                    running = true;
                    ready += 1;
                }
                _ => {}
            }
        }
        if reason == "Completed" && running {
            reason = match st.ready {
                Some(true) => "Running".into(),
                _ => "NotReady".into(),
            };
        }
    }
    if pod.meta.deletion_timestamp.is_some() {
        if st.reason.as_deref() == Some("NodeLost") {
            reason = "Unknown".into();
        } else if !matches!(phase.as_str(), "Succeeded" | "Failed") {
            reason = "Terminating".into();
        }
    }
    PodColumns {
        ready,
        total,
        status: reason,
    }
}

/// A pod box's first line, readiness first as kubectl's READY column and
/// k9s show it: `1/1 Ready`, `0/1 NotReady`, `0/1 CrashLoopBackOff`,
/// `Terminating`. A `Running` pod reads `Ready` or `NotReady` by its `Ready`
/// condition (what decides whether it receives traffic). The count is left
/// out when the status lists no containers (a status written by hand), where
/// kubectl would count none ready whatever the condition says.
pub fn readiness_label(pod: &Pod) -> String {
    let c = pod_columns(pod);
    let ready_condition = pod.status.as_ref().and_then(|s| s.ready);
    let word = match c.status.as_str() {
        "Running" if ready_condition == Some(true) => "Ready",
        "Running" => "NotReady",
        "Terminating" => return c.status,
        "" => "Unknown",
        other => other,
    };
    let listed = pod
        .status
        .as_ref()
        .is_some_and(|s| !s.container_statuses.is_empty() || !s.init_container_statuses.is_empty());
    if listed {
        format!("{}/{} {word}", c.ready, c.total)
    } else {
        word.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::model::{Container, ContainerStatus, PodSpec};

    fn running(ready: bool) -> ContainerStatus {
        ContainerStatus {
            ready,
            state: ContainerState::Running,
            ..ContainerStatus::default()
        }
    }
    fn waiting(reason: &str) -> ContainerStatus {
        ContainerStatus {
            state: ContainerState::Waiting {
                reason: reason.into(),
            },
            ..ContainerStatus::default()
        }
    }
    fn terminated(reason: &str, exit_code: i64, signal: i64) -> ContainerStatus {
        ContainerStatus {
            state: ContainerState::Terminated {
                reason: reason.into(),
                exit_code,
                signal,
            },
            ..ContainerStatus::default()
        }
    }
    fn no_state(ready: bool) -> ContainerStatus {
        ContainerStatus {
            ready,
            ..ContainerStatus::default()
        }
    }
    fn containers(n: usize) -> Vec<Container> {
        (0..n)
            .map(|i| Container {
                name: format!("c{i}"),
                ..Container::default()
            })
            .collect()
    }
    struct Row {
        containers: usize,
        init: usize,
        phase: &'static str,
        reason: Option<&'static str>,
        statuses: Vec<ContainerStatus>,
        init_statuses: Vec<ContainerStatus>,
        ready: Option<bool>,
        gated: bool,
        deleting: bool,
    }
    impl Default for Row {
        fn default() -> Row {
            Row {
                containers: 1,
                init: 0,
                phase: "podPhase",
                reason: None,
                statuses: vec![],
                init_statuses: vec![],
                ready: None,
                gated: false,
                deleting: false,
            }
        }
    }
    fn pod(r: Row) -> Pod {
        let mut p = Pod {
            spec: PodSpec {
                containers: containers(r.containers),
                init_containers: containers(r.init),
                ..PodSpec::default()
            },
            status: Some(PodStatus {
                phase: Some(r.phase.into()),
                reason: r.reason.map(Into::into),
                container_statuses: r.statuses,
                init_container_statuses: r.init_statuses,
                ready: r.ready,
                scheduling_gated: r.gated,
                ..PodStatus::default()
            }),
            ..Pod::default()
        };
        if r.deleting {
            p.meta.deletion_timestamp = Some("2026-01-01T00:00:00Z".into());
        }
        p
    }

    /// `TestPrintPod` in `pkg/printers/internalversion/printers_test.go`:
    /// its READY and STATUS cells, row by row (RESTARTS and AGE are not
    /// shown by svcmap).
    #[test]
    fn ready_and_status_as_kubectl_prints_them() {
        let rows: Vec<(&str, Row, &str, &str)> = vec![
            (
                "test1: containers, ready status",
                Row {
                    containers: 2,
                    statuses: vec![running(true), no_state(false)],
                    ..Row::default()
                },
                "1/2",
                "podPhase",
            ),
            (
                "test2: a container error overwrites the phase",
                Row {
                    containers: 2,
                    statuses: vec![running(true), waiting("ContainerWaitingReason")],
                    ..Row::default()
                },
                "1/2",
                "ContainerWaitingReason",
            ),
            (
                "test3: the first container overwrites the rest",
                Row {
                    containers: 2,
                    statuses: vec![
                        waiting("ContainerWaitingReason"),
                        terminated("ContainerTerminatedReason", 0, 0),
                    ],
                    ..Row::default()
                },
                "0/2",
                "ContainerWaitingReason",
            ),
            (
                "test4: ready is not enough for running",
                Row {
                    containers: 2,
                    statuses: vec![running(true), no_state(true)],
                    ..Row::default()
                },
                "1/2",
                "podPhase",
            ),
            (
                "test5: the pod's reason",
                Row {
                    containers: 2,
                    reason: Some("podReason"),
                    statuses: vec![running(true), no_state(true)],
                    ..Row::default()
                },
                "1/2",
                "podReason",
            ),
            (
                "test6: one running, one completed, not Ready",
                Row {
                    containers: 2,
                    phase: "Running",
                    statuses: vec![
                        {
                            let mut c = terminated("Completed", 0, 0);
                            c.ready = true;
                            c
                        },
                        running(true),
                    ],
                    ..Row::default()
                },
                "1/2",
                "NotReady",
            ),
            (
                "test6: one running, one completed, Ready",
                Row {
                    containers: 2,
                    phase: "Running",
                    ready: Some(true),
                    statuses: vec![
                        {
                            let mut c = terminated("Completed", 0, 0);
                            c.ready = true;
                            c
                        },
                        running(true),
                    ],
                    ..Row::default()
                },
                "1/2",
                "Running",
            ),
            (
                "test7: an init container restarting",
                Row {
                    init: 1,
                    init_statuses: vec![running(false)],
                    statuses: vec![waiting("")],
                    ..Row::default()
                },
                "0/1",
                "Init:0/1",
            ),
            (
                "test8: two init containers, one restarting",
                Row {
                    init: 2,
                    init_statuses: vec![running(false), waiting("")],
                    statuses: vec![waiting("")],
                    ..Row::default()
                },
                "0/1",
                "Init:0/2",
            ),
            (
                "test9: one init container done",
                Row {
                    init: 2,
                    init_statuses: vec![terminated("", 0, 0), running(false)],
                    statuses: vec![waiting("")],
                    ..Row::default()
                },
                "0/1",
                "Init:1/2",
            ),
            (
                "test11: init done, the container restarting",
                Row {
                    init: 1,
                    phase: "Running",
                    init_statuses: vec![terminated("", 0, 0)],
                    statuses: vec![running(false)],
                    ..Row::default()
                },
                "0/1",
                "Running",
            ),
            (
                "test12: one container running",
                Row {
                    phase: "Running",
                    statuses: vec![running(true)],
                    ..Row::default()
                },
                "1/1",
                "Running",
            ),
            (
                "test13: two containers running",
                Row {
                    containers: 2,
                    phase: "Running",
                    statuses: vec![running(true), running(true)],
                    ..Row::default()
                },
                "2/2",
                "Running",
            ),
            (
                "test15: scheduling gated",
                Row {
                    containers: 2,
                    gated: true,
                    ..Row::default()
                },
                "0/2",
                "SchedulingGated",
            ),
            (
                "test16: succeeded",
                Row {
                    phase: "Succeeded",
                    statuses: vec![terminated("Completed", 0, 0)],
                    ..Row::default()
                },
                "0/1",
                "Completed",
            ),
            (
                "test17: failed",
                Row {
                    phase: "Failed",
                    statuses: vec![terminated("Error", 1, 0)],
                    ..Row::default()
                },
                "0/1",
                "Error",
            ),
            (
                "test18: succeeded while being deleted",
                Row {
                    phase: "Succeeded",
                    deleting: true,
                    statuses: vec![terminated("Completed", 0, 0)],
                    ..Row::default()
                },
                "0/1",
                "Completed",
            ),
            (
                "test19: running while being deleted",
                Row {
                    phase: "Running",
                    deleting: true,
                    statuses: vec![running(true)],
                    ..Row::default()
                },
                "1/1",
                "Terminating",
            ),
            (
                "node lost while being deleted",
                Row {
                    phase: "Running",
                    reason: Some("NodeLost"),
                    deleting: true,
                    statuses: vec![running(true)],
                    ..Row::default()
                },
                "1/1",
                "Unknown",
            ),
            (
                "terminated without a reason: exit code",
                Row {
                    statuses: vec![terminated("", 2, 0)],
                    ..Row::default()
                },
                "0/1",
                "ExitCode:2",
            ),
            (
                "terminated without a reason: signal",
                Row {
                    statuses: vec![terminated("", 0, 9)],
                    ..Row::default()
                },
                "0/1",
                "Signal:9",
            ),
            (
                "init container failed",
                Row {
                    init: 1,
                    init_statuses: vec![terminated("Error", 1, 0)],
                    ..Row::default()
                },
                "0/1",
                "Init:Error",
            ),
            (
                "init container killed",
                Row {
                    init: 1,
                    init_statuses: vec![terminated("", 137, 9)],
                    ..Row::default()
                },
                "0/1",
                "Init:Signal:9",
            ),
            (
                "init container waiting",
                Row {
                    init: 1,
                    init_statuses: vec![waiting("ImagePullBackOff")],
                    ..Row::default()
                },
                "0/1",
                "Init:ImagePullBackOff",
            ),
        ];
        for (label, row, ready, status) in rows {
            let c = pod_columns(&pod(row));
            assert_eq!(
                (format!("{}/{}", c.ready, c.total), c.status.as_str()),
                (ready.to_string(), status),
                "{label}"
            );
        }
    }

    /// Sidecars count in READY once started (`IsRestartableInitContainer`).
    #[test]
    fn started_sidecars_count_in_ready() {
        let mut p = pod(Row {
            init: 1,
            phase: "Running",
            ready: Some(true),
            init_statuses: vec![ContainerStatus {
                name: "c0".into(),
                started: Some(true),
                ..running(true)
            }],
            statuses: vec![running(true)],
            ..Row::default()
        });
        p.spec.init_containers[0].restart_policy = Some("Always".into());
        let c = pod_columns(&p);
        assert_eq!((c.ready, c.total, c.status.as_str()), (2, 2, "Running"));
        assert_eq!(readiness_label(&p), "2/2 Ready");
    }

    #[test]
    fn the_box_says_readiness_first() {
        let ready = pod(Row {
            phase: "Running",
            ready: Some(true),
            statuses: vec![running(true)],
            ..Row::default()
        });
        let not_ready = pod(Row {
            phase: "Running",
            ready: Some(false),
            statuses: vec![running(false)],
            ..Row::default()
        });
        let crash = pod(Row {
            phase: "Running",
            statuses: vec![waiting("CrashLoopBackOff")],
            ..Row::default()
        });
        let deleting = pod(Row {
            phase: "Running",
            deleting: true,
            statuses: vec![running(true)],
            ..Row::default()
        });
        let by_hand = pod(Row {
            phase: "Running",
            ready: Some(true),
            ..Row::default()
        });
        let pending = pod(Row {
            phase: "Pending",
            ..Row::default()
        });
        for (p, want) in [
            (&ready, "1/1 Ready"),
            (&not_ready, "0/1 NotReady"),
            (&crash, "0/1 CrashLoopBackOff"),
            (&deleting, "Terminating"),
            (&by_hand, "Ready"),
            (&pending, "Pending"),
        ] {
            assert_eq!(readiness_label(p), want);
        }
    }
}
