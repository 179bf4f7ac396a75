//! The Service → port → Pod graph and its layout, in abstract units (no
//! pixels, no DOM). Each namespace is a region of rows — a Service with its
//! port chips, then the pods it is the first to select, grouped by workload —
//! flowed into sub-columns; the regions are packed to a screen's shape.
//! Everything is sorted by name so nodes stay put while unrelated text
//! changes. A workload with many pods is drawn as one node with a count
//! (see [`LayoutOptions`]), unless expanded.

mod layout;

pub use layout::{address_node_name, layout_with, MAX_NEAR_MISS_EDGES};

use crate::engine::analysis::Analysis;
use crate::engine::controllers::resolve::EndpointState;
use serde::Serialize;
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// Width of a Service node.
pub const SERVICE_W: f64 = 150.0;
/// Width of a pod, collapsed workload or address node.
pub const POD_W: f64 = 160.0;
/// Height of a pod node (a name and one line).
pub const POD_H: f64 = 28.0;
/// Width of a pod box when the input is not crowded (whole pod names and details).
pub const POD_W_ROOMY: f64 = 230.0;
/// Height of a port chip.
pub const PORT_H: f64 = 10.0;
/// Width of a character of a port chip's label (9 px monospace).
pub const PORT_CHAR_W: f64 = 5.4;
/// Where a Service's port chips start, below its name.
pub const SERVICE_NAME_H: f64 = 16.0;
/// Vertical gap between the units of a row.
pub const GAP: f64 = 4.0;
/// Vertical gap between rows.
pub const ROW_GAP: f64 = 4.0;
/// Horizontal distance between a Service and its pods, where edges run.
pub const EDGE_GAP: f64 = 44.0;
/// Width of a row: a Service, the edges, the pods.
pub const ROW_W: f64 = SERVICE_W + EDGE_GAP + POD_W;
/// Padding inside a namespace region.
pub const PAD: f64 = 6.0;
/// Height of a namespace header.
pub const HEADER_H: f64 = 20.0;
/// Height of a workload group header.
pub const GROUP_H: f64 = 16.0;

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
    /// Baseline of the label, which ends just before the end point: labels
    /// of edges meeting at one point are stacked upwards, never on each other.
    pub label_y: f64,
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
    /// Width of the pod boxes: [`POD_W`] in a crowded input, [`POD_W_ROOMY`] otherwise.
    pub pod_w: f64,
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
    /// Once the input has more than `crowded_pods` pods, workloads with more
    /// pods than this are collapsed too (`8 pods · 8/8 ready`).
    pub crowded_collapse_over: usize,
    /// See `crowded_collapse_over`.
    pub crowded_pods: usize,
    /// Most pods drawn one by one: past it, the largest workloads are
    /// collapsed too, so that a huge manifest stays quick to draw.
    pub max_pods: usize,
    /// Workloads (`namespace/kind/name`) the user expanded anyway.
    pub expanded: BTreeSet<String>,
    /// What the user chose not to see: it leaves the layout.
    pub hidden: GraphFilter,
}

/// What the graph's filter hides: whole namespaces, or kinds of nodes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GraphFilter {
    /// Namespaces not drawn.
    pub namespaces: BTreeSet<String>,
    /// Services (with their ports and edges) not drawn.
    pub services: bool,
    /// Pods (and collapsed workloads) not drawn.
    pub pods: bool,
    /// Addresses behind selector-less Services not drawn.
    pub addresses: bool,
}

impl Default for LayoutOptions {
    fn default() -> LayoutOptions {
        LayoutOptions {
            collapse_over: 60,
            crowded_collapse_over: 3,
            crowded_pods: 40,
            max_pods: 300,
            expanded: BTreeSet::new(),
            hidden: GraphFilter::default(),
        }
    }
}

/// Lays out with the default options.
pub fn layout(a: &Analysis) -> GraphLayout {
    layout_with(a, &LayoutOptions::default())
}

/// Where a pod's edges end: node name, point, and whether it is a collapsed group.
type Anchor = (String, f64, f64, bool);

// The details and tooltips below are built for every node on every
// keystroke: written into one buffer each (`write!`), not assembled from a
// `format!` per line, which made the layout of the 200-object benchmark
// allocate 38 strings per pod (callgrind of 100 edits: layout 853 M
// instructions, 361 M of them in `format!`).
fn service_details(a: &Analysis, i: usize) -> (Vec<String>, String, bool) {
    let s = &a.services[i];
    let svc = &s.service;
    let net = &s.network;
    let mut lines = Vec::new();
    let kind = if svc.is_headless() {
        "Headless"
    } else {
        svc.service_type.as_str()
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
                .map_or("no cluster IP", String::as_str);
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
    let mut tip = String::with_capacity(160);
    let _ = writeln!(tip, "Service {}/{}", svc.meta.namespace, svc.meta.name);
    match &svc.selector {
        Some(sel) => {
            let _ = writeln!(
                tip,
                "selector: {}",
                crate::engine::labels::Selector::from_map(sel)
            );
        }
        None => tip.push_str("selector: <none>\n"),
    }
    for addr in &net.addresses {
        let sim = if addr.simulated { " (simulated)" } else { "" };
        let _ = writeln!(
            tip,
            "{}: {}{sim} → {}",
            addr.kind, addr.address, addr.leads_to
        );
    }
    trim_end_in_place(&mut tip);
    (lines, tip, net.cluster_ip_simulated)
}

fn pod_details(a: &Analysis, i: usize) -> (Vec<String>, String) {
    let sim = &a.pods[i];
    let pod = &sim.pod;
    let status = pod.status.as_ref();
    let ip = status
        .and_then(|s| s.pod_ips.first())
        .map_or("no IP", String::as_str);
    // Readiness first, as kubectl's READY column and k9s show it.
    let mut line = format!(
        "{} · {ip}",
        crate::engine::render::pod_columns::readiness_label(pod)
    );
    if sim.simulated_status {
        line.push('*');
    }
    let mut tip = String::with_capacity(256);
    let _ = writeln!(tip, "Pod {}/{}", pod.meta.namespace, pod.meta.name);
    tip.push_str("labels: ");
    if pod.meta.labels.is_empty() {
        tip.push_str("<none>");
    }
    for (n, (k, v)) in pod.meta.labels.iter().enumerate() {
        if n > 0 {
            tip.push_str(", ");
        }
        let _ = write!(tip, "{k}={v}");
    }
    tip.push('\n');
    if let Some(st) = status {
        tip.push_str("IPs: ");
        tip.push_str(&st.pod_ips.join(", "));
        tip.push_str("\nready: ");
        tip.push_str(match st.ready {
            Some(true) => "True",
            Some(false) => "False",
            None => "no condition",
        });
        tip.push('\n');
    }
    if let Some(n) = &pod.spec.node_name {
        let _ = writeln!(tip, "node: {n}");
    }
    let mut ports = pod.spec.containers.iter().flat_map(|c| &c.ports).peekable();
    if ports.peek().is_some() {
        tip.push_str("ports: ");
        for (n, p) in ports.enumerate() {
            if n > 0 {
                tip.push_str(", ");
            }
            let _ = write!(tip, "{p}");
        }
        tip.push('\n');
    }
    if let Some(o) = &pod.owner {
        let _ = writeln!(tip, "created by {} {}", o.kind, o.name);
    }
    if sim.simulated_status {
        tip.push_str("* status and IP simulated (the input has no status)\n");
    }
    trim_end_in_place(&mut tip);
    (vec![line], tip)
}

/// Drops trailing whitespace without copying the rest.
fn trim_end_in_place(s: &mut String) {
    let len = s.trim_end().len();
    s.truncate(len);
}

#[cfg(test)]
mod tests;
