//! The few browser services the playground uses: the URL fragment, local
//! storage, the clipboard and the document's theme attribute. Every call
//! tolerates their absence (private mode, old browsers, tests).

use wasm_bindgen::JsValue;

/// The storage key of the autosaved text.
pub const TEXT_KEY: &str = "svcmap.text";
/// The storage key of the namespace field.
pub const NAMESPACE_KEY: &str = "svcmap.namespace";
/// The storage key of the chosen theme.
pub const THEME_KEY: &str = "svcmap.theme";

/// The URL fragment, with its `#`, or "".
pub fn fragment() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Replaces the URL fragment without adding a history entry or scrolling.
pub fn set_fragment(fragment: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let url = format!("#{}", fragment.trim_start_matches('#'));
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

/// Adds a history entry for `fragment` ("" for none), so that Back returns to
/// the entry before it.
pub fn push_fragment(fragment: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let url = match fragment.trim_start_matches('#') {
        "" => page_url_without_fragment(),
        f => format!("#{f}"),
    };
    if let Ok(history) = window.history() {
        let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

/// Stores `text` in the current history entry (its URL unchanged): what Back
/// to this entry shows again. Too large a text for the browser is not kept.
pub fn keep_in_history(text: &str) {
    use web_sys::js_sys::{Object, Reflect};
    let Some(history) = web_sys::window().and_then(|w| w.history().ok()) else {
        return;
    };
    let entry = Object::new();
    let _ = Reflect::set(&entry, &"text".into(), &text.into());
    let _ = history.replace_state(&entry, "");
}

/// Calls `f` on Back and Forward with the text the entry reached keeps
/// ([`keep_in_history`]), if any.
pub fn on_history(f: impl Fn(Option<String>) + 'static) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let Some(w) = web_sys::window() else { return };
    let handler = Closure::<dyn Fn()>::new(move || {
        // The entry reached is the current one: its state is the event's.
        let state = web_sys::window()
            .and_then(|w| w.history().ok())
            .and_then(|h| h.state().ok())
            .unwrap_or(JsValue::NULL);
        let text = if state.is_object() {
            web_sys::js_sys::Reflect::get(&state, &"text".into())
                .ok()
                .and_then(|t| t.as_string())
        } else {
            None
        };
        f(text);
    });
    let _ = w.add_event_listener_with_callback("popstate", handler.as_ref().unchecked_ref());
    // The listener lives as long as the page.
    handler.forget();
}

/// Calls `f` whenever the page is hidden (another tab, a minimised window)
/// or left (closed, reloaded, navigated away): the last moment to save.
pub fn on_page_hidden(f: impl Fn() + 'static) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let Some(w) = web_sys::window() else { return };
    let handler = Closure::<dyn Fn()>::new(move || {
        let hidden = web_sys::window()
            .and_then(|w| w.document())
            .is_none_or(|d| d.hidden());
        if hidden {
            f();
        }
    });
    let f = handler.as_ref().unchecked_ref();
    let _ = w.add_event_listener_with_callback("pagehide", f);
    if let Some(d) = w.document() {
        let _ = d.add_event_listener_with_callback("visibilitychange", f);
    }
    // The listener lives as long as the page.
    handler.forget();
}

/// Removes a value from local storage.
pub fn remove(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
}

/// The full page URL (for share links).
pub fn page_url_without_fragment() -> String {
    let Some(window) = web_sys::window() else {
        return String::new();
    };
    let href = window.location().href().unwrap_or_default();
    href.split('#').next().unwrap_or_default().to_string()
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// A value from local storage.
pub fn load(key: &str) -> Option<String> {
    storage()?.get_item(key).ok()?
}

/// Saves a value to local storage; failures (quota, private mode) are ignored.
pub fn save(key: &str, value: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(key, value);
    }
}

/// Copies text to the clipboard (best effort).
pub fn copy_to_clipboard(text: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.navigator().clipboard().write_text(text);
    }
}

/// Calls the JS function `ok` with the value of `promise` once it is
/// fulfilled, `refused` (when a function) with the reason if it is rejected.
pub fn when_settled(promise: &web_sys::js_sys::Promise, ok: &JsValue, refused: &JsValue) {
    use wasm_bindgen::JsCast;
    let then = web_sys::js_sys::Reflect::get(promise, &"then".into())
        .ok()
        .and_then(|f| f.dyn_into::<web_sys::js_sys::Function>().ok());
    if let Some(then) = then {
        let _ = then.call2(promise, ok, refused);
    }
}

/// Whether the system prefers a dark colour scheme.
pub fn prefers_dark() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches())
}

/// Sets `data-theme` on the root element (`light` or `dark`).
pub fn apply_theme(theme: &str) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("data-theme", theme);
    }
}

/// The query string, with its `?`, or "".
pub fn search() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// The page URL without query string and fragment (for "Open in svcmap").
pub fn page_url_without_query() -> String {
    page_url_without_fragment()
        .split('?')
        .next()
        .unwrap_or_default()
        .to_string()
}

/// The parent window, when this page runs in a frame.
fn parent() -> Option<web_sys::Window> {
    let w = web_sys::window()?;
    let p = w.parent().ok().flatten()?;
    (!web_sys::js_sys::Object::is(&p, &w)).then_some(p)
}

/// Posts `{type: kind, height?}` to the parent window, if there is one.
pub fn post_to_parent(kind: &str, height: Option<f64>) {
    use web_sys::js_sys::{Object, Reflect};
    let Some(p) = parent() else { return };
    let msg = Object::new();
    let _ = Reflect::set(&msg, &"type".into(), &kind.into());
    if let Some(h) = height {
        let _ = Reflect::set(&msg, &"height".into(), &h.into());
    }
    let _ = p.post_message(&msg, "*");
}

/// Calls `f` with every valid host message from the parent window (see
/// [`crate::embed`]); messages from anything else are ignored.
pub fn on_host_message(f: impl Fn(crate::embed::HostMessage) + 'static) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    use web_sys::js_sys::Reflect;
    let Some(w) = web_sys::window() else { return };
    let handler =
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            let from_parent = match (parent(), ev.source()) {
                (Some(p), Some(src)) => web_sys::js_sys::Object::is(&p, &src),
                _ => false,
            };
            if !from_parent {
                return;
            }
            let data = ev.data();
            if !data.is_object() {
                return;
            }
            let field = |name: &str| {
                Reflect::get(&data, &name.into())
                    .ok()
                    .and_then(|v| v.as_string())
            };
            let (kind, text) = (field("type"), field("text"));
            if let Ok(msg) = crate::embed::read_message(kind.as_deref(), text.as_deref()) {
                f(msg);
            }
        });
    let _ = w.add_event_listener_with_callback("message", handler.as_ref().unchecked_ref());
    // The listener lives as long as the page.
    handler.forget();
}

/// Calls `f` with the element's height whenever it changes size.
pub fn observe_height(el: &web_sys::Element, f: impl Fn(f64) + 'static) {
    observe_size(el, move |_, h| f(h.ceil()));
}

/// Calls `f` with the element's width and height whenever it changes size
/// (and once when it is first laid out).
pub fn observe_size(el: &web_sys::Element, f: impl Fn(f64, f64) + 'static) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let target = el.clone();
    let callback = Closure::<dyn Fn()>::new(move || {
        let r = target.get_bounding_client_rect();
        f(r.width(), r.height());
    });
    if let Ok(observer) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) {
        observer.observe(el);
    }
    callback.forget();
}
