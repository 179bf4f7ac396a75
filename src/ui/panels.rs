//! `<Panels/>`: the tabs under the graph — diagnostics, details of the
//! selection, the generated Endpoints and EndpointSlices as YAML, DNS records
//! and a `kubectl get endpoints -o wide` table. Everything shown is text:
//! nothing from the input is ever rendered as markup.

use super::explain_panel::Explain;
use super::{use_app_state, Tab};
use crate::engine::{render, EndpointState};
use leptos::prelude::*;

/// The tab bar and the open tab.
#[component]
pub fn Panels() -> impl IntoView {
    let state = use_app_state();
    let count = move |tab: Tab| -> Option<String> {
        match tab {
            Tab::Diagnostics => Some(state.analysis.with(|a| a.diagnostics.len()).to_string()),
            _ => None,
        }
    };
    view! {
        <div class="panels">
            <div class="tabs" role="tablist">
                {Tab::ALL
                    .into_iter()
                    .map(|tab| {
                        view! {
                            <button
                                class="tabs__tab"
                                role="tab"
                                data-testid=format!("tab-{}", tab.id())
                                aria-selected=move || if state.tab.get() == tab { "true" } else { "false" }
                                on:click=move |_| state.tab.set(tab)
                            >
                                {tab.label()}
                                {move || count(tab).map(|c| view! { <span class="tabs__count">{c}</span> })}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            <div class="tabs__panel" role="tabpanel">
                {move || match state.tab.get() {
                    Tab::Diagnostics => view! { <DiagnosticsList/> }.into_any(),
                    Tab::Details => view! { <Explain/> }.into_any(),
                    Tab::Endpoints => view! { <YamlPanel slices=false/> }.into_any(),
                    Tab::Slices => view! { <YamlPanel slices=true/> }.into_any(),
                    Tab::Dns => view! { <DnsPanel/> }.into_any(),
                    Tab::Table => view! { <TablePanel/> }.into_any(),
                }}
            </div>
        </div>
    }
}

/// Every diagnostic; clicking one moves the editor to its line.
#[component]
fn DiagnosticsList() -> impl IntoView {
    let state = use_app_state();
    view! {
        <div class="diagnostics" data-testid="diagnostics">
            <Show
                when=move || !state.analysis.with(|a| a.diagnostics.is_empty())
                fallback=|| view! { <p class="muted">"No problems found."</p> }
            >
                <ul class="diagnostics__list">
                    {move || {
                        state
                            .analysis
                            .get()
                            .diagnostics
                            .into_iter()
                            .map(|d| {
                                let line = d.span.map(|s| s.start.line);
                                let at = d.span.map(|s| format!("{}:{}", s.start.line, s.start.column)).unwrap_or_default();
                                let class = format!("diagnostic diagnostic--{}", d.severity.as_str());
                                view! {
                                    <li class=class data-code=d.code.as_str()>
                                        <button class="diagnostic__jump" on:click=move |_| state.reveal_line.set(line)>
                                            <span class="diagnostic__icon" aria-label=d.severity.as_str()>
                                                {match d.severity {
                                                    crate::engine::Severity::Error => "✖",
                                                    crate::engine::Severity::Warning => "▲",
                                                    crate::engine::Severity::Info => "ℹ",
                                                }}
                                            </span>
                                            <span class="diagnostic__at">{at}</span>
                                            <span class="diagnostic__code">{d.code.as_str()}</span>
                                            <span class="diagnostic__message">{d.message}</span>
                                        </button>
                                        {d.help.map(|h| view! { <p class="diagnostic__help">{h}</p> })}
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </Show>
        </div>
    }
}

/// The generated v1 Endpoints or EndpointSlices as a YAML `List`.
#[component]
fn YamlPanel(
    /// EndpointSlices instead of Endpoints.
    slices: bool,
) -> impl IntoView {
    let state = use_app_state();
    let text = move || {
        state.analysis.with(|a| {
            let mut items = Vec::new();
            for s in a.services.iter().filter(|s| s.managed) {
                if slices {
                    items.extend(s.slices.iter().map(|x| render::slice_object(x, s)));
                } else if let Some(ep) = &s.endpoints {
                    items.push(render::endpoints_object(ep));
                }
            }
            render::to_yaml(&render::list_object(items))
        })
    };
    let id = if slices {
        "slices-yaml"
    } else {
        "endpoints-yaml"
    };
    view! { <pre class="yaml-out" data-testid=id>{text}</pre> }
}

/// DNS records of every Service.
#[component]
fn DnsPanel() -> impl IntoView {
    let state = use_app_state();
    let rows = move || {
        state.analysis.with(|a| {
            a.services
                .iter()
                .flat_map(|s| s.dns.iter().cloned())
                .map(|r| view! { <tr><td class="mono">{r.name}</td><td>{r.rtype}</td><td class="mono">{r.value}</td></tr> })
                .collect_view()
        })
    };
    view! {
        <table class="table" data-testid="dns">
            <thead><tr><th>"Name"</th><th>"Type"</th><th>"Value"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// `kubectl get endpoints -o wide`, with the not-ready count.
#[component]
fn TablePanel() -> impl IntoView {
    let state = use_app_state();
    let rows = move || {
        state.analysis.with(|a| {
            let mut services: Vec<_> = a.services.iter().collect();
            crate::engine::order::sort_by(&mut services, |x, y| {
                (&x.service.meta.namespace, &x.service.meta.name)
                    .cmp(&(&y.service.meta.namespace, &y.service.meta.name))
            });
            services
                .into_iter()
                .map(|s| {
                    let eps = s
                        .endpoints
                        .as_ref()
                        .map_or_else(|| "<none>".to_string(), |e| render::format_endpoints(e));
                    let not_ready = s
                        .backends
                        .iter()
                        .filter(|b| b.state == EndpointState::NotReady)
                        .count();
                    view! {
                        <tr>
                            <td>{s.service.meta.namespace.clone()}</td>
                            <td class="mono">{s.service.meta.name.clone()}</td>
                            <td class="mono">{eps}</td>
                            <td>{not_ready}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <table class="table" data-testid="kubectl-table">
            <thead><tr><th>"NAMESPACE"</th><th>"NAME"</th><th>"ENDPOINTS"</th><th>"NOT READY"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
