//! A backend's Service port: an Ingress backend's `port.number` or
//! `port.name`, a route backendRef's `port`, looked up in the Service.

use crate::engine::model::routing::BackendPort;
use crate::engine::model::{Service, ServicePort};

/// The Service port an Ingress backend names. Mirrors `ServiceBackendPort`
/// of `staging/src/k8s.io/api/networking/v1/types.go`: `number` is a Service
/// `port` (not a `targetPort`), `name` a Service port's `name`.
pub fn ingress_service_port<'s>(svc: &'s Service, port: &BackendPort) -> Option<&'s ServicePort> {
    svc.ports.iter().find(|p| match port {
        BackendPort::Number(n) => p.port == *n,
        BackendPort::Name(n) => &p.name == n,
    })
}

/// The Service port a route's backendRef names by number. Gateway API,
/// `BackendRef.Port` (apis/v1/shared_types.go, `BackendObjectReference`):
/// the Service `port`, required when the referent is a Service.
pub fn route_service_port(svc: &Service, port: i64) -> Option<&ServicePort> {
    svc.ports.iter().find(|p| p.port == port)
}

/// The port that was surely meant when a backend names one the Service does
/// not have: the Service's only port, or the one whose name or number is
/// the other half of what was written (a name written as the number's port
/// name, or the reverse). svcmap's own rule, for one-click fixes.
pub fn certain_port<'s>(svc: &'s Service, written: &BackendPort) -> Option<&'s ServicePort> {
    if let [only] = svc.ports.as_slice() {
        return Some(only);
    }
    match written {
        BackendPort::Name(n) => svc.ports.iter().find(|p| p.port.to_string() == *n),
        BackendPort::Number(n) => svc
            .ports
            .iter()
            .find(|p| p.target_port == crate::engine::model::IntOrString::Int(*n)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::model::IntOrString;

    fn svc() -> Service {
        let port = |name: &str, port: i64, target: i64| ServicePort {
            name: name.into(),
            protocol: "TCP".into(),
            port,
            target_port: IntOrString::Int(target),
            node_port: None,
            app_protocol: None,
            span: Default::default(),
        };
        Service {
            ports: vec![port("http", 80, 8080), port("metrics", 9090, 9090)],
            ..Service::default()
        }
    }

    #[test]
    fn backend_ports_table() {
        let s = svc();
        let rows = [
            (BackendPort::Number(80), Some(80)),
            (BackendPort::Number(8080), None), // a targetPort is not a Service port
            (BackendPort::Name("http".into()), Some(80)),
            (BackendPort::Name("htp".into()), None),
        ];
        for (p, want) in rows {
            assert_eq!(ingress_service_port(&s, &p).map(|p| p.port), want, "{p:?}");
        }
        assert_eq!(
            route_service_port(&s, 9090).map(|p| p.name.as_str()),
            Some("metrics")
        );
        assert_eq!(
            certain_port(&s, &BackendPort::Number(8080)).map(|p| p.port),
            Some(80)
        );
        assert_eq!(certain_port(&s, &BackendPort::Name("htp".into())), None);
    }
}
