// End-to-end: opening an example never loses the user's text. The example
// replaces it as an edit (Ctrl+Z brings it back), as a new history entry
// (Back returns to it, inside the app), without overwriting the autosave,
// and the text replaced is listed under "Your earlier texts" in the
// examples menu, across reloads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { editorReady, editorText, focusEditor, openPlayground, setEditorText, typeInEditor, useServerAndBrowser } from './support.mjs';

const env = useServerAndBrowser();

const MINE = 'apiVersion: v1\nkind: Service\nmetadata: {name: mine}\nspec:\n  selector: {app: mine}\n  ports: [{port: 80}]\n';
const autosave = (page) => page.evaluate(() => localStorage.getItem('svcmap.text'));
const service = (page, name) => page.waitForSelector(`[data-kind=service][data-name="default/${name}"]`);

/** Opens the playground and types MINE over the default example. */
async function withMyText() {
  const opened = await openPlayground(env, '');
  await setEditorText(opened.page, MINE);
  await service(opened.page, 'mine');
  await opened.page.waitForFunction((t) => localStorage.getItem('svcmap.text') === t, MINE);
  return opened;
}

test('Ctrl+Z in the editor brings back the text an example replaced', async () => {
  const { page, errors, ctx } = await withMyText();
  await page.locator('[data-testid=examples]').selectOption('readiness');
  await page.waitForFunction(() => location.hash === '#example/readiness');
  assert.match(await editorText(page), /publishNotReadyAddresses/);
  assert.match(await page.locator('[data-testid=notice]').innerText(), /Your text is kept/);
  assert.equal(await autosave(page), MINE, 'the example did not overwrite the autosave');
  await page.locator('[data-testid=editor] .cm-content').focus();
  await page.keyboard.press('Control+z');
  await service(page, 'mine');
  assert.equal(await editorText(page), MINE);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('Back after opening examples returns to the text, inside the app', async () => {
  const { page, errors, ctx } = await withMyText();
  const app = page.url().split('#')[0];
  await page.locator('[data-testid=examples]').selectOption('readiness');
  await page.waitForFunction(() => location.hash === '#example/readiness');
  await page.locator('[data-testid=examples]').selectOption('dual-stack');
  await page.waitForFunction(() => location.hash === '#example/dual-stack');
  await page.goBack();
  await page.waitForFunction(() => /publishNotReadyAddresses/.test(window.svcmapEditor.text()));
  await page.goBack();
  await service(page, 'mine');
  assert.equal(await editorText(page), MINE);
  assert.equal(page.url().split('#')[0], app, 'still in the app');
  await page.goForward();
  await page.waitForFunction(() => /publishNotReadyAddresses/.test(window.svcmapEditor.text()));
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('an edited example does not lose the text before it: the menu lists it, after a reload too', async () => {
  const { page, errors, ctx } = await withMyText();
  await page.locator('[data-testid=examples]').selectOption('externalname');
  await service(page, 'payments');
  const edited = (await editorText(page)).replace('name: payments', 'name: billing');
  await setEditorText(page, edited);
  await service(page, 'billing');
  await page.waitForFunction((t) => localStorage.getItem('svcmap.text') === t, edited);
  // Then another example over the edited one.
  await page.locator('[data-testid=examples]').selectOption('readiness');
  await page.waitForFunction(() => location.hash === '#example/readiness');
  await page.goto(page.url().split('#')[0]);
  await page.reload();
  await service(page, 'billing');
  // The text on screen is not offered again.
  assert.deepEqual(await page.locator('[data-testid=earlier] option').allTextContents(), ['mine · 6 lines']);
  // Choosing one swaps it with the text shown: nothing is dropped.
  await page.locator('[data-testid=examples]').selectOption({ label: 'mine · 6 lines' });
  await service(page, 'mine');
  assert.equal(await editorText(page), MINE);
  await page.waitForFunction((t) => localStorage.getItem('svcmap.text') === t, MINE);
  assert.deepEqual(await page.locator('[data-testid=earlier] option').allTextContents(), [
    `billing · ${edited.split('\n').length - 1} lines`,
  ]);
  assert.equal(await page.locator('[data-testid=examples]').inputValue(), '', 'the menu shows its title again');
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('choosing examples from the keyboard leaves the focus in the menu', async () => {
  const { page, errors, ctx } = await withMyText();
  await page.locator('[data-testid=examples]').focus();
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction(() => location.hash.startsWith('#example/'));
  assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'examples');
  assert.deepEqual(errors, []);
  await ctx.close();
});
