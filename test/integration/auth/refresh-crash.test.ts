/**
 * A crash between the refresh and its persistence. The core runs in a child process that is killed with
 * SIGKILL after the bank's token endpoint answered a refresh (rotating the refresh token) and before the
 * vault write. Documented outcome: the vault still holds the old refresh token, which the bank already
 * replaced; on the next start, using it is refresh-token reuse, so the bank refuses it (invalid_grant)
 * and revokes the grant. The connection becomes needs_reauth with its data kept; re-linking restores
 * the same connection. Nothing is lost but the session.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockBank, type MockBankHandle } from '../../../mock-bank/src/server';
import { approveWithForms } from '../../support/bank-consent';
import { createCore, makeDirs, removeDirs } from './harness';

let bank: MockBankHandle;
beforeAll(async () => {
  bank = await startMockBank({ port: 0, quiet: true, transactionsPerAccount: 5 });
});
afterAll(async () => {
  await bank?.close();
  removeDirs();
});

function runChildUntilTokenAnswer(args: unknown): Promise<{ message: string; signal: NodeJS.Signals | null }> {
  const child = fork(fileURLToPath(new URL('./refresh-crash-child.ts', import.meta.url)), [JSON.stringify(args)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    let message = '';
    child.once('message', (m) => {
      message = String(m);
      if (message === 'token-endpoint-answered') child.kill('SIGKILL');
    });
    child.once('error', reject);
    child.once('exit', (_code, signal) => resolve({ message, signal }));
  });
}

describe('crash between refresh and persistence', () => {
  it('loses only the session: the connection needs re-authorization, and re-linking restores it', async () => {
    const dirs = makeDirs();
    const app = createCore(bank.origin, dirs);
    const started = await app.links.start('memorial');
    await fetch(await approveWithForms(started.authorizationUrl, { username: 'sarah' }));
    const connectionId = (await started.result).connectionId as string;
    const url = `${app.registry.get('memorial').apiBase}/accounts`;
    const before = await app.vault.load(connectionId);
    await app.close(); // the app quits normally

    const crash = await runChildUntilTokenAnswer({ origin: bank.origin, dirs, connectionId, url });
    expect(crash).toEqual({ message: 'token-endpoint-answered', signal: 'SIGKILL' });

    const restarted = createCore(bank.origin, dirs);
    try {
      expect(await restarted.vault.load(connectionId)).toEqual(before); // the rotated token never reached the disk
      await expect(restarted.tokens.fetchResource(connectionId, url)).rejects.toMatchObject({ name: 'ReauthRequiredError' });
      expect(restarted.connections.get(connectionId)).toMatchObject({ status: 'needs_reauth', sub: 'sarah' });

      const relink = await restarted.links.start('memorial', { reauthorizeConnectionId: connectionId });
      await fetch(await approveWithForms(relink.authorizationUrl, { username: 'sarah' }));
      expect(await relink.result).toMatchObject({ outcome: 'linked', connectionId });
      expect((await restarted.tokens.fetchResource(connectionId, url)).status).toBe(200);
    } finally {
      await restarted.close();
    }
  });
});
