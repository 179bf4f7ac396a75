// Trunk post-build hook, run on the staging directory before it becomes dist/:
// 1. writes dist/diagnostics.html, the diagnostic catalogue (scripts/catalogue.mjs);
// 2. in release builds, minifies wasm-bindgen's JS glue (trunk's own minifier
//    cannot parse it) and updates its integrity hash in index.html;
// 3. in release builds, gives index.html its Content-Security-Policy.
//
// Steps 2 and 3 are one function of the built files and the public URL they
// were built for (`finishRelease`), so a test can run it on a copy of dist/
// rebased to another public URL instead of building again. Every form of
// `--public-url` works: relative (`./`, the default), an absolute path
// (`/docs/svcmap/`) or a full URL (`https://cdn.example/svcmap/`): a file is
// recognised by its name, whatever prefix trunk gave it.
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
// With a full-URL public URL on another origin, that origin joins 'self' in
// script-src, connect-src and style-src (the files come from there), and
// every file with an integrity is fetched with CORS (`crossorigin`).
// There is no frame-ancestors: any page may embed svcmap (and a <meta> could
// not set it anyway). Debug builds (trunk serve) keep trunk's live-reload
// script and get no policy.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { minify } from 'terser';
import { writeCatalogue } from './catalogue.mjs';

/** The value of attribute `name` in the start tag `tag` (quoted or not), or null. */
function attr(tag, name) {
  const m = tag.match(new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'i'));
  return m ? (m[1] ?? m[2] ?? m[3]) : null;
}

/** The file name a URL points at: its last path segment, without query or fragment. */
export function fileOf(url) {
  return url.split(/[?#]/)[0].split('/').pop();
}

/**
 * Gives every `<link>` whose href names `file` (under any public URL) the
 * integrity `sri`. Returns the new HTML and how many links were updated.
 */
export function setIntegrity(html, file, sri) {
  let count = 0;
  const out = html.replace(/<link\b[^>]*>/gi, (tag) => {
    const href = attr(tag, 'href');
    if (href === null || fileOf(href) !== file || attr(tag, 'integrity') === null) return tag;
    count++;
    return tag.replace(/(\sintegrity\s*=\s*["']?)[^"'\s>]+/i, `$1${sri}`);
  });
  return { html: out, count };
}

/** The origin of a full-URL public URL (`https://cdn.example`), or null for a path. */
export function originOf(publicUrl) {
  try {
    return /^[a-z][a-z0-9+.-]*:/i.test(publicUrl ?? '') ? new URL(publicUrl).origin : null;
  } catch {
    return null;
  }
}

/** The Content-Security-Policy for a page whose inline scripts are `inline`. */
export function policy(inline, publicUrl) {
  const hashes = inline.map((s) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`);
  const origin = originOf(publicUrl);
  const self = origin ? `'self' ${origin}` : "'self'";
  return [
    "default-src 'none'",
    `script-src ${self} 'wasm-unsafe-eval' ${hashes.join(' ')}`,
    `connect-src ${self}`,
    `style-src ${self}`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
    "object-src 'none'",
  ].join('; ');
}

/**
 * The release steps on the built files in `dir` (trunk's staging directory,
 * or a copy of dist/), built for `publicUrl`: minifies the JS glue, points its
 * integrity at the minified file, writes the page's policy. Running it again
 * on its own output changes nothing.
 */
export async function finishRelease(dir, publicUrl = './') {
  const file = path.join(dir, 'index.html');
  let html = readFileSync(file, 'utf8');

  // wasm-bindgen's glue, minified; the page's integrity attribute follows it.
  for (const name of readdirSync(dir).filter((f) => /^svcmap-web-.*\.js$/.test(f))) {
    const js = path.join(dir, name);
    const { code } = await minify(readFileSync(js, 'utf8'), { module: true, compress: { passes: 2 }, format: { comments: false } });
    writeFileSync(js, code);
    const sri = `sha384-${createHash('sha384').update(code, 'utf8').digest('base64')}`;
    const set = setIntegrity(html, name, sri);
    if (set.count === 0 && /\sintegrity\s*=/i.test(html)) {
      throw new Error(`${file}: no <link> with an integrity names ${name} (public URL ${publicUrl})`);
    }
    html = set.html;
  }
  // Files on another origin are fetched with CORS, or their integrity cannot be
  // checked and the browser refuses them: trunk marks only the glue and the
  // wasm so; the stylesheet and the guard script get the same.
  if (originOf(publicUrl)) {
    html = html.replace(/<(?:script|link)\b[^>]*>/gi, (tag) =>
      attr(tag, 'integrity') !== null && attr(tag, 'crossorigin') === null && !/\scrossorigin\b/i.test(tag)
        ? tag.replace(/^<(script|link)\b/i, '<$1 crossorigin')
        : tag,
    );
  }
  const inline = [...html.matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
  if (inline.length === 0) throw new Error(`${file}: no inline loader script found`);
  const meta = `<meta http-equiv="Content-Security-Policy" content="${policy(inline, publicUrl)}">`;
  const charset = /<meta charset=["']?utf-8["']?\s*\/?>/i;
  if (!charset.test(html)) throw new Error(`${file}: no <meta charset> to put the policy after`);
  html = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '').replace(charset, (m) => m + meta);
  writeFileSync(file, html);
}

// As trunk's hook: its environment names the directory, profile and public URL.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const staging = process.env.TRUNK_STAGING_DIR ?? 'dist';
  writeCatalogue(path.join(process.env.TRUNK_SOURCE_DIR ?? '.', 'docs', 'diagnostics.md'), path.join(staging, 'diagnostics.html'));
  if (process.env.TRUNK_PROFILE === 'release') await finishRelease(staging, process.env.TRUNK_PUBLIC_URL ?? './');
}
