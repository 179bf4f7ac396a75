// End-to-end: explanations, one-click fixes and what-if toggles, all written
// into the YAML text and undone with the editor's own undo.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { editorReady, editorText, focusEditor, openPlayground, setEditorText, typeInEditor, useServerAndBrowser } from './support.mjs';

const env = useServerAndBrowser();

const open = (hash) => openPlayground(env, hash);

const edgeSel = (from, state) => `[data-testid=graph] [data-kind=edge][data-from="${from}"][data-state=${state}]`;
const count = (page, sel) => page.locator(sel).count();
const waitCount = (page, sel, n) =>
  page.waitForFunction(([sel, n]) => document.querySelectorAll(sel).length === n, [sel, n]);

test('a broken Service shows its near misses key by key; the fix routes it; undo restores both', async () => {
  const { page, errors, ctx } = await open('#example/broken-routing');
  const original = await editorText(page);
  // The typo'd selector selects nothing: two near-miss edges, no endpoint.
  assert.equal(await count(page, edgeSel('default/checkout', 'near-miss')), 2);
  assert.equal(await count(page, edgeSel('default/checkout', 'ready')), 0);
  // Its tooltip (a styled overlay, shown at once) says why.
  await page.locator(edgeSel('default/checkout', 'near-miss')).first().dispatchEvent('pointerover');
  assert.match(await page.getByTestId('graph-tip').textContent(), /app wants `chekout`, pod has `checkout`/);

  await page.click('[data-kind=service][data-name="default/checkout"]');
  const miss = page.locator('[data-testid=near-miss]').first();
  await miss.waitFor();
  const row = miss.locator('tr[data-key=app]');
  assert.deepEqual(
    (await row.locator('td').allInnerTexts()).map((t) => t.trim()),
    ['app', 'chekout', 'checkout', '✗'],
  );
  assert.match(await miss.innerText(), /did you mean `checkout`\?/);

  await miss.locator('[data-testid=fix]', { hasText: "Change the Service's selector `app` to `checkout`" }).click();
  await waitCount(page, edgeSel('default/checkout', 'ready'), 2);
  assert.equal(await count(page, edgeSel('default/checkout', 'near-miss')), 0);
  const fixed = await editorText(page);
  assert.equal(fixed, original.replace('app: chekout', 'app: checkout'));

  // The browser's undo reverts the fix and the graph follows.
  await page.locator('[data-testid=editor] .cm-content').press('Control+z');
  await waitCount(page, edgeSel('default/checkout', 'near-miss'), 2);
  assert.equal(await editorText(page), original);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('marking a pod not ready from the graph writes the YAML and changes its edge; undo restores both', async () => {
  const { page, errors, ctx } = await open('#example/deployment-service');
  const original = await editorText(page);
  const pod = page.locator('[data-kind=pod][data-name^="default/web-"][data-name*="-"]').filter({ hasNotText: 'canary' }).filter({ hasNotText: 'web-old' }).first();
  const name = (await pod.getAttribute('data-name')).split('/')[1];
  const edge = `[data-kind=edge][data-from="default/web"][data-to="default/${name}"]`;
  assert.equal(await page.locator(edge).getAttribute('data-state'), 'ready');

  await pod.click();
  await page.click('[data-testid=whatif-not-ready]');
  await page.waitForSelector(`${edge}[data-state=not-ready]`);
  const changed = await editorText(page);
  assert.ok(changed.includes(`svcmap.dev/not-ready: ${name}`), changed);
  await page.click('[data-testid=tab-endpoints]');
  const ep = await page.locator('[data-testid=endpoints-yaml]').innerText();
  assert.ok(ep.indexOf(`name: ${name}`, ep.indexOf('notReadyAddresses:')) > 0, ep);

  await page.locator('[data-testid=editor] .cm-content').press('Control+z');
  await page.waitForSelector(`${edge}[data-state=ready]`);
  assert.equal(await editorText(page), original);

  // A written pod gets a status block; the Endpoints list moves it to notReadyAddresses.
  await page.click('[data-kind=pod][data-name="default/web-canary"]');
  await page.click('[data-testid=whatif-ready]');
  await page.waitForSelector('[data-kind=edge][data-to="default/web-canary"][data-state=ready]');
  assert.match(await editorText(page), /type: Ready, status: "True"/);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('each diagnostic links to its entry of the catalogue page', async () => {
  const { page, errors, ctx } = await open('#example/broken-routing');
  const links = page.locator('[data-testid=diagnostics] .diagnostic__doc');
  assert.equal(await links.count(), 3);
  const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(hrefs, ['diagnostics.html#svc002', 'diagnostics.html#svc001', 'diagnostics.html#svc004']);
  await page.goto(`${env.server.url}diagnostics.html#svc004`);
  const entry = page.locator('h2#svc004');
  assert.match(await entry.innerText(), /^SVC004 — /);
  // Every code of the catalogue has its anchor.
  const ids = await page.$$eval('h2[id]', (hs) => hs.map((h) => h.id));
  assert.ok(ids.length >= 18 && ids.includes('yaml001') && ids.includes('wrk001'), String(ids));
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('the explanation of a Service under a Local policy gives kube-proxy\'s answer from each node', async () => {
  const { page, errors, ctx } = await open('#example/local-loadbalancer');
  await page.click('[data-kind=service][data-name="default/ingress"]');
  const table = page.locator('[data-testid=per-node] table');
  await table.waitFor();
  const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent.trim())));
  // Three simulated nodes, in-cluster (internalTrafficPolicy: Cluster) and
  // from outside (externalTrafficPolicy: Local): only the node's own pod.
  assert.equal(rows.length, 6);
  const row = (node, traffic) => rows.find((r) => r[0].startsWith(node) && r[2] === traffic);
  assert.deepEqual(row('node-1', 'in-cluster').slice(3), ['✓', '2 of 2: ingress-1, ingress-2']);
  assert.deepEqual(row('node-1', 'from outside').slice(3), ['✓', '1 of 2: ingress-1']);
  assert.equal(row('node-3', 'from outside')[3], '✗');
  assert.match(row('node-3', 'from outside')[4], /externalTrafficPolicy: Local and no ready or terminating endpoint on node-3/);
  assert.match(await page.getByTestId('per-node').innerText(), /simulated nodes/);
  // A Service whose routing does not depend on the node has no such table.
  await page.goto(`${env.server.url}#example/deployment-service`);
  await page.click('[data-kind=service][data-name="default/web"]');
  await page.getByTestId('details').locator('h3').waitFor();
  assert.equal(await page.getByTestId('per-node').count(), 0);
  assert.deepEqual(errors, []);
  await ctx.close();
});
