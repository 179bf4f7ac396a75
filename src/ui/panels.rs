//! `<Panels/>`: the tabs under the graph — diagnostics, details of the
//! selection, the generated Endpoints and EndpointSlices as YAML, DNS records
//! and a `kubectl get endpoints -o wide` table. Everything shown is text:
//! nothing from the input is ever rendered as markup.

use super::dom::{dom_panel, Action, El};
use super::explain_panel::{self, EditSlots};
use super::{use_app_state, AppState, Tab};
use crate::engine::{render, EndpointState};
use leptos::prelude::*;

/// The tab bar and the open tab. The bar is drawn once (its selected tab
/// and counts updated in place, so focus stays on the tab); the open tab's
/// content is rebuilt whole when what it shows changes.
#[component]
pub fn Panels() -> impl IntoView {
    let state = use_app_state();
    let edits: EditSlots = StoredValue::new(Vec::new());
    let bar = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        let Some(bar) = bar.get() else { return };
        for tab in Tab::ALL {
            let mut b = El::leaf("button", "tabs__tab", tab.label())
                .attr("role", "tab")
                .attr("data-testid", &format!("tab-{}", tab.id()))
                .attr("data-action", "tab")
                .attr("data-arg", tab.id());
            if tab == Tab::Diagnostics {
                b = b.child(El::leaf("span", "tabs__count", ""));
            }
            if let Some(b) = b.into_element() {
                let _ = bar.append_with_node_1(&b);
            }
        }
    });
    Effect::new(move |_| {
        let open = state.tab.get();
        let count = state.analysis.with(|a| a.diagnostics.len()).to_string();
        let Some(bar) = bar.get() else { return };
        let buttons = bar.children();
        for (i, tab) in Tab::ALL.into_iter().enumerate() {
            if let Some(b) = buttons.item(i as u32) {
                let _ =
                    b.set_attribute("aria-selected", if tab == open { "true" } else { "false" });
                if tab == Tab::Diagnostics {
                    if let Some(c) = b.first_element_child() {
                        c.set_text_content(Some(&count));
                    }
                }
            }
        }
    });
    let on_tab = move |ev: leptos::ev::MouseEvent| {
        use wasm_bindgen::JsCast;
        let id = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|t| t.closest("[data-arg]").ok().flatten())
            .and_then(|t| t.get_attribute("data-arg"));
        if let Some(tab) = Tab::ALL.into_iter().find(|t| Some(t.id()) == id.as_deref()) {
            state.tab.set(tab);
        }
    };
    let build = move || match state.tab.get() {
        Tab::Diagnostics => diagnostics(state),
        Tab::Details => explain_panel::build(state, edits),
        Tab::Endpoints => yaml(state, false),
        Tab::Slices => yaml(state, true),
        Tab::Dns => dns(state),
        Tab::Table => kubectl_table(state),
    };
    let on_action = move |act: Action| {
        if act.kind == "line" {
            state.reveal_line.set(act.arg.parse().ok());
        } else {
            explain_panel::act(state, edits, &act);
        }
    };
    view! {
        <div class="panels">
            <div class="tabs" role="tablist" node_ref=bar on:click=on_tab></div>
            <div class="tabs__panel" role="tabpanel">
                {dom_panel("tabs__content", "panel", build, on_action)}
            </div>
        </div>
    }
}

/// Every diagnostic; clicking one moves the editor to its line.
fn diagnostics(state: AppState) -> El {
    let list = state.analysis.with(|a| {
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
    });
    El::new("div")
        .class("diagnostics")
        .attr("data-testid", "diagnostics")
        .child(list)
}

/// The generated v1 Endpoints or EndpointSlices as a YAML `List`.
fn yaml(state: AppState, slices: bool) -> El {
    let text = state.analysis.with(|a| {
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
    });
    let id = if slices {
        "slices-yaml"
    } else {
        "endpoints-yaml"
    };
    El::leaf("pre", "yaml-out", &text).attr("data-testid", id)
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
fn dns(state: AppState) -> El {
    let table = state.analysis.with(|a| {
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
    });
    El::new("div")
        .class("dns-panel")
        .attr("data-testid", "dns-panel")
        .child(table)
}

/// `kubectl get endpoints -o wide`, with the not-ready count.
fn kubectl_table(state: AppState) -> El {
    let table = state.analysis.with(|a| {
        let mut services: Vec<_> = a.services.iter().collect();
        crate::engine::base::order::sort_by(&mut services, |x, y| {
            (&x.service.meta.namespace, &x.service.meta.name)
                .cmp(&(&y.service.meta.namespace, &y.service.meta.name))
        });
        let rows = services
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
            .collect();
        text_table(
            "kubectl-table",
            &["NAMESPACE", "NAME", "ENDPOINTS", "NOT READY"],
            &[false, true, true, false],
            rows,
        )
    });
    El::new("div")
        .class("kubectl-panel")
        .attr("data-testid", "kubectl-panel")
        .child(table)
}
