//! `<EditorPane/>`: the YAML editor, CodeMirror 6 (bundled from npm into
//! `svcmap-editor.js`, loaded on demand by `src/web/editor/load.js`) driven
//! through a small binding: the text flows out on every change, the
//! analysis's diagnostics flow in as lint marks (with the explain panel's
//! one-click fixes as their actions), and every edit the app makes (fixes,
//! what-if, examples, earlier texts, a host page's text) is a transaction,
//! undone by Ctrl+Z like typing. Graph-only and read-only embeds never load
//! the bundle: the text is shown as plain text there.

use super::outline::Outline;
use super::{browser, use_app_state, AppState, Selection};
use crate::engine::scenarios::{assist, explain, route_fixes};
use crate::engine::{Analysis, DiagnosticCode, Object, Severity};
use leptos::prelude::*;
use std::collections::HashMap;
use wasm_bindgen::prelude::*;

/// Largest paste the editor accepts (bytes): what a file may hold.
pub const MAX_PASTE_BYTES: usize = super::files::MAX_OPEN_BYTES;

#[wasm_bindgen(module = "/src/web/editor/load.js")]
extern "C" {
    /// The page's editor (see `load.js`).
    type EditorHandle;
    #[wasm_bindgen(constructor)]
    fn new(
        parent: &web_sys::Element,
        text: &str,
        mount: bool,
        dark: bool,
        on_change: &Closure<dyn Fn(Option<String>)>,
        on_paste: &Closure<dyn Fn(f64) -> bool>,
    ) -> EditorHandle;
    #[wasm_bindgen(method, js_name = setText)]
    fn set_text(this: &EditorHandle, text: &str, keep: bool);
    #[wasm_bindgen(method)]
    fn edit(this: &EditorHandle, from: u32, to: u32, insert: &str);
    #[wasm_bindgen(method)]
    fn reveal(this: &EditorHandle, line: u32);
    #[wasm_bindgen(method)]
    fn text(this: &EditorHandle) -> String;
    #[wasm_bindgen(method, js_name = setDiagnostics)]
    fn set_diagnostics(this: &EditorHandle, json: &str);
    #[wasm_bindgen(method, js_name = setSelected)]
    fn set_selected(this: &EditorHandle, first: u32, last: u32);
    #[wasm_bindgen(method, js_name = setDark)]
    fn set_dark(this: &EditorHandle, on: bool);
    #[wasm_bindgen(method, js_name = setAssist)]
    fn set_assist(
        this: &EditorHandle,
        complete: &Closure<dyn Fn(String, u32) -> String>,
        hover: &Closure<dyn Fn(String, u32) -> String>,
    );
    #[wasm_bindgen(method)]
    fn destroy(this: &EditorHandle);
}

/// The editor.
#[component]
pub fn EditorPane() -> impl IntoView {
    let state = use_app_state();
    // Graph-only and read-only embeds show no editable text: no bundle.
    let plain = state
        .embed
        .is_some_and(|e| e.readonly || e.view == crate::embed::View::Graph);
    // The analysis's diagnostics as lint marks with their fixes, and the
    // lines of the object selected in the graph: memos, so the editor hears
    // only of changes (most keystrokes change neither).
    let marks = Memo::new(move |_| {
        if plain {
            return String::new();
        }
        state
            .analysis
            .with(|a| state.analyzed.with_untracked(|t| marks_json(t, a)))
    });
    let selected = Memo::new(move |_| selected_lines(state).unwrap_or((0, 0)));
    let host = NodeRef::<leptos::html::Div>::new();
    let handle = StoredValue::new_local(None::<EditorHandle>);
    // A change the editor reported is already in the editor: not sent back.
    let echo = StoredValue::new(false);
    // The pending read of a large text changed by typing.
    let pending = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |_| {
        let Some(el) = host.get() else { return };
        if handle.with_value(Option::is_some) {
            return;
        }
        // A large text reports small changes without the text (`None`): it is
        // read once typing pauses for `DEBOUNCE_MS`, not copied per keystroke.
        let on_change = Closure::<dyn Fn(Option<String>)>::new(move |text: Option<String>| {
            if let Some(h) = pending.get_value() {
                h.clear();
            }
            match text {
                Some(text) => {
                    echo.set_value(true);
                    state.source.set(text);
                }
                None => {
                    let pull = move || {
                        if let Some(text) = handle.with_value(|h| h.as_ref().map(|h| h.text())) {
                            echo.set_value(true);
                            state.source.set(text);
                        }
                    };
                    let wait = std::time::Duration::from_millis(super::DEBOUNCE_MS);
                    pending.set_value(set_timeout_with_handle(pull, wait).ok());
                }
            }
        });
        let on_paste = Closure::<dyn Fn(f64) -> bool>::new(move |bytes: f64| {
            paste_allowed(state, bytes as usize)
        });
        let h = state.source.with_untracked(|t| {
            EditorHandle::new(
                &el,
                t,
                !plain,
                is_dark(&state.theme.get_untracked()),
                &on_change,
                &on_paste,
            )
        });
        marks.with_untracked(|json| {
            if !json.is_empty() {
                h.set_diagnostics(json);
            }
        });
        let (a, b) = selected.get_untracked();
        h.set_selected(a as u32, b as u32);
        // Completion and hover read the latest analysis; only the cursor's
        // place is worked out per request.
        let complete = Closure::<dyn Fn(String, u32) -> String>::new(move |text: String, pos| {
            state
                .analysis
                .with_untracked(|a| completions_json(&text, pos as usize, a))
        });
        let hover = Closure::<dyn Fn(String, u32) -> String>::new(move |text: String, pos| {
            state
                .analysis
                .with_untracked(|a| hover_json(&text, pos as usize, a))
        });
        h.set_assist(&complete, &hover);
        complete.forget();
        hover.forget();
        // The editor lives as long as the page.
        on_change.forget();
        on_paste.forget();
        handle.set_value(Some(h));
    });
    on_cleanup(move || {
        if let Some(h) = handle.try_update_value(Option::take).flatten() {
            h.destroy();
        }
    });
    let with_handle = move |f: &dyn Fn(&EditorHandle)| handle.with_value(|h| h.as_ref().map(f));
    // A text set from outside the editor (none today but a safety net) reaches it.
    Effect::new(move |_| {
        state.source.track();
        if echo.get_value() {
            echo.set_value(false);
            return;
        }
        state
            .source
            .with_untracked(|t| with_handle(&|h| h.set_text(t, true)));
    });
    Effect::new(move |_| {
        let dark = is_dark(&state.theme.get());
        with_handle(&|h| h.set_dark(dark));
    });
    // The analysis's diagnostics, as lint marks.
    Effect::new(move |_| {
        marks.with(|json| {
            if !json.is_empty() {
                with_handle(&|h| h.set_diagnostics(json));
            }
        })
    });
    // The lines of the object selected in the graph.
    Effect::new(move |_| {
        let (a, b) = selected.get();
        with_handle(&|h| h.set_selected(a as u32, b as u32));
    });
    // Clicking a diagnostic or an outline entry moves the caret to its line.
    Effect::new(move |_| {
        let Some(line) = state.reveal_line.get() else {
            return;
        };
        state.reveal_line.set(None);
        with_handle(&|h| h.reveal(line as u32));
    });
    // Fixes and what-if buttons edit the text as one undoable transaction.
    Effect::new(move |_| {
        let Some(edit) = state.pending_edit.get() else {
            return;
        };
        state.pending_edit.set(None);
        let Some((from, to)) = state.source.with_untracked(|t| {
            let map = Utf16Map::new(t, vec![edit.start, edit.end]);
            Some((map.get(edit.start)?, map.get(edit.end)?))
        }) else {
            return;
        };
        with_handle(&|h| h.edit(from as u32, to as u32, &edit.insert));
    });
    // A whole new text (an example, Back, an earlier text, a host page's
    // text) replaces the old one as an edit too, so Ctrl+Z brings it back;
    // the focus stays where it was.
    Effect::new(move |_| {
        let Some(text) = state.load_text.get() else {
            return;
        };
        state.load_text.set(None);
        with_handle(&|h| h.set_text(&text, false));
    });
    let body = if plain {
        view! {
            <div class="editor__host" node_ref=host>
                <pre class="editor__plain" data-testid="editor" tabindex="0" aria-label="Kubernetes YAML">
                    {super::text(move || state.source.get())}
                </pre>
            </div>
        }
        .into_any()
    } else {
        view! { <div class="editor__host" data-testid="editor" node_ref=host></div> }.into_any()
    };
    view! {
        <div class="editor">
            <Outline/>
            {body}
            <p class="editor__keys" id="editor-keys" data-testid="editor-keys">
                "Tab indents. Press Esc, then Tab, to move out of the editor."
            </p>
        </div>
    }
}

/// Whether the theme setting (`auto`, `light`, `dark`) shows dark.
fn is_dark(theme: &str) -> bool {
    match theme {
        "dark" => true,
        "light" => false,
        _ => browser::prefers_dark(),
    }
}

/// A paste so large that the browser alone would take seconds to lay the
/// text out is refused, with a message: the text is still on the
/// clipboard, and the CLI reads files of any size.
fn paste_allowed(state: AppState, size: usize) -> bool {
    if size <= MAX_PASTE_BYTES {
        return true;
    }
    state.notice.set(Some(format!(
        "That paste is {}.{} MB; the editor takes at most {} MB at once (the browser would freeze laying it out). Paste it in parts, or run `svcmap resolve FILE` on it.",
        size / 1_048_576,
        size % 1_048_576 * 10 / 1_048_576,
        MAX_PASTE_BYTES / 1_048_576
    )));
    false
}

/// The first and last line of the object selected in the graph (a pod's
/// workload when it has one).
fn selected_lines(state: AppState) -> Option<(usize, usize)> {
    let sel = state.selected.get()?;
    state.analysis.with(|a| {
        let span = match &sel {
            Selection::Service(name) => a
                .services
                .iter()
                .find(|s| s.service.meta.key() == *name)
                .map(|s| s.service.span),
            Selection::Pod(name) => {
                a.pods
                    .iter()
                    .find(|p| p.pod.meta.key() == *name)
                    .and_then(|p| match &p.pod.owner {
                        None => Some(p.pod.span),
                        Some(o) => a.objects.iter().find_map(|obj| match obj {
                            Object::Workload(w)
                                if w.meta.name == o.name && w.meta.namespace == o.namespace =>
                            {
                                Some(w.span)
                            }
                            _ => None,
                        }),
                    })
            }
        }?;
        Some((span.start.line, span.end.line))
    })
}

/// Services whose lint marks get fixes: past these, the marks carry only
/// their message (explaining thousands of Services on every keystroke would
/// stall typing; the explain panel still has every fix).
const MAX_SERVICES_FIXED: usize = 20;

/// The diagnostics of `a` (on `text`) as lint marks, in JSON: a Service's
/// marks carry the fixes the explain panel offers for it, a backend port
/// that is not its Service's (RTE002) the port surely meant.
fn marks_json(text: &str, a: &Analysis) -> String {
    let mut fixes = HashMap::<String, Vec<explain::Fix>>::new();
    let mut port_fixes: Option<Vec<explain::Fix>> = None;
    let mut found = Vec::new();
    for d in &a.diagnostics {
        let Some(span) = d.span else { continue };
        let mut actions = Vec::new();
        if d.code == DiagnosticCode::RoutePortNotFound {
            let all = port_fixes.get_or_insert_with(|| route_fixes::route_port_fixes(a));
            actions.extend(
                all.iter()
                    .filter(|f| f.edit.start >= span.start.offset && f.edit.end <= span.end.offset)
                    .map(|f| (f.title.clone(), f.edit.clone())),
            );
        }
        // A limit's warning names a Service svcmap left unresolved: nothing to fix there.
        let limit = d.code == DiagnosticCode::YamlLimit;
        if let Some(o) = d.object.as_ref().filter(|o| o.kind == "Service" && !limit) {
            let key = format!("{}/{}", o.namespace, o.name);
            if !fixes.contains_key(&key) && fixes.len() >= MAX_SERVICES_FIXED {
                found.push((d, span, actions));
                continue;
            }
            let list = fixes
                .entry(key.clone())
                .or_insert_with(|| service_fixes(text, a, &key));
            actions.extend(list.iter().map(|f| (f.title.clone(), f.edit.clone())));
        }
        found.push((d, span, actions));
    }
    let offsets = found
        .iter()
        .flat_map(|(_, s, acts)| {
            [s.start.offset, s.end.offset]
                .into_iter()
                .chain(acts.iter().flat_map(|(_, e)| [e.start, e.end]))
        })
        .collect();
    let map = Utf16Map::new(text, offsets);
    // Written by hand: serde_json's serializer would add more to the
    // WebAssembly than the whole binding.
    let mut out = String::from("[");
    for (i, (d, span, actions)) in found.into_iter().enumerate() {
        let from = map.get(span.start.offset).unwrap_or(0);
        let to = map.get(span.end.offset).unwrap_or(from).max(from);
        let severity = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        };
        if i > 0 {
            out.push(',');
        }
        out.push_str(&format!(
            "{{\"from\":{from},\"to\":{to},\"severity\":\"{severity}\",\"message\":"
        ));
        json_string(&mut out, &format!("{}: {}", d.code.as_str(), d.message));
        out.push_str(",\"source\":\"svcmap\",\"actions\":[");
        let mut first = true;
        for (name, e) in actions {
            let (Some(from), Some(to)) = (map.get(e.start), map.get(e.end)) else {
                continue;
            };
            if !first {
                out.push(',');
            }
            first = false;
            out.push_str("{\"name\":");
            json_string(&mut out, &name);
            out.push_str(&format!(",\"from\":{from},\"to\":{to},\"insert\":"));
            json_string(&mut out, &e.insert);
            out.push('}');
        }
        out.push_str("]}");
    }
    out.push(']');
    out
}

/// Appends `s` as a JSON string.
fn json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// The byte offset of UTF-16 position `pos` of `text` (CodeMirror's
/// positions); the end for a position past it.
fn byte_offset(text: &str, pos: usize) -> usize {
    if text.is_ascii() {
        return pos.min(text.len());
    }
    let mut units = 0;
    for (i, c) in text.char_indices() {
        if units >= pos {
            return i;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// The engine's completions at UTF-16 position `pos`, in JSON for the
/// editor (`{from, value, options: [{label, type, detail, info, apply}]}`;
/// `value`: they are values, not keys), or an empty string.
fn completions_json(text: &str, pos: usize, a: &Analysis) -> String {
    let Some(c) = assist::complete(text, byte_offset(text, pos), a) else {
        return String::new();
    };
    let from = Utf16Map::new(text, vec![c.from]).get(c.from).unwrap_or(pos);
    let mut out = format!("{{\"from\":{from},\"value\":{},\"options\":[", c.on_value);
    for (i, item) in c.items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"label\":");
        json_string(&mut out, &item.label);
        out.push_str(&format!(",\"type\":\"{}\",\"detail\":", item.kind));
        json_string(&mut out, &item.detail);
        out.push_str(",\"info\":");
        json_string(&mut out, &item.info);
        out.push_str(",\"apply\":");
        json_string(&mut out, &item.apply);
        out.push('}');
    }
    out.push_str("]}");
    out
}

/// The engine's hover at UTF-16 position `pos`, in JSON for the editor
/// (`{from, to, lines}`), or an empty string.
fn hover_json(text: &str, pos: usize, a: &Analysis) -> String {
    let Some(h) = assist::hover(text, byte_offset(text, pos), a) else {
        return String::new();
    };
    let map = Utf16Map::new(text, vec![h.from, h.to]);
    let (Some(from), Some(to)) = (map.get(h.from), map.get(h.to)) else {
        return String::new();
    };
    let mut out = format!("{{\"from\":{from},\"to\":{to},\"lines\":[");
    for (i, line) in h.lines.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        json_string(&mut out, line);
    }
    out.push_str("]}");
    out
}

/// The explain panel's fixes for the Service `key` (`namespace/name`): its
/// ports', then each near-miss pod's (each edit once).
fn service_fixes(text: &str, a: &Analysis, key: &str) -> Vec<explain::Fix> {
    // Each fix re-reads the document it edits: in a large `kind: List` dump,
    // that is the whole text, for each of hundreds of near misses (a
    // selector that matches nothing in a 5 MB dump: minutes). The explain
    // panel still offers them, for the one Service it shows.
    if text.len() >= super::DEBOUNCE_ABOVE {
        return Vec::new();
    }
    let Some(s) = a.services.iter().find(|s| s.service.meta.key() == key) else {
        return Vec::new();
    };
    let mut out = explain::port_fixes(text, a, s);
    // Only a Service without a ready endpoint has near misses to fix.
    if explain::has_ready_endpoints(s) {
        return out;
    }
    for m in &explain::explain(a, s).near_misses {
        for f in explain::near_miss_fixes(text, a, s, m) {
            // Two pods with the same labels offer the same fix once.
            if !out.iter().any(|o| o.edit == f.edit) {
                out.push(f);
            }
        }
    }
    out
}

/// Byte offsets of a text to UTF-16 offsets (CodeMirror's positions), for a
/// set of offsets known in advance: one pass over the text.
struct Utf16Map {
    ascii: bool,
    map: HashMap<usize, usize>,
}

impl Utf16Map {
    fn new(text: &str, mut offsets: Vec<usize>) -> Utf16Map {
        if text.is_ascii() {
            return Utf16Map {
                ascii: true,
                map: HashMap::new(),
            };
        }
        offsets.sort_unstable();
        offsets.dedup();
        let mut map = HashMap::new();
        let mut wanted = offsets.into_iter().peekable();
        let mut units = 0;
        for (i, c) in text.char_indices().chain([(text.len(), '\0')]) {
            while let Some(&o) = wanted.peek() {
                if o > i {
                    break;
                }
                if o == i {
                    map.insert(o, units);
                }
                wanted.next();
            }
            units += c.len_utf16();
        }
        Utf16Map { ascii: false, map }
    }

    /// The UTF-16 offset of byte `offset` (none inside a character or past the end).
    fn get(&self, offset: usize) -> Option<usize> {
        if self.ascii {
            return Some(offset);
        }
        self.map.get(&offset).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::{byte_offset, json_string, Utf16Map};

    #[test]
    fn utf16_positions_map_to_byte_offsets() {
        // (text, UTF-16 position, byte offset)
        let rows = [
            ("a: b", 3, 3, "ASCII: the same"),
            ("é: b", 1, 2, "after a 2-byte character"),
            ("😀: b", 2, 4, "after an astral character (two units)"),
            ("é", 9, 2, "past the end: the end"),
        ];
        for (text, pos, want, label) in rows {
            assert_eq!(byte_offset(text, pos), want, "{label}");
        }
    }

    #[test]
    fn byte_offsets_map_to_utf16_units() {
        // (text, byte offset, UTF-16 offset; None inside a character)
        let rows: &[(&str, usize, Option<usize>, &str)] = &[
            ("a: b", 3, Some(3), "ASCII: the same"),
            ("a: b", 4, Some(4), "ASCII: the end"),
            ("é: b", 2, Some(1), "a 2-byte character is one unit"),
            ("é: b", 1, None, "inside a character"),
            ("😀: b", 4, Some(2), "an astral character is two units"),
            ("😀: b", 7, Some(5), "the end after one"),
        ];
        for &(text, byte, want, label) in rows {
            assert_eq!(Utf16Map::new(text, vec![byte]).get(byte), want, "{label}");
        }
    }

    #[test]
    fn json_strings_escape_what_json_requires() {
        let rows = [
            ("plain", "\"plain\""),
            ("a \"quote\"", "\"a \\\"quote\\\"\""),
            ("back\\slash", "\"back\\\\slash\""),
            ("line\nbreak\t", "\"line\\u000abreak\\u0009\""),
            ("`app` → é", "\"`app` → é\""),
        ];
        for (input, want) in rows {
            let mut out = String::new();
            json_string(&mut out, input);
            assert_eq!(out, want, "{input:?}");
            assert_eq!(
                serde_json::from_str::<String>(&out).ok().as_deref(),
                Some(input)
            );
        }
    }
}
