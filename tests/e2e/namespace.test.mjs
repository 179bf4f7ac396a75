// End-to-end: the header's namespace field applies the text in a namespace,
// as `kubectl apply -n` does: objects without one go there, an object naming
// another one is refused with an error at its line. The setting survives a
// reload and travels in share links; an invalid name is said, and ignored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { editorReady, editorText, focusEditor, openPlayground, setEditorText, typeInEditor, useServerAndBrowser } from './support.mjs';

const env = useServerAndBrowser();

// A Service and its pod without a namespace, and a pod that names `shop`.
const TEXT = [
  'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n',
  'apiVersion: v1\nkind: Pod\nmetadata: {name: web-1, labels: {app: web}}\nspec: {containers: [{name: c, image: nginx}]}\n',
  'apiVersion: v1\nkind: Pod\nmetadata: {name: other, namespace: shop, labels: {app: web}}\nspec: {containers: [{name: c, image: nginx}]}\n',
].join('---\n');

const service = (page, ns) => page.waitForSelector(`[data-kind=service][data-name="${ns}/web"]`);
const diagnostics = (page) => page.locator('[data-testid=diagnostics]').innerText();

async function withText() {
  const opened = await openPlayground(env, '');
  await setEditorText(opened.page, TEXT);
  await service(opened.page, 'default');
  return opened;
}

test('the namespace field places namespace-less objects there and refuses the others, with the keyboard', async () => {
  const { page, errors, ctx } = await withText();
  // No namespace: web in default, `other` in shop (not selected by web).
  assert.equal(await page.locator('[data-kind=pod][data-name="shop/other"]').count(), 1);
  const field = page.locator('[data-testid=namespace]');
  assert.equal(await field.getAttribute('placeholder'), 'default');
  await field.focus();
  await page.keyboard.type('prod');
  await service(page, 'prod');
  assert.equal(await page.locator('[data-kind=service][data-name="default/web"]').count(), 0);
  assert.equal(await page.locator('[data-kind=pod][data-name="prod/web-1"]').count(), 1);
  assert.equal(await page.locator('[data-kind=pod][data-name="shop/other"]').count(), 0, 'refused, so left out');
  const said = await diagnostics(page);
  assert.match(said, /NS001/);
  assert.match(said, /does not match the namespace "prod"/);
  // `shop` is the namespace the pod names: then nothing is refused.
  await field.fill('shop');
  await service(page, 'shop');
  assert.equal(await page.locator('[data-kind=pod][data-name="shop/other"]').count(), 1);
  assert.doesNotMatch(await diagnostics(page), /NS001/);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('an invalid namespace name is said and ignored; clearing the field goes back to default', async () => {
  const { page, errors, ctx } = await withText();
  const field = page.locator('[data-testid=namespace]');
  await field.fill('Shop_1');
  await page.waitForFunction(() => document.querySelector('[data-testid=namespace]').getAttribute('aria-invalid') === 'true');
  assert.match(await page.locator('[data-testid=namespace-error]').innerText(), /not a namespace name/);
  assert.match(await page.locator('[data-testid=namespace-error]').getAttribute('data-tip'), /"Shop_1" is not a valid namespace name/);
  await service(page, 'default');
  await field.fill('');
  await page.waitForFunction(() => document.querySelector('[data-testid=namespace]').getAttribute('aria-invalid') === 'false');
  assert.equal(await page.locator('[data-testid=namespace-error]').isVisible(), false);
  await service(page, 'default');
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('the namespace survives a reload and travels in a share link', async () => {
  const { page, errors, ctx } = await withText();
  await page.locator('[data-testid=namespace]').fill('prod');
  await service(page, 'prod');
  await page.waitForFunction(() => localStorage.getItem('svcmap.namespace') === 'prod');
  await page.reload();
  await service(page, 'prod');
  assert.equal(await page.locator('[data-testid=namespace]').inputValue(), 'prod');
  await page.locator('[data-testid=share]').click();
  await page.waitForFunction(() => location.hash.startsWith('#v1:'));
  const url = page.url();
  // Another browser, with nothing saved: the link alone carries it.
  const other = await env.browser.newContext({ viewport: { width: 1400, height: 900 } });
  const p = await other.newPage();
  await p.goto(url);
  await service(p, 'prod');
  assert.equal(await p.locator('[data-testid=namespace]').inputValue(), 'prod');
  await other.close();
  assert.deepEqual(errors, []);
  await ctx.close();
});
