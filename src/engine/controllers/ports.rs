//! Target ports: the container port a Service port leads to on a pod, or why there is none.

use crate::engine::model::{IntOrString, Pod, ServicePort};
use std::fmt;

/// Why a named `targetPort` does not resolve on a pod.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PortNotFound {
    /// A container (or sidecar) port has that name, with another protocol.
    ProtocolMismatch {
        /// The target port name.
        name: String,
        /// The container port of that name.
        port: i64,
        /// Its protocol.
        protocol: String,
        /// The Service port's protocol.
        wanted: String,
    },
    /// Only an init container that is not a sidecar declares it.
    NotASidecar {
        /// The target port name.
        name: String,
        /// The init container.
        container: String,
    },
    /// No container port has that name.
    NoSuchName {
        /// The target port name.
        name: String,
        /// The pod's ports (containers, then sidecars), as `name=port/PROTOCOL`.
        ports: Vec<String>,
    },
}

impl fmt::Display for PortNotFound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PortNotFound::ProtocolMismatch {
                name,
                port,
                protocol,
                wanted,
            } => write!(
                f,
                "the pod's port `{name}` is {port}/{protocol}, but the Service port is {wanted}: the protocols must match"
            ),
            PortNotFound::NotASidecar { name, container } => write!(
                f,
                "`{name}` is declared on init container `{container}`, which is not a sidecar (restartPolicy: Always), so its ports do not count"
            ),
            PortNotFound::NoSuchName { name, ports } if ports.is_empty() => write!(
                f,
                "no container port is named `{name}`: the pod declares no ports"
            ),
            PortNotFound::NoSuchName { name, ports } => write!(
                f,
                "no container port is named `{name}`; the pod's ports: {}",
                ports.join(", ")
            ),
        }
    }
}

/// The container port a Service port's `targetPort` leads to on `pod`: a
/// number is used as is; a name is looked up, with the Service port's
/// protocol, in the containers' ports and then in the sidecars' (init
/// containers with `restartPolicy: Always`). Mirrors `FindPort` in
/// `staging/src/k8s.io/endpointslice/utils.go` (`podutil.FindPort` in
/// `pkg/api/v1/pod/util.go`). When the name is not found, says why: a port
/// of that name with another protocol, one declared only on an init
/// container that is not a sidecar, or no such name (listing the pod's ports).
pub fn find_port(pod: &Pod, port: &ServicePort) -> Result<i64, PortNotFound> {
    let name = match &port.target_port {
        IntOrString::Int(n) => return Ok(*n),
        IntOrString::Str(name) => name,
    };
    let sidecars = pod.spec.init_containers.iter().filter(|c| c.is_sidecar());
    let ports = || {
        pod.spec
            .containers
            .iter()
            .chain(sidecars.clone())
            .flat_map(|c| &c.ports)
    };
    let mut named = ports().filter(|p| p.name.as_deref() == Some(name.as_str()));
    if let Some(p) = named.clone().find(|p| p.protocol == port.protocol) {
        return Ok(p.container_port);
    }
    if let Some(p) = named.next() {
        return Err(PortNotFound::ProtocolMismatch {
            name: name.clone(),
            port: p.container_port,
            protocol: p.protocol.clone(),
            wanted: port.protocol.clone(),
        });
    }
    let declares = |c: &&crate::engine::model::Container| {
        c.ports
            .iter()
            .any(|p| p.name.as_deref() == Some(name.as_str()))
    };
    if let Some(c) = pod.spec.init_containers.iter().find(declares) {
        return Err(PortNotFound::NotASidecar {
            name: name.clone(),
            container: c.name.clone(),
        });
    }
    Err(PortNotFound::NoSuchName {
        name: name.clone(),
        ports: ports().map(ToString::to_string).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::model::{Container, ContainerPort};

    fn cport(name: &str, n: i64, protocol: &str) -> ContainerPort {
        ContainerPort {
            name: (!name.is_empty()).then(|| name.to_string()),
            container_port: n,
            protocol: protocol.into(),
        }
    }

    fn container(name: &str, ports: Vec<ContainerPort>, sidecar: bool) -> Container {
        Container {
            name: name.into(),
            ports,
            restart_policy: sidecar.then(|| "Always".to_string()),
        }
    }

    fn pod(containers: Vec<Container>, init: Vec<Container>) -> Pod {
        let mut p = Pod::default();
        p.spec.containers = containers;
        p.spec.init_containers = init;
        p
    }

    fn target(t: IntOrString) -> ServicePort {
        ServicePort {
            name: String::new(),
            protocol: "TCP".into(),
            port: 80,
            target_port: t,
            node_port: None,
            app_protocol: None,
            span: Default::default(),
        }
    }

    fn name(s: &str) -> IntOrString {
        IntOrString::Str(s.into())
    }

    // `TestFindPort` (pkg/api/v1/pod/util_test.go) row by row, with a TCP
    // Service port; then the sidecar loop of `FindPort` in the staging
    // endpointslice utils.go; then which failure is said.
    #[test]
    fn find_port_table() {
        let c = |ports| container("c", ports, false);
        let three = || {
            vec![
                cport("", 11, "UDP"),
                cport("p", 22, "TCP"),
                cport("q", 33, "TCP"),
            ]
        };
        let rows: Vec<(Pod, IntOrString, Result<i64, PortNotFound>, &str)> = vec![
            (
                pod(vec![c(vec![])], vec![]),
                IntOrString::Int(93),
                Ok(93),
                "valid int, no ports",
            ),
            (
                pod(
                    vec![c(vec![cport("", 11, "TCP"), cport("p", 22, "TCP")])],
                    vec![],
                ),
                IntOrString::Int(93),
                Ok(93),
                "valid int, with ports",
            ),
            (
                pod(vec![c(vec![])], vec![]),
                name("p"),
                Err(PortNotFound::NoSuchName {
                    name: "p".into(),
                    ports: vec![],
                }),
                "valid str, no ports",
            ),
            (
                pod(vec![c(three())], vec![]),
                name("q"),
                Ok(33),
                "valid str, one ctr with ports",
            ),
            (
                pod(vec![c(vec![]), c(three())], vec![]),
                name("q"),
                Ok(33),
                "valid str, two ctr with ports",
            ),
            (
                pod(
                    vec![
                        c(vec![]),
                        c(vec![
                            cport("", 11, "UDP"),
                            cport("p", 22, "TCP"),
                            cport("q", 22, "TCP"),
                        ]),
                    ],
                    vec![],
                ),
                name("q"),
                Ok(22),
                "valid str, two ctr with same port",
            ),
            (
                pod(vec![c(vec![]), c(vec![cport("a", 11, "snmp")])], vec![]),
                name("a"),
                Err(PortNotFound::ProtocolMismatch {
                    name: "a".into(),
                    port: 11,
                    protocol: "snmp".into(),
                    wanted: "TCP".into(),
                }),
                "valid str, invalid protocol",
            ),
            (
                pod(vec![c(vec![]), c(vec![cport("a", -1, "TCP")])], vec![]),
                name("a"),
                Ok(-1),
                "invalid ContainerPort (passes)",
            ),
            // The sidecar loop.
            (
                pod(
                    vec![c(vec![])],
                    vec![container("proxy", vec![cport("http", 15001, "TCP")], true)],
                ),
                name("http"),
                Ok(15001),
                "a sidecar's port",
            ),
            (
                pod(
                    vec![c(vec![cport("http", 8080, "TCP")])],
                    vec![container("proxy", vec![cport("http", 15001, "TCP")], true)],
                ),
                name("http"),
                Ok(8080),
                "containers before sidecars",
            ),
            (
                pod(
                    vec![c(vec![cport("http", 8080, "UDP")])],
                    vec![container("proxy", vec![cport("http", 15001, "TCP")], true)],
                ),
                name("http"),
                Ok(15001),
                "the protocol is part of the match",
            ),
            (
                pod(
                    vec![c(vec![])],
                    vec![container("setup", vec![cport("http", 8080, "TCP")], false)],
                ),
                name("http"),
                Err(PortNotFound::NotASidecar {
                    name: "http".into(),
                    container: "setup".into(),
                }),
                "an init container that is not a sidecar",
            ),
            (
                pod(
                    vec![c(vec![])],
                    vec![container("proxy", vec![cport("http", 15001, "UDP")], true)],
                ),
                name("http"),
                Err(PortNotFound::ProtocolMismatch {
                    name: "http".into(),
                    port: 15001,
                    protocol: "UDP".into(),
                    wanted: "TCP".into(),
                }),
                "a sidecar's port of another protocol",
            ),
            (
                pod(
                    vec![c(vec![cport("web", 9000, "TCP"), cport("", 9090, "TCP")])],
                    vec![
                        container("proxy", vec![cport("admin", 15000, "TCP")], true),
                        container("setup", vec![cport("init", 1, "TCP")], false),
                    ],
                ),
                name("http"),
                Err(PortNotFound::NoSuchName {
                    name: "http".into(),
                    ports: vec![
                        "web=9000/TCP".into(),
                        "9090/TCP".into(),
                        "admin=15000/TCP".into(),
                    ],
                }),
                "no such name: the containers' and sidecars' ports",
            ),
        ];
        for (p, t, want, label) in rows {
            assert_eq!(find_port(&p, &target(t)), want, "{label}");
        }
    }

    #[test]
    fn failures_read_as_sentences() {
        let rows = [
            (
                PortNotFound::ProtocolMismatch { name: "http".into(), port: 8080, protocol: "UDP".into(), wanted: "TCP".into() },
                "the pod's port `http` is 8080/UDP, but the Service port is TCP: the protocols must match",
            ),
            (
                PortNotFound::NotASidecar { name: "http".into(), container: "setup".into() },
                "`http` is declared on init container `setup`, which is not a sidecar (restartPolicy: Always), so its ports do not count",
            ),
            (
                PortNotFound::NoSuchName { name: "http".into(), ports: vec![] },
                "no container port is named `http`: the pod declares no ports",
            ),
            (
                PortNotFound::NoSuchName { name: "web".into(), ports: vec!["http=8080/TCP".into()] },
                "no container port is named `web`; the pod's ports: http=8080/TCP",
            ),
        ];
        for (e, want) in rows {
            assert_eq!(e.to_string(), want);
        }
    }
}
