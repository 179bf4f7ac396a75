//! `<EditorPane/>`: the YAML textarea with a gutter of line numbers and
//! diagnostic markers.

use super::use_app_state;
use crate::engine::Severity;
use leptos::prelude::*;
use std::collections::BTreeMap;

/// The editor: every keystroke updates the source signal, which re-runs the analysis.
#[component]
pub fn EditorPane() -> impl IntoView {
    let state = use_app_state();
    let textarea = NodeRef::<leptos::html::Textarea>::new();
    let gutter = NodeRef::<leptos::html::Div>::new();
    let line_count = Memo::new(move |_| state.source.with(|t| t.split('\n').count()));
    // Worst severity per line, for the gutter markers.
    let marks = Memo::new(move |_| {
        let mut m: BTreeMap<usize, (Severity, String)> = BTreeMap::new();
        for d in state.analysis.get().diagnostics {
            if let Some(span) = d.span {
                let e = m
                    .entry(span.start.line)
                    .or_insert((d.severity, String::new()));
                e.0 = e.0.min(d.severity);
                if !e.1.is_empty() {
                    e.1.push('\n');
                }
                e.1.push_str(&format!(
                    "{}[{}]: {}",
                    d.severity.as_str(),
                    d.code,
                    d.message
                ));
            }
        }
        m
    });
    // Clicking a diagnostic moves the caret to its line.
    Effect::new(move |_| {
        let Some(line) = state.reveal_line.get() else {
            return;
        };
        let Some(el) = textarea.get() else { return };
        let text = state.source.get_untracked();
        let offset: usize = text
            .split('\n')
            .take(line.saturating_sub(1))
            .map(|l| l.chars().count() + 1)
            .sum();
        let _ = el.focus();
        let _ = el.set_selection_range(offset as u32, offset as u32);
        let line_height = 20.0;
        el.set_scroll_top(((line as f64 - 3.0).max(0.0) * line_height) as i32);
    });
    let on_scroll = move |_| {
        if let (Some(t), Some(g)) = (textarea.get(), gutter.get()) {
            g.set_scroll_top(t.scroll_top());
        }
    };
    view! {
        <div class="editor">
            <div class="editor__gutter" node_ref=gutter aria-hidden="true">
                {move || {
                    let marks = marks.get();
                    (1..=line_count.get())
                        .map(|n| {
                            let mark = marks.get(&n).cloned();
                            let class = match &mark {
                                Some((s, _)) => format!("editor__line editor__line--{}", s.as_str()),
                                None => "editor__line".to_string(),
                            };
                            let title = mark.map(|(_, m)| m);
                            view! { <div class=class title=title>{n}</div> }
                        })
                        .collect_view()
                }}
            </div>
            <textarea
                class="editor__text"
                data-testid="editor"
                node_ref=textarea
                spellcheck="false"
                autocomplete="off"
                aria-label="Kubernetes YAML"
                prop:value=move || state.source.get()
                on:input=move |ev| state.source.set(event_target_value(&ev))
                on:scroll=on_scroll
            ></textarea>
        </div>
    }
}
