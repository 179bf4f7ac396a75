//! The graph's toolbar (zoom, *Fit*, focus chip, export), its filter menu,
//! the notices above the drawing and the legend.

use super::camera::Camera;
use crate::ui::{flag, text, use_app_state};
use leptos::prelude::*;
use std::collections::HashSet;
use wasm_bindgen::JsCast;

/// The selector query box, what it matches, what is not drawn, and the zoom
/// buttons.
#[component]
pub(super) fn GraphToolbar(
    /// The view the zoom buttons change.
    camera: Camera,
    /// The pods the query matches.
    matching: Memo<Option<HashSet<String>>>,
    /// The node focus mode is on.
    focus: RwSignal<Option<String>>,
    /// The drawing, exported by the SVG and PNG buttons.
    svg_ref: NodeRef<leptos::svg::Svg>,
    /// The vantage point chosen.
    vantage: super::vantage::VantageChoice,
    /// The routes from it.
    routes: Memo<Option<std::sync::Arc<super::vantage::EdgeRoutes>>>,
) -> impl IntoView {
    let state = camera.state;
    let export = move |png: bool| {
        let Some(svg) = svg_ref.get_untracked() else {
            return;
        };
        let svg: &web_sys::Element = &svg;
        let bounds = camera.whole();
        if png {
            crate::ui::graph_export::save_png(svg, bounds);
        } else {
            crate::ui::graph_export::save_svg(svg, bounds);
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
            <super::vantage::VantagePicker choice=vantage routes/>
            <Show when=move || focus.with(Option::is_some)>
                <button class="button button--small graph-focus-chip" data-testid="show-all" on:click=move |_| focus.set(None)>
                    {move || format!("Focus: {} · show all ✕", focus.get().unwrap_or_default())}
                </button>
            </Show>
            <crate::ui::slicing::AnalysingMark/>
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
pub(super) fn GraphFilterMenu() -> impl IntoView {
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
pub(super) fn GraphNotice() -> impl IntoView {
    let state = use_app_state();
    let empty = flag(move || state.source.with(|t| t.trim().is_empty()));
    let error = text(move || {
        state.analysis.with(|a| {
            if !crate::ui::unreadable(a) {
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
    let example =
        move |_| crate::ui::history::open_example(state, &crate::ui::examples::EXAMPLES[0]);
    view! {
        <Show when=move || empty.get()>
            <div class="graph-notice" data-testid="graph-empty" role="status">
                <p class="graph-notice__title">"Paste YAML, drop a file, or pick an example"</p>
                <p class="graph-notice__hint">"Services, Pods, workloads, Endpoints and EndpointSlices: several documents, JSON, or a "<code>"kind: List"</code>" as "<code>"kubectl get -o yaml"</code>" prints it."</p>
                <button class="button" on:click=example>"Open the first example"</button>
            </div>
        </Show>
        <Show when=move || !empty.get() && state.analysis.with(crate::ui::unreadable)>
            <div class="graph-notice graph-notice--error" data-testid="graph-stale" role="status">
                <p class="graph-notice__title">{error}</p>
                <p class="graph-notice__hint">"The graph below is from the last text that read."</p>
            </div>
        </Show>
    }
}

/// The key to edge styles: colour is never the only signal (dashes and words too).
#[component]
pub(super) fn Legend() -> impl IntoView {
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
