/**
 * Browser mode: the same core as the desktop app behind the local HTTP bridge, with the built renderer,
 * for machines where Electron cannot run and for the end-to-end tests. Run it with
 * `tsx src/main/web-main.ts [--port N] [--data-dir DIR] [--mock-bank ORIGIN] [--renderer-dir DIR] [--verbose] [--no-open]`;
 * it prints the URL and opens it in the browser (not with --no-open or CI=true); the log goes to
 * `<dataDir>/logs/mybucks.log` (with --verbose, also to stderr). Without --mock-bank it reuses a mock bank on MOCK_BANK_PORT (default 4010) or
 * starts one there in-process.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createService } from './core/service';
import { createLogger } from './core/log';
import type { Logger, UrlOpener } from './core/ports';
import { ConfSettingsStore } from './adapters/node/conf-settings-store';
import { FileKeyCipher } from './adapters/node/file-key-cipher';
import { OsUrlOpener } from './adapters/node/url-opener';
import { logFilePath, openLogFile } from './adapters/node/file-log';
import { NoFileDialogs } from './adapters/node/no-file-dialogs';
import { startBridge } from './bridge/http-bridge';
import { DEFAULT_MOCK_BANK_PORT, mockBankAnswers, mockBankStateFile } from './dev-mock-bank';
import { startMockBank } from '../../mock-bank/src/server';
import { TEST_PASSWORD } from '../../mock-bank/src/banks';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface WebAppOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default `MYBUCKS_DATA_DIR` or `~/.mybucks`. */
  dataDir?: string;
  /** The vault key, kept outside the data directory; default `<dataDir>.vault-key` beside it. */
  keyFile?: string;
  /** Origin of a running mock bank; when absent one is started in this process. */
  mockBankOrigin?: string;
  /** Port of the in-process mock bank (default 0, a free port). */
  mockBankPort?: number;
  /** Where the in-process mock bank keeps grants and clients across restarts (default: in memory). */
  mockBankPersistFile?: string;
  /** The built renderer; default `out/renderer`. */
  rendererDir?: string;
  /** How authorization URLs reach a browser; default the OS opener (tests pass a Playwright page). */
  opener?: UrlOpener;
  /** Per-run secret; random when not given. */
  secret?: string;
  logger?: Logger;
}

export interface WebApp {
  /** Open this: `http://127.0.0.1:<port>/#secret=…`. */
  url: string;
  origin: string;
  secret: string;
  mockBankOrigin: string;
  close(): Promise<void>;
}

export function defaultDataDir(): string {
  return process.env.MYBUCKS_DATA_DIR || path.join(os.homedir(), '.mybucks');
}

export async function startWebApp(options: WebAppOptions = {}): Promise<WebApp> {
  const logger = options.logger ?? createLogger();
  const dataDir = path.resolve(options.dataDir ?? defaultDataDir());
  const mockBank = options.mockBankOrigin
    ? null
    : await startMockBank({ quiet: true, port: options.mockBankPort ?? 0, persistFile: options.mockBankPersistFile });
  const mockBankOrigin = options.mockBankOrigin ?? mockBank!.origin;

  const core = createService({
    dataDir,
    cipher: new FileKeyCipher({ keyFile: options.keyFile ?? `${dataDir}.vault-key` }),
    settings: new ConfSettingsStore({ dir: dataDir }),
    opener: options.opener ?? new OsUrlOpener(),
    dialogs: new NoFileDialogs(),
    mockBankOrigin,
    logger,
    mode: 'browser',
  });
  try {
    const bridge = await startBridge({
      service: core.service,
      subscribe: core.windowEvents.on,
      rendererDir: options.rendererDir ?? path.join(projectRoot, 'out', 'renderer'),
      port: options.port ?? 0,
      secret: options.secret,
      logger,
    });
    return {
      url: bridge.url,
      origin: bridge.origin,
      secret: bridge.secret,
      mockBankOrigin,
      close: async () => {
        await bridge.close();
        await core.close();
        await mockBank?.close();
      },
    };
  } catch (error) {
    await core.close();
    await mockBank?.close();
    throw error;
  }
}

async function cli(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      'mock-bank': { type: 'string' },
      'renderer-dir': { type: 'string' },
      verbose: { type: 'boolean', default: false },
      'no-open': { type: 'boolean', default: false },
    },
  });
  const port = Number(values.port ?? process.env.MYBUCKS_PORT ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Not a port: ${values.port ?? process.env.MYBUCKS_PORT}`);
  const dataDir = path.resolve(values['data-dir'] ?? defaultDataDir());
  // A fixed mock-bank port keeps the banks' issuers, and so the linked connections, stable across runs.
  const mockBankPort = Number(process.env.MOCK_BANK_PORT ?? DEFAULT_MOCK_BANK_PORT);
  const runningBank = `http://127.0.0.1:${mockBankPort}`;
  // The terminal shows only MyBucks' own lines; the log goes to a file (and, with --verbose, to stderr too).
  const logFile = openLogFile(logFilePath(dataDir));
  const logger = createLogger({
    write: (line) => {
      logFile.write(line);
      if (values.verbose) process.stderr.write(`${line}\n`);
    },
  });
  const webApp = await startWebApp({
    port,
    dataDir,
    logger,
    mockBankOrigin:
      values['mock-bank'] ?? process.env.MYBUCKS_MOCK_BANK_ORIGIN ?? ((await mockBankAnswers(runningBank)) ? runningBank : undefined),
    mockBankPort,
    mockBankPersistFile: mockBankStateFile(dataDir),
    rendererDir: values['renderer-dir'],
  });
  logger.info('MyBucks started in browser mode', { port: new URL(webApp.url).port, dataDir, mockBank: webApp.mockBankOrigin });
  // Like a dev server, open the app in the browser, unless told not to or on CI.
  const opened =
    !values['no-open'] &&
    process.env.CI !== 'true' &&
    (await new OsUrlOpener().open(webApp.url).then(
      () => true,
      (err: unknown) => {
        logger.warn('could not open the app in the browser; the user can open the printed address', { err });
        return false;
      },
    ));
  console.log(opened ? `MyBucks is running in browser mode and opened in your browser: ${webApp.url}` : `MyBucks is running in browser mode. Open ${webApp.url}`);
  console.log(`Mock banks at ${webApp.mockBankOrigin} (sign in as sarah, password ${TEST_PASSWORD}). Log: ${logFile.path}. Ctrl-C stops.`);
  const stop = () => {
    void webApp.close().then(() => {
      logFile.close();
      process.exit(0);
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  cli().catch((error: unknown) => {
    console.error(`MyBucks could not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
