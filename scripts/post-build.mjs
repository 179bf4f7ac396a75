// Trunk post-build hook, run on the staging directory before it becomes dist/:
// 1. writes dist/diagnostics.html, the diagnostic catalogue (scripts/catalogue.mjs);
// 2. in release builds, minifies wasm-bindgen's JS glue (trunk's own minifier
//    cannot parse it) and updates its integrity hash in index.html;
// 3. in release builds, gives index.html its Content-Security-Policy.
//
// The policy: trunk writes one inline <script type=module> that loads the wasm; its
// SHA-256 goes into script-src, so no other inline script can run. Directives:
//   default-src 'none'        nothing loads unless listed below
//   script-src 'self' 'wasm-unsafe-eval' 'sha256-…'
//                             our JS files, compiling our WebAssembly, the loader
//   connect-src 'self'        fetching the .wasm
//   style-src 'self'          our stylesheet
//   style-src-attr 'unsafe-inline'
//                             style="" attributes set by the views (sizes,
//                             transforms); they cannot run code
//   img-src 'self' data:      the empty data: favicon
//   base-uri 'none'; form-action 'none'; object-src 'none'
// There is no frame-ancestors: any page may embed svcmap (and a <meta> could
// not set it anyway). Debug builds (trunk serve) keep trunk's live-reload
// script and get no policy.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { minify } from 'terser';
import { writeCatalogue } from './catalogue.mjs';

const staging = process.env.TRUNK_STAGING_DIR ?? 'dist';
writeCatalogue(path.join(process.env.TRUNK_SOURCE_DIR ?? '.', 'docs', 'diagnostics.md'), path.join(staging, 'diagnostics.html'));
if (process.env.TRUNK_PROFILE !== 'release') process.exit(0);
const file = path.join(staging, 'index.html');
let html = readFileSync(file, 'utf8');

// wasm-bindgen's glue, minified; the page's integrity attribute follows it.
for (const name of readdirSync(staging).filter((f) => /^svcmap-web-.*\.js$/.test(f))) {
  const js = path.join(staging, name);
  const { code } = await minify(readFileSync(js, 'utf8'), { module: true, compress: { passes: 2 }, format: { comments: false } });
  writeFileSync(js, code);
  const sri = `sha384-${createHash('sha384').update(code, 'utf8').digest('base64')}`;
  const escaped = name.replace(/[.]/g, '\\.');
  const link = new RegExp(`(<link[^>]*href=["']?\\./${escaped}["']?[^>]*integrity=["']?)sha384-[A-Za-z0-9+/=]+`);
  const linkRev = new RegExp(`(<link[^>]*integrity=["']?)sha384-[A-Za-z0-9+/=]+(["']?[^>]*href=["']?\\./${escaped})`);
  if (link.test(html)) html = html.replace(link, `$1${sri}`);
  else if (linkRev.test(html)) html = html.replace(linkRev, `$1${sri}$2`);
}
const inline = [...html.matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
if (inline.length === 0) throw new Error(`${file}: no inline loader script found`);
const hashes = inline.map((s) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`);
const policy = [
  "default-src 'none'",
  `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`,
  "connect-src 'self'",
  "style-src 'self'",
  "style-src-attr 'unsafe-inline'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');
const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}">`;
const charset = /<meta charset=["']?utf-8["']?\s*\/?>/i;
if (!charset.test(html)) throw new Error(`${file}: no <meta charset> to put the policy after`);
html = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '').replace(charset, (m) => m + meta);
writeFileSync(file, html);
