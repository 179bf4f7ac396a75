//! Never lose the text: if the playground ever panics, the panic hook saves
//! the text being worked on (unless in embed mode, where the autosave is not
//! ours) and replaces the dead page with a message and the text, ready to
//! copy. Built with plain DOM calls, as text: the app itself is gone.
//!
//! The release build (`scripts/dist.sh`) panics with `immediate-abort`: a
//! panic traps at once and no hook runs, so there `src/web/guard.js`, which
//! sees every trap, saves and shows the text. This hook serves the builds
//! that unwind: `trunk serve` and the browser tests.

use std::cell::{Cell, RefCell};

thread_local! {
    static LAST_TEXT: RefCell<String> = const { RefCell::new(String::new()) };
    static AUTOSAVE: Cell<bool> = const { Cell::new(false) };
}

/// Records the text about to be analysed (called before every analysis).
pub fn remember(text: &str) {
    LAST_TEXT.with(|t| {
        if let Ok(mut t) = t.try_borrow_mut() {
            t.clear();
            t.push_str(text);
        }
    });
}

/// Whether a crash should write the text to the autosave.
pub fn set_autosave(on: bool) {
    AUTOSAVE.with(|a| a.set(on));
}

/// Installs the panic hook: the message to the console, the text saved, the
/// crash page shown.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&info.to_string().into());
        let text = LAST_TEXT.with(|t| t.try_borrow().map(|t| t.clone()).unwrap_or_default());
        if AUTOSAVE.with(Cell::get) && !text.is_empty() {
            super::browser::save(super::browser::TEXT_KEY, &text);
        }
        show(&text);
    }));
}

/// Replaces the page with the crash message and `text` in a read-only box.
pub fn show(text: &str) {
    let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    else {
        return;
    };
    body.set_text_content(None);
    show_in(&body, text);
}

/// Appends the crash message and `text` to `parent`.
pub fn show_in(parent: &web_sys::Element, text: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let el = |tag: &str, class: &str, content: &str| {
        doc.create_element(tag).ok().inspect(|e| {
            let _ = e.set_attribute("class", class);
            e.set_text_content(Some(content));
        })
    };
    let (Some(panel), Some(title), Some(what), Some(area)) = (
        el("div", "crash", ""),
        el(
            "h2",
            "crash__title",
            "svcmap stopped because of an internal error",
        ),
        el(
            "p",
            "crash__what",
            if AUTOSAVE.with(Cell::get) {
                "Your text is safe: it is saved in this browser and below. Copy it (Ctrl+A, Ctrl+C in the box), then reload the page to carry on."
            } else {
                "Your text is below: copy it (Ctrl+A, Ctrl+C in the box), then reload the page."
            },
        ),
        el("textarea", "crash__text", ""),
    ) else {
        return;
    };
    let _ = panel.set_attribute("role", "alert");
    let _ = panel.set_attribute("data-testid", "crash");
    let _ = area.set_attribute("readonly", "");
    let _ = area.set_attribute("aria-label", "Your text");
    // A textarea's content is its value: plain text, never markup.
    area.set_text_content(Some(text));
    let _ = panel.append_with_node_1(&title);
    let _ = panel.append_with_node_1(&what);
    let _ = panel.append_with_node_1(&area);
    let _ = parent.append_with_node_1(&panel);
}
