/**
 * Keeps every bank's oidc-provider models (sessions, grants, codes, tokens, registered clients) in memory,
 * optionally mirrored to a JSON file (with the consents) so they survive a restart.
 */
import { readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Consent, ConsentStore } from '../consents';

interface Entry {
  payload: AdapterPayload;
  /** Epoch ms; absent = no expiry. */
  expiresAt?: number;
}

type Models = Map<string, Map<string, Entry>>;

interface PersistedFile {
  version: 1;
  banks: Record<string, Record<string, [string, Entry][]>>;
  consents: Consent[];
}

export type GrantDestroyedListener = (bankId: string, grantId: string) => void;

export class ModelStore {
  private readonly banks = new Map<string, Models>();
  private readonly grantListeners = new Set<GrantDestroyedListener>();

  constructor(
    private readonly consents: ConsentStore,
    private readonly file?: string,
  ) {
    if (file && existsSync(file)) {
      const data = JSON.parse(readFileSync(file, 'utf8')) as PersistedFile;
      for (const [bankId, models] of Object.entries(data.banks)) {
        this.banks.set(bankId, new Map(Object.entries(models).map(([name, entries]) => [name, new Map(entries)])));
      }
      consents.load(data.consents);
    }
    if (file) consents.onStatusChange(() => this.save());
  }

  /** Called whenever a grant is destroyed, whatever the path (revocation, refresh-token reuse, logout...). */
  onGrantDestroyed(listener: GrantDestroyedListener): void {
    this.grantListeners.add(listener);
  }

  /** The adapter factory for one bank's provider. */
  adapterFor(bankId: string): (name: string) => Adapter {
    return (name) => new ModelAdapter(this, bankId, name);
  }

  models(bankId: string, name: string): Map<string, Entry> {
    let bank = this.banks.get(bankId);
    if (!bank) this.banks.set(bankId, (bank = new Map()));
    let models = bank.get(name);
    if (!models) bank.set(name, (models = new Map()));
    return models;
  }

  /** Live (unexpired) payloads of one model, e.g. every Grant of a bank. */
  list(bankId: string, name: string): [string, AdapterPayload][] {
    const now = Date.now();
    return [...this.models(bankId, name)].filter(([, e]) => !e.expiresAt || e.expiresAt > now).map(([id, e]) => [id, e.payload]);
  }

  grantDestroyed(bankId: string, grantId: string): void {
    for (const listener of this.grantListeners) listener(bankId, grantId);
  }

  /** Writes the whole state atomically: a temp file renamed over the old one. */
  save(): void {
    if (!this.file) return;
    const data: PersistedFile = {
      version: 1,
      banks: Object.fromEntries(
        [...this.banks].map(([bankId, models]) => [bankId, Object.fromEntries([...models].map(([name, m]) => [name, [...m]]))]),
      ),
      consents: this.consents.toJSON(),
    };
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(data), { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}

class ModelAdapter implements Adapter {
  constructor(
    private readonly store: ModelStore,
    private readonly bankId: string,
    private readonly name: string,
  ) {}

  private get entries(): Map<string, Entry> {
    return this.store.models(this.bankId, this.name);
  }

  private live(id: string): Entry | undefined {
    const e = this.entries.get(id);
    if (e?.expiresAt && e.expiresAt <= Date.now()) {
      this.entries.delete(id);
      return undefined;
    }
    return e;
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    this.entries.set(id, { payload, expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : undefined });
    this.store.save();
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    return this.live(id)?.payload;
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    for (const [id, e] of this.entries) if (e.payload.uid === uid) return this.live(id)?.payload;
    return undefined;
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    for (const [id, e] of this.entries) if (e.payload.userCode === userCode) return this.live(id)?.payload;
    return undefined;
  }

  async consume(id: string): Promise<void> {
    const e = this.entries.get(id);
    if (e) e.payload.consumed = Math.floor(Date.now() / 1000);
    this.store.save();
  }

  async destroy(id: string): Promise<void> {
    const existed = this.entries.delete(id);
    this.store.save();
    if (existed && this.name === 'Grant') this.store.grantDestroyed(this.bankId, id);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    for (const [id, e] of this.entries) if (e.payload.grantId === grantId) this.entries.delete(id);
    this.store.save();
  }
}
