//! The drawn items: group boxes, edges and node boxes, each keyed by a hash
//! of its identity and of everything drawn for it.

use super::highlight::{activate, shift_held, Highlight};
use super::text_fit::{fit_text, mono_10, mono_9, num, sans_11, sans_13_bold};
use crate::engine::controllers::resolve::EndpointState;
use crate::engine::render::graph::{LayoutEdge, LayoutGroup, LayoutNode, NodeKind};
use crate::ui::{flag, AppState};
use leptos::prelude::*;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

/// The key of a node: its identity and everything drawn for it.
pub(super) fn node_key(n: &LayoutNode) -> u64 {
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
pub(super) fn edge_key(e: &LayoutEdge) -> u64 {
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
pub(super) fn group_key(g: &LayoutGroup) -> u64 {
    let mut h = DefaultHasher::new();
    (3u8, &g.kind, &g.label).hash(&mut h);
    (g.x.to_bits(), g.y.to_bits(), g.w.to_bits(), g.h.to_bits()).hash(&mut h);
    h.finish()
}

/// The SVG definitions every edge shares: the arrowhead.
#[component]
pub(super) fn GraphDefs() -> impl IntoView {
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
pub(super) fn GroupBox(
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
pub(super) fn EdgePath(
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
    let (ends2, ends3, ends4, ends5) = (ends.clone(), ends.clone(), ends.clone(), ends.clone());
    view! {
        <g
            class=format!("graph__edge-group graph__edge-group--{state}")
            class:is-highlighted=flag(move || lit.edge_lit(&ends.0, &ends.1) == Some(true))
            class:is-dimmed=flag(move || lit.edge_lit(&ends2.0, &ends2.1) == Some(false))
            class:is-hidden=flag(move || lit.is_hidden(NodeKind::Service, &ends3.0) || lit.is_hidden(NodeKind::Pod, &ends3.1))
            class:is-routed=flag(move || lit.edge_route(&ends4.0, &ends4.1) == Some(true))
            class:is-skipped=flag(move || lit.edge_route(&ends5.0, &ends5.1) == Some(false))
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
pub(super) fn node_box(state: AppState, n: LayoutNode, lit: Highlight) -> AnyView {
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
    let (n1, n2, n3, n4, n5, n6, n7) = (
        name.clone(),
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
            class:is-dropped=flag(move || lit.is_dropped(kind, &n7))
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
