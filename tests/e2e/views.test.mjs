// End-to-end: Copy and Download of every generated view (Endpoints,
// EndpointSlices, DNS, the kubectl table). What is copied and downloaded is
// the text the tab shows: the YAML as it is on screen, the tables as their
// cells in columns (each as wide as its widest cell plus three spaces, as
// kubectl prints).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { openPlayground, useServerAndBrowser } from './support.mjs';

const env = useServerAndBrowser();

/** The playground at `hash` in a context that may read and write the clipboard. */
const openWithClipboard = (hash) => openPlayground(env, hash, { permissions: ['clipboard-read', 'clipboard-write'] });

/** A table's cells as kubectl would print them: padded columns, one line a row. */
async function tableText(page, testid) {
  const rows = await page.$$eval(`[data-testid=${testid}] tr`, (trs) =>
    trs.map((tr) => [...tr.children].map((c) => c.textContent)),
  );
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) => r.map((c, i) => (i < r.length - 1 ? c.padEnd(widths[i] + 3) : c)).join('').trimEnd() + '\n')
    .join('');
}

const VIEWS = [
  { tab: 'endpoints', id: 'endpoints-yaml', file: 'endpoints.yaml', shown: (p) => p.locator('[data-testid=endpoints-yaml]').textContent() },
  { tab: 'slices', id: 'slices-yaml', file: 'endpointslices.yaml', shown: (p) => p.locator('[data-testid=slices-yaml]').textContent() },
  { tab: 'dns', id: 'dns', file: 'dns.txt', shown: (p) => tableText(p, 'dns') },
  { tab: 'table', id: 'table', file: 'endpoints.txt', shown: (p) => tableText(p, 'kubectl-table') },
];

test('every generated view downloads and copies exactly the text it shows', async () => {
  const { ctx, page, errors } = await openWithClipboard('#example/headless-statefulset');
  for (const v of VIEWS) {
    await page.click(`[data-testid=tab-${v.tab}]`);
    const shown = await v.shown(page);
    assert.ok(shown.length > 40, `${v.tab} shows something: ${shown}`);
    const download = page.waitForEvent('download');
    await page.click(`[data-testid=download-${v.id}]`);
    const d = await download;
    assert.equal(d.suggestedFilename(), v.file, v.tab);
    assert.equal(await readFile(await d.path(), 'utf8'), shown, `${v.tab}: the download is the text shown`);

    await page.evaluate(() => navigator.clipboard.writeText('before'));
    await page.click(`[data-testid=copy-${v.id}]`);
    // Said in a live region, for screen readers too.
    const status = page.locator(`[data-testid=copy-status-${v.id}]`);
    await status.filter({ hasText: 'Copied' }).waitFor();
    assert.equal(await status.getAttribute('role'), 'status');
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), shown, `${v.tab}: the copy is the text shown`);
  }
  // The kubectl table as kubectl prints it: its headings first.
  assert.match(await tableText(page, 'kubectl-table'), /^NAMESPACE {3,}NAME {3,}ENDPOINTS {3,}NOT READY\n/);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('a refused copy says what to do instead', async () => {
  const { ctx, page, errors } = await openWithClipboard('');
  await page.evaluate(() => {
    navigator.clipboard.writeText = () => Promise.reject(new DOMException('denied', 'NotAllowedError'));
  });
  await page.click('[data-testid=tab-endpoints]');
  await page.click('[data-testid=copy-endpoints-yaml]');
  await page.locator('[data-testid=copy-status-endpoints-yaml]').filter({ hasText: /refused.*Ctrl\+C/ }).waitFor();
  assert.deepEqual(errors, []);
  await ctx.close();
});
