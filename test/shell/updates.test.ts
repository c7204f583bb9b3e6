/**
 * Updates against a local feed (127.0.0.1, port 0) serving latest-linux.yml and an AppImage, driven by
 * electron-updater's own AppImageUpdater (no Electron needed: an AppAdapter stands in for Electron's app,
 * and its HTTP executor sends requests with Node's http instead of Electron's net). It must offer and
 * download a newer version, and refuse a download whose sha512 is not the feed's.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AppImageUpdater } from 'electron-updater';
import { ElectronHttpExecutor } from 'electron-updater/out/electronHttpExecutor';
import { startUpdates, updateFeedUrl, type Updater } from '../../src/main/updates';

const work = mkdtempSync(path.join(tmpdir(), 'mybucks-updates-'));
const release = Buffer.from('the MyBucks 0.2.0 AppImage\n'.repeat(1000));
const sha512 = (bytes: Buffer) => createHash('sha512').update(bytes).digest('base64');
/** What the feed serves as the installer (set per test). */
let served = release;
const requested: string[] = [];

const server = http.createServer((req, res) => {
  const { pathname } = new URL(req.url ?? '/', 'http://127.0.0.1');
  requested.push(pathname);
  if (pathname.endsWith('.yml')) {
    res.writeHead(200, { 'content-type': 'text/yaml' });
    res.end(
      [
        'version: 0.2.0',
        'files:',
        '  - url: MyBucks-0.2.0.AppImage',
        `    sha512: ${sha512(release)}`,
        `    size: ${release.length}`,
        'path: MyBucks-0.2.0.AppImage',
        `sha512: ${sha512(release)}`,
        "releaseDate: '2026-11-29T08:00:00.000Z'",
        '',
      ].join('\n'),
    );
  } else if (pathname === '/MyBucks-0.2.0.AppImage') {
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': served.length });
    res.end(served);
  } else {
    res.writeHead(404).end();
  }
});
let feed: string;
const savedAppImage = process.env.APPIMAGE;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  feed = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  // the AppImage MyBucks runs from (electron-updater replaces it)
  process.env.APPIMAGE = path.join(work, 'MyBucks-0.1.0.AppImage');
  writeFileSync(process.env.APPIMAGE, 'the running 0.1.0');
});
afterAll(async () => {
  if (savedAppImage === undefined) delete process.env.APPIMAGE;
  else process.env.APPIMAGE = savedAppImage;
  await new Promise((resolve) => server.close(resolve));
  rmSync(work, { recursive: true, force: true });
});

const stops: (() => void)[] = [];
afterEach(() => stops.splice(0).forEach((stop) => stop()));

/** electron-updater's executor (redirects, download, sha512 check) over Node's http instead of Electron's net. */
class NodeNetExecutor extends ElectronHttpExecutor {
  override createRequest(options: http.RequestOptions, callback: (response: http.IncomingMessage) => void) {
    return http.request(options, callback) as unknown as ReturnType<ElectronHttpExecutor['createRequest']>;
  }
}

/** electron-updater's Linux updater for an installed MyBucks 0.1.0 whose caches live under `dir`. */
function appImageUpdater(dir: string): AppImageUpdater {
  const app = {
    version: '0.1.0',
    name: 'MyBucks',
    isPackaged: true,
    appUpdateConfigPath: path.join(dir, 'app-update.yml'),
    userDataPath: dir,
    baseCachePath: path.join(dir, 'cache'),
    whenReady: async () => {},
    relaunch: () => {},
    quit: () => {},
    onQuit: () => {},
  };
  const updater = new AppImageUpdater(null, app);
  Object.defineProperty(updater, 'httpExecutor', { value: new NodeNetExecutor() });
  updater.disableDifferentialDownload = true;
  return updater;
}

function run(dir: string) {
  const updater = appImageUpdater(dir);
  const events: string[] = [];
  updater.on('update-available', (info: { version: string }) => events.push(`available ${info.version}`));
  const warnings: string[] = [];
  const ready = new Promise<string>((resolve, reject) => {
    stops.push(startUpdates(updater as unknown as Updater, { url: feed, configFile: path.join(dir, 'app-update.yml') }, { info() {}, warn: (m, f) => warnings.push(`${m} ${JSON.stringify(f ?? {})}`) }, resolve));
    updater.on('error', reject);
  });
  return { updater, events, warnings, ready };
}

describe('updates from a generic feed', () => {
  it('are off unless a feed is configured, and only over https (plain http only on this computer)', () => {
    expect(updateFeedUrl(undefined)).toBeNull();
    expect(updateFeedUrl('')).toBeNull();
    expect(updateFeedUrl('http://updates.example/mybucks/')).toBeNull();
    expect(updateFeedUrl('file:///tmp/feed')).toBeNull();
    expect(updateFeedUrl('https://updates.example/mybucks/')).toBe('https://updates.example/mybucks/');
    expect(updateFeedUrl('http://127.0.0.1:8080/feed/')).toBe('http://127.0.0.1:8080/feed/');
  });

  it('offers a newer version and downloads it, its sha512 checked', async () => {
    served = release;
    const dir = mkdtempSync(path.join(work, 'ok-'));
    const { events, ready } = run(dir);
    await expect(ready).resolves.toBe('0.2.0');
    expect(events).toEqual(['available 0.2.0']);
    expect(requested).toContain('/MyBucks-0.2.0.AppImage');
    const pending = path.join(dir, 'cache', 'mybucks-updater', 'pending');
    expect(readdirSync(pending)).toContain('MyBucks-0.2.0.AppImage');
    expect(readFileSync(path.join(pending, 'MyBucks-0.2.0.AppImage')).equals(release)).toBe(true);
  });

  it('refuses a download whose sha512 is not the one the feed states, and keeps nothing', async () => {
    served = Buffer.from('a tampered installer\n'.repeat(1000));
    const dir = mkdtempSync(path.join(work, 'bad-'));
    const { events, warnings, ready } = run(dir);
    await expect(ready).rejects.toThrow(/sha512 checksum mismatch/);
    expect(events).toEqual(['available 0.2.0']);
    expect(warnings.join('\n')).toMatch(/update failed .*sha512 checksum mismatch/);
    const pending = path.join(dir, 'cache', 'mybucks-updater', 'pending');
    expect(existsSync(path.join(pending, 'MyBucks-0.2.0.AppImage'))).toBe(false);
  });
});
