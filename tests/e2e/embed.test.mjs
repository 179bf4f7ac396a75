// End-to-end: embed mode, the host-page API, embed.js and its demo page,
// dist/ under a sub-path, and the Content-Security-Policy.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { editorReady, editorText, focusEditor, serveDist, setEditorText, typeInEditor, useServerAndBrowser } from './support.mjs';

const env = useServerAndBrowser();
let sub;
before(async () => {
  sub = await serveDist('/docs/svcmap/');
});
after(async () => {
  await sub?.close();
});

async function newPage(width = 1000, height = 800) {
  const ctx = await env.browser.newContext({ viewport: { width, height } });
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/favicon/.test(m.text())) errors.push(m.text());
  });
  return { ctx, page, errors };
}

/** The frame of the iframe matching `selector` once its graph is drawn. */
async function frameOf(page, selector) {
  const handle = await page.waitForSelector(selector);
  const frame = await handle.contentFrame();
  await frame.waitForSelector('[data-testid=graph] [data-kind]');
  return frame;
}

test('the demo page turns three blocks into working embeds', async () => {
  const { ctx, page, errors } = await newPage();
  await page.goto(`${env.server.url}embed-demo.html`);
  await page.waitForFunction(() => document.querySelectorAll('iframe').length === 3);
  const frames = await page.$$('iframe');
  // 1. An example by id.
  const named = await frames[0].contentFrame();
  await named.waitForSelector('[data-kind=service]');
  assert.ok((await named.locator('[data-kind=edge][data-state=ready]').count()) > 0);
  assert.equal(await named.locator('header.header').count(), 0, 'no header chrome');
  assert.equal(await named.locator('[data-testid=open-in-svcmap]').count(), 1);
  // 2. Inline YAML from a <pre>: its Service and its three pods.
  const inline = await frames[1].contentFrame();
  await inline.waitForSelector('[data-kind=service][data-name="default/api"]');
  await inline.waitForFunction(() => document.querySelectorAll('[data-kind=edge][data-from="default/api"][data-state=ready]').length === 3);
  // 3. A read-only graph: no editor, no fix buttons, near misses drawn.
  const ro = await frames[2].contentFrame();
  await ro.waitForSelector('[data-kind=edge][data-state=near-miss]');
  assert.equal(await ro.locator('.app__editor').isVisible(), false);
  // The iframes were sized from svcmap:resize (not left at the 420 px default).
  const heights = await page.$$eval('iframe', (fs) => fs.map((f) => f.getBoundingClientRect().height));
  assert.ok(heights.every((h) => h > 160 && h < 4000), String(heights));
  assert.ok(heights.some((h) => Math.abs(h - 422) > 2), `sized by messages: ${heights}`);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('host API: ready, resize, set-text; anything else is ignored; the autosave is untouched', async () => {
  const { ctx, page, errors } = await newPage();
  await page.goto(`${env.server.url}embed-demo.html`);
  await page.evaluate(() => localStorage.setItem('svcmap.text', 'my: own work\n'));
  const got = await page.evaluate(async () => {
    document.body.innerHTML = '';
    const messages = [];
    window.addEventListener('message', (e) => messages.push(e.data));
    const f = document.createElement('iframe');
    f.style.cssText = 'width:600px;height:400px';
    f.src = 'index.html?embed=1';
    document.body.append(f);
    window.__frame = f;
    const t0 = Date.now();
    while (!messages.some((m) => m.type === 'svcmap:ready') || !messages.some((m) => m.type === 'svcmap:resize')) {
      if (Date.now() - t0 > 15000) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    return messages;
  });
  assert.ok(got.some((m) => m.type === 'svcmap:ready'), JSON.stringify(got));
  const resize = got.find((m) => m.type === 'svcmap:resize');
  assert.ok(resize && resize.height > 100, JSON.stringify(got));
  const frame = await frameOf(page, 'iframe');
  const text = 'apiVersion: v1\nkind: Service\nmetadata: {name: hosted}\nspec: {selector: {app: h}, ports: [{port: 80}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: h-1, labels: {app: h}}\n';
  // Ignored: wrong type, wrong shape, too large, markup as "type".
  await page.evaluate(() => {
    const w = window.__frame.contentWindow;
    w.postMessage({ type: 'svcmap:set-text', text: 42 }, '*');
    w.postMessage({ type: 'other', text: 'kind: Pod' }, '*');
    w.postMessage('svcmap:set-text', '*');
    w.postMessage({ type: 'svcmap:set-text', text: 'x'.repeat(5 * 1024 * 1024) }, '*');
  });
  await page.waitForTimeout(300);
  assert.equal(await frame.locator('[data-kind=service][data-name="default/web"]').count(), 1, 'still the default example');
  await page.evaluate((text) => window.__frame.contentWindow.postMessage({ type: 'svcmap:set-text', text }, '*'), text);
  await frame.waitForSelector('[data-kind=edge][data-from="default/hosted"][data-to="default/h-1"][data-state=ready]');
  assert.equal(await editorText(frame), text);
  assert.equal(await page.evaluate(() => localStorage.getItem('svcmap.text')), 'my: own work\n');
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('readonly=1 blocks edits; theme=dark renders dark; view=yaml shows the editor only', async () => {
  const { ctx, page } = await newPage(520, 600);
  await page.goto(`${env.server.url}?embed=1&readonly=1&theme=dark&example=readiness`);
  await page.waitForSelector('[data-testid=graph] [data-kind]');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  const editor = page.locator('[data-testid=editor]');
  const before = await editorText(page);
  assert.match(before, /publishNotReadyAddresses/);
  assert.match(await editor.innerText(), /publishNotReadyAddresses/, 'the text is shown');
  await editor.click();
  await page.keyboard.type('oops');
  assert.equal(await editorText(page), before);
  assert.equal(await page.locator('.cm-editor').count(), 0, 'plain text: no editor bundle');
  await page.goto(`${env.server.url}?embed=1&view=yaml&bogus=1&controls=maybe`);
  await editorReady(page);
  assert.equal(await page.locator('[data-testid=graph]').isVisible(), false);
  assert.equal(await page.locator('[data-testid=editor]').isVisible(), true);
  await ctx.close();
});

test('"Open in svcmap" opens the full playground with the same text', async () => {
  const { ctx, page } = await newPage();
  await page.goto(`${env.server.url}?embed=1&example=externalname`);
  await page.waitForSelector('[data-testid=graph] [data-kind]');
  const text = await editorText(page);
  const [popup] = await Promise.all([ctx.waitForEvent('page'), page.click('[data-testid=open-in-svcmap]')]);
  await popup.waitForSelector('[data-testid=graph] [data-kind]');
  assert.equal(await popup.locator('header.header').count(), 1);
  assert.equal(await editorText(popup), text);
  await ctx.close();
});

test('dist/ works from a sub-path, under its Content-Security-Policy, with no request elsewhere', async () => {
  const { ctx, page, errors } = await newPage();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(`${sub.url}#example/dual-stack`);
  await page.waitForSelector('[data-testid=graph] [data-kind=service]');
  const csp = await page.getAttribute('meta[http-equiv=Content-Security-Policy]', 'content');
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
  // The editor loads, and typing and a share link work under the policy.
  await editorReady(page);
  const typed = await editorText(page);
  await page.locator('[data-testid=editor] .cm-content').press('End');
  await page.keyboard.type(' ');
  assert.notEqual(await editorText(page), typed);
  await page.click('[data-testid=share]').catch(() => {});
  await page.goto(`${sub.url}embed-demo.html`);
  await page.waitForFunction(() => document.querySelectorAll('iframe').length === 3);
  await frameOf(page, 'iframe');
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  const origin = new URL(sub.url).origin;
  const outside = requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'));
  assert.deepEqual(outside, []);
  assert.ok(requests.some((u) => u.startsWith(`${origin}/docs/svcmap/`) && u.endsWith('.wasm')));
  assert.ok(requests.some((u) => u === `${origin}/docs/svcmap/svcmap-editor.js`), 'the editor bundle, from the sub-path');
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('graph-only and read-only embeds never request the editor bundle; the full playground does', async () => {
  for (const [query, wanted] of [['?embed=1&view=graph', false], ['?embed=1&readonly=1', false], ['?embed=1', true], ['', true]]) {
    const { ctx, page, errors } = await newPage();
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${env.server.url}${query}`);
    await page.waitForSelector('[data-testid=graph] [data-kind]');
    if (wanted) await editorReady(page);
    else await page.waitForTimeout(500);
    const bundle = requests.filter((u) => u.endsWith('/svcmap-editor.js'));
    assert.equal(bundle.length, wanted ? 1 : 0, `${query}: ${bundle}`);
    assert.equal(await page.locator('.cm-editor').count(), wanted ? 1 : 0, query);
    assert.deepEqual(errors, [], query);
    await ctx.close();
  }
});

test('a split embed at documentation width (860 px) stacks the editor above the graph, nothing cut off', async () => {
  for (const width of [860, 700]) {
    const { ctx, page, errors } = await newPage(width, 700);
    await page.goto(`${env.server.url}?embed=1#example/broken-routing`);
    await page.waitForSelector('[data-testid=graph] [data-kind=pod]');
    await editorReady(page);
    const box = (sel) => page.locator(sel).evaluate((el) => el.getBoundingClientRect().toJSON());
    const editor = await box('.app__editor');
    const graph = await box('.app__graph');
    // Both the full width, the graph under the editor.
    for (const [name, b] of [['editor', editor], ['graph', graph]]) {
      assert.ok(b.left >= 0 && b.right <= width + 0.5 && b.width > width * 0.9, `${width}: ${name} ${JSON.stringify(b)}`);
    }
    assert.ok(graph.top >= editor.bottom - 0.5, `${width}: the graph is below the editor`);
    assert.ok(editor.height > 200, `${width}: the editor keeps its height`);
    // No sideways scrolling, and every node of the graph within its pane.
    assert.deepEqual(await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]), [width, width]);
    const nodes = await page.$$eval('[data-testid=graph] [data-kind=service], [data-testid=graph] [data-kind=pod]', (ns) =>
      ns.map((n) => n.getBoundingClientRect().toJSON()),
    );
    assert.ok(nodes.length >= 6);
    for (const n of nodes) assert.ok(n.left >= graph.left - 0.5 && n.right <= graph.right + 0.5, `${width}: a node cut off ${JSON.stringify(n)}`);
    // The editor takes typing; both parts reachable with the keyboard too.
    await focusEditor(page, 0);
    await page.keyboard.type('# x\n');
    assert.match(await editorText(page), /^# x\n/);
    assert.deepEqual(errors, []);
    await ctx.close();
  }
});
