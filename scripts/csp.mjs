// Trunk post-build hook: gives the release page a Content-Security-Policy.
//
// trunk writes one inline <script type=module> that loads the wasm; its
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
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

if (process.env.TRUNK_PROFILE !== 'release') process.exit(0);
const file = path.join(process.env.TRUNK_STAGING_DIR ?? 'dist', 'index.html');
let html = readFileSync(file, 'utf8');
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
