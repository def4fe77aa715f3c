// Bundles the viewer page into DIR/viewer (index.html, viewer.js, viewer.css) for the northbound jar:
//   node build.mjs DIR      (Maven passes target/classes; VIEWER_MINIFY=0 keeps names readable for a profile)
// Everything the page loads is in these three files: no CDN, no fetch of anything but Sluice's own API.
import { build } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';

const out = join(process.argv[2] ?? 'dist', 'viewer');
await mkdir(out, { recursive: true });
await build({
  entryPoints: ['src/main.js'],
  bundle: true,
  minify: process.env.VIEWER_MINIFY !== "0",
  format: 'iife',
  target: 'es2020',
  outfile: join(out, 'viewer.js'),
  legalComments: 'none',
  logLevel: 'warning',
});
await copyFile('src/index.html', join(out, 'index.html'));
await copyFile('src/viewer.css', join(out, 'viewer.css'));
