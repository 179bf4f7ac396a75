// End-to-end: the playground with the keyboard only. Tab indents in the
// editor, so the editor offers the common way out (WCAG 2.1.2, no keyboard
// trap): Escape, then Tab or Shift-Tab moves focus on, as in CodeMirror; its
// accessible description says so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { editorReady, editorText, focusEditor, openPlayground, setEditorText, typeInEditor, useServerAndBrowser } from './support.mjs';

const env = useServerAndBrowser();

/** What has focus: its test id, else its tag and role. */
const focused = (page) =>
  page.evaluate(() => {
    const a = document.activeElement;
    return a?.dataset.testid ?? `${a?.tagName.toLowerCase()}${a?.getAttribute('role') ? `[role=${a.getAttribute('role')}]` : ''}`;
  });

test('Tab indents; Escape then Tab leaves the editor, and the description says so', async () => {
  const { page, errors, ctx } = await openPlayground(env, '#example/broken-routing');
  const editor = page.locator('[data-testid=editor] .cm-content');
  const original = await editorText(page);
  const id = await editor.getAttribute('aria-describedby');
  const description = await page.locator(`[id="${id}"]`).textContent();
  assert.match(description, /Esc, then Tab, to move out of the editor/);
  // What assistive technology reads: the accessibility tree's description.
  const cdp = await ctx.newCDPSession(page);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  const box = nodes.find((n) => n.name?.value === 'Kubernetes YAML' && n.role?.value === 'textbox');
  assert.match(box?.description?.value ?? '', /Esc, then Tab, to move out of the editor/);

  await focusEditor(page, 0);
  await page.keyboard.press('Tab');
  assert.equal(await focused(page), 'editor-text', 'Tab alone stays in the editor');
  assert.equal(await editorText(page), `  ${original}`, 'and indents');
  await page.keyboard.press('Shift+Tab');
  assert.equal(await editorText(page), original);
  assert.equal(await focused(page), 'editor-text');

  // Escape, then a key other than Tab: Tab indents again.
  await page.keyboard.press('Escape');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Tab');
  assert.equal(await focused(page), 'editor-text');
  await page.keyboard.press('Control+z');
  assert.equal(await editorText(page), original);

  // Escape, then Tab: focus moves on, the text is untouched.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  assert.notEqual(await focused(page), 'editor-text');
  assert.equal(await editorText(page), original);

  // Escape, then Shift-Tab: back out of the editor the other way.
  await editor.focus();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Shift+Tab');
  assert.notEqual(await focused(page), 'editor-text');
  assert.equal(await editorText(page), original);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('from the editor, the keyboard alone reaches the selector box, the graph, the tabs and a fix', async () => {
  const { page, errors, ctx } = await openPlayground(env, '#example/broken-routing');
  const editor = page.locator('[data-testid=editor] .cm-content');
  const original = await editorText(page);
  await editor.focus();
  await page.keyboard.press('Escape');
  const seen = new Set();
  const tabUntil = async (want, limit = 60) => {
    for (let i = 0; i < limit; i++) {
      await page.keyboard.press('Tab');
      const f = await focused(page);
      seen.add(f);
      if (await page.evaluate((want) => document.activeElement?.matches(want), want)) return;
    }
    assert.fail(`Tab never reached ${want}; reached ${[...seen].join(', ')}`);
  };
  await tabUntil('[data-testid=query]');
  await page.keyboard.type('app=checkout');
  await tabUntil('[data-kind=service][data-name="default/checkout"]');
  await page.keyboard.press('Enter');
  await tabUntil('[data-testid=tab-details]');
  await page.keyboard.press('Enter');
  await tabUntil('[data-testid=fix]');
  await page.keyboard.press('Enter');
  await page.waitForFunction(
    () => document.querySelectorAll('[data-kind=edge][data-from="default/checkout"][data-state=ready]').length > 0,
  );
  assert.notEqual(await editorText(page), original, 'the fix was written into the text');
  assert.deepEqual(errors, []);
  await ctx.close();
});
