//! Decoding Pods: spec, containers and status.

use super::{get, Decoder};
use crate::engine::base::diagnostics::DiagnosticCode;
use crate::engine::model::*;
use crate::engine::yaml::{Node, ScalarKind, Value};

fn decode_container(d: &mut Decoder<'_>, node: &Node, path: &str) -> Container {
    let f = d.fields(node, path, schema::CONTAINER.names);
    let mut c = Container {
        name: d
            .string(get(f, "name"), &format!("{path}.name"))
            .unwrap_or_default(),
        restart_policy: d.string(get(f, "restartPolicy"), &format!("{path}.restartPolicy")),
        ports: Vec::new(),
    };
    for (i, p) in d
        .list(get(f, "ports"), &format!("{path}.ports"))
        .iter()
        .enumerate()
    {
        let pp = format!("{path}.ports[{i}]");
        let pf = d.fields(p, &pp, schema::CONTAINER_PORT.names);
        let Some(port) = d.int(get(pf, "containerPort"), &format!("{pp}.containerPort")) else {
            if get(pf, "containerPort").is_none() {
                d.error(
                    DiagnosticCode::MissingField,
                    format!("`{pp}.containerPort` is required"),
                    p,
                );
            }
            continue;
        };
        c.ports.push(ContainerPort {
            name: d.string(get(pf, "name"), &format!("{pp}.name")),
            container_port: port,
            protocol: d
                .string(get(pf, "protocol"), &format!("{pp}.protocol"))
                .unwrap_or_else(|| "TCP".into()),
        });
    }
    c
}

/// Decodes a pod spec.
pub fn decode_pod_spec(d: &mut Decoder<'_>, node: Option<&Node>, path: &str) -> PodSpec {
    let mut spec = PodSpec::default();
    let Some(node) = node else { return spec };
    let f = d.fields(node, path, schema::POD_SPEC.names);
    for (i, c) in d
        .list(get(f, "containers"), &format!("{path}.containers"))
        .iter()
        .enumerate()
    {
        spec.containers
            .push(decode_container(d, c, &format!("{path}.containers[{i}]")));
    }
    for (i, c) in d
        .list(get(f, "initContainers"), &format!("{path}.initContainers"))
        .iter()
        .enumerate()
    {
        spec.init_containers.push(decode_container(
            d,
            c,
            &format!("{path}.initContainers[{i}]"),
        ));
    }
    spec.hostname = d.string(get(f, "hostname"), &format!("{path}.hostname"));
    spec.subdomain = d.string(get(f, "subdomain"), &format!("{path}.subdomain"));
    spec.node_name = d.string(get(f, "nodeName"), &format!("{path}.nodeName"));
    spec.host_network = d
        .boolean(get(f, "hostNetwork"), &format!("{path}.hostNetwork"))
        .unwrap_or(false);
    spec
}

fn decode_pod_status(d: &mut Decoder<'_>, node: &Node) -> PodStatus {
    let f = d.fields(node, "status", schema::POD_STATUS.names);
    let mut st = PodStatus {
        phase: d.string(get(f, "phase"), "status.phase"),
        ..PodStatus::default()
    };
    for (i, ip) in d.list(get(f, "podIPs"), "status.podIPs").iter().enumerate() {
        let path = format!("status.podIPs[{i}]");
        let pf = d.fields(ip, &path, schema::POD_IP.names);
        if let Some(ip) = d.string(get(pf, "ip"), &format!("{path}.ip")) {
            st.pod_ips.push(ip);
        }
    }
    if st.pod_ips.is_empty() {
        if let Some(ip) = d.string(get(f, "podIP"), "status.podIP") {
            st.pod_ips.push(ip);
        }
    }
    for (i, c) in d
        .list(get(f, "conditions"), "status.conditions")
        .iter()
        .enumerate()
    {
        let path = format!("status.conditions[{i}]");
        let cf = d.fields(c, &path, schema::POD_CONDITION.names);
        // `status: True` unquoted reads as a boolean in YAML; accept both.
        let status = match get(cf, "status").map(|n| &n.value) {
            Some(Value::Scalar {
                kind: ScalarKind::Bool(b),
                ..
            }) => Some(*b),
            Some(Value::Scalar { text, .. }) => Some(text == "True"),
            _ => None,
        };
        match d
            .string(get(cf, "type"), &format!("{path}.type"))
            .as_deref()
        {
            Some("Ready") => st.ready = status,
            Some("Initialized") => st.initialized = status,
            Some("PodScheduled") => {
                st.scheduling_gated =
                    get(cf, "reason").and_then(Node::scalar_text) == Some("SchedulingGated");
            }
            _ => {}
        }
    }
    st.reason = d
        .string(get(f, "reason"), "status.reason")
        .filter(|r| !r.is_empty());
    st.container_statuses =
        container_statuses(d, get(f, "containerStatuses"), "status.containerStatuses");
    st.init_container_statuses = container_statuses(
        d,
        get(f, "initContainerStatuses"),
        "status.initContainerStatuses",
    );
    st
}

/// `containerStatuses` (or `initContainerStatuses`): what the kubelet
/// reports. Written by the kubelet, so fields this version does not know are
/// not reported; wrong types are.
fn container_statuses(
    d: &mut Decoder<'_>,
    node: Option<&Node>,
    path: &str,
) -> Vec<ContainerStatus> {
    fn map(n: Option<&Node>) -> &[(Node, Node)] {
        n.and_then(Node::as_map).unwrap_or(&[])
    }
    let mut out = Vec::new();
    for (i, c) in d.list(node, path).iter().enumerate() {
        let path = format!("{path}[{i}]");
        let f = map(Some(c));
        let state = map(get(f, "state"));
        let reason = |d: &mut Decoder<'_>, f: &[(Node, Node)], at: &str| {
            d.string(get(f, "reason"), &format!("{path}.state.{at}.reason"))
                .unwrap_or_default()
        };
        let state = if get(state, "running").is_some_and(|n| !n.is_null()) {
            ContainerState::Running
        } else if let Some(t) = get(state, "terminated").filter(|n| !n.is_null()) {
            let t = map(Some(t));
            ContainerState::Terminated {
                reason: reason(d, t, "terminated"),
                exit_code: d
                    .int(
                        get(t, "exitCode"),
                        &format!("{path}.state.terminated.exitCode"),
                    )
                    .unwrap_or(0),
                signal: d
                    .int(get(t, "signal"), &format!("{path}.state.terminated.signal"))
                    .unwrap_or(0),
            }
        } else if let Some(w) = get(state, "waiting").filter(|n| !n.is_null()) {
            ContainerState::Waiting {
                reason: reason(d, map(Some(w)), "waiting"),
            }
        } else {
            ContainerState::Unknown
        };
        out.push(ContainerStatus {
            name: d
                .string(get(f, "name"), &format!("{path}.name"))
                .unwrap_or_default(),
            ready: d
                .boolean(get(f, "ready"), &format!("{path}.ready"))
                .unwrap_or(false),
            started: d.boolean(get(f, "started"), &format!("{path}.started")),
            restart_count: d
                .int(get(f, "restartCount"), &format!("{path}.restartCount"))
                .unwrap_or(0),
            state,
        });
    }
    out
}

/// Decodes a Pod (`spec` and `status`; the rest of the top level is checked).
pub fn decode_pod(
    d: &mut Decoder<'_>,
    f: &[(Node, Node)],
    meta: ObjectMeta,
    span: crate::engine::base::source::Span,
) -> Pod {
    let spec = decode_pod_spec(d, get(f, "spec"), "spec");
    let status = get(f, "status")
        .filter(|n| !n.is_null())
        .map(|n| decode_pod_status(d, n));
    Pod {
        meta,
        spec,
        status,
        owner: None,
        span,
    }
}
