//! What the selection, the selector query and focus mode light up or dim,
//! and the drawn item an event is about (click, keys, tooltips).

use crate::engine::render::graph::{LayoutNode, NodeKind};
use crate::ui::{AppState, Selection, Tab};
use leptos::prelude::*;
use std::collections::HashSet;
use wasm_bindgen::JsCast;

/// What the selection and the selector query light up, shared by every
/// drawn node and edge (each reads it through `class:` bindings).
#[derive(Clone, Copy)]
pub(super) struct Highlight {
    /// The selected Service or pod.
    pub(super) selected: RwSignal<Option<Selection>>,
    /// The nodes related to the selection: a Service's pods and addresses,
    /// or the Services selecting a pod.
    pub(super) related: Memo<HashSet<String>>,
    /// The pods the selector query matches (`None`: no valid query).
    pub(super) matching: Memo<Option<HashSet<String>>>,
    /// The same, by index into the analysis' pods (for collapsed groups).
    pub(super) matching_pods: Memo<Option<Vec<bool>>>,
    /// In focus mode, the names of the nodes shown (`None`: all).
    pub(super) shown: Memo<Option<HashSet<String>>>,
    /// The node focus mode is on (`None`: everything is shown).
    pub(super) focus: RwSignal<Option<String>>,
    /// The routes from the chosen vantage point (`None`: none chosen).
    pub(super) route: Memo<Option<std::sync::Arc<super::vantage::EdgeRoutes>>>,
}

impl Highlight {
    pub(super) fn is_selected(self, kind: NodeKind, name: &str) -> bool {
        self.selected.with(|s| match (s, kind) {
            (Some(Selection::Service(s)), NodeKind::Service) => s == name,
            (Some(Selection::Pod(p)), NodeKind::Pod) => p == name,
            _ => false,
        })
    }

    pub(super) fn is_related(self, name: &str) -> bool {
        self.related.with(|r| r.contains(name))
    }

    pub(super) fn is_match(self, kind: NodeKind, name: &str) -> bool {
        kind == NodeKind::Pod
            && self
                .matching
                .with(|m| m.as_ref().is_some_and(|m| m.contains(name)))
    }

    /// Whether a pod or collapsed workload is dimmed by the selector query:
    /// a query is set and none of its pods matches.
    pub(super) fn is_unmatched(self, kind: NodeKind, refs: &[usize]) -> bool {
        matches!(kind, NodeKind::Pod | NodeKind::PodGroup)
            && self.matching_pods.with(|m| {
                m.as_ref()
                    .is_some_and(|m| !refs.iter().any(|&i| m.get(i) == Some(&true)))
            })
    }

    /// Whether focus mode hides the node `name` (a port chip goes with its Service).
    pub(super) fn is_hidden(self, kind: NodeKind, name: &str) -> bool {
        let name = if kind == NodeKind::Port {
            name.rsplit_once(':').map_or(name, |(s, _)| s)
        } else {
            name
        };
        self.shown
            .with(|s| s.as_ref().is_some_and(|s| !s.contains(name)))
    }

    /// Whether traffic from the vantage point takes the edge: `None` when
    /// no vantage point is chosen or kube-proxy does not route the Service.
    pub(super) fn edge_route(self, from: &str, to: &str) -> Option<bool> {
        self.route.with(|r| {
            r.as_ref()?
                .edges
                .get(&(from.to_string(), to.to_string()))
                .map(|(used, _)| *used)
        })
    }

    /// Whether a Service drops the traffic from the vantage point.
    pub(super) fn is_dropped(self, kind: NodeKind, name: &str) -> bool {
        kind == NodeKind::Service
            && self
                .route
                .with(|r| r.as_ref().is_some_and(|r| r.notes.contains_key(name)))
    }

    /// Whether an edge belongs to the selection: `Some(true)` it does,
    /// `Some(false)` it does not, `None` nothing is selected.
    pub(super) fn edge_lit(self, from: &str, to: &str) -> Option<bool> {
        self.selected.with(|s| match s {
            Some(Selection::Service(s)) => Some(s == from),
            Some(Selection::Pod(p)) => Some(p == to),
            None => None,
        })
    }
}

/// The nodes related to the selection: a Service's pods (and external
/// addresses), or the Services selecting a pod.
pub(super) fn related_to(state: AppState) -> Memo<HashSet<String>> {
    Memo::new(move |_| {
        let Some(sel) = state.selected.get() else {
            return HashSet::new();
        };
        state.analysis.with(|a| {
            let mut out = HashSet::new();
            for r in &a.services {
                let svc = r.service.meta.key();
                for b in &r.backends {
                    let p = &a.pods[b.pod].pod;
                    let pod = p.meta.key();
                    match &sel {
                        Selection::Service(s) if *s == svc => {
                            out.insert(pod);
                        }
                        Selection::Pod(q) if *q == pod => {
                            out.insert(svc.clone());
                        }
                        _ => {}
                    }
                }
                if matches!(&sel, Selection::Service(s) if *s == svc) {
                    out.extend(r.external.iter().map(|b| {
                        crate::engine::render::graph::address_node_name(
                            &r.service.meta.namespace,
                            &b.address,
                        )
                    }));
                }
            }
            out
        })
    })
}

/// The nodes focus mode shows for the node `name`: it and every node an
/// edge joins it to (a Service's pods, near misses and addresses; a pod's
/// Services).
pub(super) fn neighbourhood(
    layout: &crate::engine::render::graph::GraphLayout,
    name: &str,
) -> HashSet<String> {
    let mut out = HashSet::new();
    out.insert(name.to_string());
    for e in &layout.edges {
        if e.from == name {
            out.insert(e.to.clone());
        } else if e.to == name {
            out.insert(e.from.clone());
        }
    }
    out
}

/// The bounds (x, y, width, height) of the nodes named in `names`.
pub(super) fn bounds_of(
    layout: &crate::engine::render::graph::GraphLayout,
    names: &HashSet<String>,
) -> Option<(f64, f64, f64, f64)> {
    let mut b: Option<(f64, f64, f64, f64)> = None;
    for n in layout.nodes.iter().filter(|n| names.contains(&n.name)) {
        let (x0, y0, x1, y1) = b.unwrap_or((n.x, n.y, n.x + n.w, n.y + n.h));
        b = Some((
            x0.min(n.x),
            y0.min(n.y),
            x1.max(n.x + n.w),
            y1.max(n.y + n.h),
        ));
    }
    b.map(|(x0, y0, x1, y1)| (x0 - 16.0, y0 - 16.0, x1 - x0 + 32.0, y1 - y0 + 32.0))
}

/// The node nearest to `from` in the direction of an arrow key (`dx`, `dy`
/// one of -1, 0, 1): among the nodes whose centre lies that way, the one
/// with the least distance along it plus twice the distance across it.
pub(super) fn nearest_in_direction<'a>(
    nodes: impl Iterator<Item = &'a LayoutNode>,
    from: &LayoutNode,
    (dx, dy): (f64, f64),
) -> Option<&'a LayoutNode> {
    let centre = |n: &LayoutNode| (n.x + n.w / 2.0, n.y + n.h / 2.0);
    let (fx, fy) = centre(from);
    nodes
        .filter(|n| n.name != from.name)
        .filter_map(|n| {
            let (x, y) = centre(n);
            let along = (x - fx) * dx + (y - fy) * dy;
            let across = ((x - fx) * dy).abs() + ((y - fy) * dx).abs();
            (along > 0.5).then_some((along + 2.0 * across, n))
        })
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, n)| n)
}

/// The tooltip of the drawn item `el` (a node's, or an edge's reason).
pub(super) fn tooltip_of(
    layout: &crate::engine::render::graph::GraphLayout,
    el: &web_sys::Element,
) -> Option<String> {
    if let Some(name) = el.get_attribute("data-name") {
        return layout
            .nodes
            .iter()
            .find(|n| n.name == name)
            .map(|n| n.tooltip.clone());
    }
    let (from, to) = (el.get_attribute("data-from")?, el.get_attribute("data-to")?);
    let state = el.get_attribute("data-state").unwrap_or_default();
    layout
        .edges
        .iter()
        .find(|e| e.from == from && e.to == to && e.state.as_str() == state)
        .map(|e| format!("{} → {}\n{}", e.from, e.to, e.reason))
}

/// The drawn node or edge an event happened on.
pub(super) fn graph_item(ev: &web_sys::Event) -> Option<web_sys::Element> {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("[data-kind]").ok().flatten())
}

/// Selects a node (or expands a collapsed workload), as a click or
/// Enter/Space on it asks.
pub(super) fn activate(state: AppState, kind: NodeKind, name: &str) {
    match kind {
        NodeKind::Service | NodeKind::Port => {
            let svc = name.split(':').next().unwrap_or_default().to_string();
            state.selected.set(Some(Selection::Service(svc)));
            state.tab.set(Tab::Details);
        }
        NodeKind::Pod => {
            state.selected.set(Some(Selection::Pod(name.to_string())));
            state.tab.set(Tab::Details);
        }
        NodeKind::PodGroup => state.expanded.update(|e| {
            e.insert(name.to_string());
        }),
        NodeKind::Address => {}
    }
}

/// Whether Shift was held for `ev` (false for an event that says nothing
/// about keys, such as a synthetic `click`).
pub(super) fn shift_held(ev: &web_sys::Event) -> bool {
    web_sys::js_sys::Reflect::get(ev, &"shiftKey".into())
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// Whether an event happened on a drawn node or edge (not the background).
pub(super) fn on_graph_item(ev: &web_sys::Event) -> bool {
    graph_item(ev).is_some()
}
