// The editor's loader, a wasm-bindgen snippet (src/ui/code_editor.rs binds
// to it): mounts the CodeMirror bundle (svcmap-editor.js, next to index.html)
// on demand with a dynamic import, so pages that never show the editor never
// fetch it. Until the bundle is there, and if it never comes (a blocked file,
// the wasm unit tests), the handle keeps the text and the latest marks, and
// hands them over once it loads. `window.svcmapEditor` is the one way tests
// and the crash guard (guard.js) read and set the whole text: CodeMirror
// only draws the visible lines, so the DOM does not hold it.

// This file is served at <root>/snippets/<crate>/src/web/editor/load.js.
const BUNDLE = new URL('../../../../../svcmap-editor.js', import.meta.url);

let bundle = null;

/** Starts fetching the bundle (once); resolves to its module. */
function loadBundle() {
  bundle ??= import(BUNDLE.href);
  return bundle;
}

/** The editor of the page: a text and its marks, drawn by CodeMirror once loaded. */
export class EditorHandle {
  /**
   * `mount`: whether to load CodeMirror into `parent` (not in graph-only and
   * read-only embeds, which show no editable text).
   */
  constructor(parent, text, mount, dark, onChange, onPaste) {
    this.editor = null;
    this.text_ = text;
    this.diagnostics = [];
    this.selected = null;
    this.dark = dark;
    this.onChange = onChange;
    this.failed = false;
    const me = this;
    window.svcmapEditor = {
      text: () => me.text(),
      setText: (t) => me.setText(t, true),
      ready: () => me.editor !== null,
      view: () => me.editor?.view ?? null,
      diagnostics: () => me.diagnostics,
      selected: () => me.selected,
      // The engine's completion and hover, `(text, pos) => JSON` (for tests).
      assist: () => me.assist ?? null,
    };
    if (!mount) return;
    loadBundle().then((m) => {
      if (!parent.isConnected) return; // unmounted meanwhile
      this.editor = m.create(parent, {
        text: this.text_,
        dark: this.dark,
        label: 'Kubernetes YAML',
        // Mirrors `DEBOUNCE_ABOVE` and `DEBOUNCE_JUMP` in src/ui/mod.rs.
        largeText: 200000,
        jump: 4096,
        onChange: (t) => { if (t !== null) this.text_ = t; this.onChange(t); },
        onPaste: (bytes) => onPaste(bytes),
        complete: (t, pos) => (this.assist ? this.assist.complete(t, pos) : ''),
        hover: (t, pos) => (this.assist ? this.assist.hover(t, pos) : ''),
      });
      this.editor.setDiagnostics(this.diagnostics);
      this.editor.setSelected(this.selected);
      parent.setAttribute('data-ready', 'true');
    }, (err) => {
      this.failed = true;
      parent.setAttribute('data-ready', 'failed');
      console.error('svcmap: the editor could not load', err);
    });
  }
  text() { return this.editor ? this.editor.text() : this.text_; }
  /** A whole new text, as one undoable edit (`keep`: the caret and scroll stay). */
  setText(text, keep) {
    if (this.editor) { this.editor.setText(text, keep); return; }
    if (text === this.text_) return;
    this.text_ = text;
    this.onChange(text);
  }
  edit(from, to, insert) {
    if (this.editor) { this.editor.edit(from, to, insert); return; }
    const t = this.text_;
    this.setText(t.slice(0, from) + insert + t.slice(to), false);
  }
  reveal(line) { this.editor?.reveal(line); }
  /** The lint marks, as JSON (see `entry.js`). */
  setDiagnostics(json) {
    this.diagnostics = JSON.parse(json);
    this.editor?.setDiagnostics(this.diagnostics);
  }
  setSelected(first, last) {
    this.selected = first > 0 ? [first, last] : null;
    this.editor?.setSelected(this.selected);
  }
  /** The engine's completion and hover: `(text, pos) => JSON` each (see `entry.js`). */
  setAssist(complete, hover) { this.assist = { complete, hover }; }
  setDark(on) { this.dark = on; this.editor?.setDark(on); }
  destroy() { this.editor?.destroy(); this.editor = null; }
}
