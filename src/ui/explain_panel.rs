//! The Explain tab: for the selected Service, what it reaches and why each
//! pod is (not) behind it — key by key, with typo hints and one-click fixes;
//! for the selected pod, which Services select it or nearly do, and what-if
//! buttons. Fixes and what-ifs are text edits applied by the editor (so the
//! editor's undo reverts them).
//!
//! The content is rebuilt whole when the selection or the analysis changes,
//! so it is drawn with two plain helpers — [`table`] and [`edit_button`] —
//! rather than many distinct view types: it keeps the WebAssembly small.

use super::{use_app_state, Selection};
use crate::engine::edit::TextEdit;
use crate::engine::explain::{self, Fix, NearMiss};
use crate::engine::labels::Selector;
use crate::engine::whatif::{self, PodChange};
use crate::engine::{Analysis, ResolvedService};
use leptos::prelude::*;

/// Near misses listed per Service.
const MAX_NEAR_MISSES_SHOWN: usize = 8;

/// What the selected Service reaches, or which Services reach the selected pod.
#[component]
pub fn Explain() -> impl IntoView {
    let state = use_app_state();
    view! {
        <div class="details" data-testid="details">
            {move || {
                let selected = state.selected.get();
                state.analyzed.with(|text| {
                    state.analysis.with(|a| match selected {
                        None => muted("Click a Service or a pod in the graph."),
                        Some(Selection::Service(name)) => service(a, text, &name),
                        Some(Selection::Pod(name)) => pod(a, text, &name),
                    })
                })
            }}
        </div>
    }
}

fn key(ns: &str, name: &str) -> String {
    format!("{ns}/{name}")
}

/// How a table cell is drawn.
enum Cell {
    Text(String),
    Mono(String),
    /// An endpoint state chip (`ready`, `not-ready`, ...).
    State(&'static str),
    /// ✓ or ✗.
    Verdict(bool),
}

/// A table row: its cells, and the attributes tests and styles rely on.
struct Row {
    cells: Vec<Cell>,
    class: &'static str,
    state: Option<&'static str>,
    key: Option<String>,
}

impl Row {
    fn new(cells: Vec<Cell>) -> Row {
        Row {
            cells,
            class: "",
            state: None,
            key: None,
        }
    }
}

fn table(class: &'static str, head: &'static [&'static str], rows: Vec<Row>) -> AnyView {
    let head = head.iter().map(|h| view! { <th>{*h}</th> }).collect_view();
    let body = rows
        .into_iter()
        .map(|r| {
            let cells = r
                .cells
                .into_iter()
                .map(|c| match c {
                    Cell::Text(t) => view! { <td>{t}</td> }.into_any(),
                    Cell::Mono(t) => view! { <td class="mono">{t}</td> }.into_any(),
                    Cell::State(s) => view! {
                        <td><span class=format!("state state--{s}")>{s.replace('-', " ")}</span></td>
                    }
                    .into_any(),
                    Cell::Verdict(ok) => view! {
                        <td class="key__verdict" aria-label=if ok { "matches" } else { "fails" }>{if ok { "✓" } else { "✗" }}</td>
                    }
                    .into_any(),
                })
                .collect_view();
            view! { <tr class=r.class data-state=r.state data-key=r.key>{cells}</tr> }
        })
        .collect_view();
    view! {
        <table class=format!("table {class}")>
            <thead><tr>{head}</tr></thead>
            <tbody>{body}</tbody>
        </table>
    }
    .into_any()
}

fn muted(text: &str) -> AnyView {
    view! { <p class="muted">{text.to_string()}</p> }.into_any()
}

fn note(class: &'static str, text: String) -> AnyView {
    view! { <p class=class>{text}</p> }.into_any()
}

/// A button that applies `edit` to the text.
fn edit_button(
    label: String,
    testid: &'static str,
    class: &'static str,
    edit: TextEdit,
) -> AnyView {
    let state = use_app_state();
    view! {
        <button class=class data-testid=testid on:click=move |_| state.pending_edit.set(Some(edit.clone()))>
            {label}
        </button>
    }
    .into_any()
}

fn fixes(fixes: Vec<Fix>) -> AnyView {
    if fixes.is_empty() {
        return ().into_any();
    }
    let buttons = fixes
        .into_iter()
        .map(|f| edit_button(format!("🔧 {}", f.title), "fix", "button fix", f.edit))
        .collect_view();
    view! { <div class="fixes">{buttons}</div> }.into_any()
}

fn service(a: &Analysis, text: &str, name: &str) -> AnyView {
    let Some(s) = a
        .services
        .iter()
        .find(|s| key(&s.service.meta.namespace, &s.service.meta.name) == name)
    else {
        return muted("This Service is gone from the text.");
    };
    let svc = &s.service;
    let selector = svc.selector.as_ref().map_or_else(
        || "<none>".to_string(),
        |m| Selector::from_map(m).to_string(),
    );
    let kind = if svc.is_headless() {
        "Headless"
    } else {
        svc.service_type.as_str()
    };
    let e = explain::explain(a, s);
    let mut parts = vec![
        view! { <h3 class="details__title">{format!("Service {name}")}</h3> }.into_any(),
        note("", format!("Type {kind} · selector {selector}")),
    ];
    if let Some(u) = &e.unmanaged {
        parts.push(note("explain__plain", u.clone()));
    }
    let addresses = s
        .network
        .addresses
        .iter()
        .map(|addr| {
            let behind = if addr.kind == "external-name" {
                addr.leads_to.clone()
            } else {
                let behind = a.endpoints_behind(s, &addr.port_name);
                if behind.is_empty() {
                    "no ready endpoint".to_string()
                } else {
                    behind.join(", ")
                }
            };
            let star = if addr.simulated { "*" } else { "" };
            Row::new(vec![
                Cell::Text(addr.kind.to_string()),
                Cell::Mono(format!("{}{star}", addr.address)),
                Cell::Mono(behind),
            ])
        })
        .collect();
    parts.push(table("", &["Reached on", "Address", "Leads to"], addresses));
    if s.backends.is_empty() {
        if e.unmanaged.is_none() {
            parts.push(muted("The selector matches no pod of this namespace."));
        }
    } else {
        let rows = s
            .backends
            .iter()
            .map(|b| Row {
                state: Some(b.state.as_str()),
                ..Row::new(vec![
                    Cell::Mono(a.pods[b.pod].pod.meta.name.clone()),
                    Cell::State(b.state.as_str()),
                    Cell::Text(b.reason.to_string()),
                ])
            })
            .collect();
        parts.push(table("", &["Pod", "State", "Why"], rows));
    }
    parts.push(fixes(explain::port_fixes(text, a, s)));
    if !e.mixed_owners.is_empty() {
        parts.push(note(
            "explain__warn",
            format!(
                "▲ Over-broad selector: the pods come from several workloads: {}",
                e.mixed_owners.join(", ")
            ),
        ));
    }
    for w in &e.workload_label_hints {
        parts.push(note(
            "explain__warn",
            format!("▲ {w} carries the selected labels on its own metadata.labels, but its pods get spec.template.metadata.labels"),
        ));
    }
    if !e.near_misses.is_empty() {
        parts.push(view! { <h4 class="explain__heading">"Not selected, nearly"</h4> }.into_any());
        let items = e
            .near_misses
            .iter()
            .take(MAX_NEAR_MISSES_SHOWN)
            .map(|m| near_miss(a, text, s, m))
            .collect_view();
        parts.push(view! { <ul class="explain__misses">{items}</ul> }.into_any());
        let more = e.near_misses.len().saturating_sub(MAX_NEAR_MISSES_SHOWN);
        if more > 0 {
            parts.push(muted(&format!("… and {more} more")));
        }
    }
    parts.into_iter().collect_view().into_any()
}

/// One pod the Service nearly selects: key by key, with hints and fixes.
fn near_miss(a: &Analysis, text: &str, s: &ResolvedService, m: &NearMiss) -> AnyView {
    let pod = &a.pods[m.pod].pod;
    let who = key(&pod.meta.namespace, &pod.meta.name);
    let summary = match &m.other_namespace {
        Some(ns) => format!(
            "{who} — every label matches, but the pod is in namespace `{ns}` and the Service in `{}`: a Service only selects pods of its own namespace",
            s.service.meta.namespace
        ),
        None => format!(
            "{who} — {} of {} selector keys fail",
            m.failing,
            m.keys.len()
        ),
    };
    let rows = m
        .keys
        .iter()
        .map(|k| Row {
            class: if k.ok { "key key--ok" } else { "key key--bad" },
            key: Some(k.key.clone()),
            ..Row::new(vec![
                Cell::Mono(k.key.clone()),
                Cell::Mono(k.wanted.clone()),
                Cell::Mono(k.actual.clone().unwrap_or_else(|| "(no such label)".into())),
                Cell::Verdict(k.ok),
            ])
        })
        .collect();
    let hints = m
        .keys
        .iter()
        .filter_map(|k| k.hint.clone())
        .map(|h| note("key__hint", h))
        .collect_view();
    view! {
        <li class="near-miss" data-testid="near-miss" data-pod=who>
            <p class="near-miss__summary">{summary}</p>
            {table("table--keys", &["Key", "Service wants", "Pod has", ""], rows)}
            {hints}
            {fixes(explain::near_miss_fixes(text, a, s, m))}
        </li>
    }
    .into_any()
}

fn pod(a: &Analysis, text: &str, name: &str) -> AnyView {
    let Some(index) = a
        .pods
        .iter()
        .position(|p| key(&p.pod.meta.namespace, &p.pod.meta.name) == name)
    else {
        return muted("This pod is gone from the text.");
    };
    let sim = &a.pods[index];
    let p = &sim.pod;
    let labels = p
        .meta
        .labels
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(", ");
    let ips = p
        .status
        .as_ref()
        .map(|s| s.pod_ips.join(", "))
        .unwrap_or_default();
    let mut parts = vec![
        view! { <h3 class="details__title">{format!("Pod {name}")}</h3> }.into_any(),
        what_if(a, text, index),
        note(
            "",
            format!(
                "Labels {}",
                if labels.is_empty() { "<none>" } else { &labels }
            ),
        ),
        note(
            "",
            format!(
                "IPs {ips}{}",
                if sim.simulated_status {
                    " (simulated)"
                } else {
                    ""
                }
            ),
        ),
    ];
    let mut selected = Vec::new();
    let mut nearly = Vec::new();
    for s in &a.services {
        let svc = key(&s.service.meta.namespace, &s.service.meta.name);
        if let Some(b) = s.backends.iter().find(|b| b.pod == index) {
            selected.push(Row {
                state: Some(b.state.as_str()),
                ..Row::new(vec![
                    Cell::Mono(svc),
                    Cell::State(b.state.as_str()),
                    Cell::Text(b.reason.to_string()),
                ])
            });
        } else if s.service.meta.namespace == p.meta.namespace {
            let e = explain::explain(a, s);
            if let Some(m) = e.near_misses.iter().find(|m| m.pod == index) {
                let fails = m
                    .keys
                    .iter()
                    .filter(|k| !k.ok)
                    .map(|k| match &k.actual {
                        Some(v) => format!("{}: wants {}, has {v}", k.key, k.wanted),
                        None => format!("{}: wants {}, missing", k.key, k.wanted),
                    })
                    .collect::<Vec<_>>()
                    .join("; ");
                nearly.push(Row {
                    state: Some("near-miss"),
                    ..Row::new(vec![
                        Cell::Mono(svc),
                        Cell::State("near-miss"),
                        Cell::Text(fails),
                    ])
                });
            }
        }
    }
    if selected.is_empty() {
        parts.push(muted("No Service selects this pod."));
    } else {
        parts.push(table("", &["Selected by", "State", "Why"], selected));
    }
    if !nearly.is_empty() {
        parts.push(view! { <h4 class="explain__heading">"Nearly selected by"</h4> }.into_any());
        parts.push(table("", &["Service", "State", "Failing keys"], nearly));
    }
    parts.into_iter().collect_view().into_any()
}

/// What-if buttons for a pod: each writes the change into the text.
fn what_if(a: &Analysis, text: &str, pod: usize) -> AnyView {
    let mut buttons = Vec::new();
    for (change, id) in [
        (PodChange::NotReady, "whatif-not-ready"),
        (PodChange::Ready, "whatif-ready"),
        (PodChange::Terminating, "whatif-terminating"),
        (PodChange::Delete, "whatif-delete"),
    ] {
        if let Some(edit) = whatif::pod_edit(text, a, pod, change) {
            buttons.push(edit_button(change.label().into(), id, "button", edit));
        }
    }
    if let Some(w) = whatif::owner_of(a, &a.pods[pod].pod) {
        let replicas = w.replicas.unwrap_or(1);
        let name = format!("{}/{}", w.kind.as_str().to_ascii_lowercase(), w.meta.name);
        for (to, id) in [
            (replicas - 1, "whatif-scale-down"),
            (replicas + 1, "whatif-scale-up"),
        ] {
            if to >= 0 {
                if let Some(edit) = whatif::scale_edit(text, w, to) {
                    buttons.push(edit_button(
                        format!("Scale {name} to {to}"),
                        id,
                        "button",
                        edit,
                    ));
                }
            }
        }
    }
    view! {
        <div class="whatif" role="group" aria-label="What if">
            <span class="whatif__label">"What if:"</span>
            {buttons}
            <span class="muted whatif__hint">"written into the YAML; Ctrl+Z undoes"</span>
        </div>
    }
    .into_any()
}
