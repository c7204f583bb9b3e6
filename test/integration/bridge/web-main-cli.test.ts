/**
 * `npm start` in browser mode, as a terminal user runs it: web-main's CLI prints its own two lines and
 * nothing else (the log goes to <dataDir>/logs/mybucks.log, 0600; --verbose also prints it), and opens the
 * app in the browser unless --no-open or CI=true. The "browser" is a fake xdg-open first on PATH.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const base = mkdtempSync(path.join(tmpdir(), 'mybucks-cli-'));
const fakeBin = path.join(base, 'bin');
const openedFile = path.join(base, 'opened.txt');
mkdirSync(fakeBin);
writeFileSync(path.join(fakeBin, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$1" >> '${openedFile}'\n`);
chmodSync(path.join(fakeBin, 'xdg-open'), 0o755);

const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(base, { recursive: true, force: true });
});

/** Node 20 only: the in-process mock bank's library warns about the runtime; not MyBucks' output. */
const foreign = (line: string) => line.startsWith('oidc-provider WARNING: Unsupported runtime');

async function runCli(name: string, args: string[], env: Record<string, string | undefined>) {
  const dataDir = path.join(base, name);
  const child = spawn(process.execPath, [tsx, 'src/main/web-main.ts', '--data-dir', dataDir, '--renderer-dir', path.join(base, 'none'), ...args], {
    cwd: root,
    env: { ...process.env, MOCK_BANK_PORT: '0', MYBUCKS_MOCK_BANK_ORIGIN: undefined, MYBUCKS_LOG_LEVEL: undefined, PATH: `${fakeBin}:${process.env.PATH}`, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  await expect.poll(() => stdout.split('\n').filter(Boolean).length, { timeout: 60_000, interval: 100 }).toBeGreaterThanOrEqual(2);
  const logFile = path.join(dataDir, 'logs', 'mybucks.log');
  // the start is logged
  await expect.poll(() => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''), { timeout: 20_000 }).toMatch(/ INFO /);
  const stopped = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await stopped;
  return { stdout: stdout.split('\n').filter(Boolean), stderr: stderr.split('\n').filter((l) => l && !foreign(l)), logFile };
}

describe('web-main in a terminal', () => {
  it('prints only its two lines; the log goes to a 0600 file in the data directory; CI=true opens nothing', { timeout: 90_000 }, async () => {
    const run = await runCli('quiet', [], { CI: 'true' });
    expect(run.stdout).toHaveLength(2);
    expect(run.stdout[0]).toMatch(/^MyBucks is running in browser mode\. Open http:\/\/127\.0\.0\.1:\d+\/#secret=\S+$/);
    expect(run.stdout[1]).toContain(`Log: ${run.logFile}.`);
    expect(run.stderr).toEqual([]);
    expect(readFileSync(run.logFile, 'utf8')).toMatch(/^\S+ INFO MyBucks started in browser mode/m);
    expect(readFileSync(run.logFile, 'utf8')).not.toContain('secret');
    if (process.platform !== 'win32') expect(statSync(run.logFile).mode & 0o777).toBe(0o600);
    expect(existsSync(openedFile)).toBe(false);
  });

  it('with --verbose also prints the log lines (to stderr)', { timeout: 90_000 }, async () => {
    const run = await runCli('verbose', ['--verbose', '--no-open'], { CI: undefined });
    expect(run.stdout).toHaveLength(2);
    expect(run.stderr.some((l) => / INFO MyBucks started in browser mode/.test(l))).toBe(true);
    expect(existsSync(openedFile)).toBe(false);
  });

  it('opens the app in the browser, as dev servers do', { timeout: 90_000 }, async () => {
    const run = await runCli('opens', [], { CI: undefined });
    const url = /(http:\/\/127\.0\.0\.1:\d+\/#secret=\S+)$/.exec(run.stdout[0])?.[1];
    expect(run.stdout[0]).toBe(`MyBucks is running in browser mode and opened in your browser: ${url}`);
    expect(readFileSync(openedFile, 'utf8').trim()).toBe(url);
    expect(run.stderr).toEqual([]);
  });
});
