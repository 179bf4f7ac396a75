//! `<Panels/>`: the tabs under the graph — diagnostics, details of the
//! selection, the generated Endpoints and EndpointSlices as YAML, DNS records
//! and a `kubectl get endpoints -o wide` table. Everything shown is text:
//! nothing from the input is ever rendered as markup.

use super::dom::{dom_panel, Action, El};
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
    let build = move || {
        state.analysis.with(|a| {
            if a.diagnostics.is_empty() {
                return El::leaf("p", "muted", "No problems found.");
            }
            El::new("ul")
                .class("diagnostics__list")
                .children(a.diagnostics.iter().map(|d| {
                    let at = d
                        .span
                        .map(|s| format!("{}:{}", s.start.line, s.start.column))
                        .unwrap_or_default();
                    let icon = match d.severity {
                        crate::engine::Severity::Error => "✖",
                        crate::engine::Severity::Warning => "▲",
                        crate::engine::Severity::Info => "ℹ",
                    };
                    let mut jump = El::new("button")
                        .class("diagnostic__jump")
                        .child(
                            El::leaf("span", "diagnostic__icon", icon)
                                .attr("aria-label", d.severity.as_str()),
                        )
                        .child(El::leaf("span", "diagnostic__at", &at))
                        .child(El::leaf("span", "diagnostic__code", d.code.as_str()))
                        .child(El::leaf("span", "diagnostic__message", &d.message));
                    if let Some(s) = d.span {
                        jump = jump
                            .attr("data-action", "line")
                            .attr("data-arg", &s.start.line.to_string());
                    }
                    let code = d.code.as_str();
                    let doc = El::leaf("a", "diagnostic__doc", "what is this?")
                        .attr(
                            "href",
                            &format!("diagnostics.html#{}", code.to_ascii_lowercase()),
                        )
                        .attr("target", "_blank")
                        .attr("rel", "noopener")
                        .attr(
                            "title",
                            &format!("{code}: {} — example and fix", d.code.title()),
                        );
                    let mut li = El::new("li")
                        .class(&format!("diagnostic diagnostic--{}", d.severity.as_str()))
                        .attr("data-code", code)
                        .child(jump)
                        .child(doc);
                    if let Some(h) = &d.help {
                        li = li.child(El::leaf("p", "diagnostic__help", h));
                    }
                    li
                }))
        })
    };
    let on_action = move |act: Action| {
        if act.kind == "line" {
            state.reveal_line.set(act.arg.parse().ok());
        }
    };
    dom_panel("diagnostics", "diagnostics", build, on_action)
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

/// A table of text cells (the first `mono` columns in monospace).
fn text_table(testid: &str, head: &[&str], mono: &[bool], rows: Vec<Vec<String>>) -> El {
    El::new("table")
        .class("table")
        .attr("data-testid", testid)
        .child(
            El::new("thead")
                .child(El::new("tr").children(head.iter().map(|h| El::leaf("th", "", h)))),
        )
        .child(El::new("tbody").children(rows.into_iter().map(|r| {
            El::new("tr").children(r.iter().enumerate().map(|(i, c)| {
                El::leaf(
                    "td",
                    if mono.get(i) == Some(&true) {
                        "mono"
                    } else {
                        ""
                    },
                    c,
                )
            }))
        })))
}

/// DNS records of every Service.
#[component]
fn DnsPanel() -> impl IntoView {
    let state = use_app_state();
    let build = move || {
        state.analysis.with(|a| {
            let rows = a
                .services
                .iter()
                .flat_map(|s| s.dns.iter())
                .map(|r| vec![r.name.clone(), r.rtype.to_string(), r.value.clone()])
                .collect();
            text_table(
                "dns",
                &["Name", "Type", "Value"],
                &[true, false, true],
                rows,
            )
        })
    };
    dom_panel("dns-panel", "dns-panel", build, |_| {})
}

/// `kubectl get endpoints -o wide`, with the not-ready count.
#[component]
fn TablePanel() -> impl IntoView {
    let state = use_app_state();
    let build = move || {
        state.analysis.with(|a| {
            let mut services: Vec<_> = a.services.iter().collect();
            crate::engine::order::sort_by(&mut services, |x, y| {
                (&x.service.meta.namespace, &x.service.meta.name)
                    .cmp(&(&y.service.meta.namespace, &y.service.meta.name))
            });
            let rows = services
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
                    vec![
                        s.service.meta.namespace.clone(),
                        s.service.meta.name.clone(),
                        eps,
                        not_ready.to_string(),
                    ]
                })
                .collect();
            text_table(
                "kubectl-table",
                &["NAMESPACE", "NAME", "ENDPOINTS", "NOT READY"],
                &[false, true, true, false],
                rows,
            )
        })
    };
    dom_panel("kubectl-panel", "kubectl-panel", build, |_| {})
}
