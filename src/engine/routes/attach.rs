//! Attaching a route to a Gateway: which listeners a `parentRefs` entry
//! selects, which of them allow the route, and the hostnames they share.

use super::hostname::intersect;
use crate::engine::labels::Labels;
use crate::engine::model::routing::{FromNamespaces, Gateway, Listener, ParentRef, Route};

/// Why a route is not accepted by a parent: the `Accepted` condition's
/// reason (`RouteConditionReason`, apis/v1/shared_types.go).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotAccepted {
    /// `NoMatchingParent`: no listener has the `sectionName` or `port`, or the Gateway is not in the input.
    NoMatchingParent,
    /// `NotAllowedByListeners`: the listeners' `allowedRoutes` refuse it.
    NotAllowedByListeners,
    /// `NoMatchingListenerHostname`: no hostname in common.
    NoMatchingListenerHostname,
}

impl NotAccepted {
    /// The reason as the API writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            NotAccepted::NoMatchingParent => "NoMatchingParent",
            NotAccepted::NotAllowedByListeners => "NotAllowedByListeners",
            NotAccepted::NoMatchingListenerHostname => "NoMatchingListenerHostname",
        }
    }
}

/// A listener a route attached to, with the hostnames it is served for
/// there (`None`: every host the listener takes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attachment {
    /// Index into the Gateway's listeners.
    pub listener: usize,
    /// The intersected hostnames.
    pub hostnames: Option<Vec<String>>,
}

/// The route kinds a listener accepts. Gateway API, `AllowedRoutes.Kinds`
/// (apis/v1/gateway_types.go): the kinds written, else those of its protocol
/// (HTTP and HTTPS: HTTPRoute and GRPCRoute; TLS: TLSRoute; TCP: TCPRoute; UDP: UDPRoute).
pub fn listener_kinds(l: &Listener) -> Vec<&str> {
    if !l.kinds.is_empty() {
        return l.kinds.iter().map(String::as_str).collect();
    }
    match l.protocol.as_str() {
        "HTTP" | "HTTPS" => vec!["HTTPRoute", "GRPCRoute"],
        "TLS" => vec!["TLSRoute"],
        "TCP" => vec!["TCPRoute"],
        "UDP" => vec!["UDPRoute"],
        _ => vec![],
    }
}

/// Whether a listener allows a route of `kind` from `route_ns`. Gateway API,
/// `AllowedRoutes` (apis/v1/gateway_types.go): `namespaces.from` is `Same`
/// (the default: the Gateway's namespace), `All`, or `Selector` (namespaces
/// whose labels match; `namespace_labels` gives them), and the kind must be
/// one of [`listener_kinds`].
pub fn listener_allows(
    l: &Listener,
    gateway_ns: &str,
    route_ns: &str,
    kind: &str,
    namespace_labels: &dyn Fn(&str) -> Option<Labels>,
) -> bool {
    let ns_ok = match &l.from {
        FromNamespaces::Same => gateway_ns == route_ns,
        FromNamespaces::All => true,
        FromNamespaces::Selector(sel) => {
            let labels = namespace_labels(route_ns).unwrap_or_else(|| {
                // A namespace not in the input carries only its name label.
                let mut l = Labels::new();
                l.insert("kubernetes.io/metadata.name".into(), route_ns.into());
                l
            });
            crate::engine::labels::LabelSelector::to_selector(Some(sel))
                .is_ok_and(|s| s.matches(&labels))
        }
    };
    ns_ok && listener_kinds(l).contains(&kind)
}

/// Where a route's `parentRefs` entry attaches on `gw`, or why it does not.
/// Gateway API, `ParentReference` (apis/v1/shared_types.go): `sectionName`
/// selects the listener of that name, `port` the listeners on that port,
/// neither every listener; a route attaches to each selected listener that
/// allows it ([`listener_allows`]) and shares a hostname with it
/// ([`intersect`]; a route without hostnames takes the listener's). The
/// first failing step gives the reason.
pub fn attach(
    route: &Route,
    parent: &ParentRef,
    gw: &Gateway,
    namespace_labels: &dyn Fn(&str) -> Option<Labels>,
) -> Result<Vec<Attachment>, NotAccepted> {
    let selected: Vec<(usize, &Listener)> = gw
        .listeners
        .iter()
        .enumerate()
        .filter(|(_, l)| parent.section_name.as_ref().is_none_or(|s| *s == l.name))
        .filter(|(_, l)| parent.port.is_none_or(|p| p == l.port))
        .collect();
    if selected.is_empty() {
        return Err(NotAccepted::NoMatchingParent);
    }
    let allowed: Vec<(usize, &Listener)> = selected
        .into_iter()
        .filter(|(_, l)| {
            listener_allows(
                l,
                &gw.meta.namespace,
                &route.meta.namespace,
                route.kind.as_str(),
                namespace_labels,
            )
        })
        .collect();
    if allowed.is_empty() {
        return Err(NotAccepted::NotAllowedByListeners);
    }
    let mut out = Vec::new();
    for (i, l) in allowed {
        if route.hostnames.is_empty() {
            out.push(Attachment {
                listener: i,
                hostnames: None,
            });
            continue;
        }
        let shared: Vec<String> = route
            .hostnames
            .iter()
            .filter_map(|h| intersect(l.hostname.as_deref(), h))
            .collect();
        if !shared.is_empty() {
            out.push(Attachment {
                listener: i,
                hostnames: Some(shared),
            });
        }
    }
    if out.is_empty() {
        Err(NotAccepted::NoMatchingListenerHostname)
    } else {
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::model::routing::RouteKind;
    use crate::engine::model::ObjectMeta;

    fn listener(name: &str, port: i64, host: Option<&str>, from: FromNamespaces) -> Listener {
        Listener {
            name: name.into(),
            protocol: "HTTP".into(),
            port,
            hostname: host.map(String::from),
            from,
            ..Listener::default()
        }
    }

    fn meta(ns: &str, name: &str) -> ObjectMeta {
        ObjectMeta {
            namespace: ns.into(),
            name: name.into(),
            ..ObjectMeta::default()
        }
    }

    #[test]
    fn attachment_table() {
        let gw = Gateway {
            meta: meta("infra", "gw"),
            listeners: vec![
                listener("a", 80, Some("a.com"), FromNamespaces::Same),
                listener("b", 8080, Some("*.b.com"), FromNamespaces::All),
            ],
            ..Gateway::default()
        };
        let route = |ns: &str, hosts: &[&str]| Route {
            kind: RouteKind::Http,
            meta: meta(ns, "r"),
            hostnames: hosts.iter().map(|h| h.to_string()).collect(),
            ..Route::default()
        };
        let parent = |section: Option<&str>, port: Option<i64>| ParentRef {
            name: "gw".into(),
            namespace: "infra".into(),
            section_name: section.map(String::from),
            port,
            ..ParentRef::default()
        };
        let none = |_: &str| None;
        type Row = (Route, ParentRef, Result<Vec<usize>, NotAccepted>);
        let rows: Vec<Row> = vec![
            (route("infra", &[]), parent(None, None), Ok(vec![0, 1])),
            (route("apps", &[]), parent(None, None), Ok(vec![1])),
            (
                route("apps", &[]),
                parent(Some("a"), None),
                Err(NotAccepted::NotAllowedByListeners),
            ),
            (
                route("infra", &[]),
                parent(Some("c"), None),
                Err(NotAccepted::NoMatchingParent),
            ),
            (route("infra", &[]), parent(None, Some(8080)), Ok(vec![1])),
            (
                route("infra", &[]),
                parent(Some("a"), Some(8080)),
                Err(NotAccepted::NoMatchingParent),
            ),
            (
                route("infra", &["x.b.com"]),
                parent(None, None),
                Ok(vec![1]),
            ),
            (
                route("infra", &["b.com"]),
                parent(None, None),
                Err(NotAccepted::NoMatchingListenerHostname),
            ),
        ];
        for (r, p, want) in rows {
            let got = attach(&r, &p, &gw, &none)
                .map(|a| a.iter().map(|a| a.listener).collect::<Vec<_>>());
            assert_eq!(got, want, "{} {:?}", r.meta.namespace, p);
        }
    }
}
