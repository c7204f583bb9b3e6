/** What the benchmark's processes share: the bank handle they exchange and the sync of every connection. */
import type { Db } from '../../src/main/core/db/database';
import { SyncEngine } from '../../src/main/core/sync/engine';

export interface BankInfo {
  origin: string;
  banks: { id: string; name: string; issuer: string; apiBase: string }[];
  tokens: Record<string, string>;
  /** For the sandbox API (faults). */
  sandboxKey?: string;
}

export interface ChildSyncFigures {
  ms: number;
  seen: number;
  added: number;
  rssBeforeMB: number;
  peakRssMB: number;
}

export const connectionIdOf = (bankId: string) => `${bankId}-sarah`;

export const bearer = (info: BankInfo) => (id: string, url: string, init?: { signal?: AbortSignal }) =>
  fetch(url, { headers: { authorization: `Bearer ${info.tokens[id]}` }, signal: init?.signal });

export async function syncAll(db: Db, info: BankInfo) {
  const engine = new SyncEngine({ db, fetchResource: bearer(info) });
  const t0 = performance.now();
  const outs = await Promise.all(info.banks.map((b) => engine.sync(connectionIdOf(b.id))));
  const ms = performance.now() - t0;
  for (const o of outs) if (o.outcome !== 'ok') throw new Error(`sync failed: ${o.error}`);
  return { ms, seen: outs.reduce((s, o) => s + o.counts.seen, 0), added: outs.reduce((s, o) => s + o.counts.added, 0) };
}
