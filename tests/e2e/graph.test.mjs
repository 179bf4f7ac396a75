// End-to-end: the graph's view. It fills its pane; Fit shows every Service
// of a 60-Service manifest (both axes); the wheel pans; Ctrl + wheel zooms
// around the pointer; names longer than their box are shortened inside it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, openPlayground, setEditorText } from './support.mjs';

const env = useServerAndBrowser();

/** `services` Services in `namespaces` namespaces, each with a Deployment of `replicas` pods. */
function manifest(services, replicas, namespaces) {
  let out = '';
  for (let i = 0; i < services; i++) {
    const ns = `team-${i % namespaces}`;
    out += `---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app-${i}, namespace: ${ns}}\nspec:\n  replicas: ${replicas}\n  selector: {matchLabels: {app: app-${i}}}\n  template:\n    metadata: {labels: {app: app-${i}}}\n    spec: {containers: [{name: main, ports: [{name: http, containerPort: 8080}]}]}\n`;
    out += `---\napiVersion: v1\nkind: Service\nmetadata: {name: app-${i}, namespace: ${ns}}\nspec:\n  selector: {app: app-${i}}\n  ports: [{name: http, port: 80, targetPort: http}]\n`;
  }
  return out;
}

const setText = setEditorText;

/** The services drawn entirely inside the graph's box on screen, and how many there are. */
async function servicesInView(page) {
  return page.evaluate(() => {
    const svg = document.querySelector('[data-testid=graph]').getBoundingClientRect();
    const boxes = [...document.querySelectorAll('[data-testid=graph] [data-kind=service]')].map((g) => g.getBoundingClientRect());
    const inside = boxes.filter((r) => r.width > 0 && r.left >= svg.left - 1 && r.right <= svg.right + 1 && r.top >= svg.top - 1 && r.bottom <= svg.bottom + 1);
    return { drawn: boxes.length, inside: inside.length, svgHeight: svg.height };
  });
}

const viewBox = (page) => page.locator('[data-testid=graph]').getAttribute('viewBox').then((v) => v.split(' ').map(Number));

test('Fit shows all 60 Services of a 60-Service, 480-pod manifest; the wheel pans and Ctrl + wheel zooms at the pointer', async () => {
  const { page, errors, ctx } = await openPlayground(env, '');
  await page.setViewportSize({ width: 1440, height: 900 });
  await setText(page, manifest(60, 8, 4));
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=graph] [data-kind=service]').length === 60);
  // The opening view: the full width from the top, part of the Services.
  const opening = await servicesInView(page);
  assert.equal(opening.drawn, 60);
  assert.ok(opening.inside < 60, `the opening view shows a readable part: ${opening.inside}`);
  assert.ok(opening.svgHeight > 300, `the graph fills its pane: ${opening.svgHeight}px`);
  // The wheel pans down.
  const [, y0] = await viewBox(page);
  const svg = page.locator('[data-testid=graph]');
  await svg.hover();
  await page.mouse.wheel(0, 400);
  await page.waitForFunction((y) => Number(document.querySelector('[data-testid=graph]').getAttribute('viewBox').split(' ')[1]) > y, y0);
  // Fit: every Service inside the pane.
  await page.getByTestId('fit').click();
  await page.waitForFunction(() => {
    const svg = document.querySelector('[data-testid=graph]').getBoundingClientRect();
    return [...document.querySelectorAll('[data-testid=graph] [data-kind=service]')].every((g) => {
      const r = g.getBoundingClientRect();
      return r.top >= svg.top - 1 && r.bottom <= svg.bottom + 1 && r.left >= svg.left - 1 && r.right <= svg.right + 1;
    });
  });
  assert.equal((await servicesInView(page)).inside, 60);
  // Ctrl + wheel zooms in around the pointer: the point under it stays put.
  const target = page.locator('[data-kind=service][data-name="team-0/app-0"]');
  const before = await target.boundingBox();
  await page.mouse.move(before.x + 5, before.y + 5);
  const [, , w1] = await viewBox(page);
  await page.keyboard.down('Control');
  await page.mouse.wheel(0, -200);
  await page.keyboard.up('Control');
  await page.waitForFunction((w) => Number(document.querySelector('[data-testid=graph]').getAttribute('viewBox').split(' ')[2]) < w, w1);
  const after = await target.boundingBox();
  assert.ok(after.width > before.width, 'zoomed in');
  assert.ok(Math.abs(after.x - before.x) < 6 && Math.abs(after.y - before.y) < 6, `the point under the pointer stays: ${JSON.stringify([before, after])}`);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('a name longer than its box is shortened inside it, whole in the tooltip', async () => {
  const { page, errors, ctx } = await openPlayground(env, '');
  const name = 'payments-reconciliation-worker-7d9f8b6c5d-x2x4q';
  await setText(page, `apiVersion: v1\nkind: Service\nmetadata: {name: pay}\nspec: {selector: {app: pay}, ports: [{port: 80}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, labels: {app: pay}}\n`);
  const pod = page.locator(`[data-kind=pod][data-name="default/${name}"]`);
  await pod.waitFor();
  const box = await pod.locator('rect').boundingBox();
  for (const t of await pod.locator('text').all()) {
    const r = await t.boundingBox();
    assert.ok(r.x + r.width <= box.x + box.width + 0.5, `${await t.textContent()} stays in its box`);
  }
  const label = await pod.locator('.graph__label').textContent();
  assert.match(label, /^payments.*….*x2x4q$/);
  await pod.hover();
  assert.match(await page.getByTestId('graph-tip').textContent(), new RegExp(name));
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('an empty editor invites; a text that reads as nothing but errors keeps the last graph, dimmed, with the error on top', async () => {
  const { page, errors, ctx } = await openPlayground(env, '');
  const services = page.locator('[data-testid=graph] [data-kind=service]');
  const before = await services.count();
  assert.ok(before > 0);
  // Nothing but errors: the last graph stays, dimmed, the first error says where.
  await setText(page, 'apiVersion: v1\nkind: Service\nmetadata: {name: [\n');
  const stale = page.getByTestId('graph-stale');
  await stale.waitFor();
  assert.match(await stale.innerText(), /^Line \d+, column \d+: /);
  assert.equal(await services.count(), before, 'the last graph is kept');
  assert.equal(await page.locator('.graph-view--stale').count(), 1);
  // Empty: an invitation, and its button opens an example.
  await setText(page, '  \n');
  const empty = page.getByTestId('graph-empty');
  await empty.waitFor();
  assert.match(await empty.innerText(), /Paste YAML, drop a file, or pick an example/);
  await empty.getByRole('button').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=graph] [data-kind=service]').length > 0);
  assert.equal(await empty.count(), 0);
  assert.equal(await stale.count(), 0);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('Route from a node or zone: the edges kube-proxy there uses, the ones it skips and why, and the Services that drop the traffic', async () => {
  const { page, errors, ctx } = await openPlayground(env, '#example/local-loadbalancer');
  const edge = (pod) => page.locator(`.graph__edge-group:has([data-from="default/ingress"][data-to="default/${pod}"])`);
  const service = page.locator('[data-kind=service][data-name="default/ingress"]');
  await service.waitFor();
  // externalTrafficPolicy: Local, from outside, arriving on node-3 (no pod there): dropped.
  await page.getByTestId('vantage').selectOption('node/node-3');
  await page.getByTestId('vantage-external').check();
  await page.waitForFunction(() => document.querySelector('[data-kind=service][data-name="default/ingress"]').classList.contains('is-dropped'));
  for (const pod of ['ingress-1', 'ingress-2']) assert.match(await edge(pod).getAttribute('class'), /is-skipped/);
  assert.match(await page.getByTestId('vantage-summary').textContent(), /node-3 · zone-c: 1 of 1 Service drops the traffic/);
  // (its port label lies over the path's middle, where a pointer would go)
  await edge('ingress-2').locator('path').dispatchEvent('pointerover', { clientX: 10, clientY: 10 });
  assert.match(await page.getByTestId('graph-tip').textContent(), /skipped: on node-2, not on node-3 \(externalTrafficPolicy: Local\)/);
  // Arriving on node-1: only its own pod.
  await page.getByTestId('vantage').selectOption('node/node-1');
  await page.waitForFunction(() => !document.querySelector('[data-kind=service][data-name="default/ingress"]').classList.contains('is-dropped'));
  assert.match(await edge('ingress-1').getAttribute('class'), /is-routed/);
  assert.match(await edge('ingress-2').getAttribute('class'), /is-skipped/);
  // In-cluster traffic follows internalTrafficPolicy (Cluster): both pods, from anywhere.
  await page.getByTestId('vantage-external').uncheck();
  await page.waitForFunction(() => document.querySelectorAll('.graph__edge-group.is-routed').length === 2);
  // No vantage point: nothing is marked.
  await page.getByTestId('vantage').selectOption('');
  await page.waitForFunction(() => document.querySelectorAll('.graph__edge-group.is-routed, .graph__edge-group.is-skipped').length === 0);

  // PreferClose: the zone keeps its own endpoints; the zone without a pod uses them all.
  await page.goto(`${env.server.url}#example/zone-aware`);
  await page.locator('[data-kind=service][data-name="default/catalog"]').waitFor();
  const options = await page.getByTestId('vantage').locator('option').evaluateAll((o) => o.map((x) => x.value));
  assert.deepEqual(options, ['', 'node/node-a', 'node/node-b', 'node/node-c', 'zone/us-east-1a', 'zone/us-east-1b', 'zone/us-east-1c']);
  await page.getByTestId('vantage').selectOption('zone/us-east-1b');
  await page.waitForFunction(() => document.querySelectorAll('.graph__edge-group.is-routed').length === 1);
  const routed = await page.locator('.graph__edge-group.is-routed path').getAttribute('data-to');
  assert.equal(routed, 'default/catalog-3');
  await page.getByTestId('vantage').selectOption('zone/us-east-1c');
  await page.waitForFunction(() => document.querySelectorAll('.graph__edge-group.is-routed').length === 3);
  assert.deepEqual(errors, []);
  await ctx.close();
});
