//! `<GraphView/>`: the Service → port → Pod graph as SVG, from the engine's
//! layout. Click a Service or pod to select it, a collapsed workload to expand
//! it; wheel to zoom, drag to pan, "Fit" to see everything. The selector box
//! lights up the pods a selector matches, as `kubectl get pods -l` would.
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

/// Whether an event happened on a drawn node or edge (not the background).
fn on_graph_item(ev: &web_sys::Event) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("[data-kind]").ok().flatten())
        .is_some()
}

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
                // The full width when it nearly fits, else at 100 %, from
                // the top left: as much as the screen shows.
                Some((sw, sh)) => {
                    let scale = if w <= sw * 1.25 { sw / w } else { 1.0 };
                    let (vw, vh) = (sw / scale, sh / scale);
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
        self.view_box.set(Some(self.whole()));
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
    let lit = Highlight {
        selected: state.selected,
        related: related_to(state),
        matching,
    };
    // Each list yields (key, index into the current layout): the index is
    // only read while drawing a new item, from the layout that listed it.
    let layout = state.layout;
    view! {
        <div class="graph-view" class:graph-view--stale=flag(move || state.analysis.with(super::unreadable))>
            <GraphToolbar camera matching/>
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
            </div>
        </div>
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
) -> impl IntoView {
    let state = camera.state;
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
            <super::slicing::AnalysingMark/>
            <div class="graph-toolbar__buttons">
                <button class="button button--small" aria-label="Zoom in" on:click=move |_| camera.zoom_center(1.0 / 1.25)>"+"</button>
                <button class="button button--small" aria-label="Zoom out" on:click=move |_| camera.zoom_center(1.25)>"−"</button>
                <button class="button button--small" aria-label="Fit" data-testid="fit" on:click=move |_| camera.fit()>"Fit"</button>
            </div>
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
        </ul>
    }
}

/// The SVG definitions every edge shares: the arrowhead.
#[component]
fn GraphDefs() -> impl IntoView {
    view! {
        <defs>
            <marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
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
            <text x=num(g.x + 8.0) y=num(g.y + 13.0) class="graph__group-label">{g.label}</text>
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
    let title = format!("{} → {}: {}", e.from, e.to, e.reason);
    let marker = (e.state != EndpointState::NearMiss).then_some("url(#arrow)");
    let label = (!e.label.is_empty()).then(|| {
        view! {
            <text x=num(e.x2 - 6.0) y=num(e.label_y) class="graph__edge-label" text-anchor="end">{e.label}</text>
        }
    });
    let (from, to) = (e.from.clone(), e.to.clone());
    let ends: Arc<(String, String)> = Arc::new((e.from, e.to));
    let ends2 = ends.clone();
    view! {
        <g
            class=format!("graph__edge-group graph__edge-group--{state}")
            class:is-highlighted=flag(move || lit.edge_lit(&ends.0, &ends.1) == Some(true))
            class:is-dimmed=flag(move || lit.edge_lit(&ends2.0, &ends2.1) == Some(false))
        >
            <path
                class=format!("graph__edge graph__edge--{state}")
                d=format!("M {x1} {y1} C {mx} {y1}, {mx} {y2}, {x2} {y2}")
                data-kind=kind
                data-from=from
                data-to=to
                data-state=state
                marker-end=marker
            >
                <title>{title}</title>
            </path>
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
    let room = n.w - 16.0;
    let (label_y, label_class, label) = if port {
        (
            15.0,
            "graph__port-label",
            fit_text(&n.label, room, mono_11, false),
        )
    } else {
        (
            17.0,
            "graph__label",
            fit_text(&n.label, room, sans_13_bold, true),
        )
    };
    let aria = format!("{} {}: {}", kind.as_str(), n.name, n.details.join(", "));
    let details = n
        .details
        .iter()
        .enumerate()
        .map(|(i, d)| {
            view! { <text x=num(n.x + 10.0) y=num(n.y + 32.0 + 14.0 * i as f64) class="graph__detail">{fit_text(d, room, mono_11, false)}</text> }
        })
        .collect_view();
    let name: Arc<str> = n.name.into();
    let (n1, n2, n3, n4) = (name.clone(), name.clone(), name.clone(), name.clone());
    view! {
        <g
            class=class
            class:is-selected=flag(move || lit.is_selected(kind, &n1))
            class:is-related=flag(move || lit.is_related(&n2))
            class:is-match=flag(move || lit.is_match(kind, &n3))
            data-kind=kind.as_str()
            data-name=name.to_string()
            aria-label=aria
            role="button"
            tabindex="0"
            on:click=move |_| activate(state, kind, &name)
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                if ev.key() == "Enter" || ev.key() == " " {
                    ev.prevent_default();
                    activate(state, kind, &n4);
                }
            }
        >
            <title>{n.tooltip}</title>
            <rect x=num(n.x) y=num(n.y) width=num(n.w) height=num(n.h) rx=if port { "11" } else { "6" }></rect>
            <text x=num(n.x + 10.0) y=num(n.y + label_y) class=label_class>{label}</text>
            {details}
        </g>
    }
    .into_any()
}
/// Width of a character of `.graph__detail` and `.graph__port-label`
/// (11 px monospace: 0.6 em).
fn mono_11(_: char) -> f64 {
    6.7
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
fn num(v: f64) -> String {
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
