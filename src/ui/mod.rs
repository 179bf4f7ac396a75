//! The playground: a YAML editor beside a live Service → Pod graph.
//!
//! Data flow: `source` (the only thing the user edits) → `analysis`
//! (`engine::analyze`) → `layout` (`engine::graph::layout`) → the views.

mod diagnostics_panel;
mod editor;
pub mod examples;
mod graph_view;

use crate::engine::{self, graph::GraphLayout, Analysis};
use leptos::prelude::*;
use std::sync::{Arc, Mutex};

pub use diagnostics_panel::DiagnosticsPanel;
pub use editor::EditorPane;
pub use graph_view::GraphView;

/// The shared state of the playground, provided as context by [`App`].
#[derive(Clone, Copy)]
pub struct AppState {
    /// The YAML text.
    pub source: RwSignal<String>,
    /// The engine's answer for the text.
    pub analysis: Memo<Analysis>,
    /// The laid-out graph.
    pub layout: Memo<GraphLayout>,
    /// The line the editor should reveal (set by clicking a diagnostic).
    pub reveal_line: RwSignal<Option<usize>>,
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
        let layout = Memo::new(move |_| analysis.with(engine::graph::layout));
        AppState {
            source,
            analysis,
            layout,
            reveal_line: RwSignal::new(None),
        }
    }
}

/// The state provided by [`App`]; panics with a clear message outside it.
pub fn use_app_state() -> AppState {
    use_context::<AppState>().expect("AppState missing: components must be rendered inside <App/>")
}

/// The whole playground, opened on the default example.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new(examples::default_text().to_string());
    provide_context(state);
    let summary = move || {
        let a = state.analysis.get();
        let pods = a.pods.len();
        let endpoints: usize = a
            .services
            .iter()
            .map(|s| {
                s.backends
                    .iter()
                    .filter(|b| b.state == engine::EndpointState::Ready)
                    .count()
            })
            .sum();
        format!(
            "{} services · {pods} pods · {endpoints} ready endpoints",
            a.services.len()
        )
    };
    view! {
        <div class="app">
            <header class="app__header">
                <h1 class="app__title">"svcmap"</h1>
                <span class="app__tagline">"Kubernetes Service → Endpoints → Pod playground"</span>
                <span class="app__summary" data-testid="summary">{summary}</span>
            </header>
            <main class="app__main">
                <section class="app__editor" aria-label="YAML editor">
                    <EditorPane/>
                </section>
                <section class="app__right">
                    <div class="app__graph">
                        <GraphView/>
                    </div>
                    <div class="app__panel">
                        <DiagnosticsPanel/>
                    </div>
                </section>
            </main>
        </div>
    }
}
