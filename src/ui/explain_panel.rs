//! The Explain tab: for the selected Service, what it reaches and why each
//! pod is (not) behind it — key by key, with typo hints and one-click fixes;
//! for the selected pod, which Services select it or nearly do, and what-if
//! buttons. Fixes and what-ifs are text edits applied by the editor (so the
//! editor's undo reverts them).
//!
//! The content is drawn anew when the selection or the analysis changes (an
//! explanation is a snapshot of one analysis); each button's handler holds
//! the edit it applies.

use super::{AppState, Selection};
use crate::engine::labels::Selector;
use crate::engine::scenarios::explain::{self, Fix, NearMiss};
use crate::engine::scenarios::whatif::{self, PodChange};
use crate::engine::yaml::edit::TextEdit;
use crate::engine::{Analysis, ResolvedService, Severity};
use leptos::prelude::*;

/// Near misses listed per Service.
const MAX_NEAR_MISSES_SHOWN: usize = 8;

/// What the selected Service reaches, or which Services reach the selected pod.
#[component]
pub fn ExplainPanel(
    /// The app state: the selection, the text and its analysis.
    state: AppState,
) -> impl IntoView {
    let content = move || {
        let selected = state.selected.get();
        state.analyzed.with(|text| {
            state.analysis.with(|a| match selected {
                None => muted("Click a Service or a pod in the graph."),
                Some(Selection::Service(name)) => service(state, a, text, &name),
                Some(Selection::Pod(name)) => pod(state, a, text, &name),
            })
        })
    };
    view! { <div class="details" data-testid="details">{content}</div> }
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

/// A table of explanation rows under `head`.
#[component]
fn ExplainTable(
    /// Extra classes (`table--ports`, `table--keys`).
    class: &'static str,
    /// The column headings.
    head: &'static [&'static str],
    /// The rows.
    rows: Vec<Row>,
) -> impl IntoView {
    let head = head.iter().map(|h| view! { <th>{*h}</th> }).collect_view();
    let rows = rows
        .into_iter()
        .map(|row| view! { <ExplainRow row/> })
        .collect_view();
    view! {
        <table class=format!("table {class}")>
            <thead><tr>{head}</tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// One row of an explanation table: a pod and its state, a selector key
/// and its verdict, a port and what it resolves to.
#[component]
fn ExplainRow(
    /// The row.
    row: Row,
) -> impl IntoView {
    let cells = row
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
                <td class="key__verdict" aria-label=if ok { "matches" } else { "fails" }>
                    {if ok { "✓" } else { "✗" }}
                </td>
            }
            .into_any(),
        })
        .collect_view();
    view! {
        <tr class=row.class data-state=row.state data-key=row.key>{cells}</tr>
    }
}

fn table(class: &'static str, head: &'static [&'static str], rows: Vec<Row>) -> AnyView {
    view! { <ExplainTable class head rows/> }.into_any()
}

fn muted(text: &str) -> AnyView {
    note("muted", text)
}

fn note(class: &'static str, text: &str) -> AnyView {
    view! { <p class=class>{text.to_string()}</p> }.into_any()
}

/// A button that applies an edit to the text.
#[component]
fn EditButton(
    /// The app state: the editor applies the pending edit.
    state: AppState,
    /// What it says.
    label: String,
    /// Its `data-testid`.
    testid: &'static str,
    /// Its classes.
    class: &'static str,
    /// The edit it applies.
    edit: TextEdit,
) -> impl IntoView {
    view! {
        <button class=class data-testid=testid on:click=move |_| state.pending_edit.set(Some(edit.clone()))>
            {label}
        </button>
    }
}

fn edit_button(
    state: AppState,
    label: String,
    testid: &'static str,
    class: &'static str,
    edit: TextEdit,
) -> AnyView {
    view! { <EditButton state label testid class edit/> }.into_any()
}

fn fixes(state: AppState, fixes: Vec<Fix>) -> AnyView {
    let buttons = fixes
        .into_iter()
        .map(|f| {
            edit_button(
                state,
                format!("🔧 {}", f.title),
                "fix",
                "button fix",
                f.edit,
            )
        })
        .collect_view();
    view! { <div class="fixes">{buttons}</div> }.into_any()
}

/// Buttons that simulate the rollout of each workload of `keys` (those that
/// cannot roll out are left out): a restart,
/// or — when its pod template was edited since it was first seen — the
/// rollout of that edit.
fn rollout_buttons(state: AppState, a: &Analysis, keys: &[String]) -> Option<AnyView> {
    use crate::engine::scenarios::rollout::find_workload;
    use crate::engine::sim::workloads::pod_template_hash;
    if keys.is_empty() {
        return None;
    }
    if state.rollout.with(Option::is_some) {
        return Some(muted(
            "Rollout shown: close it (✕ above the graph) to edit or try what-ifs.",
        ));
    }
    let buttons = keys.iter().filter_map(|k| {
        let w = find_workload(a, k)?;
        let edited = state.deployed.with_value(|d| {
            d.get(k)
                .is_some_and(|f| pod_template_hash(&f.0.template) != pod_template_hash(&w.template))
        });
        let what = format!("{}/{}", w.kind.as_str().to_ascii_lowercase(), w.meta.name);
        let label = if edited {
            format!("Roll out {what} (template edited)")
        } else {
            format!("Restart {what} (rollout)")
        };
        let k = k.clone();
        Some(view! {
            <button
                class="button"
                type="button"
                data-testid="rollout-start"
                on:click=move |_| super::rollout_bar::start(state, &k)
            >
                {label}
            </button>
        })
    });
    let buttons = buttons.collect_view();
    Some(
        view! {
            <div class="whatif">
                <span class="whatif__label">"Rollout:"</span>
                {buttons}
            </div>
        }
        .into_any(),
    )
}

/// The workloads that can roll out (their [`rollout::key_of`]) owning pods
/// of `pods`, in order.
fn owning_workloads(a: &Analysis, pods: impl Iterator<Item = usize>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for i in pods {
        let p = &a.pods[i].pod;
        if let Some(o) = p.owner.as_ref() {
            let k = crate::engine::scenarios::rollout::key_of(&o.kind, &p.meta.namespace, &o.name);
            if !out.contains(&k) {
                out.push(k);
            }
        }
    }
    out
}

fn service(state: AppState, a: &Analysis, text: &str, name: &str) -> AnyView {
    let Some(s) = a.services.iter().find(|s| s.service.meta.key() == name) else {
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
        heading("h3", format!("Service {name}")),
        note("", &format!("Type {kind} · selector {selector}")),
    ];
    if let Some(u) = &e.unmanaged {
        parts.push(note("explain__plain", u));
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
        let owners = owning_workloads(a, s.backends.iter().map(|b| b.pod));
        parts.extend(rollout_buttons(state, a, &owners));
    }
    if !s.external.is_empty() {
        let rows = s
            .external
            .iter()
            .map(|b| Row {
                state: Some(b.state.as_str()),
                ..Row::new(vec![
                    Cell::Mono(b.address.clone()),
                    Cell::State(b.state.as_str()),
                    Cell::Text(b.reason.to_string()),
                ])
            })
            .collect();
        parts.push(table("", &["Address", "State", "Why"], rows));
    }
    if !s.backends.is_empty() && !e.ports.is_empty() {
        let rows = e
            .ports
            .iter()
            .map(|p| {
                let resolved = p
                    .resolved
                    .iter()
                    .map(|(t, n)| format!(":{t} on {n} pod{}", if *n == 1 { "" } else { "s" }))
                    .collect::<Vec<_>>()
                    .join(", ");
                Row {
                    state: Some(if p.unresolved_count == 0 {
                        "ready"
                    } else {
                        "excluded"
                    }),
                    ..Row::new(vec![
                        Cell::Mono(p.port.clone()),
                        Cell::Text(if resolved.is_empty() {
                            "—".into()
                        } else {
                            resolved
                        }),
                        Cell::Text(p.unresolved_count.to_string()),
                    ])
                }
            })
            .collect();
        parts.push(table(
            "table--ports",
            &["Port", "Resolves to", "Not resolved on"],
            rows,
        ));
        for p in e.ports.iter().filter(|p| p.unresolved_count > 0) {
            for (i, why) in &p.unresolved {
                parts.push(note(
                    "explain__warn",
                    &format!("✗ {} on {}: {why}", p.port, a.pods[*i].pod.meta.name),
                ));
            }
        }
    }
    parts.push(fixes(state, explain::port_fixes(text, a, s)));
    // The same diagnostic (SVC006) as the Diagnostics tab and `svcmap check`.
    if let Some(d) = &e.shared {
        let (class, mark) = match d.severity {
            Severity::Info => ("explain__plain", "ℹ"),
            _ => ("explain__warn", "▲"),
        };
        let text = format!("{mark} {} [{}]", d.message, d.code);
        parts.push(
            view! { <p class=class data-testid="mixed-owners" data-severity=d.severity.as_str()>{text}</p> }
                .into_any(),
        );
    }
    if let Some(n) = &e.note {
        let text = format!("ℹ {n}");
        parts.push(
            view! { <p class="explain__plain" data-testid="healthy-note">{text}</p> }.into_any(),
        );
    }
    for w in &e.workload_label_hints {
        parts.push(note(
            "explain__warn",
            &format!("▲ {w} carries the selected labels on its own metadata.labels, but its pods get spec.template.metadata.labels"),
        ));
    }
    parts.extend(per_node(a, s));
    if !e.near_misses.is_empty() {
        parts.push(heading("h4", "Not selected, nearly".into()));
        let items = e
            .near_misses
            .iter()
            .take(MAX_NEAR_MISSES_SHOWN)
            .map(|m| near_miss(state, a, text, s, m))
            .collect_view();
        parts.push(view! { <ul class="explain__misses">{items}</ul> }.into_any());
        let more = e.near_misses.len().saturating_sub(MAX_NEAR_MISSES_SHOWN);
        if more > 0 {
            parts.push(muted(&format!("… and {more} more")));
        }
    }
    view! { <div>{parts}</div> }.into_any()
}

/// Most nodes the per-node table lists (a dump's hundreds of nodes would
/// make a page of rows; `svcmap route --from` answers for any one).
const MAX_NODES_SHOWN: usize = 12;

/// kube-proxy's answer from each node, when it depends on the node (a Local
/// traffic policy, `trafficDistribution` or topology hints): per port and
/// traffic, whether it reaches a pod and which endpoints it uses.
fn per_node(a: &Analysis, s: &ResolvedService) -> Option<AnyView> {
    use crate::engine::analysis::route::routing_depends_on_nodes;
    use crate::engine::proxy::route::{externally_accessible, Traffic, VantageSpec, Verdict};
    if !routing_depends_on_nodes(s) || s.service.ports.is_empty() {
        return None;
    }
    let i = a.find_service(&s.service.meta.namespace, &s.service.meta.name)?;
    let mut traffic = vec![(Traffic::Internal, "in-cluster")];
    if externally_accessible(&s.service) {
        traffic.push((Traffic::External, "from outside"));
    }
    let mut rows = Vec::new();
    for n in a.nodes.nodes.iter().take(MAX_NODES_SHOWN) {
        let from = VantageSpec::Node(n.name.clone());
        let place = match &n.zone {
            Some(z) => format!("{} · {z}", n.name),
            None => n.name.clone(),
        };
        for (t, label) in &traffic {
            let Ok(routes) = a.route(i, None, Some(&from), *t) else {
                continue;
            };
            for r in routes {
                let ok = r.verdict == Verdict::Reaches;
                let used: Vec<&str> = r
                    .endpoints
                    .iter()
                    .filter(|e| e.used)
                    .map(|e| e.pod.as_deref().unwrap_or(&e.address))
                    .map(|p| p.rsplit('/').next().unwrap_or(p))
                    .collect();
                let what = if ok {
                    format!(
                        "{} of {}: {}",
                        used.len(),
                        r.endpoints.len(),
                        used.join(", ")
                    )
                } else {
                    r.note.clone()
                };
                rows.push(Row {
                    state: Some(if ok { "ready" } else { "excluded" }),
                    ..Row::new(vec![
                        Cell::Mono(place.clone()),
                        Cell::Mono(r.port.clone()),
                        Cell::Text((*label).to_string()),
                        Cell::Verdict(ok),
                        Cell::Text(what),
                    ])
                });
            }
        }
    }
    let more = a.nodes.nodes.len().saturating_sub(MAX_NODES_SHOWN);
    let nodes_note = if a.nodes.simulated {
        "svcmap's simulated nodes (the input has no Node)".to_string()
    } else {
        format!("{} nodes of the input", a.nodes.nodes.len())
    };
    Some(
        view! {
            <div data-testid="per-node">
                {heading("h4", "From each node (kube-proxy)".into())}
                {muted(&format!("On {nodes_note}{}.", if more > 0 { format!("; the first {MAX_NODES_SHOWN} shown") } else { String::new() }))}
                {table("table--per-node", &["From", "Port", "Traffic", "Reaches", "Endpoints used"], rows)}
            </div>
        }
        .into_any(),
    )
}

/// A title: the selection's (`h3`) or a section's (`h4`).
fn heading(tag: &'static str, text: String) -> AnyView {
    if tag == "h3" {
        view! { <h3 class="details__title">{text}</h3> }.into_any()
    } else {
        view! { <h4 class="explain__heading">{text}</h4> }.into_any()
    }
}

/// One pod the Service nearly selects: key by key, with hints and fixes.
fn near_miss(
    state: AppState,
    a: &Analysis,
    text: &str,
    s: &ResolvedService,
    m: &NearMiss,
) -> AnyView {
    let pod = &a.pods[m.pod].pod;
    let who = pod.meta.key();
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
        .filter_map(|k| k.hint.as_deref())
        .map(|h| note("key__hint", h))
        .collect_view();
    let fixes = fixes(state, explain::near_miss_fixes(text, a, s, m));
    view! {
        <li class="near-miss" data-testid="near-miss" data-pod=who>
            <p class="near-miss__summary">{summary}</p>
            <ExplainTable class="table--keys" head=&["Key", "Service wants", "Pod has", ""] rows/>
            {hints}
            {fixes}
        </li>
    }
    .into_any()
}

fn pod(state: AppState, a: &Analysis, text: &str, name: &str) -> AnyView {
    let Some(index) = a.pods.iter().position(|p| p.pod.meta.key() == name) else {
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
        heading("h3", format!("Pod {name}")),
        if state.rollout.with(Option::is_some) {
            view! { <div></div> }.into_any()
        } else {
            what_if(state, a, text, index)
        },
        note(
            "",
            &format!(
                "Labels {}",
                if labels.is_empty() { "<none>" } else { &labels }
            ),
        ),
        note(
            "",
            &format!(
                "IPs {ips}{}",
                if sim.simulated_status {
                    " (simulated)"
                } else {
                    ""
                }
            ),
        ),
    ];
    parts.extend(rollout_buttons(
        state,
        a,
        &owning_workloads(a, std::iter::once(index)),
    ));
    let mut selected = Vec::new();
    let mut nearly = Vec::new();
    for s in &a.services {
        let svc = s.service.meta.key();
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
                let fails = m.failing_keys();
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
        parts.push(heading("h4", "Nearly selected by".into()));
        parts.push(table("", &["Service", "State", "Failing keys"], nearly));
    }
    view! { <div>{parts}</div> }.into_any()
}

/// What-if buttons for a pod: each writes the change into the text.
fn what_if(state: AppState, a: &Analysis, text: &str, pod: usize) -> AnyView {
    let mut buttons = Vec::new();
    for (change, id) in [
        (PodChange::NotReady, "whatif-not-ready"),
        (PodChange::Ready, "whatif-ready"),
        (PodChange::Terminating, "whatif-terminating"),
        (PodChange::Delete, "whatif-delete"),
    ] {
        if let Some(edit) = whatif::pod_edit(text, a, pod, change) {
            buttons.push(edit_button(
                state,
                change.label().into(),
                id,
                "button",
                edit,
            ));
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
                        state,
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
