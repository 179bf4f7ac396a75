//! The graph seen from a vantage point: the picker (a node or a zone, and
//! in-cluster or external traffic) and, per drawn edge, whether kube-proxy
//! there sends traffic to that pod ([`Analysis::routes_from`]).

use crate::engine::proxy::route::{Traffic, VantageSpec};
use crate::engine::render::graph::GraphLayout;
use crate::engine::Analysis;
use crate::ui::{text, use_app_state};
use leptos::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::BTreeSet;
use std::sync::Arc;

/// The vantage point chosen in the toolbar.
#[derive(Clone, Copy)]
pub(super) struct VantageChoice {
    /// `node/NAME`, `zone/NAME`, or "" for none.
    pub(super) from: RwSignal<String>,
    /// Traffic arriving from outside on a node port or load balancer.
    pub(super) external: RwSignal<bool>,
}

impl VantageChoice {
    pub(super) fn new() -> VantageChoice {
        VantageChoice {
            from: RwSignal::new(String::new()),
            external: RwSignal::new(false),
        }
    }
}

/// The drawn graph's routes from the vantage point.
#[derive(Debug, Default, PartialEq)]
pub(super) struct EdgeRoutes {
    /// `(from, to)` of a drawn edge → whether traffic goes there, and why.
    pub(super) edges: FxHashMap<(String, String), (bool, String)>,
    /// One line for the toolbar.
    pub(super) summary: String,
    /// The Services (`NAMESPACE/NAME`) with a port that drops the traffic,
    /// and why.
    pub(super) notes: FxHashMap<String, String>,
}

/// The routes of every drawn edge from the vantage point (`None`: none is
/// chosen, or it is not in the cluster any more).
pub(super) fn edge_routes(
    choice: VantageChoice,
    analysis: Memo<Analysis>,
    layout: Memo<GraphLayout>,
) -> Memo<Option<Arc<EdgeRoutes>>> {
    Memo::new(move |_| {
        let from = choice.from.get();
        if from.is_empty() {
            return None;
        }
        let spec = VantageSpec::parse(&from).ok()?;
        let traffic = if choice.external.get() {
            Traffic::External
        } else {
            Traffic::Internal
        };
        analysis.with(|a| {
            let view = a.routes_from(&spec, traffic).ok()?;
            let pod_name = |i: usize| a.pods.get(i).map(|p| p.pod.meta.key());
            let edges = layout.with(|l| {
                // A collapsed workload stands for its pods: used when one is.
                let groups: FxHashMap<&str, &[usize]> = l
                    .nodes
                    .iter()
                    .filter(|n| n.kind == crate::engine::render::graph::NodeKind::PodGroup)
                    .map(|n| (n.name.as_str(), n.refs.as_slice()))
                    .collect();
                let mut edges = FxHashMap::default();
                for e in &l.edges {
                    let pods: Vec<String> = match groups.get(e.to.as_str()) {
                        Some(refs) => refs.iter().filter_map(|&i| pod_name(i)).collect(),
                        None => vec![e.to.clone()],
                    };
                    let routed: Vec<_> =
                        pods.iter().filter_map(|p| view.pair(&e.from, p)).collect();
                    if routed.is_empty() {
                        continue;
                    }
                    let used = routed.iter().filter(|r| r.used).count();
                    let reason = if routed.len() == 1 {
                        routed[0].reason.clone()
                    } else {
                        format!("{used} of {} pods", routed.len())
                    };
                    edges.insert((e.from.clone(), e.to.clone()), (used > 0, reason));
                }
                edges
            });
            let mut notes: FxHashMap<String, String> = FxHashMap::default();
            for d in &view.dropped {
                let note = notes.entry(d.service.clone()).or_default();
                if !note.is_empty() {
                    note.push('\n');
                }
                note.push_str(&format!("{}: {}", d.port, d.note));
            }
            let place = if view.zone.is_empty() {
                view.node.clone()
            } else {
                format!("{} · {}", view.node, view.zone)
            };
            let summary = match (view.services, notes.len()) {
                (0, _) if traffic == Traffic::External => format!(
                    "from {place}: no Service has a node port, load balancer or external IP"
                ),
                (0, _) => format!("from {place}: kube-proxy routes no Service here"),
                (1, 0) => format!("from {place}: the Service reaches a pod"),
                (n, 0) => format!("from {place}: all {n} Services reach a pod"),
                (n, k) => format!(
                    "from {place}: {k} of {n} Service{} drop{} the traffic",
                    if n == 1 { "" } else { "s" },
                    if k == 1 { "s" } else { "" }
                ),
            };
            Some(Arc::new(EdgeRoutes {
                edges,
                summary,
                notes,
            }))
        })
    })
}

/// The vantage point picker: where the traffic starts (a node or a zone of
/// the cluster, or nowhere in particular) and which traffic.
#[component]
pub(super) fn VantagePicker(
    /// The choice it edits.
    choice: VantageChoice,
    /// The routes, for the summary line.
    routes: Memo<Option<Arc<EdgeRoutes>>>,
) -> impl IntoView {
    let state = use_app_state();
    let options = Memo::new(move |_| {
        state.analysis.with(|a| {
            let nodes: Vec<String> = a.nodes.nodes.iter().map(|n| n.name.clone()).collect();
            let zones: BTreeSet<String> = a
                .nodes
                .nodes
                .iter()
                .filter_map(|n| n.zone.clone())
                .collect();
            (nodes, zones.into_iter().collect::<Vec<_>>())
        })
    });
    let summary =
        text(move || routes.with(|r| r.as_ref().map(|r| r.summary.clone()).unwrap_or_default()));
    view! {
        <label class="vantage">
            <span class="query__label">"From"</span>
            <select
                class="vantage__select"
                data-testid="vantage"
                aria-label="Route from a node or zone: which endpoints kube-proxy there uses"
                aria-describedby="vantage-summary"
                prop:value=move || choice.from.get()
                on:change=move |ev| choice.from.set(event_target_value(&ev))
            >
                <option value="">"anywhere"</option>
                // Rebuilt whole when the nodes change (rarely): no keyed <For>.
                {move || options.with(|(nodes, zones)| view! {
                    <optgroup label="Nodes">
                        {nodes.iter().map(|n| view! { <option value=format!("node/{n}")>{n.clone()}</option> }).collect_view()}
                    </optgroup>
                    <optgroup label="Zones">
                        {zones.iter().map(|z| view! { <option value=format!("zone/{z}")>{z.clone()}</option> }).collect_view()}
                    </optgroup>
                })}
            </select>
        </label>
        <label class="vantage__external" class:is-hidden=move || choice.from.with(String::is_empty)>
            <input
                type="checkbox"
                data-testid="vantage-external"
                prop:checked=move || choice.external.get()
                on:change=move |ev| choice.external.set(event_target_checked(&ev))
            />
            "from outside"
        </label>
        <span class="query__result vantage__summary" id="vantage-summary" data-testid="vantage-summary">{summary}</span>
    }
}

/// A tooltip with the route from the vantage point added: an edge's
/// reason, or the ports a Service drops.
pub(super) fn with_route(
    tip: String,
    routes: Option<&EdgeRoutes>,
    el: &web_sys::Element,
) -> String {
    let Some(r) = routes else { return tip };
    let extra = match (el.get_attribute("data-from"), el.get_attribute("data-to")) {
        (Some(from), Some(to)) => r
            .edges
            .get(&(from, to))
            .map(|(used, why)| format!("{}: {why}", if *used { "used" } else { "skipped" })),
        _ => el
            .get_attribute("data-name")
            .and_then(|n| r.notes.get(&n))
            .map(|note| format!("drops the traffic: {note}")),
    };
    match extra {
        Some(extra) => format!("{tip}\n\n{}\n{extra}", r.summary),
        None => tip,
    }
}
