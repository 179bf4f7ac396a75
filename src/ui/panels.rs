//! `<Panels/>`: the tabs under the graph — diagnostics, details of the
//! selection, the generated Endpoints and EndpointSlices as YAML, DNS records
//! and a `kubectl get endpoints -o wide` table. Everything shown is text:
//! nothing from the input is ever rendered as markup.

use super::{use_app_state, Selection, Tab};
use crate::engine::explain;
use crate::engine::labels::Selector;
use crate::engine::whatif::{self, PodChange};
use crate::engine::{render, Analysis, EndpointState};
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
                    Tab::Details => view! { <Details/> }.into_any(),
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

fn key(ns: &str, name: &str) -> String {
    format!("{ns}/{name}")
}

/// What the selected Service reaches, or which Services reach the selected pod.
#[component]
fn Details() -> impl IntoView {
    let state = use_app_state();
    view! {
        <div class="details" data-testid="details">
            {move || match state.selected.get() {
                None => view! { <p class="muted">"Click a Service or a pod in the graph."</p> }.into_any(),
                Some(Selection::Service(name)) => state.analyzed.with(|t| state.analysis.with(|a| service_details(a, t, &name))).into_any(),
                Some(Selection::Pod(name)) => state.analyzed.with(|t| state.analysis.with(|a| pod_details(a, t, &name))).into_any(),
            }}
        </div>
    }
}

fn service_details(a: &Analysis, text: &str, name: &str) -> AnyView {
    let Some(s) = a
        .services
        .iter()
        .find(|s| key(&s.service.meta.namespace, &s.service.meta.name) == name)
    else {
        return view! { <p class="muted">"This Service is gone from the text."</p> }.into_any();
    };
    let svc = &s.service;
    let selector = svc.selector.as_ref().map_or_else(
        || "<none>".to_string(),
        |m| Selector::from_map(m).to_string(),
    );
    let kind = if svc.is_headless() {
        "Headless".to_string()
    } else {
        svc.service_type.as_str().to_string()
    };
    let addresses = s
        .network
        .addresses
        .iter()
        .map(|addr| {
            let behind = a.endpoints_behind(s, &addr.port_name);
            let behind = if addr.kind == "external-name" {
                addr.leads_to.clone()
            } else if behind.is_empty() {
                "no ready endpoint".to_string()
            } else {
                behind.join(", ")
            };
            view! {
                <tr>
                    <td>{addr.kind}</td>
                    <td class="mono">{addr.address.clone()}{if addr.simulated { "*" } else { "" }}</td>
                    <td class="mono">{behind}</td>
                </tr>
            }
        })
        .collect_view();
    let backends = s
        .backends
        .iter()
        .map(|b| {
            let p = &a.pods[b.pod].pod;
            view! {
                <tr data-state=b.state.as_str()>
                    <td class="mono">{p.meta.name.clone()}</td>
                    <td><span class=format!("state state--{}", b.state.as_str())>{b.state.as_str()}</span></td>
                    <td>{b.reason.to_string()}</td>
                </tr>
            }
        })
        .collect_view();
    let e = explain::explain(a, s);
    let plain = e
        .unmanaged
        .clone()
        .map(|u| view! { <p class="explain__plain">{u}</p> });
    let port_fixes = explain::port_fixes(text, a, s);
    let mixed = (!e.mixed_owners.is_empty()).then(|| {
        view! {
            <p class="explain__warn" data-testid="mixed-owners">
                "▲ Over-broad selector: the pods come from several workloads: "
                <code>{e.mixed_owners.join(", ")}</code>
            </p>
        }
    });
    let on_workload = e.workload_label_hints.iter().map(|w| {
        view! {
            <p class="explain__warn">
                "▲ " <code>{w.clone()}</code>
                " carries the selected labels on its own metadata.labels, but its pods get spec.template.metadata.labels"
            </p>
        }
    }).collect_view();
    let misses: Vec<_> = e
        .near_misses
        .iter()
        .take(MAX_NEAR_MISSES_SHOWN)
        .map(|m| near_miss_view(a, text, s, m))
        .collect();
    let more = e.near_misses.len().saturating_sub(MAX_NEAR_MISSES_SHOWN);
    let has_misses = !misses.is_empty();
    view! {
        <h3 class="details__title">{format!("Service {name}")}</h3>
        <p><b>"Type "</b>{kind}<b>" · selector "</b><code>{selector}</code></p>
        {plain}
        <table class="table"><thead><tr><th>"Reached on"</th><th>"Address"</th><th>"Leads to"</th></tr></thead><tbody>{addresses}</tbody></table>
        {if s.backends.is_empty() && e.unmanaged.is_none() {
            view! { <p class="muted">"The selector matches no pod of this namespace."</p> }.into_any()
        } else if s.backends.is_empty() {
            ().into_any()
        } else {
            view! { <table class="table"><thead><tr><th>"Pod"</th><th>"State"</th><th>"Why"</th></tr></thead><tbody>{backends}</tbody></table> }.into_any()
        }}
        {fix_buttons(port_fixes)}
        {mixed}
        {on_workload}
        {has_misses.then(|| view! {
            <h4 class="explain__heading">"Not selected, nearly"</h4>
            <ul class="explain__misses">{misses}</ul>
        })}
        {(more > 0).then(|| view! { <p class="muted">{format!("… and {more} more")}</p> })}
    }
    .into_any()
}

/// Near misses listed per Service.
const MAX_NEAR_MISSES_SHOWN: usize = 8;

/// One pod the Service nearly selects: key by key, with hints and fixes.
fn near_miss_view(
    a: &Analysis,
    text: &str,
    s: &crate::engine::ResolvedService,
    m: &explain::NearMiss,
) -> impl IntoView {
    let pod = &a.pods[m.pod].pod;
    let who = key(&pod.meta.namespace, &pod.meta.name);
    let summary = match &m.other_namespace {
        Some(ns) => format!(
            "every label matches, but the pod is in namespace `{ns}` and the Service in `{}`: a Service only selects pods of its own namespace",
            s.service.meta.namespace
        ),
        None => format!(
            "{} of {} selector keys fail",
            m.failing,
            m.keys.len()
        ),
    };
    let rows = m
        .keys
        .iter()
        .map(|k| {
            let class = if k.ok { "key key--ok" } else { "key key--bad" };
            let actual = k.actual.clone().unwrap_or_else(|| "(no such label)".into());
            let hint = k.hint.clone().map(|h| view! { <tr class="key__hint"><td colspan="4">{h}</td></tr> });
            view! {
                <tr class=class data-key=k.key.clone()>
                    <td class="mono">{k.key.clone()}</td>
                    <td class="mono">{k.wanted.clone()}</td>
                    <td class="mono">{actual}</td>
                    <td class="key__verdict" aria-label=if k.ok { "matches" } else { "fails" }>{if k.ok { "✓" } else { "✗" }}</td>
                </tr>
                {hint}
            }
        })
        .collect_view();
    view! {
        <li class="near-miss" data-testid="near-miss" data-pod=who.clone()>
            <p><b class="mono">{who.clone()}</b>" — "{summary}</p>
            <table class="table table--keys">
                <thead><tr><th>"Key"</th><th>"Service wants"</th><th>"Pod has"</th><th></th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
            {fix_buttons(explain::near_miss_fixes(text, a, s, m))}
        </li>
    }
}

/// Buttons that edit the text (undo with the editor's undo).
fn fix_buttons(fixes: Vec<explain::Fix>) -> impl IntoView {
    let state = use_app_state();
    (!fixes.is_empty()).then(|| {
        let buttons = fixes
            .into_iter()
            .map(|f| {
                let edit = f.edit;
                view! {
                    <button class="button fix" data-testid="fix" on:click=move |_| state.pending_edit.set(Some(edit.clone()))>
                        "🔧 "{f.title}
                    </button>
                }
            })
            .collect_view();
        view! { <div class="fixes">{buttons}</div> }
    })
}

fn pod_details(a: &Analysis, text: &str, name: &str) -> AnyView {
    let Some(sim) = a
        .pods
        .iter()
        .find(|p| key(&p.pod.meta.namespace, &p.pod.meta.name) == name)
    else {
        return view! { <p class="muted">"This pod is gone from the text."</p> }.into_any();
    };
    let pod = &sim.pod;
    let labels = pod
        .meta
        .labels
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(", ");
    let ips = pod
        .status
        .as_ref()
        .map(|s| s.pod_ips.join(", "))
        .unwrap_or_default();
    let rows = a
        .services
        .iter()
        .filter_map(|s| {
            let b = s.backends.iter().find(|b| std::ptr::eq(a.pods[b.pod].pod.as_ref(), pod.as_ref()))?;
            Some(view! {
                <tr data-state=b.state.as_str()>
                    <td class="mono">{key(&s.service.meta.namespace, &s.service.meta.name)}</td>
                    <td><span class=format!("state state--{}", b.state.as_str())>{b.state.as_str()}</span></td>
                    <td>{b.reason.to_string()}</td>
                </tr>
            })
        })
        .collect::<Vec<_>>();
    let none = rows.is_empty();
    let index = a.pods.iter().position(|p| std::ptr::eq(p, sim));
    let nearly: Vec<_> = a
        .services
        .iter()
        .filter(|s| s.service.meta.namespace == pod.meta.namespace)
        .filter_map(|s| {
            let e = explain::explain(a, s);
            let m = e.near_misses.iter().find(|m| Some(m.pod) == index)?;
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
            Some(view! {
                <tr data-state="near-miss">
                    <td class="mono">{key(&s.service.meta.namespace, &s.service.meta.name)}</td>
                    <td><span class="state state--near-miss">"near miss"</span></td>
                    <td>{fails}</td>
                </tr>
            })
        })
        .collect();
    let what_if = index.map(|i| what_if_buttons(a, text, i));
    view! {
        <h3 class="details__title">{format!("Pod {name}")}</h3>
        {what_if}
        <p><b>"Labels "</b><code>{if labels.is_empty() { "<none>".to_string() } else { labels }}</code></p>
        <p><b>"IPs "</b><code>{ips}</code>{if sim.simulated_status { " (simulated)" } else { "" }}</p>
        {if none {
            view! { <p class="muted">"No Service selects this pod."</p> }.into_any()
        } else {
            view! { <table class="table"><thead><tr><th>"Selected by"</th><th>"State"</th><th>"Why"</th></tr></thead><tbody>{rows}</tbody></table> }.into_any()
        }}
        {(!nearly.is_empty()).then(|| view! {
            <h4 class="explain__heading">"Nearly selected by"</h4>
            <table class="table"><thead><tr><th>"Service"</th><th>"State"</th><th>"Failing keys"</th></tr></thead><tbody>{nearly}</tbody></table>
        })}
    }
    .into_any()
}

/// What-if buttons for a pod: each writes the change into the text.
fn what_if_buttons(a: &Analysis, text: &str, pod: usize) -> impl IntoView {
    let state = use_app_state();
    let mut buttons = Vec::new();
    for change in [
        PodChange::NotReady,
        PodChange::Ready,
        PodChange::Terminating,
        PodChange::Delete,
    ] {
        if let Some(edit) = whatif::pod_edit(text, a, pod, change) {
            let id = match change {
                PodChange::Ready => "whatif-ready",
                PodChange::NotReady => "whatif-not-ready",
                PodChange::Terminating => "whatif-terminating",
                PodChange::Delete => "whatif-delete",
            };
            buttons.push(view! {
                <button class="button" data-testid=id on:click=move |_| state.pending_edit.set(Some(edit.clone()))>
                    {change.label()}
                </button>
            }.into_any());
        }
    }
    if let Some(w) = whatif::owner_of(a, &a.pods[pod].pod) {
        let replicas = w.replicas.unwrap_or(1);
        let name = format!("{}/{}", w.kind.as_str().to_ascii_lowercase(), w.meta.name);
        for (delta, label, id) in [
            (-1, "−1", "whatif-scale-down"),
            (1, "+1", "whatif-scale-up"),
        ] {
            if let Some(edit) =
                whatif::scale_edit(text, w, replicas + delta).filter(|_| replicas + delta >= 0)
            {
                buttons.push(view! {
                    <button class="button" data-testid=id title=format!("Scale {name} to {}", replicas + delta) on:click=move |_| state.pending_edit.set(Some(edit.clone()))>
                        {format!("Scale {label}")}
                    </button>
                }.into_any());
            }
        }
    }
    view! {
        <div class="whatif" role="group" aria-label="What if">
            <span class="whatif__label">"What if:"</span>
            {buttons}
            <span class="muted whatif__hint">"(written into the YAML; Ctrl+Z undoes)"</span>
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
