//! `<Panels/>`: the tabs under the graph — diagnostics, details of the
//! selection, the generated Endpoints and EndpointSlices as YAML, DNS records
//! and a `kubectl get endpoints -o wide` table. Everything shown is text:
//! nothing from the input is ever rendered as markup.

use super::copy_bar::CopyBar;
use super::explain_panel::ExplainPanel;
use super::{generated, text, use_app_state, AppState, Tab};
use crate::engine::{Diagnostic, Severity};
use leptos::prelude::*;
use std::hash::{DefaultHasher, Hash, Hasher};
use wasm_bindgen::JsCast;

/// The tab bar and the open tab (the WAI-ARIA tabs pattern: one panel,
/// labelled by the selected tab, which every tab controls).
#[component]
pub fn Panels() -> impl IntoView {
    let state = use_app_state();
    view! {
        <div class="panels">
            <TabBar state/>
            <div
                class="tabs__panel"
                role="tabpanel"
                id=PANEL_ID
                tabindex="0"
                aria-labelledby=text(move || tab_dom_id(state.tab.get()))
            >
                <div class="tabs__content" data-testid="panel">
                    {move || match state.tab.get() {
                        Tab::Diagnostics => view! { <DiagnosticsPanel state/> }.into_any(),
                        Tab::Details => view! { <ExplainPanel state/> }.into_any(),
                        Tab::Endpoints => view! { <YamlPanel state slices=false/> }.into_any(),
                        Tab::Slices => view! { <YamlPanel state slices=true/> }.into_any(),
                        Tab::Dns => view! { <DnsPanel state/> }.into_any(),
                        Tab::Table => view! { <KubectlPanel state/> }.into_any(),
                    }}
                </div>
            </div>
        </div>
    }
}

/// The id of the tab panel.
const PANEL_ID: &str = "tabpanel";

/// The element id of a tab's button.
fn tab_dom_id(tab: Tab) -> String {
    format!("tab-{}", tab.id())
}

/// The tab a key moves to from `from` (the WAI-ARIA tabs pattern: Left and
/// Right step round, Home and End go to the ends); `None` for other keys.
pub fn tab_for_key(from: Tab, key: &str) -> Option<Tab> {
    let all = Tab::ALL;
    let at = all.iter().position(|t| *t == from).unwrap_or(0);
    let to = match key {
        "ArrowRight" => (at + 1) % all.len(),
        "ArrowLeft" => (at + all.len() - 1) % all.len(),
        "Home" => 0,
        "End" => all.len() - 1,
        _ => return None,
    };
    all.get(to).copied()
}

/// One button per tab; the Diagnostics tab shows how many there are. Only
/// the selected tab is in the Tab order; the arrow keys, Home and End move
/// between tabs and select them.
#[component]
fn TabBar(
    /// The app state: the open tab, the diagnostics counted.
    state: AppState,
) -> impl IntoView {
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let Some(to) = tab_for_key(state.tab.get_untracked(), &ev.key()) else {
            return;
        };
        ev.prevent_default();
        state.tab.set(to);
        let button = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(&tab_dom_id(to)))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(b) = button {
            let _ = b.focus();
        }
    };
    let tabs = Tab::ALL.map(|tab| {
        let count = (tab == Tab::Diagnostics).then(|| {
            view! {
                <span class="tabs__count">
                    {text(move || state.analysis.with(|a| a.diagnostics.len()).to_string())}
                </span>
            }
        });
        let selected = move || state.tab.get() == tab;
        view! {
            <button
                class="tabs__tab"
                role="tab"
                id=tab_dom_id(tab)
                aria-controls=PANEL_ID
                data-testid=format!("tab-{}", tab.id())
                aria-selected=text(move || selected().to_string())
                tabindex=text(move || if selected() { "0" } else { "-1" }.to_string())
                on:click=move |_| state.tab.set(tab)
            >
                {tab.label()}
                {count}
            </button>
        }
    });
    view! {
        <div class="tabs" role="tablist" aria-label="Results" on:keydown=on_key>
            {tabs}
        </div>
    }
}

/// Every diagnostic; clicking one moves the editor to its line.
#[component]
fn DiagnosticsPanel(
    /// The app state: the diagnostics, the line to reveal.
    state: AppState,
) -> impl IntoView {
    // Keyed by what each says and where; identical ones by their rank too.
    let diagnostics = Memo::new(move |_| {
        state.analysis.with(|a| {
            let keys = a.diagnostics.iter().map(diagnostic_key).collect();
            unique(keys)
                .into_iter()
                .zip(a.diagnostics.iter().cloned())
                .collect::<Vec<_>>()
        })
    });
    view! {
        <div class="diagnostics" data-testid="diagnostics">
            <Show
                when=move || diagnostics.with(|d| !d.is_empty())
                fallback=|| view! { <p class="muted">"No problems found."</p> }
            >
                <ul class="diagnostics__list">
                    <For
                        each=move || diagnostics.get()
                        key=|(k, _)| *k
                        children=move |(_, d)| view! { <DiagnosticRow state diagnostic=d/> }
                    />
                </ul>
            </Show>
        </div>
    }
}

/// One diagnostic: where, its code and message (a click reveals the line),
/// a link to its page in the catalogue, and its help.
#[component]
fn DiagnosticRow(
    /// The app state: the line to reveal.
    state: AppState,
    /// The diagnostic.
    diagnostic: Diagnostic,
) -> impl IntoView {
    let d = diagnostic;
    let at = d
        .span
        .map(|s| format!("{}:{}", s.start.line, s.start.column))
        .unwrap_or_default();
    let icon = match d.severity {
        Severity::Error => "✖",
        Severity::Warning => "▲",
        Severity::Info => "ℹ",
    };
    let line = d.span.map(|s| s.start.line);
    let code = d.code.as_str();
    let title = d.code.title();
    let help = d
        .help
        .map(|h| view! { <p class="diagnostic__help">{h}</p> });
    view! {
        <li class=format!("diagnostic diagnostic--{}", d.severity.as_str()) data-code=code>
            <button
                class="diagnostic__jump"
                on:click=move |_| {
                    if line.is_some() {
                        state.reveal_line.set(line);
                    }
                }
            >
                <span class="diagnostic__icon" aria-label=d.severity.as_str()>{icon}</span>
                <span class="diagnostic__at">{at}</span>
                <span class="diagnostic__code">{code}</span>
                <span class="diagnostic__message">{d.message}</span>
            </button>
            <a
                class="diagnostic__doc"
                href=format!("diagnostics.html#{}", code.to_ascii_lowercase())
                target="_blank"
                rel="noopener"
                data-tip=format!("{code}: {title} — example and fix")
                data-tip-pos="left"
                aria-label=format!("What is {code}? {title} — example and fix")
            >
                "what is this?"
            </a>
            {help}
        </li>
    }
}

/// A hash of everything a diagnostic row shows.
fn diagnostic_key(d: &Diagnostic) -> u64 {
    let span = d.span.map(|s| (s.start.offset, s.end.offset));
    hash_of(&(d.severity, d.code.as_str(), &d.message, span, &d.help))
}

/// A hash of a value.
fn hash_of<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// List keys made unique: the second of two equal items (two identical
/// rows) is keyed by its content and its rank among the equal ones, so a
/// keyed list never sees one key twice.
fn unique(mut keys: Vec<u64>) -> Vec<u64> {
    let mut seen = std::collections::HashMap::<u64, u64>::new();
    for k in &mut keys {
        let rank = seen.entry(*k).or_default();
        if *rank > 0 {
            *k = hash_of(&(*k, *rank));
        }
        *rank += 1;
    }
    keys
}

/// The generated v1 Endpoints or EndpointSlices as a YAML `List`, with
/// Copy and Download.
#[component]
fn YamlPanel(
    /// The app state: the analysis.
    state: AppState,
    /// EndpointSlices (true) or Endpoints.
    slices: bool,
) -> impl IntoView {
    let yaml = Memo::new(move |_| {
        state
            .analysis
            .with(|a| generated::endpoints_yaml(a, slices))
    });
    let (id, file) = if slices {
        ("slices-yaml", "endpointslices.yaml")
    } else {
        ("endpoints-yaml", "endpoints.yaml")
    };
    view! {
        <CopyBar id file mime="application/yaml" text_of=Callback::new(move |_| yaml.get_untracked())/>
        <pre class="yaml-out" data-testid=id>{move || yaml.get()}</pre>
    }
}

/// A table of text cells (the columns marked in `mono` in monospace), one
/// row per entry of `rows`, keyed by its cells.
#[component]
fn TextTable(
    /// Its `data-testid`.
    testid: &'static str,
    /// The column headings.
    head: &'static [&'static str],
    /// Which columns are monospace.
    mono: &'static [bool],
    /// The rows.
    #[prop(into)]
    rows: Signal<Vec<Vec<String>>>,
) -> impl IntoView {
    let head = head.iter().map(|h| view! { <th>{*h}</th> }).collect_view();
    view! {
        <table class="table" data-testid=testid>
            <thead><tr>{head}</tr></thead>
            <tbody>
                <For
                    each=move || rows.with(|r| unique(r.iter().map(hash_of).collect()).into_iter().zip(r.iter().cloned()).collect::<Vec<_>>())
                    key=|(k, _)| *k
                    children=move |(_, r)| {
                        let cells = r
                            .into_iter()
                            .enumerate()
                            .map(|(i, c)| {
                                let class = if mono.get(i) == Some(&true) { "mono" } else { "" };
                                view! { <td class=class>{c}</td> }
                            })
                            .collect_view();
                        view! { <tr>{cells}</tr> }
                    }
                />
            </tbody>
        </table>
    }
}

/// DNS records of every Service, with Copy and Download (as text columns).
#[component]
fn DnsPanel(
    /// The app state: the analysis.
    state: AppState,
) -> impl IntoView {
    let rows = Memo::new(move |_| state.analysis.with(generated::dns_rows));
    let text_of = Callback::new(move |_| {
        rows.with_untracked(|r| generated::table_text(generated::DNS_HEAD, r))
    });
    view! {
        <div class="dns-panel" data-testid="dns-panel">
            <CopyBar id="dns" file="dns.txt" mime="text/plain" text_of/>
            <TextTable testid="dns" head=generated::DNS_HEAD mono=&[true, false, true] rows/>
        </div>
    }
}

/// `kubectl get endpoints -o wide`, with the not-ready count, with Copy and
/// Download (as kubectl prints it).
#[component]
fn KubectlPanel(
    /// The app state: the analysis.
    state: AppState,
) -> impl IntoView {
    let rows = Memo::new(move |_| state.analysis.with(generated::kubectl_rows));
    let text_of = Callback::new(move |_| {
        rows.with_untracked(|r| generated::table_text(generated::KUBECTL_HEAD, r))
    });
    view! {
        <div class="kubectl-panel" data-testid="kubectl-panel">
            <CopyBar id="table" file="endpoints.txt" mime="text/plain" text_of/>
            <TextTable
                testid="kubectl-table"
                head=generated::KUBECTL_HEAD
                mono=&[false, true, true, false]
                rows
            />
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrow_keys_home_and_end_move_between_tabs() {
        let cases = [
            (
                Tab::Diagnostics,
                "ArrowRight",
                Some(Tab::Details),
                "right: the next",
            ),
            (
                Tab::Table,
                "ArrowRight",
                Some(Tab::Diagnostics),
                "right from the last: the first",
            ),
            (
                Tab::Diagnostics,
                "ArrowLeft",
                Some(Tab::Table),
                "left from the first: the last",
            ),
            (
                Tab::Slices,
                "ArrowLeft",
                Some(Tab::Endpoints),
                "left: the previous",
            ),
            (Tab::Dns, "Home", Some(Tab::Diagnostics), "Home: the first"),
            (Tab::Details, "End", Some(Tab::Table), "End: the last"),
            (Tab::Details, "ArrowDown", None, "other keys: none"),
            (Tab::Details, "Enter", None, "Enter: none"),
        ];
        for (from, key, want, label) in cases {
            assert_eq!(tab_for_key(from, key), want, "{label}");
        }
    }
}
