/** Shared set-up for sync tests against the real mock bank over HTTP. */
import { openDatabase, type Db } from '../../../src/main/core/db/database';
import { ConnectionsRepo, ProvidersRepo } from '../../../src/main/core/db/connections-repo';
import type { FetchResource } from '../../../src/main/core/banks/ob-client';
import type { MockBankHandle } from '../../../mock-bank/src/server';
import { mintAccessToken } from '../../support/mint-access-token';
import { defaultProfile } from '../../../src/main/core/banks/profile';

export const USER = 'sarah';
export const connectionIdOf = (bankId: string) => `${bankId}-${USER}`;

/** Providers and one connection per bank for Sarah, in a new database. */
export function linkedDb(handle: MockBankHandle, file: string | ':memory:' = ':memory:'): Db {
  const db = openDatabase(file);
  const providers = new ProvidersRepo(db);
  const connections = new ConnectionsRepo(db);
  for (const bank of handle.banks) {
    providers.upsert({
      id: bank.id, name: bank.name, issuer: bank.issuer, clientId: 'mybucks-desktop', scopes: ['openid', 'accounts', 'balances', 'transactions'],
      apiBase: bank.apiBase, color: '#000000', logoText: 'XX', tagline: null, custom: false, profile: defaultProfile()
    });
    connections.insert({
      id: connectionIdOf(bank.id), providerId: bank.id, status: 'ok', statusReason: null, sub: USER, name: null,
      scopes: ['accounts', 'balances', 'transactions'], consentId: null, consentExpiresAt: null,
    });
  }
  return db;
}

/** Access tokens for Sarah at every bank, keyed by connection id. */
export async function mintTokens(handle: MockBankHandle): Promise<Record<string, string>> {
  const tokens: Record<string, string> = {};
  for (const bank of handle.banks) {
    const { accessToken } = await mintAccessToken(handle, { bankId: bank.id, username: USER, scopes: ['accounts', 'balances', 'transactions'] });
    tokens[connectionIdOf(bank.id)] = accessToken;
  }
  return tokens;
}

/** What the linking code supplies in the app: the access token on every request. */
export function bearerFetch(tokens: Record<string, string>): FetchResource {
  return (connectionId, url, init) => fetch(url, { headers: { authorization: `Bearer ${tokens[connectionId]}` }, signal: init?.signal });
}

export async function sandbox<T = unknown>(handle: MockBankHandle, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${handle.origin}/sandbox${path}`, {
    method,
    headers: { 'x-sandbox-key': handle.sandboxKey, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`sandbox ${method} ${path}: ${res.status} ${await res.text()}`);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

export interface SandboxAccount {
  accountId: string;
  currency: string;
  openingBalanceMinor: number;
  bookedMinor: number;
  availableMinor: number;
  pending: { transactionId: string; amountMinor: number; bookedTwin: { transactionId: string; amountMinor: number } }[];
}

export async function bankAccounts(handle: MockBankHandle, bankId: string): Promise<SandboxAccount[]> {
  return (await sandbox<{ accounts: SandboxAccount[] }>(handle, 'GET', `/banks/${bankId}/users/${USER}/accounts`)).accounts;
}

/** Every synced account agrees with the bank: balances, booked sums and the pending set. */
export async function expectAgreesWithBank(
  db: Db,
  handle: MockBankHandle,
  expectFn: (v: unknown) => { toEqual(x: unknown): void },
  bankIds = handle.banks.map((b) => b.id),
): Promise<void> {
  for (const bankId of bankIds) {
    for (const a of await bankAccounts(handle, bankId)) {
      const row = db
        .prepare(
          `SELECT a.balance_minor AS balance,
             (SELECT coalesce(sum(amount_minor), 0) FROM transactions WHERE account_id = a.id AND status = 'booked') AS bookedSum,
             (SELECT json_group_array(bank_tx_id) FROM (SELECT bank_tx_id FROM transactions WHERE account_id = a.id AND status = 'pending' ORDER BY bank_tx_id)) AS pending
           FROM accounts a WHERE a.connection_id = ? AND a.bank_account_id = ?`,
        )
        .get(connectionIdOf(bankId), a.accountId) as { balance: number; bookedSum: number; pending: string };
      expectFn({ account: a.accountId, balance: row.balance, sum: a.openingBalanceMinor + row.bookedSum, pending: JSON.parse(row.pending) }).toEqual({
        account: a.accountId,
        balance: a.bookedMinor,
        sum: a.bookedMinor,
        pending: a.pending.map((p) => p.transactionId).sort(),
      });
    }
  }
}

export function duplicateCount(db: Db): number {
  return (db.prepare('SELECT count(*) AS n FROM (SELECT 1 FROM transactions GROUP BY account_id, bank_tx_id HAVING count(*) > 1)').get() as { n: number }).n;
}

/** Whether the daily totals the sync maintains equal a fresh aggregate of the transactions. */
export function totalsConsistent(db: Db): boolean {
  const kept = db.prepare('SELECT account_id, day, currency, category_id, income_minor, expense_minor, tx_count FROM daily_category_totals ORDER BY 1, 2, 3, 4').all();
  const fresh = db
    .prepare(
      `SELECT account_id, booking_date AS day, currency, coalesce(category_id, '') AS category_id,
         sum(max(amount_minor, 0)) AS income_minor, -sum(min(amount_minor, 0)) AS expense_minor, count(*) AS tx_count
       FROM transactions WHERE status = 'booked' GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
    )
    .all();
  return JSON.stringify(kept) === JSON.stringify(fresh);
}
