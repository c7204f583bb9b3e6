/**
 * The app as `npm run build:electron` writes it, in a scratch root (so it never races another build of
 * out/): the real build script run with `--outdir`, the renderer built by `npm run build:renderer`
 * (built here only when out/renderer is missing), package.json and node_modules beside it as in the
 * packaged app. Also the fake electron, bundled to CommonJS for code that runs outside Vitest.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';

const run = promisify(execFile);
export const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');

export interface BuiltApp {
  root: string;
  mainBundle: string;
  preloadBundle: string;
  rendererDir: string;
  fakeElectron: string;
  dispose(): void;
}

export async function buildApp(): Promise<BuiltApp> {
  const root = mkdtempSync(path.join(tmpdir(), 'mybucks-built-'));
  const out = path.join(root, 'out');
  const repoRenderer = path.join(repoRoot, 'out', 'renderer');
  if (!existsSync(path.join(repoRenderer, 'index.html'))) {
    await run(process.execPath, [path.join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'vite.renderer.config.ts'], { cwd: repoRoot });
  }
  await run(process.execPath, [path.join(repoRoot, 'scripts', 'build-electron.mjs'), `--outdir=${out}`], { cwd: repoRoot });
  cpSync(repoRenderer, path.join(out, 'renderer'), { recursive: true });
  copyFileSync(path.join(repoRoot, 'package.json'), path.join(root, 'package.json'));
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  const fakeElectron = await buildFakeElectron(path.join(root, 'fake-electron.cjs'));
  return {
    root,
    mainBundle: path.join(out, 'main', 'electron-main.js'),
    preloadBundle: path.join(out, 'preload', 'index.cjs'),
    rendererDir: path.join(out, 'renderer'),
    fakeElectron,
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** test/fakes/electron.ts as one CommonJS file, for register-fake-electron.mjs. */
export async function buildFakeElectron(outfile: string): Promise<string> {
  await build({
    entryPoints: [path.join(repoRoot, 'test', 'fakes', 'electron.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'warning',
  });
  return outfile;
}
