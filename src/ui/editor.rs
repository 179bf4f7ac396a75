//! `<EditorPane/>`: the YAML editor. A native textarea keeps typing, selection
//! and undo/redo exactly as the browser does them; behind it a highlighted
//! copy of the visible lines (only those: 5 000-line inputs stay smooth)
//! shows syntax colours, diagnostic underlines and the selected object's lines.
//! A gutter shows line numbers and diagnostic markers; an outline lists the objects.

use super::dom::{reconcile, El};
use super::highlight::pieces;
use super::{use_app_state, Selection};
use crate::engine::{Object, Severity};
use leptos::prelude::*;
use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use wasm_bindgen::JsCast;

/// Height of one line, in CSS pixels (must match `style/main.css`).
const LINE_H: i32 = 20;
/// Largest paste the editor accepts (bytes).
pub const MAX_PASTE_BYTES: usize = crate::embed::MAX_TEXT;
/// Lines rendered above and below the visible ones.
const OVERSCAN: usize = 30;

/// Diagnostic marks of the text: per line, the byte ranges and severities,
/// and the message shown on hover.
#[derive(Clone, Debug, Default, PartialEq)]
struct Marks {
    ranges: BTreeMap<usize, Vec<(usize, usize, Severity)>>,
    gutter: BTreeMap<usize, (Severity, String)>,
}

/// One visible line of the highlighted copy.
#[derive(Clone, Debug, PartialEq)]
struct OverlayLine {
    /// Changes when anything drawn for the line changes.
    key: u64,
    selected: bool,
    pieces: Vec<super::highlight::Piece>,
}

/// The editor.
#[component]
pub fn EditorPane() -> impl IntoView {
    let state = use_app_state();
    let textarea = NodeRef::<leptos::html::Textarea>::new();
    // Whole pixels: nothing here needs the float formatter.
    let scroll = RwSignal::new((0i32, 0i32)); // (top, left)
    let viewport = RwSignal::new(800i32);
    let lines = Memo::new(move |_| {
        state
            .source
            .with(|t| t.split('\n').map(str::to_string).collect::<Vec<_>>())
    });
    let line_starts = Memo::new(move |_| {
        state.source.with(|t| {
            let mut v = vec![0usize];
            v.extend(t.match_indices('\n').map(|(i, _)| i + 1));
            v
        })
    });
    let marks = Memo::new(move |_| {
        let starts = line_starts.get();
        let mut m = Marks::default();
        state.analysis.with(|a| {
            for d in &a.diagnostics {
                let Some(span) = d.span else { continue };
                let g = m
                    .gutter
                    .entry(span.start.line)
                    .or_insert((d.severity, String::new()));
                g.0 = g.0.min(d.severity);
                if !g.1.is_empty() {
                    g.1.push('\n');
                }
                g.1.push_str(&format!(
                    "{}[{}]: {}",
                    d.severity.as_str(),
                    d.code,
                    d.message
                ));
                for line in span.start.line..=span.end.line.max(span.start.line) {
                    let Some(&ls) = starts.get(line - 1) else {
                        continue;
                    };
                    let le = starts.get(line).map_or(usize::MAX, |e| e - 1);
                    let s = span.start.offset.max(ls) - ls;
                    let mut e = span.end.offset.min(le).saturating_sub(ls);
                    if e <= s {
                        e = s + 1; // a point: underline one character
                    }
                    m.ranges.entry(line).or_default().push((s, e, d.severity));
                }
            }
        });
        m
    });
    // The lines of the selected object, highlighted behind the text.
    let selected_lines = Memo::new(move |_| {
        let sel = state.selected.get()?;
        state.analysis.with(|a| {
            let span = match &sel {
                Selection::Service(name) => a
                    .services
                    .iter()
                    .find(|s| {
                        format!("{}/{}", s.service.meta.namespace, s.service.meta.name) == *name
                    })
                    .map(|s| s.service.span),
                Selection::Pod(name) => a
                    .pods
                    .iter()
                    .find(|p| format!("{}/{}", p.pod.meta.namespace, p.pod.meta.name) == *name)
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
                    }),
            }?;
            Some((span.start.line, span.end.line))
        })
    });
    let visible = move || {
        let (top, _) = scroll.get();
        let first = (top.max(0) / LINE_H) as usize;
        let count = ((viewport.get() + LINE_H - 1) / LINE_H) as usize;
        let n = lines.with(Vec::len);
        (
            first.saturating_sub(OVERSCAN),
            (first + count + OVERSCAN).min(n),
        )
    };
    // The text reaches the textarea only when it changed from elsewhere (an
    // example, a link, a fix): writing back what the user just typed would
    // re-lay out the whole text on every keystroke.
    Effect::new(move |_| {
        let text = state.source.get();
        if let Some(el) = textarea.get() {
            if el.value() != text {
                el.set_value(&text);
            }
        }
    });
    // Clicking a diagnostic or an outline entry moves the caret to its line.
    Effect::new(move |_| {
        let Some(line) = state.reveal_line.get() else {
            return;
        };
        let Some(el) = textarea.get() else { return };
        let offset: usize = state.source.with_untracked(|t| {
            t.split('\n')
                .take(line.saturating_sub(1))
                .map(|l| l.encode_utf16().count() + 1)
                .sum()
        });
        let _ = el.focus();
        let _ = el.set_selection_range(offset as u32, offset as u32);
        el.set_scroll_top(
            i32::try_from(line.saturating_sub(4)).unwrap_or(i32::MAX / LINE_H) * LINE_H,
        );
        state.reveal_line.set(None);
    });
    // Fixes and what-if buttons edit the text as typing would: through the
    // browser's editing commands, so Ctrl+Z reverts them.
    Effect::new(move |_| {
        let Some(edit) = state.pending_edit.get() else {
            return;
        };
        state.pending_edit.set(None);
        let Some(el) = textarea.get() else { return };
        let Some((start, end, line)) = state.source.with_untracked(|t| {
            let (a, b) = (t.get(..edit.start)?, t.get(edit.start..edit.end)?);
            let start = a.encode_utf16().count();
            Some((
                start,
                start + b.encode_utf16().count(),
                a.matches('\n').count() + 1,
            ))
        }) else {
            return;
        };
        let _ = el.focus();
        let _ = el.set_selection_range(start as u32, end as u32);
        insert_text(&el, &edit.insert);
        let top = i32::try_from(line.saturating_sub(4)).unwrap_or(i32::MAX / LINE_H) * LINE_H;
        if (el.scroll_top() - top).abs() > el.client_height() / 2 {
            el.set_scroll_top(top);
        }
    });
    // A whole new text (an example, Back, an earlier text) replaces the old
    // one as an edit too, so Ctrl+Z brings the old one back; the focus stays
    // where it was (a keyboard user browsing the examples menu keeps it).
    Effect::new(move |_| {
        let Some(text) = state.load_text.get() else {
            return;
        };
        state.load_text.set(None);
        let Some(el) = textarea.get() else { return };
        let active = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.active_element())
            .and_then(|a| a.dyn_into::<web_sys::HtmlElement>().ok());
        let _ = el.focus();
        el.select();
        insert_text(&el, &text);
        let _ = el.set_selection_range(0, 0);
        el.set_scroll_top(0);
        el.set_scroll_left(0);
        if let Some(a) = active {
            let _ = a.focus();
        }
    });
    let on_scroll = move |_| {
        if let Some(t) = textarea.get() {
            scroll.set((t.scroll_top(), t.scroll_left()));
            viewport.set(t.client_height().max(200));
        }
    };
    // A paste so large that the browser alone would take seconds to lay the
    // text out is refused, with a message: the text is still on the
    // clipboard, and the CLI reads files of any size.
    let on_paste = move |ev: leptos::ev::ClipboardEvent| {
        let size = ev
            .clipboard_data()
            .and_then(|d| d.get_data("text").ok())
            .map_or(0, |t| t.len());
        if size > MAX_PASTE_BYTES {
            ev.prevent_default();
            state.notice.set(Some(format!(
                "That paste is {}.{} MB; the editor takes at most {} MB at once (the browser would freeze laying it out). Paste it in parts, or run `svcmap resolve FILE` on it.",
                size / 1_048_576,
                size % 1_048_576 * 10 / 1_048_576,
                MAX_PASTE_BYTES / 1_048_576
            )));
        }
    };
    // Tab indents, so Tab alone cannot leave the editor (WCAG 2.1.2): Escape
    // then Tab (or Shift-Tab) moves focus on, as in CodeMirror.
    let tab_leaves = StoredValue::new(false);
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let key = ev.key();
        let leave = tab_leaves.get_value();
        if !matches!(key.as_str(), "Shift" | "Control" | "Alt" | "Meta") {
            tab_leaves.set_value(key == "Escape");
        }
        if key != "Tab" || leave || ev.ctrl_key() || ev.alt_key() || ev.meta_key() {
            return;
        }
        let Some(el) = textarea.get() else { return };
        ev.prevent_default();
        indent(&el, ev.shift_key());
    };
    let overlay_lines = Memo::new(move |_| {
        let (from, to) = visible();
        let marks = marks.get();
        let sel = selected_lines.get();
        let starts = line_starts.get();
        state.source.with(|text| {
            (from..to)
                .map(|i| {
                    let n = i + 1;
                    let s = starts[i];
                    let e = starts.get(i + 1).map_or(text.len(), |e| e - 1);
                    let line = &text[s..e.max(s)];
                    let ranges = marks.ranges.get(&n).cloned().unwrap_or_default();
                    let selected = sel.is_some_and(|(a, b)| a <= n && n <= b);
                    let mut h = DefaultHasher::new();
                    (n, line, &ranges, selected).hash(&mut h);
                    OverlayLine {
                        key: h.finish(),
                        selected,
                        pieces: pieces(line, &ranges),
                    }
                })
                .collect::<Vec<_>>()
        })
    });
    let overlay_style = move || {
        let (top, left) = scroll.get();
        format!("transform: translate({}px, {}px)", -left, -top)
    };
    let outline = Memo::new(move |_| {
        state.analysis.with(|a| {
            a.objects
                .iter()
                .filter_map(|o| {
                    let line = match o {
                        Object::Pod(p) => p.span.start.line,
                        Object::Service(s) => s.span.start.line,
                        Object::Workload(w) => w.span.start.line,
                        Object::Endpoints { span, .. } | Object::EndpointSlice { span, .. } => {
                            span.start.line
                        }
                        _ => o.meta().name_span?.start.line,
                    };
                    Some((line, o.kind().to_string(), o.meta().name.clone()))
                })
                .collect::<Vec<_>>()
        })
    });
    let outline_open = RwSignal::new(false);
    let outline_ref = NodeRef::<leptos::html::Div>::new();
    let toggle = El::new("button")
        .class("outline__toggle")
        .attr("data-testid", "outline-toggle")
        .attr("data-action", "toggle")
        .attr("aria-controls", "outline-list")
        .into_element();
    let list = El::new("div")
        .attr("id", "outline-list")
        .attr("data-testid", "outline-list")
        .into_element();
    {
        let (toggle, list) = (toggle.clone(), list.clone());
        Effect::new(move |_| {
            if let (Some(o), Some(t), Some(l)) = (outline_ref.get(), &toggle, &list) {
                let _ = o.append_with_node_2(t, l);
            }
        });
    }
    Effect::new(move |_| {
        let (Some(toggle), Some(list)) = (&toggle, &list) else {
            return;
        };
        let open = outline_open.get();
        toggle.set_text_content(Some(&format!(
            "Outline · {} objects",
            outline.with(Vec::len)
        )));
        let _ = toggle.set_attribute("aria-expanded", if open { "true" } else { "false" });
        let _ = list.toggle_attribute_with_force("hidden", !open);
        list.replace_children_with_node_0();
        if !open {
            return;
        }
        let items = El::new("ul")
            .class("outline__list")
            .children(outline.with(|o| {
                o.iter()
                    .map(|(line, kind, name)| {
                        El::new("li").child(
                            El::new("button")
                                .class("outline__item")
                                .attr("data-action", "line")
                                .attr("data-arg", &line.to_string())
                                .child(El::leaf("span", "outline__kind", kind))
                                .text(" ")
                                .child(El::leaf("span", "outline__name", name))
                                .child(El::leaf("span", "outline__line", &format!(":{line}"))),
                        )
                    })
                    .collect::<Vec<_>>()
            }));
        if let Some(items) = items.into_element() {
            let _ = list.append_with_node_1(&items);
        }
    });
    let on_outline = move |ev: leptos::ev::MouseEvent| {
        let Some(t) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|t| t.closest("[data-action]").ok().flatten())
        else {
            return;
        };
        match t.get_attribute("data-action").as_deref() {
            Some("toggle") => outline_open.update(|o| *o = !*o),
            Some("line") => state
                .reveal_line
                .set(t.get_attribute("data-arg").and_then(|a| a.parse().ok())),
            _ => {}
        }
    };
    // The gutter: line numbers of the visible lines, with diagnostic markers.
    let gutter_ref = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        let (from, to) = visible();
        let marks = marks.get();
        let sel = selected_lines.get();
        let Some(g) = gutter_ref.get() else { return };
        let spacer = El::new("div").attr("style", &format!("height: {}px", from * LINE_H as usize));
        let content = El::new("div").child(spacer).children((from..to).map(|i| {
            let n = i + 1;
            let mark = marks.gutter.get(&n);
            let mut class = match mark {
                Some((s, _)) => format!("editor__line editor__line--{}", s.as_str()),
                None => "editor__line".to_string(),
            };
            if sel.is_some_and(|(a, b)| a <= n && n <= b) {
                class.push_str(" editor__line--selected");
            }
            let line = El::leaf("div", &class, &n.to_string()).attr("data-line", &n.to_string());
            match mark {
                Some((_, m)) => line.attr("title", m),
                None => line,
            }
        }));
        if let Some(c) = content.into_element() {
            g.replace_children_with_node_1(&c);
        }
    });
    // The highlighted lines, keyed by content: a keystroke rebuilds only the
    // lines it changed and leaves the others' elements in place.
    let lines_ref = NodeRef::<leptos::html::Div>::new();
    let drawn_lines =
        StoredValue::new_local(std::collections::HashMap::<u64, web_sys::Element>::new());
    Effect::new(move |_| {
        let lines = overlay_lines.get();
        let Some(layer) = lines_ref.get() else { return };
        drawn_lines.update_value(|cache| {
            let mut old = std::mem::take(cache);
            let wanted: Vec<web_sys::Element> = lines
                .into_iter()
                .filter_map(|l| {
                    let el = old.remove(&l.key).or_else(|| {
                        El::new("div")
                            .class(if l.selected {
                                "hl-line hl-line--selected"
                            } else {
                                "hl-line"
                            })
                            .children(l.pieces.into_iter().map(|p| {
                                let mut class = p.tok.class().to_string();
                                if let Some(s) = p.mark {
                                    class.push_str(" squiggle squiggle--");
                                    class.push_str(s.as_str());
                                }
                                El::leaf("span", &class, &p.text)
                            }))
                            .text("\u{200b}")
                            .into_element()
                    })?;
                    cache.insert(l.key, el.clone());
                    Some(el)
                })
                .collect();
            for stale in old.values() {
                stale.remove();
            }
            reconcile(&layer, &wanted);
        });
    });
    view! {
        <div class="editor">
            // Not a <details>: a closed one is a display lock (`content-visibility:
            // hidden`), and any display lock in the page makes Chromium replace a
            // selection in time quadratic in the text inserted (a 1 MB paste over
            // the text: minutes). A button and a `hidden` list cost nothing
            // closed, and the list is only built while open.
            <div class="outline" data-testid="outline" node_ref=outline_ref on:click=on_outline></div>
            <div class="editor__body">
                // A fixed width from the line count: scrolling to longer line
                // numbers never resizes the textarea (which would re-lay out
                // all of its text).
                <div
                    class="editor__gutter"
                    aria-hidden="true"
                    style=move || {
                        let digits = line_starts.with(Vec::len).max(1).ilog10() + 1;
                        format!("width: calc({}ch + 25px)", digits.max(3))
                    }
                >
                    <div class="editor__gutter-inner" node_ref=gutter_ref style=move || format!("transform: translateY({}px)", -scroll.get().0)></div>
                </div>
                <div class="editor__code">
                    <pre class="editor__overlay" aria-hidden="true" style=overlay_style>
                        <div style=move || format!("height: {}px", visible().0 * LINE_H as usize)></div>
                        // Keyed by content: a keystroke re-renders only the lines it changed.
                        <div node_ref=lines_ref></div>
                    </pre>
                    <textarea
                        class="editor__text"
                        data-testid="editor"
                        node_ref=textarea
                        spellcheck="false"
                        autocomplete="off"
                        autocapitalize="off"
                        wrap="off"
                        readonly=state.embed.is_some_and(|e| e.readonly)
                        aria-label="Kubernetes YAML"
                        aria-describedby="editor-keys"
                        on:input=move |ev| state.source.set(event_target_value(&ev))
                        on:scroll=on_scroll
                        on:keydown=on_keydown
                        on:paste=on_paste
                    ></textarea>
                </div>
            </div>
            <p class="editor__keys" id="editor-keys" data-testid="editor-keys">
                "Tab indents. Press Esc, then Tab, to move out of the editor."
            </p>
        </div>
    }
}

/// Tab indents the selected lines (or inserts two spaces), Shift-Tab outdents,
/// through `insertText` so that the browser's undo and redo include the change.
fn indent(el: &web_sys::HtmlTextAreaElement, outdent: bool) {
    let value = el.value();
    let units: Vec<u16> = value.encode_utf16().collect();
    let start = el.selection_start().ok().flatten().unwrap_or(0) as usize;
    let end = el.selection_end().ok().flatten().unwrap_or(0) as usize;
    let (start, end) = (start.min(units.len()), end.min(units.len()));
    let nl = u16::from(b'\n');
    let line_start = units[..start]
        .iter()
        .rposition(|&c| c == nl)
        .map_or(0, |i| i + 1);
    if !outdent && start == end {
        insert_text(el, "  ");
        return;
    }
    let block_end = if end > start && end > 0 && units[end - 1] == nl {
        end - 1
    } else {
        end
    };
    let line_end = units[block_end..]
        .iter()
        .position(|&c| c == nl)
        .map_or(units.len(), |i| block_end + i);
    let block = String::from_utf16_lossy(&units[line_start..line_end]);
    let changed: Vec<String> = block
        .split('\n')
        .map(|l| {
            if outdent {
                let n = l.len() - l.trim_start_matches(' ').len();
                l[n.min(2)..].to_string()
            } else {
                format!("  {l}")
            }
        })
        .collect();
    let changed = changed.join("\n");
    if changed == block {
        return;
    }
    el.set_selection_start(Some(line_start as u32)).ok();
    el.set_selection_end(Some(line_end as u32)).ok();
    insert_text(el, &changed);
    let new_end = line_start + changed.encode_utf16().count();
    el.set_selection_start(Some(line_start as u32)).ok();
    el.set_selection_end(Some(new_end as u32)).ok();
}

/// Replaces the textarea's selection with `text` as if typed (undoable), and
/// falls back to setting the value when `execCommand` is unavailable.
fn insert_text(el: &web_sys::HtmlTextAreaElement, text: &str) {
    let done = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
        .and_then(|d| {
            d.exec_command_with_show_ui_and_value("insertText", false, text)
                .ok()
        })
        .unwrap_or(false);
    if !done {
        let _ = el.set_range_text(text);
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        if let Ok(ev) = web_sys::Event::new_with_event_init_dict("input", &init) {
            let _ = el.dispatch_event(&ev);
        }
    }
}
