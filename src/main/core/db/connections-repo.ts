/**
 * Providers (banks MyBucks can link to) and connections (one linked identity at one bank). The one
 * 'manual' provider and connection that hold the user's manual accounts are neither: these lists skip them.
 *
 * Disconnect semantics: `remove(id, { keepData: false })` deletes the connection row and, through
 * ON DELETE CASCADE, its accounts, balance snapshots, transactions and sync runs.
 * `remove(id, { keepData: true })` keeps the row but marks it disconnected (`disconnected_at`): it
 * disappears from `list()`/`get()` (so it is never shown as a connection nor synced) while its accounts
 * and transactions stay in every report. `findByProviderAndSub` still finds a disconnected connection,
 * and any `update()` of it revives it: re-linking the same identity at the same bank reattaches the
 * kept history instead of creating duplicates.
 */
import { parseProfile, type ProviderProfile } from '../banks/profile';
import type { Db } from './database';

export interface ProviderRecord {
  id: string;
  name: string;
  issuer: string;
  clientId: string;
  scopes: string[];
  apiBase: string;
  color: string;
  logoText: string;
  tagline: string | null;
  custom: boolean;
  profile: ProviderProfile;
}

/** Why a connection is in its status, for the action the user is offered. */
export type StatusCode = 'needs_reauth' | 'api_not_found' | 'bank_unavailable' | 'vault_write_failed' | 'sync_failed';

export interface ConnectionRecord {
  id: string;
  providerId: string;
  status: 'ok' | 'needs_reauth' | 'error';
  statusReason: string | null;
  statusCode: StatusCode | null;
  sub: string | null;
  name: string | null;
  scopes: string[];
  consentId: string | null;
  consentExpiresAt: string | null;
  lastSyncAt: string | null;
  createdAt: string;
  updatedAt: string;
}

interface ProviderRow {
  id: string;
  name: string;
  issuer: string;
  client_id: string;
  scopes: string;
  api_base: string;
  color: string;
  logo_text: string;
  tagline: string | null;
  custom: number;
  profile: string;
}

interface ConnectionRow {
  id: string;
  provider_id: string;
  status: ConnectionRecord['status'];
  status_reason: string | null;
  status_code: StatusCode | null;
  sub: string | null;
  name: string | null;
  scopes: string;
  consent_id: string | null;
  consent_expires_at: string | null;
  last_sync_at: string | null;
  created_at: string;
  updated_at: string;
}

const toProvider = (r: ProviderRow): ProviderRecord => ({
  id: r.id,
  name: r.name,
  issuer: r.issuer,
  clientId: r.client_id,
  scopes: JSON.parse(r.scopes) as string[],
  apiBase: r.api_base,
  color: r.color,
  logoText: r.logo_text,
  tagline: r.tagline,
  custom: r.custom === 1,
  profile: parseProfile(r.profile),
});

const toConnection = (r: ConnectionRow): ConnectionRecord => ({
  id: r.id,
  providerId: r.provider_id,
  status: r.status,
  statusReason: r.status_reason,
  statusCode: r.status_code,
  sub: r.sub,
  name: r.name,
  scopes: JSON.parse(r.scopes) as string[],
  consentId: r.consent_id,
  consentExpiresAt: r.consent_expires_at,
  lastSyncAt: r.last_sync_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export class ProvidersRepo {
  constructor(private readonly db: Db) {}

  list(): ProviderRecord[] {
    return (this.db.prepare("SELECT * FROM providers WHERE kind = 'bank' ORDER BY custom, name").all() as ProviderRow[]).map(toProvider);
  }

  get(id: string): ProviderRecord | undefined {
    const row = this.db.prepare("SELECT * FROM providers WHERE id = ? AND kind = 'bank'").get(id) as ProviderRow | undefined;
    return row && toProvider(row);
  }

  upsert(p: ProviderRecord): void {
    this.db
      .prepare(
        `INSERT INTO providers (id, name, issuer, client_id, scopes, api_base, color, logo_text, tagline, custom, profile)
         VALUES (@id, @name, @issuer, @clientId, @scopes, @apiBase, @color, @logoText, @tagline, @custom, @profile)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, issuer = excluded.issuer, client_id = excluded.client_id,
           scopes = excluded.scopes, api_base = excluded.api_base, color = excluded.color,
           logo_text = excluded.logo_text, tagline = excluded.tagline, custom = excluded.custom, profile = excluded.profile`,
      )
      .run({ ...p, scopes: JSON.stringify(p.scopes), custom: p.custom ? 1 : 0, profile: JSON.stringify(p.profile) });
  }

  /** Deletes a bank no connection refers to (not even one disconnected with its data kept). */
  remove(id: string): boolean {
    const used = this.db.prepare('SELECT 1 FROM connections WHERE provider_id = ? LIMIT 1').get(id);
    if (used) return false;
    return this.db.prepare('DELETE FROM providers WHERE id = ?').run(id).changes > 0;
  }
}

const connectionColumns: Record<keyof Omit<ConnectionRecord, 'id' | 'createdAt'>, string> = {
  providerId: 'provider_id',
  status: 'status',
  statusReason: 'status_reason',
  statusCode: 'status_code',
  sub: 'sub',
  name: 'name',
  scopes: 'scopes',
  consentId: 'consent_id',
  consentExpiresAt: 'consent_expires_at',
  lastSyncAt: 'last_sync_at',
  updatedAt: 'updated_at',
};

export class ConnectionsRepo {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  list(): ConnectionRecord[] {
    return (
      this.db
        .prepare(
          `SELECT c.* FROM connections c JOIN providers p ON p.id = c.provider_id
           WHERE c.disconnected_at IS NULL AND p.kind = 'bank' ORDER BY c.created_at, c.id`,
        )
        .all() as ConnectionRow[]
    ).map(toConnection);
  }

  get(id: string): ConnectionRecord | undefined {
    const row = this.db
      .prepare(
        `SELECT c.* FROM connections c JOIN providers p ON p.id = c.provider_id
         WHERE c.id = ? AND c.disconnected_at IS NULL AND p.kind = 'bank'`,
      )
      .get(id) as ConnectionRow | undefined;
    return row && toConnection(row);
  }

  /** Includes a connection disconnected with keepData, so re-linking can revive it (see the file comment). */
  findByProviderAndSub(providerId: string, sub: string): ConnectionRecord | undefined {
    const row = this.db
      .prepare('SELECT * FROM connections WHERE provider_id = ? AND sub = ? ORDER BY disconnected_at IS NOT NULL, created_at LIMIT 1')
      .get(providerId, sub) as ConnectionRow | undefined;
    return row && toConnection(row);
  }

  insert(c: Omit<ConnectionRecord, 'createdAt' | 'updatedAt' | 'lastSyncAt' | 'statusCode'> & { statusCode?: StatusCode | null }): ConnectionRecord {
    const ts = this.now().toISOString();
    this.db
      .prepare(
        `INSERT INTO connections (id, provider_id, status, status_reason, status_code, sub, name, scopes, consent_id,
           consent_expires_at, last_sync_at, created_at, updated_at)
         VALUES (@id, @providerId, @status, @statusReason, @statusCode, @sub, @name, @scopes, @consentId, @consentExpiresAt, NULL, @ts, @ts)`,
      )
      .run({ statusCode: null, ...c, scopes: JSON.stringify(c.scopes), ts });
    return this.mustGet(c.id);
  }

  update(id: string, patch: Partial<Omit<ConnectionRecord, 'id' | 'createdAt'>>): ConnectionRecord {
    const values: Record<string, unknown> = { id, updatedAt: patch.updatedAt ?? this.now().toISOString() };
    const sets = ['updated_at = @updatedAt', 'disconnected_at = NULL'];
    for (const [key, column] of Object.entries(connectionColumns) as [keyof typeof connectionColumns, string][]) {
      if (key === 'updatedAt' || !(key in patch)) continue;
      const value = patch[key];
      values[key] = key === 'scopes' ? JSON.stringify(value) : value;
      sets.push(`${column} = @${key}`);
    }
    const { changes } = this.db.prepare(`UPDATE connections SET ${sets.join(', ')} WHERE id = @id`).run(values);
    if (changes === 0) throw new Error(`Unknown connection ${id}`);
    return this.mustGet(id);
  }

  remove(id: string, opts: { keepData: boolean }): void {
    if (opts.keepData) {
      this.db
        .prepare('UPDATE connections SET disconnected_at = @ts, updated_at = @ts WHERE id = @id')
        .run({ id, ts: this.now().toISOString() });
    } else {
      this.db.prepare('DELETE FROM connections WHERE id = ?').run(id);
    }
  }

  private mustGet(id: string): ConnectionRecord {
    const row = this.db.prepare('SELECT * FROM connections WHERE id = ?').get(id) as ConnectionRow;
    return toConnection(row);
  }
}
