//! The playground: a YAML editor beside a live Service → Pod graph, with
//! panels for diagnostics, the generated objects, DNS and details.
//!
//! Data flow: `source` (the only thing the user edits) → `analysis`
//! (`engine::Analyzer`; in slices for large texts, [`slicing`]) → `layout`
//! (`engine::render::graph::layout_with`) → the views.
//! Everything else in [`AppState`] is view state (selection, tab, theme...).

pub mod browser;
mod code_editor;
mod copy_bar;
pub mod crash;
pub mod examples;
mod explain_panel;
pub mod files;
mod generated;
mod graph_export;
mod graph_view;
mod header;
pub mod history;
mod outline;
mod panels;
mod results_column;
pub mod rollout_bar;
pub mod slicing;
pub mod startup;

use crate::engine::labels::Selector;
use crate::engine::model::Workload;
use crate::engine::render::graph::{GraphLayout, LayoutOptions};
use crate::engine::scenarios::rollout::{Rollout, ServiceTimeline};
use crate::engine::yaml::edit::TextEdit;
use crate::engine::{self, Analysis};
use leptos::either::Either;
use leptos::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

pub use code_editor::EditorPane;
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

/// A workload as it was, and its YAML.
pub type Deployed = (Arc<Workload>, Arc<str>);

/// A rollout being simulated: the engine's plan, the step shown, and the
/// endpoints of the Services involved at every step.
#[derive(Clone, Debug)]
pub struct RolloutView {
    /// The steps.
    pub plan: Arc<Rollout>,
    /// The workload as it is in the text (what the rollout ends with).
    pub to: Arc<Workload>,
    /// Per Service, its endpoint counts at each step.
    pub timeline: Arc<Vec<ServiceTimeline>>,
    /// The step shown.
    pub step: usize,
}

impl RolloutView {
    /// The index of the last step.
    pub fn last(&self) -> usize {
        self.plan.steps.len().saturating_sub(1)
    }
}

/// The shared state of the playground, provided as context by [`App`].
#[derive(Clone, Copy)]
pub struct AppState {
    /// The YAML text, as typed.
    pub source: RwSignal<String>,
    /// The text the analysis sees: the source (for very large texts the
    /// editor reports it once typing pauses, so keystrokes stay quick).
    pub analyzed: RwSignal<String>,
    /// The analysis of large texts in slices: its progress is shown while
    /// the views keep the last result.
    pub analyses: slicing::Analyses,
    /// The namespace field as typed: the text is applied there, as
    /// `kubectl apply -n`, when it is a valid namespace name ([`applied_namespace`]).
    pub namespace: RwSignal<String>,
    /// The engine's answer for the text.
    pub analysis: Memo<Analysis>,
    /// Workloads the user expanded in the graph.
    pub expanded: RwSignal<BTreeSet<String>>,
    /// What the graph's filter hides (view state, not in the text).
    pub graph_filter: RwSignal<engine::render::graph::GraphFilter>,
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
    /// applies it as an edit of its own, so undo reverts it.
    pub pending_edit: RwSignal<Option<TextEdit>>,
    /// A whole new text for the editor (an example, Back, an earlier text):
    /// applied as an edit, so undo brings the text it replaces back.
    pub load_text: RwSignal<Option<String>>,
    /// Whether the text was last set by opening something rather than by
    /// typing: the next autosave then keeps the text it overwrites.
    pub loaded: StoredValue<bool>,
    /// The user's earlier texts, newest first ([`history`]).
    pub earlier: RwSignal<Vec<String>>,
    /// Embed-mode options, when the page runs with `?embed=1`.
    pub embed: Option<startup::Embed>,
    /// The rollout shown instead of the text's own pods, if any. The
    /// analysis is then the rollout's current step; editing the text ends it.
    pub rollout: RwSignal<Option<RolloutView>>,
    /// Each workload (by [`engine::scenarios::rollout::key_of`]) as first seen, or as last rolled
    /// out, with its YAML: what a rollout starts from when the template was
    /// edited since (the YAML goes into share links of such a rollout).
    pub deployed: StoredValue<HashMap<String, Deployed>>,
}

impl AppState {
    /// Builds the state around an initial text.
    pub fn new(text: String) -> AppState {
        let source = RwSignal::new(text.clone());
        let analyzed = RwSignal::new(text);
        // The one place an Effect feeds a signal: the text analysed follows the
        // source, an edit ends a rollout, the crash guard keeps the text.
        let rollout = RwSignal::new(None::<RolloutView>);
        Effect::new(move |prev: Option<()>| {
            let text = source.get();
            // An edit ends the rollout shown (not the first run: a link may
            // open on one).
            if prev.is_some() && rollout.with_untracked(Option::is_some) {
                rollout.set(None);
            }
            crash::remember(&text);
            analyzed.set(text);
        });
        // Derived values are memos: they only notify when the result changes.
        // The analyzer keeps the parse of unchanged documents (and List items)
        // between keystrokes; a large text is analysed in slices, the memo
        // keeping its last value until the slices are done.
        let analyses = slicing::Analyses::new();
        // Which finished job and rollout the memo's last value was made of.
        let made_of = StoredValue::new((0u64, false));
        let namespace = RwSignal::new(String::new());
        let analysis = Memo::new_owning(move |prev: Option<Analysis>| {
            let ns = namespace.with(|n| applied_namespace(n));
            let done = analyses.done.get();
            let large = analyzed.with(|t| t.len() >= slicing::SLICE_ABOVE);
            let shown = rollout.with(Option::is_some);
            if !large {
                let base = analyzed.with(|t| analyses.analyze_now(ns, t));
                let a = rollout.with(|r| match r {
                    Some(r) => engine::scenarios::rollout::apply(&base, &r.plan, r.step),
                    None => base,
                });
                let changed = prev.as_ref() != Some(&a);
                made_of.set_value((0, shown));
                return (a, changed);
            }
            analyzed.with(|t| analyses.ensure(ns, t));
            let Some(base) = analyses.last() else {
                // The first large text: the last result (or nothing) until it is read.
                return match prev {
                    Some(prev) => (prev, false),
                    None => (engine::analyze(""), true),
                };
            };
            if let Some(prev) = prev.filter(|_| made_of.get_value() == (done, shown)) {
                return (prev, false);
            }
            made_of.set_value((done, shown));
            let a = rollout.with(|r| match r {
                Some(r) => engine::scenarios::rollout::apply(&base, &r.plan, r.step),
                None => Analysis::clone(&base),
            });
            (a, true)
        });
        // Remember each Deployment as first seen: a later rollout starts there.
        let deployed = StoredValue::new(HashMap::<String, Deployed>::new());
        Effect::new(move |_| {
            if rollout.with(Option::is_some) {
                return;
            }
            analysis.with(|a| {
                analyzed.with_untracked(|text| {
                    deployed.update_value(|d| {
                        for o in &a.objects {
                            if let engine::Object::Workload(w) = o {
                                let key = engine::scenarios::rollout::key_of(
                                    w.kind.as_str(),
                                    &w.meta.namespace,
                                    &w.meta.name,
                                );
                                d.entry(key)
                                    .or_insert_with(|| (w.clone(), yaml_of(text, w)));
                            }
                        }
                    })
                })
            })
        });
        let expanded = RwSignal::new(BTreeSet::new());
        let graph_filter = RwSignal::new(engine::render::graph::GraphFilter::default());
        // A text that reads as nothing but errors keeps the last graph
        // (the graph view shows it dimmed, with the first error).
        let layout = Memo::new(move |prev: Option<&GraphLayout>| {
            if let Some(prev) = prev.filter(|_| analysis.with(unreadable)) {
                return prev.clone();
            }
            let opts = LayoutOptions {
                expanded: expanded.get(),
                hidden: graph_filter.get(),
                ..LayoutOptions::default()
            };
            analysis.with(|a| engine::render::graph::layout_with(a, &opts))
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
            analyses,
            namespace,
            analysis,
            expanded,
            graph_filter,
            layout,
            reveal_line: RwSignal::new(None),
            pending_edit: RwSignal::new(None),
            load_text: RwSignal::new(None),
            loaded: StoredValue::new(false),
            earlier: RwSignal::new(Vec::new()),
            embed: None,
            selected: RwSignal::new(None),
            tab: RwSignal::new(Tab::Diagnostics),
            query,
            query_selector,
            theme: RwSignal::new("auto".into()),
            notice: RwSignal::new(None),
            rollout,
            deployed,
        }
    }

    /// Ends the rollout shown; one seen to its last step is now what runs,
    /// so the next rollout of that workload starts from it.
    pub fn finish_rollout(self) {
        if let Some(r) = self.rollout.get_untracked() {
            if r.step == r.last() {
                let yaml = self.analyzed.with_untracked(|t| yaml_of(t, &r.to));
                self.deployed.update_value(|d| {
                    d.insert(r.plan.key(), (r.to.clone(), yaml));
                });
            }
        }
        self.rollout.set(None);
    }
}

/// Whether the text read as nothing but errors: no object, an error.
pub fn unreadable(a: &Analysis) -> bool {
    a.objects.is_empty()
        && a.diagnostics
            .iter()
            .any(|d| d.severity == engine::Severity::Error)
}

/// The namespace the text is applied in for the namespace field's text:
/// `None` (objects without one go to `default`) when it is empty or not a
/// valid namespace name — the field then says why.
pub fn applied_namespace(typed: &str) -> Option<String> {
    let typed = typed.trim();
    (!typed.is_empty() && engine::model::scope::namespace_error(typed).is_none())
        .then(|| typed.to_string())
}

/// The YAML of a workload as written in `text`, indented as it stands (so an
/// item of a `kind: List` reads as a document too).
fn yaml_of(text: &str, w: &Workload) -> Arc<str> {
    let (s, e) = (w.span.start, w.span.end);
    let body = text.get(s.offset..e.offset).unwrap_or_default();
    format!("{}{body}\n", " ".repeat(s.column.saturating_sub(1))).into()
}

/// Texts at least this long (bytes, or UTF-16 units in the editor) reach the
/// app once typing pauses: the editor then only says that the text changed.
pub const DEBOUNCE_ABOVE: usize = 200_000;
/// The pause, in milliseconds: longer than the gap between two keys of
/// steady typing (100-250 ms), so that a large text is read when typing stops.
pub const DEBOUNCE_MS: u64 = 300;
/// How long typing in a large text pauses before it is autosaved (ms).
pub const SAVE_LARGE_MS: u64 = 2000;
/// How long typing in any other text pauses before it is autosaved (ms).
pub const SAVE_MS: u64 = 250;
/// A change of at least this many bytes is not typing: analysed at once.
pub const DEBOUNCE_JUMP: usize = 4096;

/// A text that follows `f`, as a `Signal<String>`: every reactive text and
/// attribute of the views is then one type, so the code that draws and
/// updates it is in the WebAssembly once rather than once per closure.
pub fn text(f: impl Fn() -> String + Send + Sync + 'static) -> Signal<String> {
    Signal::derive(f)
}

/// A flag that follows `f`, as a `Signal<bool>` (one type for every
/// `class:` toggle and boolean attribute, as [`text`] is for texts).
pub fn flag(f: impl Fn() -> bool + Send + Sync + 'static) -> Signal<bool> {
    Signal::derive(f)
}

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
    // A link's namespace, else (outside embeds) the one last set here.
    match (start.namespace, embed) {
        (Some(ns), _) => state.namespace.set(ns),
        (None, None) if start.origin != "link" => {
            if let Some(ns) = browser::load(browser::NAMESPACE_KEY) {
                state.namespace.set(ns);
            }
        }
        _ => {}
    }
    if embed.is_none() {
        // A link or an example on screen: the first edit keeps the autosave.
        state.loaded.set_value(start.origin != "autosave");
        state.earlier.set(history::load_earlier());
    }
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
    if let Some(r) = &start.rollout {
        rollout_bar::open_shared(state, r);
    }
    // Syncing to the outside world is what Effects are for: autosave and theme.
    // The text is saved as it is analysed. Opening a link or an example never
    // overwrites the autosave: only edits are saved, and the first save after
    // opening something keeps the text it overwrites among the earlier texts.
    // Once edited, the text no longer is the link's, so the fragment goes and
    // a reload restores the edited text. An embed never touches the autosave:
    // it is someone else's page.
    if embed.is_none() {
        // The text is saved once typing pauses, and at once when the page is
        // hidden or closed (`browser::on_page_hidden`), so no keystroke is
        // lost. Writing the storage on every key cost 0.4-0.5 ms of each
        // keystroke of the 200-object benchmark (a CPU profile of 60 keys in
        // headless Chromium), and a large text tens of milliseconds (27-76 ms
        // for 5 MB); the crash guard saves it on a trap as before.
        let save_later = StoredValue::new(None::<TimeoutHandle>);
        let flush = move || {
            if let Some(h) = save_later.get_value() {
                h.clear();
                save_later.set_value(None);
                save_text(state, state.analyzed.get_untracked());
            }
        };
        browser::on_page_hidden(flush);
        Effect::new(move |prev: Option<()>| {
            if let Some(h) = save_later.get_value() {
                h.clear();
            }
            let large = state.analyzed.with(|t| t.len() >= DEBOUNCE_ABOVE);
            if prev.is_none() {
                return;
            }
            let pause = if large { SAVE_LARGE_MS } else { SAVE_MS };
            let save = move || {
                save_later.set_value(None);
                save_text(state, state.analyzed.get_untracked());
            };
            let wait = std::time::Duration::from_millis(pause);
            save_later.set_value(set_timeout_with_handle(save, wait).ok());
        });
        /// Saves `text` as the autosave, unless it is an example.
        fn save_text(state: AppState, text: String) {
            if !history::is_example(&text) {
                if state.loaded.get_value() {
                    state.loaded.set_value(false);
                    if let Some(old) = browser::load(browser::TEXT_KEY).filter(|o| *o != text) {
                        history::keep(state, &old);
                    }
                }
                browser::save(browser::TEXT_KEY, &text);
                browser::save(browser::NAMESPACE_KEY, &state.namespace.get_untracked());
                if !browser::fragment().is_empty() {
                    browser::set_fragment("");
                }
            }
        }
        // The namespace is a setting, saved as the theme is; an edited link's
        // namespace is saved with its text.
        Effect::new(move |prev: Option<()>| {
            let ns = state.namespace.get();
            if prev.is_some() {
                browser::save(browser::NAMESPACE_KEY, &ns);
            }
        });
        browser::on_history(move |kept| history::on_history(state, kept));
    } else {
        browser::on_host_message(move |msg| match msg {
            crate::embed::HostMessage::SetText(text) => state.load_text.set(Some(text)),
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
    // Files dropped anywhere on the page are opened (not in embeds: the
    // page is someone else's). Text dragged in the editor is left alone.
    let dragging_files = move |ev: &leptos::ev::DragEvent| {
        embed.is_none() && ev.data_transfer().is_some_and(|d| files::carries_files(&d))
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        // Taken already (an editor inserting a file where it was dropped).
        if ev.default_prevented() || !dragging_files(&ev) {
            return;
        }
        ev.prevent_default();
        if let Some(list) = ev.data_transfer().and_then(|d| d.files()) {
            files::open_files(state, list);
        }
    };
    // A folder is taken before anything under the app sees it, the editor too.
    if embed.is_none() {
        Effect::new(move |_| {
            if let Some(el) = app_ref.get() {
                files::take_folder_drops(state, &el);
            }
        });
    }
    view! {
        <div
            class=class
            node_ref=app_ref
            on:dragover=move |ev: leptos::ev::DragEvent| {
                if dragging_files(&ev) {
                    ev.prevent_default();
                }
            }
            on:drop=on_drop
        >
            {match embed {
                None => Either::Left(view! { <Header/> }),
                Some(_) => Either::Right(view! { <EmbedBar state/> }),
            }}
            <Notice state/>
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
                <results_column::ResultsColumn/>
            </main>
        </div>
    }
}

/// A message for the user (a damaged link, a rollout that cannot run), with
/// a button that dismisses it; nothing while there is none.
#[component]
fn Notice(
    /// The app state: the notice.
    state: AppState,
) -> impl IntoView {
    view! {
        <div class="notices" data-testid="notices">
            <Show when=move || state.notice.with(Option::is_some) fallback=|| view! { <span></span> }>
                <div class="notice" role="alert" data-testid="notice">
                    <span class="">{text(move || state.notice.get().unwrap_or_default())}</span>
                    <button class="notice__close" aria-label="Dismiss" on:click=move |_| state.notice.set(None)>
                        "×"
                    </button>
                </div>
            </Show>
        </div>
    }
}

/// The one line of chrome in embed mode: the name and a link that opens the
/// full playground in a new tab with the same text (encoded when clicked:
/// encoding on every keystroke would be wasted work).
#[component]
fn EmbedBar(
    /// The app state: the text and namespace the link carries.
    state: AppState,
) -> impl IntoView {
    let refresh = move |ev: leptos::ev::MouseEvent| {
        let href = format!(
            "{}#{}",
            browser::page_url_without_query(),
            state
                .source
                .with_untracked(|t| crate::share::encode(&crate::share::SharedState {
                    text: t.clone(),
                    namespace: state.namespace.with_untracked(|n| applied_namespace(n)),
                    rollout: None,
                }))
        );
        let _ = event_target::<web_sys::Element>(&ev).set_attribute("href", &href);
    };
    view! {
        <div>
            <div class="embed-chrome" data-testid="embed-chrome">
                <div class="embed-bar">
                    <span class="embed-bar__name">"svcmap"</span>
                    <span class="embed-bar__summary">{text(move || state.analysis.with(header::summary_of))}</span>
                    <a
                        class="embed-bar__open"
                        data-testid="open-in-svcmap"
                        href="./"
                        target="_blank"
                        rel="noopener"
                        on:click=refresh
                        on:auxclick=refresh
                    >
                        "Open in svcmap ↗"
                    </a>
                </div>
            </div>
        </div>
    }
}
