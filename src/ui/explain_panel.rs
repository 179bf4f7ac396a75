//! The Explain tab: for the selected Service, what it reaches and why each
//! pod is (not) behind it — key by key, with typo hints and one-click fixes;
//! for the selected pod, which Services select it or nearly do, and what-if
//! buttons. Fixes and what-ifs are text edits applied by the editor (so the
//! editor's undo reverts them).
//!
//! The content is rebuilt whole when the selection or the analysis changes,
//! so it is drawn with two plain helpers — [`table`] and [`edit_button`] —
//! rather than many distinct view types: it keeps the WebAssembly small.

use super::dom::{Action, El};
use super::{AppState, Selection};
use crate::engine::labels::Selector;
use crate::engine::scenarios::explain::{self, Fix, NearMiss};
use crate::engine::scenarios::whatif::{self, PodChange};
use crate::engine::yaml::edit::TextEdit;
use crate::engine::{Analysis, ResolvedService, Severity};
use leptos::prelude::*;

/// Near misses listed per Service.
const MAX_NEAR_MISSES_SHOWN: usize = 8;

/// The text edits the buttons of the current content apply, by index.
type Edits = Vec<TextEdit>;

/// The text edits the buttons of the Explain tab apply, by index.
pub type EditSlots = StoredValue<Edits>;

/// What the selected Service reaches, or which Services reach the selected
/// pod; the edits its buttons apply go to `edits`.
pub fn build(state: AppState, edits: EditSlots) -> El {
    let selected = state.selected.get();
    let mut e = Edits::new();
    let content = state.analyzed.with(|text| {
        state.analysis.with(|a| match selected {
            None => muted("Click a Service or a pod in the graph."),
            Some(Selection::Service(name)) => service(state, a, text, &name, &mut e),
            Some(Selection::Pod(name)) => pod(state, a, text, &name, &mut e),
        })
    });
    edits.set_value(e);
    El::new("div")
        .class("details")
        .attr("data-testid", "details")
        .child(content)
}

/// A click on an Explain button: apply its edit, or start a rollout.
pub fn act(state: AppState, edits: EditSlots, act: &Action) {
    if act.kind == "rollout" {
        super::rollout_bar::start(state, &act.arg);
    } else if act.kind == "edit" {
        let edit = act
            .arg
            .parse::<usize>()
            .ok()
            .and_then(|i| edits.with_value(|e| e.get(i).cloned()));
        if edit.is_some() {
            state.pending_edit.set(edit);
        }
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

fn table(class: &str, head: &[&str], rows: Vec<Row>) -> El {
    let head = El::new("tr").children(head.iter().map(|h| El::leaf("th", "", h)));
    let body = El::new("tbody").children(rows.into_iter().map(|r| {
        let mut tr = El::new("tr").class(r.class);
        if let Some(s) = r.state {
            tr = tr.attr("data-state", s);
        }
        if let Some(k) = &r.key {
            tr = tr.attr("data-key", k);
        }
        tr.children(r.cells.into_iter().map(|c| {
            match c {
                Cell::Text(t) => El::leaf("td", "", &t),
                Cell::Mono(t) => El::leaf("td", "mono", &t),
                Cell::State(s) => El::new("td").child(El::leaf(
                    "span",
                    &format!("state state--{s}"),
                    &s.replace('-', " "),
                )),
                Cell::Verdict(ok) => El::leaf("td", "key__verdict", if ok { "✓" } else { "✗" })
                    .attr("aria-label", if ok { "matches" } else { "fails" }),
            }
        }))
    }));
    El::new("table")
        .class(&format!("table {class}"))
        .child(El::new("thead").child(head))
        .child(body)
}

fn muted(text: &str) -> El {
    El::leaf("p", "muted", text)
}

fn note(class: &str, text: &str) -> El {
    El::leaf("p", class, text)
}

/// A button that applies `edit` to the text.
fn edit_button(label: &str, testid: &str, class: &str, edit: TextEdit, edits: &mut Edits) -> El {
    edits.push(edit);
    El::leaf("button", class, label)
        .attr("data-testid", testid)
        .attr("data-action", "edit")
        .attr("data-arg", &(edits.len() - 1).to_string())
}

fn fixes(fixes: Vec<Fix>, edits: &mut Edits) -> El {
    El::new("div").class("fixes").children(
        fixes
            .into_iter()
            .map(|f| {
                edit_button(
                    &format!("🔧 {}", f.title),
                    "fix",
                    "button fix",
                    f.edit,
                    edits,
                )
            })
            .collect::<Vec<_>>(),
    )
}

/// Buttons that simulate the rollout of each workload of `keys` (those that
/// cannot roll out are left out): a restart,
/// or — when its pod template was edited since it was first seen — the
/// rollout of that edit.
fn rollout_buttons(state: AppState, a: &Analysis, keys: &[String]) -> Option<El> {
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
        Some(
            El::leaf("button", "button", &label)
                .attr("type", "button")
                .attr("data-action", "rollout")
                .attr("data-arg", k)
                .attr("data-testid", "rollout-start"),
        )
    });
    Some(
        El::new("div")
            .class("whatif")
            .child(El::leaf("span", "whatif__label", "Rollout:"))
            .children(buttons),
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

fn service(state: AppState, a: &Analysis, text: &str, name: &str, edits: &mut Edits) -> El {
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
        El::leaf("h3", "details__title", &format!("Service {name}")),
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
    parts.push(fixes(explain::port_fixes(text, a, s), edits));
    // The same diagnostic (SVC006) as the Diagnostics tab and `svcmap check`.
    if let Some(d) = &e.shared {
        let (class, mark) = match d.severity {
            Severity::Info => ("explain__plain", "ℹ"),
            _ => ("explain__warn", "▲"),
        };
        parts.push(
            note(class, &format!("{mark} {} [{}]", d.message, d.code))
                .attr("data-testid", "mixed-owners")
                .attr("data-severity", d.severity.as_str()),
        );
    }
    if let Some(n) = &e.note {
        parts.push(note("explain__plain", &format!("ℹ {n}")).attr("data-testid", "healthy-note"));
    }
    for w in &e.workload_label_hints {
        parts.push(note(
            "explain__warn",
            &format!("▲ {w} carries the selected labels on its own metadata.labels, but its pods get spec.template.metadata.labels"),
        ));
    }
    if !e.near_misses.is_empty() {
        parts.push(El::leaf("h4", "explain__heading", "Not selected, nearly"));
        let items: Vec<El> = e
            .near_misses
            .iter()
            .take(MAX_NEAR_MISSES_SHOWN)
            .map(|m| near_miss(a, text, s, m, edits))
            .collect();
        parts.push(El::new("ul").class("explain__misses").children(items));
        let more = e.near_misses.len().saturating_sub(MAX_NEAR_MISSES_SHOWN);
        if more > 0 {
            parts.push(muted(&format!("… and {more} more")));
        }
    }
    El::new("div").children(parts)
}

/// One pod the Service nearly selects: key by key, with hints and fixes.
fn near_miss(a: &Analysis, text: &str, s: &ResolvedService, m: &NearMiss, edits: &mut Edits) -> El {
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
    let hints: Vec<El> = m
        .keys
        .iter()
        .filter_map(|k| k.hint.as_deref())
        .map(|h| note("key__hint", h))
        .collect();
    El::new("li")
        .class("near-miss")
        .attr("data-testid", "near-miss")
        .attr("data-pod", &who)
        .child(note("near-miss__summary", &summary))
        .child(table(
            "table--keys",
            &["Key", "Service wants", "Pod has", ""],
            rows,
        ))
        .children(hints)
        .child(fixes(explain::near_miss_fixes(text, a, s, m), edits))
}

fn pod(state: AppState, a: &Analysis, text: &str, name: &str, edits: &mut Edits) -> El {
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
        El::leaf("h3", "details__title", &format!("Pod {name}")),
        if state.rollout.with(Option::is_some) {
            El::new("div")
        } else {
            what_if(a, text, index, edits)
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
        parts.push(El::leaf("h4", "explain__heading", "Nearly selected by"));
        parts.push(table("", &["Service", "State", "Failing keys"], nearly));
    }
    El::new("div").children(parts)
}

/// What-if buttons for a pod: each writes the change into the text.
fn what_if(a: &Analysis, text: &str, pod: usize, edits: &mut Edits) -> El {
    let mut buttons = Vec::new();
    for (change, id) in [
        (PodChange::NotReady, "whatif-not-ready"),
        (PodChange::Ready, "whatif-ready"),
        (PodChange::Terminating, "whatif-terminating"),
        (PodChange::Delete, "whatif-delete"),
    ] {
        if let Some(edit) = whatif::pod_edit(text, a, pod, change) {
            buttons.push(edit_button(change.label(), id, "button", edit, edits));
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
                        &format!("Scale {name} to {to}"),
                        id,
                        "button",
                        edit,
                        edits,
                    ));
                }
            }
        }
    }
    El::new("div")
        .class("whatif")
        .attr("role", "group")
        .attr("aria-label", "What if")
        .child(El::leaf("span", "whatif__label", "What if:"))
        .children(buttons)
        .child(El::leaf(
            "span",
            "muted whatif__hint",
            "written into the YAML; Ctrl+Z undoes",
        ))
}
