// End-to-end tests: the trunk-built dist/ served on loopback, driven in
// headless Chromium with playwright-core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launchBrowser } from './support.mjs';

let server, browser;

before(async () => {
  server = await serveDist();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function openPlayground() {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(server.url);
  await page.waitForSelector('[data-testid=graph] [data-kind=edge]');
  return { page, errors };
}

const edges = (page, sel = '') => page.locator(`[data-testid=graph] [data-kind=edge]${sel}`).count();

test('the default example is drawn', async () => {
  const { page, errors } = await openPlayground();
  assert.equal(await page.locator('[data-kind=service][data-name="default/web"]').count(), 1);
  assert.equal(await edges(page, '[data-state=ready]'), 3);
  assert.equal(await edges(page, '[data-state=not-ready]'), 1);
  assert.equal(await edges(page, '[data-state=terminating]'), 1);
  assert.deepEqual(errors, []);
  await page.close();
});

test('typing in the editor changes the graph on each keystroke', async () => {
  const { page, errors } = await openPlayground();
  const editor = page.locator('[data-testid=editor]');
  // Replace the whole text with one Service and no pods.
  await editor.fill('apiVersion: v1\nkind: Service\nmetadata: {name: api}\nspec:\n  selector: {app: api}\n  ports: [{port: 80}]\n');
  await page.waitForSelector('[data-kind=service][data-name="default/api"]');
  assert.equal(await edges(page), 0);
  // Now type a pod, key by key, at the end of the text.
  await editor.press('Control+End');
  await editor.pressSequentially('---\napiVersion: v1\nkind: Pod\nmetadata: {name: api-1, labels: {app: api}}\n', { delay: 5 });
  await page.waitForSelector('[data-kind=edge][data-from="default/api"][data-to="default/api-1"][data-state=ready]');
  // A label typo breaks routing and shows a diagnostic.
  await editor.fill((await editor.inputValue()).replace('labels: {app: api}', 'labels: {app: apj}'));
  await page.waitForFunction(() => document.querySelectorAll('[data-kind=edge]').length === 0);
  assert.match(await page.locator('[data-testid=diagnostics]').innerText(), /SVC002/);
  assert.deepEqual(errors, []);
  await page.close();
});
