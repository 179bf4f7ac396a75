// How soon a visitor sees a graph: from navigation to the default example's
// first graph node in the DOM, in a fresh browser context each time (no cache,
// no compiled WebAssembly kept), the release build served on loopback. The
// budget is 500 ms on a 2-core machine; the median of five loads is printed
// and asserted (SVCMAP_PERF_FLOORS=0 reports without asserting, for a machine
// known to be overloaded; a gross regression still fails then).
const ENFORCE = process.env.SVCMAP_PERF_FLOORS !== '0';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser } from './support.mjs';

const env = useServerAndBrowser();

/** Milliseconds from navigation start to the first graph node, in a fresh context. */
async function firstGraph(url) {
  const context = await env.browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  // Watches the DOM from the first script on: the moment a graph node exists.
  await page.addInitScript(() => {
    new MutationObserver((_, obs) => {
      if (document.querySelector('[data-testid=graph] [data-kind]')) {
        window.__firstGraph = performance.now();
        obs.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(url);
  await page.waitForFunction(() => window.__firstGraph !== undefined, null, { timeout: 20000 });
  const ms = await page.evaluate(() => window.__firstGraph);
  await context.close();
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

test('navigation to the first graph of the default example: median ≤ 500 ms', async () => {
  await firstGraph(env.server.url); // the server and the browser warm up
  const times = [];
  for (let i = 0; i < 5; i++) times.push(await firstGraph(env.server.url));
  const m = median(times);
  console.log(`first graph after navigation: median ${m.toFixed(0)} ms (${times.map((t) => t.toFixed(0)).join(', ')})`);
  assert.ok(m <= (ENFORCE ? 500 : 2000), `median ${m} ms`);
});

test('a graph-only embed draws without the editor', async () => {
  const times = [];
  for (let i = 0; i < 3; i++) times.push(await firstGraph(`${env.server.url}?embed=1&view=graph`));
  const m = median(times);
  console.log(`graph-only embed, first graph after navigation: median ${m.toFixed(0)} ms`);
  assert.ok(m <= (ENFORCE ? 500 : 2000), `median ${m} ms`);
});
