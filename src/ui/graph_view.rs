//! `<GraphView/>`: the Service → port → Pod graph as SVG, from the engine's
//! layout. Click a Service or pod to select it, a collapsed workload to expand
//! it; wheel to zoom, drag to pan, "Fit" to see everything. The selector box
//! lights up the pods a selector matches, as `kubectl get pods -l` would.

use super::{use_app_state, Selection, Tab};
use crate::engine::graph::{LayoutEdge, LayoutGroup, LayoutNode, NodeKind};
use crate::engine::resolve::EndpointState;
use leptos::prelude::*;
use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};

/// A key that changes whenever anything drawn for a node changes, so keyed
/// lists only rebuild the nodes that did change.
fn node_key(n: &LayoutNode) -> u64 {
    let mut h = DefaultHasher::new();
    (
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
    (&e.from, &e.to, e.state, &e.reason, &e.label, e.count).hash(&mut h);
    (
        e.x1.to_bits(),
        e.y1.to_bits(),
        e.x2.to_bits(),
        e.y2.to_bits(),
    )
        .hash(&mut h);
    h.finish()
}

/// The graph, its toolbar and the selector query box.
#[component]
pub fn GraphView() -> impl IntoView {
    let state = use_app_state();
    // The visible part of the graph; None = fit everything.
    let view_box = RwSignal::new(None::<(f64, f64, f64, f64)>);
    let drag = StoredValue::new(None::<(f64, f64)>);
    let svg_ref = NodeRef::<leptos::svg::Svg>::new();
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
    let on_down = move |ev: leptos::ev::PointerEvent| {
        let on_background = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .is_some_and(|el| el.closest("[data-kind]").ok().flatten().is_none());
        if on_background {
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
            }
            out
        })
    });
    view! {
        <div class="graph-view">
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
                        aria-invalid=move || if query_error().is_some() { "true" } else { "false" }
                        prop:value=move || state.query.get()
                        on:input=move |ev| state.query.set(event_target_value(&ev))
                    />
                    <span class="query__result" data-testid="query-result" aria-live="polite">
                        {move || match (query_error(), matching.get()) {
                            (Some((col, msg)), _) => format!("column {col}: {msg}"),
                            (None, Some(m)) => format!("{} pods match", m.len()),
                            _ => String::new(),
                        }}
                    </span>
                </label>
                <div class="graph-toolbar__buttons">
                    <button class="button button--small" aria-label="Zoom in" on:click=move |_| { let (cx, cy) = center(); zoom(1.0 / 1.25, cx, cy) }>"+"</button>
                    <button class="button button--small" aria-label="Zoom out" on:click=move |_| { let (cx, cy) = center(); zoom(1.25, cx, cy) }>"−"</button>
                    <button class="button button--small" data-testid="fit" on:click=move |_| view_box.set(None)>"Fit"</button>
                </div>
            </div>
            <Legend/>
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
                on:click=move |ev: leptos::ev::MouseEvent| {
                    let on_background = ev
                        .target()
                        .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
                        .is_some_and(|el| el.closest("[data-kind]").ok().flatten().is_none());
                    if on_background {
                        state.selected.set(None);
                    }
                }
            >
                <defs>
                    <marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                        <path d="M 0 0 L 10 5 L 0 10 z" class="graph__arrow"></path>
                    </marker>
                </defs>
                <For each=move || state.layout.get().groups key=|g| format!("{}|{}|{}|{}", g.label, num(g.y), num(g.h), num(g.w)) let:g>
                    {group_view(g)}
                </For>
                <For each=move || state.layout.get().edges key=edge_key let:e>
                    {edge_view(e)}
                </For>
                <For each=move || state.layout.get().nodes key=node_key let:n>
                    {node_view(n, matching, related)}
                </For>
            </svg>
        </div>
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
    ];
    view! {
        <ul class="legend" aria-label="Edge states">
            {items
                .into_iter()
                .map(|(state, label)| {
                    view! {
                        <li class="legend__item">
                            <svg width="36" height="10" aria-hidden="true">
                                <line x1="0" y1="5" x2="36" y2="5" class=format!("graph__edge graph__edge--{state}")></line>
                            </svg>
                            {label}
                        </li>
                    }
                })
                .collect_view()}
            <li class="legend__item">"* simulated"</li>
        </ul>
    }
}

fn group_view(g: LayoutGroup) -> impl IntoView {
    let class = format!("graph__group graph__group--{}", g.kind);
    view! {
        <g class=class>
            <rect x=num(g.x) y=num(g.y) width=num(g.w) height=num(g.h) rx="8"></rect>
            <text x=num(g.x + 8.0) y=num(g.y + 13.0) class="graph__group-label">{g.label}</text>
        </g>
    }
}

fn edge_view(e: LayoutEdge) -> impl IntoView {
    let state = use_app_state();
    let mx = (e.x1 + e.x2) / 2.0;
    let (mx, x1, y1, x2, y2) = (num(mx), num(e.x1), num(e.y1), num(e.x2), num(e.y2));
    let d = format!("M {x1} {y1} C {mx} {y1}, {mx} {y2}, {x2} {y2}");
    let title = format!("{} → {}: {}", e.from, e.to, e.reason);
    let (from, to) = (e.from.clone(), e.to.clone());
    let highlighted = move || match state.selected.get() {
        Some(Selection::Service(s)) => s == from,
        Some(Selection::Pod(p)) => p == to,
        None => false,
    };
    let dimmed = {
        let highlighted = highlighted.clone();
        move || state.selected.with(|s| s.is_some()) && !highlighted()
    };
    let kind = if e.count > 1 || e.label.starts_with('×') {
        "edge-group"
    } else {
        "edge"
    };
    let label = (!e.label.is_empty()).then(|| {
        view! { <text x=num(e.x2 - 6.0) y=num(e.y2 - 5.0) class="graph__edge-label" text-anchor="end">{e.label.clone()}</text> }
    });
    view! {
        <g
            class=format!("graph__edge-group graph__edge-group--{}", e.state.as_str())
            class:is-highlighted=highlighted
            class:is-dimmed=dimmed
        >
            <path
                class=format!("graph__edge graph__edge--{}", e.state.as_str())
                d=d
                marker-end=(e.state != EndpointState::NearMiss).then_some("url(#arrow)")
                data-kind=kind
                data-from=e.from.clone()
                data-to=e.to.clone()
                data-state=e.state.as_str()
            >
                <title>{title}</title>
            </path>
            {label}
        </g>
    }
}

fn node_view(
    n: LayoutNode,
    matching: Memo<Option<HashSet<String>>>,
    related: Memo<HashSet<String>>,
) -> impl IntoView {
    let state = use_app_state();
    let kind = n.kind;
    let name = n.name.clone();
    let mut class = format!("graph__node graph__node--{}", kind.as_str());
    if n.simulated {
        class.push_str(" graph__node--simulated");
    }
    let aria = format!("{} {}: {}", kind.as_str(), n.name, n.details.join(", "));
    let selected = {
        let name = name.clone();
        move || match (state.selected.get(), kind) {
            (Some(Selection::Service(s)), NodeKind::Service) => s == name,
            (Some(Selection::Pod(p)), NodeKind::Pod) => p == name,
            _ => false,
        }
    };
    let is_related = {
        let name = name.clone();
        move || related.with(|r| r.contains(&name))
    };
    let matched = {
        let name = name.clone();
        move || {
            kind == NodeKind::Pod
                && matching.with(|m| m.as_ref().is_some_and(|m| m.contains(&name)))
        }
    };
    let activate = {
        let name = name.clone();
        move || match kind {
            NodeKind::Service | NodeKind::Port => {
                let svc = name.split(':').next().unwrap_or_default().to_string();
                state.selected.set(Some(Selection::Service(svc)));
                state.tab.set(Tab::Details);
            }
            NodeKind::Pod => {
                state.selected.set(Some(Selection::Pod(name.clone())));
                state.tab.set(Tab::Details);
            }
            NodeKind::PodGroup => state.expanded.update(|e| {
                e.insert(name.clone());
            }),
        }
    };
    let activate_key = activate.clone();
    let mut lines = vec![];
    for (i, d) in n.details.iter().enumerate() {
        lines.push(view! { <text x=num(n.x + 10.0) y=num(n.y + 32.0 + 14.0 * i as f64) class="graph__detail">{d.clone()}</text> });
    }
    let label_y = if kind == NodeKind::Port {
        n.y + 15.0
    } else {
        n.y + 17.0
    };
    let label_class = if kind == NodeKind::Port {
        "graph__port-label"
    } else {
        "graph__label"
    };
    view! {
        <g
            class=class
            class:is-selected=selected
            class:is-related=is_related
            class:is-match=matched
            data-kind=kind.as_str()
            data-name=n.name.clone()
            aria-label=aria
            role="button"
            tabindex="0"
            on:click=move |_| activate()
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                if ev.key() == "Enter" || ev.key() == " " {
                    ev.prevent_default();
                    activate_key();
                }
            }
        >
            <title>{n.tooltip.clone()}</title>
            <rect x=num(n.x) y=num(n.y) width=num(n.w) height=num(n.h) rx=if kind == NodeKind::Port { "11" } else { "6" }></rect>
            <text x=num(n.x + 10.0) y=num(label_y) class=label_class>{n.label.clone()}</text>
            {lines}
        </g>
    }
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
