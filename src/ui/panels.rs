//! `<Panels/>`: the tabs under the graph — diagnostics, details of the
//! selection, the generated Endpoints and EndpointSlices as YAML, DNS records
//! and a `kubectl get endpoints -o wide` table. Everything shown is text:
//! nothing from the input is ever rendered as markup.

use super::explain_panel::ExplainPanel;
use super::{text, use_app_state, AppState, Tab};
use crate::engine::{render, Diagnostic, EndpointState, Severity};
use leptos::prelude::*;
use std::hash::{DefaultHasher, Hash, Hasher};

/// The tab bar and the open tab.
#[component]
pub fn Panels() -> impl IntoView {
    let state = use_app_state();
    view! {
        <div class="panels">
            <TabBar state/>
            <div class="tabs__panel" role="tabpanel">
                <div class="tabs__content" data-testid="panel">
                    {move || match state.tab.get() {
                        Tab::Diagnostics => view! { <DiagnosticsPanel state/> }.into_any(),
                        Tab::Details => view! { <ExplainPanel state/> }.into_any(),
                        Tab::Endpoints => view! { <YamlPanel state slices=false/> }.into_any(),
                        Tab::Slices => view! { <YamlPanel state slices=true/> }.into_any(),
                        Tab::Dns => view! { <DnsPanel state/> }.into_any(),
                        Tab::Table => view! { <KubectlPanel state/> }.into_any(),
                    }}
                </div>
            </div>
        </div>
    }
}

/// One button per tab; the Diagnostics tab shows how many there are.
#[component]
fn TabBar(
    /// The app state: the open tab, the diagnostics counted.
    state: AppState,
) -> impl IntoView {
    let tabs = Tab::ALL.map(|tab| {
        let count = (tab == Tab::Diagnostics).then(|| {
            view! {
                <span class="tabs__count">
                    {text(move || state.analysis.with(|a| a.diagnostics.len()).to_string())}
                </span>
            }
        });
        view! {
            <button
                class="tabs__tab"
                role="tab"
                data-testid=format!("tab-{}", tab.id())
                aria-selected=text(move || (state.tab.get() == tab).to_string())
                on:click=move |_| state.tab.set(tab)
            >
                {tab.label()}
                {count}
            </button>
        }
    });
    view! { <div class="tabs" role="tablist">{tabs}</div> }
}

/// Every diagnostic; clicking one moves the editor to its line.
#[component]
fn DiagnosticsPanel(
    /// The app state: the diagnostics, the line to reveal.
    state: AppState,
) -> impl IntoView {
    // Keyed by what each says and where; identical ones by their rank too.
    let diagnostics = Memo::new(move |_| {
        state.analysis.with(|a| {
            let keys = a.diagnostics.iter().map(diagnostic_key).collect();
            unique(keys)
                .into_iter()
                .zip(a.diagnostics.iter().cloned())
                .collect::<Vec<_>>()
        })
    });
    view! {
        <div class="diagnostics" data-testid="diagnostics">
            <Show
                when=move || diagnostics.with(|d| !d.is_empty())
                fallback=|| view! { <p class="muted">"No problems found."</p> }
            >
                <ul class="diagnostics__list">
                    <For
                        each=move || diagnostics.get()
                        key=|(k, _)| *k
                        children=move |(_, d)| view! { <DiagnosticRow state diagnostic=d/> }
                    />
                </ul>
            </Show>
        </div>
    }
}

/// One diagnostic: where, its code and message (a click reveals the line),
/// a link to its page in the catalogue, and its help.
#[component]
fn DiagnosticRow(
    /// The app state: the line to reveal.
    state: AppState,
    /// The diagnostic.
    diagnostic: Diagnostic,
) -> impl IntoView {
    let d = diagnostic;
    let at = d
        .span
        .map(|s| format!("{}:{}", s.start.line, s.start.column))
        .unwrap_or_default();
    let icon = match d.severity {
        Severity::Error => "✖",
        Severity::Warning => "▲",
        Severity::Info => "ℹ",
    };
    let line = d.span.map(|s| s.start.line);
    let code = d.code.as_str();
    let help = d
        .help
        .map(|h| view! { <p class="diagnostic__help">{h}</p> });
    view! {
        <li class=format!("diagnostic diagnostic--{}", d.severity.as_str()) data-code=code>
            <button
                class="diagnostic__jump"
                on:click=move |_| {
                    if line.is_some() {
                        state.reveal_line.set(line);
                    }
                }
            >
                <span class="diagnostic__icon" aria-label=d.severity.as_str()>{icon}</span>
                <span class="diagnostic__at">{at}</span>
                <span class="diagnostic__code">{code}</span>
                <span class="diagnostic__message">{d.message}</span>
            </button>
            <a
                class="diagnostic__doc"
                href=format!("diagnostics.html#{}", code.to_ascii_lowercase())
                target="_blank"
                rel="noopener"
                title=format!("{code}: {} — example and fix", d.code.title())
            >
                "what is this?"
            </a>
            {help}
        </li>
    }
}

/// A hash of everything a diagnostic row shows.
fn diagnostic_key(d: &Diagnostic) -> u64 {
    let span = d.span.map(|s| (s.start.offset, s.end.offset));
    hash_of(&(d.severity, d.code.as_str(), &d.message, span, &d.help))
}

/// A hash of a value.
fn hash_of<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// List keys made unique: the second of two equal items (two identical
/// rows) is keyed by its content and its rank among the equal ones, so a
/// keyed list never sees one key twice.
fn unique(mut keys: Vec<u64>) -> Vec<u64> {
    let mut seen = std::collections::HashMap::<u64, u64>::new();
    for k in &mut keys {
        let rank = seen.entry(*k).or_default();
        if *rank > 0 {
            *k = hash_of(&(*k, *rank));
        }
        *rank += 1;
    }
    keys
}

/// The generated v1 Endpoints or EndpointSlices as a YAML `List`.
#[component]
fn YamlPanel(
    /// The app state: the analysis.
    state: AppState,
    /// EndpointSlices (true) or Endpoints.
    slices: bool,
) -> impl IntoView {
    let yaml = text(move || {
        state.analysis.with(|a| {
            let mut items = Vec::new();
            // A selector-less Service's: as written, and the slices mirrored from its Endpoints.
            for s in a.services.iter() {
                if slices {
                    items.extend(s.slices.iter().map(|x| render::slice_object(x, s)));
                } else if let Some(ep) = &s.endpoints {
                    items.push(render::endpoints_object(ep));
                }
            }
            render::to_yaml(&render::list_object(items))
        })
    });
    let id = if slices {
        "slices-yaml"
    } else {
        "endpoints-yaml"
    };
    view! { <pre class="yaml-out" data-testid=id>{yaml}</pre> }
}

/// A table of text cells (the columns marked in `mono` in monospace), one
/// row per entry of `rows`, keyed by its cells.
#[component]
fn TextTable(
    /// Its `data-testid`.
    testid: &'static str,
    /// The column headings.
    head: &'static [&'static str],
    /// Which columns are monospace.
    mono: &'static [bool],
    /// The rows.
    #[prop(into)]
    rows: Signal<Vec<Vec<String>>>,
) -> impl IntoView {
    let head = head.iter().map(|h| view! { <th>{*h}</th> }).collect_view();
    view! {
        <table class="table" data-testid=testid>
            <thead><tr>{head}</tr></thead>
            <tbody>
                <For
                    each=move || rows.with(|r| unique(r.iter().map(hash_of).collect()).into_iter().zip(r.iter().cloned()).collect::<Vec<_>>())
                    key=|(k, _)| *k
                    children=move |(_, r)| {
                        let cells = r
                            .into_iter()
                            .enumerate()
                            .map(|(i, c)| {
                                let class = if mono.get(i) == Some(&true) { "mono" } else { "" };
                                view! { <td class=class>{c}</td> }
                            })
                            .collect_view();
                        view! { <tr>{cells}</tr> }
                    }
                />
            </tbody>
        </table>
    }
}

/// DNS records of every Service.
#[component]
fn DnsPanel(
    /// The app state: the analysis.
    state: AppState,
) -> impl IntoView {
    let rows = Memo::new(move |_| {
        state.analysis.with(|a| {
            a.services
                .iter()
                .flat_map(|s| s.dns.iter())
                .map(|r| vec![r.name.clone(), r.rtype.to_string(), r.value.clone()])
                .collect::<Vec<_>>()
        })
    });
    view! {
        <div class="dns-panel" data-testid="dns-panel">
            <TextTable testid="dns" head=&["Name", "Type", "Value"] mono=&[true, false, true] rows/>
        </div>
    }
}

/// `kubectl get endpoints -o wide`, with the not-ready count.
#[component]
fn KubectlPanel(
    /// The app state: the analysis.
    state: AppState,
) -> impl IntoView {
    let rows = Memo::new(move |_| {
        state.analysis.with(|a| {
            let mut services: Vec<_> = a.services.iter().collect();
            crate::engine::base::order::sort_by(&mut services, |x, y| {
                (&x.service.meta.namespace, &x.service.meta.name)
                    .cmp(&(&y.service.meta.namespace, &y.service.meta.name))
            });
            services
                .into_iter()
                .map(|s| {
                    let eps = match &s.endpoints {
                        Some(e) if s.managed => render::format_endpoints(e),
                        _ if !s.managed => render::format_backends(s),
                        _ => "<none>".to_string(),
                    };
                    let not_ready = s
                        .backends
                        .iter()
                        .map(|b| b.state)
                        .chain(s.external.iter().map(|b| b.state))
                        .filter(|st| *st == EndpointState::NotReady)
                        .count();
                    vec![
                        s.service.meta.namespace.clone(),
                        s.service.meta.name.clone(),
                        eps,
                        not_ready.to_string(),
                    ]
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <div class="kubectl-panel" data-testid="kubectl-panel">
            <TextTable
                testid="kubectl-table"
                head=&["NAMESPACE", "NAME", "ENDPOINTS", "NOT READY"]
                mono=&[false, true, true, false]
                rows
            />
        </div>
    }
}
