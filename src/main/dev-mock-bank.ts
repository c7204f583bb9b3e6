/**
 * Runs the mock bank next to the app in development, as a child process (`tsx mock-bank/src/cli.ts`).
 * A fixed port (default 4010) keeps the banks' issuers, and so the linked connections, the same from one
 * run to the next; a mock bank already answering there is reused.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const DEFAULT_MOCK_BANK_PORT = 4010;

/**
 * Where the mock bank keeps its grants, clients and consents: beside the app's data folder, never in it.
 * Those are the bank's records (refresh tokens included, in plain text as a bank's database would hold
 * them), so they must not sit among MyBucks' own files, be copied with them, or look like MyBucks' data.
 * A file an older version left inside the data folder is moved out.
 */
export function mockBankStateFile(dataDir: string): string {
  const file = `${path.resolve(dataDir)}.mock-bank.json`;
  const legacy = path.join(dataDir, 'mock-bank.json');
  if (fs.existsSync(legacy)) {
    if (fs.existsSync(file)) fs.rmSync(legacy);
    else fs.renameSync(legacy, file);
  }
  return file;
}

export interface MockBankProcess {
  origin: string;
  stop(): void;
}

/** Whether a mock bank answers at `origin` (its home page is mounted last, once every bank is up). */
export async function mockBankAnswers(origin: string): Promise<boolean> {
  return fetch(origin, { signal: AbortSignal.timeout(1000) }).then(
    (res) => res.ok,
    () => false,
  );
}

async function waitUntilAnswering(origin: string, exited: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited()) throw new Error('The mock bank exited before it started listening.');
    if (await mockBankAnswers(origin)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The mock bank did not answer at ${origin} within ${timeoutMs / 1000} s.`);
}

export interface MockBankProcessOptions {
  port?: number;
  /** Grants, clients and consents survive restarts in this file. */
  persistFile?: string;
  timeoutMs?: number;
}

export async function startMockBankProcess(projectRoot: string, options: MockBankProcessOptions = {}): Promise<MockBankProcess> {
  const port = options.port ?? DEFAULT_MOCK_BANK_PORT;
  const origin = `http://127.0.0.1:${port}`;
  if (await mockBankAnswers(origin)) return { origin, stop: () => {} };

  const tsx = path.join(projectRoot, 'node_modules', '.bin', process.platform === 'win32' ? 'tsx.cmd' : 'tsx');
  const args = ['mock-bank/src/cli.ts', '--host', '127.0.0.1', '--port', String(port), '--quiet'];
  if (options.persistFile) args.push('--persist', options.persistFile);
  const child = spawn(tsx, args, { cwd: projectRoot, stdio: ['ignore', 'inherit', 'inherit'] });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const stop = () => {
    if (!exited) child.kill();
  };
  try {
    await waitUntilAnswering(origin, () => exited, options.timeoutMs ?? 60_000);
  } catch (error) {
    stop();
    throw error;
  }
  return { origin, stop };
}
