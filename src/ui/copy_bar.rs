//! `<CopyBar/>`: Copy and Download for a generated view, with a status line
//! read out by screen readers ("Copied", or why the copy was refused).

use super::{files, text};
use leptos::prelude::*;

/// How long "Copied" stays on screen.
const SHOWN_FOR: std::time::Duration = std::time::Duration::from_millis(1800);

/// Copy and Download buttons for the text `text` gives when pressed; the
/// download is named `file` and typed `mime`.
#[component]
pub fn CopyBar(
    /// Which view, for test hooks (`copy-<id>`, `download-<id>`).
    id: &'static str,
    /// The download's file name.
    file: &'static str,
    /// The download's media type.
    mime: &'static str,
    /// The text copied and downloaded: exactly what the view shows.
    text_of: Callback<(), String>,
) -> impl IntoView {
    let status = RwSignal::new(String::new());
    let say = move |s: &str| {
        status.set(s.to_string());
        set_timeout(move || status.set(String::new()), SHOWN_FOR);
    };
    let on_copy = move |_| {
        let copied = copy_text(&text_of.run(()), move |ok| {
            say(if ok {
                "Copied"
            } else {
                "The browser refused the copy: select the text and press Ctrl+C"
            })
        });
        if !copied {
            say("No clipboard here: select the text and press Ctrl+C");
        }
    };
    view! {
        <div class="copy-bar" role="toolbar" aria-label="Copy or download this view">
            <button class="button button--small" data-testid=format!("copy-{id}") on:click=on_copy>
                "Copy"
            </button>
            <button
                class="button button--small"
                data-testid=format!("download-{id}")
                on:click=move |_| files::save_as(file, mime, &text_of.run(()))
            >
                {format!("Download {file}")}
            </button>
            <span class="copy-bar__status" role="status" data-testid=format!("copy-status-{id}")>
                {text(move || status.get())}
            </span>
        </div>
    }
}

/// Writes `text` to the clipboard and calls `done(true)` once written,
/// `done(false)` if the browser refuses. False when there is no clipboard
/// to ask (an insecure page).
fn copy_text(text: &str, done: impl FnOnce(bool) + 'static) -> bool {
    let Some(clipboard) = web_sys::window().map(|w| w.navigator().clipboard()) else {
        return false;
    };
    // `navigator.clipboard` is undefined outside secure contexts.
    if clipboard.is_undefined() {
        return false;
    }
    let done = std::rc::Rc::new(std::cell::Cell::new(Some(done)));
    let (ok, refused) = (done.clone(), done);
    let ok = wasm_bindgen::closure::Closure::once_into_js(move || {
        if let Some(f) = ok.take() {
            f(true);
        }
    });
    let refused = wasm_bindgen::closure::Closure::once_into_js(move || {
        if let Some(f) = refused.take() {
            f(false);
        }
    });
    super::browser::when_settled(&clipboard.write_text(text), &ok, &refused);
    true
}
