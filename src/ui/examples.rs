//! The curated examples of the playground, each addressable as `#example/<id>`.

/// A curated example: an id for `#example/<id>`, a title, its lesson and the YAML.
pub struct Example {
    /// Stable id, used in URLs.
    pub id: &'static str,
    /// Short title for the menu.
    pub title: &'static str,
    /// The one-line lesson it teaches.
    pub lesson: &'static str,
    /// The manifest.
    pub yaml: &'static str,
}

/// Every example; the first one is the default page.
pub const EXAMPLES: &[Example] = &[
    Example {
        id: "deployment-service",
        title: "Deployment + Service",
        lesson: "A Service selects pods by label; only ready pods receive traffic.",
        yaml: include_str!("examples/deployment-service.yaml"),
    },
    Example {
        id: "named-ports",
        title: "Named target ports",
        lesson: "A named targetPort is resolved in each pod: versions may listen on different numbers.",
        yaml: include_str!("examples/named-ports.yaml"),
    },
    Example {
        id: "readiness",
        title: "Readiness and publishNotReadyAddresses",
        lesson: "Not-ready pods stay selected but get no traffic, unless publishNotReadyAddresses is set.",
        yaml: include_str!("examples/readiness.yaml"),
    },
    Example {
        id: "headless-statefulset",
        title: "Headless StatefulSet",
        lesson: "clusterIP: None returns pod IPs from DNS, and StatefulSet pods get stable names.",
        yaml: include_str!("examples/headless-statefulset.yaml"),
    },
    Example {
        id: "namespaces",
        title: "Several namespaces",
        lesson: "A Service only selects pods of its own namespace, whatever their labels.",
        yaml: include_str!("examples/namespaces.yaml"),
    },
    Example {
        id: "selectorless",
        title: "Selector-less Service",
        lesson: "Without a selector you write the Endpoints or EndpointSlices yourself.",
        yaml: include_str!("examples/selectorless.yaml"),
    },
    Example {
        id: "nodeport-loadbalancer",
        title: "NodePort and LoadBalancer",
        lesson: "Node ports and load balancers are more doors to the same endpoints.",
        yaml: include_str!("examples/nodeport-loadbalancer.yaml"),
    },
    Example {
        id: "externalname",
        title: "ExternalName",
        lesson: "An ExternalName Service is a DNS CNAME: no cluster IP, no endpoints.",
        yaml: include_str!("examples/externalname.yaml"),
    },
    Example {
        id: "dual-stack",
        title: "Dual-stack",
        lesson: "A dual-stack Service has an IP per family and one set of slices per family.",
        yaml: include_str!("examples/dual-stack.yaml"),
    },
    Example {
        id: "broken-routing",
        title: "Broken routing",
        lesson: "A typo, matchLabels in a Service and a missing port name: why a Service has no endpoints.",
        yaml: include_str!("examples/broken-routing.yaml"),
    },
    Example {
        id: "ingress-port-typo",
        title: "Ingress port typo",
        lesson: "An Ingress backend names the Service port, not the container port: 8080 leads nowhere.",
        yaml: include_str!("examples/ingress-port-typo.yaml"),
    },
    Example {
        id: "route-reference-grant",
        title: "HTTPRoute across namespaces",
        lesson: "A route reaches a Service in another namespace only when a ReferenceGrant there allows it.",
        yaml: include_str!("examples/route-reference-grant.yaml"),
    },
    Example {
        id: "weighted-canary",
        title: "Weighted canary",
        lesson: "One HTTPRoute rule splits traffic 90/10 across two Services and their pods.",
        yaml: include_str!("examples/weighted-canary.yaml"),
    },
    Example {
        id: "zone-aware",
        title: "Zone-aware routing",
        lesson: "PreferClose keeps traffic in the client's zone; a zone without a pod uses every endpoint.",
        yaml: include_str!("examples/zone-aware.yaml"),
    },
    Example {
        id: "local-loadbalancer",
        title: "LoadBalancer, Local policy",
        lesson: "externalTrafficPolicy: Local drops traffic arriving on a node without a pod; the health check takes that node out.",
        yaml: include_str!("examples/local-loadbalancer.yaml"),
    },
    Example {
        id: "terminating-rollout",
        title: "Only terminating pods left",
        lesson: "With no ready endpoint, kube-proxy falls back to the terminating pods that still serve.",
        yaml: include_str!("examples/terminating-rollout.yaml"),
    },
];

/// The default example's text.
pub fn default_text() -> &'static str {
    EXAMPLES[0].yaml
}

/// The example with this id.
pub fn find(id: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.id == id)
}
