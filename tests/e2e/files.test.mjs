// End-to-end: files in and out. Open (button, Ctrl+O) and files dropped on
// the page become the text (several: one stream, in name order), and the
// text they replace comes back with Ctrl+Z in the editor; Save and Ctrl+S
// download the text; a drop in an embed is not taken.
import { test } from 'node:test';
import { tmpdir } from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { useServerAndBrowser, openPlayground, editorText, focusEditor } from './support.mjs';

const env = useServerAndBrowser();

const A = 'apiVersion: v1\nkind: Service\nmetadata: {name: from-a}\nspec: {selector: {app: a}, ports: [{port: 80}]}\n';
const B = 'apiVersion: v1\nkind: Pod\nmetadata: {name: from-b, labels: {app: a}}\n';

test('Open and Ctrl+O read files as the text, in name order; the text replaced is kept', async () => {
  const { page, errors, ctx } = await openPlayground(env, '');
  const before = await editorText(page);
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('open-file').click();
  await (await chooser).setFiles([
    { name: 'b.yaml', mimeType: 'application/yaml', buffer: Buffer.from(B) },
    { name: 'a.yaml', mimeType: 'application/yaml', buffer: Buffer.from(A) },
  ]);
  await page.waitForFunction(() => document.querySelector('[data-kind=service][data-name="default/from-a"]'));
  assert.equal(await editorText(page), `${A}---\n${B}`);
  // Ctrl+O opens the picker too.
  const again = page.waitForEvent('filechooser', { timeout: 5000 });
  await focusEditor(page);
  await page.keyboard.press('Control+o');
  await (await again).setFiles([{ name: 'b.yaml', mimeType: 'application/yaml', buffer: Buffer.from(B) }]);
  await page.waitForFunction((b) => window.svcmapEditor.text() === b, B);
  // The text it replaced was the user's (not an example): kept, and said so.
  assert.match(await page.getByTestId('notice').innerText(), /Opened “b\.yaml”\. Your text is kept/);
  // Undo in the editor brings the earlier texts back.
  await focusEditor(page);
  await page.keyboard.press('Control+z');
  await page.waitForFunction((t) => window.svcmapEditor.text() === t, `${A}---\n${B}`);
  await page.keyboard.press('Control+z');
  await page.waitForFunction((t) => window.svcmapEditor.text() === t, before);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('files dropped on the page are opened; text the user drags is not taken for a file', async () => {
  const { page, errors, ctx } = await openPlayground(env, '');
  await page.evaluate((a) => {
    const dt = new DataTransfer();
    dt.items.add(new File([a], 'dropped.yaml', { type: 'application/yaml' }));
    const target = document.querySelector('[data-testid=graph]');
    for (const type of ['dragenter', 'dragover', 'drop']) {
      target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
    }
  }, A);
  await page.waitForFunction(() => document.querySelector('[data-kind=service][data-name="default/from-a"]'));
  assert.equal(await editorText(page), A);
  // A drag of text is left to the browser (not cancelled).
  const cancelled = await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.setData('text/plain', 'x');
    const ev = new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: dt });
    document.querySelector('[data-testid=editor]').dispatchEvent(ev);
    return ev.defaultPrevented;
  });
  assert.equal(cancelled, false);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('Save and Ctrl+S download the text', async () => {
  const { page, errors, ctx } = await openPlayground(env, '');
  const text = await editorText(page);
  const download = page.waitForEvent('download');
  await page.getByTestId('save-file').click();
  const d = await download;
  assert.equal(d.suggestedFilename(), 'svcmap.yaml');
  assert.equal(await readFile(await d.path(), 'utf8'), text);
  const again = page.waitForEvent('download');
  await focusEditor(page);
  await page.keyboard.press('Control+s');
  assert.equal(await readFile(await (await again).path(), 'utf8'), text);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('an embed does not take dropped files', async () => {
  const { page, errors, ctx } = await openPlayground(env, '?embed=1');
  const before = await editorText(page);
  const taken = await page.evaluate((a) => {
    const dt = new DataTransfer();
    dt.items.add(new File([a], 'dropped.yaml'));
    const ev = new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt });
    document.querySelector('[data-testid=graph]').dispatchEvent(ev);
    return ev.defaultPrevented;
  }, A);
  assert.equal(taken, false);
  await page.waitForTimeout(300);
  assert.equal(await editorText(page), before);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('files over the editor limit are refused with a message, the text untouched', async () => {
  const { page, errors, ctx } = await openPlayground(env, '');
  const before = await editorText(page);
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('open-file').click();
  // Over Playwright's 50 MB for a buffer: a file on disk.
  const big = path.join(await mkdtemp(path.join(tmpdir(), 'svcmap-')), 'dump.yaml');
  await writeFile(big, Buffer.alloc(64 * 1024 * 1024 + 200_000, 'a'));
  await (await chooser).setFiles(big);
  const notice = page.getByTestId('notice');
  await notice.waitFor();
  assert.match(await notice.innerText(), /These files hold 64\.1 MB; the editor takes at most 64 MB/);
  assert.equal(await editorText(page), before);
  assert.deepEqual(errors, []);
  await ctx.close();
});

const C = 'apiVersion: v1\nkind: Pod\nmetadata: {name: from-c, labels: {app: a}}\n';

test('a dropped folder opens its .yaml, .yml and .json files in path order, hidden folders and other files left out', async () => {
  const { page, errors, ctx } = await openPlayground(env, '');
  // A folder as the browser gives it (FileSystemEntry objects), built here:
  // cfg/{b.yaml, a/x.yml, README.md, .git/config.yaml, z.json}, its entries
  // read in two batches as readEntries does.
  const prevented = await page.evaluate(([a, b, c]) => {
    const file = (path, text) => ({
      isFile: true, isDirectory: false, name: path.split('/').pop(), fullPath: `/${path}`,
      file: (ok) => ok(new File([text], path.split('/').pop())),
    });
    const dir = (path, ...batches) => ({
      isFile: false, isDirectory: true, name: path.split('/').pop(), fullPath: `/${path}`,
      createReader: () => {
        const left = [...batches];
        return { readEntries: (ok) => setTimeout(() => ok(left.shift() ?? []), 5) };
      },
    });
    const root = dir('cfg',
      [file('cfg/b.yaml', b), dir('cfg/a', [file('cfg/a/x.yml', a)]), file('cfg/README.md', '# not YAML')],
      [dir('cfg/.git', [file('cfg/.git/config.yaml', 'kind: Secret\n')]), file('cfg/z.json', c)],
    );
    const data = { types: ['Files'], files: [], items: [{ kind: 'file', webkitGetAsEntry: () => root }] };
    // On the editor: taken before the editor would insert it as a file's text.
    const target = document.querySelector('[data-testid=editor] .cm-content');
    let taken = true;
    for (const type of ['dragenter', 'dragover', 'drop']) {
      const ev = new DragEvent(type, { bubbles: true, cancelable: true });
      Object.defineProperty(ev, 'dataTransfer', { value: data });
      target.dispatchEvent(ev);
      if (type !== 'dragenter') taken &&= ev.defaultPrevented;
    }
    return taken;
  }, [A, B, C]);
  assert.equal(prevented, true, 'the drop is taken');
  await page.waitForFunction(() => document.querySelector('[data-kind=service][data-name="default/from-a"]'));
  assert.equal(await editorText(page), `${A}---\n${B}---\n${C}`, 'cfg/a/x.yml, cfg/b.yaml, cfg/z.json');
  assert.match(await page.getByTestId('notice').innerText(), /1 other file \(not \.yaml, \.yml or \.json\) was skipped/);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('Open folder picks a folder: its manifests in path order', async () => {
  const { mkdtemp, mkdir, writeFile } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const root = await mkdtemp(join(tmpdir(), 'svcmap-folder-'));
  await mkdir(join(root, 'sub'));
  await writeFile(join(root, 'sub', 'a.yaml'), A);
  await writeFile(join(root, 'b.yml'), B);
  await writeFile(join(root, 'notes.txt'), 'not YAML');
  const { page, errors, ctx } = await openPlayground(env, '');
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('open-folder').click();
  await (await chooser).setFiles(root);
  await page.waitForFunction(() => document.querySelector('[data-kind=service][data-name="default/from-a"]'));
  // <folder>/b.yml before <folder>/sub/a.yaml.
  assert.equal(await editorText(page), `${B}---\n${A}`);
  assert.match(await page.getByTestId('notice').innerText(), /1 other file .* was skipped/);
  assert.deepEqual(errors, []);
  await ctx.close();
});
