//! The playground: a YAML editor beside a live Service → Pod graph, with
//! panels for diagnostics, the generated objects, DNS and details.
//!
//! Data flow: `source` (the only thing the user edits) → `analysis`
//! (`engine::Analyzer`) → `layout` (`engine::graph::layout_with`) → the views.
//! Everything else in [`AppState`] is view state (selection, tab, theme...).

pub mod browser;
mod editor;
pub mod examples;
mod graph_view;
mod header;
pub mod highlight;
mod panels;
pub mod startup;

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
            Tab::Details => "Details",
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
    /// The YAML text.
    pub source: RwSignal<String>,
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
}

impl AppState {
    /// Builds the state around an initial text.
    pub fn new(text: String) -> AppState {
        let source = RwSignal::new(text);
        // Derived values are memos: they only notify when the result changes.
        // The analyzer keeps the parse of unchanged documents between keystrokes.
        let analyzer = Arc::new(Mutex::new(engine::Analyzer::default()));
        let analysis = Memo::new(move |_| {
            let mut analyzer = analyzer.lock().unwrap_or_else(|e| e.into_inner());
            source.with(|t| analyzer.analyze(t))
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
            analysis,
            expanded,
            layout,
            reveal_line: RwSignal::new(None),
            selected: RwSignal::new(None),
            tab: RwSignal::new(Tab::Diagnostics),
            query,
            query_selector,
            theme: RwSignal::new("auto".into()),
            notice: RwSignal::new(None),
        }
    }
}

/// The state provided by [`App`]; panics with a clear message outside it.
pub fn use_app_state() -> AppState {
    use_context::<AppState>().expect("AppState missing: components must be rendered inside <App/>")
}

/// The whole playground. It opens on a share link or example named in the
/// URL fragment, else on the autosaved text, else on the default example.
#[component]
pub fn App() -> impl IntoView {
    let start = startup::choose(&browser::fragment(), browser::load(browser::TEXT_KEY));
    let state = AppState::new(start.text);
    state.notice.set(start.notice);
    if let Some(theme) = browser::load(browser::THEME_KEY) {
        state.theme.set(theme);
    }
    provide_context(state);
    // Syncing to the outside world is what Effects are for: autosave and theme.
    // Opening a link or an example never overwrites the autosave: only edits are
    // saved. Once edited, the text no longer is the link's, so the fragment goes
    // and a reload restores the edited text.
    Effect::new(move |prev: Option<()>| {
        let text = state.source.get();
        if prev.is_some() {
            browser::save(browser::TEXT_KEY, &text);
            if !browser::fragment().is_empty() {
                browser::set_fragment("");
            }
        }
    });
    Effect::new(move |_| {
        let theme = state.theme.get();
        let effective = match theme.as_str() {
            "light" | "dark" => theme.clone(),
            _ if browser::prefers_dark() => "dark".into(),
            _ => "light".into(),
        };
        browser::apply_theme(&effective);
    });
    view! {
        <div class="app">
            <Header/>
            <Show when=move || state.notice.get().is_some()>
                <div class="notice" role="alert" data-testid="notice">
                    <span>{move || state.notice.get().unwrap_or_default()}</span>
                    <button class="notice__close" aria-label="Dismiss" on:click=move |_| state.notice.set(None)>"×"</button>
                </div>
            </Show>
            <main class="app__main">
                <section class="app__editor" aria-label="YAML editor">
                    <EditorPane/>
                </section>
                <div class="app__splitter" aria-hidden="true"></div>
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
