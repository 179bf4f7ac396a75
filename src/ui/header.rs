//! `<Header/>`: name, examples menu, namespace field, share button, theme toggle.

use super::dom::El;
use super::{browser, examples, history, use_app_state};
use crate::share;
use leptos::prelude::*;

/// The top bar. Drawn once with the DOM builder; the summary and the theme
/// label are updated in place, and one listener per event kind handles the
/// controls (a few reactive views cost far more WebAssembly than this).
#[component]
pub fn Header() -> impl IntoView {
    let state = use_app_state();
    let header = NodeRef::<leptos::html::Header>::new();
    let summary = El::leaf("span", "header__summary", "")
        .attr("data-testid", "summary")
        .into_element();
    let theme = El::leaf("button", "button", "")
        .attr("data-testid", "theme")
        .attr("data-action", "theme")
        .attr("title", "Theme: follow the system, light or dark")
        .into_element();
    let share = El::leaf("button", "button", "Copy link")
        .attr("data-testid", "share")
        .attr("data-action", "share")
        .attr("title", "Copy a link with this YAML")
        .into_element();
    // The namespace the text is applied in, as `kubectl apply -n`; its
    // suggestions are the namespaces the text names.
    let namespace = El::new("input")
        .class("header__namespace-input")
        .attr("type", "text")
        .attr("data-testid", "namespace")
        .attr("list", "namespace-suggestions")
        .attr("placeholder", "default")
        .attr("spellcheck", "false")
        .attr("autocomplete", "off")
        .attr("autocapitalize", "off")
        .attr("aria-describedby", "namespace-error")
        .into_element();
    let namespace_error = El::leaf("span", "header__namespace-error", "")
        .attr("id", "namespace-error")
        .attr("data-testid", "namespace-error")
        .attr("role", "status")
        .into_element();
    let suggestions = El::new("datalist")
        .attr("id", "namespace-suggestions")
        .into_element();
    {
        let (input, error) = (namespace.clone(), namespace_error.clone());
        Effect::new(move |_| {
            let typed = state.namespace.get();
            let problem = super::applied_namespace(&typed)
                .is_none()
                .then(|| typed.trim())
                .filter(|t| !t.is_empty())
                .and_then(crate::engine::model::scope::namespace_error);
            if let Some(input) = &input {
                use wasm_bindgen::JsCast;
                if let Some(i) = input.dyn_ref::<web_sys::HtmlInputElement>() {
                    // Set from a link or the saved setting, not only by typing.
                    if i.value() != typed {
                        i.set_value(&typed);
                    }
                }
                let _ = input.set_attribute("aria-invalid", &problem.is_some().to_string());
            }
            if let Some(e) = &error {
                // Short on screen; kubectl's whole reason on hover.
                e.set_text_content(
                    problem
                        .is_some()
                        .then_some("not a namespace name: using default"),
                );
                let _ = e.set_attribute("title", problem.as_deref().unwrap_or(""));
            }
        });
    }
    {
        let suggestions = suggestions.clone();
        Effect::new(move |drawn: Option<Vec<String>>| {
            let mut names: Vec<String> = state.analysis.with(|a| {
                a.objects
                    .iter()
                    .map(|o| o.meta().namespace.clone())
                    .filter(|ns| !ns.is_empty())
                    .collect()
            });
            names.sort_unstable();
            names.dedup();
            if drawn.as_ref() == Some(&names) {
                return names;
            }
            if let Some(list) = &suggestions {
                list.replace_children_with_node_0();
                for n in &names {
                    if let Some(o) = El::new("option").attr("value", n).into_element() {
                        let _ = list.append_with_node_1(&o);
                    }
                }
            }
            names
        });
    }
    // The user's earlier texts, under the examples ([`history`]).
    let earlier = El::new("optgroup")
        .attr("label", "Your earlier texts")
        .attr("data-testid", "earlier")
        .into_element();
    {
        let earlier = earlier.clone();
        // Those not on screen, by index: a keystroke compares at most five
        // texts (their lengths, mostly) and redraws nothing unless they change.
        Effect::new(move |drawn: Option<Vec<usize>>| {
            let offered: Vec<usize> = state.source.with(|now| {
                state
                    .earlier
                    .with(|l| (0..l.len()).filter(|&i| l[i] != *now).collect())
            });
            let Some(group) = &earlier else {
                return offered;
            };
            if drawn.as_ref() == Some(&offered) {
                return offered;
            }
            group.replace_children_with_node_0();
            state.earlier.with_untracked(|l| {
                for &i in &offered {
                    let option = El::leaf("option", "", &history::label(&l[i]))
                        .attr("value", &format!("earlier:{i}"))
                        .into_element();
                    if let Some(o) = option {
                        let _ = group.append_with_node_1(&o);
                    }
                }
            });
            let _ = group.toggle_attribute_with_force("hidden", offered.is_empty());
            offered
        });
    }
    {
        let (summary, theme, share) = (summary.clone(), theme.clone(), share.clone());
        let earlier = earlier.clone();
        let (namespace, namespace_error, suggestions) = (
            namespace.clone(),
            namespace_error.clone(),
            suggestions.clone(),
        );
        Effect::new(move |_| {
            let Some(h) = header.get() else { return };
            let select = El::new("select")
                .attr("data-testid", "examples")
                .attr("aria-label", "Load an example")
                .child(
                    El::leaf("option", "", "Examples…")
                        .attr("value", "")
                        .attr("selected", "")
                        .attr("disabled", ""),
                )
                .children(examples::EXAMPLES.iter().map(|e| {
                    El::leaf("option", "", e.title)
                        .attr("value", e.id)
                        .attr("title", e.lesson)
                }))
                .into_element();
            if let (Some(select), Some(group)) = (&select, &earlier) {
                let _ = select.append_with_node_1(group);
            }
            let parts = [
                El::leaf("h1", "header__title", "svcmap").into_element(),
                El::leaf(
                    "span",
                    "header__tagline",
                    "Service → Endpoints → Pod playground",
                )
                .into_element(),
                El::new("label")
                    .class("header__examples")
                    .child(El::leaf("span", "visually-hidden", "Examples"))
                    .into_element()
                    .inspect(|label| {
                        if let Some(select) = &select {
                            let _ = label.append_with_node_1(select);
                        }
                    }),
                El::new("label")
                    .class("header__namespace")
                    .attr(
                        "title",
                        "Apply the text in this namespace, as kubectl apply -n: objects without a namespace go there, objects naming another one are refused",
                    )
                    .child(El::leaf("span", "header__namespace-label", "Namespace"))
                    .into_element()
                    .inspect(|label| {
                        for part in [&namespace, &suggestions].into_iter().flatten() {
                            let _ = label.append_with_node_1(part);
                        }
                    }),
                namespace_error.clone(),
                summary.clone(),
                share.clone(),
                theme.clone(),
            ];
            for p in parts.into_iter().flatten() {
                let _ = h.append_with_node_1(&p);
            }
        });
    }
    {
        let summary = summary.clone();
        Effect::new(move |_| {
            let text = state.analysis.with(summary_of);
            if let Some(s) = &summary {
                s.set_text_content(Some(&text));
            }
        });
    }
    {
        let theme = theme.clone();
        Effect::new(move |_| {
            let t = state.theme.get();
            if let Some(b) = &theme {
                b.set_text_content(Some(match t.as_str() {
                    "light" => "☀ Light",
                    "dark" => "☾ Dark",
                    _ => "◐ Auto",
                }));
                let _ = b.set_attribute("aria-label", &format!("Theme: {t}"));
            }
        });
    }
    let on_input = move |ev: leptos::ev::Event| {
        use wasm_bindgen::JsCast;
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .filter(|i| i.get_attribute("data-testid").as_deref() == Some("namespace"))
        else {
            return;
        };
        state.namespace.set(input.value());
    };
    let on_change = move |ev: leptos::ev::Event| {
        use wasm_bindgen::JsCast;
        // Only the examples menu; the namespace field's changes are its input events.
        if ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
            .is_none()
        {
            return;
        }
        let id = event_target_value(&ev);
        if let Some(i) = id.strip_prefix("earlier:") {
            // The menu goes back to its title: the list it showed changes.
            if let Some(select) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
            {
                select.set_value("");
            }
            if let Ok(i) = i.parse() {
                history::open_earlier(state, i);
            }
        } else if let Some(e) = examples::find(&id) {
            history::open_example(state, e);
        }
    };
    let on_click = move |ev: leptos::ev::MouseEvent| {
        use wasm_bindgen::JsCast;
        let action = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|t| t.closest("[data-action]").ok().flatten())
            .and_then(|t| t.get_attribute("data-action"));
        match action.as_deref() {
            Some("share") => {
                let fragment = share::encode(&share::SharedState {
                    text: state.source.get_untracked(),
                    rollout: super::rollout_bar::shared(state),
                    namespace: state
                        .namespace
                        .with_untracked(|n| super::applied_namespace(n)),
                });
                browser::set_fragment(&fragment);
                browser::copy_to_clipboard(&format!(
                    "{}#{fragment}",
                    browser::page_url_without_fragment()
                ));
                if let Some(b) = &share {
                    b.set_text_content(Some("Link copied ✓"));
                    let b = b.clone();
                    set_timeout(
                        move || b.set_text_content(Some("Copy link")),
                        std::time::Duration::from_millis(1800),
                    );
                }
            }
            Some("theme") => {
                let next = match state.theme.get_untracked().as_str() {
                    "auto" => "light",
                    "light" => "dark",
                    _ => "auto",
                };
                state.theme.set(next.into());
                browser::save(browser::THEME_KEY, next);
            }
            _ => {}
        }
    };
    view! { <header class="header" node_ref=header on:input=on_input on:change=on_change on:click=on_click></header> }
}

/// "N services · N pods · N ready endpoints": the header's and the embed
/// bar's one-line summary.
pub fn summary_of(a: &crate::engine::Analysis) -> String {
    let ready: usize = a
        .services
        .iter()
        .map(|s| {
            // A selector-less Service's external addresses are endpoints too.
            s.backends
                .iter()
                .map(|b| b.state)
                .chain(s.external.iter().map(|b| b.state))
                .filter(|&st| st == crate::engine::EndpointState::Ready)
                .count()
        })
        .sum();
    let n = |count: usize, one: &str| format!("{count} {one}{}", if count == 1 { "" } else { "s" });
    format!(
        "{} · {} · {}",
        n(a.services.len(), "service"),
        n(a.pods.len(), "pod"),
        n(ready, "ready endpoint")
    )
}
