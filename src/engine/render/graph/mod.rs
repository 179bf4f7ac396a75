//! The Service → port → Pod graph and its layered layout, in abstract units
//! (no pixels, no DOM). Services sit in the left column with their ports
//! beside them, pods in the right column grouped by namespace and owning
//! workload, everything sorted by name so nodes stay put while unrelated text
//! changes. A workload with more pods than [`LayoutOptions::collapse_over`]
//! is drawn as one node with a count, unless expanded.

use crate::engine::analysis::Analysis;
use crate::engine::controllers::resolve::EndpointState;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Width of a Service or pod node.
pub const NODE_W: f64 = 250.0;
/// Height of a pod node.
pub const POD_H: f64 = 40.0;
/// Width of a port chip.
pub const PORT_W: f64 = 120.0;
/// Height of a port chip.
pub const PORT_H: f64 = 22.0;
/// Vertical gap between nodes.
pub const GAP: f64 = 12.0;
/// Horizontal distance between the port chips and the pod column.
pub const COLUMN_GAP: f64 = 150.0;
/// Height of a namespace header.
pub const HEADER_H: f64 = 32.0;
/// Height of a workload group header.
pub const GROUP_H: f64 = 18.0;

/// What a node stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NodeKind {
    /// A Service.
    Service,
    /// A Pod.
    Pod,
    /// The collapsed pods of one workload.
    PodGroup,
    /// A port of a Service.
    Port,
    /// An address behind a selector-less Service that is not a pod of the
    /// input (read from its EndpointSlices).
    Address,
}

impl NodeKind {
    /// Name used in `data-kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Service => "service",
            NodeKind::Pod => "pod",
            NodeKind::PodGroup => "pod-group",
            NodeKind::Port => "port",
            NodeKind::Address => "address",
        }
    }
}

/// A positioned node.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LayoutNode {
    /// What it stands for.
    pub kind: NodeKind,
    /// `namespace/name` (for ports: `namespace/service:port`; for groups: `namespace/kind/name`).
    pub name: String,
    /// Main label.
    pub label: String,
    /// Lines under the label.
    pub details: Vec<String>,
    /// Hover text: labels, IPs, ports, what is simulated.
    pub tooltip: String,
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
    /// Whether something about it is simulated.
    pub simulated: bool,
    /// For pods: indices into [`Analysis::pods`]; for Services: the index into [`Analysis::services`].
    pub refs: Vec<usize>,
}

/// A positioned edge from a Service to a selected pod (or pod group).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LayoutEdge {
    /// `namespace/service`.
    pub from: String,
    /// `namespace/pod` (or the group's name).
    pub to: String,
    /// The endpoint state.
    pub state: EndpointState,
    /// Why (shown on hover).
    pub reason: String,
    /// Resolved target ports, e.g. `:8080`.
    pub label: String,
    /// How many pods the edge stands for (more than 1 for a collapsed group).
    pub count: usize,
    /// Start point.
    pub x1: f64,
    /// Start point.
    pub y1: f64,
    /// End point.
    pub x2: f64,
    /// End point.
    pub y2: f64,
}

/// An edge's label: the target ports its endpoint resolves to, `:8080 :8443`.
fn target_label(ports: &[crate::engine::controllers::resolve::ResolvedPort]) -> String {
    ports
        .iter()
        .filter_map(|p| p.target)
        .map(|t| format!(":{t}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A labelled box: a namespace band or a workload group.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LayoutGroup {
    /// The text shown.
    pub label: String,
    /// `namespace` or `workload`.
    pub kind: &'static str,
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

/// The whole laid-out graph.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct GraphLayout {
    /// Namespace bands and workload groups (drawn first).
    pub groups: Vec<LayoutGroup>,
    /// Edges (drawn before nodes).
    pub edges: Vec<LayoutEdge>,
    /// Nodes: Services, ports, pods and pod groups.
    pub nodes: Vec<LayoutNode>,
    /// Total width.
    pub width: f64,
    /// Total height.
    pub height: f64,
    /// (Service, pod) edges left out past [`MAX_EDGES`].
    pub hidden_edges: usize,
    /// Services left out past [`MAX_SERVICES`] (with their edges).
    pub hidden_services: usize,
}

/// Most Services drawn (each with its port chips): past it, the graph would
/// take seconds to draw, and no one reads thousands of boxes.
pub const MAX_SERVICES: usize = 500;

/// Most (Service, pod) edges drawn: thousands of Services selecting the same
/// thousands of pods would be millions of SVG paths. Past it, edges are
/// counted in [`GraphLayout::hidden_edges`] instead (the panels list them all).
pub const MAX_EDGES: usize = 2000;

/// Most Services without a ready endpoint whose near misses are looked for.
pub const MAX_NEAR_MISS_SERVICES: usize = 50;

/// Layout choices the view controls.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayoutOptions {
    /// Workloads with more pods than this are collapsed into one node.
    pub collapse_over: usize,
    /// Most pods drawn one by one: past it, the largest workloads are
    /// collapsed too, so that a huge manifest stays quick to draw.
    pub max_pods: usize,
    /// Workloads (`namespace/kind/name`) the user expanded anyway.
    pub expanded: BTreeSet<String>,
}

impl Default for LayoutOptions {
    fn default() -> LayoutOptions {
        LayoutOptions {
            collapse_over: 60,
            max_pods: 300,
            expanded: BTreeSet::new(),
        }
    }
}

/// Lays out with the default options.
pub fn layout(a: &Analysis) -> GraphLayout {
    layout_with(a, &LayoutOptions::default())
}

/// Where a pod's edges end: node name, point, and whether it is a collapsed group.
type Anchor = (String, f64, f64, bool);

fn service_details(a: &Analysis, i: usize) -> (Vec<String>, String, bool) {
    let s = &a.services[i];
    let svc = &s.service;
    let net = &s.network;
    let mut lines = Vec::new();
    let kind = if svc.is_headless() {
        "Headless".to_string()
    } else {
        svc.service_type.as_str().to_string()
    };
    match svc.service_type {
        crate::engine::model::ServiceType::ExternalName => {
            lines.push(format!(
                "ExternalName → {}",
                svc.external_name.as_deref().unwrap_or("?")
            ));
        }
        _ => {
            let ip = net
                .cluster_ips
                .first()
                .cloned()
                .unwrap_or_else(|| "no cluster IP".into());
            let sim = if net.cluster_ip_simulated { "*" } else { "" };
            lines.push(format!("{kind} · {ip}{sim}"));
            if let Some(np) = net.node_ports.iter().flatten().next() {
                lines.push(format!("nodes :{np}"));
            }
            if let Some(lb) = &net.load_balancer_ip {
                lines.push(format!("LB {lb}*"));
            }
        }
    }
    let states = s
        .backends
        .iter()
        .map(|b| b.state)
        .chain(s.external.iter().map(|b| b.state));
    let ready = states
        .clone()
        .filter(|st| *st == EndpointState::Ready)
        .count();
    lines.push(format!("{ready}/{} ready", states.count()));
    let mut tip = format!("Service {}/{}\n", svc.meta.namespace, svc.meta.name);
    match &svc.selector {
        Some(sel) => tip.push_str(&format!(
            "selector: {}\n",
            crate::engine::labels::Selector::from_map(sel)
        )),
        None => tip.push_str("selector: <none>\n"),
    }
    for addr in &net.addresses {
        let sim = if addr.simulated { " (simulated)" } else { "" };
        tip.push_str(&format!(
            "{}: {}{sim} → {}\n",
            addr.kind, addr.address, addr.leads_to
        ));
    }
    (lines, tip.trim_end().to_string(), net.cluster_ip_simulated)
}

fn pod_details(a: &Analysis, i: usize) -> (Vec<String>, String) {
    let sim = &a.pods[i];
    let pod = &sim.pod;
    let status = pod.status.as_ref();
    let ip = status
        .and_then(|s| s.pod_ips.first())
        .cloned()
        .unwrap_or_else(|| "no IP".into());
    let phase = status
        .and_then(|s| s.phase.clone())
        .unwrap_or_else(|| "Unknown".into());
    let mut line = format!("{ip} · {phase}");
    if pod.meta.deletion_timestamp.is_some() {
        line = format!("{ip} · Terminating");
    }
    if sim.simulated_status {
        line.push('*');
    }
    let mut tip = format!("Pod {}/{}\n", pod.meta.namespace, pod.meta.name);
    let labels: Vec<String> = pod
        .meta
        .labels
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    tip.push_str(&format!(
        "labels: {}\n",
        if labels.is_empty() {
            "<none>".into()
        } else {
            labels.join(", ")
        }
    ));
    if let Some(st) = status {
        tip.push_str(&format!("IPs: {}\n", st.pod_ips.join(", ")));
        tip.push_str(&format!(
            "ready: {}\n",
            match st.ready {
                Some(true) => "True",
                Some(false) => "False",
                None => "no condition",
            }
        ));
    }
    if let Some(n) = &pod.spec.node_name {
        tip.push_str(&format!("node: {n}\n"));
    }
    let ports: Vec<String> = pod
        .spec
        .containers
        .iter()
        .flat_map(|c| &c.ports)
        .map(|p| match &p.name {
            Some(n) => format!("{n}={}/{}", p.container_port, p.protocol),
            None => format!("{}/{}", p.container_port, p.protocol),
        })
        .collect();
    if !ports.is_empty() {
        tip.push_str(&format!("ports: {}\n", ports.join(", ")));
    }
    if let Some(o) = &pod.owner {
        tip.push_str(&format!("created by {} {}\n", o.kind, o.name));
    }
    if sim.simulated_status {
        tip.push_str("* status and IP simulated (the input has no status)\n");
    }
    (vec![line], tip.trim_end().to_string())
}

/// Lays out the Services, their ports and the pods of an analysis.
pub fn layout_with(a: &Analysis, opts: &LayoutOptions) -> GraphLayout {
    let mut out = GraphLayout::default();
    let mut namespaces: BTreeMap<&str, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
    // The external addresses of each namespace's Services, by address.
    let mut addresses: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (i, s) in a.services.iter().enumerate() {
        namespaces
            .entry(&s.service.meta.namespace)
            .or_default()
            .0
            .push(i);
        for b in &s.external {
            addresses
                .entry(&s.service.meta.namespace)
                .or_default()
                .insert(&b.address);
        }
    }
    for (i, p) in a.pods.iter().enumerate() {
        namespaces
            .entry(&p.pod.meta.namespace)
            .or_default()
            .1
            .push(i);
    }
    let collapsed = collapsed_workloads(a, opts);
    let port_x = GAP + NODE_W + 10.0;
    let pod_x = port_x + PORT_W + COLUMN_GAP;
    let width = pod_x + NODE_W + 2.0 * GAP;
    let mut y = 0.0;
    // pod index -> its node: (name, anchor point, whether it is a collapsed group)
    let mut pod_anchor: BTreeMap<usize, Anchor> = BTreeMap::new();
    let mut svc_anchor: BTreeMap<usize, (f64, f64)> = BTreeMap::new();
    // (namespace, address) -> its node's name and anchor point.
    let mut address_anchor: BTreeMap<(&str, &str), (String, f64, f64)> = BTreeMap::new();
    for (ns, (mut svcs, mut pods)) in namespaces {
        let top = y;
        y += HEADER_H;
        crate::engine::base::order::sort_by(&mut svcs, |&p, &q| {
            a.services[p]
                .service
                .meta
                .name
                .cmp(&a.services[q].service.meta.name)
        });
        crate::engine::base::order::sort_by(&mut pods, |&p, &q| {
            let key = |i: usize| {
                let pod = &a.pods[i].pod;
                (
                    pod.owner
                        .as_ref()
                        .map(|o| (o.kind.as_str(), o.name.as_str())),
                    pod.meta.name.as_str(),
                )
            };
            key(p).cmp(&key(q))
        });
        // Services and their port chips.
        let mut sy = y;
        for &i in &svcs {
            if svc_anchor.len() >= MAX_SERVICES {
                out.hidden_services += 1;
                continue;
            }
            let s = &a.services[i];
            let (details, tooltip, simulated) = service_details(a, i);
            let ports = &s.service.ports;
            let h =
                (22.0 + 15.0 * details.len() as f64).max(ports.len() as f64 * (PORT_H + 4.0) + 4.0);
            let name = format!("{ns}/{}", s.service.meta.name);
            out.nodes.push(LayoutNode {
                kind: NodeKind::Service,
                name: name.clone(),
                label: s.service.meta.name.clone(),
                details,
                tooltip,
                x: GAP,
                y: sy,
                w: NODE_W,
                h,
                simulated,
                refs: vec![i],
            });
            for (k, p) in ports.iter().enumerate() {
                let label = format!("{}/{} → {}", p.port, p.protocol, p.target_port);
                out.nodes.push(LayoutNode {
                    kind: NodeKind::Port,
                    name: format!("{name}:{}", p.port),
                    label,
                    details: Vec::new(),
                    tooltip: format!(
                        "port {}{}/{} → targetPort {}",
                        if p.name.is_empty() {
                            String::new()
                        } else {
                            format!("\u{201c}{}\u{201d} ", p.name)
                        },
                        p.port,
                        p.protocol,
                        p.target_port
                    ),
                    x: port_x,
                    y: sy + 4.0 + k as f64 * (PORT_H + 4.0),
                    w: PORT_W,
                    h: PORT_H,
                    simulated: false,
                    refs: vec![i],
                });
            }
            let anchor_x = if ports.is_empty() {
                GAP + NODE_W
            } else {
                port_x + PORT_W
            };
            svc_anchor.insert(i, (anchor_x, sy + h / 2.0));
            sy += h + GAP;
        }
        // Pods, grouped by owner; big groups collapsed.
        let mut py = y;
        let mut k = 0;
        while k < pods.len() {
            let owner = a.pods[pods[k]].pod.owner.clone();
            let mut end = k + 1;
            while end < pods.len() && a.pods[pods[end]].pod.owner == owner {
                end += 1;
            }
            let run = &pods[k..end];
            match &owner {
                Some(o) => {
                    let group = format!("{ns}/{}/{}", o.kind.to_ascii_lowercase(), o.name);
                    let label = format!(
                        "{}/{} · {} pods",
                        o.kind.to_ascii_lowercase(),
                        o.name,
                        run.len()
                    );
                    py += GROUP_H;
                    let start = py;
                    if collapsed.contains(&group) {
                        let (label, tooltip) = (
                            format!("{} × {}", o.name, run.len()),
                            format!("{} pods of {} {}", run.len(), o.kind, o.name),
                        );
                        py = place_group(
                            group,
                            label,
                            tooltip,
                            run,
                            (pod_x, py),
                            &mut out,
                            &mut pod_anchor,
                        );
                    } else {
                        for &i in run {
                            py = place_pod(a, i, ns, pod_x, py, &mut out, &mut pod_anchor);
                        }
                    }
                    out.groups.push(LayoutGroup {
                        label,
                        kind: "workload",
                        x: pod_x - 6.0,
                        y: start - GROUP_H,
                        w: NODE_W + 12.0,
                        h: py - GAP + 6.0 - (start - GROUP_H),
                    });
                }
                None if collapsed.contains(&standalone_group(ns)) => {
                    let (label, tooltip) = (
                        format!("{} pods", run.len()),
                        format!("{} pods that no workload owns", run.len()),
                    );
                    py = place_group(
                        standalone_group(ns),
                        label,
                        tooltip,
                        run,
                        (pod_x, py),
                        &mut out,
                        &mut pod_anchor,
                    );
                }
                None => {
                    for &i in run {
                        py = place_pod(a, i, ns, pod_x, py, &mut out, &mut pod_anchor);
                    }
                }
            }
            k = end;
        }
        for ip in addresses.get(ns).into_iter().flatten() {
            let name = address_node_name(ns, ip);
            out.nodes.push(address_node(a, ns, ip, &name, pod_x, py));
            address_anchor.insert((ns, ip), (name, pod_x, py + POD_H / 2.0));
            py += POD_H + GAP;
        }
        y = sy.max(py) + GAP;
        out.groups.push(LayoutGroup {
            label: format!("namespace {ns}"),
            kind: "namespace",
            x: 0.0,
            y: top,
            w: width,
            h: y - top,
        });
        y += GAP;
    }
    // Edges: one per (Service, pod); pods of a collapsed group share one edge per state.
    for (i, s) in a.services.iter().enumerate() {
        let Some(&(x1, y1)) = svc_anchor.get(&i) else {
            continue;
        };
        let from = format!("{}/{}", s.service.meta.namespace, s.service.meta.name);
        let mut grouped: BTreeMap<(String, EndpointState), (usize, f64, f64)> = BTreeMap::new();
        for b in &s.backends {
            let Some((to, x2, y2, is_group)) = pod_anchor.get(&b.pod) else {
                continue;
            };
            if *is_group {
                let e = grouped
                    .entry((to.clone(), b.state))
                    .or_insert((0, *x2, *y2));
                e.0 += 1;
                continue;
            }
            if out.edges.len() >= MAX_EDGES {
                out.hidden_edges += 1;
                continue;
            }
            out.edges.push(LayoutEdge {
                from: from.clone(),
                to: to.clone(),
                state: b.state,
                reason: b.reason.to_string(),
                label: target_label(&b.ports),
                count: 1,
                x1,
                y1,
                x2: *x2,
                y2: *y2,
            });
        }
        for b in &s.external {
            let Some((to, x2, y2)) =
                address_anchor.get(&(s.service.meta.namespace.as_str(), b.address.as_str()))
            else {
                continue;
            };
            if out.edges.len() >= MAX_EDGES {
                out.hidden_edges += 1;
                continue;
            }
            out.edges.push(LayoutEdge {
                from: from.clone(),
                to: to.clone(),
                state: b.state,
                reason: b.reason.to_string(),
                label: target_label(&b.ports),
                count: 1,
                x1,
                y1,
                x2: *x2,
                y2: *y2,
            });
        }
        for ((to, state), (count, x2, y2)) in grouped {
            out.edges.push(LayoutEdge {
                from: from.clone(),
                to,
                state,
                reason: format!("{count} pods {}", state.as_str()),
                label: format!("×{count}"),
                count,
                x1,
                y1,
                x2,
                y2,
            });
        }
    }
    near_miss_edges(a, &svc_anchor, &pod_anchor, &mut out);
    crate::engine::base::order::sort_by_key(&mut out.groups, |g| g.kind != "namespace");
    out.width = width;
    out.height = y.max(1.0);
    out
}

/// Most near-miss edges drawn per Service.
pub const MAX_NEAR_MISS_EDGES: usize = 3;

/// For each Service without a ready endpoint, dotted edges to the pods of its
/// namespace it nearly selects (at most [`MAX_NEAR_MISS_EDGES`], nearest
/// first), each saying which keys fail.
fn near_miss_edges(
    a: &Analysis,
    svc_anchor: &BTreeMap<usize, (f64, f64)>,
    pod_anchor: &BTreeMap<usize, Anchor>,
    out: &mut GraphLayout,
) {
    let without_pods = a.services.iter().enumerate().filter(|(_, s)| {
        s.service.selector.is_some() && !crate::engine::scenarios::explain::has_ready_endpoints(s)
    });
    for (i, s) in without_pods.take(MAX_NEAR_MISS_SERVICES) {
        let Some(&(x1, y1)) = svc_anchor.get(&i) else {
            continue;
        };
        let e = crate::engine::scenarios::explain::explain(a, s);
        let mut drawn = BTreeSet::new();
        for m in e.near_misses.iter().filter(|m| m.other_namespace.is_none()) {
            let Some((to, x2, y2, _)) = pod_anchor.get(&m.pod) else {
                continue;
            };
            if drawn.len() == MAX_NEAR_MISS_EDGES || !drawn.insert(to.clone()) {
                continue;
            }
            out.edges.push(LayoutEdge {
                from: format!("{}/{}", s.service.meta.namespace, s.service.meta.name),
                to: to.clone(),
                state: EndpointState::NearMiss,
                reason: format!("not selected, nearly: {}", m.failing_keys()),
                label: "near miss".into(),
                count: 1,
                x1,
                y1,
                x2: *x2,
                y2: *y2,
            });
        }
    }
}

/// The workloads (`namespace/kind/name`) drawn as one node: those over
/// `collapse_over` pods, then the largest others until at most `max_pods`
/// pods are drawn one by one — never one the user expanded.
/// Draws the pods `run` as one collapsed node named `group` at `(x, y)`;
/// returns the next free y.
fn place_group(
    group: String,
    label: String,
    tooltip: String,
    run: &[usize],
    (x, y): (f64, f64),
    out: &mut GraphLayout,
    pod_anchor: &mut BTreeMap<usize, Anchor>,
) -> f64 {
    for &i in run {
        pod_anchor.insert(i, (group.clone(), x, y + POD_H / 2.0, true));
    }
    out.nodes.push(LayoutNode {
        kind: NodeKind::PodGroup,
        name: group,
        label,
        details: vec!["collapsed · click to expand".into()],
        tooltip: format!("{tooltip} (collapsed)"),
        x,
        y,
        w: NODE_W,
        h: POD_H,
        simulated: true,
        refs: run.to_vec(),
    });
    y + POD_H + GAP
}

/// The group name ending of a namespace's pods that no workload owns.
const STANDALONE: &str = "//standalone";

/// The group of a namespace's standalone pods (`<ns>//standalone`).
fn standalone_group(ns: &str) -> String {
    format!("{ns}{STANDALONE}")
}

fn collapsed_workloads(a: &Analysis, opts: &LayoutOptions) -> BTreeSet<String> {
    let mut sizes: BTreeMap<String, usize> = BTreeMap::new();
    let mut drawn = 0;
    for p in &a.pods {
        match &p.pod.owner {
            Some(o) => {
                *sizes
                    .entry(format!(
                        "{}/{}/{}",
                        p.pod.meta.namespace,
                        o.kind.to_ascii_lowercase(),
                        o.name
                    ))
                    .or_default() += 1
            }
            None => {
                *sizes
                    .entry(standalone_group(&p.pod.meta.namespace))
                    .or_default() += 1
            }
        }
    }
    let mut out = BTreeSet::new();
    // A namespace's standalone pods collapse only past `max_pods` (pods are
    // usually few and each one matters).
    sizes.retain(|name, n| {
        if name.ends_with(STANDALONE) && !opts.expanded.contains(name) {
            if *n > opts.max_pods {
                out.insert(name.clone());
            } else {
                drawn += *n;
            }
            return false;
        }
        true
    });
    let mut open: Vec<(usize, String)> = Vec::new();
    for (name, n) in sizes {
        if opts.expanded.contains(&name) {
            drawn += n;
        } else if n > opts.collapse_over {
            out.insert(name);
        } else {
            drawn += n;
            open.push((n, name));
        }
    }
    // Largest first; ties by name, so the choice is stable.
    crate::engine::base::order::sort_by(&mut open, |x, y| {
        y.0.cmp(&x.0).then_with(|| x.1.cmp(&y.1))
    });
    for (n, name) in open {
        if drawn <= opts.max_pods {
            break;
        }
        if n > 1 {
            drawn -= n;
            out.insert(name);
        }
    }
    out
}

/// The node name of an external address: `namespace/address:<ip>` (an IP is
/// also a valid pod name, so the `address:` keeps the two apart).
pub fn address_node_name(ns: &str, ip: &str) -> String {
    format!("{ns}/address:{ip}")
}

/// The node of an external address of a namespace's Services.
fn address_node(a: &Analysis, ns: &str, ip: &str, name: &str, x: f64, y: f64) -> LayoutNode {
    let mut tip = format!("Address {ip}\nnot a pod of the input: read from EndpointSlices\n");
    for s in a.services.iter().filter(|s| s.service.meta.namespace == ns) {
        for b in s.external.iter().filter(|b| b.address == ip) {
            tip.push_str(&format!(
                "Service {}: {} ({})\n",
                s.service.meta.name,
                b.state.as_str(),
                b.slice
            ));
        }
    }
    LayoutNode {
        kind: NodeKind::Address,
        name: name.to_string(),
        label: ip.to_string(),
        details: vec!["external address".into()],
        tooltip: tip.trim_end().to_string(),
        x,
        y,
        w: NODE_W,
        h: POD_H,
        simulated: false,
        refs: Vec::new(),
    }
}

fn place_pod(
    a: &Analysis,
    i: usize,
    ns: &str,
    x: f64,
    y: f64,
    out: &mut GraphLayout,
    anchors: &mut BTreeMap<usize, Anchor>,
) -> f64 {
    let sim = &a.pods[i];
    let (details, tooltip) = pod_details(a, i);
    let name = format!("{ns}/{}", sim.pod.meta.name);
    out.nodes.push(LayoutNode {
        kind: NodeKind::Pod,
        name: name.clone(),
        label: sim.pod.meta.name.clone(),
        details,
        tooltip,
        x,
        y,
        w: NODE_W,
        h: POD_H,
        simulated: sim.simulated_status,
        refs: vec![i],
    });
    anchors.insert(i, (name, x, y + POD_H / 2.0, false));
    y + POD_H + GAP
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::analysis::analyze;

    const TEXT: &str = "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {selector: {app: web}, ports: [{port: 80}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: web-1, labels: {app: web}}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: other}\n";

    #[test]
    fn edges_connect_services_to_selected_pods() {
        let g = layout(&analyze(TEXT));
        let kinds: Vec<&str> = g.nodes.iter().map(|n| n.kind.as_str()).collect();
        assert_eq!(kinds.iter().filter(|k| **k == "pod").count(), 2);
        assert_eq!(kinds.iter().filter(|k| **k == "port").count(), 1);
        assert_eq!(g.edges.len(), 1);
        assert_eq!(g.edges[0].from, "default/web");
        assert_eq!(g.edges[0].to, "default/web-1");
        assert_eq!(g.edges[0].state, EndpointState::Ready);
        assert_eq!(g.edges[0].label, ":80");
        let port = g.nodes.iter().find(|n| n.kind == NodeKind::Port).unwrap();
        assert!(g.edges[0].x1 >= port.x + port.w - 0.5);
    }

    #[test]
    fn services_without_pods_point_at_their_near_misses() {
        let g = layout(&analyze(include_str!(
            "../../ui/examples/broken-routing.yaml"
        )));
        let near: Vec<(&str, &str)> = g
            .edges
            .iter()
            .filter(|e| e.state == EndpointState::NearMiss)
            .map(|e| (e.from.as_str(), e.reason.as_str()))
            .collect();
        assert_eq!(near.len(), 2, "{near:?}");
        assert!(near.iter().all(|(from, why)| *from == "default/checkout"
            && why.contains("app wants `chekout`, pod has `checkout`")));
    }

    #[test]
    fn layout_is_stable_when_an_unrelated_line_changes() {
        let a = layout(&analyze(TEXT));
        let b = layout(&analyze(&TEXT.replace("name: other", "name: other2")));
        let pos = |g: &GraphLayout, name: &str| {
            g.nodes.iter().find(|n| n.name == name).map(|n| (n.x, n.y))
        };
        assert_eq!(pos(&a, "default/web"), pos(&b, "default/web"));
        assert_eq!(pos(&a, "default/web-1"), pos(&b, "default/web-1"));
    }

    #[test]
    fn big_workloads_collapse_and_expand() {
        let text = format!("{TEXT}---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: big}}\nspec:\n  replicas: 70\n  selector: {{matchLabels: {{app: web}}}}\n  template:\n    metadata: {{labels: {{app: web}}}}\n    spec: {{containers: [{{name: c}}]}}\n");
        let a = analyze(&text);
        let g = layout(&a);
        let group = g
            .nodes
            .iter()
            .find(|n| n.kind == NodeKind::PodGroup)
            .expect("collapsed");
        assert_eq!(group.name, "default/deployment/big");
        assert_eq!(group.refs.len(), 70);
        let e = g.edges.iter().find(|e| e.to == group.name).unwrap();
        assert_eq!((e.count, e.state), (70, EndpointState::Ready));
        let mut opts = LayoutOptions::default();
        opts.expanded.insert(group.name.clone());
        let g = layout_with(&a, &opts);
        assert_eq!(
            g.nodes.iter().filter(|n| n.kind == NodeKind::Pod).count(),
            72
        );
        assert_eq!(g.edges.len(), 71);
    }

    #[test]
    fn huge_manifests_are_drawn_within_a_pod_budget() {
        let a = analyze(&crate::synthetic::manifest(1000, 100, 2));
        let g = layout(&a);
        let pods = g.nodes.iter().filter(|n| n.kind == NodeKind::Pod).count();
        let groups = g
            .nodes
            .iter()
            .filter(|n| n.kind == NodeKind::PodGroup)
            .count();
        assert!(pods <= 300, "{pods} pods drawn");
        assert!(groups > 0);
        let covered: usize = g
            .nodes
            .iter()
            .filter(|n| matches!(n.kind, NodeKind::Pod | NodeKind::PodGroup))
            .map(|n| n.refs.len())
            .sum();
        assert_eq!(
            covered,
            a.pods.len(),
            "every pod is drawn, alone or in a group"
        );
    }
}
