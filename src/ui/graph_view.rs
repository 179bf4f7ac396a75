//! `<GraphView/>`: the Service → port → Pod graph as SVG, from the engine's
//! layout. Click a Service or pod to select it, a collapsed workload to expand
//! it, Shift+click to focus on its neighbourhood; wheel to pan, Ctrl+wheel to
//! zoom, drag to pan, "Fit" to see everything, a minimap beyond one screen.
//! The selector box lights up the pods a selector matches, as `kubectl get
//! pods -l` would, and dims the others. Keys when the graph has focus: + − 0 f,
//! arrows (pan, or move between nodes); tooltips are an HTML overlay.
//!
//! Groups, edges and nodes are keyed `<For>` lists. The key of an item is a
//! hash of its identity (a node's `namespace/name`, an edge's two ends) and of
//! everything drawn for it, so a new layout keeps the elements of unchanged
//! items and only moves, adds or removes the others. Selection, relation and
//! query matches are `class:` bindings on the drawn items.

use super::{browser, flag, text, use_app_state, AppState, Selection, Tab};
use crate::engine::controllers::resolve::EndpointState;
use crate::engine::render::graph::{LayoutEdge, LayoutGroup, LayoutNode, NodeKind};
use leptos::prelude::*;
use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;
use wasm_bindgen::JsCast;

/// The key of a node: its identity and everything drawn for it.
fn node_key(n: &LayoutNode) -> u64 {
    let mut h = DefaultHasher::new();
    (
        1u8,
        n.kind,
        &n.name,
        &n.label,
        &n.details,
        &n.tooltip,
        n.simulated,
    )
        .hash(&mut h);
    (n.x.to_bits(), n.y.to_bits(), n.w.to_bits(), n.h.to_bits()).hash(&mut h);
    h.finish()
}

/// The key of an edge: its ends and everything drawn for it.
fn edge_key(e: &LayoutEdge) -> u64 {
    let mut h = DefaultHasher::new();
    (2u8, &e.from, &e.to, e.state, &e.reason, &e.label, e.count).hash(&mut h);
    (
        e.x1.to_bits(),
        e.y1.to_bits(),
        e.x2.to_bits(),
        e.y2.to_bits(),
    )
        .hash(&mut h);
    h.finish()
}

/// The key of a group box: its kind, label and place.
fn group_key(g: &LayoutGroup) -> u64 {
    let mut h = DefaultHasher::new();
    (3u8, &g.kind, &g.label).hash(&mut h);
    (g.x.to_bits(), g.y.to_bits(), g.w.to_bits(), g.h.to_bits()).hash(&mut h);
    h.finish()
}

/// What the selection and the selector query light up, shared by every
/// drawn node and edge (each reads it through `class:` bindings).
#[derive(Clone, Copy)]
struct Highlight {
    /// The selected Service or pod.
    selected: RwSignal<Option<Selection>>,
    /// The nodes related to the selection: a Service's pods and addresses,
    /// or the Services selecting a pod.
    related: Memo<HashSet<String>>,
    /// The pods the selector query matches (`None`: no valid query).
    matching: Memo<Option<HashSet<String>>>,
    /// The same, by index into the analysis' pods (for collapsed groups).
    matching_pods: Memo<Option<Vec<bool>>>,
    /// In focus mode, the names of the nodes shown (`None`: all).
    shown: Memo<Option<HashSet<String>>>,
    /// The node focus mode is on (`None`: everything is shown).
    focus: RwSignal<Option<String>>,
}

impl Highlight {
    fn is_selected(self, kind: NodeKind, name: &str) -> bool {
        self.selected.with(|s| match (s, kind) {
            (Some(Selection::Service(s)), NodeKind::Service) => s == name,
            (Some(Selection::Pod(p)), NodeKind::Pod) => p == name,
            _ => false,
        })
    }

    fn is_related(self, name: &str) -> bool {
        self.related.with(|r| r.contains(name))
    }

    fn is_match(self, kind: NodeKind, name: &str) -> bool {
        kind == NodeKind::Pod
            && self
                .matching
                .with(|m| m.as_ref().is_some_and(|m| m.contains(name)))
    }

    /// Whether a pod or collapsed workload is dimmed by the selector query:
    /// a query is set and none of its pods matches.
    fn is_unmatched(self, kind: NodeKind, refs: &[usize]) -> bool {
        matches!(kind, NodeKind::Pod | NodeKind::PodGroup)
            && self.matching_pods.with(|m| {
                m.as_ref()
                    .is_some_and(|m| !refs.iter().any(|&i| m.get(i) == Some(&true)))
            })
    }

    /// Whether focus mode hides the node `name` (a port chip goes with its Service).
    fn is_hidden(self, kind: NodeKind, name: &str) -> bool {
        let name = if kind == NodeKind::Port {
            name.rsplit_once(':').map_or(name, |(s, _)| s)
        } else {
            name
        };
        self.shown
            .with(|s| s.as_ref().is_some_and(|s| !s.contains(name)))
    }

    /// Whether an edge belongs to the selection: `Some(true)` it does,
    /// `Some(false)` it does not, `None` nothing is selected.
    fn edge_lit(self, from: &str, to: &str) -> Option<bool> {
        self.selected.with(|s| match s {
            Some(Selection::Service(s)) => Some(s == from),
            Some(Selection::Pod(p)) => Some(p == to),
            None => None,
        })
    }
}

/// The nodes related to the selection: a Service's pods (and external
/// addresses), or the Services selecting a pod.
fn related_to(state: AppState) -> Memo<HashSet<String>> {
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
fn neighbourhood(
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
fn bounds_of(
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
fn nearest_in_direction<'a>(
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
fn tooltip_of(
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
fn graph_item(ev: &web_sys::Event) -> Option<web_sys::Element> {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("[data-kind]").ok().flatten())
}

/// Selects a node (or expands a collapsed workload), as a click or
/// Enter/Space on it asks.
fn activate(state: AppState, kind: NodeKind, name: &str) {
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
fn shift_held(ev: &web_sys::Event) -> bool {
    web_sys::js_sys::Reflect::get(ev, &"shiftKey".into())
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// Whether an event happened on a drawn node or edge (not the background).
fn on_graph_item(ev: &web_sys::Event) -> bool {
    graph_item(ev).is_some()
}

/// The most *Fit* (and the opening view) enlarges a small graph.
const MAX_FIT_ZOOM: f64 = 1.4;

/// The part of the graph in view. `None` is the opening view: from the top
/// left, the graph's full width when it nearly fits the screen, else at
/// 100 % (the wheel pans to the rest); *Fit* shows the whole graph, both axes.
#[derive(Clone, Copy)]
struct Camera {
    view_box: RwSignal<Option<(f64, f64, f64, f64)>>,
    state: AppState,
    /// The drawing's size on screen in pixels, kept by a `ResizeObserver`.
    screen: RwSignal<Option<(f64, f64)>>,
}

impl Camera {
    /// The whole graph (x, y, width, height) in graph units, with a margin.
    fn whole(self) -> (f64, f64, f64, f64) {
        self.state
            .layout
            .with(|l| (-8.0, -8.0, l.width + 16.0, l.height + 16.0))
    }

    /// The drawing's size on screen, in pixels (`None` before it is laid out).
    fn screen(self) -> Option<(f64, f64)> {
        self.screen.get().filter(|(w, h)| *w > 0.0 && *h > 0.0)
    }

    /// The visible rectangle (x, y, width, height) in graph units.
    fn current(self) -> (f64, f64, f64, f64) {
        self.view_box.get().unwrap_or_else(|| {
            let (x, y, w, h) = self.whole();
            match self.screen() {
                // The full width when it nearly fits (enlarged at most
                // [`MAX_FIT_ZOOM`], centred), else at 100 %, from the top
                // left: as much as the screen shows.
                Some((sw, sh)) => {
                    let scale = if w <= sw * 1.25 {
                        (sw / w).min(MAX_FIT_ZOOM)
                    } else {
                        1.0
                    };
                    let (vw, vh) = (sw / scale, sh / scale);
                    let x = if vw > w { x - (vw - w) / 2.0 } else { x };
                    (x, y, vw, h.min(vh))
                }
                None => (x, y, w, h),
            }
        })
    }

    /// Graph units per screen pixel (one scale for both axes: `meet`).
    fn scale(self) -> f64 {
        let (_, _, w, h) = self.current();
        self.screen().map_or(1.0, |(sw, sh)| (w / sw).max(h / sh))
    }

    /// Zooms by `factor` around the graph point (`cx`, `cy`).
    fn zoom(self, factor: f64, cx: f64, cy: f64) {
        let (x, y, w, h) = self.current();
        self.view_box.set(Some((
            cx - (cx - x) * factor,
            cy - (cy - y) * factor,
            w * factor,
            h * factor,
        )));
    }

    /// Zooms by `factor` around the centre of the view.
    fn zoom_center(self, factor: f64) {
        let (x, y, w, h) = self.current();
        self.zoom(factor, x + w / 2.0, y + h / 2.0);
    }

    /// Moves the view by (`dx`, `dy`) graph units, never past the graph's
    /// edges by more than half a view.
    fn pan(self, dx: f64, dy: f64) {
        let (x, y, w, h) = self.current();
        let (gx, gy, gw, gh) = self.whole();
        let clamp = |v: f64, lo: f64, hi: f64| v.max(lo).min(hi.max(lo));
        self.view_box.set(Some((
            clamp(x + dx, gx - w / 2.0, gx + gw - w / 2.0),
            clamp(y + dy, gy - h / 2.0, gy + gh - h / 2.0),
            w,
            h,
        )));
    }

    /// Shows the whole graph, both axes.
    fn fit(self) {
        self.fit_to(self.whole());
    }

    /// Shows the rectangle (x, y, width, height), both axes, enlarged at
    /// most [`MAX_FIT_ZOOM`] times (a small graph is not blown up).
    fn fit_to(self, (x, y, w, h): (f64, f64, f64, f64)) {
        let Some((sw, sh)) = self.screen() else {
            self.view_box.set(Some((x, y, w, h)));
            return;
        };
        let scale = (sw / w).min(sh / h).min(MAX_FIT_ZOOM);
        let (vw, vh) = (sw / scale, sh / scale);
        self.view_box.set(Some((x - (vw - w) / 2.0, y, vw, vh)));
    }

    /// The rectangle the screen shows (x, y, width, height) in graph units:
    /// the view box widened (or lengthened) to the screen's shape, as
    /// `xMidYMin meet` draws it.
    fn visible(self) -> (f64, f64, f64, f64) {
        let (x, y, w, h) = self.current();
        match self.screen() {
            Some((sw, sh)) => {
                let k = (w / sw).max(h / sh);
                (x + w / 2.0 - sw * k / 2.0, y, sw * k, sh * k)
            }
            None => (x, y, w, h),
        }
    }

    /// Whether the screen shows the whole graph.
    fn shows_all(self) -> bool {
        let (x, y, w, h) = self.visible();
        let (gx, gy, gw, gh) = self.whole();
        x <= gx + 1.0 && y <= gy + 1.0 && x + w >= gx + gw - 1.0 && y + h >= gy + gh - 1.0
    }

    /// Moves the view so that its centre is the graph point (`cx`, `cy`).
    fn center_on(self, cx: f64, cy: f64) {
        let (_, _, w, h) = self.current();
        self.view_box.set(Some((cx - w / 2.0, cy - h / 2.0, w, h)));
    }

    /// One graph unit per screen pixel (100 %), around the view's centre.
    fn actual_size(self) {
        let Some((sw, sh)) = self.screen() else {
            return;
        };
        let (x, y, w, h) = self.current();
        let (cx, cy) = (x + w / 2.0, y + h / 2.0);
        self.view_box
            .set(Some((cx - sw / 2.0, cy - sh / 2.0, sw, sh)));
    }
}

/// The graph, its toolbar and the selector query box.
#[component]
pub fn GraphView() -> impl IntoView {
    let state = use_app_state();
    let svg_ref = NodeRef::<leptos::svg::Svg>::new();
    let camera = Camera {
        view_box: RwSignal::new(None),
        state,
        screen: RwSignal::new(None),
    };
    // The page meets the outside world: the room the drawing has on screen.
    let box_ref = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(el) = box_ref.get() {
            browser::observe_size(&el, move |w, h| camera.screen.set(Some((w, h))));
        }
    });
    // The drawing is sized in pixels: sized by its flex container instead
    // (`flex`, or `height: 100%`), Chrome lays out every node again on each
    // change — 17 → 58 ms a keystroke on the 200-object benchmark. An embed
    // keeps the graph's natural height, up to 340 px.
    let embed = state.embed.is_some();
    let size = Memo::new(move |_| {
        let (w, h) = camera.screen.get().unwrap_or((800.0, 400.0));
        if embed {
            let natural = state
                .layout
                .with(|l| (l.height + 16.0) * w / (l.width + 16.0).max(1.0));
            (w, natural.clamp(60.0, 340.0))
        } else {
            (w, h)
        }
    });
    let drag = StoredValue::new(None::<(f64, f64)>);
    let vb = text(move || {
        let (x, y, w, h) = camera.current();
        format!("{} {} {} {}", num(x), num(y), num(w), num(h))
    });
    // The graph point under the pointer.
    let to_graph = move |client_x: i32, client_y: i32| -> Option<(f64, f64)> {
        let svg = svg_ref.get()?;
        let r = svg.get_bounding_client_rect();
        let (x, y, w, h) = camera.current();
        if r.width() <= 0.0 || r.height() <= 0.0 {
            return None;
        }
        // preserveAspectRatio xMidYMin meet: one scale for both axes.
        let scale = (w / r.width()).max(h / r.height());
        let offset_x = (r.width() * scale - w) / 2.0;
        Some((
            x - offset_x + (f64::from(client_x) - r.left()) * scale,
            y + (f64::from(client_y) - r.top()) * scale,
        ))
    };
    // The wheel pans (Shift: sideways); Ctrl/⌘ + wheel (and a trackpad's
    // pinch) zooms around the pointer.
    let on_wheel = move |ev: leptos::ev::WheelEvent| {
        let zoom = ev.ctrl_key() || ev.meta_key() || ev.alt_key();
        if embed && !zoom {
            return; // an embed never traps the host page's scrolling
        }
        ev.prevent_default();
        if zoom {
            if let Some((cx, cy)) = to_graph(ev.client_x(), ev.client_y()) {
                camera.zoom(if ev.delta_y() > 0.0 { 1.15 } else { 1.0 / 1.15 }, cx, cy);
            }
            return;
        }
        // Lines (mode 1) and pages (mode 2) as pixels.
        let unit = match ev.delta_mode() {
            1 => 16.0,
            2 => 400.0,
            _ => 1.0,
        };
        let (dx, dy) = (ev.delta_x() * unit, ev.delta_y() * unit);
        let (dx, dy) = if ev.shift_key() && dx == 0.0 {
            (dy, 0.0)
        } else {
            (dx, dy)
        };
        let k = camera.scale();
        camera.pan(dx * k, dy * k);
    };
    // Dragging the background pans.
    let on_down = move |ev: leptos::ev::PointerEvent| {
        if !on_graph_item(&ev) {
            drag.set_value(to_graph(ev.client_x(), ev.client_y()));
        }
    };
    let on_move = move |ev: leptos::ev::PointerEvent| {
        let Some((sx, sy)) = drag.get_value() else {
            return;
        };
        if ev.buttons() == 0 {
            drag.set_value(None);
            return;
        }
        if let Some((px, py)) = to_graph(ev.client_x(), ev.client_y()) {
            let (x, y, w, h) = camera.current();
            camera.view_box.set(Some((x + sx - px, y + sy - py, w, h)));
        }
    };
    // A click on the background clears the selection (nodes handle their own).
    let on_click = move |ev: leptos::ev::MouseEvent| {
        if !on_graph_item(&ev) {
            state.selected.set(None);
        }
    };
    let matching = Memo::new(move |_| {
        let Ok(Some(sel)) = state.query_selector.get() else {
            return None;
        };
        Some(state.analysis.with(|a| {
            a.pods
                .iter()
                .filter(|p| sel.matches(&p.pod.meta.labels))
                .map(|p| p.pod.meta.key())
                .collect::<HashSet<_>>()
        }))
    });
    let matching_pods = Memo::new(move |_| {
        let Ok(Some(sel)) = state.query_selector.get() else {
            return None;
        };
        Some(state.analysis.with(|a| {
            a.pods
                .iter()
                .map(|p| sel.matches(&p.pod.meta.labels))
                .collect::<Vec<_>>()
        }))
    });
    let focus = RwSignal::new(None::<String>);
    let shown = Memo::new(move |_| {
        let name = focus.get()?;
        Some(state.layout.with(|l| neighbourhood(l, &name)))
    });
    // Entering focus mode fits the neighbourhood; leaving it, the whole graph.
    Effect::new(move |was: Option<bool>| {
        let on = shown.with(|s| s.is_some());
        if let Some(set) = shown.get_untracked() {
            if let Some(r) = state.layout.with_untracked(|l| bounds_of(l, &set)) {
                camera.fit_to(r);
            }
        } else if was == Some(true) {
            camera.fit();
        }
        on
    });
    // The tooltip over the graph: text and place in the box, in pixels.
    let tip = RwSignal::new(None::<(String, f64, f64)>);
    let show_tip = move |el: &web_sys::Element, at: Option<(f64, f64)>| {
        let (Some(b), Some(text)) = (
            box_ref.get_untracked(),
            state.layout.with_untracked(|l| tooltip_of(l, el)),
        ) else {
            return;
        };
        let r = b.get_bounding_client_rect();
        let (x, y) = at.unwrap_or_else(|| {
            let e = el.get_bounding_client_rect();
            (e.left(), e.bottom())
        });
        let left = (x - r.left() + 12.0).min(r.width() - 260.0).max(4.0);
        let top = y - r.top() + 14.0;
        let top = if top > r.height() - 80.0 {
            (top - 110.0).max(4.0)
        } else {
            top
        };
        tip.set(Some((text, left, top)));
    };
    let on_over = move |ev: leptos::ev::PointerEvent| match graph_item(&ev) {
        Some(el) => show_tip(
            &el,
            Some((f64::from(ev.client_x()), f64::from(ev.client_y()))),
        ),
        None => tip.set(None),
    };
    let on_focus_in = move |ev: leptos::ev::FocusEvent| match graph_item(&ev) {
        Some(el) => show_tip(&el, None),
        None => tip.set(None),
    };
    let lit = Highlight {
        selected: state.selected,
        related: related_to(state),
        matching,
        matching_pods,
        shown,
        focus,
    };
    // Keys while the graph has focus: + − 0 f zoom, arrows pan (when no
    // node is focused), Esc leaves focus mode.
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        let on_node = on_graph_item(&ev);
        let arrow = match ev.key().as_str() {
            "ArrowLeft" => Some((-1.0, 0.0)),
            "ArrowRight" => Some((1.0, 0.0)),
            "ArrowUp" => Some((0.0, -1.0)),
            "ArrowDown" => Some((0.0, 1.0)),
            _ => None,
        };
        if let (Some(dir), Some(el)) = (arrow, graph_item(&ev)) {
            // Arrows move the focus to the nearest node that way.
            ev.prevent_default();
            let Some(name) = el.get_attribute("data-name") else {
                return;
            };
            let next = state.layout.with_untracked(|l| {
                let from = l.nodes.iter().find(|n| n.name == name)?;
                let visible = l.nodes.iter().filter(|n| !lit.is_hidden(n.kind, &n.name));
                nearest_in_direction(visible, from, dir)
                    .map(|n| (n.name.clone(), n.x, n.y, n.w, n.h))
            });
            let (Some((next, x, y, w, h)), Some(svg)) = (next, svg_ref.get_untracked()) else {
                return;
            };
            let (vx, vy, vw, vh) = camera.visible();
            if x < vx || y < vy || x + w > vx + vw || y + h > vy + vh {
                camera.center_on(x + w / 2.0, y + h / 2.0);
            }
            if let Ok(list) = svg.query_selector_all("[data-name]") {
                for i in 0..list.length() {
                    let Some(el) = list
                        .item(i)
                        .and_then(|n| n.dyn_into::<web_sys::SvgElement>().ok())
                    else {
                        continue;
                    };
                    if el.get_attribute("data-name").as_deref() == Some(next.as_str()) {
                        let _ = el.focus();
                        break;
                    }
                }
            }
            return;
        }
        let k = camera.scale() * 60.0;
        match ev.key().as_str() {
            "+" | "=" => camera.zoom_center(1.0 / 1.25),
            "-" | "_" => camera.zoom_center(1.25),
            "0" => camera.actual_size(),
            "f" | "F" => camera.fit(),
            "Escape" if focus.with_untracked(Option::is_some) => focus.set(None),
            "ArrowLeft" if !on_node => camera.pan(-k, 0.0),
            "ArrowRight" if !on_node => camera.pan(k, 0.0),
            "ArrowUp" if !on_node => camera.pan(0.0, -k),
            "ArrowDown" if !on_node => camera.pan(0.0, k),
            _ => return,
        }
        ev.prevent_default();
    };
    // Each list yields (key, index into the current layout): the index is
    // only read while drawing a new item, from the layout that listed it.
    let layout = state.layout;
    view! {
        <div class="graph-view" class:graph-view--stale=flag(move || state.analysis.with(super::unreadable))>
            <GraphToolbar camera matching focus svg_ref/>
            <Legend/>
            <GraphNotice/>
            <div class="graph-box" node_ref=box_ref>
            <svg
                class="graph"
                width=text(move || num(size.get().0.floor()))
                height=text(move || num(size.get().1.floor()))
                data-testid="graph"
                role="group"
                aria-label="Services, their ports and the pods they route to"
                viewBox=vb
                preserveAspectRatio="xMidYMin meet"
                tabindex="0"
                class:graph--focus=flag(move || shown.with(|s| s.is_some()))
                on:keydown=on_key
                on:pointerover=on_over
                on:pointerleave=move |_| tip.set(None)
                on:focusin=on_focus_in
                on:focusout=move |_| tip.set(None)
                node_ref=svg_ref
                on:wheel=on_wheel
                on:pointerdown=on_down
                on:pointermove=on_move
                on:pointerup=move |_| drag.set_value(None)
                on:click=on_click
            >
                <GraphDefs/>
                <g>
                    <For
                        each=move || layout.with(|l| l.groups.iter().map(group_key).enumerate().collect::<Vec<_>>())
                        key=|(_, k)| *k
                        children=move |(i, _)| layout.with_untracked(|l| l.groups.get(i).cloned()).map(|g| view! { <GroupBox group=g/> })
                    />
                </g>
                <g>
                    <For
                        each=move || layout.with(|l| l.edges.iter().map(edge_key).enumerate().collect::<Vec<_>>())
                        key=|(_, k)| *k
                        children=move |(i, _)| layout.with_untracked(|l| l.edges.get(i).cloned()).map(|e| view! { <EdgePath edge=e lit/> })
                    />
                </g>
                <g>
                    <For
                        each=move || layout.with(|l| l.nodes.iter().map(node_key).enumerate().collect::<Vec<_>>())
                        key=|(_, k)| *k
                        children=move |(i, _)| layout.with_untracked(|l| l.nodes.get(i).cloned()).map(|n| node_box(state, n, lit))
                    />
                </g>
            </svg>
            <Minimap camera/>
            <Show when=move || tip.with(Option::is_some)>
                <div
                    class="tip graph-tip"
                    role="tooltip"
                    data-testid="graph-tip"
                    style:left=move || format!("{}px", num(tip.with(|t| t.as_ref().map_or(0.0, |t| t.1))))
                    style:top=move || format!("{}px", num(tip.with(|t| t.as_ref().map_or(0.0, |t| t.2))))
                >
                    {move || tip.with(|t| t.as_ref().map(|t| t.0.clone()).unwrap_or_default())}
                </div>
            </Show>
            </div>
        </div>
    }
}

/// Width of the minimap, in pixels.
const MINIMAP_W: f64 = 180.0;
/// Most height of the minimap, in pixels.
const MINIMAP_H: f64 = 120.0;

/// An overview in the corner when the graph is larger than the screen: the
/// namespaces and Services, and the rectangle in view. A click or a drag on
/// it moves the view there.
#[component]
fn Minimap(
    /// The view it shows and moves.
    camera: Camera,
) -> impl IntoView {
    let state = camera.state;
    let map_ref = NodeRef::<leptos::svg::Svg>::new();
    let dragging = StoredValue::new(false);
    let size = Memo::new(move |_| {
        let (_, _, w, h) = camera.whole();
        let k = (MINIMAP_W / w).min(MINIMAP_H / h);
        (w * k, h * k)
    });
    let outline = Memo::new(move |_| {
        state.layout.with(|l| {
            let mut d = String::new();
            for g in l.groups.iter().filter(|g| g.kind == "namespace") {
                d.push_str(&format!(
                    "M{} {}h{}v{}h-{}z",
                    num(g.x),
                    num(g.y),
                    num(g.w),
                    num(g.h),
                    num(g.w)
                ));
            }
            let mut s = String::new();
            for n in l.nodes.iter().filter(|n| n.kind != NodeKind::Port) {
                s.push_str(&format!(
                    "M{} {}h{}v{}h-{}z",
                    num(n.x),
                    num(n.y),
                    num(n.w),
                    num(n.h),
                    num(n.w)
                ));
            }
            (d, s)
        })
    });
    let move_to = move |client_x: i32, client_y: i32| {
        let Some(svg) = map_ref.get() else {
            return;
        };
        let r = svg.get_bounding_client_rect();
        let (gx, gy, gw, gh) = camera.whole();
        if r.width() <= 0.0 || r.height() <= 0.0 {
            return;
        }
        let cx = gx + (f64::from(client_x) - r.left()) / r.width() * gw;
        let cy = gy + (f64::from(client_y) - r.top()) / r.height() * gh;
        camera.center_on(cx, cy);
    };
    let view_rect = move || camera.visible();
    view! {
        <Show when=move || !camera.shows_all()>
            <svg
                class="minimap"
                data-testid="minimap"
                aria-hidden="true"
                node_ref=map_ref
                width=text(move || num(size.get().0))
                height=text(move || num(size.get().1))
                viewBox=text(move || {
                    let (x, y, w, h) = camera.whole();
                    format!("{} {} {} {}", num(x), num(y), num(w), num(h))
                })
                preserveAspectRatio="none"
                on:pointerdown=move |ev: leptos::ev::PointerEvent| {
                    ev.prevent_default();
                    dragging.set_value(true);
                    move_to(ev.client_x(), ev.client_y());
                }
                on:pointermove=move |ev: leptos::ev::PointerEvent| {
                    if dragging.get_value() && ev.buttons() != 0 {
                        move_to(ev.client_x(), ev.client_y());
                    } else {
                        dragging.set_value(false);
                    }
                }
                on:pointerup=move |_| dragging.set_value(false)
            >
                <path class="minimap__namespaces" d=text(move || outline.with(|o| o.0.clone()))></path>
                <path class="minimap__nodes" d=text(move || outline.with(|o| o.1.clone()))></path>
                <rect
                    class="minimap__view"
                    data-testid="minimap-view"
                    x=text(move || num(view_rect().0))
                    y=text(move || num(view_rect().1))
                    width=text(move || num(view_rect().2))
                    height=text(move || num(view_rect().3))
                ></rect>
            </svg>
        </Show>
    }
}

/// The selector query box, what it matches, what is not drawn, and the zoom
/// buttons.
#[component]
fn GraphToolbar(
    /// The view the zoom buttons change.
    camera: Camera,
    /// The pods the query matches.
    matching: Memo<Option<HashSet<String>>>,
    /// The node focus mode is on.
    focus: RwSignal<Option<String>>,
    /// The drawing, exported by the SVG and PNG buttons.
    svg_ref: NodeRef<leptos::svg::Svg>,
) -> impl IntoView {
    let state = camera.state;
    let export = move |png: bool| {
        let Some(svg) = svg_ref.get_untracked() else {
            return;
        };
        let svg: &web_sys::Element = &svg;
        let bounds = camera.whole();
        if png {
            super::graph_export::save_png(svg, bounds);
        } else {
            super::graph_export::save_svg(svg, bounds);
        }
    };
    let error = move || state.query_selector.with(|q| q.as_ref().err().cloned());
    let result = text(move || match (error(), matching.get()) {
        (Some((col, msg)), _) => format!("column {col}: {msg}"),
        (None, Some(m)) => format!("{} pods match", m.len()),
        _ => String::new(),
    });
    let hidden = text(move || {
        state
            .layout
            .with(|l| match (l.hidden_services, l.hidden_edges) {
                (0, 0) => String::new(),
                (s, e) => format!(
                    "not drawn (too many): {s} Services, {e} edges; the panels list every endpoint"
                ),
            })
    });
    view! {
        <div class="graph-toolbar">
            <label class="query">
                <span class="query__label">"Selector"</span>
                <input
                    class="query__input"
                    data-testid="query"
                    type="text"
                    spellcheck="false"
                    placeholder="tier in (web,api),!canary"
                    aria-label="Label selector: light up the pods it matches"
                    aria-invalid=text(move || error().is_some().to_string())
                    prop:value=text(move || state.query.get())
                    on:input=move |ev| state.query.set(event_target_value(&ev))
                />
                <span class="query__result" data-testid="query-result" aria-live="polite">{result}</span>
            </label>
            <span class="query__result" data-testid="hidden-edges">{hidden}</span>
            <GraphFilterMenu/>
            <Show when=move || focus.with(Option::is_some)>
                <button class="button button--small graph-focus-chip" data-testid="show-all" on:click=move |_| focus.set(None)>
                    {move || format!("Focus: {} · show all ✕", focus.get().unwrap_or_default())}
                </button>
            </Show>
            <super::slicing::AnalysingMark/>
            <div class="graph-toolbar__buttons">
                <button class="button button--small" aria-label="Zoom in (+)" on:click=move |_| camera.zoom_center(1.0 / 1.25)>"+"</button>
                <button class="button button--small" aria-label="Zoom out (−)" on:click=move |_| camera.zoom_center(1.25)>"−"</button>
                <button class="button button--small" aria-label="Actual size (0)" data-testid="zoom-100" on:click=move |_| camera.actual_size()>"100%"</button>
                <button class="button button--small" aria-label="Fit (f)" data-testid="fit" on:click=move |_| camera.fit()>"Fit"</button>
                <button class="button button--small" aria-label="Export the graph as SVG" data-testid="export-svg" on:click=move |_| export(false)>"SVG"</button>
                <button class="button button--small" aria-label="Export the graph as PNG" data-testid="export-png" on:click=move |_| export(true)>"PNG"</button>
            </div>
        </div>
    }
}

/// The graph's filter: which kinds and namespaces are drawn. Hidden items
/// leave the layout; the choice is view state, never written in the text.
#[component]
fn GraphFilterMenu() -> impl IntoView {
    use crate::engine::render::graph::GraphFilter;
    let state = use_app_state();
    let filter = state.graph_filter;
    let namespaces = Memo::new(move |_| {
        state.analysis.with(|a| {
            let mut out: Vec<String> = a
                .services
                .iter()
                .map(|s| s.service.meta.namespace.clone())
                .chain(a.pods.iter().map(|p| p.pod.meta.namespace.clone()))
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect();
            out.dedup();
            out
        })
    });
    let summary = text(move || {
        filter.with(|f| {
            let n = f.namespaces.len()
                + [f.services, f.pods, f.addresses]
                    .iter()
                    .filter(|b| **b)
                    .count();
            if n == 0 {
                "Filter".to_string()
            } else {
                format!("Filter ({n} hidden)")
            }
        })
    });
    let kind = move |label: &'static str,
                     get: fn(&GraphFilter) -> bool,
                     set: fn(&mut GraphFilter, bool)| {
        view! {
            <label class="graph-filter__item">
                <input
                    type="checkbox"
                    data-testid=format!("filter-{}", label.to_lowercase())
                    prop:checked=flag(move || !filter.with(get))
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        filter.update(|f| set(f, !on));
                    }
                />
                {label}
            </label>
        }
    };
    // A button and a popup, not a <details>: a closed <details> is a
    // display lock, which makes Chromium replace a selection in time
    // quadratic in the text pasted.
    let open = RwSignal::new(false);
    let menu_ref = NodeRef::<leptos::html::Div>::new();
    let on_focus_out = move |ev: leptos::ev::FocusEvent| {
        let inside = ev
            .related_target()
            .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
            .zip(menu_ref.get_untracked())
            .is_some_and(|(t, menu)| menu.contains(Some(&t)));
        if !inside {
            open.set(false);
        }
    };
    view! {
        <div
            class="graph-filter"
            data-testid="graph-filter"
            node_ref=menu_ref
            on:focusout=on_focus_out
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                if ev.key() == "Escape" {
                    open.set(false);
                }
            }
        >
            <button
                class="button button--small"
                data-testid="graph-filter-button"
                aria-haspopup="true"
                aria-expanded=text(move || open.get().to_string())
                on:click=move |_| open.update(|o| *o = !*o)
            >
                {summary}
            </button>
            <Show when=move || open.get()>
            <div class="graph-filter__menu">
                <fieldset>
                    <legend>"Kinds"</legend>
                    {kind("Services", |f| f.services, |f, v| f.services = v)}
                    {kind("Pods", |f| f.pods, |f, v| f.pods = v)}
                    {kind("Addresses", |f| f.addresses, |f, v| f.addresses = v)}
                </fieldset>
                <fieldset>
                    <legend>"Namespaces"</legend>
                    <For
                        each=move || namespaces.get()
                        key=|ns| ns.clone()
                        children=move |ns| {
                            let (a, b) = (ns.clone(), ns.clone());
                            view! {
                                <label class="graph-filter__item">
                                    <input
                                        type="checkbox"
                                        data-testid="filter-namespace"
                                        prop:checked=flag(move || !filter.with(|f| f.namespaces.contains(&a)))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            filter.update(|f| {
                                                if on {
                                                    f.namespaces.remove(&b);
                                                } else {
                                                    f.namespaces.insert(b.clone());
                                                }
                                            });
                                        }
                                    />
                                    {ns}
                                </label>
                            }
                        }
                    />
                </fieldset>
            </div>
            </Show>
        </div>
    }
}

/// What the graph cannot show, over it: an invitation when the text is
/// empty; when the text reads as nothing but errors, the first error (the
/// graph below is the last one that read, dimmed).
#[component]
fn GraphNotice() -> impl IntoView {
    let state = use_app_state();
    let empty = flag(move || state.source.with(|t| t.trim().is_empty()));
    let error = text(move || {
        state.analysis.with(|a| {
            if !super::unreadable(a) {
                return String::new();
            }
            a.diagnostics
                .iter()
                .find(|d| d.severity == crate::engine::Severity::Error)
                .map(|d| match &d.span {
                    Some(s) => format!(
                        "Line {}, column {}: {}",
                        s.start.line, s.start.column, d.message
                    ),
                    None => d.message.clone(),
                })
                .unwrap_or_default()
        })
    });
    let example = move |_| super::history::open_example(state, &super::examples::EXAMPLES[0]);
    view! {
        <Show when=move || empty.get()>
            <div class="graph-notice" data-testid="graph-empty" role="status">
                <p class="graph-notice__title">"Paste YAML, drop a file, or pick an example"</p>
                <p class="graph-notice__hint">"Services, Pods, workloads, Endpoints and EndpointSlices: several documents, JSON, or a "<code>"kind: List"</code>" as "<code>"kubectl get -o yaml"</code>" prints it."</p>
                <button class="button" on:click=example>"Open the first example"</button>
            </div>
        </Show>
        <Show when=move || !empty.get() && state.analysis.with(super::unreadable)>
            <div class="graph-notice graph-notice--error" data-testid="graph-stale" role="status">
                <p class="graph-notice__title">{error}</p>
                <p class="graph-notice__hint">"The graph below is from the last text that read."</p>
            </div>
        </Show>
    }
}

/// The key to edge styles: colour is never the only signal (dashes and words too).
#[component]
fn Legend() -> impl IntoView {
    let items = [
        ("ready", "ready"),
        ("not-ready", "not ready"),
        ("terminating", "terminating"),
        ("excluded", "excluded"),
        ("near-miss", "near miss"),
    ]
    .map(|(state, label)| {
        view! {
            <li class="legend__item">
                <svg width="36" height="10" aria-hidden="true">
                    <line x1="0" y1="5" x2="36" y2="5" class=format!("graph__edge graph__edge--{state}")></line>
                </svg>
                {label}
            </li>
        }
    });
    view! {
        <ul class="legend" aria-label="Edge states">
            {items}
            <li class="legend__item">"* simulated"</li>
            <li class="legend__item">"Shift+click: focus"</li>
        </ul>
    }
}

/// The SVG definitions every edge shares: the arrowhead.
#[component]
fn GraphDefs() -> impl IntoView {
    view! {
        <defs>
            <marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="4.5" markerHeight="4.5" orient="auto-start-reverse">
                <path d="M 0 0 L 10 5 L 0 10 z" class="graph__arrow"></path>
            </marker>
        </defs>
    }
}

/// A namespace band or a workload's dashed box, with its label.
#[component]
fn GroupBox(
    /// The group, positioned.
    group: LayoutGroup,
) -> impl IntoView {
    let g = group;
    view! {
        <g class=format!("graph__group graph__group--{}", g.kind)>
            <rect x=num(g.x) y=num(g.y) width=num(g.w) height=num(g.h) rx="8"></rect>
            <text x=num(g.x + 8.0) y=num(g.y + 13.0) class="graph__group-label">{fit_text(&g.label, g.w - 14.0, sans_11, false)}</text>
        </g>
    }
}

/// An edge from a Service to a pod (or group, or address): a curve styled by
/// the endpoint state, with the target ports at its end.
#[component]
fn EdgePath(
    /// The edge, positioned.
    edge: LayoutEdge,
    /// What is lit: the edge is highlighted with its Service or pod and dimmed otherwise.
    lit: Highlight,
) -> impl IntoView {
    let e = edge;
    let mx = num((e.x1 + e.x2) / 2.0);
    let (x1, y1, x2, y2) = (num(e.x1), num(e.y1), num(e.x2), num(e.y2));
    let state = e.state.as_str();
    let kind = if e.count > 1 || e.label.starts_with('×') {
        "edge-group"
    } else {
        "edge"
    };
    let marker = (e.state != EndpointState::NearMiss).then_some("url(#arrow)");
    let label = (!e.label.is_empty()).then(|| {
        view! {
            <text x=num(e.x2 - 6.0) y=num(e.label_y) class="graph__edge-label" text-anchor="end">{e.label}</text>
        }
    });
    let (from, to) = (e.from.clone(), e.to.clone());
    let ends: Arc<(String, String)> = Arc::new((e.from, e.to));
    let (ends2, ends3) = (ends.clone(), ends.clone());
    view! {
        <g
            class=format!("graph__edge-group graph__edge-group--{state}")
            class:is-highlighted=flag(move || lit.edge_lit(&ends.0, &ends.1) == Some(true))
            class:is-dimmed=flag(move || lit.edge_lit(&ends2.0, &ends2.1) == Some(false))
            class:is-hidden=flag(move || lit.is_hidden(NodeKind::Service, &ends3.0) || lit.is_hidden(NodeKind::Pod, &ends3.1))
        >
            <path
                class=format!("graph__edge graph__edge--{state}")
                d=format!("M {x1} {y1} C {mx} {y1}, {mx} {y2}, {x2} {y2}")
                data-kind=kind
                data-from=from
                data-to=to
                data-state=state
                marker-end=marker
            ></path>
            {label}
        </g>
    }
}

/// A graph node — Service, port, pod, collapsed workload or external
/// address — drawn as a box: a rounded rectangle, its label and detail lines,
/// a tooltip; focusable, and activated by a click, Enter or Space (what that
/// does depends on its kind). One function for all kinds keeps one copy of
/// this view in the WebAssembly.
#[inline(never)]
fn node_box(state: AppState, n: LayoutNode, lit: Highlight) -> AnyView {
    let kind = n.kind;
    let mut class = format!("graph__node graph__node--{}", kind.as_str());
    if n.simulated {
        class.push_str(" graph__node--simulated");
    }
    let port = kind == NodeKind::Port;
    // Texts are shortened to the box (the tooltip has them whole). Not
    // clipped: a nested <svg> per node (a clip) made each keystroke on the
    // 200-object benchmark 4× slower (17 → 78 ms median).
    let (pad, label_y, label_class, label) = if port {
        (
            4.0,
            8.0,
            "graph__port-label",
            fit_text(&n.label, n.w - 8.0, mono_9, false),
        )
    } else {
        (
            7.0,
            13.0,
            "graph__label",
            fit_text(&n.label, n.w - 14.0, sans_13_bold, true),
        )
    };
    let aria = format!(
        "{} {}: {}",
        kind.as_str(),
        n.name,
        n.tooltip.replace('\n', "; ")
    );
    let details = n
        .details
        .iter()
        .enumerate()
        .map(|(i, d)| {
            view! { <text x=num(n.x + pad) y=num(n.y + 24.0 + 12.0 * i as f64) class="graph__detail">{fit_text(d, n.w - 14.0, mono_10, false)}</text> }
        })
        .collect_view();
    let name: Arc<str> = n.name.into();
    let (n1, n2, n3, n4, n5, n6) = (
        name.clone(),
        name.clone(),
        name.clone(),
        name.clone(),
        name.clone(),
        name.clone(),
    );
    let refs = n.refs;
    // Shift: focus mode on a Service (or its port) or a pod.
    let focus_on = move |name: &str| {
        let target = match kind {
            NodeKind::Port => name.rsplit_once(':').map_or(name, |(s, _)| s),
            _ => name,
        };
        lit.focus.set(Some(target.to_string()));
    };
    view! {
        <g
            class=class
            class:is-selected=flag(move || lit.is_selected(kind, &n1))
            class:is-related=flag(move || lit.is_related(&n2))
            class:is-match=flag(move || lit.is_match(kind, &n3))
            class:is-unmatched=flag(move || lit.is_unmatched(kind, &refs))
            class:is-hidden=flag(move || lit.is_hidden(kind, &n5))
            data-kind=kind.as_str()
            data-name=name.to_string()
            aria-label=aria
            role="button"
            tabindex="0"
            on:click=move |ev: leptos::ev::MouseEvent| {
                if shift_held(&ev) && kind != NodeKind::PodGroup {
                    focus_on(&n6);
                }
                activate(state, kind, &name);
            }
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                if ev.key() == "Enter" || ev.key() == " " {
                    ev.prevent_default();
                    if ev.shift_key() && kind != NodeKind::PodGroup {
                        focus_on(&n4);
                    }
                    activate(state, kind, &n4);
                }
            }
        >
            <rect x=num(n.x) y=num(n.y) width=num(n.w) height=num(n.h) rx="5"></rect>
            <text x=num(n.x + pad) y=num(n.y + label_y) class=label_class>{label}</text>
            {details}
        </g>
    }
    .into_any()
}
/// Width of a character of `.graph__detail` (10 px monospace: 0.6 em).
fn mono_10(_: char) -> f64 {
    6.0
}

/// Width of a character of `.graph__port-label` (9 px monospace).
fn mono_9(_: char) -> f64 {
    5.4
}

/// Width of a character of `.graph__label` (600 13 px sans-serif), as
/// DejaVu Sans Bold draws it, the widest font of the stack (narrower ones
/// leave some room): narrow, wide and other characters.
fn sans_13_bold(c: char) -> f64 {
    match c {
        'i' | 'j' | 'l' | '.' | ',' | ':' | '\'' | '|' | '!' => 4.5,
        'f' | 't' | 'r' | '-' | '(' | ')' | '/' | ' ' | '1' => 6.2,
        'm' | 'w' | 'M' | 'W' | '@' | '%' => 13.0,
        c if c.is_ascii_uppercase() => 10.0,
        _ => 8.8,
    }
}

/// Width of a character of `.graph__group-label` (11 px sans-serif): the
/// bold 13 px widths scaled down.
fn sans_11(c: char) -> f64 {
    sans_13_bold(c) * 0.8
}

/// `s` shortened with `…` to fit `room` pixels, `width` giving each
/// character's: in the middle for names (their ends tell pods apart: the
/// workload and the hash), at the end otherwise.
fn fit_text(s: &str, room: f64, width: fn(char) -> f64, middle: bool) -> String {
    let total: f64 = s.chars().map(width).sum();
    if total <= room {
        return s.to_string();
    }
    let room = room - width('…');
    let chars: Vec<char> = s.chars().collect();
    let (mut head, mut tail, mut used) = (0, 0, 0.0);
    // Take characters from the front (and, for names, alternately from the
    // back) while they fit.
    loop {
        let from_back = middle && tail < head;
        let c = if from_back {
            chars[chars.len() - 1 - tail]
        } else {
            chars[head]
        };
        if head + tail == chars.len() || used + width(c) > room {
            break;
        }
        used += width(c);
        if from_back {
            tail += 1;
        } else {
            head += 1;
        }
    }
    let mut out: String = chars[..head].iter().collect();
    out.push('…');
    out.extend(&chars[chars.len() - tail..]);
    out
}

/// Formats a coordinate with at most two decimals using integer arithmetic:
/// the float formatter alone would add about 10 KB to the WebAssembly.
pub(super) fn num(v: f64) -> String {
    let hundredths = (v * 100.0).round();
    if !hundredths.is_finite() || hundredths.abs() > 1e15 {
        return "0".into();
    }
    let n = hundredths as i64;
    let sign = if n < 0 { "-" } else { "" };
    let (int, frac) = (n.unsigned_abs() / 100, n.unsigned_abs() % 100);
    match frac {
        0 => format!("{sign}{int}"),
        f if f % 10 == 0 => format!("{sign}{int}.{}", f / 10),
        f => format!("{sign}{int}.{f:02}"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn coordinates_format_like_numbers() {
        for (v, s) in [
            (0.0, "0"),
            (12.0, "12"),
            (-8.0, "-8"),
            (1.5, "1.5"),
            (-0.25, "-0.25"),
            (12.34567, "12.35"),
            (-0.004, "0"),
            (f64::NAN, "0"),
        ] {
            assert_eq!(super::num(v), s, "{v}");
        }
    }

    #[test]
    fn long_texts_are_shortened_to_their_box() {
        use super::fit_text;
        let ten = |_: char| 10.0;
        assert_eq!(fit_text("web-ok", 100.0, ten, true), "web-ok");
        assert_eq!(
            fit_text("web-crashing-7d9f8b6c5d-x2x4q", 100.0, ten, true),
            "web-c…2x4q"
        );
        assert_eq!(
            fit_text("1/2 CrashLoopBackOff · 10.244.123.201", 100.0, ten, false),
            "1/2 Crash…"
        );
        assert_eq!(fit_text("ünïcödé-name", 50.0, ten, false), "ünïc…");
        assert_eq!(fit_text("abc", 0.0, ten, true), "…");
        // Wide characters take more room.
        let wide = |c: char| if c == 'm' { 20.0 } else { 10.0 };
        assert_eq!(fit_text("mmmmaaaa", 70.0, wide, false), "mmm…");
    }
}
