// Trunk pre-build hook: bundles the CodeMirror editor (src/web/editor/entry.js
// and the npm packages pinned in package-lock.json) into
// target/editor/svcmap-editor.js, which index.html copies into dist/. Offline:
// esbuild reads node_modules only. Minified for release builds.
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const release = (process.env.TRUNK_PROFILE ?? 'release') === 'release';

await build({
  entryPoints: [path.join(root, 'src/web/editor/entry.js')],
  outfile: path.join(root, 'target/editor/svcmap-editor.js'),
  bundle: true,
  format: 'esm',
  target: 'es2020',
  minify: release,
  logLevel: 'warning',
});
