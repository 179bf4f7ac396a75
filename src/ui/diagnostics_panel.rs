//! `<DiagnosticsPanel/>`: every diagnostic; clicking one reveals its line.

use super::use_app_state;
use leptos::prelude::*;

/// The list of diagnostics of the current analysis.
#[component]
pub fn DiagnosticsPanel() -> impl IntoView {
    let state = use_app_state();
    view! {
        <div class="diagnostics" data-testid="diagnostics">
            <h2 class="diagnostics__title">"Diagnostics"</h2>
            <Show
                when=move || !state.analysis.with(|a| a.diagnostics.is_empty())
                fallback=|| view! { <p class="diagnostics__empty">"No problems found."</p> }
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
                                let at = d
                                    .span
                                    .map(|s| format!("{}:{}", s.start.line, s.start.column))
                                    .unwrap_or_default();
                                let class = format!("diagnostic diagnostic--{}", d.severity.as_str());
                                view! {
                                    <li class=class data-code=d.code.as_str()>
                                        <button
                                            class="diagnostic__jump"
                                            on:click=move |_| state.reveal_line.set(line)
                                        >
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
