// End-to-end: the graph scales. At 1440×900, Fit shows 60 Services (and
// their 480 pods, written or dumped) with readable names; 500 Services and
// 5 000 pods stay navigable; keys, focus mode, the filter, the selector's
// dimming, the minimap, export, tooltips and arrow keys between nodes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { useServerAndBrowser, openPlayground, setEditorText } from './support.mjs';

const env = useServerAndBrowser();

/**
 * `services` Services in `namespaces` namespaces, each selecting the
 * `replicas` pods of a Deployment: written as Deployments (simulated pods),
 * or `dump`, as `kubectl get services,pods -o yaml` prints them — pods named
 * `<replicaset>-<suffix>`, with the ReplicaSet's `pod-template-hash` and an
 * `ownerReferences` entry naming it.
 */
function fleet(services, replicas, namespaces, dump = false) {
  let out = '';
  for (let i = 0; i < services; i++) {
    const ns = `team-${i % namespaces}`;
    const app = `app-${i}`;
    out += `---\napiVersion: v1\nkind: Service\nmetadata: {name: ${app}, namespace: ${ns}}\nspec:\n  selector: {app: ${app}}\n  ports: [{name: http, port: 80, targetPort: http}]\n`;
    if (!dump) {
      out += `---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${app}, namespace: ${ns}}\nspec:\n  replicas: ${replicas}\n  selector: {matchLabels: {app: ${app}}}\n  template:\n    metadata: {labels: {app: ${app}}}\n    spec: {containers: [{name: main, ports: [{name: http, containerPort: 8080}]}]}\n`;
      continue;
    }
    const hash = `${(0x5a0 + i).toString(16)}c7d9`;
    for (let r = 0; r < replicas; r++) {
      out += `---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: ${app}-${hash}-x${String(r).padStart(3, '0')}\n  namespace: ${ns}\n  labels: {app: ${app}, pod-template-hash: ${hash}}\n  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: ${app}-${hash}, uid: u${i}, controller: true}]\nspec: {containers: [{name: main, ports: [{name: http, containerPort: 8080}]}]}\nstatus:\n  phase: Running\n  podIP: 10.${Math.floor(i / 250)}.${i % 250}.${r + 1}\n  conditions: [{type: Ready, status: "True"}]\n`;
    }
  }
  return out;
}

const serviceCount = (page) => page.locator('[data-testid=graph] [data-kind=service]').count();

/** Opens the playground at 1440×900 with `text`, once `services` Service nodes are drawn. */
async function openWith(text, services) {
  const opened = await openPlayground(env, '');
  await opened.page.setViewportSize({ width: 1440, height: 900 });
  await setEditorText(opened.page, text);
  await opened.page.waitForFunction((n) => document.querySelectorAll('[data-testid=graph] [data-kind=service]').length === n, services, { timeout: 60000 });
  return opened;
}

/**
 * Every Service drawn: whether it is inside the graph's box on screen, and
 * the size its name is drawn at on screen, in px (its font size times the
 * drawing's scale).
 */
function servicesOnScreen(page) {
  return page.evaluate(() => {
    const svg = document.querySelector('[data-testid=graph]');
    const box = svg.getBoundingClientRect();
    return [...svg.querySelectorAll('[data-kind=service]')].map((g) => {
      const r = g.getBoundingClientRect();
      const label = g.querySelector('.graph__label');
      const px = parseFloat(getComputedStyle(label).fontSize) * label.getScreenCTM().a;
      const inside = r.left >= box.left - 1 && r.right <= box.right + 1 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
      return { name: g.dataset.name, inside, px };
    });
  });
}

/**
 * Milliseconds from dispatching `event` (built in the page by `make`, on the
 * element `selector`) until the next frame is painted, measured in the page.
 */
function frameAfter(page, selector, make) {
  return page.evaluate(([selector, make]) => new Promise((resolve) => {
    const el = document.querySelector(selector);
    const r = el.getBoundingClientRect();
    const event = new Function('r', `return ${make}`)(r);
    const t0 = performance.now();
    el.dispatchEvent(event);
    requestAnimationFrame(() => setTimeout(() => resolve(Math.round(performance.now() - t0)), 0));
  }), [selector, make]);
}

// Readable: 9 px is the smallest size UI text is set in (chart axis labels,
// map labels); below it letters blur together on a standard-density screen.
const READABLE_PX = 9;

for (const [label, text] of [
  ['60 Deployments of 8 pods in 4 namespaces', fleet(60, 8, 4)],
  ['the same as a dump: pods owned by ReplicaSets', fleet(60, 8, 4, true)],
]) {
  test(`Fit shows all 60 Services with readable names at 1440×900: ${label}`, async () => {
    const { page, errors, ctx } = await openWith(text, 60);
    await page.getByTestId('fit').click();
    await page.waitForTimeout(100);
    const services = await servicesOnScreen(page);
    assert.equal(services.length, 60);
    const outside = services.filter((s) => !s.inside).map((s) => s.name);
    assert.deepEqual(outside, [], 'every Service inside the graph box');
    const smallest = Math.min(...services.map((s) => s.px));
    console.log(`# ${label}: names drawn at ${smallest.toFixed(1)} px once fitted`);
    assert.ok(smallest >= READABLE_PX, `names at ${smallest.toFixed(1)} px`);
    // Each Deployment's pods are one node: 8 pods · 8/8 ready.
    const groups = page.locator('[data-testid=graph] [data-kind=pod-group]');
    assert.equal(await groups.count(), 60);
    assert.match(await groups.first().locator('.graph__detail').textContent(), /^8 pods · 8\/8 ready$/);
    // Pill texts stay inside their pills.
    const overflow = await page.evaluate(() =>
      [...document.querySelectorAll('[data-testid=graph] [data-kind=port], [data-testid=graph] [data-kind=service], [data-testid=graph] [data-kind=pod-group]')].filter((g) => {
        const r = g.querySelector('rect').getBoundingClientRect();
        return [...g.querySelectorAll('text')].some((t) => t.getBoundingClientRect().right > r.right + 0.5);
      }).length,
    );
    assert.equal(overflow, 0, 'no text overflows its box');
    assert.deepEqual(errors, []);
    await ctx.close();
  });
}

test('500 Services and 5 000 pods: Fit, zoom and pan each take about a frame', { timeout: 240000 }, async () => {
  const { page, errors, ctx } = await openWith(fleet(500, 10, 20), 500);
  const fit = await frameAfter(page, '[data-testid=fit]', "new MouseEvent('click', { bubbles: true })");
  const at = "{ bubbles: true, cancelable: true, clientX: r.left + r.width / 2, clientY: r.top + r.height / 2, deltaY: -300, ctrlKey: true }";
  const zoom = await frameAfter(page, '[data-testid=graph]', `new WheelEvent('wheel', ${at})`);
  const pan = await frameAfter(page, '[data-testid=graph]', `new WheelEvent('wheel', ${at.replace('ctrlKey: true', 'ctrlKey: false').replace('-300', '300')})`);
  console.log(`# 500 Services / 5 000 pods: Fit ${fit} ms, zoom ${zoom} ms, pan ${pan} ms (in the page, to the next frame)`);
  for (const [what, ms] of [['Fit', fit], ['zoom', zoom], ['pan', pan]]) {
    assert.ok(ms < 500, `${what} took ${ms} ms`);
  }
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('keys zoom and fit, arrows pan; the minimap shows beyond one screen and moves the view', async () => {
  const { page, errors, ctx } = await openWith(fleet(60, 8, 4), 60);
  const svg = page.locator('[data-testid=graph]');
  const viewBox = () => svg.getAttribute('viewBox').then((v) => v.split(' ').map(Number));
  await svg.focus();
  await page.keyboard.press('f');
  const fitted = await viewBox();
  assert.equal(await page.getByTestId('minimap').count(), 0, 'no minimap when everything is in view');
  await page.keyboard.press('+');
  const zoomed = await viewBox();
  assert.ok(zoomed[2] < fitted[2], 'zoomed in');
  await page.getByTestId('minimap').waitFor();
  await page.keyboard.press('ArrowRight');
  const panned = await viewBox();
  assert.ok(panned[0] > zoomed[0], 'panned right');
  await page.keyboard.press('-');
  assert.ok((await viewBox())[2] > panned[2], 'zoomed out');
  await page.keyboard.press('0');
  const actual = await viewBox();
  const graphBox = await svg.boundingBox();
  assert.ok(Math.abs(actual[2] - graphBox.width) < 2, `100 %: ${actual[2]} units on ${graphBox.width} px`);
  // A click on the minimap's far corner moves the view there.
  const map = await page.getByTestId('minimap').boundingBox();
  await page.mouse.click(map.x + map.width - 3, map.y + map.height - 3);
  const moved = await viewBox();
  assert.ok(moved[0] > actual[0] && moved[1] > actual[1], `moved: ${actual} -> ${moved}`);
  await page.getByTestId('fit').click();
  await page.getByTestId('minimap').waitFor({ state: 'detached' });
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('focus mode shows a Service\'s neighbourhood, fitted; Esc and the chip show all', async () => {
  const { page, errors, ctx } = await openWith(fleet(60, 8, 4), 60);
  const visible = (kind) => page.locator(`[data-testid=graph] [data-kind=${kind}]:not(.is-hidden)`).count();
  await page.locator('[data-kind=service][data-name="team-1/app-5"]').click({ modifiers: ['Shift'] });
  await page.getByTestId('show-all').waitFor();
  assert.equal(await visible('service'), 1);
  assert.equal(await visible('pod-group'), 1);
  const group = page.locator('[data-kind=pod-group]:not(.is-hidden)');
  assert.equal(await group.getAttribute('data-name'), 'team-1/deployment/app-5');
  // Fitted: the Service fills much of the view.
  const svcBox = await page.locator('[data-kind=service][data-name="team-1/app-5"] rect').boundingBox();
  assert.ok(svcBox.width > 180, `fitted to the neighbourhood: ${svcBox.width}px wide`);
  await page.keyboard.press('Escape');
  await page.getByTestId('show-all').waitFor({ state: 'detached' });
  assert.equal(await visible('service'), 60);
  // Keyboard: Shift+Enter on a focused Service; the chip leaves.
  await page.locator('[data-kind=service][data-name="team-0/app-0"]').focus();
  await page.keyboard.press('Shift+Enter');
  await page.getByTestId('show-all').waitFor();
  assert.equal(await visible('service'), 1);
  await page.getByTestId('show-all').click();
  assert.equal(await visible('service'), 60);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('the filter hides namespaces and kinds; the selector dims what it does not match', async () => {
  const { page, errors, ctx } = await openWith(fleet(60, 8, 4), 60);
  await page.getByTestId('graph-filter-button').click();
  await page.getByTestId('filter-namespace').first().uncheck();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=graph] [data-kind=service]').length === 45);
  assert.equal(await page.locator('[data-kind=service][data-name^="team-0/"]').count(), 0);
  await page.getByTestId('filter-pods').uncheck();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=graph] [data-kind=pod-group]').length === 0);
  assert.equal(await serviceCount(page), 45);
  assert.match(await page.getByTestId('graph-filter-button').textContent(), /2 hidden/);
  await page.getByTestId('filter-pods').check();
  await page.getByTestId('filter-namespace').first().check();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=graph] [data-kind=service]').length === 60);
  // The selector: what it does not match is dimmed, what it matches is not.
  await page.getByTestId('query').fill('app in (app-1,app-2)');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=graph] .is-unmatched').length === 58);
  assert.equal(await page.locator('[data-kind=pod-group][data-name="team-1/deployment/app-1"].is-unmatched').count(), 0);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('the graph exports as a standalone SVG and as a PNG', async () => {
  const { page, errors, ctx } = await openWith(fleet(60, 8, 4), 60);
  const [svgFile] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-svg').click()]);
  assert.equal(svgFile.suggestedFilename(), 'svcmap-graph.svg');
  const svg = await readFile(await svgFile.path(), 'utf8');
  const parsed = await page.evaluate((t) => {
    const doc = new DOMParser().parseFromString(t, 'image/svg+xml');
    return {
      error: doc.querySelector('parsererror')?.textContent ?? null,
      root: doc.documentElement.localName,
      names: [...doc.querySelectorAll('text')].map((t) => t.textContent),
      styled: doc.querySelectorAll('[style*="fill"]').length,
      classes: doc.querySelectorAll('[class]').length,
    };
  }, svg);
  assert.equal(parsed.error, null);
  assert.equal(parsed.root, 'svg');
  for (let i = 0; i < 60; i++) assert.ok(parsed.names.includes(`app-${i}`), `app-${i} in the SVG`);
  assert.ok(parsed.styled > 100, 'styles inlined');
  assert.equal(parsed.classes, 0, 'standalone: no class needs the page stylesheet');
  const [pngFile] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-png').click()]);
  assert.equal(pngFile.suggestedFilename(), 'svcmap-graph.png');
  const png = await readFile(await pngFile.path());
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  console.log(`# PNG export: ${width}×${height}, ${png.length} bytes`);
  assert.ok(width > 1500 && height > 1000 && png.length > 20000, `a plausible size: ${width}×${height}, ${png.length} bytes`);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('tooltips appear at once on hover and on keyboard focus; arrows move between nodes', async () => {
  const { page, errors, ctx } = await openWith(fleet(6, 2, 2), 6);
  assert.equal(await page.locator('[data-testid=graph] title, [data-testid=graph] [title]').count(), 0, 'no title tooltips');
  const tip = page.getByTestId('graph-tip');
  await page.locator('[data-kind=service][data-name="team-0/app-0"]').hover();
  assert.match(await tip.textContent(), /^Service team-0\/app-0\nselector: app=app-0/);
  // Keyboard: focus shows the tooltip; arrows move to the nearest node that way.
  const svc = page.locator('[data-kind=service][data-name="team-0/app-2"]');
  await svc.focus();
  assert.match(await tip.textContent(), /^Service team-0\/app-2/);
  await page.keyboard.press('ArrowRight');
  const focused = () => page.evaluate(() => document.activeElement?.dataset?.name ?? null);
  assert.match(await focused(), /^team-0\/app-2[-:]/, 'right of the Service: its port or pods');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowUp');
  assert.equal(await focused(), 'team-0/app-0', 'up: the Service above');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('[data-kind=service][data-name="team-0/app-0"]').classList.contains('is-selected'));
  const ring = await page.evaluate(() => getComputedStyle(document.activeElement.querySelector('rect')).strokeWidth);
  assert.ok(parseFloat(ring) >= 3, `a visible focus ring: ${ring}`);
  assert.deepEqual(errors, []);
  await ctx.close();
});
