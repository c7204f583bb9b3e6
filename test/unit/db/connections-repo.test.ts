import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src/main/core/db/database';
import { ConnectionsRepo, ProvidersRepo, type ProviderRecord } from '../../../src/main/core/db/connections-repo';
import { defaultProfile } from '../../../src/main/core/banks/profile';

const provider: ProviderRecord = {
  id: 'memorial',
  name: 'Memorial Bank',
  issuer: 'http://127.0.0.1:1/memorial',
  clientId: 'mybucks-desktop',
  scopes: ['openid', 'accounts'],
  apiBase: 'http://127.0.0.1:1/memorial/open-banking/v4.0/aisp',
  color: '#1f4e8c',
  logoText: 'MB',
  tagline: null,
  custom: false,
  profile: defaultProfile(),
};

let db: Db;
let clock: number;
let connections: ConnectionsRepo;
beforeEach(() => {
  db = openDatabase(':memory:');
  clock = Date.parse('2026-01-01T00:00:00Z');
  connections = new ConnectionsRepo(db, () => new Date((clock += 1000)));
  new ProvidersRepo(db).upsert(provider);
});

const newConnection = (id = 'c1') => ({
  id,
  providerId: 'memorial',
  status: 'ok' as const,
  statusReason: null,
  sub: 'sarah',
  name: 'Sarah Thompson',
  scopes: ['openid', 'accounts', 'transactions'],
  consentId: 'consent-1',
  consentExpiresAt: '2026-06-01T00:00:00.000Z',
});

describe('ProvidersRepo', () => {
  it('upserts and reads back providers', () => {
    const repo = new ProvidersRepo(db);
    expect(repo.get('memorial')).toEqual(provider);
    repo.upsert({ ...provider, name: 'Memorial Bank plc', custom: true, tagline: 'hi' });
    expect(repo.list()).toEqual([{ ...provider, name: 'Memorial Bank plc', custom: true, tagline: 'hi' }]);
    expect(repo.get('nope')).toBeUndefined();
  });
});

describe('ConnectionsRepo', () => {
  it('inserts, finds and updates connections', () => {
    const created = connections.insert(newConnection());
    expect(created).toMatchObject({ ...newConnection(), lastSyncAt: null });
    expect(created.createdAt).toBe(created.updatedAt);
    expect(connections.findByProviderAndSub('memorial', 'sarah')?.id).toBe('c1');
    expect(connections.findByProviderAndSub('memorial', 'tom')).toBeUndefined();
    const updated = connections.update('c1', { status: 'needs_reauth', statusReason: 'invalid_grant', scopes: ['openid'] });
    expect(updated).toMatchObject({ status: 'needs_reauth', statusReason: 'invalid_grant', scopes: ['openid'], name: 'Sarah Thompson' });
    expect(updated.updatedAt > created.updatedAt).toBe(true);
    expect(connections.list().map((c) => c.id)).toEqual(['c1']);
    expect(() => connections.update('missing', { status: 'ok' })).toThrow(/Unknown connection/);
  });

  function seedData(connectionId: string) {
    db.prepare(
      `INSERT INTO accounts (id, connection_id, bank_account_id, name, type, currency, created_at, updated_at)
       VALUES ('a-' || ?, ?, 'acc1', 'Current', 'checking', 'GBP', 'x', 'x')`,
    ).run(connectionId, connectionId);
    db.prepare(
      `INSERT INTO transactions (account_id, bank_tx_id, booking_date, booking_at, amount_minor, currency, description, status,
         search_text_id, first_seen_run, last_seen_run, changed_run)
       VALUES ('a-' || ?, 't1', '2026-01-01', '2026-01-01T00:00:00Z', -100, 'GBP', 'Coffee', 'booked', 0, 1, 1, 1)`,
    ).run(connectionId);
  }
  const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

  it('remove without keeping data deletes accounts and transactions', () => {
    connections.insert(newConnection());
    seedData('c1');
    connections.remove('c1', { keepData: false });
    expect(connections.get('c1')).toBeUndefined();
    expect(count('accounts')).toBe(0);
    expect(count('transactions')).toBe(0);
  });

  it('remove keeping data hides the connection, keeps its data, and a re-link revives it', () => {
    connections.insert(newConnection());
    seedData('c1');
    connections.remove('c1', { keepData: true });
    expect(connections.get('c1')).toBeUndefined();
    expect(connections.list()).toEqual([]);
    expect(count('accounts')).toBe(1);
    expect(count('transactions')).toBe(1);
    const found = connections.findByProviderAndSub('memorial', 'sarah');
    expect(found?.id).toBe('c1');
    connections.update('c1', { status: 'ok', statusReason: null });
    expect(connections.get('c1')?.status).toBe('ok');
  });
});
