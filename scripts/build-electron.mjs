#!/usr/bin/env node
/**
 * Builds what Electron loads: the main process (ESM, src/main/electron-main.ts → out/main/electron-main.js)
 * and the preload (CommonJS, because sandboxed preloads cannot be ESM → out/preload/index.cjs). Runtime
 * dependencies stay external (electron-builder ships them from node_modules; better-sqlite3 is native).
 * The mock bank is bundled whole (CommonJS, every dependency inlined → out/mock-bank/mock-bank.cjs) for
 * the packaged app, which runs it in a utility process. The renderer is built separately:
 * `vite build --config vite.renderer.config.ts` → out/renderer.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const external = ['electron', ...Object.keys(pkg.dependencies ?? {})];

const minify = process.argv.includes('--minify');
// Tests build into a scratch folder (`--outdir=<dir>`) so they never race another build of out/.
const outdir = process.argv.find((a) => a.startsWith('--outdir='))?.slice('--outdir='.length) ?? 'out';
const common = { bundle: true, sourcemap: true, minify, logLevel: 'warning', absWorkingDir: root, legalComments: 'none' };

await Promise.all([
  build({
    ...common,
    entryPoints: ['src/main/electron-main.ts'],
    outfile: path.join(outdir, 'main/electron-main.js'),
    platform: 'node',
    format: 'esm',
    target: 'node22',
    external,
    // The update feed of a release (off when empty; src/main/updates.ts).
    define: { __MYBUCKS_UPDATE_FEED__: JSON.stringify(process.env.MYBUCKS_UPDATE_FEED ?? '') },
    // Bundled CommonJS helpers may call require(); give the ESM bundle one.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  }),
  build({
    ...common,
    entryPoints: ['src/preload/index.ts'],
    outfile: path.join(outdir, 'preload/index.cjs'),
    platform: 'node',
    format: 'cjs',
    target: 'chrome130',
    external: ['electron'],
  }),
  build({
    ...common,
    sourcemap: false,
    entryPoints: ['src/main/mock-bank-utility.ts'],
    outfile: path.join(outdir, 'mock-bank/mock-bank.cjs'),
    platform: 'node',
    format: 'cjs',
    target: 'node22',
  }),
]);
console.log(`Built ${outdir}/main/electron-main.js, ${outdir}/preload/index.cjs and ${outdir}/mock-bank/mock-bank.cjs`);
