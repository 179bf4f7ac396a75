// The playground's editor: CodeMirror 6 with YAML, folding, search/replace,
// bracket matching, history and lint marks. Bundled offline by
// scripts/bundle-editor.mjs into svcmap-editor.js, which load.js imports on
// demand (graph-only and read-only embeds never load it). Colours come from
// the app's stylesheet (CSS variables), so the editor follows its theme.
import { EditorState, Compartment, StateEffect, StateField, RangeSetBuilder } from '@codemirror/state';
import {
  EditorView, Decoration, keymap, lineNumbers, highlightActiveLineGutter, highlightSpecialChars,
  drawSelection, highlightActiveLine, hoverTooltip, tooltips,
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { searchKeymap } from '@codemirror/search';
import {
  HighlightStyle, StreamLanguage, syntaxHighlighting, indentOnInput, bracketMatching, foldGutter, foldKeymap,
  foldService, indentUnit, indentService,
} from '@codemirror/language';
import { autocompletion, closeBrackets, closeBracketsKeymap } from '@codemirror/autocomplete';
import { setDiagnostics, lintGutter, lintKeymap } from '@codemirror/lint';
import { yaml as yamlMode } from '@codemirror/legacy-modes/mode/yaml';
import { tags as t } from '@lezer/highlight';
import { StyleModule } from 'style-mod';

/**
 * CodeMirror's own styles go into a constructed stylesheet of the document
 * (`adoptedStyleSheets`), which the page's Content-Security-Policy allows,
 * rather than a `<style>` element, which `style-src 'self'` blocks. Its
 * style-mod uses constructed sheets only for roots without a `head` (shadow
 * roots): the document's style set is therefore made on such a stand-in
 * root, then given to the document.
 */
function adoptStyles() {
  const standIn = {
    ownerDocument: document,
    get adoptedStyleSheets() { return document.adoptedStyleSheets; },
    set adoptedStyleSheets(sheets) { document.adoptedStyleSheets = sheets; },
  };
  StyleModule.mount(standIn, []);
  for (const key of Object.getOwnPropertySymbols(standIn)) {
    if (!Object.getOwnPropertySymbols(document).includes(key)) document[key] = standIn[key];
  }
}

/**
 * YAML, tokenised line by line (CodeMirror's stream parser with the YAML
 * mode of @codemirror/legacy-modes). The Lezer YAML grammar
 * (@codemirror/lang-yaml) re-parsed a 200-object manifest for ~16 ms on every
 * keystroke and adds ~12 KB gzip; a stream parser only re-reads the lines
 * from the edit to the end of the view (~1 ms).
 */
const yaml = StreamLanguage.define({
  ...yamlMode,
  tokenTable: { atom: t.propertyName, def: t.meta, meta: t.punctuation, variable: t.labelName, keyword: t.bool },
});

/** Token colours: the app's own variables (style/main.css), light or dark. */
const colours = HighlightStyle.define([
  { tag: t.propertyName, color: 'var(--tok-key)' },
  { tag: t.string, color: 'var(--tok-str)' },
  { tag: t.number, color: 'var(--tok-num)' },
  { tag: t.bool, color: 'var(--tok-lit)' },
  { tag: t.comment, color: 'var(--tok-comment)', fontStyle: 'italic' },
  { tag: t.meta, color: 'var(--tok-marker)', fontWeight: '600' },
  { tag: t.labelName, color: 'var(--tok-anchor)' },
  { tag: t.punctuation, color: 'var(--muted)' },
]);

/** Leading spaces of a line, or -1 for a blank or comment-only line. */
function indentOf(text) {
  const n = text.search(/\S/);
  return n < 0 || text[n] === '#' ? -1 : n;
}

/**
 * YAML folds by indentation: a line folds over the lines after it that are
 * indented deeper (blank and comment lines inside included).
 */
const indentFold = foldService.of((state, from, to) => {
  const line = state.doc.lineAt(from);
  const own = indentOf(line.text);
  if (own < 0) return null;
  let end = null;
  for (let n = line.number + 1; n <= state.doc.lines; n++) {
    const next = state.doc.line(n);
    const ind = indentOf(next.text);
    if (ind < 0) continue;
    if (ind <= own && !(ind === own && /^\s*- /.test(next.text) && !/^\s*- /.test(line.text))) break;
    end = next.to;
  }
  return end === null ? null : { from: to, to: end };
});

const look = EditorView.theme({
  '&': { height: '100%', color: 'var(--text)', backgroundColor: 'var(--panel)', fontSize: '13px' },
  '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '20px' },
  '.cm-content': { caretColor: 'var(--text)' },
  '.cm-gutters': { backgroundColor: 'var(--bg)', color: 'var(--muted)', borderRight: '1px solid var(--border)' },
  '.cm-activeLine, .cm-activeLineGutter': { backgroundColor: 'var(--accent-soft)' },
  '&.cm-focused': { outline: '2px solid var(--accent)', outlineOffset: '-2px' },
  '.cm-svcmap-selected': { backgroundColor: 'var(--selected-line)' },
  '.cm-panels': { backgroundColor: 'var(--bg)', color: 'var(--text)' },
  '.cm-tooltip': { backgroundColor: 'var(--panel)', color: 'var(--text)', border: '1px solid var(--border)' },
});

/**
 * Enter after a key with no value on its line (`spec:`, `- name:`) indents
 * the next line one step deeper than the key; elsewhere Enter keeps the
 * indentation of the line.
 */
const afterKey = indentService.of((cx, pos) => {
  const line = cx.lineAt(pos, -1);
  const m = /^(\s*(?:- +)*)[^\s#][^#]*:\s*(?:#.*)?$/.exec(line.text.slice(0, pos - line.from));
  return m ? m[1].length + cx.unit : undefined;
});

/** The lines of the object selected in the graph: `[first, last]` (1-based) or null. */
const setSelected = StateEffect.define();
const selectedLines = StateField.define({
  create: () => Decoration.none,
  update(deco, tr) {
    deco = deco.map(tr.changes);
    for (const e of tr.effects) {
      if (!e.is(setSelected)) continue;
      const b = new RangeSetBuilder();
      if (e.value) {
        const doc = tr.state.doc;
        const last = Math.min(e.value[1], doc.lines);
        for (let n = Math.max(1, e.value[0]); n <= last; n++) b.add(doc.line(n).from, doc.line(n).from, Decoration.line({ class: 'cm-svcmap-selected' }));
      }
      deco = b.finish();
    }
    return deco;
  },
  provide: (f) => EditorView.decorations.from(f),
});

/**
 * The YAML document around `pos` (between `---` lines): its start and text
 * (null on a `---` line).
 * The engine places a cursor within its document alone (labels, pods and
 * ports come from the analysis), so a large stream is not copied per request.
 */
function documentAround(state, pos) {
  const doc = state.doc;
  if (doc.length <= WINDOW_BEFORE + WINDOW_AFTER) return documentIn(doc.toString(), 0, pos);
  // A large text (a cluster dump): only a window around the cursor is read,
  // so that a request does not copy megabytes on every keystroke.
  const base = Math.max(0, pos - WINDOW_BEFORE);
  const w = doc.sliceString(base, Math.min(doc.length, pos + WINDOW_AFTER));
  const around = documentIn(w, base, pos);
  if (!around || around.from > base || base === 0) return around;
  // The document starts before the window: within a `kind: List` as kubectl
  // prints it (items as `- ` at the line start), its item around the cursor,
  // under an `items:` line so that the engine reads it as the List's item.
  const at = pos - base;
  const start = w.lastIndexOf('\n- ', at - 1);
  if (start < 0) return around;
  const end = w.indexOf('\n- ', at);
  const item = w.slice(start + 1, end < 0 ? w.length : end + 1);
  const head = 'items:\n';
  return { from: base + start + 1 - head.length, text: head + item };
}

/** How much of a large text before and after the cursor a request reads. */
const WINDOW_BEFORE = 64 * 1024;
const WINDOW_AFTER = 16 * 1024;

/**
 * The document around `pos` in `s`, the text from `base` on: its start (in
 * the whole text) and text, or null on a marker line.
 */
function documentIn(s, base, pos) {
  pos -= base;
  // A line `---` or `...`, alone or before a space, starting at `i`.
  const marker = (i) => (s.startsWith('---', i) || s.startsWith('...', i)) && /^(\s|$)/.test(s.charAt(i + 3));
  // The nearest marker line starting after `i` (forward) or before it (back).
  const next = (i) => {
    for (;;) {
      const a = [s.indexOf('\n---', i), s.indexOf('\n...', i)].filter((n) => n >= 0);
      if (a.length === 0) return -1;
      i = Math.min(...a);
      if (marker(i + 1)) return i;
      i += 1;
    }
  };
  const prev = (i) => {
    while (i > 0) {
      i = Math.max(s.lastIndexOf('\n---', i - 1), s.lastIndexOf('\n...', i - 1));
      if (i < 0) return -1;
      if (marker(i + 1)) return i;
    }
    return -1;
  };
  const lineStart = s.lastIndexOf('\n', pos - 1) + 1;
  const before = prev(lineStart);
  const end = before < 0 ? -1 : s.indexOf('\n', before + 1);
  const from = before < 0 ? 0 : end < 0 ? s.length : end + 1;
  // On a marker line itself: no document.
  if (pos < from) return null;
  const after = next(lineStart);
  return { from: base + from, text: s.slice(from, after < 0 ? s.length : after) };
}

/**
 * Completion from the engine: `complete(text, pos)` (UTF-16 position)
 * answers JSON `{from, value, options: [{label, type, detail, info, apply}]}`, or
 * an empty string where nothing fits. The engine reads the cursor's place
 * from the text; labels, namespaces and ports come from its latest analysis.
 */
function engineCompletion(complete) {
  return autocompletion({
    override: [(cx) => {
      const around = documentAround(cx.state, cx.pos);
      if (!around) return null;
      const json = complete(around.text, cx.pos - around.from);
      if (!json) return null;
      const r = JSON.parse(json);
      r.from += around.from;
      // The engine's order (a ServiceSpec's fields as the API lists them,
      // the selected pods' labels first) ranks options that match alike.
      r.options.forEach((o, i) => { o.boost = Math.max(-99, 99 - i); });
      if (!r.value) return { from: r.from, options: r.options, validFor: /^[\w.\/-]*$/ };
      // A value typed in full closes the list, so that Enter then starts a
      // new line rather than choosing what is already there.
      const word = cx.state.sliceDoc(r.from, cx.pos);
      if (!cx.explicit && r.options.some((o) => o.label === word)) return null;
      return { from: r.from, options: r.options };
    }],
    icons: false,
  });
}

/**
 * Hover from the engine: `hover(text, pos)` answers JSON `{from, to,
 * lines}` (a field's type and meaning; a selector's pods), or ''.
 */
function engineHover(hover) {
  return hoverTooltip((view, pos) => {
    const around = documentAround(view.state, pos);
    if (!around) return null;
    const json = hover(around.text, pos - around.from);
    if (!json) return null;
    const h = JSON.parse(json);
    return {
      pos: h.from + around.from,
      end: h.to + around.from,
      above: true,
      create() {
        const dom = document.createElement('div');
        dom.className = 'cm-svcmap-hover';
        dom.setAttribute('data-testid', 'editor-hover');
        h.lines.forEach((line, i) => {
          const p = document.createElement('div');
          // The first line is `key (type): meaning`: the key and type in bold.
          const cut = i === 0 ? line.indexOf('): ') + 1 : 0;
          if (cut > 0) {
            const b = document.createElement('strong');
            b.textContent = line.slice(0, cut);
            p.append(b, line.slice(cut));
          } else {
            p.textContent = line;
          }
          dom.append(p);
        });
        return { dom };
      },
    };
  }, { hoverTime: 400 });
}

/** The completion list and the hover in the app's colours (light or dark). */
const assistLook = EditorView.theme({
  '.cm-tooltip.cm-tooltip-autocomplete > ul': { fontFamily: 'var(--mono)', maxHeight: '16em' },
  '.cm-tooltip.cm-tooltip-autocomplete > ul > li': { padding: '2px 8px' },
  '.cm-tooltip.cm-tooltip-autocomplete > ul > li[aria-selected]': { backgroundColor: 'var(--accent)', color: 'var(--panel)' },
  '.cm-completionDetail': { color: 'var(--muted)', fontStyle: 'normal', marginLeft: '1em' },
  '.cm-tooltip.cm-tooltip-autocomplete > ul > li[aria-selected] .cm-completionDetail': { color: 'inherit' },
  '.cm-completionMatchedText': { textDecoration: 'none', fontWeight: '700' },
  '.cm-completionInfo': { backgroundColor: 'var(--panel)', color: 'var(--text)', border: '1px solid var(--border)', maxWidth: '24em', padding: '4px 8px', fontFamily: 'var(--sans)' },
  '.cm-svcmap-hover': { padding: '4px 8px', maxWidth: '36em', fontFamily: 'var(--sans)', fontSize: '12px', lineHeight: '18px' },
  '.cm-svcmap-hover > div + div': { marginTop: '2px' },
});

/**
 * Builds an editor in `parent`. `options`: `text`, `dark`,
 * `label` (accessible name), `onChange(text)` (every change, typed or not;
 * `null` for a change under `jump` UTF-16 units in a text of `largeText` or more),
 * `onPaste(bytes)` (return false to refuse a paste that large),
 * `complete(text, pos)` and `hover(text, pos)` (see `engineCompletion`).
 */
export function create(parent, options) {
  adoptStyles();
  const dark = new Compartment();
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: options.text,
      extensions: [
        lineNumbers(),
        // Its markers say what they do with the page's tooltips (data-tip), not `title`.
        foldGutter({
          markerDOM(open) {
            const m = document.createElement('span');
            m.textContent = open ? '⌄' : '›';
            m.dataset.tip = open ? 'Fold line' : 'Unfold line';
            m.dataset.tipPos = 'start';
            return m;
          },
        }),
        lintGutter(),
        highlightActiveLineGutter(),
        highlightSpecialChars(),
        history(),
        drawSelection(),
        EditorState.allowMultipleSelections.of(true),
        indentOnInput(),
        indentUnit.of('  '),
        syntaxHighlighting(colours),
        bracketMatching(),
        closeBrackets(),
        // Tooltips (completion and its info, hover, lint) are drawn over the
        // whole page, not clipped at the editor pane's edge.
        tooltips({ parent: document.body }),
        engineCompletion(options.complete ?? (() => '')),
        engineHover(options.hover ?? (() => '')),
        assistLook,
        highlightActiveLine(),
        keymap.of([
          ...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...historyKeymap,
          ...foldKeymap, ...lintKeymap, indentWithTab,
        ]),
        yaml,
        indentFold,
        afterKey,
        selectedLines,
        look,
        dark.of(EditorView.darkTheme.of(!!options.dark)),
        EditorView.contentAttributes.of({ 'aria-label': options.label ?? 'YAML', 'aria-describedby': 'editor-keys', 'data-testid': 'editor-text' }),
        EditorView.domEventHandlers({
          paste(ev) {
            const size = new Blob([ev.clipboardData?.getData('text') ?? '']).size;
            if (options.onPaste && options.onPaste(size) === false) { ev.preventDefault(); return true; }
            return false;
          },
        }),
        // An exception in a listener (the app's WebAssembly trapping, say)
        // is thrown again outside CodeMirror, where the page's guard sees it.
        EditorView.exceptionSink.of((e) => setTimeout(() => { throw e; })),
        // A large text is not copied out on every keystroke (tens of
        // milliseconds at 20 MB): the app hears that it changed (null) and
        // reads it once typing pauses. A large change (a paste, a file)
        // comes with the text, to be analysed at once.
        EditorView.updateListener.of((u) => {
          if (!u.docChanged) return;
          let changed = 0;
          u.changes.iterChanges((fromA, toA, fromB, toB) => { changed += (toA - fromA) + (toB - fromB); });
          const quiet = u.state.doc.length >= (options.largeText ?? Infinity) && changed < (options.jump ?? 0);
          options.onChange(quiet ? null : u.state.doc.toString());
        }),
      ],
    }),
  });
  const len = () => view.state.doc.length;
  const clamp = (n) => Math.max(0, Math.min(n, len()));
  return {
    view,
    /** The whole text. */
    text: () => view.state.doc.toString(),
    /**
     * Replaces the whole text as one undoable edit; the caret goes to the
     * start. Unchanged text stays unchanged (no empty history entry).
     */
    setText(text, keepFocus) {
      const old = view.state.doc.toString();
      if (old === text) return;
      // Only the part that differs changes: marks and folds elsewhere stay.
      let a = 0;
      const max = Math.min(old.length, text.length);
      while (a < max && old.charCodeAt(a) === text.charCodeAt(a)) a++;
      let b = 0;
      while (b < max - a && old.charCodeAt(old.length - 1 - b) === text.charCodeAt(text.length - 1 - b)) b++;
      view.dispatch({
        changes: { from: a, to: old.length - b, insert: text.slice(a, text.length - b) },
        selection: keepFocus ? undefined : { anchor: 0 },
        scrollIntoView: !keepFocus,
        userEvent: 'input.replace',
      });
    },
    /** Replaces `from..to` (UTF-16 offsets) with `insert` as one undoable edit, and shows it. */
    edit(from, to, insert) {
      from = clamp(from);
      to = clamp(to);
      view.dispatch({
        changes: { from, to, insert },
        selection: { anchor: from, head: from + insert.length },
        scrollIntoView: true,
        userEvent: 'input',
      });
      view.focus();
    },
    /** Moves the caret to the start of line `n` (1-based), scrolls there, focuses. */
    reveal(n) {
      const line = view.state.doc.line(Math.max(1, Math.min(n, view.state.doc.lines)));
      view.dispatch({ selection: { anchor: line.from }, effects: EditorView.scrollIntoView(line.from, { y: 'start', yMargin: 60 }) });
      view.focus();
    },
    /**
     * The engine's diagnostics as lint marks: `{from, to, severity, message,
     * actions: [{name, from, to, insert}]}`, offsets in UTF-16 units.
     */
    setDiagnostics(list) {
      const diagnostics = list.map((d) => ({
        from: clamp(d.from),
        to: clamp(Math.max(d.to, d.from)),
        severity: d.severity,
        message: d.message,
        source: d.source,
        actions: (d.actions ?? []).map((a) => ({
          name: a.name,
          apply: (v) => {
            v.dispatch({ changes: { from: clamp(a.from), to: clamp(a.to), insert: a.insert }, userEvent: 'input' });
          },
        })),
      }));
      view.dispatch(setDiagnostics(view.state, diagnostics));
    },
    /** Highlights lines `first..=last` (1-based), or nothing for null. */
    setSelected(range) {
      view.dispatch({ effects: setSelected.of(range) });
    },
    setDark(on) {
      view.dispatch({ effects: dark.reconfigure(EditorView.darkTheme.of(on)) });
    },
    destroy: () => view.destroy(),
  };
}
