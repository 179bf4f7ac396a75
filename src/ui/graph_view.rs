//! `<GraphView/>`: the Service → port → Pod graph as SVG, from the engine's
//! layout. Click a Service or pod to select it, a collapsed workload to expand
//! it; wheel to zoom, drag to pan, "Fit" to see everything. The selector box
//! lights up the pods a selector matches, as `kubectl get pods -l` would.
//!
//! The SVG content is drawn with the plain DOM builder ([`super::dom`]): each
//! group, edge and node is keyed by a hash of everything drawn for it, so a new
//! layout reuses the elements that did not change and only moves, adds or
//! removes the others. Selection, relation and query matches are classes set
//! on the drawn elements; one listener on the SVG handles clicks and keys.

use super::dom::{reconcile, El};
use super::{use_app_state, Selection, Tab};
use crate::engine::controllers::resolve::EndpointState;
use crate::engine::render::graph::{LayoutEdge, LayoutGroup, LayoutNode, NodeKind};
use leptos::prelude::*;
use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use wasm_bindgen::JsCast;

/// A key that changes whenever anything drawn for a node changes, so a new
/// layout only rebuilds the nodes that did change.
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

fn group_key(g: &LayoutGroup) -> u64 {
    let mut h = DefaultHasher::new();
    (3u8, &g.kind, &g.label).hash(&mut h);
    (g.x.to_bits(), g.y.to_bits(), g.w.to_bits(), g.h.to_bits()).hash(&mut h);
    h.finish()
}

/// The drawn elements of the current layout, by key, with what decorating
/// them needs: a node's kind and name, an edge's ends.
#[derive(Default)]
struct Drawn {
    elements: HashMap<u64, web_sys::Element>,
    nodes: Vec<(NodeKind, String, web_sys::Element)>,
    edges: Vec<(String, String, web_sys::Element)>,
    /// Some element carries a selection class.
    decorated: bool,
}

/// The graph, its toolbar and the selector query box.
#[component]
pub fn GraphView() -> impl IntoView {
    let state = use_app_state();
    // The visible part of the graph; None = fit everything.
    let view_box = RwSignal::new(None::<(f64, f64, f64, f64)>);
    let drag = StoredValue::new(None::<(f64, f64)>);
    let svg_ref = NodeRef::<leptos::svg::Svg>::new();
    let groups_ref = NodeRef::<leptos::svg::G>::new();
    let edges_ref = NodeRef::<leptos::svg::G>::new();
    let nodes_ref = NodeRef::<leptos::svg::G>::new();
    let drawn = StoredValue::new_local(Drawn::default());
    let input = El::new("input")
        .class("query__input")
        .attr("data-testid", "query")
        .attr("type", "text")
        .attr("spellcheck", "false")
        .attr("placeholder", "tier in (web,api),!canary")
        .attr("aria-label", "Label selector: light up the pods it matches")
        .into_element();
    let result = El::leaf("span", "query__result", "")
        .attr("data-testid", "query-result")
        .attr("aria-live", "polite")
        .into_element();
    let hidden = El::leaf("span", "query__result", "")
        .attr("data-testid", "hidden-edges")
        .into_element();
    let hidden_drawn = hidden.clone();

    let fit = move || {
        let l = state.layout.get();
        (-8.0, -8.0, l.width + 16.0, l.height + 16.0)
    };
    let current = move || view_box.get().unwrap_or_else(fit);
    let vb = move || {
        let (x, y, w, h) = current();
        format!("{} {} {} {}", num(x), num(y), num(w), num(h))
    };
    let zoom = move |factor: f64, cx: f64, cy: f64| {
        let (x, y, w, h) = current();
        let (nw, nh) = (w * factor, h * factor);
        view_box.set(Some((
            cx - (cx - x) * factor,
            cy - (cy - y) * factor,
            nw,
            nh,
        )));
    };
    // The graph point under the pointer.
    let to_graph = move |client_x: f64, client_y: f64| -> Option<(f64, f64)> {
        let svg = svg_ref.get()?;
        let r = svg.get_bounding_client_rect();
        let (x, y, w, h) = current();
        if r.width() <= 0.0 || r.height() <= 0.0 {
            return None;
        }
        // preserveAspectRatio xMidYMin meet: one scale for both axes.
        let scale = (w / r.width()).max(h / r.height());
        let offset_x = (r.width() * scale - w) / 2.0;
        Some((
            x - offset_x + (client_x - r.left()) * scale,
            y + (client_y - r.top()) * scale,
        ))
    };
    let on_wheel = move |ev: leptos::ev::WheelEvent| {
        if !(ev.ctrl_key() || ev.meta_key() || ev.alt_key()) {
            return; // plain wheel scrolls the page; Ctrl/⌘ + wheel zooms
        }
        ev.prevent_default();
        if let Some((cx, cy)) = to_graph(f64::from(ev.client_x()), f64::from(ev.client_y())) {
            zoom(if ev.delta_y() > 0.0 { 1.15 } else { 1.0 / 1.15 }, cx, cy);
        }
    };
    // The graph element (node or edge) an event happened on, if any.
    let target_of = |ev: &web_sys::Event| {
        ev.target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("[data-kind]").ok().flatten())
    };
    let on_down = move |ev: leptos::ev::PointerEvent| {
        if target_of(&ev).is_none() {
            drag.set_value(to_graph(f64::from(ev.client_x()), f64::from(ev.client_y())));
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
        if let Some((px, py)) = to_graph(f64::from(ev.client_x()), f64::from(ev.client_y())) {
            let (x, y, w, h) = current();
            view_box.set(Some((x + sx - px, y + sy - py, w, h)));
        }
    };
    let on_up = move |_| drag.set_value(None);
    let center = move || {
        let (x, y, w, h) = current();
        (x + w / 2.0, y + h / 2.0)
    };
    // A click or Enter/Space on a node selects it (or expands a workload).
    let activate = move |el: &web_sys::Element| {
        let name = el.get_attribute("data-name").unwrap_or_default();
        match el.get_attribute("data-kind").as_deref() {
            Some("service" | "port") => {
                let svc = name.split(':').next().unwrap_or_default().to_string();
                state.selected.set(Some(Selection::Service(svc)));
                state.tab.set(Tab::Details);
            }
            Some("pod") => {
                state.selected.set(Some(Selection::Pod(name)));
                state.tab.set(Tab::Details);
            }
            Some("pod-group") => state.expanded.update(|e| {
                e.insert(name);
            }),
            _ => {}
        }
    };
    let on_click = move |ev: leptos::ev::MouseEvent| match target_of(&ev) {
        None => state.selected.set(None),
        Some(el) => activate(&el),
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Enter" || ev.key() == " " {
            if let Some(el) = target_of(&ev) {
                ev.prevent_default();
                activate(&el);
            }
        }
    };
    let query_error = move || state.query_selector.get().err();
    let matching = Memo::new(move |_| {
        let Ok(Some(sel)) = state.query_selector.get() else {
            return None;
        };
        Some(state.analysis.with(|a| {
            a.pods
                .iter()
                .filter(|p| sel.matches(&p.pod.meta.labels))
                .map(|p| format!("{}/{}", p.pod.meta.namespace, p.pod.meta.name))
                .collect::<HashSet<_>>()
        }))
    });
    // The nodes related to the selection: a Service's pods, or the Services selecting a pod.
    let related = Memo::new(move |_| {
        let Some(sel) = state.selected.get() else {
            return HashSet::new();
        };
        state.analysis.with(|a| {
            let key = |ns: &str, name: &str| format!("{ns}/{name}");
            let mut out = HashSet::new();
            for r in &a.services {
                let svc = key(&r.service.meta.namespace, &r.service.meta.name);
                for b in &r.backends {
                    let p = &a.pods[b.pod].pod;
                    let pod = key(&p.meta.namespace, &p.meta.name);
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
    });
    // Selection, related and matched classes on the drawn elements.
    let decorate = move || {
        let selected = state.selected.get_untracked();
        related.with_untracked(|related| {
            matching.with_untracked(|matching| {
                drawn.update_value(|d| {
                    if selected.is_none() && matching.is_none() && !d.decorated {
                        return;
                    }
                    d.decorated = selected.is_some() || matching.is_some();
                    for (kind, name, el) in &d.nodes {
                        let is_selected = match (&selected, kind) {
                            (Some(Selection::Service(s)), NodeKind::Service) => s == name,
                            (Some(Selection::Pod(p)), NodeKind::Pod) => p == name,
                            _ => false,
                        };
                        let matched = *kind == NodeKind::Pod
                            && matching.as_ref().is_some_and(|m| m.contains(name));
                        let list = el.class_list();
                        let _ = list.toggle_with_force("is-selected", is_selected);
                        let _ = list.toggle_with_force("is-related", related.contains(name));
                        let _ = list.toggle_with_force("is-match", matched);
                    }
                    for (from, to, el) in &d.edges {
                        let highlighted = match &selected {
                            Some(Selection::Service(s)) => s == from,
                            Some(Selection::Pod(p)) => p == to,
                            None => false,
                        };
                        let list = el.class_list();
                        let _ = list.toggle_with_force("is-highlighted", highlighted);
                        let _ =
                            list.toggle_with_force("is-dimmed", selected.is_some() && !highlighted);
                    }
                })
            })
        })
    };
    // Draw each new layout, reusing the elements of unchanged items.
    Effect::new(move |_| {
        let layout = state.layout.get();
        let (Some(gl), Some(el), Some(nl)) = (groups_ref.get(), edges_ref.get(), nodes_ref.get())
        else {
            return;
        };
        if let Some(h) = &hidden_drawn {
            h.set_text_content(Some(&match (layout.hidden_services, layout.hidden_edges) {
                (0, 0) => String::new(),
                (s, e) => format!(
                    "not drawn (too many): {s} Services, {e} edges; the panels list every endpoint"
                ),
            }));
        }
        drawn.update_value(|d| {
            let mut old = std::mem::take(&mut d.elements);
            let mut take = |key: u64, build: &dyn Fn() -> El| -> Option<web_sys::Element> {
                let el = old.remove(&key).or_else(|| build().into_element())?;
                d.elements.insert(key, el.clone());
                Some(el)
            };
            let groups: Vec<_> = layout
                .groups
                .iter()
                .filter_map(|g| take(group_key(g), &|| group_el(g)))
                .collect();
            let mut edges = Vec::with_capacity(layout.edges.len());
            let mut edge_ends = Vec::with_capacity(layout.edges.len());
            for e in &layout.edges {
                if let Some(x) = take(edge_key(e), &|| edge_el(e)) {
                    edge_ends.push((e.from.clone(), e.to.clone(), x.clone()));
                    edges.push(x);
                }
            }
            let mut nodes = Vec::with_capacity(layout.nodes.len());
            let mut node_names = Vec::with_capacity(layout.nodes.len());
            for n in &layout.nodes {
                if let Some(x) = take(node_key(n), &|| node_el(n)) {
                    node_names.push((n.kind, n.name.clone(), x.clone()));
                    nodes.push(x);
                }
            }
            // Elements of items gone or changed leave first, so the ones
            // reused stay in place and only new ones are inserted.
            for stale in old.values() {
                stale.remove();
            }
            reconcile(&gl, &groups);
            reconcile(&el, &edges);
            reconcile(&nl, &nodes);
            d.nodes = node_names;
            d.edges = edge_ends;
            // New elements carry no selection class; reused ones keep theirs
            // (`decorated` stays as it was), so decorating them again is needed
            // only when something was decorated.
        });
        decorate();
    });
    Effect::new(move |_| {
        state.selected.track();
        related.track();
        matching.track();
        decorate();
    });
    // The toolbar: the selector box, what it matches, what is not drawn, and
    // the zoom buttons. Drawn once; the texts are set as they change.
    let toolbar_ref = NodeRef::<leptos::html::Div>::new();
    {
        let (input, result, hidden) = (input.clone(), result.clone(), hidden.clone());
        Effect::new(move |_| {
            let Some(bar) = toolbar_ref.get() else { return };
            let tool = |label: &str, action: &str, aria: &str| {
                El::leaf("button", "button button--small", label)
                    .attr("data-action", action)
                    .attr("aria-label", aria)
            };
            let query = El::new("label")
                .class("query")
                .child(El::leaf("span", "query__label", "Selector"))
                .into_element();
            if let Some(q) = &query {
                for el in [&input, &result].into_iter().flatten() {
                    let _ = q.append_with_node_1(el);
                }
            }
            let buttons = El::new("div")
                .class("graph-toolbar__buttons")
                .child(tool("+", "zoom-in", "Zoom in"))
                .child(tool("−", "zoom-out", "Zoom out"))
                .child(tool("Fit", "fit", "Fit").attr("data-testid", "fit"))
                .into_element();
            for el in [query, hidden.clone(), buttons].into_iter().flatten() {
                let _ = bar.append_with_node_1(&el);
            }
        });
    }
    {
        let (input, result) = (input.clone(), result.clone());
        Effect::new(move |_| {
            let text = match (query_error(), matching.get()) {
                (Some((col, msg)), _) => format!("column {col}: {msg}"),
                (None, Some(m)) => format!("{} pods match", m.len()),
                _ => String::new(),
            };
            if let Some(r) = &result {
                r.set_text_content(Some(&text));
            }
            if let Some(i) = &input {
                let _ = i.set_attribute(
                    "aria-invalid",
                    if query_error().is_some() {
                        "true"
                    } else {
                        "false"
                    },
                );
                let q = state.query.get();
                if let Some(i) = i.dyn_ref::<web_sys::HtmlInputElement>() {
                    if i.value() != q {
                        i.set_value(&q);
                    }
                }
            }
        });
    }
    let on_query = move |ev: leptos::ev::Event| {
        let target = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
        if let Some(i) = target {
            state.query.set(i.value());
        }
    };
    let on_tool = move |ev: leptos::ev::MouseEvent| {
        let action = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|t| t.closest("[data-action]").ok().flatten())
            .and_then(|t| t.get_attribute("data-action"));
        let (cx, cy) = center();
        match action.as_deref() {
            Some("zoom-in") => zoom(1.0 / 1.25, cx, cy),
            Some("zoom-out") => zoom(1.25, cx, cy),
            Some("fit") => view_box.set(None),
            _ => {}
        }
    };
    view! {
        <div class="graph-view">
            <div class="graph-toolbar" node_ref=toolbar_ref on:input=on_query on:click=on_tool></div>
            {legend()}
            <svg
                class="graph"
                data-testid="graph"
                role="group"
                aria-label="Services, their ports and the pods they route to"
                viewBox=vb
                preserveAspectRatio="xMidYMin meet"
                node_ref=svg_ref
                on:wheel=on_wheel
                on:pointerdown=on_down
                on:pointermove=on_move
                on:pointerup=on_up
                on:click=on_click
                on:keydown=on_key
            >
                <defs>
                    <marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                        <path d="M 0 0 L 10 5 L 0 10 z" class="graph__arrow"></path>
                    </marker>
                </defs>
                <g node_ref=groups_ref></g>
                <g node_ref=edges_ref></g>
                <g node_ref=nodes_ref></g>
            </svg>
        </div>
    }
}

/// The key to edge styles: colour is never the only signal (dashes and words too).
fn legend() -> impl IntoView {
    let node = NodeRef::<leptos::html::Ul>::new();
    Effect::new(move |_| {
        let Some(ul) = node.get() else { return };
        for (state, label) in [
            ("ready", "ready"),
            ("not-ready", "not ready"),
            ("terminating", "terminating"),
            ("excluded", "excluded"),
            ("near-miss", "near miss"),
        ] {
            let line = El::svg("line")
                .attr("x1", "0")
                .attr("y1", "5")
                .attr("x2", "36")
                .attr("y2", "5")
                .class(&format!("graph__edge graph__edge--{state}"));
            let svg = El::svg("svg")
                .attr("width", "36")
                .attr("height", "10")
                .attr("aria-hidden", "true")
                .child(line);
            let li = El::new("li").class("legend__item").child(svg).text(label);
            if let Some(li) = li.into_element() {
                let _ = ul.append_with_node_1(&li);
            }
        }
        if let Some(li) = El::leaf("li", "legend__item", "* simulated").into_element() {
            let _ = ul.append_with_node_1(&li);
        }
    });
    view! { <ul class="legend" aria-label="Edge states" node_ref=node></ul> }
}

/// `<text>` at a position.
fn text_el(x: f64, y: f64, class: &str, text: &str) -> El {
    El::svg("text")
        .attr("x", &num(x))
        .attr("y", &num(y))
        .class(class)
        .text(text)
}

fn group_el(g: &LayoutGroup) -> El {
    El::svg("g")
        .class(&format!("graph__group graph__group--{}", g.kind))
        .child(
            El::svg("rect")
                .attr("x", &num(g.x))
                .attr("y", &num(g.y))
                .attr("width", &num(g.w))
                .attr("height", &num(g.h))
                .attr("rx", "8"),
        )
        .child(text_el(
            g.x + 8.0,
            g.y + 13.0,
            "graph__group-label",
            &g.label,
        ))
}

fn edge_el(e: &LayoutEdge) -> El {
    let mx = (e.x1 + e.x2) / 2.0;
    let (mx, x1, y1, x2, y2) = (num(mx), num(e.x1), num(e.y1), num(e.x2), num(e.y2));
    let state = e.state.as_str();
    let kind = if e.count > 1 || e.label.starts_with('×') {
        "edge-group"
    } else {
        "edge"
    };
    let mut path = El::svg("path")
        .class(&format!("graph__edge graph__edge--{state}"))
        .attr(
            "d",
            &format!("M {x1} {y1} C {mx} {y1}, {mx} {y2}, {x2} {y2}"),
        )
        .attr("data-kind", kind)
        .attr("data-from", &e.from)
        .attr("data-to", &e.to)
        .attr("data-state", state)
        .child(El::svg("title").text(&format!("{} → {}: {}", e.from, e.to, e.reason)));
    if e.state != EndpointState::NearMiss {
        path = path.attr("marker-end", "url(#arrow)");
    }
    let mut g = El::svg("g")
        .class(&format!("graph__edge-group graph__edge-group--{state}"))
        .child(path);
    if !e.label.is_empty() {
        g = g.child(
            text_el(e.x2 - 6.0, e.y2 - 5.0, "graph__edge-label", &e.label)
                .attr("text-anchor", "end"),
        );
    }
    g
}

fn node_el(n: &LayoutNode) -> El {
    let kind = n.kind;
    let mut class = format!("graph__node graph__node--{}", kind.as_str());
    if n.simulated {
        class.push_str(" graph__node--simulated");
    }
    let port = kind == NodeKind::Port;
    let (label_y, label_class) = if port {
        (n.y + 15.0, "graph__port-label")
    } else {
        (n.y + 17.0, "graph__label")
    };
    El::svg("g")
        .class(&class)
        .attr("data-kind", kind.as_str())
        .attr("data-name", &n.name)
        .attr(
            "aria-label",
            &format!("{} {}: {}", kind.as_str(), n.name, n.details.join(", ")),
        )
        .attr("role", "button")
        .attr("tabindex", "0")
        .child(El::svg("title").text(&n.tooltip))
        .child(
            El::svg("rect")
                .attr("x", &num(n.x))
                .attr("y", &num(n.y))
                .attr("width", &num(n.w))
                .attr("height", &num(n.h))
                .attr("rx", if port { "11" } else { "6" }),
        )
        .child(text_el(n.x + 10.0, label_y, label_class, &n.label))
        .children(
            n.details.iter().enumerate().map(|(i, d)| {
                text_el(n.x + 10.0, n.y + 32.0 + 14.0 * i as f64, "graph__detail", d)
            }),
        )
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
}
