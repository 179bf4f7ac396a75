//! The Service → Pod graph and its layered layout, in abstract units (no
//! pixels, no DOM): Services in the left column, pods in the right one,
//! grouped by namespace and then by owning workload, sorted by name so that
//! nodes stay put while unrelated text changes.

use super::resolve::EndpointState;
use super::Analysis;
use serde::Serialize;
use std::collections::BTreeMap;

/// Width of a node.
pub const NODE_W: f64 = 260.0;
/// Height of a Service node.
pub const SERVICE_H: f64 = 56.0;
/// Height of a pod node.
pub const POD_H: f64 = 40.0;
/// Vertical gap between nodes.
pub const GAP: f64 = 12.0;
/// Horizontal distance between the Service and pod columns.
pub const COLUMN_GAP: f64 = 160.0;
/// Height of a namespace header.
pub const HEADER_H: f64 = 32.0;

/// What a node stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NodeKind {
    /// A Service.
    Service,
    /// A Pod.
    Pod,
}

impl NodeKind {
    /// Lowercase name, used in `data-kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Service => "service",
            NodeKind::Pod => "pod",
        }
    }
}

/// A positioned node.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LayoutNode {
    /// Service or Pod.
    pub kind: NodeKind,
    /// `namespace/name`.
    pub name: String,
    /// Main label.
    pub label: String,
    /// Second line (type and address for Services, IP and state for pods).
    pub detail: String,
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
    /// Whether this pod's status or existence is simulated.
    pub simulated: bool,
}

/// A positioned edge from a Service to a selected pod.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LayoutEdge {
    /// `namespace/service`.
    pub from: String,
    /// `namespace/pod`.
    pub to: String,
    /// The endpoint state.
    pub state: EndpointState,
    /// Why (shown on hover).
    pub reason: String,
    /// Start point.
    pub x1: f64,
    /// Start point.
    pub y1: f64,
    /// End point.
    pub x2: f64,
    /// End point.
    pub y2: f64,
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
    /// Nodes.
    pub nodes: Vec<LayoutNode>,
    /// Total width.
    pub width: f64,
    /// Total height.
    pub height: f64,
}

/// Lays out the Services and pods of an analysis.
pub fn layout(a: &Analysis) -> GraphLayout {
    let mut out = GraphLayout::default();
    // namespace -> (services, pods)
    let mut namespaces: BTreeMap<&str, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
    for (i, s) in a.services.iter().enumerate() {
        namespaces
            .entry(&s.service.meta.namespace)
            .or_default()
            .0
            .push(i);
    }
    for (i, p) in a.pods.iter().enumerate() {
        namespaces
            .entry(&p.pod.meta.namespace)
            .or_default()
            .1
            .push(i);
    }
    let pod_x = NODE_W + COLUMN_GAP;
    let width = pod_x + NODE_W + 2.0 * GAP;
    let mut y = 0.0;
    let mut pod_pos: BTreeMap<usize, (f64, f64)> = BTreeMap::new();
    let mut svc_pos: BTreeMap<usize, (f64, f64)> = BTreeMap::new();
    for (ns, (mut svcs, mut pods)) in namespaces {
        let top = y;
        y += HEADER_H;
        svcs.sort_by(|&a1, &b1| {
            a.services[a1]
                .service
                .meta
                .name
                .cmp(&a.services[b1].service.meta.name)
        });
        pods.sort_by(|&p, &q| {
            let key = |i: usize| {
                let pod = &a.pods[i].pod;
                (
                    pod.owner.as_ref().map(|o| (o.kind.clone(), o.name.clone())),
                    pod.meta.name.clone(),
                )
            };
            key(p).cmp(&key(q))
        });
        let mut sy = y;
        for &i in &svcs {
            let s = &a.services[i].service;
            let detail = service_detail(s);
            out.nodes.push(LayoutNode {
                kind: NodeKind::Service,
                name: format!("{ns}/{}", s.meta.name),
                label: s.meta.name.clone(),
                detail,
                x: GAP,
                y: sy,
                w: NODE_W,
                h: SERVICE_H,
                simulated: false,
            });
            svc_pos.insert(i, (GAP + NODE_W, sy + SERVICE_H / 2.0));
            sy += SERVICE_H + GAP;
        }
        let mut py = y;
        let mut current_owner: Option<(String, f64)> = None;
        let close_group = |out: &mut GraphLayout, owner: Option<(String, f64)>, end: f64| {
            if let Some((label, start)) = owner {
                out.groups.push(LayoutGroup {
                    label,
                    kind: "workload",
                    x: pod_x - 6.0,
                    y: start - 18.0,
                    w: NODE_W + 12.0,
                    h: end - start + 18.0,
                });
            }
        };
        for &i in &pods {
            let sim = &a.pods[i];
            let owner = sim
                .pod
                .owner
                .as_ref()
                .map(|o| format!("{}/{}", o.kind.to_lowercase(), o.name));
            if owner.as_ref() != current_owner.as_ref().map(|(l, _)| l) {
                close_group(&mut out, current_owner.take(), py - GAP + 6.0);
                if let Some(label) = owner {
                    py += 18.0;
                    current_owner = Some((label, py));
                }
            }
            let status = sim.pod.status.clone().unwrap_or_default();
            let ip = status
                .pod_ips
                .first()
                .cloned()
                .unwrap_or_else(|| "no IP".into());
            let phase = status.phase.unwrap_or_else(|| "Unknown".into());
            let mut detail = format!("{ip} · {phase}");
            if sim.simulated_status {
                detail.push_str(" · simulated");
            }
            out.nodes.push(LayoutNode {
                kind: NodeKind::Pod,
                name: format!("{ns}/{}", sim.pod.meta.name),
                label: sim.pod.meta.name.clone(),
                detail,
                x: pod_x,
                y: py,
                w: NODE_W,
                h: POD_H,
                simulated: sim.simulated_status,
            });
            pod_pos.insert(i, (pod_x, py + POD_H / 2.0));
            py += POD_H + GAP;
        }
        close_group(&mut out, current_owner.take(), py - GAP + 6.0);
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
    for (i, s) in a.services.iter().enumerate() {
        let Some(&(x1, y1)) = svc_pos.get(&i) else {
            continue;
        };
        for b in &s.backends {
            let Some(&(x2, y2)) = pod_pos.get(&b.pod) else {
                continue;
            };
            out.edges.push(LayoutEdge {
                from: format!("{}/{}", s.service.meta.namespace, s.service.meta.name),
                to: format!(
                    "{}/{}",
                    a.pods[b.pod].pod.meta.namespace, a.pods[b.pod].pod.meta.name
                ),
                state: b.state,
                reason: b.reason.to_string(),
                x1,
                y1,
                x2,
                y2,
            });
        }
    }
    // Namespace bands behind everything else.
    out.groups.sort_by_key(|g| g.kind != "namespace");
    out.width = width;
    out.height = y.max(1.0);
    out
}

fn service_detail(s: &super::model::Service) -> String {
    let ports: Vec<String> = s
        .ports
        .iter()
        .map(|p| format!("{}→{}", p.port, p.target_port))
        .collect();
    let t = if s.is_headless() {
        "Headless"
    } else {
        s.service_type.as_str()
    };
    if ports.is_empty() {
        t.to_string()
    } else {
        format!("{t} · {}", ports.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::analyze;

    const TEXT: &str = "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {selector: {app: web}, ports: [{port: 80}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: web-1, labels: {app: web}}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: other}\n";

    #[test]
    fn edges_connect_services_to_selected_pods() {
        let g = layout(&analyze(TEXT));
        assert_eq!(g.nodes.len(), 3);
        assert_eq!(g.edges.len(), 1);
        assert_eq!(g.edges[0].from, "default/web");
        assert_eq!(g.edges[0].to, "default/web-1");
        assert_eq!(g.edges[0].state, EndpointState::Ready);
        let svc = g
            .nodes
            .iter()
            .find(|n| n.kind == NodeKind::Service)
            .unwrap();
        assert!(g.edges[0].x1 >= svc.x + svc.w - 0.5);
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
}
