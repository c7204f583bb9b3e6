import { openDatabase, type Db } from '../../../src/main/core/db/database';
import { ConnectionsRepo, ProvidersRepo } from '../../../src/main/core/db/connections-repo';
import { defaultProfile } from '../../../src/main/core/banks/profile';

/** A fresh in-memory database with one provider and one connection ('c1'). */
export function dbWithConnection(apiBase: string, connectionId = 'c1'): Db {
  const db = openDatabase(':memory:');
  new ProvidersRepo(db).upsert({
    id: 'fake',
    name: 'Fake Bank',
    issuer: 'https://bank.test',
    clientId: 'mybucks-desktop',
    scopes: ['openid', 'accounts', 'balances', 'transactions'],
    apiBase,
    color: '#123456',
    logoText: 'FB',
    tagline: null,
    custom: false,
    profile: defaultProfile(),
  });
  new ConnectionsRepo(db).insert({
    id: connectionId,
    providerId: 'fake',
    status: 'ok',
    statusReason: null,
    sub: 'sarah',
    name: 'Sarah',
    scopes: ['accounts', 'balances', 'transactions'],
    consentId: null,
    consentExpiresAt: null,
  });
  return db;
}
