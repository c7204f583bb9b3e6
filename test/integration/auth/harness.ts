/** A MyBucks auth core over a data directory, wired to the mock bank, for the auth integration tests. */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AppEvent } from '../../../src/shared/contract';
import { ConfSettingsStore } from '../../../src/main/adapters/node/conf-settings-store';
import { FileKeyCipher } from '../../../src/main/adapters/node/file-key-cipher';
import { CallbackUrlOpener } from '../../../src/main/adapters/node/url-opener';
import { createAuthCore } from '../../../src/main/core/auth';
import type { TokenManagerHooks } from '../../../src/main/core/auth/tokens';
import { mockBankCatalog } from '../../../src/main/core/banks/catalog';
import { ConnectionsRepo, ProvidersRepo } from '../../../src/main/core/db/connections-repo';
import { openDatabase } from '../../../src/main/core/db/database';
import { createLogger, silentLogger } from '../../../src/main/core/log';
import type { Clock, SettingsStore, UrlOpener } from '../../../src/main/core/ports';

export interface CoreDirs {
  root: string;
  /** The app's data directory (database, settings with the encrypted vault). */
  dataDir: string;
  /** The cipher key, deliberately outside the data directory. */
  keyFile: string;
}

const made: string[] = [];

export function makeDirs(): CoreDirs {
  const root = mkdtempSync(path.join(tmpdir(), 'mybucks-auth-'));
  made.push(root);
  const dataDir = path.join(root, 'data');
  mkdirSync(dataDir);
  return { root, dataDir, keyFile: path.join(root, 'keys', 'vault.key') };
}

/** Deletes every directory makeDirs created in this test file (call after closing the cores). */
export function removeDirs(): void {
  for (const root of made.splice(0)) rmSync(root, { recursive: true, force: true });
}

export interface CoreOptions {
  callbackTimeoutMs?: number;
  clock?: Clock;
  hooks?: TokenManagerHooks;
  /** Seed the mock bank's banks as providers (default true). */
  seedDefaults?: boolean;
  /** The "system browser" (default: a CallbackUrlOpener that only records the URLs). */
  opener?: UrlOpener;
  /** Wraps the settings store the vault writes to (e.g. to make writes fail as on a full disk). */
  wrapSettings?: (store: SettingsStore) => SettingsStore;
  /** Sees every HTTP exchange the OAuth client makes (requests and cloned responses). */
  onExchange?: (url: string, response: Response) => void;
  /** Receive private-use scheme redirects, as the desktop app does. */
  privateUseScheme?: boolean;
}

export function createCore(origin: string, dirs: CoreDirs, options: CoreOptions = {}) {
  const logger = process.env.MYBUCKS_TEST_LOGS ? createLogger({ level: 'debug', scope: 'auth' }) : silentLogger;
  const db = openDatabase(path.join(dirs.dataDir, 'mybucks.sqlite'));
  const providers = new ProvidersRepo(db);
  const connections = new ConnectionsRepo(db);
  const recordingFetch: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    options.onExchange?.(String(input instanceof Request ? input.url : input), res.clone());
    return res;
  };
  const events: AppEvent[] = [];
  const recorder = new CallbackUrlOpener((url) => options.opener?.open(url));
  const { issuers, registry, vault, tokens, links, redirects } = createAuthCore({
    providers,
    connections,
    cipher: new FileKeyCipher({ keyFile: dirs.keyFile }),
    settings: (options.wrapSettings ?? ((store) => store))(new ConfSettingsStore({ dir: dirs.dataDir })),
    opener: recorder,
    logger,
    onEvent: (e) => events.push(e),
    fetch: options.onExchange ? recordingFetch : undefined,
    callbackTimeoutMs: options.callbackTimeoutMs,
    clock: options.clock,
    hooks: options.hooks,
    privateUseScheme: options.privateUseScheme,
  });
  if (options.seedDefaults !== false) registry.seedCatalog(mockBankCatalog(origin));
  return {
    db, providers, connections, issuers, registry, vault, tokens, links, redirects, opened: recorder.opened, events,
    async close() {
      await links.dispose();
      db.close();
    },
  };
}
export type Core = ReturnType<typeof createCore>;

/** Every file under `dir`, recursively, with its bytes. */
export function filesUnder(dir: string): { file: string; bytes: Buffer }[] {
  const out: { file: string; bytes: Buffer }[] = [];
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) out.push(...filesUnder(file));
    else out.push({ file, bytes: readFileSync(file) });
  }
  return out;
}

/** A clock the test can move forward (to make access tokens look expired). */
export function movableClock(): Clock & { advance(ms: number): void } {
  let offset = 0;
  return { now: () => Date.now() + offset, advance: (ms) => void (offset += ms) };
}
