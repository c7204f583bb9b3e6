/** The app lock through the real service: what is stored on disk, what crosses to the window, a restart. */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AppEvent } from '../../../src/shared/contract';
import { ConfSettingsStore } from '../../../src/main/adapters/node/conf-settings-store';
import { FileKeyCipher } from '../../../src/main/adapters/node/file-key-cipher';
import { CallbackUrlOpener } from '../../../src/main/adapters/node/url-opener';
import { createService } from '../../../src/main/core/service';
import { silentLogger } from '../../../src/main/core/log';
import { toApiErrorBody } from '../../../src/main/api-errors';

const base = mkdtempSync(path.join(tmpdir(), 'mybucks-lock-'));
const dataDir = path.join(base, 'data');
const open: { close(): Promise<void> }[] = [];
afterAll(async () => {
  await Promise.all(open.map((c) => c.close()));
  rmSync(base, { recursive: true, force: true });
});

function start() {
  const core = createService({
    dataDir,
    cipher: new FileKeyCipher({ keyFile: path.join(base, 'vault-key') }),
    settings: new ConfSettingsStore({ dir: dataDir }),
    opener: new CallbackUrlOpener(),
    logger: silentLogger,
    backups: { firstCheckDelayMs: 3_600_000 },
  });
  open.push(core);
  const seen: AppEvent[] = [];
  core.windowEvents.on((e) => seen.push(e));
  return { core, seen };
}

describe('the app lock in the service', () => {
  it('keeps no passcode on disk, refuses data calls with a plain message while locked, and tells the window', async () => {
    const { core, seen } = start();
    await core.service.configureLock({ passcode: 'tulip-4821', idleMinutes: 5 });
    const files = readdirSync(dataDir, { withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => readFileSync(path.join(dataDir, entry.name)).toString('latin1'));
    expect(files.some((text) => text.includes('"salt"'))).toBe(true);
    for (const text of files) expect(text).not.toContain('tulip-4821');
    await core.service.lockNow();
    expect(seen.at(-1)).toEqual({ type: 'lock-changed' });
    const refused = await core.service.listAccounts().catch((err: unknown) => err);
    expect(toApiErrorBody(refused)).toEqual({ code: 'locked', message: 'MyBucks is locked. Enter your passcode to see your figures.' });
    await expect(core.service.getAppInfo()).resolves.toMatchObject({ mode: 'browser' });
    await core.service.unlock({ passcode: 'tulip-4821' });
    await expect(core.service.listAccounts()).resolves.toEqual([]);
  });

  it('starts locked after a restart', async () => {
    await open.shift()!.close();
    const { core } = start();
    await expect(core.service.getLockStatus()).resolves.toMatchObject({ enabled: true, locked: true, idleMinutes: 5 });
    // the desktop shell reads its own settings at start-up, locked or not
    await expect(core.service.getDesktopSettings()).rejects.toMatchObject({ code: 'locked' });
    expect(core.desktopSettings()).toEqual({ runInBackground: true, startAtLogin: false });
  });
});
