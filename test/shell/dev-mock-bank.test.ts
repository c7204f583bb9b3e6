import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startMockBankProcess } from '../../src/main/dev-mock-bank';

const root = path.resolve(import.meta.dirname, '..', '..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe('development mock bank child process', () => {
  it('starts the mock bank CLI on the given port, reuses a running one, and stops', { timeout: 90_000 }, async () => {
    const port = await freePort();
    const bank = await startMockBankProcess(root, { port, timeoutMs: 80_000 });
    try {
      expect(bank.origin).toBe(`http://127.0.0.1:${port}`);
      const again = await startMockBankProcess(root, { port });
      expect(again.origin).toBe(bank.origin);
      again.stop(); // reused: must not stop the one that runs
      const res = await fetch(`${bank.origin}/memorial/.well-known/openid-configuration`);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { issuer: string }).issuer).toBe(`${bank.origin}/memorial`);
    } finally {
      bank.stop();
    }
    await expect
      .poll(async () => fetch(bank.origin).then(() => 'up', () => 'down'), { timeout: 10_000 })
      .toBe('down');
  });
});
