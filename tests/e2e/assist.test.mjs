// End-to-end: completion and hover in the editor, driven by the engine. The
// fields a Service's spec takes, a targetPort from the ports of the pods the
// Service selects, the kinds svcmap reads, the pods a selector matches on
// hover, a completion chosen with the keyboard alone, and the time of one
// request on the 5 000-pod manifest. SVCMAP_SHOTS=dir saves screenshots of
// the completion list and the hover, light and dark.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { editorText, focusEditor, openPlayground, setEditorText, typeInEditor, useServerAndBrowser } from './support.mjs';

const ENFORCE = process.env.SVCMAP_PERF_FLOORS !== '0';
const SHOTS = process.env.SVCMAP_SHOTS;
const env = useServerAndBrowser();

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: main
        image: nginx
        ports:
        - name: http
          containerPort: 8080
        - name: metrics
          containerPort: 9090
`;
const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 80
    targetPort: 8080
`;

/** The labels of the completion list, once it shows. */
async function completionLabels(page) {
  const list = page.locator('.cm-tooltip-autocomplete');
  await list.waitFor();
  return list.locator('.cm-completionLabel').allTextContents();
}

test('typing in a Service\'s spec offers its fields; Ctrl+Space on an empty line offers them all', async () => {
  const { page, errors, ctx } = await openPlayground(env, '');
  await setEditorText(page, `${DEPLOYMENT}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n`);
  await typeInEditor(page, (await editorText(page)).length, '  p');
  const typed = await completionLabels(page);
  for (const want of ['ports', 'publishNotReadyAddresses']) assert.ok(typed.includes(want), `${want} in ${typed}`);
  assert.ok(!typed.includes('replicas'), 'a Deployment field is not offered');
  // Ctrl+Space on an empty line: every field of a ServiceSpec.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Control+Space');
  const all = await completionLabels(page);
  for (const want of ['type', 'selector', 'ports', 'clusterIP']) assert.ok(all.includes(want), `${want} in ${all}`);
  // Each option says its type; the selected one shows its meaning beside the list.
  await page.locator('.cm-completionInfo').waitFor();
  assert.match(await page.locator('.cm-completionInfo').textContent(), /\w+/);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('targetPort offers the port names of the pods the Service selects; kind offers the kinds', async () => {
  const { page, errors, ctx } = await openPlayground(env, '');
  await setEditorText(page, `${DEPLOYMENT}---\n${SERVICE}`);
  await page.waitForSelector('[data-testid=graph] [data-kind=service]');
  const text = await editorText(page);
  const at = text.indexOf('targetPort: 8080') + 'targetPort:'.length;
  await typeInEditor(page, at, ' ', ' 8080'.length);
  const ports = await completionLabels(page);
  assert.deepEqual(ports.slice(0, 4), ['http', 'metrics', '8080', '9090']);
  await page.keyboard.press('Escape');

  await setEditorText(page, 'apiVersion: v1\nkind:');
  await typeInEditor(page, 'kind:', ' ');
  const kinds = await completionLabels(page);
  for (const want of ['Pod', 'Service', 'Deployment', 'StatefulSet', 'EndpointSlice']) assert.ok(kinds.includes(want), `${want} in ${kinds}`);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('in a large kubectl List, completion reads the item around the cursor', async () => {
  const { page, errors, ctx } = await openPlayground(env, '');
  // 200 pods as `kubectl get -o yaml` prints them (items at the line start),
  // then a Service: about 150 KB, so a request reads a window of the text.
  let text = 'apiVersion: v1\nitems:\n';
  for (let i = 0; i < 200; i++) {
    text += `- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: web-${i}\n    namespace: default\n    labels:\n      app: web\n    annotations:\n      note: "${'x'.repeat(500)}"\n  spec:\n    containers:\n    - name: main\n      image: nginx\n`;
  }
  text += '- apiVersion: v1\n  kind: Service\n  metadata:\n    name: web\n  spec:\n    type: ClusterIP\n';
  const mid = text.indexOf('    name: web-150\n');
  text += 'kind: List\nmetadata:\n  resourceVersion: ""\n';
  await setEditorText(page, text);
  await page.waitForSelector('[data-testid=graph] [data-kind=service]');
  // The Service's spec, 150 KB into the text.
  await typeInEditor(page, text.indexOf('    type: ClusterIP\n') + '    type: ClusterIP\n'.length, '    p');
  const service = await completionLabels(page);
  assert.ok(service.includes('ports'), `ports in ${service}`);
  assert.ok(!service.includes('containers'), `no pod field in ${service}`);
  await page.keyboard.press('Escape');
  // A pod's spec in the middle of the List.
  const at = (await editorText(page)).indexOf('  spec:\n', mid) + '  spec:\n'.length;
  await typeInEditor(page, at, '    n');
  const pod = await completionLabels(page);
  assert.ok(pod.includes('nodeName'), `nodeName in ${pod}`);
  assert.ok(!pod.includes('ports'), `no Service field in ${pod}`);
  assert.deepEqual(errors, []);
  await ctx.close();
});

/** Moves the mouse over the `n`-th character of `needle` in the editor's text. */
async function hoverText(page, needle, last = true) {
  const box = await page.evaluate(([needle, last]) => {
    const view = window.svcmapEditor.view();
    const doc = view.state.doc.toString();
    const at = (last ? doc.lastIndexOf(needle) : doc.indexOf(needle)) + 2;
    view.dispatch({ effects: [], scrollIntoView: false });
    const c = view.coordsAtPos(at);
    return c && { x: (c.left + c.right) / 2, y: (c.top + c.bottom) / 2 };
  }, [needle, last]);
  assert.ok(box, `${needle} is in view`);
  await page.mouse.move(box.x, box.y);
}

test('hovering a selector shows the pods it matches; hovering a field, its meaning', async () => {
  const { page, errors, ctx } = await openPlayground(env, '');
  await setEditorText(page, `${DEPLOYMENT}---\n${SERVICE}`);
  await page.waitForSelector('[data-testid=graph] [data-kind=service]');
  await hoverText(page, 'selector:');
  const hover = page.locator('[data-testid=editor-hover]');
  await hover.waitFor();
  const lines = await hover.locator('div').allTextContents();
  assert.match(lines[0], /^selector \(map of labels\): /);
  assert.match(lines[1], /^Matches 2 pods: web-/);
  await page.mouse.move(5, 5);
  await hover.waitFor({ state: 'detached' });
  await hoverText(page, 'replicas:', false);
  await hover.waitFor();
  assert.match(await hover.textContent(), /replicas \(integer\): Number of desired pods/);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('the keyboard alone: Ctrl+Space, arrows and Enter insert a completion', async () => {
  const { page, errors, ctx } = await openPlayground(env, '');
  const start = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ';
  await setEditorText(page, start);
  await focusEditor(page, start.length);
  await page.keyboard.press('Control+Space');
  const labels = await completionLabels(page);
  // CodeMirror ignores keys in the first 75 ms of a list (its
  // `interactionDelay`, against choosing by accident): a person's pace.
  await page.waitForTimeout(150);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  // The second field of a ServiceSpec (core/v1 types.go order): selector, a map.
  assert.equal(labels[1], 'selector');
  assert.equal(await editorText(page), `${start}selector:\n    `);
  // Typing on: the selector's keys are the pods' label keys (none here but
  // the Service's own labels: none), and Enter after a typed value makes a new line.
  await page.keyboard.type('app: web');
  await page.keyboard.press('Enter');
  assert.equal(await editorText(page), `${start}selector:\n    app: web\n    `);
  assert.deepEqual(errors, []);
  await ctx.close();
});

/** `services` Services, each with a Deployment of `replicas` pods (as perf.test.mjs builds it). */
function manifest(services, replicas, namespaces) {
  let out = '';
  for (let i = 0; i < services; i++) {
    const ns = `team-${i % namespaces}`;
    out += `---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-${i}\n  namespace: ${ns}\nspec:\n  replicas: ${replicas}\n  selector:\n    matchLabels: {app: app-${i}}\n  template:\n    metadata:\n      labels: {app: app-${i}, tier: web}\n    spec:\n      containers:\n        - name: main\n          ports: [{name: http, containerPort: 8080}]\n`;
    out += `---\napiVersion: v1\nkind: Service\nmetadata:\n  name: app-${i}\n  namespace: ${ns}\nspec:\n  selector:\n    app: app-${i}\n  ports:\n    - name: http\n      port: 80\n      targetPort: http\n`;
  }
  return out;
}

test('one completion or hover request on the 5 000-pod manifest: median < 5 ms', async () => {
  const { page, errors, ctx } = await openPlayground(env, '');
  await page.evaluate((t) => window.svcmapEditor.setText(t), manifest(500, 10, 5));
  await page.waitForFunction(() => document.querySelectorAll('[data-kind=service]').length === 500, null, { timeout: 60000 });
  const times = await page.evaluate(() => {
    const assist = window.svcmapEditor.assist();
    const view = window.svcmapEditor.view();
    const out = { complete: [], hover: [], labels: '' };
    for (let i = 0; i < 21; i++) {
      // The engine alone, given the whole text (the editor gives it only
      // the cursor's document, see entry.js): the worst case.
      let t0 = performance.now();
      const doc = view.state.doc.toString();
      const at = doc.lastIndexOf('targetPort: ') + 'targetPort: '.length;
      const json = assist.complete(doc, at);
      out.complete.push(performance.now() - t0);
      out.labels = JSON.parse(json).options.map((o) => o.label).join(',');
      t0 = performance.now();
      const d2 = view.state.doc.toString();
      assist.hover(d2, d2.lastIndexOf('selector:') + 2);
      out.hover.push(performance.now() - t0);
    }
    return out;
  });
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const [c, h] = [median(times.complete), median(times.hover)];
  console.log(`5 000 pods: completion ${c.toFixed(2)} ms, hover ${h.toFixed(2)} ms (median of 21)`);
  assert.equal(times.labels, 'http,8080');
  if (ENFORCE) {
    assert.ok(c < 5, `completion ${c} ms`);
    assert.ok(h < 5, `hover ${h} ms`);
  }
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('screenshots of the completion list and the hover, light and dark', { skip: !SHOTS }, async () => {
  for (const scheme of ['light', 'dark']) {
    const ctx = await env.browser.newContext({ viewport: { width: 1400, height: 900 }, colorScheme: scheme });
    const page = await ctx.newPage();
    await page.goto(env.server.url);
    await page.waitForSelector('[data-testid=graph] [data-kind]');
    await page.waitForFunction(() => window.svcmapEditor?.ready());
    await setEditorText(page, `${DEPLOYMENT}---\n${SERVICE}`);
    await page.waitForSelector('[data-testid=graph] [data-kind=service]');
    const text = await editorText(page);
    await typeInEditor(page, text.indexOf('targetPort: 8080') + 'targetPort:'.length, ' ', ' 8080'.length);
    await completionLabels(page);
    await page.locator('.cm-completionInfo').waitFor();
    await page.screenshot({ path: path.join(SHOTS, `completion-${scheme}.png`) });
    // The README's picture: the Service's lines, the list and its info.
    await page.screenshot({ path: path.join(SHOTS, `completion-${scheme}-clip.png`), clip: { x: 0, y: 530, width: 860, height: 290 } });
    await page.keyboard.press('Escape');
    await hoverText(page, 'selector:');
    await page.locator('[data-testid=editor-hover]').waitFor();
    await page.screenshot({ path: path.join(SHOTS, `hover-${scheme}.png`) });
    await ctx.close();
  }
});
