//! `<GraphView/>`: the Service → Pod graph as SVG, from the engine's layout.

use super::use_app_state;
use crate::engine::graph::{LayoutEdge, LayoutGroup, LayoutNode};
use leptos::prelude::*;

/// The graph of the current analysis.
#[component]
pub fn GraphView() -> impl IntoView {
    let state = use_app_state();
    let view_box = move || {
        let l = state.layout.get();
        format!("-8 -8 {} {}", l.width + 16.0, l.height + 16.0)
    };
    view! {
        <svg
            class="graph"
            data-testid="graph"
            role="img"
            aria-label="Services and the pods they route to"
            viewBox=view_box
            preserveAspectRatio="xMidYMin meet"
        >
            <defs>
                <marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                    <path d="M 0 0 L 10 5 L 0 10 z" class="graph__arrow"></path>
                </marker>
            </defs>
            {move || state.layout.get().groups.into_iter().map(group_view).collect_view()}
            {move || state.layout.get().edges.into_iter().map(edge_view).collect_view()}
            {move || state.layout.get().nodes.into_iter().map(node_view).collect_view()}
        </svg>
    }
}

fn group_view(g: LayoutGroup) -> impl IntoView {
    let class = format!("graph__group graph__group--{}", g.kind);
    view! {
        <g class=class>
            <rect x=g.x y=g.y width=g.w height=g.h rx="8"></rect>
            <text x=g.x + 8.0 y=g.y + 14.0 class="graph__group-label">{g.label}</text>
        </g>
    }
}

fn edge_view(e: LayoutEdge) -> impl IntoView {
    let mx = (e.x1 + e.x2) / 2.0;
    let d = format!(
        "M {} {} C {mx} {}, {mx} {}, {} {}",
        e.x1, e.y1, e.y1, e.y2, e.x2, e.y2
    );
    let class = format!("graph__edge graph__edge--{}", e.state.as_str());
    let title = format!("{} → {}: {}", e.from, e.to, e.reason);
    view! {
        <path
            class=class
            d=d
            marker-end="url(#arrow)"
            data-kind="edge"
            data-from=e.from
            data-to=e.to
            data-state=e.state.as_str()
        >
            <title>{title}</title>
        </path>
    }
}

fn node_view(n: LayoutNode) -> impl IntoView {
    let kind = n.kind.as_str();
    let mut class = format!("graph__node graph__node--{kind}");
    if n.simulated {
        class.push_str(" graph__node--simulated");
    }
    let aria = format!("{kind} {}: {}", n.name, n.detail);
    view! {
        <g class=class data-kind=kind data-name=n.name.clone() aria-label=aria role="listitem">
            <title>{format!("{} {}\n{}", kind, n.name, n.detail)}</title>
            <rect x=n.x y=n.y width=n.w height=n.h rx="6"></rect>
            <text x=n.x + 10.0 y=n.y + 17.0 class="graph__label">{n.label}</text>
            <text x=n.x + 10.0 y=n.y + 33.0 class="graph__detail">{n.detail}</text>
        </g>
    }
}
