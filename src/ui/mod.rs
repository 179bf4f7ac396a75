//! The playground: a YAML editor beside a live Service → Pod graph, with
//! panels for diagnostics, the generated objects, DNS and details.
//!
//! Data flow: `source` (the only thing the user edits) → `analysis`
//! (`engine::Analyzer`) → `layout` (`engine::graph::layout_with`) → the views.
//! Everything else in [`AppState`] is view state (selection, tab, theme...).

pub mod browser;
pub mod crash;
mod dom;
mod editor;
pub mod examples;
mod explain_panel;
mod graph_view;
mod header;
pub mod highlight;
mod panels;
pub mod startup;

use crate::engine::edit::TextEdit;
use crate::engine::graph::{GraphLayout, LayoutOptions};
use crate::engine::labels::Selector;
use crate::engine::{self, Analysis};
use leptos::prelude::*;
use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

pub use editor::EditorPane;
pub use graph_view::GraphView;
pub use header::Header;
pub use panels::Panels;

/// What is selected in the graph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selection {
    /// A Service, by `namespace/name`.
    Service(String),
    /// A pod, by `namespace/name`.
    Pod(String),
}

/// The tabs under the graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    /// Every diagnostic.
    Diagnostics,
    /// The selected Service or pod.
    Details,
    /// Generated v1 Endpoints as YAML.
    Endpoints,
    /// Generated EndpointSlices as YAML.
    Slices,
    /// DNS records.
    Dns,
    /// `kubectl get endpoints -o wide`.
    Table,
}

impl Tab {
    /// Every tab, in display order.
    pub const ALL: [Tab; 6] = [
        Tab::Diagnostics,
        Tab::Details,
        Tab::Endpoints,
        Tab::Slices,
        Tab::Dns,
        Tab::Table,
    ];

    /// Its label.
    pub fn label(self) -> &'static str {
        match self {
            Tab::Diagnostics => "Diagnostics",
            Tab::Details => "Explain",
            Tab::Endpoints => "Endpoints",
            Tab::Slices => "EndpointSlices",
            Tab::Dns => "DNS",
            Tab::Table => "kubectl",
        }
    }

    /// Its id, for test hooks.
    pub fn id(self) -> &'static str {
        match self {
            Tab::Diagnostics => "diagnostics",
            Tab::Details => "details",
            Tab::Endpoints => "endpoints",
            Tab::Slices => "slices",
            Tab::Dns => "dns",
            Tab::Table => "table",
        }
    }
}

/// The shared state of the playground, provided as context by [`App`].
#[derive(Clone, Copy)]
pub struct AppState {
    /// The YAML text, as typed.
    pub source: RwSignal<String>,
    /// The text the analysis sees: the source at once for ordinary inputs; for
    /// very large ones, the source once typing pauses (so keystrokes stay quick).
    pub analyzed: RwSignal<String>,
    /// The engine's answer for the text.
    pub analysis: Memo<Analysis>,
    /// Workloads the user expanded in the graph.
    pub expanded: RwSignal<BTreeSet<String>>,
    /// The laid-out graph.
    pub layout: Memo<GraphLayout>,
    /// The line the editor should reveal (set by clicking a diagnostic or outline entry).
    pub reveal_line: RwSignal<Option<usize>>,
    /// The selected Service or pod.
    pub selected: RwSignal<Option<Selection>>,
    /// The open tab.
    pub tab: RwSignal<Tab>,
    /// The selector typed in the query box.
    pub query: RwSignal<String>,
    /// The parsed query: `Ok(None)` when empty.
    pub query_selector: Memo<Result<Option<Selector>, (usize, String)>>,
    /// `auto`, `light` or `dark`.
    pub theme: RwSignal<String>,
    /// A message for the user (a damaged link...).
    pub notice: RwSignal<Option<String>>,
    /// An edit of the text asked for by a fix or a what-if button; the editor
    /// applies it through the browser's editing commands, so undo reverts it.
    pub pending_edit: RwSignal<Option<TextEdit>>,
    /// Embed-mode options, when the page runs with `?embed=1`.
    pub embed: Option<startup::Embed>,
}

impl AppState {
    /// Builds the state around an initial text.
    pub fn new(text: String) -> AppState {
        let source = RwSignal::new(text.clone());
        let analyzed = RwSignal::new(text);
        // Debouncing large inputs is the one place an Effect feeds a signal: the
        // analysis of a multi-megabyte paste must not run on every keystroke.
        let pending = StoredValue::new(None::<TimeoutHandle>);
        Effect::new(move |_| {
            let text = source.get();
            crash::remember(&text);
            if let Some(h) = pending.get_value() {
                h.clear();
            }
            if text.len() < DEBOUNCE_ABOVE {
                analyzed.set(text);
            } else {
                let h = set_timeout_with_handle(
                    move || analyzed.set(text),
                    std::time::Duration::from_millis(DEBOUNCE_MS),
                );
                pending.set_value(h.ok());
            }
        });
        // Derived values are memos: they only notify when the result changes.
        // The analyzer keeps the parse of unchanged documents between keystrokes.
        let analyzer = Arc::new(Mutex::new(engine::Analyzer::default()));
        let analysis = Memo::new(move |_| {
            let mut analyzer = analyzer.lock().unwrap_or_else(|e| e.into_inner());
            analyzed.with(|t| analyzer.analyze(t))
        });
        let expanded = RwSignal::new(BTreeSet::new());
        let layout = Memo::new(move |_| {
            let opts = LayoutOptions {
                expanded: expanded.get(),
                ..LayoutOptions::default()
            };
            analysis.with(|a| engine::graph::layout_with(a, &opts))
        });
        let query = RwSignal::new(String::new());
        let query_selector = Memo::new(move |_| {
            query.with(|q| {
                if q.trim().is_empty() {
                    return Ok(None);
                }
                q.parse::<Selector>()
                    .map(Some)
                    .map_err(|e| (e.column(q), e.message))
            })
        });
        AppState {
            source,
            analyzed,
            analysis,
            expanded,
            layout,
            reveal_line: RwSignal::new(None),
            pending_edit: RwSignal::new(None),
            embed: None,
            selected: RwSignal::new(None),
            tab: RwSignal::new(Tab::Diagnostics),
            query,
            query_selector,
            theme: RwSignal::new("auto".into()),
            notice: RwSignal::new(None),
        }
    }
}

/// Texts at least this long (bytes) are analysed once typing pauses.
pub const DEBOUNCE_ABOVE: usize = 200_000;
/// The pause, in milliseconds.
pub const DEBOUNCE_MS: u64 = 150;

/// The state provided by [`App`]; panics with a clear message outside it.
pub fn use_app_state() -> AppState {
    use_context::<AppState>().expect("AppState missing: components must be rendered inside <App/>")
}

/// The whole playground. It opens on a share link or example named in the
/// URL fragment, else on the autosaved text, else on the default example.
#[component]
pub fn App() -> impl IntoView {
    let query = startup::parse_query(&browser::search());
    let embed = query.embed;
    let start = startup::choose_with_query(
        &query,
        &browser::fragment(),
        browser::load(browser::TEXT_KEY),
    );
    crash::set_autosave(embed.is_none());
    let mut state = AppState::new(start.text);
    state.embed = embed;
    state.notice.set(start.notice);
    match (query.theme, embed) {
        (Some(theme), _) => state.theme.set(theme.into()),
        (None, None) => {
            if let Some(theme) = browser::load(browser::THEME_KEY) {
                state.theme.set(theme);
            }
        }
        (None, Some(_)) => {}
    }
    provide_context(state);
    // Syncing to the outside world is what Effects are for: autosave and theme.
    // The text is saved as it is analysed. Opening a link or an example never
    // overwrites the autosave: only edits are saved. Once edited, the text no
    // longer is the link's, so the fragment goes and a reload restores the
    // edited text. An embed never touches the autosave: it is someone else's page.
    if embed.is_none() {
        Effect::new(move |prev: Option<()>| {
            let text = state.analyzed.get();
            if prev.is_some() {
                browser::save(browser::TEXT_KEY, &text);
                if !browser::fragment().is_empty() {
                    browser::set_fragment("");
                }
            }
        });
    } else {
        browser::on_host_message(move |msg| match msg {
            crate::embed::HostMessage::SetText(text) => state.source.set(text),
        });
    }
    Effect::new(move |_| {
        let theme = state.theme.get();
        let effective = match theme.as_str() {
            "light" | "dark" => theme.clone(),
            _ if browser::prefers_dark() => "dark".into(),
            _ => "light".into(),
        };
        browser::apply_theme(&effective);
    });
    // The editor's share of the width, in percent, set by dragging the splitter.
    let split = RwSignal::new(42.0f64);
    let dragging = StoredValue::new(false);
    let main_ref = NodeRef::<leptos::html::Main>::new();
    let on_split_move = move |ev: leptos::ev::PointerEvent| {
        if !dragging.get_value() {
            return;
        }
        if let Some(main) = main_ref.get() {
            let r = main.get_bounding_client_rect();
            if r.width() > 0.0 {
                let pct = (f64::from(ev.client_x()) - r.left()) / r.width() * 100.0;
                split.set(pct.clamp(20.0, 75.0));
            }
        }
    };
    let on_split_key = move |ev: leptos::ev::KeyboardEvent| {
        let step = match ev.key().as_str() {
            "ArrowLeft" => -2.0,
            "ArrowRight" => 2.0,
            _ => return,
        };
        ev.prevent_default();
        split.update(|s| *s = (*s + step).clamp(20.0, 75.0));
    };
    let app_ref = NodeRef::<leptos::html::Div>::new();
    if embed.is_some() {
        // Tell the host page we are here, then how tall we are.
        Effect::new(move |_| {
            if let Some(el) = app_ref.get() {
                browser::post_to_parent(crate::embed::READY, None);
                browser::observe_height(&el, |h| {
                    browser::post_to_parent(crate::embed::RESIZE, Some(h))
                });
            }
        });
    }
    let class = match embed {
        None => "app".to_string(),
        Some(e) => format!(
            "app app--embed app--view-{}{}{}",
            e.view.as_str(),
            if e.readonly { " app--readonly" } else { "" },
            if e.controls { "" } else { " app--no-controls" }
        ),
    };
    view! {
        <div class=class node_ref=app_ref>
            {match embed {
                None => view! { <Header/> }.into_any(),
                Some(_) => view! { <EmbedBar/> }.into_any(),
            }}
            <Show when=move || state.notice.get().is_some()>
                <div class="notice" role="alert" data-testid="notice">
                    <span>{move || state.notice.get().unwrap_or_default()}</span>
                    <button class="notice__close" aria-label="Dismiss" on:click=move |_| state.notice.set(None)>"×"</button>
                </div>
            </Show>
            <main
                class="app__main"
                node_ref=main_ref
                style=move || format!("grid-template-columns: minmax(300px, {}%) 6px minmax(0, 1fr)", split.get().round() as i64)
                on:pointermove=on_split_move
                on:pointerup=move |_| dragging.set_value(false)
                on:pointerleave=move |_| dragging.set_value(false)
            >
                <section class="app__editor" aria-label="YAML editor">
                    <EditorPane/>
                </section>
                <div
                    class="app__splitter"
                    data-testid="splitter"
                    role="separator"
                    aria-orientation="vertical"
                    aria-label="Resize the editor"
                    aria-valuemin="20"
                    aria-valuemax="75"
                    aria-valuenow=move || (split.get().round() as i64).to_string()
                    tabindex="0"
                    on:pointerdown=move |ev: leptos::ev::PointerEvent| {
                        ev.prevent_default();
                        dragging.set_value(true);
                    }
                    on:keydown=on_split_key
                ></div>
                <section class="app__right" aria-label="Graph and panels">
                    <div class="app__graph">
                        <GraphView/>
                    </div>
                    <div class="app__panel">
                        <Panels/>
                    </div>
                </section>
            </main>
        </div>
    }
}

/// The one line of chrome in embed mode: the name and a link that opens the
/// full playground in a new tab with the same text.
#[component]
fn EmbedBar() -> impl IntoView {
    let state = use_app_state();
    let base = browser::page_url_without_query();
    // The link carries the text as it is when clicked (encoding on every
    // keystroke would be wasted work).
    let refresh = move |ev: leptos::ev::MouseEvent| {
        use wasm_bindgen::JsCast;
        let href = format!(
            "{base}#{}",
            state
                .source
                .with_untracked(|t| crate::share::encode(&crate::share::SharedState {
                    text: t.clone()
                }))
        );
        if let Some(a) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        {
            a.set_href(&href);
        }
    };
    view! {
        <div class="embed-bar">
            <span class="embed-bar__name">"svcmap"</span>
            <span class="embed-bar__summary">{move || state.analysis.with(header::summary)}</span>
            <a class="embed-bar__open" data-testid="open-in-svcmap" href="./" target="_blank" rel="noopener" on:click=refresh.clone() on:auxclick=refresh>
                "Open in svcmap ↗"
            </a>
        </div>
    }
}
