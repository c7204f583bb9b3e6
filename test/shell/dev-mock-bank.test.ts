import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startMockBankProcess } from '../../src/main/dev-mock-bank';

const root = path.resolve(import.meta.dirname, '..', '..');

describe('development mock bank child process', () => {
  it('starts the mock bank CLI on a free 127.0.0.1 port, answers, and stops', { timeout: 90_000 }, async () => {
    const bank = await startMockBankProcess(root, 80_000);
    try {
      expect(bank.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
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
