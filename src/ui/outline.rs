//! `<Outline/>`: the objects of the text, by kind and name, each a button
//! that moves the editor's caret to its first line.

use super::{flag, text, use_app_state};
use crate::engine::Object;
use leptos::prelude::*;

/// The outline above the editor: a toggle and, while open, the list.
#[component]
pub fn Outline() -> impl IntoView {
    let state = use_app_state();
    let items = Memo::new(move |_| {
        state.analysis.with(|a| {
            a.objects
                .iter()
                .filter_map(|o| {
                    let line = match o {
                        Object::Pod(p) => p.span.start.line,
                        Object::Service(s) => s.span.start.line,
                        Object::Workload(w) => w.span.start.line,
                        Object::Endpoints { span, .. } | Object::EndpointSlice { span, .. } => {
                            span.start.line
                        }
                        _ => o.meta().name_span?.start.line,
                    };
                    Some((line, o.kind().to_string(), o.meta().name.clone()))
                })
                .collect::<Vec<_>>()
        })
    });
    let open = RwSignal::new(false);
    // Not a <details>: a closed one is a display lock (`content-visibility:
    // hidden`), which slows Chromium's editing of large texts. The list is
    // only built while open.
    let list = move || {
        open.get().then(|| {
            items.with(|items| {
                items
                    .iter()
                    .map(|(line, kind, name)| {
                        let line = *line;
                        view! {
                            <li>
                                <button class="outline__item" on:click=move |_| state.reveal_line.set(Some(line))>
                                    <span class="outline__kind">{kind.clone()}</span>
                                    " "
                                    <span class="outline__name">{name.clone()}</span>
                                    <span class="outline__line">{format!(":{line}")}</span>
                                </button>
                            </li>
                        }
                    })
                    .collect_view()
            })
        })
    };
    view! {
        <div class="outline" data-testid="outline">
            <button
                class="outline__toggle"
                data-testid="outline-toggle"
                aria-controls="outline-list"
                aria-expanded=text(move || open.get().to_string())
                on:click=move |_| open.update(|o| *o = !*o)
            >
                {text(move || format!("Outline · {} objects", items.with(Vec::len)))}
            </button>
            <div id="outline-list" data-testid="outline-list" hidden=flag(move || !open.get())>
                <ul class="outline__list">{list}</ul>
            </div>
        </div>
    }
}
