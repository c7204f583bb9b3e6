/**
 * Development helper: runs the mock bank (`tsx mock-bank/src/cli.ts`) as a child process on a free
 * 127.0.0.1 port and waits until it answers. Used by the Electron shell when not packaged.
 */
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

export interface MockBankProcess {
  origin: string;
  stop(): void;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilAnswering(origin: string, exited: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited()) throw new Error('The mock bank exited before it started listening.');
    // The server listens before its banks are mounted: wait for the home page (mounted last).
    const ok = await fetch(origin, { signal: AbortSignal.timeout(1000) }).then(
      (res) => res.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The mock bank did not answer at ${origin} within ${timeoutMs / 1000} s.`);
}

export async function startMockBankProcess(projectRoot: string, timeoutMs = 60_000): Promise<MockBankProcess> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const tsx = path.join(projectRoot, 'node_modules', '.bin', process.platform === 'win32' ? 'tsx.cmd' : 'tsx');
  const child = spawn(tsx, ['mock-bank/src/cli.ts', '--host', '127.0.0.1', '--port', String(port)], {
    cwd: projectRoot,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const stop = () => {
    if (!exited) child.kill();
  };
  try {
    await waitUntilAnswering(origin, () => exited, timeoutMs);
  } catch (error) {
    stop();
    throw error;
  }
  return { origin, stop };
}
