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
//!
//! Here: the component, its events and keys. Beside it: [`camera`] (the
//! view: zoom, pan, *Fit*), [`items`] (group boxes, edges, node boxes and
//! their keys), [`highlight`] (selection, query matches, focus mode),
//! [`minimap`], [`toolbar`] (toolbar, filter menu, notices, legend) and
//! [`text_fit`] (text widths, shortening, SVG numbers).

use super::{browser, flag, text, use_app_state};
use leptos::prelude::*;
use std::collections::HashSet;
use wasm_bindgen::JsCast;

mod camera;
mod highlight;
mod items;
mod minimap;
mod text_fit;
mod toolbar;
mod vantage;

use camera::Camera;
use highlight::{
    bounds_of, graph_item, nearest_in_direction, neighbourhood, on_graph_item, related_to,
    tooltip_of, Highlight,
};
use items::{edge_key, group_key, node_box, node_key, EdgePath, GraphDefs, GroupBox};
use minimap::Minimap;
pub(super) use text_fit::num;
use toolbar::{GraphNotice, GraphToolbar, Legend};
use vantage::{edge_routes, VantageChoice};

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
    // Where traffic starts, and what kube-proxy there does with each edge.
    let vantage = VantageChoice::new();
    let routes = edge_routes(vantage, state.analysis, state.layout);
    // The tooltip over the graph: text and place in the box, in pixels.
    let tip = RwSignal::new(None::<(String, f64, f64)>);
    let show_tip = move |el: &web_sys::Element, at: Option<(f64, f64)>| {
        let (Some(b), Some(text)) = (
            box_ref.get_untracked(),
            state
                .layout
                .with_untracked(|l| tooltip_of(l, el))
                .map(|t| routes.with_untracked(|r| vantage::with_route(t, r.as_deref(), el))),
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
        route: routes,
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
            <GraphToolbar camera matching focus svg_ref vantage routes/>
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
