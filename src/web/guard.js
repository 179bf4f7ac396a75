// Never lose the text, even if the WebAssembly itself dies. A Rust panic
// already shows the crash page (src/ui/crash.rs); this guard covers what
// no panic hook sees — running out of memory, a stack overflow, any trap —
// from plain JavaScript, which still runs when the WebAssembly cannot: the
// editor's text is saved (not in embed mode, where the autosave belongs to
// the host page's visitor) and shown as plain text, ready to copy.
(() => {
  const dead = (err) => {
    if (!(err instanceof WebAssembly.RuntimeError) || document.querySelector('[data-testid=crash]')) return;
    // The editor's own JavaScript still runs: it holds the whole text
    // (CodeMirror draws only the visible lines).
    let text = '';
    try { text = window.svcmapEditor ? window.svcmapEditor.text() : ''; } catch (_) { /* no editor yet */ }
    const embed = !!document.querySelector('.app--embed');
    if (!embed && text) {
      try { localStorage.setItem('svcmap.text', text); } catch (_) { /* storage full or off: the box below still has it */ }
    }
    const el = (tag, cls, content) => {
      const n = document.createElement(tag);
      n.className = cls;
      n.textContent = content;
      return n;
    };
    const panel = el('div', 'crash', '');
    panel.setAttribute('role', 'alert');
    panel.setAttribute('data-testid', 'crash');
    const area = el('textarea', 'crash__text', text);
    area.readOnly = true;
    area.setAttribute('aria-label', 'Your text');
    panel.append(
      el('h2', 'crash__title', 'svcmap stopped because of an internal error'),
      el('p', 'crash__what', embed
        ? 'Your text is below: copy it (Ctrl+A, Ctrl+C in the box), then reload the page.'
        : 'Your text is safe: it is saved in this browser and below. Copy it (Ctrl+A, Ctrl+C in the box), then reload the page to carry on.'),
      area,
    );
    document.body.replaceChildren(panel);
  };
  addEventListener('error', (e) => dead(e.error));
  addEventListener('unhandledrejection', (e) => dead(e.reason));
})();
