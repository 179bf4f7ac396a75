// Renders docs/diagnostics.md as dist/diagnostics.html (called by
// scripts/post-build.mjs): the catalogue the playground links each
// diagnostic code to (diagnostics.html#svc002). Handles exactly the Markdown
// that file uses: headings, paragraphs, fenced code, inline code and bold.
// Static: no script.
import { readFileSync, writeFileSync } from 'node:fs';

const escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const inline = (s) =>
  escape(s)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');

export function render(md) {
  const html = [];
  let para = [];
  let code = null;
  const flush = () => {
    if (para.length) html.push(`<p>${inline(para.join(' '))}</p>`);
    para = [];
  };
  for (const line of md.split('\n')) {
    if (code !== null) {
      if (line.startsWith('```')) {
        html.push(`<pre><code>${escape(code.join('\n'))}</code></pre>`);
        code = null;
      } else code.push(line);
      continue;
    }
    if (line.startsWith('```')) {
      flush();
      code = [];
    } else if (line.startsWith('## ')) {
      flush();
      const text = line.slice(3);
      const id = text.split(/\s/)[0].toLowerCase();
      html.push(`<h2 id="${escape(id)}"><a href="#${escape(id)}">${inline(text)}</a></h2>`);
    } else if (line.startsWith('# ')) {
      flush();
      html.push(`<h1>${inline(line.slice(2))}</h1>`);
    } else if (line.trim() === '') flush();
    else para.push(line.trim());
  }
  flush();
  return html.join('\n');
}

export function writeCatalogue(source, out) {
  const body = render(readFileSync(source, 'utf8'));
  writeFileSync(
    out,
  `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>svcmap diagnostics</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 860px; margin: 2em auto; padding: 0 1em; color: #1f2328; background: #fff; }
  @media (prefers-color-scheme: dark) { body { color: #e6edf3; background: #0d1117; } pre { background: #161b22 !important; } a { color: #79c0ff; } }
  h2 { margin-top: 1.6em; font-size: 1.2em; } h2 a { color: inherit; text-decoration: none; }
  h2:target { background: rgba(255, 200, 0, 0.25); }
  pre { background: #f6f8fa; padding: 0.8em 1em; border-radius: 6px; overflow: auto; }
  code { font: 0.9em ui-monospace, monospace; }
</style>
</head>
<body>
${body}
</body>
</html>
`,
);
}
