// End-to-end: the CodeMirror editor. YAML highlighting, auto-indent, the
// search panel, the engine's diagnostics as lint marks whose fixes are lint
// actions, and app edits undone with the editor's own undo.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { editorText, focusEditor, openPlayground, setEditorText, useServerAndBrowser } from './support.mjs';

const env = useServerAndBrowser();

const edgeSel = (from, state) => `[data-testid=graph] [data-kind=edge][data-from="${from}"][data-state=${state}]`;
const waitCount = (page, sel, n) =>
  page.waitForFunction(([sel, n]) => document.querySelectorAll(sel).length === n, [sel, n]);

test('keys, strings and comments are coloured as the theme says', async () => {
  const { page, errors, ctx } = await openPlayground(env, '');
  await setEditorText(page, '# a comment\nkind: Service\nmetadata: {name: "web"}\n');
  const colours = await page.evaluate(() => {
    const probe = (v) => {
      const el = document.createElement('span');
      el.style.color = `var(${v})`;
      document.body.append(el);
      const c = getComputedStyle(el).color;
      el.remove();
      return c;
    };
    const colourOf = (text) => {
      const span = [...document.querySelectorAll('.cm-content span')].find((s) => s.childElementCount === 0 && s.textContent === text);
      return span ? getComputedStyle(span).color : null;
    };
    return {
      key: [colourOf('kind'), probe('--tok-key')],
      string: [colourOf('"web"'), probe('--tok-str')],
      comment: [colourOf('# a comment'), probe('--tok-comment')],
    };
  });
  for (const [what, [got, want]] of Object.entries(colours)) assert.equal(got, want, what);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('Enter after `key:` indents the next line; Ctrl+F opens the search panel', async () => {
  const { page, errors, ctx } = await openPlayground(env, '');
  await setEditorText(page, 'spec:');
  await focusEditor(page, 5);
  await page.keyboard.press('Enter');
  await page.keyboard.type('x');
  assert.equal(await editorText(page), 'spec:\n  x');
  await page.keyboard.press('Control+f');
  const search = page.locator('.cm-search input[name=search]');
  await search.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('name')), 'search');
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('a diagnostic is a lint mark at its line; its fix is a lint action; Ctrl+Z undoes it', async () => {
  const { page, errors, ctx } = await openPlayground(env, '#example/broken-routing');
  const original = await editorText(page);
  // SVC002 on `app: chekout` (line 9): a warning mark under it and in the gutter.
  const mark = page.locator('.cm-lintRange-warning', { hasText: 'chekout' });
  await mark.first().waitFor();
  const line = await page.evaluate(() => {
    const view = window.svcmapEditor.view();
    const at = window.svcmapEditor.diagnostics().find((d) => d.message.startsWith('SVC002')).from;
    return view.state.doc.lineAt(at).number;
  });
  assert.equal(line, 9);
  assert.equal(await page.locator('.cm-gutter-lint .cm-lint-marker-warning').count() >= 1, true);
  // Hovering the mark shows the message and the explain panel's fix.
  const fixTitle = "Change the Service's selector `app` to `checkout`";
  await mark.first().hover();
  const tooltip = page.locator('.cm-tooltip-lint');
  await tooltip.waitFor();
  assert.match(await tooltip.innerText(), /SVC002: Service `checkout` selects no pod/);
  assert.equal(await tooltip.locator('button.cm-diagnosticAction', { hasText: fixTitle }).count(), 1, 'offered once');
  // The lint panel (Ctrl+Shift+M, the keyboard's way) lists it with its fix.
  await focusEditor(page, 0);
  await page.keyboard.press('Control+Shift+M');
  const fix = page.locator('.cm-panel.cm-panel-lint li', { hasText: 'SVC002' }).locator('button', { hasText: fixTitle });
  await fix.click();
  await waitCount(page, edgeSel('default/checkout', 'ready'), 2);
  assert.equal(await editorText(page), original.replace('app: chekout', 'app: checkout'));
  // The editor's undo reverts it, and the graph follows.
  await page.locator('[data-testid=editor] .cm-content').press('Control+z');
  await waitCount(page, edgeSel('default/checkout', 'near-miss'), 2);
  assert.equal(await editorText(page), original);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('an Ingress backend naming the container port offers the Service port as a lint action', async () => {
  const { page, errors, ctx } = await openPlayground(env, '#example/ingress-port-typo');
  const original = await editorText(page);
  await page.locator('.cm-lintRange-error', { hasText: '8080' }).first().waitFor();
  await focusEditor(page, 0);
  await page.keyboard.press('Control+Shift+M');
  // The Service `cart` has port 80 (targetPort 8080): the backend meant 80.
  const fix = page.locator('.cm-panel.cm-panel-lint li', { hasText: 'RTE002' }).locator('button', { hasText: 'Send Ingress shop to port 80 of Service default/cart' });
  await fix.click();
  await page.waitForFunction(() => !window.svcmapEditor.diagnostics().some((d) => d.message.startsWith('RTE002')));
  const lines = original.split('\n');
  const at = lines.findIndex((l) => l.trim() === 'number: 8080');
  lines[at] = lines[at].replace('8080', '80');
  assert.equal(await editorText(page), lines.join('\n'));
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('clicking a diagnostic moves the caret to its line; the selected Service is highlighted', async () => {
  const { page, errors, ctx } = await openPlayground(env, '#example/broken-routing');
  await page.locator('[data-testid=diagnostics] .diagnostic[data-code=SVC004] .diagnostic__jump').click();
  const line = await page.evaluate(() => {
    const view = window.svcmapEditor.view();
    return view.state.doc.lineAt(view.state.selection.main.head).number;
  });
  assert.equal(line, 23);
  assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'editor-text');
  await page.click('[data-kind=service][data-name="default/checkout"]');
  assert.deepEqual(await page.evaluate(() => window.svcmapEditor.selected()), [3, 12]);
  assert.ok((await page.locator('.cm-line.cm-svcmap-selected').count()) >= 9);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('the outline lists the objects; choosing one moves the caret to its first line', async () => {
  const { page, errors, ctx } = await openPlayground(env, '#example/broken-routing');
  const toggle = page.locator('[data-testid=outline-toggle]');
  assert.equal(await toggle.innerText(), 'Outline · 4 objects');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  assert.equal(await page.locator('[data-testid=outline-list]').isVisible(), false);
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  const items = page.locator('[data-testid=outline-list] .outline__item');
  assert.equal(await items.count(), 4);
  await items.filter({ hasText: 'Service cart' }).click();
  const line = await page.evaluate(() => {
    const view = window.svcmapEditor.view();
    return view.state.doc.lineAt(view.state.selection.main.head).number;
  });
  assert.equal(line, 14);
  assert.deepEqual(errors, []);
  await ctx.close();
});
