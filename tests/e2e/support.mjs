// Test support: a static file server for dist/ on loopback, and headless Chromium.
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const distDir = process.env.DIST ?? path.resolve(here, '../../dist');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.png': 'image/png',
  '.json': 'application/json',
};

/**
 * Serves dist/ (or `dir`) under a URL prefix on 127.0.0.1 at a free port;
 * `cors` lets pages of other origins load the files, as a CDN does.
 */
export async function serveDist(prefix = '/', { dir = distDir, cors = false } = {}) {
  const root = path.resolve(dir);
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    let rel = decodeURIComponent(url.pathname);
    if (!rel.startsWith(prefix)) {
      res.writeHead(404).end();
      return;
    }
    rel = rel.slice(prefix.length);
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    const file = path.resolve(root, rel);
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      const headers = { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' };
      if (cors) headers['access-control-allow-origin'] = '*';
      res.writeHead(200, headers);
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** Debian's Chromium, headless, with no outside network chatter. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Starts the dist/ server and the browser before a test file, stops them after. */
export function useServerAndBrowser() {
  const env = {};
  before(async () => {
    env.server = await serveDist();
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

/**
 * Opens the playground at `hash` in a fresh 1400×900 context and waits for the
 * graph; collects page errors in `errors`. `permissions` (e.g. the
 * clipboard's) are granted to the context first.
 */
export async function openPlayground(env, hash, { permissions = [] } = {}) {
  const ctx = await env.browser.newContext({ viewport: { width: 1400, height: 900 } });
  if (permissions.length) await ctx.grantPermissions(permissions, { origin: env.server.url });
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(env.server.url + hash);
  await page.waitForSelector('[data-testid=graph] [data-kind]');
  await editorReady(page);
  return { page, errors, ctx };
}

// The editor is CodeMirror, which draws only the lines in view: tests read
// and set the whole text through `window.svcmapEditor` (src/web/editor/load.js),
// never through the DOM. Each helper takes a Page or a Frame.

/** Waits until the CodeMirror bundle has loaded and drawn the editor. */
export async function editorReady(page) {
  await page.waitForFunction(() => window.svcmapEditor?.ready());
}

/** The editor's whole text. */
export function editorText(page) {
  return page.evaluate(() => window.svcmapEditor.text());
}

/** Replaces the editor's whole text, as one edit (as pasting over a selection would). */
export async function setEditorText(page, text) {
  await editorReady(page);
  await page.evaluate((t) => window.svcmapEditor.setText(t), text);
}

/**
 * Inserts `text` at `at` (a UTF-16 offset, or a string: just after its first
 * occurrence) replacing `remove` characters, as one typed edit, with the
 * editor focused and the caret after it.
 */
export async function typeInEditor(page, at, text, remove = 0) {
  await editorReady(page);
  await page.evaluate(([at, text, remove]) => {
    const view = window.svcmapEditor.view();
    const doc = view.state.doc.toString();
    const from = typeof at === 'string' ? doc.indexOf(at) + at.length : at;
    if (typeof at === 'string' && from < at.length) throw new Error(`not in the text: ${at}`);
    view.focus();
    view.dispatch({
      changes: { from, to: from + remove, insert: text },
      selection: { anchor: from + text.length },
      userEvent: 'input.type',
      scrollIntoView: true,
    });
  }, [at, text, remove]);
}

/** Focuses the editor with the caret at `at` (a UTF-16 offset). */
export async function focusEditor(page, at = 0) {
  await editorReady(page);
  await page.evaluate((at) => {
    const view = window.svcmapEditor.view();
    view.focus();
    view.dispatch({ selection: { anchor: at }, scrollIntoView: true });
  }, at);
}
