// End-to-end: the rollout stepper. The engine's steps drive the graph and the
// Endpoints tab; the text is never changed; editing it ends the simulation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { editorReady, editorText, focusEditor, openPlayground, setEditorText, typeInEditor, useServerAndBrowser } from './support.mjs';

const env = useServerAndBrowser();

const open = (hash) => openPlayground(env, hash);

const edges = (page, state) =>
  page.locator(`[data-testid=graph] [data-kind=edge][data-from="default/web"][data-state=${state}]`).count();
const stepText = (page) => page.locator('[data-testid=rollout-step]').innerText();
const stepIs = (page, n) =>
  page.waitForFunction((n) => {
    const el = document.querySelector('[data-testid=rollout-step]');
    return el && el.textContent.startsWith(`Step ${n} of`);
  }, n);

test('a restart steps through new pods starting and old ones terminating; graph and Endpoints follow; the text stays', async () => {
  const { page, errors, ctx } = await open('#example/deployment-service');
  const original = await editorText(page);
  // Three ready Deployment pods, a not-ready canary and a terminating old pod.
  assert.equal(await edges(page, 'ready'), 3);
  await page.click('[data-kind=service][data-name="default/web"]');
  const start = page.locator('[data-testid=rollout-start]');
  assert.equal(await start.innerText(), 'Restart deployment/web (rollout)');
  await start.click();
  await stepIs(page, 0);
  assert.match(await stepText(page), /^Step 0 of \d+: Before: 3 pods of ReplicaSet web-\w+, 3 ready$/);
  const head = await page.locator('[data-testid=rollout]').innerText();
  // 3 replicas, default 25%: maxSurge rounds up to 1, maxUnavailable down to 0.
  assert.match(head, /3 pods · RollingUpdate, maxSurge 1, maxUnavailable 0 · ReplicaSet (web-\w+) → (web-\w+)/);
  const [, oldRs, newRs] = head.match(/ReplicaSet (web-\w+) → (web-\w+)/);
  assert.notEqual(oldRs, newRs);

  // Step 1: one new pod starting (not ready), nothing removed yet.
  await page.click('[data-testid=rollout-next]');
  await stepIs(page, 1);
  assert.match(await stepText(page), new RegExp(`scales ReplicaSet ${newRs} up to 1 \\(1 pod starting\\)`));
  assert.equal(await page.locator(`[data-kind=pod][data-name^="default/${newRs}-"]`).count(), 1);
  assert.equal(await edges(page, 'ready'), 3);
  assert.equal(await edges(page, 'not-ready'), 2); // the canary and the new pod
  await page.click('[data-testid=tab-endpoints]');
  const yaml = await page.locator('[data-testid=endpoints-yaml]').innerText();
  const notReady = yaml.slice(yaml.indexOf('notReadyAddresses'));
  assert.match(notReady, new RegExp(`name: ${newRs}-`));

  // Jump along the timeline to the first step with a terminating old pod.
  const terminatingStep = await page.evaluate((oldRs) => {
    const cells = [...document.querySelectorAll('[data-testid=rollout-timeline] tr:nth-child(2) td')];
    return cells.findIndex((td, i) => i > 0 && td.textContent.split('/')[0] < cells[i - 1].textContent.split('/')[0]);
  }, oldRs);
  assert.ok(terminatingStep > 1, `a step where old pods go: ${terminatingStep}`);
  await page.click(`[data-testid=rollout-timeline] td[data-arg="${terminatingStep}"] >> nth=0`);
  await stepIs(page, terminatingStep);
  assert.ok((await edges(page, 'terminating')) >= 2, 'web-old and an old Deployment pod are terminating');
  const slices = page.locator('[data-testid=tab-slices]');
  await slices.click();
  assert.match(await page.locator('[data-testid=slices-yaml]').innerText(), /terminating: true/);

  // The last step: every Deployment pod is new and ready.
  await page.click('[data-testid=rollout-last]');
  await page.waitForFunction(() => /the rollout is complete/.test(document.querySelector('[data-testid=rollout-step]').textContent));
  assert.equal(await page.locator(`[data-kind=pod][data-name^="default/${oldRs}-"]`).count(), 0);
  assert.equal(await page.locator(`[data-kind=pod][data-name^="default/${newRs}-"]`).count(), 3);
  assert.equal(await edges(page, 'ready'), 3);

  // Play from the start: the steps advance by themselves; pause stops them.
  await page.click('[data-testid=rollout-first]');
  await stepIs(page, 0);
  await page.click('[data-testid=rollout-play]');
  await stepIs(page, 2);
  await page.click('[data-testid=rollout-play]');
  const paused = await stepText(page);
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(await stepText(page), paused);

  // Never a change of the text; closing goes back to the text's pods.
  assert.equal(await editorText(page), original);
  await page.click('[data-testid=rollout-close]');
  await page.waitForFunction(() => !document.querySelector('[data-testid=rollout-step]'));
  assert.equal(await page.locator(`[data-kind=pod][data-name^="default/${oldRs}-"]`).count(), 3);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('a Recreate rollout warns that the Service loses every endpoint; editing the template then rolls out the edit', async () => {
  const { page, errors, ctx } = await open('#example/deployment-service');
  // Switch the Deployment to Recreate: the page remembers the Deployment as first seen.
  const text = (await editorText(page)).replace('  replicas: 3\n', '  replicas: 3\n  strategy: {type: Recreate}\n');
  await setEditorText(page, text);
  await page.click('[data-kind=service][data-name="default/web"]');
  await page.click('[data-testid=rollout-start]');
  await stepIs(page, 0);
  const alert = page.locator('.rollout__outage');
  assert.match(await alert.innerText(), /Service default\/web has no ready endpoint from step 1/);
  assert.ok((await page.locator('[data-testid=rollout-timeline] .rollout__cell--zero').count()) >= 3);
  await page.click('[data-testid=rollout-next]');
  await stepIs(page, 1);
  assert.equal(await edges(page, 'ready'), 0);

  // Typing ends the simulation; an edited template rolls out as an edit.
  await setEditorText(page, text.replace('image: nginx:1.27', 'image: nginx:1.28'));
  await page.waitForFunction(() => !document.querySelector('[data-testid=rollout-step]'));
  await page.click('[data-kind=service][data-name="default/web"]');
  const start = page.locator('[data-testid=rollout-start]');
  assert.equal(await start.innerText(), 'Roll out deployment/web (template edited)');
  await start.click();
  await stepIs(page, 0);
  assert.match(await page.locator('[data-testid=rollout]').innerText(), /^Rollout of deployment\/web/);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('a share link reopens the rollout at its step, an edited template included', async () => {
  const { page, errors, ctx } = await open('#example/deployment-service');
  const edited = (await editorText(page)).replace('image: nginx:1.27', 'image: nginx:1.28');
  await setEditorText(page, edited);
  await page.click('[data-kind=service][data-name="default/web"]');
  await page.click('[data-testid=rollout-start]');
  await stepIs(page, 0);
  await page.click('[data-testid=rollout-next]');
  await page.click('[data-testid=rollout-next]');
  await page.click('[data-testid=rollout-next]');
  await stepIs(page, 3);
  const head = await page.locator('[data-testid=rollout]').innerText();
  const step = await stepText(page);
  const pods = await page.locator('[data-kind=pod]').evaluateAll((els) => els.map((e) => e.dataset.name).sort());
  await page.click('[data-testid=share]');
  await page.waitForFunction(() => location.hash.startsWith('#v1:'));
  const url = await page.evaluate(() => location.href);

  const other = await ctx.newPage();
  other.on('pageerror', (e) => errors.push(String(e)));
  await other.goto(url);
  await other.waitForSelector('[data-testid=rollout-step]');
  assert.equal(await editorText(other), edited);
  assert.equal(await other.locator('[data-testid=rollout]').innerText(), head);
  assert.match(head, /^Rollout of deployment\/web/);
  assert.equal(await other.locator('[data-testid=rollout-step]').innerText(), step);
  assert.deepEqual(
    await other.locator('[data-kind=pod]').evaluateAll((els) => els.map((e) => e.dataset.name).sort()),
    pods,
  );
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('a StatefulSet restarts one pod at a time, from the highest ordinal, under the same names', async () => {
  const { page, errors, ctx } = await open('#example/headless-statefulset');
  await page.click('[data-kind=pod][data-name="default/db-0"]');
  const start = page.locator('[data-testid=rollout-start]');
  assert.equal(await start.innerText(), 'Restart statefulset/db (rollout)');
  await start.click();
  await stepIs(page, 0);
  assert.match(await page.locator('[data-testid=rollout]').innerText(), /^Restart of statefulset\/db\n.*one pod at a time from the highest ordinal · revision db-\w+ → db-\w+/);
  await page.click('[data-testid=rollout-next]');
  await stepIs(page, 1);
  assert.match(await stepText(page), /The controller deletes db-2 \(terminating\)/);
  assert.equal(
    await page.locator('[data-testid=graph] [data-kind=edge][data-to="default/db-2"][data-state=terminating]').count(),
    1,
  );
  await page.click('[data-testid=rollout-last]');
  await page.waitForFunction(() => /the rollout is complete/.test(document.querySelector('[data-testid=rollout-step]').textContent));
  assert.deepEqual(
    await page.locator('[data-kind=pod]').evaluateAll((els) => els.map((e) => e.dataset.name).sort()),
    ['default/db-0', 'default/db-1', 'default/db-2'],
  );
  assert.deepEqual(errors, []);
  await ctx.close();
});
