/**
 * Packaging without the network: electron-builder's own schema check of electron-builder.yml, then an
 * unpacked Linux build against a stand-in Electron directory whose "binary" carries the fuse sentinel, so
 * the fuse step runs for real. Installers (AppImage, deb, dmg, nsis) need downloads and are not built here.
 */
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import type { Configuration } from 'app-builder-lib';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { extractAll, listPackage, statFile } from '@electron/asar';
import { buildFakeElectron } from '../../shell/support/built-app';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const work = mkdtempSync(path.join(tmpdir(), 'mybucks-pack-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const run = promisify(execFile);
const appDir = path.join(work, 'dist', 'linux-unpacked');

const ON = '1'.charCodeAt(0);
const OFF = '0'.charCodeAt(0);

async function loadConfig(): Promise<Configuration> {
  return getConfig(root, path.join(root, 'electron-builder.yml'), null);
}

describe('electron-builder.yml', () => {
  it('passes electron-builder’s schema check (which does reject unknown keys)', async () => {
    const config = await loadConfig();
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    const bogus = { ...config, installerSparkles: true } as Configuration;
    await expect(validateConfiguration(bogus, new DebugLogger(false))).rejects.toThrow(/unknown property/);
  });

  it('ships only the build output, unpacks native modules and sets the fuses', async () => {
    const config = await loadConfig();
    expect(config.appId).toBe('com.mybucks.desktop');
    expect(config.productName).toBe('MyBucks');
    // getConfig normalises `files` into one filter set.
    expect(config.files).toEqual([{ filter: expect.arrayContaining(['out/**', '!out/mock-bank/**', 'package.json', '!**/*.map']) }]);
    expect(config.asarUnpack).toEqual(['**/*.node']);
    expect(config.extraResources).toEqual([{ from: 'out/mock-bank', to: 'mock-bank' }]);
    expect(config.npmRebuild).toBe(true);
    expect(config.nativeRebuilder).toBe('sequential');
    expect(config.protocols).toEqual([{ name: 'MyBucks sign-in', schemes: ['com.mybucks.app'] }]);
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.mac?.target).toEqual(['dmg']);
    expect(config.win?.target).toEqual(['nsis']);
  });
});

describe('unpacked Linux build (offline, stand-in Electron)', () => {
  it('lays out app.asar, the unpacked better-sqlite3 binary and the mock bank, with fuses flipped', async () => {
    // Main (ESM), preload (CJS) and the bundled mock bank. The renderer is whatever out/renderer holds.
    await run(process.execPath, [path.join(root, 'scripts', 'build-electron.mjs')], { cwd: root });

    const electronDist = path.join(work, 'electron');
    const output = path.join(work, 'dist');
    const sentinel = Buffer.concat([
      Buffer.from('stand-in for the electron binary\n'),
      Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'), // @electron/fuses sentinel
      Buffer.from([1, 9]), // fuse wire version 1, 9 fuses
      Buffer.from('0'.repeat(9)),
    ]);
    mkdirSync(electronDist, { recursive: true });
    writeFileSync(path.join(electronDist, 'electron'), sentinel);
    chmodSync(path.join(electronDist, 'electron'), 0o755);
    writeFileSync(path.join(electronDist, 'LICENSE'), 'MIT');
    writeFileSync(path.join(electronDist, 'LICENSES.chromium.html'), '<html></html>');

    await run(
      process.execPath,
      [
        path.join(root, 'node_modules', 'electron-builder', 'cli.js'),
        '--linux',
        '--dir',
        '--publish',
        'never',
        // No network here for @electron/rebuild; the release machine rebuilds (electron-builder.yml).
        '-c.npmRebuild=false',
        `-c.electronDist=${electronDist}`,
        `-c.directories.output=${output}`,
      ],
      { cwd: root, env: { ...process.env, CI: 'true' }, maxBuffer: 16 * 1024 * 1024 },
    );

    const asarPath = path.join(appDir, 'resources', 'app.asar');
    expect(existsSync(path.join(appDir, 'mybucks'))).toBe(true);
    expect(existsSync(asarPath)).toBe(true);
    const files = listPackage(asarPath, { isPack: false }).map((p) => p.replaceAll('\\', '/'));
    expect(files).toEqual(expect.arrayContaining(['/package.json', '/out/main/electron-main.js', '/out/preload/index.cjs', '/build/icon.png']));
    expect(files.some((f) => /^\/(src|test|mock-bank|out\/mock-bank)\//.test(f))).toBe(false);
    expect(files.some((f) => f.endsWith('.map'))).toBe(false);
    for (const dep of ['openid-client', 'electron-store', 'conf', 'zod', 'jose']) {
      expect(files).toContain(`/node_modules/${dep}/package.json`);
    }
    expect(existsSync(path.join(appDir, 'resources', 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'))).toBe(true);
    const bundledBank = path.join(appDir, 'resources', 'mock-bank', 'mock-bank.cjs');
    expect(existsSync(bundledBank)).toBe(true);
    // Self-contained: no import of a package that is not in the app.
    expect(readFileSync(bundledBank, 'utf8')).not.toMatch(/require\("(express|oidc-provider|jose)"\)/);

    const wire = await getCurrentFuseWire(path.join(appDir, 'mybucks'));
    expect(wire[FuseV1Options.RunAsNode]).toBe(OFF);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(OFF);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(OFF);
    expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(OFF);
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(ON);
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(ON);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(ON);
    expect(JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).main).toBe('out/main/electron-main.js');
  });

  it('resolves and loads every module the main bundle imports or requires from inside app.asar', async () => {
    const asarPath = path.join(appDir, 'resources', 'app.asar');
    const bundle = readFileSync(path.join(root, 'out', 'main', 'electron-main.js'), 'utf8');
    const requests = new Set<string>();
    for (const [, spec] of bundle.matchAll(/(?:^|[;\s])(?:import|export)\s[^;]*?\sfrom\s*"([^"\s]+)"/gm)) requests.add(`import:${spec}`);
    for (const [, bare, dynamic] of bundle.matchAll(/(?:^|;)\s*import\s*"([^"\s]+)"|\bimport\(\s*"([^"\s]+)"\s*\)/gm)) requests.add(`import:${bare ?? dynamic}`);
    for (const [, spec] of bundle.matchAll(/\brequire\(\s*"([^"\s]+)"\s*\)/g)) requests.add(`require:${spec}`);
    const external = [...requests].filter((r) => !/:(node:|electron$)/.test(r));
    expect(external).toEqual(expect.arrayContaining(['import:better-sqlite3', 'import:openid-client', 'import:zod', 'import:electron-store', 'import:electron-updater']));

    const extracted = path.join(work, 'extracted');
    extractAll(asarPath, extracted);
    const fake = await buildFakeElectron(path.join(work, 'fake-electron.cjs'));
    const probe = path.join(root, 'test', 'shell', 'support', 'resolve-probe.mjs');
    const { stdout } = await run(
      process.execPath,
      ['--experimental-import-meta-resolve', '--no-warnings', probe, fake, path.join(extracted, 'out', 'main', 'electron-main.js'), ...external],
      { cwd: extracted, env: { ...process.env, HOME: work } },
    );
    const results = JSON.parse(stdout) as { request: string; resolved?: string; error?: string }[];
    expect(results.map((r) => r.request).sort()).toEqual(external.sort());
    expect(results.filter((r) => r.error)).toEqual([]);
    const inside = `${pathToFileURL(extracted).href}/node_modules/`;
    for (const r of results) expect(r.resolved?.startsWith(inside), `${r.request} → ${r.resolved}`).toBe(true);
    // better-sqlite3 loads its native binary, which the archive marks as unpacked beside it.
    const native = statFile(asarPath, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    expect('unpacked' in native && native.unpacked).toBe(true);
  });
});
