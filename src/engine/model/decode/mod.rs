//! Typed decoding of YAML nodes into the object model, with a diagnostic for
//! every wrong type, unknown field and invalid label, at its line and column.

use crate::engine::base::diagnostics::{Diagnostic, DiagnosticCode, Severity};
use crate::engine::base::object_ref::ObjectRef;
use crate::engine::base::text::did_you_mean;
use crate::engine::labels::validate::{validate_key, validate_value};
use crate::engine::labels::{LabelSelector, LabelSelectorRequirement, Labels};
use crate::engine::model::endpoints::{
    EndpointAddress, EndpointConditions, EndpointPort, EndpointSlice, EndpointSubset, Endpoints,
    SliceEndpoint, TargetRef,
};
use crate::engine::model::validation;
use crate::engine::model::*;
use crate::engine::yaml::{Node, ScalarKind, Value};

/// Collects diagnostics while decoding one object.
pub struct Decoder<'d> {
    /// Where diagnostics go.
    pub diags: &'d mut Vec<Diagnostic>,
    /// The object being decoded, once its identity is known.
    pub object: Option<ObjectRef>,
}

impl Decoder<'_> {
    fn push(
        &mut self,
        severity: Severity,
        code: DiagnosticCode,
        msg: String,
        node: &Node,
    ) -> &mut Diagnostic {
        self.diags.push(
            Diagnostic::new(severity, code, msg, Some(node.span)).with_object(self.object.clone()),
        );
        self.diags.last_mut().expect("just pushed")
    }

    /// Reports an error at `node`.
    pub fn error(&mut self, code: DiagnosticCode, msg: String, node: &Node) -> &mut Diagnostic {
        self.push(Severity::Error, code, msg, node)
    }

    /// Reports a warning at `node`.
    pub fn warn(&mut self, code: DiagnosticCode, msg: String, node: &Node) -> &mut Diagnostic {
        self.push(Severity::Warning, code, msg, node)
    }

    fn wrong_type(&mut self, node: &Node, path: &str, want: &str) {
        let got = node.type_name();
        let d = self.error(
            DiagnosticCode::WrongType,
            format!("`{path}` must be {want}, not {got}"),
            node,
        );
        if want == "a string" {
            if let Value::Scalar { text, kind } = &node.value {
                d.help = Some(match kind {
                    // sigs.k8s.io/yaml reads YAML 1.1: `yes`, `on`, `y` are booleans.
                    ScalarKind::Bool(b) if !text.eq_ignore_ascii_case(&b.to_string()) => format!(
                        "quote it: \"{text}\" (unquoted, YAML 1.1 reads `{text}` as the boolean {b}, as Kubernetes does, and the API server refuses the object)"
                    ),
                    _ => format!("quote it: \"{text}\""),
                });
            }
        }
    }

    /// The entries of a mapping at `path`, reporting fields not in `known`.
    /// A null node reads as an empty mapping.
    pub fn fields<'n>(&mut self, node: &'n Node, path: &str, known: &[&str]) -> &'n [(Node, Node)] {
        if node.is_null() {
            return &[];
        }
        let Some(entries) = node.as_map() else {
            self.wrong_type(node, path, "a mapping");
            return &[];
        };
        for (k, _) in entries {
            let name = k.scalar_text().unwrap_or("");
            if !known.contains(&name) {
                let field = if path.is_empty() {
                    name.to_string()
                } else {
                    format!("{path}.{name}")
                };
                let hint = did_you_mean(name, known);
                let d = self.warn(
                    DiagnosticCode::UnknownField,
                    format!("unknown field `{field}`"),
                    k,
                );
                if let Some(h) = hint {
                    d.help = Some(format!("did you mean `{h}`?"));
                }
            }
        }
        entries
    }

    /// A string field; wrong types are reported and read as `None`.
    pub fn string(&mut self, node: Option<&Node>, path: &str) -> Option<String> {
        let node = node?;
        if node.is_null() {
            return None;
        }
        match node.as_str() {
            Some(s) => Some(s.to_string()),
            None => {
                self.wrong_type(node, path, "a string");
                None
            }
        }
    }

    /// An integer field; wrong types are reported and read as `None`.
    pub fn int(&mut self, node: Option<&Node>, path: &str) -> Option<i64> {
        let node = node?;
        match &node.value {
            Value::Scalar {
                kind: ScalarKind::Int(i),
                ..
            } => Some(*i),
            Value::Scalar {
                kind: ScalarKind::Null,
                ..
            } => None,
            _ => {
                self.wrong_type(node, path, "an integer");
                None
            }
        }
    }

    /// A boolean field.
    pub fn boolean(&mut self, node: Option<&Node>, path: &str) -> Option<bool> {
        let node = node?;
        match &node.value {
            Value::Scalar {
                kind: ScalarKind::Bool(b),
                ..
            } => Some(*b),
            Value::Scalar {
                kind: ScalarKind::Null,
                ..
            } => None,
            _ => {
                self.wrong_type(node, path, "a boolean");
                None
            }
        }
    }

    /// An int-or-string field (`targetPort`).
    pub fn int_or_string(&mut self, node: Option<&Node>, path: &str) -> Option<IntOrString> {
        let node = node?;
        match &node.value {
            Value::Scalar {
                kind: ScalarKind::Int(i),
                ..
            } => Some(IntOrString::Int(*i)),
            Value::Scalar {
                kind: ScalarKind::Str,
                text,
            } => Some(IntOrString::Str(text.clone())),
            Value::Scalar {
                kind: ScalarKind::Null,
                ..
            } => None,
            _ => {
                self.wrong_type(node, path, "an integer or a string");
                None
            }
        }
    }

    /// The items of a list field (null reads as empty).
    pub fn list<'n>(&mut self, node: Option<&'n Node>, path: &str) -> &'n [Node] {
        let Some(node) = node else { return &[] };
        if node.is_null() {
            return &[];
        }
        match node.as_seq() {
            Some(items) => items,
            None => {
                self.wrong_type(node, path, "a list");
                &[]
            }
        }
    }

    /// A list of strings.
    pub fn strings(&mut self, node: Option<&Node>, path: &str) -> Vec<String> {
        let items = self.list(node, path);
        items
            .iter()
            .enumerate()
            .filter_map(|(i, n)| self.string(Some(n), &format!("{path}[{i}]")))
            .collect()
    }

    /// A map of strings; with `labels`, keys and values are validated as labels.
    pub fn string_map(&mut self, node: Option<&Node>, path: &str, labels: bool) -> Labels {
        let mut out = Labels::new();
        let Some(node) = node else { return out };
        if node.is_null() {
            return out;
        }
        let Some(entries) = node.as_map() else {
            self.wrong_type(node, path, "a mapping of strings");
            return out;
        };
        for (k, v) in entries {
            let Some(key) = k.scalar_text() else {
                self.wrong_type(k, path, "a mapping with string keys");
                continue;
            };
            let field = format!("{path}.{key}");
            // Kubernetes reads a null value as "".
            let value = if v.is_null() {
                Some(String::new())
            } else {
                self.string(Some(v), &field)
            };
            let Some(value) = value else { continue };
            if labels {
                if let Err(e) = validate_key(key) {
                    self.error(
                        DiagnosticCode::InvalidLabelKey,
                        format!("invalid label key `{key}`: {e}"),
                        k,
                    );
                }
                if let Err(e) = validate_value(&value) {
                    self.error(
                        DiagnosticCode::InvalidLabelValue,
                        format!("invalid label value `{value}` for `{key}`: {e}"),
                        v,
                    );
                }
            }
            out.insert(key.to_string(), value);
        }
        out
    }
}

const META_FIELDS: &[&str] = &[
    "name",
    "namespace",
    "labels",
    "annotations",
    "uid",
    "deletionTimestamp",
    "generateName",
    "creationTimestamp",
    "resourceVersion",
    "generation",
    "ownerReferences",
    "finalizers",
    "managedFields",
    "selfLink",
    "deletionGracePeriodSeconds",
];

/// Decodes `metadata`. `namespaced` objects get `default` when no namespace is written.
pub fn decode_meta(
    d: &mut Decoder<'_>,
    node: Option<&Node>,
    namespaced: bool,
    path: &str,
) -> ObjectMeta {
    let mut meta = ObjectMeta::default();
    if let Some(node) = node {
        let f = d.fields(node, path, META_FIELDS);
        let get = |name: &str| {
            f.iter()
                .find(|(k, _)| k.scalar_text() == Some(name))
                .map(|(_, v)| v)
        };
        meta.name = d
            .string(get("name"), &format!("{path}.name"))
            .unwrap_or_default();
        meta.name_span = get("name").map(|n| n.span);
        meta.namespace = d
            .string(get("namespace"), &format!("{path}.namespace"))
            .unwrap_or_default();
        meta.labels = d.string_map(get("labels"), &format!("{path}.labels"), true);
        meta.labels_span = get("labels").map(|n| n.span);
        meta.annotations = d.string_map(get("annotations"), &format!("{path}.annotations"), false);
        meta.uid = d.string(get("uid"), &format!("{path}.uid"));
        meta.deletion_timestamp = get("deletionTimestamp")
            .filter(|n| !n.is_null())
            .map(|n| n.scalar_text().unwrap_or("set").to_string());
    }
    if namespaced && meta.namespace.is_empty() {
        meta.namespace = "default".into();
    }
    if !namespaced {
        meta.namespace.clear();
    }
    meta
}

fn get<'n>(f: &'n [(Node, Node)], name: &str) -> Option<&'n Node> {
    f.iter()
        .find(|(k, _)| k.scalar_text() == Some(name))
        .map(|(_, v)| v)
}

fn decode_container(d: &mut Decoder<'_>, node: &Node, path: &str) -> Container {
    let f = d.fields(
        node,
        path,
        &[
            "name",
            "image",
            "ports",
            "restartPolicy",
            "command",
            "args",
            "env",
            "envFrom",
            "resources",
            "readinessProbe",
            "livenessProbe",
            "startupProbe",
            "volumeMounts",
            "imagePullPolicy",
            "securityContext",
            "workingDir",
            "lifecycle",
            "stdin",
            "tty",
            "terminationMessagePath",
            "terminationMessagePolicy",
            "volumeDevices",
            "resizePolicy",
            "restartPolicyRules",
            "stdinOnce",
        ],
    );
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
        let pf = d.fields(
            p,
            &pp,
            &["name", "containerPort", "protocol", "hostPort", "hostIP"],
        );
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

/// The fields of core/v1 `PodSpec` (`staging/src/k8s.io/api/core/v1/types.go`),
/// feature-gated ones included (`hostnameOverride`, 1.34): a field the API
/// has is never reported as unknown.
const POD_SPEC_FIELDS: &[&str] = &[
    "containers",
    "initContainers",
    "hostname",
    "subdomain",
    "nodeName",
    "hostNetwork",
    "restartPolicy",
    "volumes",
    "serviceAccountName",
    "serviceAccount",
    "nodeSelector",
    "affinity",
    "tolerations",
    "securityContext",
    "imagePullSecrets",
    "dnsPolicy",
    "dnsConfig",
    "terminationGracePeriodSeconds",
    "priorityClassName",
    "priority",
    "schedulerName",
    "topologySpreadConstraints",
    "automountServiceAccountToken",
    "enableServiceLinks",
    "ephemeralContainers",
    "hostAliases",
    "hostIPC",
    "hostPID",
    "shareProcessNamespace",
    "runtimeClassName",
    "readinessGates",
    "preemptionPolicy",
    "overhead",
    "os",
    "activeDeadlineSeconds",
    "setHostnameAsFQDN",
    "hostUsers",
    "schedulingGates",
    "resourceClaims",
    "resources",
    "hostnameOverride",
];

/// Decodes a pod spec.
pub fn decode_pod_spec(d: &mut Decoder<'_>, node: Option<&Node>, path: &str) -> PodSpec {
    let mut spec = PodSpec::default();
    let Some(node) = node else { return spec };
    let f = d.fields(node, path, POD_SPEC_FIELDS);
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
    let f = d.fields(
        node,
        "status",
        &[
            "phase",
            "podIP",
            "podIPs",
            "conditions",
            "hostIP",
            "hostIPs",
            "startTime",
            "containerStatuses",
            "initContainerStatuses",
            "qosClass",
            "message",
            "reason",
            "nominatedNodeName",
            "ephemeralContainerStatuses",
            "resize",
            "resourceClaimStatuses",
            "observedGeneration",
        ],
    );
    let mut st = PodStatus {
        phase: d.string(get(f, "phase"), "status.phase"),
        ..PodStatus::default()
    };
    for (i, ip) in d.list(get(f, "podIPs"), "status.podIPs").iter().enumerate() {
        let path = format!("status.podIPs[{i}]");
        let pf = d.fields(ip, &path, &["ip"]);
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
        let cf = d.fields(
            c,
            &path,
            &[
                "type",
                "status",
                "lastProbeTime",
                "lastTransitionTime",
                "reason",
                "message",
                "observedGeneration",
            ],
        );
        if d.string(get(cf, "type"), &format!("{path}.type"))
            .as_deref()
            == Some("Ready")
        {
            // `status: True` unquoted reads as a boolean in YAML; accept both.
            let ready = match get(cf, "status").map(|n| &n.value) {
                Some(Value::Scalar {
                    kind: ScalarKind::Bool(b),
                    ..
                }) => Some(*b),
                Some(Value::Scalar { text, .. }) => Some(text == "True"),
                _ => None,
            };
            st.ready = ready;
        }
    }
    st
}

/// Decodes a LabelSelector object (`matchLabels` / `matchExpressions`).
pub fn decode_label_selector(d: &mut Decoder<'_>, node: &Node, path: &str) -> LabelSelector {
    let f = d.fields(node, path, &["matchLabels", "matchExpressions"]);
    let mut ls = LabelSelector {
        match_labels: d.string_map(get(f, "matchLabels"), &format!("{path}.matchLabels"), true),
        match_expressions: Vec::new(),
    };
    for (i, e) in d
        .list(
            get(f, "matchExpressions"),
            &format!("{path}.matchExpressions"),
        )
        .iter()
        .enumerate()
    {
        let p = format!("{path}.matchExpressions[{i}]");
        let ef = d.fields(e, &p, &["key", "operator", "values"]);
        ls.match_expressions.push(LabelSelectorRequirement {
            key: d
                .string(get(ef, "key"), &format!("{p}.key"))
                .unwrap_or_default(),
            operator: d
                .string(get(ef, "operator"), &format!("{p}.operator"))
                .unwrap_or_default(),
            values: d.strings(get(ef, "values"), &format!("{p}.values")),
        });
    }
    ls
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

/// The alpha annotation that once made the endpoints controller publish
/// pods that are not ready.
pub const TOLERATE_UNREADY_ANNOTATION: &str =
    "service.alpha.kubernetes.io/tolerate-unready-endpoints";

/// Notes a Service that sets [`TOLERATE_UNREADY_ANNOTATION`] without
/// `publishNotReadyAddresses: true`: today's controllers read only the field
/// (`addEndpointSubset` in `pkg/controller/endpoint/endpoints_controller.go`
/// and `ShouldPodBeInEndpoints` in the staging `endpointslice` utils take
/// `service.Spec.PublishNotReadyAddresses` alone), so its pods that are not
/// ready stay out of the ready addresses and of DNS.
fn note_tolerate_unready_annotation(d: &mut Decoder<'_>, f: &[(Node, Node)], svc: &Service) {
    if svc.publish_not_ready_addresses {
        return;
    }
    let Some(key) = get(f, "metadata")
        .and_then(|m| m.get("annotations"))
        .and_then(Node::as_map)
        .and_then(|a| {
            a.iter()
                .find(|(k, _)| k.scalar_text() == Some(TOLERATE_UNREADY_ANNOTATION))
        })
        .map(|(k, _)| k)
    else {
        return;
    };
    d.push(
        Severity::Info,
        DiagnosticCode::IgnoredAnnotation,
        format!("`{TOLERATE_UNREADY_ANNOTATION}` is not read by the endpoints controllers: pods that are not ready are published only with `spec.publishNotReadyAddresses: true`"),
        key,
    )
    .help = Some("set `spec.publishNotReadyAddresses: true` if peers must find each other before they are ready".into());
}

/// Decodes a Service.
pub fn decode_service(
    d: &mut Decoder<'_>,
    f: &[(Node, Node)],
    meta: ObjectMeta,
    span: crate::engine::base::source::Span,
) -> Service {
    let mut svc = Service {
        meta,
        span,
        ..Service::default()
    };
    let Some(spec) = get(f, "spec") else {
        for e in validation::validate_service(&svc, 0, Some(ServiceType::ClusterIP)) {
            d.diags.push(
                Diagnostic::new(
                    Severity::Error,
                    DiagnosticCode::MissingField,
                    e.message,
                    Some(span),
                )
                .with_object(d.object.clone()),
            );
        }
        return svc;
    };
    let sf = d.fields(
        spec,
        "spec",
        &[
            "type",
            "selector",
            "ports",
            "clusterIP",
            "clusterIPs",
            "ipFamilies",
            "ipFamilyPolicy",
            "publishNotReadyAddresses",
            "externalName",
            "sessionAffinity",
            "sessionAffinityConfig",
            "externalIPs",
            "loadBalancerIP",
            "loadBalancerSourceRanges",
            "loadBalancerClass",
            "externalTrafficPolicy",
            "internalTrafficPolicy",
            "healthCheckNodePort",
            "allocateLoadBalancerNodePorts",
            "trafficDistribution",
        ],
    );
    let mut type_known = true;
    if let Some(t) = get(sf, "type") {
        match d.string(Some(t), "spec.type").as_deref() {
            None | Some("ClusterIP") => {}
            Some("NodePort") => svc.service_type = ServiceType::NodePort,
            Some("LoadBalancer") => svc.service_type = ServiceType::LoadBalancer,
            Some("ExternalName") => svc.service_type = ServiceType::ExternalName,
            Some(other) => {
                type_known = false;
                let hint = did_you_mean(
                    other,
                    &["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"],
                );
                let e = d.error(
                    DiagnosticCode::InvalidValue,
                    format!("`spec.type` \"{other}\" is not one of ClusterIP, NodePort, LoadBalancer, ExternalName"),
                    t,
                );
                if let Some(h) = hint {
                    e.help = Some(format!("did you mean `{h}`?"));
                }
            }
        }
    }
    if let Some(sel) = get(sf, "selector") {
        svc.selector_span = Some(sel.span);
        let looks_like_label_selector = sel.as_map().is_some_and(|m| {
            m.iter()
                .any(|(k, _)| matches!(k.scalar_text(), Some("matchLabels" | "matchExpressions")))
        });
        if looks_like_label_selector {
            d.error(
                DiagnosticCode::SelectorMatchLabels,
                "a Service `spec.selector` is a plain map of labels, not a LabelSelector with `matchLabels`/`matchExpressions`".into(),
                sel,
            )
            .help = Some("write the labels directly under `selector:` (for example `selector: {app: web}`); Services cannot use set-based expressions".into());
            // Read what was meant so the rest of the analysis still helps.
            if let Some(ml) = sel.get("matchLabels") {
                let map = d.string_map(Some(ml), "spec.selector.matchLabels", false);
                svc.selector = (!map.is_empty()).then_some(map);
            }
        } else {
            // `ValidateService` checks the selector as labels (`ValidateLabels`).
            let map = d.string_map(Some(sel), "spec.selector", true);
            if map.is_empty() {
                if !sel.is_null() {
                    d.warn(
                        DiagnosticCode::EmptySelector,
                        "`selector: {}` is dropped by the API server: this Service has no selector and gets no managed endpoints".into(),
                        sel,
                    )
                    .help = Some("add labels to select pods, or remove the selector and write Endpoints/EndpointSlices by hand".into());
                }
            } else {
                svc.selector = Some(map);
            }
        }
    }
    let port_items = d.list(get(sf, "ports"), "spec.ports");
    // The port entries read, parallel to `svc.ports`, to report where each field is.
    let mut port_fields: Vec<(&Node, &[(Node, Node)])> = Vec::new();
    for (i, p) in port_items.iter().enumerate() {
        let path = format!("spec.ports[{i}]");
        let pf = d.fields(
            p,
            &path,
            &[
                "name",
                "protocol",
                "port",
                "targetPort",
                "nodePort",
                "appProtocol",
            ],
        );
        let Some(port) = d.int(get(pf, "port"), &format!("{path}.port")) else {
            if get(pf, "port").is_none() {
                d.error(
                    DiagnosticCode::MissingField,
                    format!("`{path}.port` is required"),
                    p,
                );
            }
            continue;
        };
        // `SetDefaults_Service`: a targetPort of 0 or "" is the port, an empty protocol TCP.
        let target = match d.int_or_string(get(pf, "targetPort"), &format!("{path}.targetPort")) {
            None | Some(IntOrString::Int(0)) => IntOrString::Int(port),
            Some(IntOrString::Str(s)) if s.is_empty() => IntOrString::Int(port),
            Some(t) => t,
        };
        svc.ports.push(ServicePort {
            name: d
                .string(get(pf, "name"), &format!("{path}.name"))
                .unwrap_or_default(),
            protocol: d
                .string(get(pf, "protocol"), &format!("{path}.protocol"))
                .filter(|p| !p.is_empty())
                .unwrap_or_else(|| "TCP".into()),
            port,
            target_port: target,
            node_port: d.int(get(pf, "nodePort"), &format!("{path}.nodePort")),
            app_protocol: d.string(get(pf, "appProtocol"), &format!("{path}.appProtocol")),
            span: p.span,
        });
        port_fields.push((p, pf));
    }
    svc.cluster_ip = d.string(get(sf, "clusterIP"), "spec.clusterIP");
    svc.cluster_ips = d.strings(get(sf, "clusterIPs"), "spec.clusterIPs");
    svc.ip_families = d.strings(get(sf, "ipFamilies"), "spec.ipFamilies");
    for (i, f) in svc.ip_families.iter().enumerate() {
        if f != "IPv4" && f != "IPv6" {
            let node = get(sf, "ipFamilies")
                .and_then(|n| n.as_seq())
                .and_then(|s| s.get(i));
            if let Some(node) = node {
                d.error(
                    DiagnosticCode::InvalidValue,
                    format!("`spec.ipFamilies[{i}]` must be IPv4 or IPv6, not \"{f}\""),
                    node,
                );
            }
        }
    }
    svc.ip_family_policy = d.string(get(sf, "ipFamilyPolicy"), "spec.ipFamilyPolicy");
    svc.publish_not_ready_addresses = d
        .boolean(
            get(sf, "publishNotReadyAddresses"),
            "spec.publishNotReadyAddresses",
        )
        .unwrap_or(false);
    note_tolerate_unready_annotation(d, f, &svc);
    svc.external_name = d.string(get(sf, "externalName"), "spec.externalName");
    let written_type = type_known.then_some(svc.service_type);
    // A `ports` that is not a list was reported as such: not "required" again.
    let ports_written = get(sf, "ports")
        .filter(|n| !n.is_null() && n.as_seq().is_none())
        .map_or(port_items.len(), |_| 1);
    for e in validation::validate_service(&svc, ports_written, written_type) {
        let node = match e.port.and_then(|i| port_fields.get(i)) {
            Some((p, pf)) => get(pf, e.field).unwrap_or(p),
            None => get(sf, e.field).unwrap_or(spec),
        };
        let code = match e.kind {
            validation::ErrorKind::Required => DiagnosticCode::MissingField,
            validation::ErrorKind::Invalid => DiagnosticCode::InvalidValue,
        };
        d.error(code, e.message, node).help = e.help;
    }
    svc
}

/// Decodes a workload (Deployment, StatefulSet, ...).
pub fn decode_workload(
    d: &mut Decoder<'_>,
    kind: WorkloadKind,
    f: &[(Node, Node)],
    meta: ObjectMeta,
    span: crate::engine::base::source::Span,
) -> Workload {
    let mut w = Workload {
        kind,
        meta,
        replicas: None,
        selector: None,
        service_name: None,
        template: PodTemplate::default(),
        strategy: UpdateStrategy::default(),
        paused: false,
        ordinals_start: 0,
        job: JobSpec::default(),
        span,
    };
    let Some(spec) = get(f, "spec") else { return w };
    let mut spec = spec;
    let mut base = "spec".to_string();
    if kind == WorkloadKind::CronJob {
        let cf = d.fields(
            spec,
            "spec",
            &[
                "schedule",
                "jobTemplate",
                "concurrencyPolicy",
                "suspend",
                "timeZone",
                "startingDeadlineSeconds",
                "successfulJobsHistoryLimit",
                "failedJobsHistoryLimit",
            ],
        );
        w.job.schedule = d.string(get(cf, "schedule"), "spec.schedule");
        w.job.time_zone = d.string(get(cf, "timeZone"), "spec.timeZone");
        w.job.schedule_suspended = d
            .boolean(get(cf, "suspend"), "spec.suspend")
            .unwrap_or(false);
        let Some(jt) = get(cf, "jobTemplate") else {
            return w;
        };
        let jf = d.fields(jt, "spec.jobTemplate", &["metadata", "spec"]);
        let Some(js) = get(jf, "spec") else { return w };
        spec = js;
        base = "spec.jobTemplate.spec".into();
    }
    let sf = d.fields(
        spec,
        &base,
        &[
            "replicas",
            "selector",
            "template",
            "serviceName",
            "strategy",
            "updateStrategy",
            "minReadySeconds",
            "revisionHistoryLimit",
            "progressDeadlineSeconds",
            "paused",
            "podManagementPolicy",
            "volumeClaimTemplates",
            "persistentVolumeClaimRetentionPolicy",
            "ordinals",
            "parallelism",
            "completions",
            "backoffLimit",
            "activeDeadlineSeconds",
            "ttlSecondsAfterFinished",
            "completionMode",
            "suspend",
            "manualSelector",
            "podFailurePolicy",
            "backoffLimitPerIndex",
            "maxFailedIndexes",
            "podReplacementPolicy",
            "successPolicy",
            "managedBy",
        ],
    );
    let count_field = if matches!(kind, WorkloadKind::Job | WorkloadKind::CronJob) {
        "parallelism"
    } else {
        "replicas"
    };
    w.replicas = d.int(get(sf, count_field), &format!("{base}.{count_field}"));
    if let Some(sel) = get(sf, "selector") {
        if kind == WorkloadKind::ReplicationController {
            let map = d.string_map(Some(sel), &format!("{base}.selector"), true);
            w.selector = Some(LabelSelector {
                match_labels: map,
                match_expressions: Vec::new(),
            });
        } else {
            w.selector = Some(decode_label_selector(d, sel, &format!("{base}.selector")));
        }
    }
    w.service_name = d.string(get(sf, "serviceName"), &format!("{base}.serviceName"));
    let field = match kind {
        WorkloadKind::Deployment => "strategy",
        WorkloadKind::StatefulSet | WorkloadKind::DaemonSet => "updateStrategy",
        _ => "",
    };
    if let Some(node) = get(sf, field).filter(|_| !field.is_empty()) {
        w.strategy = decode_strategy(d, node, kind);
    }
    if kind == WorkloadKind::Deployment {
        w.paused = d.boolean(get(sf, "paused"), "spec.paused").unwrap_or(false);
    }
    if kind == WorkloadKind::StatefulSet {
        w.ordinals_start = decode_ordinals_start(d, get(sf, "ordinals"), &base);
    }
    if matches!(kind, WorkloadKind::Job | WorkloadKind::CronJob) {
        decode_job_spec(d, sf, &base, &mut w.job);
    }
    if let Some(t) = get(sf, "template") {
        let path = format!("{base}.template");
        let tf = d.fields(t, &path, &["metadata", "spec"]);
        w.template.meta = decode_meta(d, get(tf, "metadata"), false, &format!("{path}.metadata"));
        w.template.spec = decode_pod_spec(d, get(tf, "spec"), &format!("{path}.spec"));
        w.template.source_hash = t.content_hash();
    } else if kind != WorkloadKind::CronJob {
        d.error(
            DiagnosticCode::MissingField,
            format!("`{base}.template` is required"),
            spec,
        );
    }
    check_selector_matches_template(d, &w, get(sf, "selector"), &base);
    w
}

/// A StatefulSet's `spec.ordinals.start`: the ordinal of its first pod, a
/// number not below 0 (`ValidateStatefulSetSpec` in
/// `pkg/apis/apps/validation/validation.go`); 0 when absent.
fn decode_ordinals_start(d: &mut Decoder<'_>, node: Option<&Node>, base: &str) -> i64 {
    let Some(node) = node.filter(|n| !n.is_null()) else {
        return 0;
    };
    let path = format!("{base}.ordinals");
    let f = d.fields(node, &path, &["start"]);
    let start_node = get(f, "start");
    match d.int(start_node, &format!("{path}.start")) {
        Some(n) if n < 0 => {
            if let Some(sn) = start_node {
                d.error(
                    DiagnosticCode::InvalidValue,
                    format!("`{path}.start` must be greater than or equal to 0"),
                    sn,
                );
            }
            0
        }
        Some(n) => n,
        None => 0,
    }
}

/// The fields of a Job's spec (or a CronJob's `jobTemplate.spec`) that decide
/// which pods run: `completions`, `completionMode`, `manualSelector`,
/// `suspend`. `completionMode` is `NonIndexed` or `Indexed`, and an Indexed
/// Job needs `completions` (`validateJobSpec` in
/// `pkg/apis/batch/validation/validation.go`).
fn decode_job_spec(d: &mut Decoder<'_>, sf: &[(Node, Node)], base: &str, job: &mut JobSpec) {
    job.completions = d.int(get(sf, "completions"), &format!("{base}.completions"));
    job.manual_selector = d
        .boolean(get(sf, "manualSelector"), &format!("{base}.manualSelector"))
        .unwrap_or(false);
    job.suspend = d
        .boolean(get(sf, "suspend"), &format!("{base}.suspend"))
        .unwrap_or(false);
    let mode_node = get(sf, "completionMode");
    match d
        .string(mode_node, &format!("{base}.completionMode"))
        .as_deref()
    {
        None | Some("NonIndexed") => {}
        Some("Indexed") => {
            job.indexed = true;
            if job.completions.is_none() {
                if let Some(n) = mode_node {
                    d.error(
                        DiagnosticCode::MissingField,
                        format!(
                            "`{base}.completions` is required when `completionMode` is Indexed"
                        ),
                        n,
                    );
                }
            }
        }
        Some(other) => {
            if let Some(n) = mode_node {
                d.error(
                    DiagnosticCode::InvalidValue,
                    format!(
                        "`{base}.completionMode` must be NonIndexed or Indexed, not \"{other}\""
                    ),
                    n,
                );
            }
        }
    }
}

/// Decodes a Deployment's `spec.strategy` or a StatefulSet's or DaemonSet's
/// `spec.updateStrategy`, with apps/v1 validation: the type is
/// `RollingUpdate` or `Recreate` (Deployment) / `OnDelete` (the others), with
/// no `rollingUpdate` then; `maxSurge` and `maxUnavailable` are non-negative
/// numbers or percentages, not both zero, `maxUnavailable` at most 100%; a
/// StatefulSet's `partition` is not negative.
fn decode_strategy(d: &mut Decoder<'_>, node: &Node, kind: WorkloadKind) -> UpdateStrategy {
    let mut out = UpdateStrategy::default();
    let deployment = kind == WorkloadKind::Deployment;
    let (path, other) = if deployment {
        ("spec.strategy", "Recreate")
    } else {
        ("spec.updateStrategy", "OnDelete")
    };
    let f = d.fields(node, path, &["type", "rollingUpdate"]);
    if let Some(t) = get(f, "type") {
        match d.string(Some(t), &format!("{path}.type")).as_deref() {
            Some("RollingUpdate") | None => {}
            Some(x) if x == other => {
                out.recreate = deployment;
                out.on_delete = !deployment;
            }
            Some(x) => {
                d.error(
                    DiagnosticCode::InvalidValue,
                    format!("`{path}.type` must be RollingUpdate or {other}, not \"{x}\""),
                    t,
                );
            }
        }
    }
    let Some(ru) = get(f, "rollingUpdate").filter(|n| !n.is_null()) else {
        return out;
    };
    if out.recreate || out.on_delete {
        d.error(
            DiagnosticCode::InvalidValue,
            format!("`{path}.rollingUpdate` may not be specified when `type` is {other}"),
            ru,
        );
        return out;
    }
    let known: &[&str] = match kind {
        WorkloadKind::StatefulSet => &["partition", "maxUnavailable"],
        _ => &["maxSurge", "maxUnavailable"],
    };
    let rf = d.fields(ru, &format!("{path}.rollingUpdate"), known);
    if kind == WorkloadKind::StatefulSet {
        let partition = d.int(
            get(rf, "partition"),
            &format!("{path}.rollingUpdate.partition"),
        );
        match (partition, get(rf, "partition")) {
            (Some(p), Some(n)) if p < 0 => {
                d.error(
                    DiagnosticCode::InvalidValue,
                    format!("`{path}.rollingUpdate.partition` must be greater than or equal to 0"),
                    n,
                );
            }
            (Some(p), _) => out.partition = p,
            _ => {}
        }
    }
    out.max_surge = int_or_percent(d, get(rf, "maxSurge"), path, "maxSurge");
    out.max_unavailable = int_or_percent(d, get(rf, "maxUnavailable"), path, "maxUnavailable");
    // Both zero would never replace a pod (the defaults: 25%/25% for a
    // Deployment, maxUnavailable 1 for the others).
    let value = |v: Option<IntOrPercent>, default| match v {
        Some(IntOrPercent::Int(n) | IntOrPercent::Percent(n)) => n,
        None => default,
    };
    let (surge_default, unavailable_default) = if deployment { (25, 25) } else { (0, 1) };
    if let Some(node) = get(rf, "maxUnavailable").or(get(rf, "maxSurge")) {
        if kind != WorkloadKind::StatefulSet
            && value(out.max_surge, surge_default) == 0
            && value(out.max_unavailable, unavailable_default) == 0
        {
            d.error(
                DiagnosticCode::InvalidValue,
                "`maxUnavailable` may not be 0 when `maxSurge` is 0: the rollout could never replace a pod".into(),
                node,
            );
            out.max_surge = None;
            out.max_unavailable = None;
        }
    }
    out
}

/// A `maxSurge`/`maxUnavailable` value: a non-negative integer or a `N%` string.
fn int_or_percent(
    d: &mut Decoder<'_>,
    node: Option<&Node>,
    base: &str,
    name: &str,
) -> Option<IntOrPercent> {
    let node = node?;
    let path = format!("{base}.rollingUpdate.{name}");
    let v = match d.int_or_string(Some(node), &path)? {
        IntOrString::Int(n) => IntOrPercent::Int(n),
        IntOrString::Str(s) => match s
            .strip_suffix('%')
            .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|n| n.parse::<i64>().ok())
        {
            Some(p) => IntOrPercent::Percent(p),
            None => {
                d.error(
                    DiagnosticCode::InvalidValue,
                    format!(
                        "`{path}` must be an integer or a percentage (e.g. '25%'), not \"{s}\""
                    ),
                    node,
                );
                return None;
            }
        },
    };
    let bad = match v {
        IntOrPercent::Int(n) if n < 0 => Some("must be greater than or equal to 0"),
        IntOrPercent::Percent(p) if name == "maxUnavailable" && p > 100 => {
            Some("must not be greater than 100%")
        }
        _ => None,
    };
    if let Some(why) = bad {
        d.error(
            DiagnosticCode::InvalidValue,
            format!("`{path}` {why}"),
            node,
        );
        return None;
    }
    Some(v)
}

/// The API server rejects a workload whose selector does not select its own
/// pod template's labels ("selector does not match template labels"); apps/v1
/// workloads must also have a selector. Jobs generate theirs.
fn check_selector_matches_template(
    d: &mut Decoder<'_>,
    w: &Workload,
    sel_node: Option<&Node>,
    base: &str,
) {
    if matches!(w.kind, WorkloadKind::Job | WorkloadKind::CronJob) {
        return;
    }
    let Some(sel_node) = sel_node else {
        if w.kind != WorkloadKind::ReplicationController {
            d.diags.push(
                Diagnostic::new(
                    Severity::Error,
                    DiagnosticCode::MissingField,
                    format!("`{base}.selector` is required for a {}", w.kind.as_str()),
                    w.meta.name_span,
                )
                .with_object(d.object.clone())
                .with_help("add `selector: {matchLabels: ...}` with the labels of `spec.template.metadata.labels`"),
            );
        }
        return;
    };
    match LabelSelector::to_selector(w.selector.as_ref()) {
        Err(e) => {
            d.error(
                DiagnosticCode::SelectorSyntax,
                format!("invalid `{base}.selector`: {e}"),
                sel_node,
            );
        }
        Ok(sel) if !sel.is_everything() && !sel.matches(&w.template.meta.labels) => {
            d.error(
                DiagnosticCode::TemplateMismatch,
                format!(
                    "`{base}.selector` ({sel}) does not match `{base}.template.metadata.labels`: the API server rejects this {}",
                    w.kind.as_str()
                ),
                sel_node,
            )
            .help = Some("the selector must select the pods this workload creates; copy the template's labels into `matchLabels`".into());
        }
        Ok(_) => {}
    }
}

fn decode_target_ref(d: &mut Decoder<'_>, node: Option<&Node>, path: &str) -> Option<TargetRef> {
    let node = node.filter(|n| !n.is_null())?;
    let f = d.fields(
        node,
        path,
        &[
            "kind",
            "namespace",
            "name",
            "uid",
            "apiVersion",
            "resourceVersion",
            "fieldPath",
        ],
    );
    Some(TargetRef {
        kind: d
            .string(get(f, "kind"), &format!("{path}.kind"))
            .unwrap_or_default(),
        namespace: d
            .string(get(f, "namespace"), &format!("{path}.namespace"))
            .unwrap_or_default(),
        name: d
            .string(get(f, "name"), &format!("{path}.name"))
            .unwrap_or_default(),
        uid: d
            .string(get(f, "uid"), &format!("{path}.uid"))
            .unwrap_or_default(),
    })
}

fn decode_endpoint_ports(
    d: &mut Decoder<'_>,
    node: Option<&Node>,
    path: &str,
) -> Vec<EndpointPort> {
    let mut out = Vec::new();
    for (i, p) in d.list(node, path).iter().enumerate() {
        let pp = format!("{path}[{i}]");
        let f = d.fields(p, &pp, &["name", "port", "protocol", "appProtocol"]);
        let Some(port) = d.int(get(f, "port"), &format!("{pp}.port")) else {
            continue;
        };
        out.push(EndpointPort {
            name: d
                .string(get(f, "name"), &format!("{pp}.name"))
                .unwrap_or_default(),
            port,
            protocol: d
                .string(get(f, "protocol"), &format!("{pp}.protocol"))
                .unwrap_or_else(|| "TCP".into()),
            app_protocol: d.string(get(f, "appProtocol"), &format!("{pp}.appProtocol")),
        });
    }
    out
}

/// Decodes a v1 Endpoints object written by hand (for selector-less Services, rule K6).
pub fn decode_endpoints(d: &mut Decoder<'_>, f: &[(Node, Node)], meta: &ObjectMeta) -> Endpoints {
    let mut ep = Endpoints {
        name: meta.name.clone(),
        namespace: meta.namespace.clone(),
        labels: meta.labels.clone(),
        annotations: meta.annotations.clone(),
        subsets: Vec::new(),
    };
    for (i, s) in d.list(get(f, "subsets"), "subsets").iter().enumerate() {
        let sp = format!("subsets[{i}]");
        let sf = d.fields(s, &sp, &["addresses", "notReadyAddresses", "ports"]);
        let mut subset = EndpointSubset {
            ports: decode_endpoint_ports(d, get(sf, "ports"), &format!("{sp}.ports")),
            ..EndpointSubset::default()
        };
        for (field, ready) in [("addresses", true), ("notReadyAddresses", false)] {
            for (j, a) in d
                .list(get(sf, field), &format!("{sp}.{field}"))
                .iter()
                .enumerate()
            {
                let ap = format!("{sp}.{field}[{j}]");
                let af = d.fields(a, &ap, &["ip", "hostname", "nodeName", "targetRef"]);
                let Some(ip) = d.string(get(af, "ip"), &format!("{ap}.ip")) else {
                    d.error(
                        DiagnosticCode::MissingField,
                        format!("`{ap}.ip` is required"),
                        a,
                    );
                    continue;
                };
                let addr = EndpointAddress {
                    ip,
                    hostname: d.string(get(af, "hostname"), &format!("{ap}.hostname")),
                    node_name: d.string(get(af, "nodeName"), &format!("{ap}.nodeName")),
                    target_ref: decode_target_ref(
                        d,
                        get(af, "targetRef"),
                        &format!("{ap}.targetRef"),
                    ),
                };
                if ready {
                    subset.addresses.push(addr);
                } else {
                    subset.not_ready_addresses.push(addr);
                }
            }
        }
        ep.subsets.push(subset);
    }
    ep
}

/// Decodes an EndpointSlice written by hand.
pub fn decode_endpoint_slice(
    d: &mut Decoder<'_>,
    node: &Node,
    f: &[(Node, Node)],
    meta: &ObjectMeta,
) -> EndpointSlice {
    let mut slice = EndpointSlice {
        name: meta.name.clone(),
        namespace: meta.namespace.clone(),
        labels: meta.labels.clone(),
        annotations: meta.annotations.clone(),
        address_type: d
            .string(get(f, "addressType"), "addressType")
            .unwrap_or_default(),
        endpoints: Vec::new(),
        ports: decode_endpoint_ports(d, get(f, "ports"), "ports"),
        from_input: true,
    };
    if get(f, "addressType").is_none() {
        d.error(
            DiagnosticCode::MissingField,
            "an EndpointSlice needs `addressType` (IPv4, IPv6 or FQDN)".into(),
            node,
        );
    }
    for (i, e) in d.list(get(f, "endpoints"), "endpoints").iter().enumerate() {
        let ep = format!("endpoints[{i}]");
        let ef = d.fields(
            e,
            &ep,
            &[
                "addresses",
                "conditions",
                "hostname",
                "targetRef",
                "nodeName",
                "zone",
                "hints",
                "deprecatedTopology",
            ],
        );
        let mut cond = EndpointConditions {
            ready: true,
            serving: true,
            terminating: false,
        };
        if let Some(c) = get(ef, "conditions") {
            let cf = d.fields(
                c,
                &format!("{ep}.conditions"),
                &["ready", "serving", "terminating"],
            );
            // An unset condition means unknown; consumers treat ready/serving as true.
            cond.ready = d
                .boolean(get(cf, "ready"), &format!("{ep}.conditions.ready"))
                .unwrap_or(true);
            cond.serving = d
                .boolean(get(cf, "serving"), &format!("{ep}.conditions.serving"))
                .unwrap_or(true);
            cond.terminating = d
                .boolean(
                    get(cf, "terminating"),
                    &format!("{ep}.conditions.terminating"),
                )
                .unwrap_or(false);
        }
        slice.endpoints.push(SliceEndpoint {
            addresses: d.strings(get(ef, "addresses"), &format!("{ep}.addresses")),
            conditions: cond,
            hostname: d.string(get(ef, "hostname"), &format!("{ep}.hostname")),
            target_ref: decode_target_ref(d, get(ef, "targetRef"), &format!("{ep}.targetRef")),
            node_name: d.string(get(ef, "nodeName"), &format!("{ep}.nodeName")),
        });
    }
    slice
}
