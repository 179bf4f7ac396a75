//! Port verdicts: which target port each selected pod resolves, and why not.

use crate::engine::model::IntOrString;
use crate::engine::{analysis::Analysis, controllers::resolved::ResolvedService};
use serde::Serialize;

/// How one Service port resolves on the pods the Service selects.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PortVerdict {
    /// The port as written: `80/TCP → http`.
    pub port: String,
    /// Where it resolves: (target port number, how many pods).
    pub resolved: Vec<(i64, usize)>,
    /// Where it does not: (index into [`Analysis::pods`], why), at most
    /// [`MAX_PORT_FAILURES`] listed.
    pub unresolved: Vec<(usize, String)>,
    /// How many pods it does not resolve on, in all.
    pub unresolved_count: usize,
}

/// Failing pods listed per Service port.
pub const MAX_PORT_FAILURES: usize = 10;

/// Why a named `targetPort` is not found on a pod (rules G1–G2): a port of
/// that name with another protocol, one only on an init container that is not
/// a sidecar, or no such name at all (listing the pod's ports).
pub fn why_port_unresolved(pod: &crate::engine::model::Pod, name: &str, protocol: &str) -> String {
    let named = |c: &&crate::engine::model::Container| {
        c.ports.iter().any(|p| p.name.as_deref() == Some(name))
    };
    if let Some(p) = pod
        .spec
        .containers
        .iter()
        .flat_map(|c| &c.ports)
        .find(|p| p.name.as_deref() == Some(name))
    {
        return format!(
            "the pod's port `{name}` is {}/{}, but the Service port is {protocol}: the protocols must match",
            p.container_port, p.protocol
        );
    }
    if let Some(c) = pod.spec.init_containers.iter().find(named) {
        return format!(
            "`{name}` is declared on init container `{}`, which is not a sidecar (restartPolicy: Always), so its ports do not count",
            c.name
        );
    }
    let ports: Vec<String> = pod
        .spec
        .containers
        .iter()
        .chain(
            pod.spec
                .init_containers
                .iter()
                .filter(|c| c.restart_policy.as_deref() == Some("Always")),
        )
        .flat_map(|c| &c.ports)
        .map(|p| match &p.name {
            Some(n) => format!("{n}={}/{}", p.container_port, p.protocol),
            None => format!("{}/{}", p.container_port, p.protocol),
        })
        .collect();
    if ports.is_empty() {
        format!("no container port is named `{name}`: the pod declares no ports")
    } else {
        format!(
            "no container port is named `{name}`; the pod's ports: {}",
            ports.join(", ")
        )
    }
}

/// Each Service port against each selected pod.
pub fn port_verdicts(a: &Analysis, rs: &ResolvedService) -> Vec<PortVerdict> {
    rs.service
        .ports
        .iter()
        .map(|sp| {
            let mut resolved: Vec<(i64, usize)> = Vec::new();
            let mut unresolved = Vec::new();
            let mut unresolved_count = 0;
            for b in &rs.backends {
                let pod = &a.pods[b.pod].pod;
                match crate::engine::controllers::resolve::find_port(pod, sp) {
                    Some(n) => match resolved.iter_mut().find(|(t, _)| *t == n) {
                        Some(r) => r.1 += 1,
                        None => resolved.push((n, 1)),
                    },
                    None => {
                        unresolved_count += 1;
                        if unresolved.len() < MAX_PORT_FAILURES {
                            let why = match &sp.target_port {
                                IntOrString::Str(name) => {
                                    why_port_unresolved(pod, name, &sp.protocol)
                                }
                                IntOrString::Int(_) => String::new(),
                            };
                            unresolved.push((b.pod, why));
                        }
                    }
                }
            }
            PortVerdict {
                port: format!("{}/{} → {}", sp.port, sp.protocol, sp.target_port),
                resolved,
                unresolved,
                unresolved_count,
            }
        })
        .collect()
}
