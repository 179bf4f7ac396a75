//! `<Header/>`: name, examples menu, share button, theme toggle.

use super::{browser, examples, use_app_state};
use crate::share;
use leptos::prelude::*;

/// The top bar.
#[component]
pub fn Header() -> impl IntoView {
    let state = use_app_state();
    let copied = RwSignal::new(false);
    let on_example = move |ev: leptos::ev::Event| {
        let id = event_target_value(&ev);
        if let Some(e) = examples::find(&id) {
            state.selected.set(None);
            state.source.set(e.yaml.to_string());
            // After the autosave effect ran for this change, name the example in the URL.
            request_animation_frame(move || browser::set_fragment(&format!("example/{}", e.id)));
        }
    };
    let on_share = move |_| {
        let fragment = share::encode(&share::SharedState {
            text: state.source.get_untracked(),
        });
        browser::set_fragment(&fragment);
        browser::copy_to_clipboard(&format!(
            "{}#{fragment}",
            browser::page_url_without_fragment()
        ));
        copied.set(true);
        set_timeout(
            move || copied.set(false),
            std::time::Duration::from_millis(1800),
        );
    };
    let cycle_theme = move |_| {
        let next = match state.theme.get_untracked().as_str() {
            "auto" => "light",
            "light" => "dark",
            _ => "auto",
        };
        state.theme.set(next.into());
        browser::save(browser::THEME_KEY, next);
    };
    let summary = move || state.analysis.with(summary);
    view! {
        <header class="header">
            <h1 class="header__title">"svcmap"</h1>
            <span class="header__tagline">"Service → Endpoints → Pod playground"</span>
            <label class="header__examples">
                <span class="visually-hidden">"Examples"</span>
                <select data-testid="examples" aria-label="Load an example" on:change=on_example>
                    <option value="" selected=true disabled=true>"Examples…"</option>
                    {examples::EXAMPLES
                        .iter()
                        .map(|e| view! { <option value=e.id title=e.lesson>{e.title}</option> })
                        .collect_view()}
                </select>
            </label>
            <span class="header__summary" data-testid="summary">{summary}</span>
            <button class="button" data-testid="share" on:click=on_share title="Copy a link with this YAML">
                {move || if copied.get() { "Link copied ✓" } else { "Copy link" }}
            </button>
            <button
                class="button"
                data-testid="theme"
                on:click=cycle_theme
                title="Theme: follow the system, light or dark"
                aria-label=move || format!("Theme: {}", state.theme.get())
            >
                {move || match state.theme.get().as_str() {
                    "light" => "☀ Light",
                    "dark" => "☾ Dark",
                    _ => "◐ Auto",
                }}
            </button>
        </header>
    }
}

/// "N services · N pods · N ready endpoints": the header's and the embed
/// bar's one-line summary.
pub fn summary(a: &crate::engine::Analysis) -> String {
    let ready: usize = a
        .services
        .iter()
        .map(|s| {
            s.backends
                .iter()
                .filter(|b| b.state == crate::engine::EndpointState::Ready)
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
