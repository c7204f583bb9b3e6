#!/usr/bin/env node
/**
 * `npm start`: the desktop app when Electron's binary is installed, otherwise browser mode (the same core
 * and renderer behind a local HTTP bridge; it prints the URL to open). Ctrl-C stops everything.
 * Extra arguments are passed to browser mode (e.g. `npm start -- --port 5170`).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const rendererIndex = path.join(root, 'out', 'renderer', 'index.html');

/** The Electron executable if its binary was downloaded (electron ≥42 fetches it lazily), else null. */
function electronBinary() {
  try {
    const dir = path.dirname(require.resolve('electron/package.json', { paths: [root] }));
    const pathFile = path.join(dir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const binary = path.join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

function newestMtime(target) {
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

function rendererIsStale() {
  if (!existsSync(rendererIndex)) return true;
  const sources = ['src/renderer', 'src/shared', 'vite.renderer.config.ts'].map((p) => path.join(root, p)).filter(existsSync);
  return Math.max(...sources.map(newestMtime)) > statSync(rendererIndex).mtimeMs;
}

const children = new Set();
function run(command, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', ...opts });
    children.add(child);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      children.delete(child);
      if (code === 0 || signal === 'SIGINT' || signal === 'SIGTERM') resolve(code ?? 0);
      else reject(new Error(`${path.basename(command)} ${args.join(' ')} exited with ${code ?? signal}`));
    });
  });
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const child of children) child.kill(signal);
    if (children.size === 0) process.exit(130);
  });
}

const node = process.execPath;
const viteBin = path.join(path.dirname(require.resolve('vite/package.json', { paths: [root] })), 'bin', 'vite.js');
const tsxBin = path.join(path.dirname(require.resolve('tsx/package.json', { paths: [root] })), 'dist', 'cli.mjs');

async function buildRenderer() {
  if (rendererIsStale()) await run(node, [viteBin, 'build', '--config', 'vite.renderer.config.ts', '--logLevel', 'warn']);
}

try {
  const electron = electronBinary();
  if (electron) {
    await buildRenderer();
    await run(node, [path.join(root, 'scripts', 'build-electron.mjs')]);
    await run(electron, [root]);
  } else {
    console.log("Electron's binary is not installed here; starting MyBucks in browser mode.");
    await buildRenderer();
    await run(node, [tsxBin, 'src/main/web-main.ts', ...process.argv.slice(2)]);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
