// End-to-end: the result tabs with the keyboard only (the WAI-ARIA tabs
// pattern), and the styled tooltips that replace `title`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPlayground, useServerAndBrowser } from './support.mjs';

const env = useServerAndBrowser();

const active = (page) => page.evaluate(() => document.activeElement?.dataset.testid ?? document.activeElement?.id);

test('the tabs: one Tab stop, arrow keys, Home and End select, aria-controls and labelledby', async () => {
  const { page, errors, ctx } = await openPlayground(env, '#example/broken-routing');
  const tabs = page.locator('[role=tab]');
  assert.equal(await tabs.count(), 6);
  // Only the selected tab is in the Tab order.
  assert.deepEqual(
    await tabs.evaluateAll((ts) => ts.map((t) => [t.dataset.testid, t.getAttribute('tabindex'), t.getAttribute('aria-selected')])),
    [
      ['tab-diagnostics', '0', 'true'],
      ['tab-details', '-1', 'false'],
      ['tab-endpoints', '-1', 'false'],
      ['tab-slices', '-1', 'false'],
      ['tab-dns', '-1', 'false'],
      ['tab-table', '-1', 'false'],
    ],
  );
  // Tab reaches the selected tab from the control just before the tab list.
  await page.getByTestId('panel-splitter').focus();
  await page.keyboard.press('Tab');
  assert.equal(await active(page), 'tab-diagnostics', 'Tab reaches the selected tab');
  assert.equal(await page.evaluate(() => document.activeElement.matches(':focus-visible')), true);
  const ring = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.equal(ring, 'solid', 'a visible focus ring');
  const expect = async (id, label) => {
    assert.equal(await active(page), `tab-${id}`, label);
    const panel = page.locator('[role=tabpanel]');
    assert.equal(await page.locator(`[data-testid=tab-${id}]`).getAttribute('aria-selected'), 'true', label);
    assert.equal(await page.locator(`[data-testid=tab-${id}]`).getAttribute('tabindex'), '0', label);
    assert.equal(await panel.getAttribute('aria-labelledby'), `tab-${id}`, label);
    assert.equal(await page.locator(`[data-testid=tab-${id}]`).getAttribute('aria-controls'), await panel.getAttribute('id'));
  };
  await page.keyboard.press('ArrowRight');
  await expect('details', 'ArrowRight: the next');
  await page.keyboard.press('ArrowRight');
  await expect('endpoints', 'ArrowRight again');
  await page.locator('[data-testid=endpoints-yaml]').waitFor();
  await page.keyboard.press('End');
  await expect('table', 'End: the last');
  await page.locator('[data-testid=kubectl-table]').waitFor();
  await page.keyboard.press('ArrowRight');
  await expect('diagnostics', 'ArrowRight from the last: the first');
  await page.keyboard.press('ArrowLeft');
  await expect('table', 'ArrowLeft from the first: the last');
  await page.keyboard.press('Home');
  await expect('diagnostics', 'Home: the first');
  // Tab leaves the tab list for the panel, Shift+Tab returns to the selected tab.
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Tab');
  assert.notEqual(await active(page), 'tab-slices');
  assert.ok(!(await active(page))?.startsWith('tab-'), `Tab leaves the tab list: ${await active(page)}`);
  await page.keyboard.press('Shift+Tab');
  assert.equal(await active(page), 'tab-endpoints');
  assert.deepEqual(errors, []);
  await ctx.close();
});

/** The tooltip an element shows: its ::after content and visibility. */
const tipOf = (page, selector) =>
  page.locator(selector).evaluate((el) => {
    const s = getComputedStyle(el, '::after');
    return { content: s.content, display: s.display, opacity: s.opacity, bg: s.backgroundColor, color: s.color };
  });

test('tooltips: shown at once on hover and keyboard focus, in both themes, and no title attribute left', async () => {
  const { page, errors, ctx } = await openPlayground(env, '#example/broken-routing');
  const save = '[data-testid=save-file]';
  assert.equal((await tipOf(page, save)).content, 'none', 'no tip before hovering');
  await page.hover(save);
  const tip = await tipOf(page, save);
  assert.match(tip.content, /Save the text as a file \(Ctrl\+S\)/);
  assert.equal(tip.opacity, '1', 'at once: no fade-in delay');
  assert.notEqual(tip.bg, 'rgba(0, 0, 0, 0)');
  // Not clipped by the window's right edge.
  const box = await page.locator(save).evaluate((el) => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el, '::after');
    return { right: r.right, width: parseFloat(s.width) };
  });
  assert.ok(box.right - box.width >= 0 && box.right <= 1400, JSON.stringify(box));
  // The same text for assistive technology.
  const described = await page.locator(save).getAttribute('aria-describedby');
  assert.equal(await page.locator(`[id="${described}"]`).textContent(), 'Save the text as a file (Ctrl+S)');
  // Dark theme: the tip is drawn in the other theme's colours.
  await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'dark'));
  const dark = await tipOf(page, save);
  assert.notEqual(dark.bg, tip.bg);
  // Keyboard focus shows it too.
  await page.mouse.move(5, 600);
  await page.locator('[data-testid=share]').focus();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  assert.match((await tipOf(page, '[data-testid=share]')).content, /Copy a link with this YAML/);
  // A diagnostic's link to its page: the tip, and a name saying what it opens.
  const doc = page.locator('.diagnostic__doc').first();
  await doc.hover();
  assert.match((await tipOf(page, '.diagnostic__doc >> nth=0')).content, /example and fix/);
  assert.match(await doc.getAttribute('aria-label'), /^What is [A-Z0-9]+\?/);
  // The example's lesson is beside the menu (an <option> cannot show a tip).
  assert.match(await page.getByTestId('example-lesson').innerText(), /why a Service has no endpoints/);
  assert.equal(await page.getByTestId('examples').getAttribute('aria-describedby'), 'example-lesson');
  // No title attribute anywhere but the graph's SVG.
  const titled = await page.evaluate(() =>
    [...document.querySelectorAll('[title]')].filter((e) => !e.closest('svg')).map((e) => e.outerHTML.slice(0, 80)),
  );
  assert.deepEqual(titled, []);
  assert.deepEqual(errors, []);
  await ctx.close();
});
