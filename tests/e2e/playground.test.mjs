// End-to-end tests: the trunk-built dist/ served on loopback, driven in
// headless Chromium with playwright-core.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { editorReady, editorText, focusEditor, setEditorText, typeInEditor, useServerAndBrowser } from './support.mjs';

const env = useServerAndBrowser();

/** A new page (fresh storage) on `hash`, waiting until the graph is drawn. */
async function openPlayground(hash = '', { context, colorScheme } = {}) {
  const ctx = context ?? (await env.browser.newContext({ viewport: { width: 1400, height: 900 }, colorScheme }));
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('dialog', (d) => {
    errors.push(`dialog: ${d.message()}`);
    d.dismiss();
  });
  await page.goto(env.server.url + hash);
  await page.waitForSelector('[data-testid=graph] [data-kind]');
  await editorReady(page);
  return { page, errors, ctx };
}

const edges = (page, sel = '') => page.locator(`[data-testid=graph] [data-kind=edge]${sel}`).count();

test('the default example is drawn', async () => {
  const { page, errors, ctx } = await openPlayground();
  assert.equal(await page.locator('[data-kind=service][data-name="default/web"]').count(), 1);
  assert.equal(await edges(page, '[data-state=ready]'), 3);
  assert.equal(await edges(page, '[data-state=not-ready]'), 1);
  assert.equal(await edges(page, '[data-state=terminating]'), 1);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('typing in the editor changes the graph on each keystroke', async () => {
  const { page, errors, ctx } = await openPlayground();
  const editor = page.locator('[data-testid=editor] .cm-content');
  await setEditorText(page, 'apiVersion: v1\nkind: Service\nmetadata: {name: api}\nspec:\n  selector: {app: api}\n  ports: [{port: 80}]\n');
  await page.waitForSelector('[data-kind=service][data-name="default/api"]');
  assert.equal(await edges(page), 0);
  await editor.press('Control+End');
  await editor.pressSequentially('---\napiVersion: v1\nkind: Pod\nmetadata: {name: api-1, labels: {app: api}}\n', { delay: 5 });
  await page.waitForSelector('[data-kind=edge][data-from="default/api"][data-to="default/api-1"][data-state=ready]');
  await setEditorText(page, (await editorText(page)).replace('labels: {app: api}', 'labels: {app: apj}'));
  await page.waitForFunction(() => document.querySelectorAll('[data-kind=edge]:not([data-state=near-miss])').length === 0);
  // `apj` is one letter from `api`: drawn as a near miss, not an endpoint.
  assert.equal(await edges(page, '[data-state=near-miss][data-to="default/api-1"]'), 1);
  assert.match(await page.locator('[data-testid=diagnostics]').innerText(), /SVC002/);
  assert.deepEqual(errors, []);
  await ctx.close();
});

const EXAMPLES = [
  'deployment-service', 'named-ports', 'readiness', 'headless-statefulset', 'namespaces',
  'selectorless', 'nodeport-loadbalancer', 'externalname', 'dual-stack', 'broken-routing',
  'ingress-port-typo', 'route-reference-grant', 'weighted-canary',
  'zone-aware', 'local-loadbalancer', 'terminating-rollout',
];

test('every example loads from its URL and from the menu', async () => {
  const { page, errors, ctx } = await openPlayground();
  const options = await page.locator('[data-testid=examples] option:not([disabled])').evaluateAll((o) => o.map((x) => x.value));
  assert.deepEqual(options, EXAMPLES);
  for (const id of EXAMPLES) {
    await page.locator('[data-testid=examples]').selectOption(id);
    await page.waitForFunction(() => window.svcmapEditor.text().length > 0);
    const services = await page.locator('[data-testid=graph] [data-kind=service]').count();
    assert.ok(services >= 1, `${id}: a Service is drawn`);
    await page.waitForFunction((id) => location.hash === `#example/${id}`, id);
  }
  for (const id of ['readiness', 'headless-statefulset']) {
    const p = await ctx.newPage();
    await p.goto(`${env.server.url}#example/${id}`);
    await p.waitForSelector('[data-testid=graph] [data-kind=service]');
    assert.match(await editorText(p), id === 'readiness' ? /publishNotReadyAddresses/ : /serviceName: db/);
    await p.close();
  }
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('a share link round-trips the text exactly', async () => {
  const { page, ctx } = await openPlayground();
  const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: ünï-cödé\n  labels: {app: "x"}\n# <script>alert(1)</script> \u202e\t tab\n';
  await setEditorText(page, text);
  await page.locator('[data-testid=share]').click();
  await page.waitForFunction(() => location.hash.startsWith('#v1:'));
  const url = page.url();
  assert.match(url, /#v1:[A-Za-z0-9_-]+$/);
  const other = await env.browser.newContext({ viewport: { width: 1400, height: 900 } });
  const p = await other.newPage();
  await p.goto(url);
  await p.waitForSelector('[data-testid=graph] [data-kind=pod]');
  assert.equal(await editorText(p), text);
  await other.close();
  await ctx.close();
});

test('a damaged link shows a message and the default example, never a blank page', async () => {
  const { page, errors, ctx } = await openPlayground('#v1:not-a-valid-link');
  assert.match(await page.locator('[data-testid=notice]').innerText(), /could not be opened/);
  assert.equal(await page.locator('[data-kind=service][data-name="default/web"]').count(), 1);
  const p = await ctx.newPage();
  await p.goto(`${env.server.url}#example/<img src=x onerror=alert(1)>`);
  await p.waitForSelector('[data-testid=notice]');
  assert.equal(await p.locator('img').count(), 0);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('the text survives a reload, and a link wins over the autosave', async () => {
  const { page, ctx } = await openPlayground();
  const text = 'apiVersion: v1\nkind: Service\nmetadata: {name: kept}\nspec: {selector: {app: kept}}\n';
  await setEditorText(page, text);
  await page.reload();
  await page.waitForSelector('[data-kind=service][data-name="default/kept"]');
  assert.equal(await editorText(page), text);
  await page.goto(`${env.server.url}#example/externalname`);
  await page.reload();
  await page.waitForSelector('[data-kind=service][data-name="default/payments"]');
  // Opening the example did not overwrite the autosave: without a fragment it comes back.
  await page.goto(env.server.url);
  await page.reload();
  await page.waitForSelector('[data-kind=service][data-name="default/kept"]');
  await ctx.close();
});

test('dark mode follows the system and the toggle', async () => {
  const { page, ctx } = await openPlayground('', { colorScheme: 'dark' });
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, 'rgb(13, 17, 23)');
  await page.locator('[data-testid=theme]').click(); // auto -> light
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'light');
  await page.locator('[data-testid=theme]').click(); // light -> dark
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  await page.reload();
  await page.waitForSelector('[data-testid=graph] [data-kind]');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark', 'the choice is kept');
  await ctx.close();
});

test('Tab indents by two spaces, Shift-Tab outdents, and undo restores', async () => {
  const { page, ctx } = await openPlayground();
  const editor = page.locator('[data-testid=editor] .cm-content');
  await setEditorText(page, 'a:\nb: 1\n');
  await focusEditor(page, 3);
  await editor.press('Tab');
  assert.equal(await editorText(page), 'a:\n  b: 1\n');
  await editor.press('Control+z');
  assert.equal(await editorText(page), 'a:\nb: 1\n');
  await editor.press('Control+Shift+Z');
  assert.equal(await editorText(page), 'a:\n  b: 1\n');
  await editor.press('Shift+Tab');
  assert.equal(await editorText(page), 'a:\nb: 1\n');
  await ctx.close();
});

test('clicking a Service selects it and shows where it leads', async () => {
  const { page, ctx } = await openPlayground('#example/nodeport-loadbalancer');
  await page.locator('[data-kind=service][data-name="default/web-public"]').click();
  const details = await page.locator('[data-testid=details]').innerText();
  assert.match(details, /load-balancer/);
  assert.match(details, /203\.0\.113\./);
  assert.equal(await page.locator('[data-kind=pod].is-related').count(), 3);
  await page.locator('[data-testid=tab-endpoints]').click();
  assert.match(await page.locator('[data-testid=endpoints-yaml]').innerText(), /kind: Endpoints/);
  await page.locator('[data-testid=tab-dns]').click();
  assert.match(await page.locator('[data-testid=dns]').innerText(), /web-public\.default\.svc\.cluster\.local/);
  await ctx.close();
});

test('hostile strings stay text everywhere', async () => {
  const evil = '"><img src=x onerror=alert(1)><script>alert(2)</script>';
  const text = `apiVersion: v1\nkind: Service\nmetadata:\n  name: '${evil}'\nspec:\n  selector: {app: '${evil}'}\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: 'javascript:alert(3)'\n  labels: {app: '${evil}'}\n`;
  const { page, errors, ctx } = await openPlayground();
  await setEditorText(page, text);
  await page.waitForSelector('[data-kind=pod]');
  for (const tab of ['details', 'endpoints', 'slices', 'dns', 'table', 'diagnostics']) {
    await page.locator(`[data-testid=tab-${tab}]`).click();
  }
  await page.locator('[data-kind=pod]').first().click();
  assert.equal(await page.locator('img').count(), 0);
  assert.equal(await page.locator('body script').count(), 0);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('the split between editor and graph can be dragged and moved with the keyboard', async () => {
  const { page, ctx } = await openPlayground();
  const width = () => page.locator('.app__editor').evaluate((e) => e.getBoundingClientRect().width);
  const before = await width();
  const box = await page.locator('[data-testid=splitter]').boundingBox();
  await page.mouse.move(box.x + 2, box.y + 200);
  await page.mouse.down();
  await page.mouse.move(box.x + 250, box.y + 200, { steps: 5 });
  await page.mouse.up();
  const dragged = await width();
  assert.ok(dragged > before + 150, `${before} -> ${dragged}`);
  await page.locator('[data-testid=splitter]').focus();
  await page.keyboard.press('ArrowLeft');
  assert.ok((await width()) < dragged);
  await ctx.close();
});
