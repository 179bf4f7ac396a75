// End-to-end: never lose the text, even when the WebAssembly dies without a
// panic (here: out of memory, forced by growing its memory to the limit).
// The guard script (src/web/guard.js) saves the text, shows it as plain
// text, and a reload restores it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { editorReady, editorText, useServerAndBrowser } from './support.mjs';

const env = useServerAndBrowser();

test('when the WebAssembly runs out of memory, the text is saved, shown as text and back after a reload', async () => {
  const ctx = await env.browser.newContext({ viewport: { width: 1200, height: 800 } });
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.addInitScript(() => {
    addEventListener('TrunkApplicationStarted', (e) => { window.__svcmapWasm = e.detail.wasm; });
  });
  await page.goto(env.server.url);
  await page.waitForSelector('[data-testid=graph] [data-kind]');
  await editorReady(page);
  // About 1 MB of pods, one with a hostile name: more than the allocator has free.
  let text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: "<img src=x onerror=window.__pwned=1>"}\n';
  for (let i = 0; text.length < 1_000_000; i++) {
    text += `---\napiVersion: v1\nkind: Pod\nmetadata: {name: pod-${i}, labels: {app: web}}\n`;
  }
  const bytes = await page.evaluate(() => {
    const memory = window.__svcmapWasm.memory;
    for (const step of [1024, 1]) {
      try {
        for (;;) memory.grow(step);
      } catch (_) { /* at the limit for this step */ }
    }
    // Every page is taken: the allocator's next request for memory fails.
    return memory.buffer.byteLength;
  });
  assert.ok(bytes >= 2 ** 31, `memory grown to ${bytes} bytes`);
  await page.evaluate((t) => window.svcmapEditor.setText(t), text);
  const crash = page.locator('[data-testid=crash]');
  await crash.waitFor({ timeout: 15000 });
  assert.equal(await crash.getAttribute('role'), 'alert');
  assert.match(await crash.innerText(), /svcmap stopped because of an internal error/);
  assert.equal(await crash.locator('textarea').inputValue(), text);
  assert.equal(await page.evaluate(() => localStorage.getItem('svcmap.text')), text);
  // The hostile name stayed text.
  assert.equal(await page.evaluate(() => document.querySelectorAll('img').length), 0);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.ok(errors.some((e) => /RuntimeError|unreachable|memory/i.test(e)), errors.join('\n'));

  // A reload restores the text in a working playground.
  await page.reload();
  await page.waitForSelector('[data-testid=graph] [data-kind]');
  await editorReady(page);
  assert.equal(await editorText(page), text);
  await ctx.close();
});
