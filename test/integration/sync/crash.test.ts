import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockBank, type MockBankHandle } from '../../../mock-bank/src/server';
import { openDatabase } from '../../../src/main/core/db/database';
import { bankAccounts, connectionIdOf, duplicateCount, expectAgreesWithBank, linkedDb, mintTokens, sandbox, totalsConsistent, USER } from './harness';

const child = fileURLToPath(new URL('./sync-child.ts', import.meta.url));
let handle: MockBankHandle;
let tokens: Record<string, string>;
let dir: string;
let dbFile: string;

beforeAll(async () => {
  handle = await startMockBank({ port: 0, quiet: true, seed: 11, transactionsPerAccount: 200, pageSize: 25 });
  tokens = await mintTokens(handle);
  dir = mkdtempSync(join(tmpdir(), 'mybucks-crash-'));
  dbFile = join(dir, 'mybucks.sqlite');
  linkedDb(handle, dbFile).close();
});
afterAll(async () => {
  await handle?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the sync child; SIGKILLs it once it has stored `killAfterPages` pages (never, when null). */
function runChild(killAfterPages: number | null): Promise<{ signal: NodeJS.Signals | null; code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, dbFile], {
      env: { ...process.env, SYNC_CHILD_CONFIG: JSON.stringify({ tokens, connectionIds: handle.banks.map((b) => connectionIdOf(b.id)) }) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    let pages = 0;
    proc.stdout.setEncoding('utf8');
    proc.stdout.on('data', (chunk: string) => {
      output += chunk;
      pages += chunk.split('\n').filter((l) => l.startsWith('page ')).length;
      if (killAfterPages !== null && pages >= killAfterPages) proc.kill('SIGKILL');
    });
    proc.on('error', reject);
    proc.on('exit', (code, signal) => resolve({ code, signal, output }));
  });
}

function inspect() {
  const db = openDatabase(dbFile);
  try {
    return {
      integrity: db.pragma('integrity_check', { simple: true }),
      duplicates: duplicateCount(db),
      booked: new Set((db.prepare("SELECT account_id || '/' || bank_tx_id AS k FROM transactions WHERE status = 'booked'").all() as { k: string }[]).map((r) => r.k)),
    };
  } finally {
    db.close();
  }
}

describe('a sync process killed with SIGKILL', () => {
  it('restarts to a consistent database at every kill point and the next sync completes', async () => {
    let previousBooked = new Set<string>();
    for (const killAfter of [2, 11, 40]) {
      const run = await runChild(killAfter);
      expect(run.signal).toBe('SIGKILL');
      const state = inspect();
      expect(state.integrity).toBe('ok');
      expect(state.duplicates).toBe(0);
      for (const k of previousBooked) expect(state.booked.has(k)).toBe(true); // nothing booked is lost
      expect(state.booked.size).toBeGreaterThan(previousBooked.size);
      previousBooked = state.booked;
    }

    // The bank changes while MyBucks is down: a pending row books under a new id and amount, a booked row goes.
    const account = (await bankAccounts(handle, 'memorial')).find((a) => a.pending.length > 0)!;
    const pending = account.pending[0];
    await sandbox(handle, 'POST', `/banks/memorial/users/${USER}/accounts/${account.accountId}/transactions/${pending.transactionId}/book`, {
      newTransactionId: 'crash-twin', amount: ((pending.amountMinor - 100) / 100).toFixed(2),
    });
    const killed = await runChild(3);
    expect(killed.signal).toBe('SIGKILL');
    expect(inspect()).toMatchObject({ integrity: 'ok', duplicates: 0 });

    const finished = await runChild(null);
    expect(finished.code).toBe(0);
    expect(finished.output.match(/^done \S+ ok $/gm)).toHaveLength(handle.banks.length);
    const db = openDatabase(dbFile);
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(duplicateCount(db)).toBe(0);
      expect(totalsConsistent(db)).toBe(true);
      await expectAgreesWithBank(db, handle, expect);
      expect(db.prepare('SELECT status, amount_minor AS a FROM transactions WHERE bank_tx_id IN (?, ?)').all(pending.transactionId, 'crash-twin')).toEqual([
        { status: 'booked', a: pending.amountMinor - 100 },
      ]);
      expect(db.prepare('SELECT count(*) AS n FROM accounts WHERE reconcile_from IS NOT NULL').get()).toEqual({ n: 0 });
      const interrupted = db.prepare("SELECT count(*) AS n FROM sync_runs WHERE outcome = 'error' AND error LIKE 'interrupted%'").get() as { n: number };
      expect(interrupted.n).toBeGreaterThanOrEqual(4);
      expect(db.prepare("SELECT count(*) AS n FROM sync_runs WHERE outcome = 'running'").get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });
});
