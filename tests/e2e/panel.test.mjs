// End-to-end: the results panel's splitter. Dragging it or its arrow keys
// resize the panel, and the size is kept across reloads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, openPlayground } from './support.mjs';

const env = useServerAndBrowser();

test('the results panel resizes by drag and by keys, and keeps its size after a reload', async () => {
  const { page, errors, ctx } = await openPlayground(env, '');
  const panel = page.locator('.app__panel');
  const splitter = page.getByTestId('panel-splitter');
  const h0 = (await panel.boundingBox()).height;
  const s = await splitter.boundingBox();
  await page.mouse.move(s.x + s.width / 2, s.y + s.height / 2);
  await page.mouse.down();
  await page.mouse.move(s.x + s.width / 2, s.y - 150, { steps: 5 });
  await page.mouse.up();
  const h1 = (await panel.boundingBox()).height;
  assert.ok(h1 > h0 + 120, `dragged up 150 px: ${h0} -> ${h1}`);
  // The keys: two steps down.
  const now = Number(await splitter.getAttribute('aria-valuenow'));
  await splitter.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  assert.equal(Number(await splitter.getAttribute('aria-valuenow')), now - 4);
  const h2 = (await panel.boundingBox()).height;
  assert.ok(h2 < h1, 'smaller');
  // Kept across a reload.
  await page.reload();
  await page.waitForSelector('[data-testid=graph] [data-kind]');
  assert.equal(Number(await page.getByTestId('panel-splitter').getAttribute('aria-valuenow')), now - 4);
  assert.ok(Math.abs((await panel.boundingBox()).height - h2) < 2);
  assert.deepEqual(errors, []);
  await ctx.close();
});
