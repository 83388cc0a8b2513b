// Builds the workshop page: node build.mjs [OUT_DIR]  (or WFSIM_VIZ_DIST=OUT_DIR).
// Writes OUT_DIR/index.html, app.js and app.css: everything local, no CDN.
import { build } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(process.argv[2] ?? process.env.WFSIM_VIZ_DIST ?? path.join(here, 'dist'));

await mkdir(out, { recursive: true });
await build({
  entryPoints: [{ in: path.join(here, 'src/main.js'), out: 'app' }, { in: path.join(here, 'src/style.css'), out: 'app' }],
  outdir: out,
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['chrome110', 'firefox115', 'safari16'],
  legalComments: 'eof',
  logLevel: 'warning',
});
await copyFile(path.join(here, 'src/index.html'), path.join(out, 'index.html'));
console.log(`wfsim page built in ${out}`);
