// End-to-end: the release build under each form of `trunk build --public-url`
// (relative is dist/ itself; here an absolute path and a full URL on another
// origin). Building again would cost a minute, so each case turns a copy of
// dist/ back into what trunk writes for that public URL — the file prefix
// changed, and the JS glue as trunk leaves it (not yet minified, its
// integrity computed by trunk) — then runs the release hook on it, exactly
// as trunk would, and opens the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { distDir, launchBrowser, serveDist } from './support.mjs';
import { finishRelease } from '../../scripts/post-build.mjs';

const sha384 = (s) => `sha384-${createHash('sha384').update(s, 'utf8').digest('base64')}`;

/**
 * A copy of dist/ as trunk writes it for `publicUrl`, before the release
 * hook: every `./` file reference gets the prefix, and the glue gets a
 * comment (trunk's glue is unminified) with trunk's integrity for it.
 */
function asTrunkWrites(publicUrl, dir = tempDir()) {
  cpSync(distDir, dir, { recursive: true });
  let html = readFileSync(path.join(dir, 'index.html'), 'utf8');
  const before = html;
  html = html.replace(/(["'=(\s])\.\/(?=[\w.-]+\.(?:js|wasm|css)\b)/g, `$1${publicUrl}`);
  if (publicUrl !== './') assert.notEqual(html, before, 'dist/index.html names its files with ./');
  for (const name of readdirSync(dir).filter((f) => /^svcmap-web-.*\.js$/.test(f))) {
    const file = path.join(dir, name);
    const minified = readFileSync(file, 'utf8');
    const glue = `${minified}\n// wasm-bindgen glue, as generated\n`;
    writeFileSync(file, glue);
    assert.ok(html.includes(sha384(minified)), `index.html carries the integrity of ${name}`);
    html = html.replaceAll(sha384(minified), sha384(glue));
  }
  writeFileSync(path.join(dir, 'index.html'), html);
  return dir;
}

let browser;
const cleanup = [];

function tempDir() {
  const dir = mkdtempSync(path.join(tmpdir(), 'svcmap-dist-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  for (const f of cleanup) await f();
});

/** Opens `url` and returns page errors and console errors (CSP and integrity refusals among them). */
async function open(url) {
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(url);
  const started = await page
    .waitForSelector('[data-testid=graph] [data-kind=service]', { timeout: 20000 })
    .then(() => true, () => false);
  return { ctx, page, errors, requests, started };
}

test('trunk build --public-url /docs/svcmap/: the page starts', async () => {
  const dir = asTrunkWrites('/docs/svcmap/');
  await finishRelease(dir, '/docs/svcmap/');
  const server = await serveDist('/docs/svcmap/', { dir });
  cleanup.push(server.close);
  const html = readFileSync(path.join(dir, 'index.html'), 'utf8');
  assert.match(html, /\/docs\/svcmap\/svcmap-web-[\w-]+\.js/);
  assert.doesNotMatch(html, /["'=]\.\/svcmap-web/);
  const { ctx, page, errors, requests, started } = await open(server.url);
  assert.ok(started, `the page never started: ${errors.join('; ')}`);
  await page.waitForFunction(() => window.svcmapEditor?.ready(), null, { timeout: 10000 });
  assert.ok(requests.some((u) => new URL(u).pathname === '/docs/svcmap/svcmap-editor.js'), 'the editor bundle, from the public URL');
  assert.deepEqual(errors, []);
  assert.ok(requests.some((u) => new URL(u).pathname.match(/^\/docs\/svcmap\/svcmap-web-[\w-]+_bg\.wasm$/)));
  await ctx.close();
});

test('trunk build --public-url with a full URL on another origin: the page starts', async () => {
  // The page comes from localhost; its files from 127.0.0.1, as from a CDN.
  const dir = tempDir();
  const files = await serveDist('/cdn/svcmap/', { dir, cors: true });
  cleanup.push(files.close);
  const site = await serveDist('/', { dir });
  cleanup.push(site.close);
  asTrunkWrites(files.url, dir); // http://127.0.0.1:PORT/cdn/svcmap/
  await finishRelease(dir, files.url);
  const csp = readFileSync(path.join(dir, 'index.html'), 'utf8').match(/Content-Security-Policy" content="([^"]*)"/)[1];
  assert.match(csp, new RegExp(`script-src 'self' ${new URL(files.url).origin} `));
  const { ctx, page, errors, requests, started } = await open(site.url.replace('127.0.0.1', 'localhost'));
  assert.ok(started, `the page never started: ${errors.join('; ')}`);
  assert.deepEqual(errors, []);
  assert.equal(await page.locator('.app__main').evaluate((e) => getComputedStyle(e).display), 'grid', 'the stylesheet applies');
  const wasm = requests.find((u) => u.endsWith('.wasm'));
  assert.ok(wasm?.startsWith(files.url), `the wasm came from the public URL: ${wasm}`);
  await page.waitForFunction(() => window.svcmapEditor?.ready(), null, { timeout: 10000 });
  const bundle = requests.find((u) => u.endsWith('/svcmap-editor.js'));
  assert.ok(bundle?.startsWith(files.url), `the editor bundle came from the public URL: ${bundle}`);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('the release hook finds the glue under any public URL, and running it twice changes nothing', async () => {
  for (const publicUrl of ['./', '/docs/svcmap/', 'https://cdn.example/svcmap/']) {
    const dir = asTrunkWrites(publicUrl);
    await finishRelease(dir, publicUrl);
    const once = readFileSync(path.join(dir, 'index.html'), 'utf8');
    const glue = readdirSync(dir).find((f) => /^svcmap-web-.*\.js$/.test(f));
    const code = readFileSync(path.join(dir, glue), 'utf8');
    assert.ok(once.includes(sha384(code)), `${publicUrl}: the glue's integrity is that of the minified file`);
    await finishRelease(dir, publicUrl);
    assert.equal(readFileSync(path.join(dir, 'index.html'), 'utf8'), once, `${publicUrl}: idempotent`);
  }
});
