//! Files in and out: open files and folders (the Open buttons, Ctrl+O, or
//! dropped on the page) as the text, and save the text (Save, Ctrl+S) as a file.

use super::{history, AppState};
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

#[wasm_bindgen(module = "/src/web/folder.js")]
extern "C" {
    /// The entries of a drop that carries a folder, else null.
    #[wasm_bindgen(js_name = droppedFolder)]
    fn dropped_folder(data: &web_sys::DataTransfer) -> JsValue;
    /// Every file under the entries, as `[path, File]` pairs (a promise).
    #[wasm_bindgen(js_name = walkEntries)]
    fn walk_entries(entries: &JsValue) -> web_sys::js_sys::Promise;
}

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

/// Whether a file found in a folder is opened: a `.yaml`, `.yml` or `.json`
/// file (any case) outside hidden folders such as `.git`.
pub fn is_manifest(path: &str) -> bool {
    let mut parts = path.rsplit('/');
    let name = parts.next().unwrap_or_default();
    let hidden = parts.any(|dir| dir.starts_with('.'));
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    !hidden && matches!(ext.as_deref(), Some("yaml" | "yml" | "json"))
}

/// What opening a folder's files adds to the notice: how many other files
/// were left out.
pub fn skipped_note(skipped: usize) -> String {
    match skipped {
        0 => String::new(),
        1 => "1 other file (not .yaml, .yml or .json) was skipped.".into(),
        n => format!("{n} other files (not .yaml, .yml or .json) were skipped."),
    }
}

/// Reads `files` and opens their text (as an edit: Ctrl+Z and Back return
/// to the text it replaces). Over the editor's limit, says so instead.
pub fn open_files(state: AppState, files: web_sys::FileList) {
    let list = (0..files.length())
        .filter_map(|i| files.get(i))
        .map(|f| (f.name(), f))
        .collect();
    open_named(state, list, 0);
}

/// Opens a folder's files: `files` as `(path, file)`, its manifests
/// ([`is_manifest`]) in path order; says how many others were skipped.
pub fn open_folder_files(state: AppState, files: Vec<(String, web_sys::File)>) {
    let total = files.len();
    let kept: Vec<_> = files.into_iter().filter(|(p, _)| is_manifest(p)).collect();
    let skipped = total - kept.len();
    if kept.is_empty() {
        state.notice.set(Some(format!(
            "No .yaml, .yml or .json file in this folder. {}",
            skipped_note(skipped)
        )));
        return;
    }
    open_named(state, kept, skipped);
}

/// Opens the files a drop carries if it carries a folder (walked for its
/// manifests); false for a drop of plain files, left to the caller.
fn open_dropped_folder(state: AppState, data: &web_sys::DataTransfer) -> bool {
    let entries = dropped_folder(data);
    if entries.is_null() || entries.is_undefined() {
        return false;
    }
    let done = Closure::once_into_js(move |found: JsValue| {
        let pairs = web_sys::js_sys::Array::from(&found);
        let files = pairs
            .iter()
            .filter_map(|pair| {
                let pair = web_sys::js_sys::Array::from(&pair);
                let path = pair.get(0).as_string()?;
                let file = pair.get(1).dyn_into::<web_sys::File>().ok()?;
                Some((path.trim_start_matches('/').to_string(), file))
            })
            .collect();
        open_folder_files(state, files);
    });
    super::browser::when_settled(&walk_entries(&entries), &done, &JsValue::UNDEFINED);
    true
}

/// Takes the drops of folders on `root` in the capture phase, before the
/// editor under it (which inserts a dropped file's text where it falls, and
/// would read a folder as an empty file) sees them. Other drops go on.
pub fn take_folder_drops(state: AppState, root: &web_sys::Element) {
    let on_drop = Closure::<dyn FnMut(web_sys::DragEvent)>::new(move |ev: web_sys::DragEvent| {
        let Some(data) = ev.data_transfer() else {
            return;
        };
        if carries_files(&data) && open_dropped_folder(state, &data) {
            ev.prevent_default();
            ev.stop_propagation();
        }
    });
    let _ = root.add_event_listener_with_callback_and_bool(
        "drop",
        on_drop.as_ref().unchecked_ref(),
        true,
    );
    // Listens as long as the app (the page) lives.
    on_drop.forget();
}

/// The files a folder picker (`webkitdirectory`) returns, with their paths.
pub fn picked_folder(files: web_sys::FileList) -> Vec<(String, web_sys::File)> {
    (0..files.length())
        .filter_map(|i| files.get(i))
        .map(|f| {
            let path = web_sys::js_sys::Reflect::get(&f, &"webkitRelativePath".into())
                .ok()
                .and_then(|p| p.as_string())
                .filter(|p| !p.is_empty())
                .unwrap_or_else(|| f.name());
            (path, f)
        })
        .collect()
}

/// Reads `files` (named) and opens their text in name order; `skipped`
/// other files are said in the notice.
fn open_named(state: AppState, files: Vec<(String, web_sys::File)>, skipped: usize) {
    let n = files.len() as u32;
    if n == 0 {
        return;
    }
    let read: Rc<RefCell<Vec<(String, String)>>> = Rc::new(RefCell::new(Vec::new()));
    let total: usize = files.iter().map(|(_, f)| f.size() as usize).sum();
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
    for (name, file) in files {
        let Ok(reader) = web_sys::FileReader::new() else {
            continue;
        };
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
                    if skipped > 0 {
                        let note = skipped_note(skipped);
                        let said = state.notice.get_untracked();
                        state.notice.set(Some(match said {
                            Some(s) => format!("{s} {note}"),
                            None => format!("Opened {}. {note}", describe(&names)),
                        }));
                    }
                }
            }
        });
        reader.set_onloadend(Some(onload.unchecked_ref()));
        let _ = reader.read_as_text(&file);
    }
}

/// Saves `text` as a YAML file named `name` (the browser's download).
pub fn save_text(name: &str, text: &str) {
    save_as(name, "application/yaml", text);
}

/// Saves `text` as a file named `name` of media type `mime` (the browser's
/// download, from a blob URL).
pub fn save_as(name: &str, mime: &str, text: &str) {
    let parts = web_sys::js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    if let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) {
        save_blob(&blob, name);
    }
}

/// Saves `blob` as a file named `name` (the browser's download, from a blob URL).
pub fn save_blob(blob: &web_sys::Blob, name: &str) {
    let Ok(url) = web_sys::Url::create_object_url_with_blob(blob) else {
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

    #[test]
    fn a_folder_opens_its_yaml_and_json_files_outside_hidden_folders() {
        let cases = [
            ("svc.yaml", true, "a .yaml file"),
            ("deploy/app.yml", true, "a .yml file in a folder"),
            ("k8s/list.JSON", true, "the extension in any case"),
            ("README.md", false, "another kind of file"),
            ("Makefile", false, "no extension"),
            (
                "conf.d/x",
                false,
                "a dot in a folder name, not an extension",
            ),
            (".git/config.yaml", false, "under a hidden folder"),
            ("a/.github/ci.yml", false, "under a hidden folder deeper"),
            (
                "a/.hidden.yaml",
                true,
                "a hidden file outside hidden folders",
            ),
        ];
        for (path, want, label) in cases {
            assert_eq!(is_manifest(path), want, "{label}: {path}");
        }
        assert_eq!(skipped_note(0), "");
        assert_eq!(
            skipped_note(2),
            "2 other files (not .yaml, .yml or .json) were skipped."
        );
    }
}
