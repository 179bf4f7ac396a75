//! `<Header/>`: name, examples menu (with the user's earlier texts), namespace
//! field, summary, share button, theme toggle.

use super::{browser, examples, files, flag, history, text, use_app_state, AppState};
use crate::share;
use leptos::prelude::*;

/// The tooltip of open.
const OPEN_TIP: &str = "Open YAML or JSON files (Ctrl+O); dropping them on the page works too";
/// The tooltip of folder.
const FOLDER_TIP: &str =
    "Open every .yaml, .yml and .json file of a folder, in path order; dropping a folder works too";
/// The tooltip of save.
const SAVE_TIP: &str = "Save the text as a file (Ctrl+S)";
/// The tooltip of namespace.
const NAMESPACE_TIP: &str = "Apply the text in this namespace, as kubectl apply -n: objects without a namespace go there, objects naming another one are refused";
/// The tooltip of share.
const SHARE_TIP: &str = "Copy a link with this YAML";
/// The tooltip of theme.
const THEME_TIP: &str = "Theme: follow the system, light or dark";

/// The top bar.
#[component]
pub fn Header() -> impl IntoView {
    let state = use_app_state();
    view! {
        <header class="header">
            <h1 class="header__title">"svcmap"</h1>
            <span class="header__tagline">"Service → Endpoints → Pod playground"</span>
            <ExamplesMenu state/>
            <NamespaceField state/>
            <span class="header__summary" data-testid="summary">
                {text(move || state.analysis.with(summary_of))}
            </span>
            <FileButtons state/>
            <ShareButton state/>
            <ThemeButton state/>
            // The tooltips' text for assistive technology: each control names
            // its own in aria-describedby (hidden elements are read there).
            <div hidden>
                <span id="tip-open">{OPEN_TIP}</span>
                <span id="tip-open-folder">{FOLDER_TIP}</span>
                <span id="tip-save">{SAVE_TIP}</span>
                <span id="tip-namespace">{NAMESPACE_TIP}</span>
                <span id="tip-share">{SHARE_TIP}</span>
                <span id="tip-theme">{THEME_TIP}</span>
            </div>
        </header>
    }
}

/// Open (files as the text; Ctrl+O) and Save (the text as a file; Ctrl+S).
#[component]
fn FileButtons(
    /// The app state: the text.
    state: AppState,
) -> impl IntoView {
    let input = NodeRef::<leptos::html::Input>::new();
    let folder = NodeRef::<leptos::html::Input>::new();
    files::on_shortcuts(state, input);
    view! {
        <input
            class="header__file-input"
            type="file"
            multiple
            accept=".yaml,.yml,.json,.txt,application/yaml,application/json,text/plain"
            node_ref=input
            tabindex="-1"
            aria-hidden="true"
            on:change=move |ev| {
                let el = event_target::<web_sys::HtmlInputElement>(&ev);
                if let Some(list) = el.files() {
                    files::open_files(state, list);
                }
                // The same file can be opened again.
                el.set_value("");
            }
        />
        <button
            class="button"
            data-testid="open-file"
            data-tip=OPEN_TIP
            data-tip-pos="end"
            aria-describedby="tip-open"
            on:click=move |_| {
                if let Some(i) = input.get() {
                    i.click();
                }
            }
        >
            "Open"
        </button>
        <input
            class="header__file-input"
            type="file"
            prop:webkitdirectory=true
            node_ref=folder
            tabindex="-1"
            aria-hidden="true"
            data-testid="folder-input"
            on:change=move |ev| {
                let el = event_target::<web_sys::HtmlInputElement>(&ev);
                if let Some(list) = el.files() {
                    files::open_folder_files(state, files::picked_folder(list));
                }
                el.set_value("");
            }
        />
        <button
            class="button"
            data-testid="open-folder"
            data-tip=FOLDER_TIP
            data-tip-pos="end"
            aria-describedby="tip-open-folder"
            on:click=move |_| {
                if let Some(i) = folder.get() {
                    i.click();
                }
            }
        >
            "Open folder…"
        </button>
        <button
            class="button"
            data-testid="save-file"
            data-tip=SAVE_TIP
            data-tip-pos="end"
            aria-describedby="tip-save"
            on:click=move |_| state.source.with_untracked(|t| files::save_text("svcmap.yaml", t))
        >
            "Save"
        </button>
    }
}

/// The examples menu; under them, the user's earlier texts ([`history`])
/// that are not on screen.
#[component]
fn ExamplesMenu(
    /// The app state: the text opened, the earlier texts.
    state: AppState,
) -> impl IntoView {
    // The earlier texts not on screen, by index: a keystroke compares at most
    // five texts (their lengths, mostly) and redraws nothing unless they change.
    let offered = Memo::new(move |_| {
        state.source.with(|now| {
            state.earlier.with(|l| {
                l.iter()
                    .enumerate()
                    .filter(|(_, t)| *t != now)
                    .map(|(i, t)| (i, history::label(t)))
                    .collect::<Vec<_>>()
            })
        })
    });
    let on_change = move |ev: leptos::ev::Event| {
        let id = event_target_value(&ev);
        if let Some(i) = id.strip_prefix("earlier:") {
            // The menu goes back to its title: the list it showed changes.
            event_target::<web_sys::HtmlSelectElement>(&ev).set_value("");
            if let Ok(i) = i.parse() {
                history::open_earlier(state, i);
            }
        } else if let Some(e) = examples::find(&id) {
            history::open_example(state, e);
        }
    };
    let options = examples::EXAMPLES
        .iter()
        .map(|e| view! { <option value=e.id>{e.title}</option> })
        .collect_view();
    // The lesson of the example on screen (none once the text is edited).
    let lesson = Memo::new(move |_| {
        state.source.with(|now| {
            examples::EXAMPLES
                .iter()
                .find(|e| e.yaml.len() == now.len() && e.yaml == now)
                .map(|e| e.lesson.to_string())
                .unwrap_or_default()
        })
    });
    view! {
        <label class="header__examples">
            <span class="visually-hidden">"Examples"</span>
            <select
                data-testid="examples"
                aria-label="Load an example"
                aria-describedby="example-lesson"
                on:change=on_change
            >
                <option value="" selected disabled>"Examples…"</option>
                {options}
                <optgroup label="Your earlier texts" data-testid="earlier" hidden=flag(move || offered.with(Vec::is_empty))>
                    <For
                        each=move || offered.get()
                        key=|entry| entry.clone()
                        children=|(i, label)| view! { <option value=format!("earlier:{i}")>{label}</option> }
                    />
                </optgroup>
            </select>
        </label>
        <span
            class="header__lesson"
            id="example-lesson"
            data-testid="example-lesson"
            data-tip=text(move || lesson.get())
            hidden=flag(move || lesson.with(String::is_empty))
        >
            <span class="header__lesson-text">{text(move || lesson.get())}</span>
        </span>
    }
}

/// The namespace the text is applied in, as `kubectl apply -n`; its
/// suggestions are the namespaces the text names. A name that is not a
/// namespace name is said beside it (kubectl's whole reason on hover).
#[component]
fn NamespaceField(
    /// The app state: the namespace typed, the analysis.
    state: AppState,
) -> impl IntoView {
    let problem = Memo::new(move |_| {
        state.namespace.with(|typed| {
            super::applied_namespace(typed)
                .is_none()
                .then(|| typed.trim())
                .filter(|t| !t.is_empty())
                .and_then(crate::engine::model::scope::namespace_error)
        })
    });
    let suggestions = Memo::new(move |_| {
        let mut names: Vec<String> = state.analysis.with(|a| {
            a.objects
                .iter()
                .map(|o| o.meta().namespace.clone())
                .filter(|ns| !ns.is_empty())
                .collect()
        });
        names.sort_unstable();
        names.dedup();
        names
    });
    view! {
        <label
            class="header__namespace"
            data-tip=NAMESPACE_TIP
        >
            <span class="header__namespace-label">"Namespace"</span>
            <input
                class="header__namespace-input"
                type="text"
                data-testid="namespace"
                list="namespace-suggestions"
                placeholder="default"
                spellcheck="false"
                autocomplete="off"
                autocapitalize="off"
                aria-describedby="tip-namespace namespace-error namespace-reason"
                aria-invalid=text(move || problem.with(Option::is_some).to_string())
                prop:value=text(move || state.namespace.get())
                on:input=move |ev| state.namespace.set(event_target_value(&ev))
            />
            <datalist id="namespace-suggestions">
                <For
                    each=move || suggestions.get()
                    key=|n| n.clone()
                    children=|n| view! { <option value=n></option> }
                />
            </datalist>
        </label>
        <span
            class="header__namespace-error"
            id="namespace-error"
            data-testid="namespace-error"
            role="status"
            data-tip=text(move || problem.get().unwrap_or_default())
        >
            {text(move || {
                if problem.with(Option::is_some) {
                    "not a namespace name: using default".to_string()
                } else {
                    String::new()
                }
            })}
        </span>
        <span id="namespace-reason" hidden>{text(move || problem.get().unwrap_or_default())}</span>
    }
}

/// Copies a link with the text (and the namespace, and the rollout shown)
/// to the clipboard and into the address bar; says so for a moment.
#[component]
fn ShareButton(
    /// The app state: what the link carries.
    state: AppState,
) -> impl IntoView {
    let copied = RwSignal::new(false);
    let on_click = move |_| {
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
        copied.set(true);
        set_timeout(
            move || copied.set(false),
            std::time::Duration::from_millis(1800),
        );
    };
    view! {
        <button
            class="button"
            data-testid="share"
            data-tip=SHARE_TIP
            data-tip-pos="end"
            aria-describedby="tip-share"
            on:click=on_click
        >
            {text(move || if copied.get() { "Link copied ✓" } else { "Copy link" }.to_string())}
        </button>
    }
}

/// Cycles the theme: follow the system, light, dark (saved as a setting).
#[component]
fn ThemeButton(
    /// The app state: the theme.
    state: AppState,
) -> impl IntoView {
    let on_click = move |_| {
        let next = match state.theme.get_untracked().as_str() {
            "auto" => "light",
            "light" => "dark",
            _ => "auto",
        };
        state.theme.set(next.into());
        browser::save(browser::THEME_KEY, next);
    };
    view! {
        <button
            class="button"
            data-testid="theme"
            data-tip=THEME_TIP
            data-tip-pos="end"
            aria-describedby="tip-theme"
            aria-label=text(move || format!("Theme: {}", state.theme.get()))
            on:click=on_click
        >
            {text(move || {
                match state.theme.get().as_str() {
                    "light" => "☀ Light",
                    "dark" => "☾ Dark",
                    _ => "◐ Auto",
                }
                .to_string()
            })}
        </button>
    }
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
