/**
 * Runs the mock bank next to the app in development, as a child process (`tsx mock-bank/src/cli.ts`).
 * A fixed port (default 4010) keeps the banks' issuers, and so the linked connections, the same from one
 * run to the next; a mock bank already answering there is reused.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

export const DEFAULT_MOCK_BANK_PORT = 4010;

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
