//! Files in and out: open files (the Open button, Ctrl+O, or dropped on the
//! page) as the text, and save the text (Save, Ctrl+S) as a file.

use super::{history, AppState};
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// The text of several files, in name order: each file's documents, a
/// `---` between files. `None` when there are none.
pub fn join_files(mut files: Vec<(String, String)>) -> Option<String> {
    if files.is_empty() {
        return None;
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out = String::new();
    for (i, (_, text)) in files.iter().enumerate() {
        if i > 0 {
            if !out.ends_with('\n') {
                out.push('\n');
            }
            out.push_str("---\n");
        }
        out.push_str(text);
    }
    Some(out)
}

/// What the opened files are called in the notice that keeps the text they replace.
pub fn describe(names: &[String]) -> String {
    match names {
        [one] => format!("\u{201c}{one}\u{201d}"),
        many => format!("{} files", many.len()),
    }
}

/// Whether a drag carries files (not text dragged within the editor).
pub fn carries_files(d: &web_sys::DataTransfer) -> bool {
    d.types()
        .iter()
        .any(|t| t.as_string().as_deref() == Some("Files"))
}

/// The most bytes opened at once (files, a drop, a paste). Measured in
/// headless Chromium (`tests/e2e/bigdump.test.mjs`): the page's WebAssembly
/// memory grows to 81 MB for a 5 MB cluster dump and 201 MB for 20 MB (about
/// 10 bytes a byte of text), so about 650 MB at this limit, besides the
/// editor's own copy of the text (two bytes a character); Chromium gives a
/// page at most 4 GB of WebAssembly memory.
pub const MAX_OPEN_BYTES: usize = 64 * 1024 * 1024;

/// Reads `files` and opens their text (as an edit: Ctrl+Z and Back return
/// to the text it replaces). Over the editor's limit, says so instead.
pub fn open_files(state: AppState, files: web_sys::FileList) {
    let n = files.length();
    if n == 0 {
        return;
    }
    let read: Rc<RefCell<Vec<(String, String)>>> = Rc::new(RefCell::new(Vec::new()));
    let total: usize = (0..n)
        .filter_map(|i| files.get(i))
        .map(|f| f.size() as usize)
        .sum();
    if total > MAX_OPEN_BYTES {
        // Tenths in integers: the float formatter would add 10 KB to the WebAssembly.
        state.notice.set(Some(format!(
            "These files hold {}.{} MB; the editor takes at most {} MB at once (the page would run out of memory). Run `svcmap resolve` on them instead.",
            total / 1_048_576,
            total % 1_048_576 * 10 / 1_048_576,
            MAX_OPEN_BYTES / 1_048_576
        )));
        return;
    }
    for i in 0..n {
        let Some(file) = files.get(i) else { continue };
        let Ok(reader) = web_sys::FileReader::new() else {
            continue;
        };
        let name = file.name();
        let read = read.clone();
        let r = reader.clone();
        let onload = Closure::once_into_js(move || {
            let text = r.result().ok().and_then(|v| v.as_string());
            let mut got = read.borrow_mut();
            match text {
                Some(t) => got.push((name, t)),
                None => got.push((name, String::new())),
            }
            if got.len() as u32 == n {
                let names: Vec<String> = got.iter().map(|(n, _)| n.clone()).collect();
                if let Some(text) = join_files(std::mem::take(&mut *got)) {
                    history::open(state, text, "", &describe(&names));
                }
            }
        });
        reader.set_onloadend(Some(onload.unchecked_ref()));
        let _ = reader.read_as_text(&file);
    }
}

/// Saves `text` as a file named `name` (the browser's download).
pub fn save_text(name: &str, text: &str) {
    let parts = web_sys::js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/yaml");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        if let Ok(a) = doc.create_element("a") {
            let _ = a.set_attribute("href", &url);
            let _ = a.set_attribute("download", name);
            if let Some(a) = a.dyn_ref::<web_sys::HtmlElement>() {
                a.click();
            }
        }
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Ctrl/⌘+O opens the file picker `input`; Ctrl/⌘+S saves the text.
pub fn on_shortcuts(state: AppState, input: NodeRef<leptos::html::Input>) {
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if !(ev.ctrl_key() || ev.meta_key()) || ev.alt_key() {
            return;
        }
        match ev.key().as_str() {
            "o" | "O" => {
                ev.prevent_default();
                if let Some(input) = input.get_untracked() {
                    input.click();
                }
            }
            "s" | "S" => {
                ev.prevent_default();
                state.source.with_untracked(|t| save_text("svcmap.yaml", t));
            }
            _ => {}
        }
    });
    on_cleanup(move || handle.remove());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_join_in_name_order_one_document_stream() {
        assert_eq!(join_files(vec![]), None);
        assert_eq!(
            join_files(vec![
                ("b.yaml".into(), "kind: B".into()),
                ("a.yaml".into(), "kind: A\n".into())
            ])
            .as_deref(),
            Some("kind: A\n---\nkind: B")
        );
        assert_eq!(describe(&["svc.yaml".into()]), "\u{201c}svc.yaml\u{201d}");
        assert_eq!(describe(&["a".into(), "b".into()]), "2 files");
    }
}
