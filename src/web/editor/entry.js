// The playground's editor: CodeMirror 6 with YAML, folding, search/replace,
// bracket matching, history and lint marks. Bundled offline by
// scripts/bundle-editor.mjs into svcmap-editor.js, which load.js imports on
// demand (graph-only and read-only embeds never load it). Colours come from
// the app's stylesheet (CSS variables), so the editor follows its theme.
import { EditorState, Compartment, StateEffect, StateField, RangeSetBuilder } from '@codemirror/state';
import {
  EditorView, Decoration, keymap, lineNumbers, highlightActiveLineGutter, highlightSpecialChars,
  drawSelection, highlightActiveLine,
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { searchKeymap } from '@codemirror/search';
import {
  HighlightStyle, StreamLanguage, syntaxHighlighting, indentOnInput, bracketMatching, foldGutter, foldKeymap,
  foldService, indentUnit, indentService,
} from '@codemirror/language';
import { closeBrackets, closeBracketsKeymap } from '@codemirror/autocomplete';
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
 * Builds an editor in `parent`. `options`: `text`, `dark`,
 * `label` (accessible name), `onChange(text)` (every change, typed or not;
 * `null` for a change under `jump` UTF-16 units in a text of `largeText` or more),
 * `onPaste(bytes)` (return false to refuse a paste that large).
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
        foldGutter(),
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
