/** Browser mode wired for real: the core service and an in-process mock bank behind the bridge. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebApp } from '../../../src/main/web-main';
import type { WebApp } from '../../../src/main/web-main';
import { CallbackUrlOpener } from '../../../src/main/adapters/node/url-opener';
import { silentLogger } from '../../../src/main/core/log';
import { BRIDGE_SECRET_HEADER } from '../../../src/shared/bridge';

describe('startWebApp', () => {
  const base = mkdtempSync(path.join(tmpdir(), 'mybucks-web-'));
  const dataDir = path.join(base, 'data');
  const opener = new CallbackUrlOpener();
  let web: WebApp;

  beforeAll(async () => {
    web = await startWebApp({ dataDir, opener, rendererDir: path.join(base, 'no-renderer'), logger: silentLogger });
  });
  afterAll(async () => {
    await web?.close();
    rmSync(base, { recursive: true, force: true });
  });

  const call = async (method: string, input?: unknown) => {
    const res = await fetch(`${web.origin}/api/${method}`, {
      method: 'POST',
      headers: { [BRIDGE_SECRET_HEADER]: web.secret, 'content-type': 'application/json' },
      body: input === undefined ? '' : JSON.stringify(input),
    });
    return { status: res.status, body: (await res.json()) as { result?: unknown; error?: { code: string } } };
  };

  it('prints a 127.0.0.1 URL with the secret and starts its own mock bank', () => {
    expect(web.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#secret=.+/);
    expect(web.mockBankOrigin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('serves the core: the mock banks are offered, data lives in the data directory', async () => {
    const providers = await call('listProviders');
    expect(providers.status).toBe(200);
    const names = (providers.body.result as { name: string }[]).map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['Memorial Bank']));
    expect(existsSync(path.join(dataDir, 'mybucks.sqlite'))).toBe(true);
    const info = await call('getAppInfo');
    expect(info.status).toBe(200);
  });

  it('backs up, lists, inspects and exports through the bridge; there is no file dialog in browser mode', async () => {
    expect((await call('chooseFile', { purpose: 'save-backup' })).body.result).toEqual({ path: null });
    const created = await call('createBackup', {});
    expect(created.status).toBe(200);
    const backup = created.body.result as { path: string; kind: string };
    expect(backup.kind).toBe('manual');
    expect(existsSync(backup.path)).toBe(true);
    expect((await call('listBackups')).body.result).toEqual([created.body.result]);
    const inspection = (await call('inspectBackup', { path: backup.path })).body.result as { restorable: boolean };
    expect(inspection.restorable).toBe(true);
    const exported = (await call('exportData', { format: 'json' })).body.result as { path: string };
    expect(exported.path.startsWith(path.join(dataDir, 'exports'))).toBe(true);
    expect((await call('getBackupSettings')).body.result).toMatchObject({ automatic: true, keep: 7, folder: path.join(dataDir, 'backups') });
    const relative = await call('createBackup', { path: 'b.sqlite' });
    expect(relative).toMatchObject({ status: 400, body: { error: { code: 'invalid_input' } } });
  });

  it('starting a link hands the authorization URL to the opener, not to the page', async () => {
    const providers = (await call('listProviders')).body.result as { id: string }[];
    const started = await call('startLink', { providerId: providers[0].id });
    expect(started.status).toBe(200);
    const { linkId, authorizationUrl } = started.body.result as { linkId: string; authorizationUrl: string };
    expect(opener.opened).toContain(authorizationUrl);
    expect(authorizationUrl.startsWith(web.mockBankOrigin)).toBe(true);
    expect((await call('cancelLink', { linkId })).status).toBe(200);
    expect((await call('startLink', { providerId: '' })).body.error?.code).toBe('invalid_input');
  });
});
